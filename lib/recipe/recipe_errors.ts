/**
 * The error a recipe raises: a bad step or option, located at the recipe line it came from when
 * that is known (`recipes/x.ts:12:18: unknown key name "Entr" …`).
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";
import type { SourceLocation } from "./action.ts";

/**
 * Formats a location the way compilers and editors link it: `file:line:column`.
 *
 * @param source The location.
 * @returns `file:line:column`.
 *
 * @example
 * ```ts
 * import { formatSourceLocation } from "./recipe_errors.ts";
 *
 * console.assert(formatSourceLocation({ file: "x.ts", line: 3, column: 9 }) === "x.ts:3:9");
 * ```
 */
export function formatSourceLocation(source: SourceLocation): string {
  return `${source.file}:${source.line}:${source.column}`;
}

/** Options of {@linkcode RecipeError}. */
export interface RecipeErrorOptions {
  /** Where in the recipe it went wrong; the message starts with it when given. */
  readonly source?: SourceLocation | undefined;
  /** What the user can do about it. */
  readonly hint?: string;
  /** The exit code; {@linkcode ExitCode.Usage} when omitted. */
  readonly exitCode?: ExitCode;
  /** The underlying error. */
  readonly cause?: unknown;
}

/**
 * A recipe that cannot be recorded or played as written: an unknown key name, a bad option, a
 * character the layout cannot type. Exit code {@linkcode ExitCode.Usage} unless the cause says
 * otherwise.
 *
 * @example Locate an error in a recipe file
 * ```ts
 * import { RecipeError } from "./recipe_errors.ts";
 *
 * const error = new RecipeError("wait -1 ms is not a non-negative number", {
 *   source: { file: "recipes/x.ts", line: 4, column: 9 },
 *   hint: "give waits in milliseconds",
 * });
 * console.assert(error.message === "recipes/x.ts:4:9: wait -1 ms is not a non-negative number");
 * console.assert(error.exitCode === 2);
 * ```
 */
export class RecipeError extends DextkitError {
  /** Where in the recipe it went wrong, when known. */
  readonly source: SourceLocation | undefined;

  /**
   * Creates the error.
   *
   * @param message One line naming the offending value, without the location.
   * @param options The location, hint, exit code and cause.
   */
  constructor(message: string, options: RecipeErrorOptions = {}) {
    const where = options.source === undefined ? "" : `${formatSourceLocation(options.source)}: `;
    super(`${where}${message}`, {
      hint: options.hint ?? "",
      exitCode: options.exitCode ?? ExitCode.Usage,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.source = options.source;
  }

  /**
   * Wraps an error raised by a recipe step so its message starts with the step's location. A
   * {@linkcode DextkitError} keeps its message, hint and exit code; any other error becomes a
   * usage error that names it.
   *
   * @param error What the step threw.
   * @param source Where the step is in the recipe.
   * @returns The located error; `error` itself when it is already a located `RecipeError` or
   * there is no location.
   *
   * @example Locate an unknown key name
   * ```ts
   * import { RecipeError } from "./recipe_errors.ts";
   * import { resolveKey } from "../hid/key_names.ts";
   *
   * try {
   *   resolveKey("Entr");
   * } catch (error) {
   *   const located = RecipeError.locate(error, { file: "r.ts", line: 2, column: 5 });
   *   console.assert(located.message.startsWith('r.ts:2:5: unknown key name "Entr"'));
   * }
   * ```
   */
  static locate(error: unknown, source: SourceLocation | undefined): DextkitError {
    if (error instanceof RecipeError && error.source !== undefined) return error;
    if (error instanceof DextkitError) {
      if (source === undefined) return error;
      return new RecipeError(error.message, {
        source,
        hint: error.hint,
        exitCode: error.exitCode,
        cause: error,
      });
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new RecipeError(`the recipe failed: ${message}`, {
      source,
      hint: "fix the recipe; run with --verbose for the stack trace",
      cause: error,
    });
  }
}
