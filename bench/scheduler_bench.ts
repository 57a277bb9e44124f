/**
 * Scheduler benchmarks.
 *
 * Accuracy (real clock, printed before the bench table): 1,000 key events 5 ms apart played on
 * the simulated device; the deviation of each posting time from its planned time (targets: p50
 * ≤ 0.2 ms, p99 ≤ 1 ms) and the CPU the process used meanwhile (process CPU time / wall time).
 * Two strategies: the default (timer sleep, then a blocking wait, then a 0.2 ms spin) and the
 * plain "sleep until 2 ms before, then spin" for comparison.
 *
 * Throughput (`Deno.bench`): planning a 1,000-character text, and playing 1,000 events on a
 * virtual clock (the scheduler's own cost per event).
 *
 * @module
 */
// deno-lint-ignore-file no-console -- a benchmark prints its figures
import process from "node:process";
import { VirtualClock } from "../lib/device/clock.ts";
import { openSession } from "../lib/device/session.ts";
import { SimDevice } from "../lib/device/sim_device.ts";
import type { Action } from "../lib/recipe/action.ts";
import { resolveRecipeOptions, timelineOptionsFor } from "../lib/recipe/recipe_options.ts";
import { deviationStats, playTimeline, type PlayTimelineOptions } from "../lib/recipe/scheduler.ts";
import { buildTimeline } from "../lib/recipe/timeline.ts";

const EVENTS = 1000;
const SPACING_MS = 5;

/** 500 taps of `a`: 1,000 events, one every 5 ms (each action is one event, `delay` apart). */
function spacedTaps(): Action[] {
  const actions: Action[] = [];
  for (let tap = 0; tap < EVENTS / 2; tap++) {
    actions.push({ type: "keyDown", key: "KeyA" }, { type: "keyUp", key: "KeyA" });
  }
  return actions;
}

const noText = () => [];
const tapTimeline = buildTimeline(spacedTaps(), {
  planText: noText,
  delay: SPACING_MS,
  typingDelay: 0,
  jitter: 0,
  seed: 0,
});

async function measureAccuracy(label: string, options: PlayTimelineOptions): Promise<void> {
  using session = await openSession({ device: new SimDevice() });
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const played = await playTimeline(tapTimeline, session, options);
  const wall = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  const stats = deviationStats(tapTimeline, played);
  const cpuShare = (cpu.user + cpu.system) / 1000 / wall;
  console.log(
    `scheduler accuracy, ${label}: ${EVENTS} events at ${SPACING_MS} ms: deviation p50 ${
      stats.p50.toFixed(3)
    } ms, p99 ${stats.p99.toFixed(3)} ms, max ${stats.max.toFixed(3)} ms; CPU ${
      (cpuShare * 100).toFixed(1)
    }% of one core over ${(wall / 1000).toFixed(2)} s`,
  );
}

await measureAccuracy("default (sleep, block, 0.2 ms spin)", {});
await measureAccuracy("sleep then spin from 2 ms before", { leadMs: 2, spinMs: 2 });

const text = "The quick brown fox jumps over the lazy dog. ".repeat(23).slice(0, 1000);
const germanOptions = timelineOptionsFor(resolveRecipeOptions({ layout: "de", seed: 1 }), false);

Deno.bench({
  name: "plan a 1,000-character text (German layout)",
  group: "timeline",
  fn() {
    buildTimeline([{ type: "text", text }], germanOptions);
  },
});

Deno.bench({
  name: "plan 1,000 key events",
  group: "timeline",
  fn() {
    buildTimeline(spacedTaps(), { planText: noText, delay: 5, typingDelay: 0, jitter: 3, seed: 1 });
  },
});

const virtualSession = await openSession({ device: new SimDevice() });

Deno.bench({
  name: "play 1,000 events on a virtual clock (scheduler + sim device)",
  async fn() {
    await playTimeline(tapTimeline, virtualSession, { clock: new VirtualClock() });
  },
});
