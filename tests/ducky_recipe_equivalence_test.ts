/**
 * The same program written as a TypeScript recipe and as DuckyScript plays the same actions on
 * the live runtime (dry runs on the simulated Mac), locations aside.
 */
import assert from "node:assert/strict";
import type { Action } from "../lib/recipe/action.ts";
import { recipe } from "../lib/recipe/recipe.ts";
import type { RecipeFunction } from "../lib/recipe/recipe_context.ts";
import { compileDucky } from "./ducky_helpers.ts";

async function recordActions(fn: RecipeFunction): Promise<readonly Action[]> {
  return (await recipe({ dryRun: true, seed: 1 }, fn)).timeline.actions;
}

function withoutSources(actions: readonly Action[]): unknown[] {
  return actions.map(({ source: _source, ...rest }) => rest);
}

Deno.test("Spotlight, typing, shortcuts, held keys, media, pointer and button: TS = DuckyScript", async () => {
  const ducky = [
    "REM Open Terminal with Spotlight and run a command",
    "GUI SPACE",
    "DELAY 300",
    "STRING Terminal",
    "ENTER",
    "DELAY 500",
    'STRINGLN echo "hello from dextkit"',
    "GUI-SHIFT 4",
    "ESC",
    "HOLD SHIFT",
    "STRING abc",
    "RELEASE SHIFT",
    "MEDIA PLAY_PAUSE",
    "MOUSEMOVE 100 -50",
    "LEFTCLICK",
    "MOUSESCROLL -3",
    "WAIT_FOR_BUTTON_PRESS",
    "RESET",
  ].join("\n");
  const recorded = await recordActions(async ({ keyboard, mouse, media, wait, ...rest }) => {
    await keyboard.press("Meta+Space");
    await wait(300);
    await keyboard.type("Terminal");
    await keyboard.press("Enter");
    await wait(500);
    await keyboard.type('echo "hello from dextkit"\n');
    await keyboard.press("Meta+Shift+4");
    await keyboard.press("Escape");
    await keyboard.down("Shift");
    await keyboard.type("abc");
    await keyboard.up("Shift");
    await media.playPause();
    await mouse.move(100, -50);
    await mouse.click();
    await mouse.scroll(-3);
    await rest.waitForButton();
    await rest.releaseAll();
  });
  const compiled = await compileDucky(ducky, { seed: 1 });
  assert.deepEqual(compiled.warnings, []);
  assert.deepEqual(withoutSources(compiled.actions), withoutSources(recorded));
});

Deno.test("DEFAULT_DELAY, a loop and a function: TS = DuckyScript", async () => {
  const ducky = [
    "DEFAULT_DELAY 40",
    "FUNCTION NEW_TAB()",
    "  GUI t",
    "  STRINGLN example.com",
    "END_FUNCTION",
    "VAR $TABS = 3",
    "WHILE ($TABS > 0)",
    "  NEW_TAB()",
    "  $TABS -= 1",
    "END_WHILE",
    "CTRL ALT DELETE",
  ].join("\n");
  const recorded = await recordActions(async ({ keyboard, wait }) => {
    for (let tab = 0; tab < 3; tab++) {
      await keyboard.press("Meta+t");
      await wait(40);
      await keyboard.type("example.com\n");
      await wait(40);
    }
    await keyboard.press("Control+Alt+Delete");
    await wait(40);
  });
  assert.deepEqual(withoutSources((await compileDucky(ducky)).actions), withoutSources(recorded));
});

Deno.test("typing delays: TS = DuckyScript", async () => {
  const ducky = "STRING_DELAY 25\nSTRING slow\nSTRING normal\nSTRING_DELAY 10 old style";
  const recorded = await recordActions(async ({ keyboard }) => {
    await keyboard.type("slow", { delay: 25 });
    await keyboard.type("normal");
    await keyboard.type("old style", { delay: 10 });
  });
  assert.deepEqual(withoutSources((await compileDucky(ducky)).actions), withoutSources(recorded));
});
