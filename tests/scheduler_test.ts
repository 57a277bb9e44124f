import assert from "node:assert/strict";
import { VirtualClock } from "../lib/device/clock.ts";
import { openSession } from "../lib/device/session.ts";
import { SimDevice } from "../lib/device/sim_device.ts";
import type { Action } from "../lib/recipe/action.ts";
import { RecipeError } from "../lib/recipe/recipe_errors.ts";
import { resolveRecipeOptions, timelineOptionsFor } from "../lib/recipe/recipe_options.ts";
import { deviationStats, playTimeline, type TimelineTarget } from "../lib/recipe/scheduler.ts";
import { createSeededRandom } from "../lib/recipe/seeded_random.ts";
import { buildTimeline, type TimelineEvent } from "../lib/recipe/timeline.ts";

/** U.S. text planning with the given delays and jitter. */
function options(delay: number, typingDelay: number, jitter = 0, seed = 1) {
  return timelineOptionsFor(resolveRecipeOptions({ delay, typingDelay, jitter, seed }), false);
}

function describe(event: TimelineEvent): string {
  switch (event.kind) {
    case "keyDown":
      return `${event.time} ↓${event.key.code}`;
    case "keyUp":
      return `${event.time} ↑${event.key.code}`;
    case "buttonDown":
      return `${event.time} ↓button${event.button}`;
    case "buttonUp":
      return `${event.time} ↑button${event.button}`;
    case "move":
      return `${event.time} move ${event.dx},${event.dy}`;
    case "scroll":
      return `${event.time} scroll ${event.vertical},${event.horizontal}`;
    case "waitForButton":
      return `${event.time} wait for button`;
  }
}

Deno.test("timeline times follow the delay rules", () => {
  const actions: Action[] = [
    { type: "press", keys: ["MetaLeft", "Space"] },
    { type: "wait", ms: 300 },
    { type: "text", text: "Ab" },
    { type: "press", keys: ["Enter"], delay: 5 },
    { type: "click", button: 1, count: 2, delay: 4 },
    { type: "mouseMove", dx: 3, dy: -4 },
    { type: "scroll", vertical: -2, horizontal: 0 },
    { type: "keyDown", key: "ShiftLeft" },
    { type: "keyUp", key: "ShiftLeft" },
    { type: "text", text: "x", delay: 50 },
  ];
  const timeline = buildTimeline(actions, options(20, 10));
  // delay 20 between actions and as the hold of a press; the wait replaces the gap; typed
  // strokes 10 apart; the Enter press holds 5 and the clicks use their own 4.
  assert.deepEqual(timeline.events.map(describe), [
    "0 ↓MetaLeft",
    "0 ↓Space",
    "20 ↑Space",
    "20 ↑MetaLeft",
    "320 ↓ShiftLeft",
    "320 ↓KeyA",
    "320 ↑KeyA",
    "320 ↑ShiftLeft",
    "330 ↓KeyB",
    "330 ↑KeyB",
    "350 ↓Enter",
    "355 ↑Enter",
    "375 ↓button1",
    "379 ↑button1",
    "383 ↓button1",
    "387 ↑button1",
    "407 move 3,-4",
    "427 scroll -2,0",
    "447 ↓ShiftLeft",
    "467 ↑ShiftLeft",
    "487 ↓KeyX",
    "487 ↑KeyX",
  ]);
  assert.deepEqual(timeline.spans.map((span) => `${span.start}-${span.end}`), [
    "0-20",
    "20-320",
    "320-330",
    "350-355",
    "375-387",
    "407-407",
    "427-427",
    "447-447",
    "467-467",
    "487-487",
  ]);
  assert.equal(timeline.duration, 487);
  assert.equal(timeline.warnings.length, 0);
  assert.equal(timeline.actions.length, actions.length);
});

