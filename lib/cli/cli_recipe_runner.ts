/**
 * The {@linkcode RecipeRunner} of `dextkit run`: opens each recipe's session the way the command
 * line asks (the device, or for `--dry-run` the simulated Mac with a virtual clock), performs its
 * steps, prints what was played, and keeps every run for `--trace`. TypeScript recipes reach it
 * over the recipe channel from their child process; DuckyScript files through `run.ts`.
 *
 * @module
 */
import { getLogger } from "../deps/logtape.ts";
import type { Clock } from "../device/clock.ts";
import type { KeyboardParameters } from "../device/virtual_hid_device.ts";
import { DextkitError } from "../errors.ts";
import { dryRunRecords, formatDryRun } from "../recipe/dry_run.ts";
import {
  mergeRecipeOptions,
  type RecipeOptions,
  resolveRecipeOptions,
} from "../recipe/recipe_options.ts";
import type { RecipeConnection, RecipeRunner } from "../recipe/recipe_runtime.ts";
import { openRecipeSession, type RecipeResult } from "../recipe/recipe_session.ts";
import { reportTiming } from "../recipe/timeline.ts";
import type { TraceRun } from "../recipe/trace_export.ts";
import type { CliOutput } from "./output.ts";
import type { LineReader } from "./terminal_input.ts";

/** How `dextkit run` runs recipes, from its command line. */
export interface CliRecipeRunnerOptions {
  /** The recipe file as the user typed it, for messages. */
  readonly file: string;
  /** Options the user set explicitly; they win over the recipe's own. */
  readonly overrides: RecipeOptions;
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
  /** Where Enter and prompt answers come from. */
  readonly input: LineReader;
}

const logger = getLogger(["dextkit", "cli", "run"]);

/**
 * Opens recipes for `dextkit run` and reports each when it finishes.
 *
 * @example Dry-run a key press
 * ```ts
 * import { CliRecipeRunner } from "./cli_recipe_runner.ts";
 * import { CapturedOutput } from "./output.ts";
 * import { VirtualClock } from "../device/clock.ts";
 *
 * const output = new CapturedOutput();
 * const runner = new CliRecipeRunner({
 *   file: "x.ts",
 *   overrides: { dryRun: true, seed: 1 },
 *   json: false,
 *   countdown: 0,
 *   buttonTimeout: undefined,
 *   output,
 *   env: {},
 *   clock: new VirtualClock(),
 *   input: { readLine: () => Promise.resolve(null) },
 * });
 * const connection = await runner.open({});
 * await connection.perform({ type: "press", keys: ["Enter"] });
 * await connection.finish();
 * console.assert(output.stdout.includes("press Enter"));
 * ```
 */
export class CliRecipeRunner implements RecipeRunner {
  /** Options the user set explicitly. */
  readonly overrides: RecipeOptions;
  /** Every run so far, for `--trace`. */
  readonly runs: TraceRun[] = [];
  /** The keyboard identity DuckyScript's `ID` line asked for, if any. */
  keyboardParameters: KeyboardParameters | undefined;
  readonly #options: CliRecipeRunnerOptions;
  #countedDown = false;

  /**
   * Creates the runner.
   *
   * @param options The command line's choices and the CLI's surroundings.
   */
  constructor(options: CliRecipeRunnerOptions) {
    this.#options = options;
    this.overrides = options.overrides;
  }

  /**
   * Opens a recipe's session with the command line's options merged into its own.
   *
   * @param own The recipe's own options.
   * @returns The connection; its `finish` prints the report.
   */
  async open(own: RecipeOptions): Promise<RecipeConnection> {
    const options = resolveRecipeOptions(mergeRecipeOptions(own, this.overrides));
    const session = await openRecipeSession(options, {
      env: { get: (name) => this.#options.env[name] },
      ...(this.keyboardParameters === undefined
        ? {}
        : { keyboardParameters: this.keyboardParameters }),
      beforePlay: () => this.#countdown(),
      waitForButton: () => this.#waitForButton(),
      prompt: (message) => this.#prompt(message),
    });
    return {
      perform: (step) => session.runtime.perform(step),
      finish: async (failure) => {
        let result: RecipeResult;
        try {
          result = await session.finish(failure);
        } catch (error) {
          if (options.dryRun) this.#reportDryRunFailure(error);
          throw error;
        }
        this.runs.push({ name: this.#options.file, timeline: result.timeline });
        if (options.dryRun) this.#reportDryRun(result, options);
        else this.#report(result);
        return result;
      },
    };
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

  #prompt(message: string): Promise<string | null> {
    this.#options.output.err(message);
    return this.#options.input.readLine();
  }

  #reportDryRun(result: RecipeResult, options: ReturnType<typeof resolveRecipeOptions>): void {
    const { output, json, file } = this.#options;
    if (json) {
      for (const record of dryRunRecords(result.timeline)) output.out(JSON.stringify(record));
    } else {
      for (const line of formatDryRun(result.timeline, file, options)) output.out(line);
    }
    if (result.stoppedAfterMs !== undefined) {
      output.err(
        `${file}: the dry run stopped after ${
          result.stoppedAfterMs / 1000
        } s of virtual time (--dry-run-for); the recipe would go on`,
      );
    }
  }

  #reportDryRunFailure(error: unknown): void {
    if (!(error instanceof DextkitError) || !/NotCapable|PermissionDenied/.test(error.message)) {
      return;
    }
    this.#options.output.err(
      `${this.#options.file}: in a dry run a recipe cannot type, spawn, write or connect; ` +
        "it tried, and was refused",
    );
  }

  #report(result: RecipeResult): void {
    const { output, json, file } = this.#options;
    const { timeline } = result;
    const keyEvents = timeline.events.filter((event) =>
      event.kind === "keyDown" || event.kind === "keyUp"
    );
    const timing = reportTiming(timeline.events);
    if (json) {
      output.out(JSON.stringify({
        file,
        device: result.device,
        actions: timeline.actions.length,
        durationMs: round(timeline.duration),
        timing: { minGapMs: round(timing.minGap), minHoldMs: round(timing.minHold) },
        text: result.text,
        shortcuts: result.shortcuts,
        events: result.host?.events ?? [],
      }));
      return;
    }
    const actions = timeline.actions.length;
    output.out(
      `ran ${file} on ${result.device}: ${actions} action${
        actions === 1 ? "" : "s"
      }, ${keyEvents.length} key events, ${(timeline.duration / 1000).toFixed(2)} s (reports ≥ ${
        timing.minGap.toFixed(2)
      } ms apart, keys held ≥ ${timing.minHold.toFixed(2)} ms)`,
    );
    output.out(`text: ${JSON.stringify(result.text)}`);
    if (result.shortcuts.length > 0) output.out(`shortcuts: ${result.shortcuts.join(", ")}`);
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
