/**
 * What the pipeline commands share on the command line: refusing at once on anything but macOS
 * (unless `--dry-run`), loading the configuration, choosing the runner (real, or the dry-run
 * printer), the progress display (spinner on a terminal, plain lines otherwise, JSON events with
 * `--json`), and printing the result.
 *
 * Output: a dry-run plan and `--json` events go to standard output; progress and notices to
 * standard error. With `--json` the last line is `{"event":"result","command":…,…}`.
 *
 * @module
 */
import { resolve } from "node:path";
import type { Clock } from "../../device/clock.ts";
import { type DextkitConfig, resolveConfig } from "../../config/dextkit_config.ts";
import { loadConfig } from "../../config/load_config.ts";
import { redactSecrets } from "../../config/redact_secrets.ts";
import { createPipelineContext, type PipelineContext } from "../../pipeline/pipeline_context.ts";
import type { PipelineFiles } from "../../pipeline/pipeline_files.ts";
import type { CommandRunner } from "../../runner/command_runner.ts";
import { DenoCommandRunner } from "../../runner/deno_command_runner.ts";
import { DryRunRunner } from "../../runner/dry_run_runner.ts";
import { answerBuildNumberQueries } from "../../pipeline/build_number.ts";
import { needsMacOS } from "../../runner/needs_macos.ts";
import { type CliOutput, processOutput } from "../output.ts";
import { Progress, progressModeFor } from "../progress.ts";
import type { LineReader } from "../terminal_input.ts";

/** The options every pipeline command has. */
export interface PipelineCommandOptions {
  /** `--config`: a project directory or configuration file; the current directory when absent. */
  readonly config?: string | undefined;
  /** `--dry-run`. */
  readonly dryRun?: boolean | undefined;
  /** `--json`. */
  readonly json?: boolean | undefined;
}

/** What the pipeline commands need from their surroundings; tests replace the defaults. */
export interface PipelineCliDeps {
  /** Where to print. */
  readonly output: CliOutput;
  /** The environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock waits use; the system clock when absent. */
  readonly clock?: Clock | undefined;
  /** Where answers to questions are read from; questions are not asked without it. */
  readonly input?: LineReader | undefined;
  /** Whether a person can answer questions; a terminal on both ends when absent. */
  readonly interactive?: boolean | undefined;
  /** The operating system; `Deno.build.os` when absent. */
  readonly os?: string | undefined;
  /** The runner for real runs; `DenoCommandRunner` when absent. */
  readonly runner?: CommandRunner | undefined;
  /** File operations; the real file system when absent. */
  readonly files?: PipelineFiles | undefined;
  /** The directory `--config` defaults to; the current directory when absent. */
  readonly cwd?: string | undefined;
  /** Wall time; `Date.now` when absent. */
  readonly wallTimeMs?: (() => number) | undefined;
}

/** What a command prints about its result. */
export interface CommandReport {
  /** Lines for standard output (text mode). */
  readonly lines: readonly string[];
  /** The result object (`--json` mode). */
  readonly json: Readonly<Record<string, unknown>>;
  /** The exit code; 0 when absent. */
  readonly exitCode?: number;
}

/** How one pipeline command runs. */
export interface PipelineCommand<T> {
  /** The command's name, e.g. `install-dext`. */
  readonly name: string;
  /** Whether it reads the configuration (`reboot` does not). */
  readonly needsConfig: boolean;
  /** The work. */
  readonly run: (context: PipelineContext, ask: Asker | undefined) => Promise<T>;
  /** What to print afterwards (not in a dry run). */
  readonly report: (result: T) => CommandReport;
}

/** Asks a yes/no question; resolves with the answer. */
export type Asker = (question: string) => Promise<boolean>;

const encoder = new TextEncoder();