Deno.test("a leading wait delays the first action and waits never get the delay added", () => {
  const timeline = buildTimeline([
    { type: "wait", ms: 100 },
    { type: "wait", ms: 50 },
    { type: "press", keys: ["KeyA"] },
    { type: "wait", ms: 0 },
    { type: "press", keys: ["KeyB"] },
  ], options(30, 0));
  assert.deepEqual(timeline.events.map(describe), [
    "150 ↓KeyA",
    "180 ↑KeyA",
    "180 ↓KeyB",
    "210 ↑KeyB",
  ]);
});

Deno.test("jitter lengthens each inserted gap by a seeded draw in [0, jitter)", () => {
  const actions: Action[] = [
    { type: "press", keys: ["KeyA"] },
    { type: "wait", ms: 100 },
    { type: "text", text: "bc" },
    { type: "press", keys: ["KeyD"] },
  ];
  const jittered = buildTimeline(actions, options(10, 4, 6, 42));
  // Draws in timeline order: the hold of a, the gap b→c, the gap before d, the hold of d.
  const random = createSeededRandom(42);
  const holdA = 0 + (10 + random() * 6);
  const b = holdA + 100;
  const c = b + (4 + random() * 6);
  const d = c + (10 + random() * 6);
  const upD = d + (10 + random() * 6);
  assert.deepEqual(jittered.events.map((event) => event.time), [0, holdA, b, b, c, c, d, upD]);
  const extras = [holdA - 10, c - b - 4, d - c - 10, upD - d - 10];
  for (const extra of extras) assert.ok(extra >= -1e-9 && extra < 6, String(extra));

  const again = buildTimeline(actions, options(10, 4, 6, 42));
  assert.deepEqual(again.events.map((event) => event.time), jittered.events.map((e) => e.time));
  const otherSeed = buildTimeline(actions, options(10, 4, 6, 43));
  assert.notDeepEqual(
    otherSeed.events.map((event) => event.time),
    jittered.events.map((event) => event.time),
  );
  const noJitter = buildTimeline(actions, options(10, 4, 0, 42));
  assert.deepEqual(noJitter.events.map((event) => event.time), [
    0,
    10,
    110,
    110,
    114,
    114,
    124,
    134,
  ]);
});

Deno.test("keys and buttons left down are released at the end with a located warning", () => {
  const source = { file: "left.ts", line: 3, column: 5 };
  const timeline = buildTimeline([
    { type: "keyDown", key: "ShiftLeft", source },
    { type: "keyDown", key: "MetaLeft" },
    { type: "mouseDown", button: 1 },
  ], options(10, 10));
  assert.deepEqual(timeline.events.map(describe), [
    "0 ↓ShiftLeft",
    "10 ↓MetaLeft",
    "20 ↓button1",
    "30 ↑MetaLeft",
    "30 ↑ShiftLeft",
    "30 ↑button1",
  ]);
  assert.deepEqual(timeline.actions.at(-1), { type: "releaseAll" });
  assert.equal(timeline.actions.length, 4);
  assert.deepEqual(timeline.warnings, [{
    message:
      "the recipe ends with ShiftLeft (from left.ts:3:5), MetaLeft, button 1 still down; released them at the end",
    source,
  }]);
});

Deno.test("keys already down are not pressed again, and keys not down are not released", () => {
  const timeline = buildTimeline([
    { type: "keyDown", key: "ShiftLeft" },
    { type: "keyDown", key: "ShiftLeft" },
    { type: "press", keys: ["ShiftLeft", "KeyA"] },
    { type: "keyUp", key: "KeyZ" },
    { type: "text", text: "A" },
    { type: "releaseAll" },
  ], options(1, 1));
  assert.deepEqual(timeline.events.map(describe), [
    "0 ↓ShiftLeft",
    "2 ↓KeyA",
    "3 ↑KeyA",
    "5 ↓KeyA",
    "5 ↑KeyA",
    "6 ↑ShiftLeft",
  ]);
  assert.equal(timeline.warnings.length, 0);
});

Deno.test("a character the layout cannot type fails the plan, located at its action", () => {
  assert.throws(
    () =>
      buildTimeline([
        { type: "press", keys: ["Enter"] },
        { type: "text", text: "ok 漢", source: { file: "r.ts", line: 2, column: 3 } },
      ], options(1, 1)),
    (error: unknown) =>
      error instanceof RecipeError &&
      /^r\.ts:2:3: the "U\.S\." layout cannot type "漢" \(U\+6F22\) at character 4/.test(
        error.message,
      ),
  );
});

