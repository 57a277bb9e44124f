/**
 * The error base class every dextkit error extends, and the documented exit codes.
 *
 * Every error that dextkit raises on purpose is a {@linkcode DextkitError}: a one-line human
 * message, a `hint` that says what to do next, and the exit code the CLI ends with. The CLI prints
 * `error: <message>` and `hint: <hint>`; a stack trace only appears with `--verbose`.
 *
 * @module
 */

/**
 * Exit codes of the `dextkit` command. They are part of the public contract: scripts and CI
 * pipelines may branch on them.
 *
 * | code | name             | meaning                                                           |
 * |------|------------------|-------------------------------------------------------------------|
 * | 0    | Ok               | done                                                              |
 * | 1    | Failure          | the operation failed (a report could not be delivered, a tool failed) |
 * | 2    | Usage            | bad command line or bad input (unknown key name, malformed recipe) |
 * | 3    | RebootRequired   | the change takes effect after a reboot                            |
 * | 4    | Timeout          | a wait timed out (device not ready, approval not given)           |
 * | 5    | DeviceUnavailable| the driver is missing, refused the connection, or crashed        |
 * | 6    | NeedsMacOS       | the command needs macOS; `--dry-run` shows the plan elsewhere     |
 * | 130  | Interrupted      | stopped by SIGINT after releasing every key and button            |
 * | 143  | Terminated       | stopped by SIGTERM after releasing every key and button           |
 *
 * @example Branch on an exit code
 * ```ts
 * import { ExitCode } from "./errors.ts";
 *
 * console.assert(ExitCode.Usage === 2);
 * ```
 */
export const ExitCode = {
  Ok: 0,
  Failure: 1,
  Usage: 2,
  RebootRequired: 3,
  Timeout: 4,
  DeviceUnavailable: 5,
  NeedsMacOS: 6,
  Interrupted: 130,
  Terminated: 143,
} as const;

/** One of the documented exit codes in {@linkcode ExitCode}. */
export type ExitCode = typeof ExitCode[keyof typeof ExitCode];

/** Options shared by every {@linkcode DextkitError}. */
export interface DextkitErrorOptions {
  /** What the user can do about it, in one sentence. */
  readonly hint?: string;
  /** The exit code the CLI ends with; {@linkcode ExitCode.Failure} when omitted. */
  readonly exitCode?: ExitCode;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * Base class of every error dextkit raises on purpose.
 *
 * @example Raise and describe an error
 * ```ts
 * import { DextkitError, ExitCode } from "./errors.ts";
 *
 * const error = new DextkitError("the driver is not installed", {
 *   hint: "run `deno task install-dext`",
 *   exitCode: ExitCode.DeviceUnavailable,
 * });
 * console.assert(error.exitCode === 5);
 * console.assert(error.hint === "run `deno task install-dext`");
 * ```
 */
export class DextkitError extends Error {
  /** What the user can do about it; empty when there is nothing useful to say. */
  readonly hint: string;
  /** The exit code the CLI ends with. */
  readonly exitCode: ExitCode;

  /**
   * Creates an error with a human message.
   *
   * @param message One line saying what went wrong, naming the offending value.
   * @param options The hint, the exit code and the cause.
   */
  constructor(message: string, options: DextkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint ?? "";
    this.exitCode = options.exitCode ?? ExitCode.Failure;
  }
}
