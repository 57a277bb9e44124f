/**
 * The errors of the layout layer, defined here so that nothing below the device layer has to
 * import it.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";

/**
 * A character in a text to type that the keyboard layout cannot produce. Exit code
 * {@linkcode ExitCode.Usage}. The message counts characters from 1, as people do; `index`
 * counts from 0, as code does.
 *
 * @example Describe an unproducible character
 * ```ts
 * import { UnproducibleCharacterError } from "./layout_errors.ts";
 *
 * const error = new UnproducibleCharacterError("é", 3, "U.S.");
 * console.assert(error.index === 3);
 * console.assert(error.message.includes("U+00E9") && error.message.includes("at character 4"));
 * ```
 */
export class UnproducibleCharacterError extends DextkitError {
  /** The character. */
  readonly character: string;
  /** Its position in the text, counted in characters (code points) from 0. */
  readonly index: number;
  /** The name of the layout that cannot produce it. */
  readonly layout: string;
  /** How the text spelled it before NFC normalization (`character` when it was the same). */
  readonly written: string;

  /**
   * Creates the error.
   *
   * @param character The character.
   * @param index Its position in the text, counted in code points from 0.
   * @param layout The layout's name.
   * @param written How the text spelled it before NFC normalization; `character` by default.
   */
  constructor(character: string, index: number, layout: string, written: string = character) {
    const spelling = written === character
      ? `(${codePoints(character)})`
      : `(${codePoints(character)}, written ${JSON.stringify(written)}: ${codePoints(written)})`;
    super(
      `the "${layout}" layout cannot type ${JSON.stringify(character)} ${spelling} ` +
        `at character ${index + 1}; nothing was typed`,
      {
        hint: "remove the character, type it with another layout, or press its keys by name",
        exitCode: ExitCode.Usage,
      },
    );
    this.character = character;
    this.index = index;
    this.layout = layout;
    this.written = written;
  }
}

function codePoints(text: string): string {
  return [...text].map((char) =>
    `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`
  ).join(" ");
}
