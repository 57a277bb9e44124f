/**
 * The {@linkcode RecipeRunner} of `dextkit run`: dry-runs or plays each recipe the way the command
 * line asks, prints what happened, and keeps every run for `--trace`. TypeScript recipes reach it
 * through `recipe()`; DuckyScript files through `run.ts`, after compiling.
 *
 * @module
 */
import { getLogger } from "../deps/logtape.ts";
import type { Clock } from "../device/clock.ts";
import type { KeyboardParameters } from "../device/virtual_hid_device.ts";
import { DextkitError, ExitCode } from "../errors.ts";
import { dryRunRecords, formatDryRun } from "../recipe/dry_run.ts";
import { planRecipe, type PlayedRecipe, playRecipe } from "../recipe/player.ts";
import type { RecipeOptions } from "../recipe/recipe_options.ts";
import type { RecipeResult, RecipeRunner, RecordedRecipe } from "../recipe/recipe_runtime.ts";
import { deviationStats } from "../recipe/scheduler.ts";
import type { SourceNamer } from "../recipe/source_location.ts";
import type { TraceRun } from "../recipe/trace_export.ts";
import type { CliOutput } from "./output.ts";
import type { LineReader } from "./terminal_input.ts";

/** How `dextkit run` runs recipes, from its command line. */
export interface CliRecipeRunnerOptions {
  /** The recipe file as the user typed it, for messages. */
  readonly file: string;
  /** Options the user set explicitly; they win over the recipe's own. */
  readonly overrides: RecipeOptions;
  /** Names recipe files in locations. */
  readonly sourceName: SourceNamer;
  /** Print JSON instead of text. */
  readonly json: boolean;
  /** Seconds of countdown on standard error before the first recipe plays; 0 for none. */
  readonly countdown: number;
  /** Seconds a button wait lasts at most; it waits for Enter only when undefined. */
  readonly buttonTimeout: number | undefined;
  /** Where to print. */
  readonly output: CliOutput;
  /** Environment variables (`DEXTKIT_DEVICE`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock of countdowns and button timeouts (the recipes' clock comes with the overrides). */
  readonly clock: Clock;
  /** Where Enter comes from. */
  readonly input: LineReader;
}

const logger = getLogger(["dextkit", "cli", "run"]);

/**
 * Runs recorded recipes one at a time (a module that starts two recipes without awaiting the
 * first still plays them one after the other).
 *
 * @example Dry-run a recorded recipe
 * ```ts
 * import { CliRecipeRunner } from "./cli_recipe_runner.ts";
 * import { CapturedOutput } from "./output.ts";
 * import { resolveRecipeOptions } from "../recipe/recipe_options.ts";
 * import { VirtualClock } from "../device/clock.ts";
 *
 * const output = new CapturedOutput();
 * const runner = new CliRecipeRunner({
 *   file: "x.ts",
 *   overrides: { dryRun: true },
 *   sourceName: (url) => url,
 *   json: false,
 *   countdown: 0,
 *   buttonTimeout: undefined,
 *   output,
 *   env: {},
 *   clock: new VirtualClock(),
 *   input: { readLine: () => Promise.resolve(null) },
 * });
 * await runner.run({
 *   actions: [{ type: "press", keys: ["Enter"] }],
 *   options: resolveRecipeOptions({ dryRun: true, seed: 1 }),
 * });
 * console.assert(output.stdout.includes("press Enter"));
 * ```
 */
export class CliRecipeRunner implements RecipeRunner {
  /** Options the user set explicitly. */
  readonly overrides: RecipeOptions;
  /** Names recipe files in locations. */
  readonly sourceName: SourceNamer;
  /** Every run so far, for `--trace`. */
  readonly runs: TraceRun[] = [];
  /** The keyboard identity DuckyScript's `ID` line asked for, if any. */
  keyboardParameters: KeyboardParameters | undefined;
  readonly #options: CliRecipeRunnerOptions;
  #queue: Promise<unknown> = Promise.resolve();
  #countedDown = false;
  #closed = false;

