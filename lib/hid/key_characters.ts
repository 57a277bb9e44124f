/**
 * The printable characters of the U.S. ANSI keyboard and the key that carries each one. Key names
 * accept a single character (`"?"`, `"+"`, `"a"`), and this table says which key that means.
 *
 * Characters are a property of the layout, not of the key, so this table only serves key *names*;
 * typing text goes through `lib/layout`, which knows the user's layout.
 *
 * @module
 */

/** The key that carries a character on the U.S. ANSI layout. */
export interface CharacterKey {
  /** The W3C `KeyboardEvent.code` of the key. */
  readonly code: string;
  /** Whether the character is the key's shifted character (`?` on Slash) rather than its base one. */
  readonly shifted: boolean;
}

/**
 * Every non-alphanumeric character of the U.S. ANSI layout, plus space, tab and the two line
 * breaks (as Playwright accepts them). Letters and digits are not listed: a letter or digit names
 * its own key (`KeyA`, `Digit4`) whatever its case.
 *
 * @example Find the key that types a question mark
 * ```ts
 * import { US_ANSI_CHARACTERS } from "./key_characters.ts";
 *
 * const key = US_ANSI_CHARACTERS.get("?");
 * console.assert(key?.code === "Slash" && key.shifted);
 * ```
 */
export const US_ANSI_CHARACTERS: ReadonlyMap<string, CharacterKey> = new Map([
  [" ", { code: "Space", shifted: false }],
  ["\t", { code: "Tab", shifted: false }],
  ["\n", { code: "Enter", shifted: false }],
  ["\r", { code: "Enter", shifted: false }],
  ["`", { code: "Backquote", shifted: false }],
  ["~", { code: "Backquote", shifted: true }],
  ["!", { code: "Digit1", shifted: true }],
  ["@", { code: "Digit2", shifted: true }],
  ["#", { code: "Digit3", shifted: true }],
  ["$", { code: "Digit4", shifted: true }],
  ["%", { code: "Digit5", shifted: true }],
  ["^", { code: "Digit6", shifted: true }],
  ["&", { code: "Digit7", shifted: true }],
  ["*", { code: "Digit8", shifted: true }],
  ["(", { code: "Digit9", shifted: true }],
  [")", { code: "Digit0", shifted: true }],
  ["-", { code: "Minus", shifted: false }],
  ["_", { code: "Minus", shifted: true }],
  ["=", { code: "Equal", shifted: false }],
  ["+", { code: "Equal", shifted: true }],
  ["[", { code: "BracketLeft", shifted: false }],
  ["{", { code: "BracketLeft", shifted: true }],
  ["]", { code: "BracketRight", shifted: false }],
  ["}", { code: "BracketRight", shifted: true }],
  ["\\", { code: "Backslash", shifted: false }],
  ["|", { code: "Backslash", shifted: true }],
  [";", { code: "Semicolon", shifted: false }],
  [":", { code: "Semicolon", shifted: true }],
  ["'", { code: "Quote", shifted: false }],
  ['"', { code: "Quote", shifted: true }],
  [",", { code: "Comma", shifted: false }],
  ["<", { code: "Comma", shifted: true }],
  [".", { code: "Period", shifted: false }],
  [">", { code: "Period", shifted: true }],
  ["/", { code: "Slash", shifted: false }],
  ["?", { code: "Slash", shifted: true }],
]);
