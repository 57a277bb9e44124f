/**
 * How `recipe()` starts its recipe: through a {@linkcode RecipeRunner}, which opens a
 * connection to a live runtime. Run with `deno run recipe.ts`, the runner is
 * {@linkcode localRecipeRunner}: the device is opened in this process, with the permissions the
 * user gave it. Run with `dextkit run recipe.ts`, the recipe runs in a child process that holds
 * no device privileges, and its runner is the channel to the dextkit process
 * (`recipe_channel.ts`), which opens the device and performs the steps.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";
import type { SourceLocation } from "./action.ts";
import type { RecipeOptions } from "./recipe_options.ts";
import { resolveRecipeOptions } from "./recipe_options.ts";
import { openRecipeSession, type RecipeResult } from "./recipe_session.ts";
import type { StepPerformer } from "./recipe_step.ts";

/** A started recipe: perform its steps, then finish it. */
export interface RecipeConnection extends StepPerformer {
  /**
   * Releases what is left down, closes the device and reports what was played.
   *
   * @param failure What the recipe function threw, if anything.
   * @returns The result.
   * @throws The failure, after everything was released (a dry run's time bound is not one).
   */
  finish(failure?: { readonly error: unknown }): Promise<RecipeResult>;
}

/** What starts recipes. */
export interface RecipeRunner {
  /**
   * Starts a recipe with its own options (the runner may merge the command line's into them).
   *
   * @param own The options the recipe passed to `recipe()`.
   * @param source Where `recipe()` was called, when known.
   * @returns The connection to the runtime.
   * @throws {DextkitError} For bad options or a device that cannot be used.
   */
  open(own: RecipeOptions, source?: SourceLocation): Promise<RecipeConnection>;
}

/**
 * The runner of `deno run recipe.ts`: opens the recipe's device in this process.
 *
 * @example A dry run on the local runner
 * ```ts
 * import { localRecipeRunner } from "./recipe_runtime.ts";
 *
 * const connection = await localRecipeRunner.open({ dryRun: true, seed: 1 });
 * await connection.perform({ type: "press", keys: ["KeyA"] });
 * const result = await connection.finish();
 * console.assert(result.text === "a" && !result.played);
 * ```
 */
export const localRecipeRunner: RecipeRunner = Object.freeze({
  async open(own: RecipeOptions): Promise<RecipeConnection> {
    const session = await openRecipeSession(resolveRecipeOptions(own));
    let finished = false;
    return {
      perform: (step) => {
        if (finished) return Promise.reject(afterFinish());
        return session.runtime.perform(step);
      },
      finish: (failure) => {
        finished = true;
        return session.finish(failure);
      },
    };
  },
});

function afterFinish(): DextkitError {
  return new DextkitError("a recipe step was called after its recipe function had returned", {
    hint: "await every step inside the recipe function",
    exitCode: ExitCode.Usage,
  });
}
