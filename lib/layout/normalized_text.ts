/**
 * Text is typed in Unicode normalization form C: a decomposed `e` + U+0301 is the character `é`
 * a layout can type (with a dead key), not an `e` followed by a lone accent it cannot. Each
 * normalized character remembers where it was in the text as written, and how it was written, so
 * errors can show the user's own input.
 *
 * @module
 */

/** One character of the normalized text, with where and how it was written. */
export interface NormalizedCharacter {
  /** The character (one code point) after NFC normalization. */
  readonly char: string;
  /** Its position in the text as written, in code points from 0. */
  readonly index: number;
  /** How the text as written spelled it: `char` itself, or the sequence NFC composed. */
  readonly written: string;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Splits a text into NFC characters, each mapped back to the text as written. Composition
 * happens within a grapheme cluster (a base and its combining marks), so each cluster is
 * normalized on its own and its characters point at the cluster's start.
 *
 * @param text The text as written.
 * @returns The normalized characters in order.
 *
 * @example A decomposed é becomes one character that remembers its spelling
 * ```ts
 * import { normalizedCharacters } from "./normalized_text.ts";
 *
 * const [a, e] = normalizedCharacters("ae\u0301");
 * console.assert(a?.char === "a" && a.index === 0);
 * console.assert(e?.char === "é" && e.index === 1 && e.written === "e\u0301");
 * ```
 */
export function normalizedCharacters(text: string): NormalizedCharacter[] {
  const characters: NormalizedCharacter[] = [];
  if (text.normalize("NFC") === text) {
    let index = 0;
    for (const char of text) characters.push({ char, index: index++, written: char });
    return characters;
  }
  let index = 0;
  for (const { segment } of graphemes.segment(text)) {
    const normalized = segment.normalize("NFC");
    let offset = 0;
    for (const char of normalized) {
      characters.push(
        normalized === segment
          ? { char, index: index + offset++, written: char }
          : { char, index, written: segment },
      );
    }
    index += [...segment].length;
  }
  return characters;
}
