/**
 * The process-wide hook between `recipe()` and `dextkit run`.
 *
 * Run with `deno run recipe.ts`, `recipe()` plays its recipe itself. Run with `dextkit run
 * recipe.ts`, the CLI first installs a {@linkcode RecipeRunner}, then imports the module: each
 * `recipe()` call records its actions as usual and hands them to the runner, which dry-runs,
 * traces or plays them the way the command line asks. The options the user set on the command
 * line (`--device`, `--layout`, `--keyboard-type`, `--seed`, `--dry-run`) win over the recipe's
 * own; every option the command line leaves unset is the recipe's.
 *
 * The runner is kept on `globalThis` under a registered symbol rather than in a module variable,
 * so a recipe that imports dextkit through another URL (another copy of `mod.ts`) still finds it.
 *
 * @module
 */
import type { SimulatedHost } from "../host/simulated_host.ts";
import type { Action } from "./action.ts";
import type { RecipeOptions, ResolvedRecipeOptions } from "./recipe_options.ts";
import type { SourceNamer } from "./source_location.ts";
import type { Timeline } from "./timeline.ts";

/** What `recipe()` resolves to. */
export interface RecipeResult {
  /** The recorded actions. */
  readonly actions: readonly Action[];
  /** The planned timeline, with the final release when the recipe left keys down. */
  readonly timeline: Timeline;
  /** The options the recipe ran with. */
  readonly options: ResolvedRecipeOptions;
  /** Whether it was played on a device (false for a dry run). */
  readonly played: boolean;
  /** The device backend's name, when played. */
  readonly device?: string;
  /**
   * The host that saw the reports, when played: the simulated Mac of `sim`, or a simulated mirror
   * of the reports sent to a real device. Its `text` is what a Mac with the recipe's layout shows.
   */
  readonly host?: SimulatedHost;
  /** When each timeline event was really posted, in milliseconds from the start, when played. */
  readonly times?: Float64Array;
}

/** A recipe that was recorded and waits to be run. */
export interface RecordedRecipe {
  /** The recorded actions. */
  readonly actions: readonly Action[];
  /** Its options, the command line's merged in, resolved. */
  readonly options: ResolvedRecipeOptions;
}

/** What the CLI installs to run the recipes of a module it imports. */
export interface RecipeRunner {
  /** Options the user set on the command line; they win over the recipe's own. */
  readonly overrides: RecipeOptions;
  /** Names recipe files in locations (the path as the user typed it); the file path when omitted. */
  readonly sourceName?: SourceNamer;
  /**
   * Runs a recorded recipe: dry run, trace or play.
   *
   * @param recipe The actions and options.
   * @returns The outcome `recipe()` resolves to.
   */
  run(recipe: RecordedRecipe): Promise<RecipeResult>;
}

/** An installed runner; dispose of it to uninstall. */
export interface RecipeRunnerInstallation extends Disposable {
  /**
   * Waits until every `recipe()` started while the runner was installed has finished, also ones
   * the module did not await.
   *
   * @returns How many recipes ran.
   * @throws The first error a recipe threw.
   */
  settled(): Promise<number>;
}

/** The installed runner and the recipes started under it. */
export interface ActiveRecipeRunner {
  /** The runner. */
  readonly runner: RecipeRunner;
  /**
   * Records a started recipe, so {@linkcode RecipeRunnerInstallation.settled} waits for it.
   *
   * @param recipe The promise `recipe()` returns.
   */
  track(recipe: Promise<unknown>): void;
}

const RUNNER_KEY = Symbol.for("dextkit.recipeRunner");

type RunnerSlot = { [RUNNER_KEY]?: ActiveRecipeRunner | undefined };

/**
 * Installs a runner: until the installation is disposed of, every `recipe()` call hands its
 * recorded actions to `runner.run` instead of playing them.
 *
 * @param runner The runner.
 * @returns The installation: wait for the recipes with `settled()`, uninstall with `using` or
 * `[Symbol.dispose]()`, which restores the runner installed before.
 *
 * @example Collect the actions of a recipe instead of playing them
 * ```ts
 * import { installRecipeRunner, type RecordedRecipe } from "./recipe_runtime.ts";
 * import { recipe } from "./recipe.ts";
 * import { buildTimeline } from "./timeline.ts";
 *
 * const seen: RecordedRecipe[] = [];
 * {
 *   using installation = installRecipeRunner({
 *     overrides: { layout: "fr" },
 *     run: (recorded) => {
 *       seen.push(recorded);
 *       const timeline = buildTimeline(recorded.actions, {
 *         planText: () => [],
 *         ...recorded.options,
 *       });
 *       return Promise.resolve({ ...recorded, timeline, played: false });
 *     },
 *   });
 *   recipe({ layout: "de", delay: 5 }, ({ keyboard }) => keyboard.press("Enter"));
 *   console.assert(await installation.settled() === 1);
 * }
 * console.assert(seen[0]?.options.layout.id === "fr" && seen[0].options.delay === 5);
 * ```
 */
export function installRecipeRunner(runner: RecipeRunner): RecipeRunnerInstallation {
  const slot = globalThis as RunnerSlot;
  const previous = slot[RUNNER_KEY];
  const started: Promise<unknown>[] = [];
  const active: ActiveRecipeRunner = {
    runner,
    track: (recipe) => {
      // Keep an unawaited recipe's failure from being reported as unhandled before settled().
      recipe.catch(() => {});
      started.push(recipe);
    },
  };
  slot[RUNNER_KEY] = active;
  return {
    async settled(): Promise<number> {
      let count = 0;
      while (count < started.length) {
        await started[count];
        count++;
      }
      return count;
    },
    [Symbol.dispose](): void {
      if (slot[RUNNER_KEY] === active) slot[RUNNER_KEY] = previous;
    },
  };
}

/**
 * The runner `recipe()` hands its actions to, if `dextkit run` (or a test) installed one.
 *
 * @returns The active runner, or `undefined` when recipes play themselves.
 *
 * @example No runner in a plain script
 * ```ts
 * import { activeRecipeRunner } from "./recipe_runtime.ts";
 *
 * console.assert(activeRecipeRunner() === undefined);
 * ```
 */
export function activeRecipeRunner(): ActiveRecipeRunner | undefined {
  return (globalThis as RunnerSlot)[RUNNER_KEY];
}
