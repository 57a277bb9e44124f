/**
 * Text is typed in a spelling the layout can type. Unicode has several spellings of one text: `é`
 * is U+00E9 (NFC, composed) or `e` + U+0301 (NFD, decomposed), and a reader cannot tell them
 * apart. Each grapheme cluster (a base and its combining marks) is planned as written when the
 * layout types every one of its characters, else composed (NFC: a decomposed `é` on the U.S.
 * layout, typed with the Option-e dead key), else decomposed (NFD: for a layout with combining
 * accents but no precomposed key). Each planned character remembers where the cluster was in the
 * text as written and how it was written, so an error shows the user's own input.
 *
 * @module
 */

/** One character as planned, with where and how it was written. */
export interface NormalizedCharacter {
  /** The character (one code point) in the spelling the layout types. */
  readonly char: string;
  /** Its position in the text as written, in code points from 0 (a cluster's start if respelled). */
  readonly index: number;
  /** How the text as written spelled it: `char` itself, or the cluster it was respelled from. */
  readonly written: string;
}

/** Made on first use: most texts are typed as written and never need it. */
let graphemes: Intl.Segmenter | undefined;

/**
 * Splits a text into the characters to type, each cluster in the first of its spellings (as
 * written, NFC, NFD) whose every character `canType` accepts. A cluster no spelling can type is
 * given in NFC, so the first character `canType` refuses is the one to report.
 *
 * @param text The text as written.
 * @param canType Whether the layout types a character (one code point).
 * @returns The characters to type, in order.
 *
 * @example A decomposed é becomes the é a dead key types, and remembers its spelling
 * ```ts
 * import { normalizedCharacters } from "./normalized_text.ts";
 *
 * const canType = (char: string) => char !== "\u0301";
 * const [a, e] = normalizedCharacters("ae\u0301", canType);
 * console.assert(a?.char === "a" && a.index === 0);
 * console.assert(e?.char === "é" && e.index === 1 && e.written === "e\u0301");
 * ```
 */
export function normalizedCharacters(
  text: string,
  canType: (char: string) => boolean,
): NormalizedCharacter[] {
  const characters: NormalizedCharacter[] = [];
  const asWritten = (chars: string, start: number): void => {
    let index = start;
    for (const char of chars) characters.push({ char, index: index++, written: char });
  };
  if ([...text].every(canType)) {
    asWritten(text, 0);
    return characters;
  }
  let index = 0;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const { segment } of graphemes.segment(text)) {
    const composed = segment.normalize("NFC");
    const spelling = [segment, composed, segment.normalize("NFD")]
      .find((candidate) => [...candidate].every(canType)) ?? composed;
    if (spelling === segment) {
      asWritten(segment, index);
    } else {
      for (const char of spelling) characters.push({ char, index, written: segment });
    }
    index += [...segment].length;
  }
  return characters;
}
