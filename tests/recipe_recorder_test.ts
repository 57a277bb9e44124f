import assert from "node:assert/strict";
import type { Action } from "../lib/recipe/action.ts";
import { RecipeError } from "../lib/recipe/recipe_errors.ts";
import { recordActions } from "../lib/recipe/recorder.ts";
import { ExitCode } from "../lib/errors.ts";

/** The line of the caller, so a test can say "the step on this line". */
function here(): number {
  const frame = new Error().stack?.split("\n")[2] ?? "";
  return Number(/:(\d+):\d+\)?$/.exec(frame)?.[1]);
}

/** Actions without their source locations, to compare with hand-written lists. */
function withoutSources(actions: readonly Action[]): Action[] {
  return actions.map(({ source: _source, ...action }) => action as Action);
}

Deno.test("the recorder writes down every keyboard step with canonical key names", async () => {
  const actions = await recordActions(async ({ keyboard, wait }) => {
    await keyboard.press("cmd+space");
    await wait(300);
    await keyboard.type("Terminal\n", { delay: 40 });
    await keyboard.press("?", { delay: 5 });
    await keyboard.down("shift");
    await keyboard.up("shift");
    await keyboard.press("MediaPlayPause");
    await keyboard.press("MissionControl");
  });
  assert.deepEqual(withoutSources(actions), [
    { type: "press", keys: ["MetaLeft", "Space"] },
    { type: "wait", ms: 300 },
    { type: "text", text: "Terminal\n", delay: 40 },
    { type: "press", keys: ["ShiftLeft", "Slash"], delay: 5 },
    { type: "keyDown", key: "ShiftLeft" },
    { type: "keyUp", key: "ShiftLeft" },
    { type: "press", keys: ["MediaPlayPause"] },
    { type: "press", keys: ["MissionControl"] },
  ]);
});

Deno.test("hold presses the combo around the steps of its function and returns its value", async () => {
  let inner = "";
  const actions = await recordActions(async ({ keyboard }) => {
    inner = await keyboard.hold("Meta+Alt", async () => {
      await keyboard.press("KeyH");
      return "done";
    });
  });
  assert.equal(inner, "done");
  assert.deepEqual(withoutSources(actions), [
    { type: "keyDown", key: "MetaLeft" },
    { type: "keyDown", key: "AltLeft" },
    { type: "press", keys: ["KeyH"] },
    { type: "keyUp", key: "AltLeft" },
    { type: "keyUp", key: "MetaLeft" },
  ]);
});

Deno.test("mouse steps record buttons by number and split moves exactly", async () => {
  const actions = await recordActions(async ({ mouse }) => {
    await mouse.move(10, -7, { steps: 3 });
    await mouse.click();
    await mouse.click("right", { clickCount: 3, delay: 7 });
    await mouse.dblclick("middle");
    await mouse.drag(5, 0, { button: "right" });
    await mouse.scroll(-3, 2);
    await mouse.down(4);
    await mouse.up(4);
  });
  // 10 over 3 steps: round(10/3)=3, round(20/3)-3=4, 10-7=3; -7: -2, -5-(-2)=-3, -7-(-5)=-2.
  assert.deepEqual(withoutSources(actions), [
    { type: "mouseMove", dx: 3, dy: -2 },
    { type: "mouseMove", dx: 4, dy: -3 },
    { type: "mouseMove", dx: 3, dy: -2 },
    { type: "click", button: 1, count: 1 },
    { type: "click", button: 2, count: 3, delay: 7 },
    { type: "click", button: 3, count: 2 },
    { type: "mouseDown", button: 2 },
    { type: "mouseMove", dx: 5, dy: 0 },
    { type: "mouseUp", button: 2 },
    { type: "scroll", vertical: -3, horizontal: 2 },
    { type: "mouseDown", button: 4 },
    { type: "mouseUp", button: 4 },
  ]);
});

