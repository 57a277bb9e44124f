/**
 * The live DuckyScript engine on the runtime (dry runs: the simulated Mac, a virtual clock):
 * host lock state from the LEDs, the lock waits, save/restore, WHILE TRUE until stopped, and the
 * dialect additions (IF( and WHILE(, IF_DEFINED_TRUE, DEFINE names with hyphens, INJECT_VAR,
 * $_OS, negative numbers refused).
 */
import assert from "node:assert/strict";
import { checkDuckyScript, DuckyScriptError, runDuckyProgram } from "../lib/recipe/ducky/mod.ts";
import type { DuckyRunOptions } from "../lib/recipe/ducky/mod.ts";
import { localRecipeRunner } from "../lib/recipe/recipe_runtime.ts";
import type { RecipeResult } from "../lib/recipe/recipe_session.ts";
import { compileDucky } from "./ducky_helpers.ts";

async function dryRun(source: string, options: DuckyRunOptions = {}): Promise<RecipeResult> {
  const program = checkDuckyScript(source, { file: "p.txt" });
  const connection = await localRecipeRunner.open({ dryRun: true, dryRunFor: 20_000, seed: 1 });
  let failure: { error: unknown } | undefined;
  try {
    await runDuckyProgram(program, connection, { seed: 1, ...options });
  } catch (error) {
    failure = { error };
  }
  return await connection.finish(failure);
}

async function typed(source: string, options: DuckyRunOptions = {}): Promise<string> {
  return (await dryRun(source, options)).text;
}

Deno.test("the wait-for-the-host's-Caps-Lock-reply loop dry-runs to the end on the simulated Mac", async () => {
  const result = await dryRun([
    "WHILE ($_RECEIVED_HOST_LOCK_LED_REPLY == FALSE)",
    "  CAPSLOCK",
    "  DELAY 100",
    "END_WHILE",
    "IF ($_CAPSLOCK_ON == TRUE) THEN",
    "  CAPSLOCK",
    "END_IF",
    "STRING done",
  ].join("\n"));
  assert.equal(result.text, "done");
  assert.equal(result.stoppedAfterMs, undefined);
  const caps = result.timeline.events.filter((event) =>
    event.kind === "keyDown" && event.key.code === "CapsLock"
  );
  assert.equal(caps.length, 2, "one toggle answered at once, one to put it back");
});

Deno.test("lock waits and lock variables follow the LED", async () => {
  assert.equal(
    await typed("CAPSLOCK\nWAIT_FOR_CAPS_ON\nSTRING $_CAPSLOCK_ON\nINJECT_VAR $_CAPSLOCK_ON"),
    "$_CAPSLOCK_ON1",
  );
  assert.equal(await typed("WAIT_FOR_CAPS_OFF\nWAIT_FOR_NUM_OFF\nSTRING ok"), "ok");
  // Nothing changes the Caps Lock LED in a dry run: the wait lasts until the bound.
  const stuck = await dryRun("STRING a\nWAIT_FOR_CAPS_CHANGE\nSTRING never");
  assert.equal(stuck.text, "a");
  assert.equal(stuck.stoppedAfterMs, 20_000);
});

Deno.test("SAVE/RESTORE_HOST_KEYBOARD_LOCK_STATE put the lock keys back as they were", async () => {
  const result = await dryRun([
    "SAVE_HOST_KEYBOARD_LOCK_STATE",
    "CAPSLOCK",
    "STRING x",
    "RESTORE_HOST_KEYBOARD_LOCK_STATE",
    "INJECT_VAR $_SAVED_CAPSLOCK_ON",
    "INJECT_VAR $_CAPSLOCK_ON",
  ].join("\n"));
  // STRING types what it says whatever the Caps Lock state (the planner accounts for it).
  assert.equal(result.text, "x00");
});

Deno.test("WHILE TRUE runs until STOP_PAYLOAD, or in a dry run until its bound of virtual time", async () => {
  const forever = await dryRun("WHILE TRUE\nSTRING a\nDELAY 1000\nEND_WHILE");
  assert.equal(forever.stoppedAfterMs, 20_000);
  assert.ok(forever.text.length >= 19 && /^a+$/.test(forever.text), forever.text);
  const stopped = await typed(
    "VAR $N = 0\nWHILE TRUE\n$N += 1\nINJECT_VAR $N\nIF ($N == 3) THEN\nSTOP_PAYLOAD\nEND_IF\nEND_WHILE",
  );
  assert.equal(stopped, "123");
  // With guards set, the guard trips and says how to raise it.
  await assert.rejects(
    dryRun("WHILE TRUE\nDELAY 1\nEND_WHILE", { maxLoopIterations: 10 }),
    (error) =>
      error instanceof DuckyScriptError &&
      /p\.txt:1:1: WHILE loop ran more than 10 times/.test(error.message) &&
      /--max-loop-iterations/.test(error.hint),
  );
});

