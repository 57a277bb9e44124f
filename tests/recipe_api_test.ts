import assert from "node:assert/strict";
import { VirtualClock } from "../lib/device/clock.ts";
import { SimDevice } from "../lib/device/sim_device.ts";
import { ExitCode } from "../lib/errors.ts";
import { recipe } from "../lib/recipe/recipe.ts";
import { RecipeError } from "../lib/recipe/recipe_errors.ts";
import {
  DEFAULT_RECIPE_DELAY_MS,
  mergeRecipeOptions,
  type RecipeOptions,
  resolveRecipeOptions,
} from "../lib/recipe/recipe_options.ts";
import {
  activeRecipeRunner,
  installRecipeRunner,
  type RecordedRecipe,
} from "../lib/recipe/recipe_runtime.ts";
import { buildTimeline } from "../lib/recipe/timeline.ts";

function here(): number {
  const frame = new Error().stack?.split("\n")[2] ?? "";
  return Number(/:(\d+):\d+\)?$/.exec(frame)?.[1]);
}

Deno.test("recipe() records, then plays on the device it names", async () => {
  const clock = new VirtualClock();
  const device = new SimDevice({ clock });
  const result = await recipe({ device, clock, delay: 25 }, async ({ keyboard, mouse, wait }) => {
    await keyboard.press("Meta+Shift+4");
    await wait(100);
    await mouse.drag(40, 30);
  });
  assert.equal(result.played, true);
  assert.deepEqual(device.host.shortcuts, ["Shift+Meta+Digit4"]);
  assert.deepEqual(device.host.cursor, { x: 960 + 40, y: 540 + 30 });
  assert.deepEqual(device.host.buttonsDown(), []);
  // press 0–25, wait to 125, drag: down 125, move 150, up 175.
  assert.equal(result.timeline.duration, 175);
  assert.equal(result.actions.length, 5);
});

Deno.test("recipe({ dryRun }) plans without a device and recipe(fn) takes the defaults", async () => {
  const plan = await recipe({ dryRun: true, seed: 9 }, async ({ keyboard }) => {
    await keyboard.type("ab");
    await keyboard.press("Enter");
  });
  assert.equal(plan.played, false);
  assert.equal(plan.host, undefined);
  assert.equal(plan.options.seed, 9);
  assert.equal(plan.options.delay, DEFAULT_RECIPE_DELAY_MS);
  assert.deepEqual(plan.timeline.events.map((event) => event.time), [0, 0, 10, 10, 20, 30]);

  const clock = new VirtualClock();
  const device = new SimDevice({ clock });
  {
    using _runner = installRecipeRunner({
      overrides: { device, clock },
      run: async (recorded) => {
        const { playRecipe } = await import("../lib/recipe/player.ts");
        return await playRecipe(recorded.actions, recorded.options);
      },
    });
    await recipe(({ keyboard }) => keyboard.type("hi"));
  }
  assert.equal(device.host.text, "hi");
});

Deno.test("options set on the command line win; the recipe keeps the others", async () => {
  const seen: RecordedRecipe[] = [];
  {
    using installation = installRecipeRunner({
      overrides: { layout: "fr", seed: 5, dryRun: true },
      run: (recorded) => {
        seen.push(recorded);
        const timeline = buildTimeline(recorded.actions, {
          planText: () => [],
          ...recorded.options,
        });
        return Promise.resolve({ ...recorded, timeline, played: false });
      },
    });
    assert.ok(activeRecipeRunner() !== undefined);
    await recipe({ layout: "de", delay: 7, keyboardType: "ansi" }, async ({ keyboard }) => {
      await keyboard.press("Enter");
    });
    // Not awaited on purpose: settled() still waits for it.
    recipe({ seed: 1 }, ({ keyboard }) => keyboard.press("Tab"));
    assert.equal(await installation.settled(), 2);
  }
  assert.equal(activeRecipeRunner(), undefined);
  assert.deepEqual(seen.map(({ options }) => [options.layout.id, options.seed, options.dryRun]), [
    ["fr", 5, true],
    ["fr", 5, true],
  ]);
  assert.deepEqual(seen.map(({ options }) => [options.delay, options.keyboardType]), [
    [7, "ansi"],
    [DEFAULT_RECIPE_DELAY_MS, "iso"],
  ]);
  assert.deepEqual(seen.map(({ actions }) => actions.map((action) => action.type)), [
    ["press"],
    ["press"],
  ]);
});

Deno.test("settled() reports the first failure of the recipes it waited for", async () => {
  using installation = installRecipeRunner({
    overrides: { dryRun: true },
    run: () => Promise.reject(new Error("runner failed")),
  });
  recipe(({ keyboard }) => keyboard.press("Enter"));
  await assert.rejects(installation.settled(), /runner failed/);
});

Deno.test("a bad option fails at the recipe() call, before the recipe runs", async () => {
  let ran = false;
  let line = 0;
  const markRan = () => {
    ran = true;
  };
  const promise = (line = here(), recipe({ delay: -5 }, markRan));
  const error = await promise.then(() => undefined, (error: unknown) => error);
  assert.ok(error instanceof RecipeError);
  assert.equal(error.exitCode, ExitCode.Usage);
  assert.equal(error.source?.line, line);
  assert.match(error.message, /recipe option delay -5 is not a non-negative number/);
  assert.ok(!ran);
  await assert.rejects(
    recipe({ layout: "gremn" }, () => {}),
    /unknown keyboard layout "gremn"; did you mean "de"/,
  );
  await assert.rejects(recipe({ seed: 2 ** 32 }, () => {}), /seed 4294967296 is not an integer/);
  await assert.rejects(
    recipe({ keyboardType: "isa" as "iso" }, () => {}),
    /unknown keyboard type "isa"; did you mean "iso"/,
  );
  await assert.rejects(
    recipe({} as never, undefined as never),
    /recipe\(\) needs a recipe function/,
  );
});

Deno.test("recipe options: defaults, the typing delay follows the delay, merging skips unset", () => {
  const defaults = resolveRecipeOptions({ seed: 3 });
  assert.equal(defaults.layout.id, "us");
  assert.equal(defaults.keyboardType, "ansi");
  assert.deepEqual([defaults.delay, defaults.typingDelay, defaults.jitter], [10, 10, 0]);
  assert.equal(defaults.dryRun, false);
  assert.equal(defaults.device, undefined);
  assert.equal(resolveRecipeOptions({ delay: 30 }).typingDelay, 30);
  assert.equal(resolveRecipeOptions({ delay: 30, typingDelay: 2 }).typingDelay, 2);
  assert.equal(resolveRecipeOptions({ layout: "German", keyboardType: "jis" }).keyboardType, "jis");
  const seeds = new Set([0, 1, 2, 3, 4].map(() => resolveRecipeOptions({}).seed));
  assert.ok(seeds.size > 1, "a missing seed is random");
  const fromJavaScript = { layout: undefined, seed: 1 } as unknown as RecipeOptions;
  assert.deepEqual(mergeRecipeOptions({ layout: "de", delay: 5 }, fromJavaScript), {
    layout: "de",
    delay: 5,
    seed: 1,
  });
});
