/**
 * The one error a DuckyScript compile throws: located, naming the offending text, and for unknown
 * names listing the closest valid ones.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../../errors.ts";
import type { SourceLocation } from "../action.ts";

/**
 * What {@linkcode DuckyScriptError} needs to know.
 *
 * @example Details of an unknown key
 * ```ts
 * import { DuckyScriptError, type DuckyScriptErrorDetails } from "./ducky_script_error.ts";
 *
 * const details: DuckyScriptErrorDetails = {
 *   source: { file: "a.txt", line: 2, column: 5 },
 *   what: "unknown key",
 *   text: "ENTR",
 *   suggestions: ["ENTER"],
 * };
 * console.assert(new DuckyScriptError(details).text === "ENTR");
 * ```
 */
export interface DuckyScriptErrorDetails {
  /** Where the offending text starts. */
  readonly source: SourceLocation;
  /** What is wrong, as a phrase that the offending text completes (`unknown command`). */
  readonly what: string;
  /** The offending text as written. */
  readonly text: string;
  /** The closest valid names, closest first; empty or omitted when there is nothing to offer. */
  readonly suggestions?: readonly string[];
  /** What the user can do about it. */
  readonly hint?: string;
}

const DEFAULT_HINT = "see the DuckyScript notes in lib/recipe/ducky/mod.ts for the accepted syntax";

/**
 * A DuckyScript file that cannot be compiled. The message reads
 * `file:line:col: <what> "<offending text>" (did you mean A, B?)`; the exit code is
 * {@linkcode ExitCode.Usage}.
 *
 * @example Describe an unknown command
 * ```ts
 * import { DuckyScriptError } from "./ducky_script_error.ts";
 *
 * const error = new DuckyScriptError({
 *   source: { file: "hello.txt", line: 3, column: 1 },
 *   what: "unknown command",
 *   text: "STRIGN",
 *   suggestions: ["STRING", "STRINGLN"],
 * });
 * console.assert(
 *   error.message === 'hello.txt:3:1: unknown command "STRIGN" (did you mean STRING, STRINGLN?)',
 * );
 * console.assert(error.exitCode === 2);
 * ```
 */
export class DuckyScriptError extends DextkitError {
  /** Where the offending text starts. */
  readonly source: SourceLocation;
  /** The offending text as written. */
  readonly text: string;
  /** The closest valid names, closest first; empty when there is nothing to offer. */
  readonly suggestions: readonly string[];

  /**
   * Creates the error.
   *
   * @param details The location, the problem, the offending text, suggestions and a hint.
   */
  constructor(details: DuckyScriptErrorDetails) {
    const suggestions = details.suggestions ?? [];
    const { file, line, column } = details.source;
    const didYouMean = suggestions.length === 0 ? "" : ` (did you mean ${suggestions.join(", ")}?)`;
    super(
      `${file}:${line}:${column}: ${details.what} ${JSON.stringify(details.text)}${didYouMean}`,
      { hint: details.hint ?? DEFAULT_HINT, exitCode: ExitCode.Usage },
    );
    this.source = details.source;
    this.text = details.text;
    this.suggestions = suggestions;
  }
}