Deno.test("$_OS reads MACOS unless set, and compares with the OS constants", async () => {
  const source =
    "IF ($_OS == MACOS) THEN\nSTRING mac\nELSE IF ($_OS == WINDOWS) THEN\nSTRING win\nEND_IF";
  assert.equal(await typed(source), "mac");
  assert.equal(await typed(source, { os: "WINDOWS" }), "win");
  assert.equal(await typed("$_OS = LINUX\nIF ($_OS == LINUX) THEN\nSTRING tux\nEND_IF"), "tux");
});

Deno.test("IF( and WHILE( without a space, as real payloads write them", async () => {
  assert.equal(await typed("VAR $X = 0\nWHILE($X < 3)\n$X += 1\nINJECT_VAR $X\nEND_WHILE"), "123");
  assert.equal(
    await typed("VAR $X = 2\nIF($X == 1)THEN\nSTRING a\nELSE IF($X == 2)THEN\nSTRING b\nEND_IF"),
    "b",
  );
});

Deno.test("IF_DEFINED_TRUE / IF_NOT_DEFINED_TRUE / ELSE_DEFINED / END_IF_DEFINED keep or drop lines", async () => {
  const source = (value: string) =>
    [
      `DEFINE #USE_GUI ${value}`,
      "IF_DEFINED_TRUE #USE_GUI",
      "  STRING gui",
      "  IF_NOT_DEFINED_TRUE #QUIET",
      "    STRING !",
      "  END_IF_DEFINED",
      "ELSE_DEFINED",
      "  STRING cli",
      "  NOT_A_COMMAND_IN_A_DROPPED_SECTION",
      "END_IF_DEFINED",
    ].join("\n");
  assert.equal(await typed(source("TRUE")), "gui!");
  assert.equal(await typed(source("1")), "gui!");
  await assert.rejects(dryRun(source("FALSE")), /NOT_A_COMMAND_IN_A_DROPPED_SECTION/);
  assert.equal(
    await typed("IF_DEFINED_TRUE #NEVER_DEFINED\nSTRING no\nEND_IF_DEFINED\nSTRING yes"),
    "yes",
  );
  assert.throws(
    () => checkDuckyScript("IF_DEFINED_TRUE #X\nSTRING a", { file: "c.txt" }),
    /^DuckyScriptError: c\.txt:1:1: block never closed \(expected END_IF_DEFINED\)/,
  );
  assert.throws(
    () => checkDuckyScript("STRING a\nEND_IF_DEFINED", { file: "c.txt" }),
    /c\.txt:2:1: no open IF_DEFINED_TRUE/,
  );
});

Deno.test("DEFINE names may hold hyphens and other non-space characters: plain text substitution", async () => {
  assert.equal(
    await typed("DEFINE #MY-HOST example.com\nSTRING https://#MY-HOST/"),
    "https://example.com/",
  );
  assert.equal(await typed("DEFINE PAYLOAD.NAME demo\nSTRING PAYLOAD.NAME!"), "demo!");
  assert.throws(() => checkDuckyScript("DEFINE 9LIVES x"), /invalid constant name "9LIVES"/);
});

Deno.test("negative numbers and out-of-range values are located errors, not wrap-around", async () => {
  for (
    const [source, at, text] of [
      ["DELAY -5", "p.txt:1:7", "-5"],
      ["VAR $X = 3\n$X = -1", "p.txt:2:6", "-1"],
      ["DEFAULT_DELAY -10", "p.txt:1:15", "-10"],
    ] as const
  ) {
    assert.throws(
      () => checkDuckyScript(source, { file: "p.txt" }),
      (error) =>
        error instanceof DuckyScriptError &&
        error.message.startsWith(`${at}: negative number "${text}"`),
      source,
    );
  }
  assert.throws(
    () => checkDuckyScript("VAR $X = 65536", { file: "p.txt" }),
    /p\.txt:1:10: number out of range 0–65535: "65536"/,
  );
  // Arithmetic below 0 still wraps, as unsigned 16-bit math does on the device.
  assert.deepEqual(
    (await compileDucky("VAR $X = 0 - 1\nDELAY $X")).actions.map((a) => a.type === "wait" && a.ms),
    [65535],
  );
});
