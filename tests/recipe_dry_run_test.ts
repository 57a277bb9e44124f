import assert from "node:assert/strict";
import type { Action } from "../lib/recipe/action.ts";
import { describeAction, dryRunRecords, formatDryRun } from "../lib/recipe/dry_run.ts";
import { resolveRecipeOptions } from "../lib/recipe/recipe_options.ts";
import { played } from "./recipe_helpers.ts";

const options = { delay: 20, typingDelay: 10, hold: 10, reportInterval: 1, seed: 4 };
const settings = resolveRecipeOptions(options);
const plan = async (actions: Action[]) => (await played(actions, options)).timeline;

// Times by the live runtime's rules: reports ≥ 1 ms apart, keys held 10 ms, 20 ms between
// actions, 10 ms between typed strokes.
Deno.test("a dry-run record gives every key stroke with its code, usage and modifiers", async () => {
  const source = { file: "r.ts", line: 3, column: 7 };
  const records = dryRunRecords(
    await plan([
      { type: "press", keys: ["MetaLeft", "ShiftLeft", "Digit4"], source },
      { type: "text", text: "Hé" },
      { type: "keyDown", key: "ShiftLeft" },
      { type: "press", keys: ["KeyA"] },
      { type: "keyUp", key: "ShiftLeft" },
      { type: "click", button: 1, count: 1 },
      { type: "press", keys: ["MediaPlayPause"] },
    ]),
  );
  assert.deepEqual(records[0], {
    type: "press",
    keys: ["MetaLeft", "ShiftLeft", "Digit4"],
    source,
    index: 0,
    time: 0,
    end: 14,
    strokes: [{
      time: 2,
      code: "Digit4",
      page: 0x07,
      usage: 0x21,
      modifiers: ["MetaLeft", "ShiftLeft"],
    }],
  });
  // H is Shift+h; é on U.S. is the Option-e dead key, then e.
  assert.deepEqual(records[1]?.strokes, [
    { time: 35, code: "KeyH", page: 0x07, usage: 0x0b, modifiers: ["ShiftLeft"] },
    { time: 57, code: "KeyE", page: 0x07, usage: 0x08, modifiers: ["AltLeft"] },
    { time: 78, code: "KeyE", page: 0x07, usage: 0x08, modifiers: [] },
  ]);
  assert.deepEqual(records[2]?.strokes, [
    { time: 108, code: "ShiftLeft", page: 0x07, usage: 0xe1, modifiers: [] },
  ]);
  assert.deepEqual(records[3]?.strokes, [
    { time: 128, code: "KeyA", page: 0x07, usage: 0x04, modifiers: ["ShiftLeft"] },
  ]);
  assert.deepEqual(records[4]?.strokes, []);
  assert.deepEqual(
    [records[5]?.type, records[5]?.time, records[5]?.end, records[5]?.strokes],
    ["click", 178, 188, []],
  );
  assert.deepEqual(records[6]?.strokes, [
    { time: 208, code: "MediaPlayPause", page: 0x0c, usage: 0xcd, modifiers: [] },
  ]);
  for (const record of records) assert.deepEqual(JSON.parse(JSON.stringify(record)), record);
});

Deno.test("the dry-run text has the settings, one timed line per action, and a total", async () => {
  const lines = formatDryRun(
    await plan([
      { type: "press", keys: ["MetaLeft", "Space"], source: { file: "s.ts", line: 9, column: 18 } },
      { type: "wait", ms: 300 },
      { type: "text", text: "ok\n" },
      { type: "keyDown", key: "AltLeft" },
    ]),
    "s.ts",
    settings,
  );
  assert.deepEqual(lines, [
    "dry run of s.ts: layout U.S. (ansi), delay 20 ms, typing delay 10 ms, hold 10 ms, " +
    "report interval 1 ms, jitter 0 ms, seed 4",
    `       0.0 ms  ${"press MetaLeft+Space".padEnd(44)} s.ts:9:18`,
    "      12.0 ms  wait 300 ms",
    '     312.0 ms  type "ok\\n" (3 strokes)',
    "     382.0 ms  down AltLeft",
    "     383.0 ms  release all (end of recipe)",
    "5 actions, 12 key events, 0.38 s; nothing was typed (dry run on the simulated Mac)",
  ]);
});

Deno.test("every action kind has a short description", () => {
  const described: [Action, string][] = [
    [{ type: "keyDown", key: "KeyA" }, "down KeyA"],
    [{ type: "keyUp", key: "KeyA" }, "up KeyA"],
    [{ type: "press", keys: ["Enter"] }, "press Enter"],
    [{ type: "text", text: 'say "hi"' }, 'type "say \\"hi\\""'],
    [{ type: "wait", ms: 5 }, "wait 5 ms"],
    [{ type: "mouseMove", dx: -3, dy: 4 }, "move by -3,4"],
    [{ type: "mouseDown", button: 2 }, "button 2 down"],
    [{ type: "mouseUp", button: 2 }, "button 2 up"],
    [{ type: "click", button: 1, count: 1 }, "click button 1"],
    [{ type: "click", button: 1, count: 2 }, "double-click button 1"],
    [{ type: "click", button: 3, count: 3 }, "click button 3 ×3"],
    [{ type: "scroll", vertical: -2, horizontal: 1 }, "scroll -2,1"],
    [{ type: "releaseAll" }, "release all"],
    [{ type: "waitForButton" }, "wait for Enter"],
  ];
  for (const [action, text] of described) assert.equal(describeAction(action), text);
});

Deno.test("dry run: a long typed text is cut after 60 characters and its length said", () => {
  const text = "é".repeat(59) + "👍".repeat(1_000_000);
  assert.equal(
    describeAction({ type: "text", text }),
    `type "${"é".repeat(59)}👍…" (1000059 characters)`,
  );
  const sixty = "x".repeat(60);
  assert.equal(describeAction({ type: "text", text: sixty }), `type "${sixty}"`);
});
