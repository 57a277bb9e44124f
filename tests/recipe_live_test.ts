import assert from "node:assert/strict";
import { VirtualClock } from "../lib/device/clock.ts";
import { SimDevice } from "../lib/device/sim_device.ts";
import { ExitCode } from "../lib/errors.ts";
import { recipe } from "../lib/recipe/recipe.ts";
import { RecipeError } from "../lib/recipe/recipe_errors.ts";
import { mergeRecipeOptions, resolveRecipeOptions } from "../lib/recipe/recipe_options.ts";
import { MAX_WAIT_MS } from "../lib/recipe/scheduler.ts";

const HERE = decodeURIComponent(new URL(import.meta.url).pathname);
/** The line of the waitForLocks call below. */
const WAIT_FOR_LOCKS_LINE = 65;

function lineOf(error: unknown): number | undefined {
  return error instanceof RecipeError && error.source?.file === HERE
    ? error.source.line
    : undefined;
}

Deno.test("every step happens when it is awaited, so a recipe sees what it did", async () => {
  const clock = new VirtualClock();
  const device = new SimDevice({ clock });
  const seen: string[] = [];
  const result = await recipe({ device, clock }, async ({ keyboard, mouse, wait }) => {
    await keyboard.type("ab");
    seen.push(device.host.text);
    const before = clock.now();
    await wait(250);
    seen.push(String(clock.now() - before));
    await keyboard.press("Meta+KeyC");
    seen.push(device.host.shortcuts.join());
    await mouse.click("right");
    seen.push(device.host.buttonsDown().join() || "none");
  });
  assert.deepEqual(seen, ["ab", "250", "Meta+KeyC", "none"]);
  assert.equal(result.text, "ab");
  assert.equal(result.played, true);
  assert.equal(result.device, "sim");
});

Deno.test("keyboard.locks() reads the LED the simulated Mac sets, and waitForLocks waits on it", async () => {
  const result = await recipe({ dryRun: true }, async ({ keyboard }) => {
    assert.deepEqual(await keyboard.locks(), {
      capsLock: false,
      numLock: false,
      scrollLock: false,
    });
    await keyboard.press("CapsLock");
    assert.equal((await keyboard.locks()).capsLock, true);
    const locks = await keyboard.waitForLocks((state) => state.capsLock, { timeout: 100 });
    assert.equal(locks.capsLock, true);
    // macOS keeps no Num Lock state for a keyboard: its key is Clear, and the LED stays off.
    await keyboard.press("NumLock");
    assert.equal((await keyboard.locks()).numLock, false);
    await keyboard.type("a");
    await keyboard.press("CapsLock");
    assert.equal((await keyboard.locks()).capsLock, false);
  });
  assert.equal(result.text, "a");
});

Deno.test("waitForLocks fails at its line when the lock never changes", async () => {
  await assert.rejects(
    recipe({ dryRun: true }, async ({ keyboard }) => {
      await keyboard.waitForLocks((locks) => locks.capsLock, { timeout: 200 });
    }),
    (error) => {
      assert.match(String(error), /did not change as waited for within 200 ms/);
      assert.equal(lineOf(error), WAIT_FOR_LOCKS_LINE);
      return true;
    },
  );
});

Deno.test("a step that cannot be played fails before its first report, located, and releases everything", async () => {
  const clock = new VirtualClock();
  const device = new SimDevice({ clock });
  await assert.rejects(
    recipe({ device, clock }, async ({ keyboard }) => {
      await keyboard.down("Shift");
      await keyboard.type("ok ☃ never");
    }),
    (error) => {
      assert.ok(error instanceof RecipeError);
      assert.match(error.message, /cannot type "☃"/);
      assert.equal(error.source?.file, HERE);
      return true;
    },
  );
  // Shift went down and up; nothing of the text was typed.
  assert.deepEqual(
    device.host.events.map((event) => `${event.type} ${"code" in event ? event.code : ""}`),
    [
      "down ShiftLeft",
      "up ShiftLeft",
    ],
  );
  assert.equal(device.host.text, "");
  await assert.rejects(
    recipe({ device: new SimDevice({ clock }), clock }, ({ keyboard }) => keyboard.press("Entr")),
    /unknown key name "Entr"[\s\S]*/,
  );
});