/**
 * Runs a pipeline command: the macOS check, the configuration, the context, the work, the report.
 *
 * @param command The command.
 * @param options The shared options.
 * @param deps The surroundings.
 * @returns The exit code.
 * @throws {NeedsMacOSError} Without `--dry-run` on anything but macOS.
 * @throws {ConfigError} For a bad configuration.
 *
 * @example A dry run prints its plan
 * ```ts
 * import { runPipelineCommand } from "./pipeline_cli.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const output = new CapturedOutput();
 * const code = await runPipelineCommand({
 *   name: "demo",
 *   needsConfig: false,
 *   run: (context) => context.runner.run({ cmd: "csrutil", args: ["status"] }),
 *   report: () => ({ lines: [], json: {} }),
 * }, { dryRun: true }, { output, env: {}, cwd: "/tmp" });
 * console.assert(code === 0 && output.outLines.includes("csrutil status"));
 * ```
 */
export async function runPipelineCommand<T>(
  command: PipelineCommand<T>,
  options: PipelineCommandOptions,
  deps: PipelineCliDeps,
): Promise<number> {
  const dryRun = options.dryRun === true;
  const json = options.json === true;
  const { output } = deps;
  if (!dryRun) needsMacOS(command.name, deps.os ?? Deno.build.os);
  const cwd = deps.cwd ?? Deno.cwd();
  const config: DextkitConfig = command.needsConfig
    ? await loadConfig(options.config ?? cwd)
    : resolveConfig(undefined, { root: resolve(cwd) });
  const clock = deps.clock;
  const progress = new Progress({
    mode: progressModeFor({ json, isTerminal: !json && stderrIsTerminal(output) }),
    write: progressWriter(output, json),
    // An injected (virtual) clock has no real time to tick in: elapsed times only.
    ...(clock === undefined ? {} : { timer: { now: () => clock.now(), every: () => () => {} } }),
  });
  let runner: CommandRunner;
  if (dryRun) {
    output.out(`# dextkit ${command.name} --dry-run: the commands it would run, in order`);
    runner = new DryRunRunner({
      print: (line) => output.out(line),
      // The plan shows the build number the build would stamp, so git is asked for real.
      respond: answerBuildNumberQueries,
    });
  } else {
    runner = deps.runner ?? new DenoCommandRunner();
  }
  const context = createPipelineContext({
    config,
    runner,
    progress,
    env: (name) => deps.env[name],
    ...(clock === undefined ? {} : { clock }),
    ...(deps.files === undefined ? {} : { files: deps.files }),
    ...(deps.wallTimeMs === undefined ? {} : { wallTimeMs: deps.wallTimeMs }),
  });
  const result = await command.run(context, dryRun || json ? undefined : asker(deps));
  if (dryRun) return 0;
  const report = command.report(result);
  if (json) {
    output.out(
      JSON.stringify(redactSecrets({ event: "result", command: command.name, ...report.json })),
    );
  } else {
    for (const line of report.lines) output.out(line);
  }
  return report.exitCode ?? 0;
}

function stderrIsTerminal(output: CliOutput): boolean {
  return output === processOutput && Deno.stderr.isTerminal();
}

/** Raw text to the terminal for the spinner; otherwise whole lines to the right stream. */
function progressWriter(output: CliOutput, json: boolean): (text: string) => void {
  if (!json && stderrIsTerminal(output)) {
    return (text) => {
      const bytes = encoder.encode(text);
      let written = 0;
      while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
    };
  }
  let pending = "";
  return (text) => {
    pending += text;
    let newline = pending.indexOf("\n");
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (json) output.out(line);
      else output.err(line);
      newline = pending.indexOf("\n");
    }
  };
}

function asker(deps: PipelineCliDeps): Asker | undefined {
  const interactive = deps.interactive ??
    (deps.output === processOutput && Deno.stdin.isTerminal() && Deno.stderr.isTerminal());
  const input = deps.input;
  if (!interactive || input === undefined) return undefined;
  return async (question) => {
    deps.output.err(question);
    const answer = await input.readLine();
    return answer !== null && /^\s*y(es)?\s*$/i.test(answer);
  };
}
