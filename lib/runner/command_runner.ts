/**
 * The one way dextkit runs an external program: a {@linkcode CommandRunner}.
 *
 * Every macOS tool (xcodebuild, codesign, notarytool, stapler, systemextensionsctl, the manager
 * app, …) goes through this interface, so every pipeline step and doctor check runs on Linux
 * against a fake. Three implementations:
 *
 * - `DenoCommandRunner` (`deno_command_runner.ts`) runs the program with `Deno.Command`:
 *   output streamed line by line, captured, a timeout that stops the whole process tree.
 * - `DryRunRunner` (`dry_run_runner.ts`) runs nothing: it records and prints each command as a
 *   shell line with secrets redacted (`--dry-run`), and answers with success.
 * - `ScriptedRunner` (`scripted_runner.ts`) replays recorded outputs in order, for tests, and
 *   fails on any command it did not expect.
 *
 * A step branches on {@linkcode CommandResult.code} and {@linkcode CommandResult.timedOut}; a
 * runner throws only when a command could not be started at all (missing tool, missing
 * working directory) or was not expected (the scripted fake).
 *
 * @module
 */

/** A program to run. */
export interface CommandSpec {
  /** The executable: a name looked up on `PATH` (`xcrun`) or a path. */
  readonly cmd: string;
  /** The arguments, one string each (no shell is involved). */
  readonly args: readonly string[];
  /** The working directory; the current one when absent. */
  readonly cwd?: string;
  /** Environment variables to add to (or override in) dextkit's own environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Stop the program after this many milliseconds; no limit when absent. */
  readonly timeoutMs?: number;
  /** What to write to the program's standard input (then closed); none when absent. */
  readonly stdin?: string | Uint8Array;
  /**
   * Values that must never be printed or logged: a password passed as an argument or through
   * the environment. Printed commands show {@linkcode REDACTED} instead, wherever they occur.
   */
  readonly secrets?: readonly string[];
}

/** Callbacks for output as it arrives, one call per line (without its line break). */
export interface RunHandlers {
  /** Called for each line of standard output. */
  readonly onStdoutLine?: (line: string) => void;
  /** Called for each line of standard error. */
  readonly onStderrLine?: (line: string) => void;
}

/** How a program ended. */
export interface CommandResult {
  /**
   * The exit code; for a program stopped by a signal, 128 + the signal number (143 for the
   * SIGTERM a timeout sends, 137 for SIGKILL).
   */
  readonly code: number;
  /** Everything written to standard output. */
  readonly stdout: string;
  /** Everything written to standard error. */
  readonly stderr: string;
  /** The program was stopped because it ran past {@linkcode CommandSpec.timeoutMs}. */
  readonly timedOut: boolean;
  /** How long it ran, in milliseconds. */
  readonly durationMs: number;
}

/**
 * Runs external programs.
 *
 * @example A runner-agnostic step
 * ```ts
 * import type { CommandRunner } from "./command_runner.ts";
 * import { DryRunRunner } from "./dry_run_runner.ts";
 *
 * async function verify(runner: CommandRunner, app: string): Promise<boolean> {
 *   const result = await runner.run({ cmd: "codesign", args: ["--verify", "--strict", app] });
 *   return result.code === 0;
 * }
 *
 * const runner = new DryRunRunner();
 * console.assert(await verify(runner, "App.app"));
 * console.assert(runner.plan[0]?.line === "codesign --verify --strict App.app");
 * ```
 */
export interface CommandRunner {
  /**
   * `true` when commands are only printed, not run: a step then skips work that is not a
   * command (writing files) and describes it instead.
   */
  readonly dryRun: boolean;
  /**
   * Runs a program to completion.
   *
   * @param command What to run.
   * @param handlers Callbacks for each output line as it arrives.
   * @returns How it ended; a non-zero exit code is a result, not an exception.
   * @throws {ToolNotFoundError} When the executable does not exist.
   */
  run(command: CommandSpec, handlers?: RunHandlers): Promise<CommandResult>;
}

/**
 * Replaces secrets in printed commands; re-exported here so runner users need one import.
 *
 * @example
 * ```ts
 * import { REDACTED } from "./command_runner.ts";
 *
 * console.assert(REDACTED === "[REDACTED]");
 * ```
 */
export { REDACTED } from "../config/redact_secrets.ts";
