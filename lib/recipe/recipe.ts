/**
 * `recipe()`: the entry point of a TypeScript recipe, for both `deno run recipe.ts` and
 * `dextkit run recipe.ts`.
 *
 * The recipe function runs first, against a recorder: every `keyboard.press(…)`, `type(…)`,
 * `wait(…)` and mouse step is checked and written down, and nothing is typed yet. Then the
 * recorded action list is played by the scheduler on the selected device, or, under `dextkit
 * run`, handed to the CLI, which dry-runs, traces or plays it (see `recipe_runtime.ts` for how
 * command-line options and the recipe's own combine). A recipe that fails while recording fails
 * before the first key goes down; one that fails while playing releases every key and button.
 *
 * @module
 */
import type { SourceLocation } from "./action.ts";
import { planRecipe, playRecipe } from "./player.ts";
import { RecipeError } from "./recipe_errors.ts";
import {
  mergeRecipeOptions,
  type RecipeOptions,
  type ResolvedRecipeOptions,
  resolveRecipeOptions,
} from "./recipe_options.ts";
import { activeRecipeRunner, type RecipeResult, type RecipeRunner } from "./recipe_runtime.ts";
import { type RecipeFunction, recordActions } from "./recorder.ts";
import { callerLocation, defaultSourceName } from "./source_location.ts";

/**
 * Records a recipe and runs it: plays it on the device, or plans it only with `dryRun`, or hands
 * it to `dextkit run`.
 *
 * @param options Device, layout, keyboard type, delays, jitter, seed, dry run, clock.
 * @param fn The recipe: drives the `keyboard`, `mouse` and `media` keys it is given, and `wait`s.
 * @returns The actions, the timeline, and for a played recipe the device and the host that saw
 * the reports.
 * @throws {RecipeError} For a bad option or step, located at its recipe line, before anything is
 * typed; or for an exception of the recipe function.
 * @throws {DextkitError} For a device that cannot be used, or fails while playing (after every
 * key and button was released).
 *
 * @example Spotlight, then type, on the simulated Mac
 * ```ts
 * import { recipe } from "./recipe.ts";
 * import { VirtualClock } from "../device/clock.ts";
 *
 * const result = await recipe(
 *   { device: "sim", layout: "de", delay: 20, clock: new VirtualClock() },
 *   async ({ keyboard, wait }) => {
 *     await keyboard.press("Meta+Space");
 *     await wait(300);
 *     await keyboard.type("Grüße\n");
 *   },
 * );
 * console.assert(result.host?.shortcuts[0] === "Meta+Space");
 * console.assert(result.host?.text === "Grüße\n");
 * ```
 *
 * @example A dry run: the plan, nothing typed
 * ```ts
 * import { recipe } from "./recipe.ts";
 *
 * const plan = await recipe({ dryRun: true, delay: 20 }, async ({ mouse }) => {
 *   await mouse.move(100, 0);
 *   await mouse.click("left");
 * });
 * console.assert(!plan.played && plan.timeline.duration === 40);
 * ```
 */
export function recipe(options: RecipeOptions, fn: RecipeFunction): Promise<RecipeResult>;
/**
 * Records a recipe with the default options and runs it.
 *
 * @param fn The recipe.
 * @returns The outcome.
 *
 * @example
 * ```ts
 * import { recipe } from "./recipe.ts";
 * import { installRecipeRunner } from "./recipe_runtime.ts";
 *
 * console.assert(typeof recipe === "function" && typeof installRecipeRunner === "function");
 * ```
 */
export function recipe(fn: RecipeFunction): Promise<RecipeResult>;
export function recipe(
  optionsOrFn: RecipeOptions | RecipeFunction,
  maybeFn?: RecipeFunction,
): Promise<RecipeResult> {
  const active = activeRecipeRunner();
  const location = callerLocation(active?.runner.sourceName);
  const promise = typeof optionsOrFn === "function"
    ? runRecipe({}, optionsOrFn, active?.runner, location)
    : runRecipe(optionsOrFn, maybeFn, active?.runner, location);
  active?.track(promise);
  return promise;
}

async function runRecipe(
  own: RecipeOptions,
  fn: RecipeFunction | undefined,
  runner: RecipeRunner | undefined,
  location: SourceLocation | undefined,
): Promise<RecipeResult> {
  if (typeof fn !== "function") {
    throw new RecipeError("recipe() needs a recipe function as its last argument", {
      source: location,
      hint: 'write recipe({ layout: "de" }, async ({ keyboard }) => { … })',
    });
  }
  let options: ResolvedRecipeOptions;
  try {
    options = resolveRecipeOptions(
      runner === undefined ? own : mergeRecipeOptions(own, runner.overrides),
    );
  } catch (error) {
    throw RecipeError.locate(error, location);
  }
  const actions = await recordActions(fn, { sourceName: runner?.sourceName ?? defaultSourceName });
  if (runner !== undefined) return await runner.run({ actions, options });
  if (options.dryRun) {
    return { actions, timeline: planRecipe(actions, options), options, played: false };
  }
  return await playRecipe(actions, options);
}