Deno.test("a recipe's own exception is located at its line, after every key is released", async () => {
  const clock = new VirtualClock();
  const device = new SimDevice({ clock });
  await assert.rejects(
    recipe({ device, clock }, async ({ keyboard, mouse }) => {
      await keyboard.down("Meta");
      await mouse.down("left");
      throw new TypeError("boom");
    }),
    (error) => {
      assert.ok(error instanceof RecipeError);
      assert.match(error.message, /the recipe failed: TypeError: boom/);
      assert.equal(error.source?.file, HERE);
      return true;
    },
  );
  assert.deepEqual(device.host.pressedKeys(), []);
  assert.deepEqual(device.host.buttonsDown(), []);
});

Deno.test("waits are checked: negative, NaN and above the maximum are located usage errors", async () => {
  for (const ms of [-1, Number.NaN, MAX_WAIT_MS + 1, Infinity]) {
    await assert.rejects(
      recipe({ dryRun: true }, ({ wait }) => wait(ms)),
      (error) => {
        assert.ok(error instanceof RecipeError);
        assert.equal(error.exitCode, ExitCode.Usage);
        assert.match(error.message, /is not a number of milliseconds in 0\.\.86400000/);
        assert.equal(error.source?.file, HERE);
        return true;
      },
    );
  }
});

Deno.test("a dry run of a recipe that loops forever stops at its bound of virtual time", async () => {
  const start = performance.now();
  const result = await recipe({ dryRun: true, dryRunFor: 30_000 }, async ({ keyboard, wait }) => {
    while (true) {
      await keyboard.press("KeyA");
      await wait(1000);
    }
  });
  assert.equal(result.stoppedAfterMs, 30_000);
  assert.equal(result.played, false);
  assert.equal(result.timeline.duration, 30_000);
  assert.ok(result.text.length >= 29 && result.text.length <= 30, result.text);
  // Virtual time: thirty seconds of recipe in far less real time than that.
  assert.ok(performance.now() - start < 30_000);
});

Deno.test("prompt and waitForButton answer at once in a dry run (no terminal)", async () => {
  const result = await recipe({ dryRun: true }, async ({ keyboard, prompt, waitForButton }) => {
    assert.equal(await prompt("name?"), null);
    await waitForButton();
    await keyboard.type("done");
  });
  assert.equal(result.text, "done");
  assert.deepEqual(result.timeline.actions.map((action) => action.type), [
    "waitForButton",
    "text",
  ]);
});

Deno.test("steps called without await still run one after the other, in call order", async () => {
  const result = await recipe({ dryRun: true }, async ({ keyboard }) => {
    const first = keyboard.type("ab");
    const second = keyboard.type("cd");
    await Promise.all([second, first]);
  });
  assert.equal(result.text, "abcd");
});

Deno.test("keyboard.hold releases its combo when the function throws", async () => {
  const clock = new VirtualClock();
  const device = new SimDevice({ clock });
  await assert.rejects(
    recipe({ device, clock }, async ({ keyboard }) => {
      await keyboard.hold("Shift+Alt", () => {
        assert.deepEqual(device.host.pressedKeys(), ["ShiftLeft", "AltLeft"]);
        throw new Error("inside");
      });
    }),
    /inside/,
  );
  assert.deepEqual(device.host.pressedKeys(), []);
});

Deno.test("recipe() without a function, and bad options, fail at the recipe() line", async () => {
  await assert.rejects(
    // @ts-expect-error: the function is missing on purpose
    recipe({ dryRun: true }),
    (error) => lineOf(error) !== undefined && /needs a recipe function/.test(String(error)),
  );
  await assert.rejects(
    recipe({ dryRun: true, hold: -1 }, () => {}),
    (error) => lineOf(error) !== undefined && /hold -1/.test(String(error)),
  );
});

Deno.test("recipe options: defaults, hold at least the report interval, merging skips unset", () => {
  const options = resolveRecipeOptions({ seed: 3 });
  assert.deepEqual(
    [options.delay, options.typingDelay, options.hold, options.reportInterval, options.dryRunFor],
    [10, 10, 10, 1, 60_000],
  );
  assert.equal(resolveRecipeOptions({ hold: 0, reportInterval: 4 }).hold, 4);
  assert.equal(resolveRecipeOptions({ delay: 20 }).typingDelay, 20);
  const merged = mergeRecipeOptions({ layout: "de", hold: 30 }, { layout: "fr" });
  assert.deepEqual(merged, { layout: "fr", hold: 30 });
});
