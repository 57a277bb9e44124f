/**
 * Errors of reading the Mac's current keyboard layout through the Text Input Sources API.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";

/**
 * `--layout auto` off macOS without a stand-in library. Exit code {@linkcode ExitCode.NeedsMacOS}.
 *
 * @example
 * ```ts
 * import { TextInputUnavailableError } from "./text_input_errors.ts";
 *
 * const error = new TextInputUnavailableError("linux");
 * console.assert(error.exitCode === 6 && error.message.includes("linux"));
 * ```
 */
export class TextInputUnavailableError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param os The operating system.
   */
  constructor(os: string) {
    super(
      `--layout auto reads the Mac's selected layout; this is ${os} and ` +
        "DEXTKIT_TEXTINPUT_LIBRARY is not set",
      {
        hint: "give the layout the Mac uses, e.g. --layout de (see `dextkit layouts`), or a " +
          ".keylayout file",
        exitCode: ExitCode.NeedsMacOS,
      },
    );
  }
}

/**
 * The text-input libraries could not be loaded or did not answer. Exit code
 * {@linkcode ExitCode.Failure}.
 *
 * @example A missing stand-in library
 * ```ts
 * import { TextInputError } from "./text_input_errors.ts";
 *
 * const error = new TextInputError("cannot load /tmp/missing.so: not found");
 * console.assert(error.hint.includes("--layout"));
 * ```
 */
export class TextInputError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param message What failed.
   * @param options The cause, and whether a missing FFI permission caused it.
   */
  constructor(message: string, options: { cause?: unknown; permission?: boolean } = {}) {
    super(message, {
      hint: options.permission
        ? "run with --allow-ffi (reading the Mac's layout calls native code), or give the " +
          "layout with --layout"
        : "give the layout the Mac uses with --layout (see `dextkit layouts`)",
      exitCode: ExitCode.Failure,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
  }
}
