/**
 * Plays actions as a dry run (the simulated Mac on a virtual clock) for tests, and returns what
 * was played.
 *
 * @module
 */
import type { Action } from "../lib/recipe/action.ts";
import type { RecipeOptions } from "../lib/recipe/recipe_options.ts";
import { localRecipeRunner } from "../lib/recipe/recipe_runtime.ts";
import type { RecipeResult } from "../lib/recipe/recipe_session.ts";

export async function played(
  actions: readonly Action[],
  options: RecipeOptions = {},
): Promise<RecipeResult> {
  const connection = await localRecipeRunner.open({ seed: 1, ...options, dryRun: true });
  let failure: { error: unknown } | undefined;
  try {
    for (const action of actions) await connection.perform(action);
  } catch (error) {
    failure = { error };
  }
  return await connection.finish(failure);
}