Deno.test("media helpers, waitForButton and releaseAll record their actions", async () => {
  const actions = await recordActions(async ({ media, waitForButton, releaseAll }) => {
    await media.volumeUp();
    await media.mute();
    await media.launchpad();
    await waitForButton();
    await releaseAll();
  });
  assert.deepEqual(withoutSources(actions), [
    { type: "press", keys: ["AudioVolumeUp"] },
    { type: "press", keys: ["AudioVolumeMute"] },
    { type: "press", keys: ["Launchpad"] },
    { type: "waitForButton" },
    { type: "releaseAll" },
  ]);
});

Deno.test("every action is located at the recipe line that recorded it", async () => {
  const lines: number[] = [];
  const actions = await recordActions(async ({ keyboard, mouse }) => {
    await keyboard.press("Enter"), lines.push(here());
    await mouse.move(1, 1), lines.push(here());
  });
  assert.deepEqual(actions.map((action) => action.source?.line), lines);
  for (const action of actions) {
    assert.match(action.source?.file ?? "", /recipe_recorder_test\.ts$/);
    assert.ok((action.source?.column ?? 0) > 1);
  }
});

Deno.test("an unknown key name fails at its line with the closest names", async () => {
  let line = 0;
  const error = await recordActions(async ({ keyboard }) => {
    await keyboard.press("Enter");
    line = here(), await keyboard.press("Meta+Entr");
  }).then(() => undefined, (error: unknown) => error);
  assert.ok(error instanceof RecipeError, String(error));
  assert.equal(error.exitCode, ExitCode.Usage);
  assert.equal(error.source?.line, line);
  assert.match(error.message, /^.*recipe_recorder_test\.ts:\d+:\d+: unknown key name "Entr"/);
  assert.match(error.message, /did you mean Enter/);
  assert.match(error.hint, /dextkit keys/);
});

Deno.test("bad arguments are usage errors that name the value", async () => {
  const cases: [
    string,
    (context: Parameters<Parameters<typeof recordActions>[0]>[0]) => Promise<unknown>,
    RegExp,
  ][] = [
    [
      "fractional move",
      ({ mouse }) => mouse.move(1.5, 0),
      /mouse\.move: dx 1\.5 is not a whole number/,
    ],
    ["negative wait", ({ wait }) => wait(-1), /wait -1 ms is not a non-negative number/],
    ["NaN delay", ({ keyboard }) => keyboard.type("x", { delay: NaN }), /typing delay NaN ms/],
    ["zero clicks", ({ mouse }) => mouse.click(1, { clickCount: 0 }), /click count 0/],
    [
      "unknown button",
      ({ mouse }) => mouse.down("rigth" as "right"),
      /"rigth"; did you mean "right"/,
    ],
    ["zero steps", ({ mouse }) => mouse.drag(1, 1, { steps: 0 }), /steps 0 is not a whole number/],
    ["malformed combo", ({ keyboard }) => keyboard.press("Meta+"), /malformed key combo "Meta\+"/],
    [
      "not a string",
      ({ keyboard }) => keyboard.type(42 as unknown as string),
      /needs a string, not 42/,
    ],
  ];
  for (const [name, step, message] of cases) {
    const error = await recordActions((context) => step(context).then(() => {})).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(error instanceof RecipeError, `${name}: ${String(error)}`);
    assert.equal(error.exitCode, ExitCode.Usage, name);
    assert.match(error.message, message, name);
    assert.ok(error.source !== undefined, `${name} is located`);
  }
});

Deno.test("a recipe's own exception becomes a located recipe error", async () => {
  let line = 0;
  const error = await recordActions(() => {
    line = here(), JSON.parse("{");
  }).then(() => undefined, (error: unknown) => error);
  assert.ok(error instanceof RecipeError);
  assert.equal(error.source?.line, line);
  assert.match(error.message, /the recipe failed: SyntaxError/);
  assert.ok(error.cause instanceof SyntaxError);
});

Deno.test("a step after the recipe function returned is refused", async () => {
  let late: Promise<unknown> | undefined;
  const actions = await recordActions(({ keyboard }) => {
    setTimeout(() => late = keyboard.press("Enter").catch((error: unknown) => error), 0);
  });
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(actions.length, 0);
  const error = await late;
  assert.ok(error instanceof RecipeError);
  assert.match(error.message, /keyboard\.press was called after the recipe function had returned/);
});
