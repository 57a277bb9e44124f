/**
 * What every pipeline step receives: the configuration, the command runner (real, dry-run or
 * scripted), the progress display, the clock its waits use, the file operations it does itself,
 * and the environment. A step is a function `(context, options) → result`, so the same code runs
 * on a Mac, prints a plan with `--dry-run`, and replays recorded tool outputs in tests.
 *
 * In a dry run (`runner.dryRun`), commands are printed and not run; a step then skips checks on
 * their (empty) output and describes with {@linkcode planNote} what is not a command: writing a
 * file, waiting for Apple or for the user.
 *
 * @module
 */
import type { DextkitConfig } from "../config/dextkit_config.ts";
import { type Clock, systemClock } from "../device/clock.ts";
import type { CommandRunner } from "../runner/command_runner.ts";
import { DryRunRunner } from "../runner/dry_run_runner.ts";
import { denoFiles, type PipelineFiles } from "./pipeline_files.ts";
import { type ProductLayout, productLayout } from "./product_layout.ts";

/** One running step. Calls after `succeed` or `fail` do nothing. */
export interface ProgressStep {
  /** Milliseconds since the step started. */
  readonly elapsedMs: number;
  /**
   * Reports what the step is waiting for now.
   *
   * @param text E.g. `"In Progress"`, `"waiting for approval in System Settings"`.
   */
  update(text: string): void;
  /**
   * Ends the step successfully.
   *
   * @param text An optional result, e.g. `"Accepted"`.
   */
  succeed(text?: string): void;
  /**
   * Ends the step with a failure.
   *
   * @param text What went wrong.
   */
  fail(text?: string): void;
}

/**
 * The progress display as the steps use it. The pipeline owns this interface; the CLI implements
 * it (`Progress` in lib/cli/progress.ts: a spinner, plain lines or JSON events).
 */
export interface PipelineProgress {
  /**
   * Starts a step: a spinner or line with the elapsed time, or JSON events.
   *
   * @param step A short machine name, e.g. `notarize`.
   * @param label What people read.
   */
  start(step: string, label?: string): ProgressStep;
  /**
   * Prints a line of information (instructions, an issue list) without breaking the display.
   *
   * @param line The text.
   */
  log(line: string): void;
}

/** Everything a step needs from its surroundings. */
export interface PipelineContext {
  /** The dextkit configuration. */
  readonly config: DextkitConfig;
  /** Paths and names of the products. */
  readonly layout: ProductLayout;
  /** Runs every external tool. */
  readonly runner: CommandRunner;
  /** Shows what is happening. */
  readonly progress: PipelineProgress;
  /** Monotonic time and sleeping, for polling and time limits (a virtual clock in tests). */
  readonly clock: Clock;
  /** Milliseconds since the Unix epoch: build numbers and the state file's timestamp. */
  readonly wallTimeMs: () => number;
  /** File operations the step does itself. */
  readonly files: PipelineFiles;
  /** Reads an environment variable (notary API key names, the state directory). */
  readonly env: (name: string) => string | undefined;
}

/** What {@linkcode createPipelineContext} needs; everything but the first three has a default. */
export interface PipelineContextOptions {
  /** The configuration. */
  readonly config: DextkitConfig;
  /** The runner. */
  readonly runner: CommandRunner;
  /** The progress display. */
  readonly progress: PipelineProgress;
  /** The layout; {@linkcode productLayout} of the configuration when absent. */
  readonly layout?: ProductLayout;
  /** The clock; the system clock when absent. */
  readonly clock?: Clock;
  /** Wall time; `Date.now` when absent. */
  readonly wallTimeMs?: () => number;
  /** File operations; the real file system when absent. */
  readonly files?: PipelineFiles;
  /** The environment; `Deno.env.get` when absent. */
  readonly env?: (name: string) => string | undefined;
}

/**
 * Builds a context, filling in the defaults.
 *
 * @param options The configuration, runner and progress display, and any replacements.
 * @returns The context.
 *
 * @example A dry-run context
 * ```ts
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner: new DryRunRunner(),
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * console.assert(context.layout.projectDir === "/src/dext" && context.runner.dryRun);
 * ```
 */
export function createPipelineContext(options: PipelineContextOptions): PipelineContext {
  return {
    config: options.config,
    layout: options.layout ?? productLayout(options.config),
    runner: options.runner,
    progress: options.progress,
    clock: options.clock ?? systemClock,
    wallTimeMs: options.wallTimeMs ?? (() => Date.now()),
    files: options.files ?? denoFiles,
    env: options.env ?? ((name) => Deno.env.get(name)),
  };
}

/**
 * Adds a `# …` line to a dry-run plan; does nothing in a real run.
 *
 * @param context The step's context.
 * @param text What would happen, e.g. `wait until notarization ends`.
 *
 * @example
 * ```ts
 * import { createPipelineContext, planNote } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const runner = new DryRunRunner();
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner,
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * planNote(context, "wait for approval");
 * console.assert(runner.lines[0] === "# wait for approval");
 * ```
 */
export function planNote(context: PipelineContext, text: string): void {
  if (context.runner instanceof DryRunRunner) context.runner.note(text);
}

/**
 * Writes a file the step generates; in a dry run only notes it in the plan.
 *
 * @param context The step's context.
 * @param path Where.
 * @param text The contents.
 * @param what What it is, for the plan, e.g. `the dext's entitlements`.
 *
 * @example
 * ```ts
 * import { createPipelineContext, writeGeneratedFile } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const runner = new DryRunRunner();
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner,
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * await writeGeneratedFile(context, "/src/dext/build/x.plist", "<plist/>", "a plist");
 * console.assert(runner.lines[0] === "# write /src/dext/build/x.plist (a plist)");
 * ```
 */
export async function writeGeneratedFile(
  context: PipelineContext,
  path: string,
  text: string,
  what: string,
): Promise<void> {
  if (context.runner.dryRun) {
    planNote(context, `write ${path} (${what})`);
    return;
  }
  await context.files.writeText(path, text);
}
