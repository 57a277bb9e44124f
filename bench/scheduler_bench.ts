/**
 * Scheduler and keyboard-timing benchmarks.
 *
 * Timing invariants (printed before the bench table): 10,000 characters typed on the simulated
 * Mac with the system clock and the default timing; the smallest gap between two reports, the
 * shortest key hold, and the typing rate in characters per second. The gap must be at least the
 * report interval (1 ms) and the hold at least the default hold (10 ms), however loaded the
 * machine is: lateness moves later reports back, it never squeezes them. Also the CPU the
 * process used meanwhile, and how late reports were against the keyboard-like schedule.
 *
 * Throughput (`Deno.bench`): typing 1,000 characters on a virtual clock (the runtime's own cost
 * per report).
 *
 * @module
 */
// deno-lint-ignore-file no-console -- a benchmark prints its figures
import process from "node:process";
import { VirtualClock } from "../lib/device/clock.ts";
import { SimDevice } from "../lib/device/sim_device.ts";
import { recipe } from "../lib/recipe/recipe.ts";
import { reportTiming } from "../lib/recipe/timeline.ts";

const CHARACTERS = 10_000;
const words = ["keyboard", "timing", "like", "a", "real", "USB", "device", "types", "Text"];
const text = Array.from({ length: CHARACTERS }, (_, index) => {
  const word = words[index % words.length]!;
  return word + " ";
}).join("").slice(0, CHARACTERS);

async function measureTyping(): Promise<void> {
  const device = new SimDevice();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = await recipe({ device, seed: 1 }, ({ keyboard }) => keyboard.type(text));
  const wall = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  const timing = reportTiming(result.timeline.events);
  const planned = await recipe(
    { device: new SimDevice(), clock: new VirtualClock(), seed: 1 },
    ({ keyboard }) => keyboard.type(text),
  );
  const lateBy = result.timeline.duration - planned.timeline.duration;
  console.log(
    `typing ${CHARACTERS} characters (system clock, defaults): min report gap ${
      timing.minGap.toFixed(3)
    } ms (≥ 1), min hold ${timing.minHold.toFixed(3)} ms (≥ 10), ${
      (CHARACTERS / (result.timeline.duration / 1000)).toFixed(1)
    } characters/s (${(planned.timeline.duration / 1000).toFixed(2)} s planned, ${
      (lateBy / 1000).toFixed(2)
    } s of lateness shifted later reports over ${result.timeline.events.length} reports); CPU ${
      ((cpu.user + cpu.system) / 1000 / wall * 100).toFixed(1)
    }% of one core; text ${result.text === text ? "exact" : "DIFFERS"}`,
  );
}

await measureTyping();

const thousand = text.slice(0, 1000);

Deno.bench("type 1,000 characters on a virtual clock (runtime cost per report)", async () => {
  const clock = new VirtualClock();
  await recipe(
    { device: new SimDevice({ clock }), clock, seed: 1 },
    ({ keyboard }) => keyboard.type(thousand),
  );
});
