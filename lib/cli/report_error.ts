/**
 * Turns an error into what the CLI prints and the exit code it ends with.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";

/** What to print for an error, and the exit code. */
export interface ErrorReport {
  /** Lines for standard error. */
  readonly lines: readonly string[];
  /** The documented exit code. */
  readonly exitCode: ExitCode;
}

/**
 * Describes an error in one readable line plus a hint. A stack trace is added only when
 * `verbose` is set; an error that is not a {@linkcode DextkitError} is a bug in dextkit and says so.
 *
 * @param error What was thrown.
 * @param verbose Whether `-v/--verbose` was given.
 * @returns The lines to print and the exit code.
 *
 * @example Report a known error
 * ```ts
 * import { reportError } from "./report_error.ts";
 * import { DextkitError, ExitCode } from "../errors.ts";
 *
 * const report = reportError(
 *   new DextkitError("unknown key name \"Entr\"", { hint: "see dextkit keys", exitCode: ExitCode.Usage }),
 *   false,
 * );
 * console.assert(report.lines[0] === "error: unknown key name \"Entr\"");
 * console.assert(report.exitCode === 2);
 * ```
 */
export function reportError(error: unknown, verbose: boolean): ErrorReport {
  const lines: string[] = [];
  let exitCode: ExitCode = ExitCode.Failure;
  if (error instanceof DextkitError) {
    lines.push(`error: ${error.message}`);
    if (error.hint) lines.push(`hint: ${error.hint}`);
    exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`error: unexpected failure: ${message}`);
    lines.push(
      "hint: this is a bug in dextkit; run again with --verbose and report the stack trace",
    );
  }
  if (verbose && error instanceof Error && error.stack) lines.push(error.stack);
  return { lines, exitCode };
}

/** How a `--json` command reports an error: one JSON object on standard output. */
export interface ErrorDocument {
  /** The error. */
  readonly error: {
    /** The error class (`UnknownCodeError`, `CommandLineError`…), `Error` for a bug. */
    readonly name: string;
    /** The one-line message. */
    readonly message: string;
    /** What to do; empty when there is nothing useful to say. */
    readonly hint: string;
    /** The exit code the command ends with. */
    readonly exitCode: ExitCode;
    /** The stack trace, only with `--verbose`. */
    readonly stack?: string;
  };
}

/**
 * Describes an error for a `--json` command: the same message, hint and exit code as
 * {@linkcode reportError}, as one JSON document.
 *
 * @param error What was thrown.
 * @param verbose Whether `-v/--verbose` was given (adds the stack).
 * @returns The document to print with `JSON.stringify`.
 *
 * @example
 * ```ts
 * import { errorDocument } from "./report_error.ts";
 * import { DextkitError, ExitCode } from "../errors.ts";
 *
 * const document = errorDocument(new DextkitError("no such code", { exitCode: ExitCode.Usage }), false);
 * console.assert(document.error.message === "no such code" && document.error.exitCode === 2);
 * ```
 */
export function errorDocument(error: unknown, verbose: boolean): ErrorDocument {
  const report = reportError(error, false);
  const field = (prefix: string): string =>
    report.lines.find((line) => line.startsWith(prefix))?.slice(prefix.length) ?? "";
  const stack = verbose && error instanceof Error && error.stack ? { stack: error.stack } : {};
  return {
    error: {
      name: error instanceof DextkitError ? error.name : "Error",
      message: field("error: "),
      hint: field("hint: "),
      exitCode: report.exitCode,
      ...stack,
    },
  };
}