  /**
   * Creates the runner.
   *
   * @param options The command line's choices and the CLI's surroundings.
   */
  constructor(options: CliRecipeRunnerOptions) {
    this.#options = options;
    this.overrides = options.overrides;
    this.sourceName = options.sourceName;
  }

  /**
   * Dry-runs or plays a recorded recipe after the ones before it.
   *
   * @param recipe The actions and resolved options.
   * @returns The outcome.
   */
  run(recipe: RecordedRecipe): Promise<RecipeResult> {
    const result = this.#queue.then(() => this.#run(recipe));
    this.#queue = result.catch(() => {});
    return result;
  }

  /** Refuses every recipe from now on: the command is ending. */
  close(): void {
    this.#closed = true;
  }

  async #run({ actions, options }: RecordedRecipe): Promise<RecipeResult> {
    if (this.#closed) {
      throw new DextkitError(`${this.#options.file} started a recipe after the run ended`, {
        hint: "await every recipe() call at the top level of the module",
        exitCode: ExitCode.Usage,
      });
    }
    const { output, json, file } = this.#options;
    if (options.dryRun) {
      const timeline = planRecipe(actions, options);
      this.runs.push({ name: file, timeline });
      if (json) {
        for (const record of dryRunRecords(timeline)) output.out(JSON.stringify(record));
      } else {
        for (const line of formatDryRun(timeline, file, options)) output.out(line);
      }
      return { actions, timeline, options, played: false };
    }
    const played = await playRecipe(actions, options, {
      env: { get: (name) => this.#options.env[name] },
      ...(this.keyboardParameters === undefined
        ? {}
        : { keyboardParameters: this.keyboardParameters }),
      beforePlay: () => this.#countdown(),
      waitForButton: () => this.#waitForButton(),
    });
    this.runs.push({ name: file, timeline: played.timeline, times: played.times });
    this.#report(played);
    return played;
  }

  async #countdown(): Promise<void> {
    if (this.#countedDown) return;
    this.#countedDown = true;
    const { countdown, output, clock } = this.#options;
    for (let second = countdown; second > 0; second--) {
      output.err(`typing in ${second}…`);
      await clock.sleep(1000);
    }
  }

  async #waitForButton(): Promise<void> {
    const { buttonTimeout, output, clock, input } = this.#options;
    output.err(
      buttonTimeout === undefined
        ? "waiting for the button: press Enter to go on"
        : `waiting for the button: press Enter to go on (or wait ${buttonTimeout} s)`,
    );
    const line = input.readLine().then((text) => {
      if (text === null) logger.info("standard input has ended; going on");
    });
    if (buttonTimeout === undefined) {
      await line;
    } else {
      await Promise.race([line, clock.sleep(buttonTimeout * 1000)]);
    }
  }

  #report(played: PlayedRecipe): void {
    const { output, json, file } = this.#options;
    const { host, timeline } = played;
    const stats = deviationStats(timeline, { times: played.times, buttonWaitMs: 0 });
    const keyEvents = host.events.filter((event) => event.type === "down" || event.type === "up");
    if (json) {
      output.out(JSON.stringify({
        file,
        device: played.device,
        actions: timeline.actions.length,
        durationMs: round(timeline.duration),
        timing: { p50Ms: round(stats.p50), p99Ms: round(stats.p99), maxMs: round(stats.max) },
        text: host.text,
        shortcuts: host.shortcuts,
        events: host.events,
      }));
      return;
    }
    const actions = timeline.actions.length;
    output.out(
      `ran ${file} on ${played.device}: ${actions} action${
        actions === 1 ? "" : "s"
      }, ${keyEvents.length} key events, ${(timeline.duration / 1000).toFixed(2)} s (timing p50 ${
        stats.p50.toFixed(2)
      } ms, p99 ${stats.p99.toFixed(2)} ms)`,
    );
    output.out(`text: ${JSON.stringify(host.text)}`);
    if (host.shortcuts.length > 0) output.out(`shortcuts: ${host.shortcuts.join(", ")}`);
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
