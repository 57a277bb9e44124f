/**
 * The error for a bad or incomplete dextkit configuration.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";

/** One problem in a configuration: where (`dextkit.signing.teamId`) and what. */
export interface ConfigProblem {
  /** The key path, `dextkit.` and the keys down to the value. */
  readonly keyPath: string;
  /** One line that starts with the key path. */
  readonly message: string;
}

/**
 * A configuration file that cannot be used: unreadable JSON, an unknown key, a value of the
 * wrong form, a secret written into the file, or a setting a step needs but nobody set. The
 * message names the file and the key path (`dextkit.signing.distributionIdentity`); exit code 2.
 *
 * @example
 * ```ts
 * import { ConfigError } from "./config_error.ts";
 *
 * const error = new ConfigError("deno.json: dextkit.teamId is \"abc\"; expected 10 upper-case letters or digits", {
 *   keyPath: "dextkit.teamId",
 *   hint: "your team id is on developer.apple.com under Membership",
 * });
 * console.assert(error.exitCode === 2 && error.keyPath === "dextkit.teamId");
 * ```
 */
export class ConfigError extends DextkitError {
  /** The offending key path (`dextkit.…`), when the problem has one; the first of several. */
  readonly keyPath: string | undefined;
  /** Every problem found, each with its key path; empty when the error is about the file. */
  readonly problems: readonly ConfigProblem[];

  /**
   * Creates the error.
   *
   * @param message One line naming the file and the key.
   * @param options The key path, every problem, a hint and the underlying error.
   */
  constructor(
    message: string,
    options: {
      readonly keyPath?: string;
      readonly problems?: readonly ConfigProblem[];
      readonly hint?: string;
      readonly cause?: unknown;
    } = {},
  ) {
    super(message, {
      hint: options.hint ?? "",
      exitCode: ExitCode.Usage,
      cause: options.cause,
    });
    this.keyPath = options.keyPath;
    this.problems = options.problems ?? [];
  }
}
