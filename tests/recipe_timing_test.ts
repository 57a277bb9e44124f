/**
 * The timing invariants of played events: no two reports closer than the report interval,
 * every key held at least its hold, and a late report shifts the ones after it instead of
 * letting them burst. Played on virtual clocks, so nothing here depends on the machine's speed.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { type Clock, VirtualClock } from "../lib/device/clock.ts";
import { SimDevice } from "../lib/device/sim_device.ts";
import { recipe } from "../lib/recipe/recipe.ts";
import { ReportScheduler, TimeLimitReached } from "../lib/recipe/scheduler.ts";
import { reportTiming, type TimelineEvent } from "../lib/recipe/timeline.ts";

/** The smallest gap between consecutive reports. */
function minGap(events: readonly TimelineEvent[]): number {
  return reportTiming(events).minGap;
}

const typeable = fc.string({
  unit: fc.constantFrom(..."abcXYZ019 ,.!?@\n\tÄé"),
  minLength: 1,
  maxLength: 40,
});

Deno.test("typed text: reports at least the interval apart, keys held at least the hold", async () => {
  await fc.assert(
    fc.asyncProperty(
      typeable,
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 0, max: 30 }),
      fc.integer({ min: 0, max: 30 }),
      fc.integer({ min: 0, max: 5 }),
      async (text, reportInterval, hold, typingDelay, jitter) => {
        const result = await recipe(
          { dryRun: true, reportInterval, hold, typingDelay, jitter, seed: 7, layout: "de" },
          ({ keyboard }) => keyboard.type(text),
        );
        const timing = reportTiming(result.timeline.events);
        assert.equal(result.text, text.replaceAll("\r\n", "\n"));
        assert.ok(timing.minGap >= reportInterval, `gap ${timing.minGap} < ${reportInterval}`);
        assert.ok(timing.minHold >= Math.max(hold, reportInterval), `hold ${timing.minHold}`);
      },
    ),
    { numRuns: 60 },
  );
});

Deno.test("combos, clicks and downs keep the interval too, also the final release", async () => {
  const result = await recipe({ dryRun: true, delay: 0, hold: 0 }, async ({ keyboard, mouse }) => {
    await keyboard.press("Meta+Shift+Alt+KeyK");
    await mouse.click("left", { clickCount: 3, delay: 0 });
    await keyboard.down("Control");
    await keyboard.down("KeyQ");
  });
  const events = result.timeline.events;
  assert.equal(minGap(events), 1);
  assert.equal(reportTiming(events).minHold, 1);
  // Meta, Shift, Alt, K down one millisecond apart; K up one interval later.
  assert.deepEqual(events.slice(0, 5).map((event) => event.time), [0, 1, 2, 3, 4]);
});

/** A virtual clock whose sleeps overshoot once, like a timer that fires late on a busy machine. */
class LateClock implements Clock {
  readonly #clock = new VirtualClock();
  #sleeps = 0;
  constructor(readonly lateAt: number, readonly lateness: number) {}
  now(): number {
    return this.#clock.now();
  }
  sleep(ms: number): Promise<void> {
    this.#sleeps++;
    return this.#clock.sleep(ms + (this.#sleeps === this.lateAt ? this.lateness : 0));
  }
}

Deno.test("a late report shifts every later report instead of bursting them", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: 5, max: 500 }),
      async (lateAt, lateness) => {
        const punctual = await recipe(
          { dryRun: false, device: new SimDevice(), clock: new VirtualClock(), seed: 1 },
          ({ keyboard }) => keyboard.type("late reports shift"),
        );
        const clock = new LateClock(lateAt, lateness);
        const late = await recipe(
          { device: new SimDevice({ clock }), clock, seed: 1 },
          ({ keyboard }) => keyboard.type("late reports shift"),
        );
        const on = punctual.timeline.events.map((event) => event.time);
        const shifted = late.timeline.events.map((event) => event.time);
        // Same gaps everywhere but one, which is longer by the lateness: nothing bursts.
        const gaps = (times: number[]) => times.slice(1).map((time, index) => time - times[index]!);
        const difference = gaps(shifted).map((gap, index) => gap - gaps(on)[index]!);
        assert.deepEqual(difference.filter((value) => value !== 0), [lateness]);
        assert.equal(late.text, "late reports shift");
      },
    ),
    { numRuns: 30 },
  );
});

Deno.test("the scheduler: interval after the previous report, waits, and the time limit", async () => {
  const clock = new VirtualClock(100);
  const scheduler = new ReportScheduler({ clock, reportInterval: 2, limitMs: 50 });
  assert.equal(await scheduler.report(0, () => {}), 0);
  assert.equal(await scheduler.report(0, () => {}), 2);
  assert.equal(await scheduler.report(5, () => {}), 7);
  await scheduler.wait(10);
  assert.equal(await scheduler.report(0, () => {}), 17);
  let posted = false;
  await assert.rejects(scheduler.report(40, () => posted = true), TimeLimitReached);
  assert.equal(posted, false);
  assert.equal(scheduler.elapsed(), 50);
});
