/**
 * `recipe()`: the entry point of a TypeScript recipe, for both `deno run recipe.ts` and
 * `dextkit run recipe.ts`.
 *
 * The recipe function runs live: every `keyboard`, `mouse` and `wait` call is performed on the
 * device, on time, when it is awaited, so a recipe can react to what happened (the Caps Lock
 * LED, a prompt's answer, the outcome of an earlier step). A step that cannot be performed
 * fails before its first report, located at its recipe line; whatever way the recipe ends,
 * every key and button is released. Run with `deno run`, the device is opened in this process;
 * under `dextkit run`, this process holds no device privileges and the steps go to the dextkit
 * process over `recipe_channel.ts`.
 *
 * @module
 */
import type { SourceLocation } from "./action.ts";
import { channelRecipeRunner } from "./recipe_channel.ts";
import { createRecipeContext, type RecipeFunction } from "./recipe_context.ts";
import { RecipeError } from "./recipe_errors.ts";
import type { RecipeOptions } from "./recipe_options.ts";
import { localRecipeRunner } from "./recipe_runtime.ts";
import type { RecipeResult } from "./recipe_session.ts";
import { callerLocation, locationInStack } from "./source_location.ts";

/**
 * Runs a recipe live on its device, or, with `dryRun`, on a fresh simulated Mac with a virtual
 * clock.
 *
 * @param options Device, layout, keyboard type, timing, seed, dry run, clock.
 * @param fn The recipe: drives the `keyboard`, `mouse` and `media` keys it is given, and `wait`s.
 * @returns What was played, and what the Mac shows as typed.
 * @throws {RecipeError} For a bad option or step, located at its recipe line, or for an exception
 * of the recipe function; after every key and button was released.
 * @throws {DextkitError} For a device that cannot be used, or fails while playing.
 *
 * @example Spotlight, then type, on the simulated Mac
 * ```ts
 * import { recipe } from "./recipe.ts";
 * import { VirtualClock } from "../device/clock.ts";
 *
 * const result = await recipe(
 *   { device: "sim", layout: "de", clock: new VirtualClock() },
 *   async ({ keyboard, wait }) => {
 *     await keyboard.press("Meta+Space");
 *     await wait(300);
 *     await keyboard.type("Grüße\n");
 *   },
 * );
 * console.assert(result.shortcuts[0] === "Meta+Space");
 * console.assert(result.text === "Grüße\n");
 * ```
 *
 * @example React to the Caps Lock LED, in a dry run
 * ```ts
 * import { recipe } from "./recipe.ts";
 *
 * const result = await recipe({ dryRun: true }, async ({ keyboard }) => {
 *   await keyboard.press("CapsLock");
 *   const locks = await keyboard.locks();
 *   if (locks.capsLock) await keyboard.press("CapsLock");
 *   await keyboard.type("ok");
 * });
 * console.assert(!result.played && result.text === "ok");
 * ```
 */
export function recipe(options: RecipeOptions, fn: RecipeFunction): Promise<RecipeResult>;
/**
 * Runs a recipe with the default options.
 *
 * @param fn The recipe.
 * @returns The outcome.
 *
 * @example
 * ```ts
 * import { recipe } from "./recipe.ts";
 *
 * console.assert(typeof recipe === "function");
 * ```
 */
export function recipe(fn: RecipeFunction): Promise<RecipeResult>;
export function recipe(
  optionsOrFn: RecipeOptions | RecipeFunction,
  maybeFn?: RecipeFunction,
): Promise<RecipeResult> {
  const location = callerLocation();
  return typeof optionsOrFn === "function"
    ? runRecipe({}, optionsOrFn, location)
    : runRecipe(optionsOrFn, maybeFn, location);
}

async function runRecipe(
  own: RecipeOptions,
  fn: RecipeFunction | undefined,
  location: SourceLocation | undefined,
): Promise<RecipeResult> {
  if (typeof fn !== "function") {
    throw new RecipeError("recipe() needs a recipe function as its last argument", {
      source: location,
      hint: 'write recipe({ layout: "de" }, async ({ keyboard }) => { … })',
    });
  }
  const runner = channelRecipeRunner() ?? localRecipeRunner;
  let connection;
  try {
    connection = await runner.open(own, location);
  } catch (error) {
    throw RecipeError.locate(error, location);
  }
  try {
    await fn(createRecipeContext(connection));
  } catch (error) {
    return await connection.finish({ error: locateRecipeError(error) });
  }
  return await connection.finish();
}

/** Locates a recipe's own exception at the recipe frame of its stack. */
function locateRecipeError(error: unknown): unknown {
  if (error instanceof RecipeError && error.source !== undefined) return error;
  const where = error instanceof Error ? locationInStack(error.stack) : undefined;
  return RecipeError.locate(error, where);
}