async function simSession(clock: VirtualClock) {
  const device = new SimDevice({ clock });
  const session = await openSession({ device, clock });
  return { device, session };
}

Deno.test("played on a virtual clock, every event is posted exactly at its planned time", async () => {
  const clock = new VirtualClock(1000);
  const { device, session } = await simSession(clock);
  using _session = session;
  const timeline = buildTimeline([
    { type: "press", keys: ["MetaLeft", "KeyC"] },
    { type: "wait", ms: 250 },
    { type: "text", text: "Hi!" },
    { type: "mouseMove", dx: 10, dy: 0 },
    { type: "click", button: 1, count: 1 },
  ], options(20, 7));
  const played = await playTimeline(timeline, session, { clock });
  assert.deepEqual([...played.times], timeline.events.map((event) => event.time));
  assert.equal(played.buttonWaitMs, 0);
  assert.equal(clock.now(), 1000 + timeline.duration);
  assert.equal(device.host.text, "Hi!");
  assert.deepEqual(device.host.shortcuts, ["Meta+KeyC"]);
  const hostTimes = device.host.events.map((event) => event.time - 1000);
  assert.deepEqual(hostTimes, [
    0,
    0,
    20,
    20,
    270,
    270,
    270,
    270,
    277,
    277,
    284,
    284,
    284,
    284,
    304,
    324,
    344,
  ]);
});

Deno.test("a button wait moves every later event back by the time it took", async () => {
  const clock = new VirtualClock();
  const { device, session } = await simSession(clock);
  using _session = session;
  const timeline = buildTimeline([
    { type: "press", keys: ["KeyA"] },
    { type: "waitForButton" },
    { type: "press", keys: ["KeyB"] },
  ], options(10, 10));
  assert.deepEqual(timeline.events.map(describe), [
    "0 ↓KeyA",
    "10 ↑KeyA",
    "20 wait for button",
    "30 ↓KeyB",
    "40 ↑KeyB",
  ]);
  let waits = 0;
  const played = await playTimeline(timeline, session, {
    clock,
    waitForButton: (event) => {
      waits++;
      assert.equal(event.action, 1);
      return clock.sleep(5000);
    },
  });
  assert.equal(waits, 1);
  assert.equal(played.buttonWaitMs, 5000);
  assert.deepEqual([...played.times], [0, 10, 20, 30, 40]);
  assert.deepEqual(device.host.events.map((event) => event.time), [0, 10, 5030, 5040]);
});

Deno.test("an error from the target stops playing and propagates", async () => {
  const posted: string[] = [];
  const target: TimelineTarget = {
    keyboard: {
      down: (name) => {
        if (name === "KeyB") throw new Error("device gone");
        posted.push(`↓${name}`);
      },
      up: (name) => posted.push(`↑${name}`),
    },
    mouse: { down() {}, up() {}, move() {}, scroll() {} },
  };
  const timeline = buildTimeline([
    { type: "press", keys: ["KeyA"] },
    { type: "press", keys: ["KeyB"] },
    { type: "press", keys: ["KeyC"] },
  ], options(1, 1));
  await assert.rejects(
    playTimeline(timeline, target, { clock: new VirtualClock() }),
    /device gone/,
  );
  assert.deepEqual(posted, ["↓KeyA", "↑KeyA"]);
});

Deno.test("deviation statistics are the median, the 99th percentile and the maximum", () => {
  const timeline = buildTimeline(
    [0, 1, 2, 3].map((): Action => ({ type: "mouseMove", dx: 1, dy: 0 })),
    options(10, 0),
  );
  const stats = deviationStats(timeline, {
    times: new Float64Array([0.5, 10, 21, 30]),
    buttonWaitMs: 0,
  });
  // Deviations sorted: 0, 0, 0.5, 1.
  assert.deepEqual(stats, { p50: 0.5, p99: 1, max: 1 });
});
