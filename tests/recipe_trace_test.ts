import assert from "node:assert/strict";
import type { Action } from "../lib/recipe/action.ts";
import { traceDocument, type TraceEvent } from "../lib/recipe/trace_export.ts";
import { played } from "./recipe_helpers.ts";

const plan = async (actions: Action[]) =>
  (await played(actions, { delay: 25, hold: 25, typingDelay: 0 })).timeline;

const actions: Action[] = [
  { type: "press", keys: ["ShiftLeft", "KeyA"], source: { file: "t.ts", line: 2, column: 3 } },
  { type: "mouseMove", dx: 4, dy: -1 },
  { type: "click", button: 1, count: 1 },
  { type: "wait", ms: 10 },
  { type: "scroll", vertical: 2, horizontal: 0 },
];

/** Checks the shape the trace-event format requires of every event. */
function assertValidTraceEvent(event: TraceEvent): void {
  assert.ok(["X", "i", "M"].includes(event.ph), JSON.stringify(event));
  assert.equal(typeof event.name, "string");
  assert.equal(event.pid, 1);
  assert.ok(Number.isInteger(event.tid) && event.tid >= 0);
  assert.ok(Number.isFinite(event.ts) && event.ts >= 0);
  if (event.ph === "X") assert.ok(Number.isFinite(event.dur) && (event.dur ?? -1) >= 0);
  if (event.ph === "i") assert.equal(event.s, "t");
  if (event.ph === "M") assert.equal(typeof event.args?.name, "string");
}

function threadNames(events: readonly TraceEvent[]): Map<number, string> {
  return new Map(
    events.filter((event) => event.ph === "M" && event.name === "thread_name").map((event) => [
      event.tid,
      String(event.args?.name),
    ]),
  );
}

Deno.test("a trace is valid trace-event JSON with times in microseconds", async () => {
  const document = traceDocument([{ name: "t.ts", timeline: await plan(actions) }]);
  const parsed = JSON.parse(JSON.stringify(document)) as typeof document;
  assert.equal(parsed.displayTimeUnit, "ms");
  assert.ok(Array.isArray(parsed.traceEvents));
  for (const event of parsed.traceEvents) assertValidTraceEvent(event);

  const names = threadNames(parsed.traceEvents);
  const on = (thread: string) => {
    const tid = [...names].find(([, name]) => name === thread)?.[0];
    assert.ok(tid !== undefined, `a track named ${thread}`);
    return parsed.traceEvents.filter((event) => event.tid === tid && event.ph !== "M");
  };
  // Shift down at 0, A at 1 (one report interval later), A up after its 25 ms hold at 26,
  // Shift up at 27; move 25 ms later at 52; click 77–102; wait to 112; scroll at 112.
  assert.deepEqual(on("key ShiftLeft").map((e) => [e.ph, e.ts, e.dur]), [["X", 0, 27_000]]);
  assert.deepEqual(on("key KeyA").map((e) => [e.ph, e.ts, e.dur, e.args?.usage]), [
    ["X", 1000, 25_000, "0x04"],
  ]);
  assert.deepEqual(on("button 1").map((e) => [e.ph, e.ts, e.dur]), [["X", 77_000, 25_000]]);
  assert.deepEqual(on("pointer").map((e) => [e.ph, e.name, e.ts]), [
    ["i", "move 4,-1", 52_000],
    ["i", "scroll 2,0", 112_000],
  ]);
  assert.deepEqual(on("actions").map((e) => [e.ph, e.name, e.ts, e.dur]), [
    ["X", "press ShiftLeft+KeyA", 0, 27_000],
    ["i", "move by 4,-1", 52_000, undefined],
    ["X", "click button 1", 77_000, 25_000],
    ["X", "wait 10 ms", 102_000, 10_000],
    ["i", "scroll 2,0", 112_000, undefined],
  ]);
  assert.equal(on("actions")[0]?.args?.source, "t.ts:2:3");
});

Deno.test("spans on one track never overlap, so Perfetto nests them", async () => {
  const timeline = await plan([
    { type: "keyDown", key: "ShiftLeft" },
    { type: "press", keys: ["KeyA"] },
    { type: "press", keys: ["KeyA"] },
    { type: "keyUp", key: "ShiftLeft" },
    { type: "press", keys: ["MetaLeft", "KeyA"] },
  ]);
  const { traceEvents } = traceDocument([{ name: "n", timeline }]);
  const byTrack = Map.groupBy(traceEvents.filter((event) => event.ph === "X"), (e) => e.tid);
  for (const spans of byTrack.values()) {
    const sorted = spans.toSorted((a, b) => a.ts - b.ts);
    for (let index = 1; index < sorted.length; index++) {
      const before = sorted[index - 1] as TraceEvent;
      assert.ok((sorted[index] as TraceEvent).ts >= before.ts + (before.dur ?? 0));
    }
  }
  const keyA = [...threadNames(traceEvents)].find(([, name]) => name === "key KeyA")?.[0];
  assert.equal(traceEvents.filter((event) => event.tid === keyA && event.ph === "X").length, 3);
});

Deno.test("runs follow each other in one trace", async () => {
  const timeline = await plan([{ type: "press", keys: ["KeyB"] }]);
  const { traceEvents } = traceDocument([
    { name: "first", timeline },
    { name: "second", timeline },
  ]);
  const keyB = traceEvents.filter((event) => event.name === "KeyB");
  // The second run starts where the first ended (25 ms).
  assert.deepEqual(keyB.map((event) => [event.ts, event.dur]), [[0, 25_000], [25_000, 25_000]]);
  const runs = traceEvents.filter((event) => event.cat === "action").map((e) => e.args?.recipe);
  assert.deepEqual(runs, ["first", "second"]);
});
