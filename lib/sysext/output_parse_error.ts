/**
 * The one error every `lib/sysext` parser raises on input it cannot read.
 *
 * A parser never crashes on bad input: truncated, garbled or reworded tool output ends in an
 * {@linkcode OutputParseError} that says what was being parsed, where, and what was wrong.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";

/**
 * Tool output or a file that a parser could not read.
 *
 * The message reads `could not parse <what> (line N): <detail>`; the line part is left out when
 * the problem has no single line (a missing plist key, say).
 *
 * @example Describe a bad line
 * ```ts
 * import { OutputParseError } from "./output_parse_error.ts";
 *
 * const error = new OutputParseError("systemextensionsctl list", "a row has 3 columns, expected 6", 4);
 * console.assert(error.message === "could not parse systemextensionsctl list (line 4): a row has 3 columns, expected 6");
 * console.assert(error.line === 4);
 * ```
 */
export class OutputParseError extends DextkitError {
  /** What was being parsed, e.g. `"systemextensionsctl list"`. */
  readonly what: string;
  /** The 1-based line the problem is on, when there is one. */
  readonly line: number | undefined;
  /** What was wrong, without the `could not parse` prefix. */
  readonly detail: string;

  /**
   * Creates the error.
   *
   * @param what What was being parsed (a command or file name).
   * @param detail What was wrong.
   * @param line The 1-based line, when the problem has one.
   * @param cause The underlying error, e.g. a JSON or plist syntax error.
   */
  constructor(what: string, detail: string, line?: number, cause?: unknown) {
    super(
      `could not parse ${what}${line === undefined ? "" : ` (line ${line})`}: ${detail}`,
      {
        hint: "run the command by hand to see its output; if macOS changed the format, " +
          "report it to dextkit together with that output",
        exitCode: ExitCode.Failure,
        cause,
      },
    );
    this.what = what;
    this.line = line;
    this.detail = detail;
  }
}
