/**
 * The macOS "U.S." input source on a keyboard that macOS classes as ANSI.
 *
 * The characters come from CLDR's macOS keyboard data (`en-t-k0-osx.xml`, macOS 10.9), mapped
 * from ISO key positions to HID usages the way macOS does for an ANSI-classed keyboard (usage
 * 0x35 is the key left of 1, usage 0x64 the key left of Z). Caps Lock uppercases letters only;
 * with Shift held Caps Lock changes nothing; with Option held it selects CLDR's `opt+caps` column.
 *
 * The five Option dead keys (Option+` E I U N) are not modelled yet: they produce no character.
 * Their accents are still reachable as plain characters with Option+Shift.
 *
 * @module
 */
import type { KeyboardLayout, KeyStroke, LayoutModifiers } from "./keyboard_layout.ts";

/** usage, plain, Shift, Option (`null` = dead key), Option+Shift, Option with Caps Lock. */
type Row = readonly [number, string, string, string | null, string, string];

/** Rows in preference order: when two keys produce a character, the earlier row wins. */
const ROWS: readonly Row[] = [
  [0x04, "a", "A", "å", "Å", "Å"],
  [0x05, "b", "B", "∫", "ı", "ı"],
  [0x06, "c", "C", "ç", "Ç", "Ç"],
  [0x07, "d", "D", "∂", "Î", "Î"],
  [0x08, "e", "E", null, "´", "´"],
  [0x09, "f", "F", "ƒ", "Ï", "Ï"],
  [0x0a, "g", "G", "©", "˝", "©"],
  [0x0b, "h", "H", "˙", "Ó", "Ó"],
  [0x0c, "i", "I", null, "ˆ", "ˆ"],
  [0x0d, "j", "J", "∆", "Ô", "Ô"],
  [0x0e, "k", "K", "˚", "\u{F8FF}", "˚"],
  [0x0f, "l", "L", "¬", "Ò", "Ò"],
  [0x10, "m", "M", "µ", "Â", "Â"],
  [0x11, "n", "N", null, "˜", "˜"],
  [0x12, "o", "O", "ø", "Ø", "Ø"],
  [0x13, "p", "P", "π", "∏", "∏"],
  [0x14, "q", "Q", "œ", "Œ", "Œ"],
  [0x15, "r", "R", "®", "‰", "®"],
  [0x16, "s", "S", "ß", "Í", "Í"],
  [0x17, "t", "T", "†", "ˇ", "†"],
  [0x18, "u", "U", null, "¨", "¨"],
  [0x19, "v", "V", "√", "◊", "√"],
  [0x1a, "w", "W", "∑", "„", "∑"],
  [0x1b, "x", "X", "≈", "˛", "≈"],
  [0x1c, "y", "Y", "¥", "Á", "Á"],
  [0x1d, "z", "Z", "Ω", "¸", "Ω"],
  [0x1e, "1", "!", "¡", "⁄", "¡"],
  [0x1f, "2", "@", "™", "€", "™"],
  [0x20, "3", "#", "£", "‹", "£"],
  [0x21, "4", "$", "¢", "›", "¢"],
  [0x22, "5", "%", "∞", "ﬁ", "∞"],
  [0x23, "6", "^", "§", "ﬂ", "§"],
  [0x24, "7", "&", "¶", "‡", "¶"],
  [0x25, "8", "*", "•", "°", "•"],
  [0x26, "9", "(", "ª", "·", "ª"],
  [0x27, "0", ")", "º", "‚", "º"],
  [0x2c, " ", " ", "\u{A0}", "\u{A0}", "\u{A0}"],
  [0x2d, "-", "_", "–", "—", "–"],
  [0x2e, "=", "+", "≠", "±", "≠"],
  [0x2f, "[", "{", "“", "”", "“"],
  [0x30, "]", "}", "‘", "’", "‘"],
  [0x31, "\\", "|", "«", "»", "«"],
  [0x33, ";", ":", "…", "Ú", "…"],
  [0x34, "'", '"', "æ", "Æ", "Æ"],
  [0x35, "`", "~", null, "`", "`"],
  [0x36, ",", "<", "≤", "¯", "≤"],
  [0x37, ".", ">", "≥", "˘", "≥"],
  [0x38, "/", "?", "÷", "¿", "÷"],
  // Non-US # maps to the same macOS key code as Backslash.
  [0x32, "\\", "|", "«", "»", "«"],
  // The ISO key left of Z; on an ANSI-classed keyboard macOS reads it as the § key.
  [0x64, "§", "±", "§", "±", "§"],
  // Keypad keys type the same character whatever the modifiers.
  [0x54, "/", "/", "/", "/", "/"],
  [0x55, "*", "*", "*", "*", "*"],
  [0x56, "-", "-", "-", "-", "-"],
  [0x57, "+", "+", "+", "+", "+"],
  [0x59, "1", "1", "1", "1", "1"],
  [0x5a, "2", "2", "2", "2", "2"],
  [0x5b, "3", "3", "3", "3", "3"],
  [0x5c, "4", "4", "4", "4", "4"],
  [0x5d, "5", "5", "5", "5", "5"],
  [0x5e, "6", "6", "6", "6", "6"],
  [0x5f, "7", "7", "7", "7", "7"],
  [0x60, "8", "8", "8", "8", "8"],
  [0x61, "9", "9", "9", "9", "9"],
  [0x62, "0", "0", "0", "0", "0"],
  [0x63, ".", ".", ".", ".", "."],
  [0x67, "=", "=", "=", "=", "="],
];

const ROWS_BY_USAGE: ReadonlyMap<number, Row> = new Map(ROWS.map((row) => [row[0], row]));

function buildStrokes(): ReadonlyMap<string, readonly KeyStroke[]> {
  const strokes = new Map<string, readonly KeyStroke[]>();
  const add = (char: string | null, usage: number, shift: boolean, option: boolean) => {
    if (char !== null && !strokes.has(char)) {
      strokes.set(char, Object.freeze([Object.freeze({ usage, shift, option })]));
    }
  };
  for (const [usage, plain, shifted, option, optionShift] of ROWS) {
    add(plain, usage, false, false);
    add(shifted, usage, true, false);
    add(option, usage, false, true);
    add(optionShift, usage, true, true);
  }
  return strokes;
}

const STROKES = buildStrokes();

function charFor(usage: number, modifiers: LayoutModifiers): string | undefined {
  const row = ROWS_BY_USAGE.get(usage);
  if (row === undefined) return undefined;
  const [, plain, shifted, option, optionShift, optionCaps] = row;
  if (modifiers.option) {
    if (modifiers.shift) return optionShift;
    if (modifiers.capsLock) return optionCaps;
    return option ?? undefined;
  }
  if (modifiers.shift) return shifted;
  if (modifiers.capsLock && plain >= "a" && plain <= "z") return plain.toUpperCase();
  return plain;
}

/**
 * The macOS "U.S." layout (id `"us"`), for a keyboard macOS classes as ANSI.
 *
 * @example Type-check a few characters
 * ```ts
 * import { US_ANSI } from "./us_ansi.ts";
 *
 * const plain = { shift: false, option: false, capsLock: false };
 * console.assert(US_ANSI.charFor(0x04, plain) === "a");
 * console.assert(US_ANSI.charFor(0x1e, { ...plain, capsLock: true }) === "1");
 * console.assert(US_ANSI.charFor(0x16, { ...plain, option: true }) === "ß");
 * console.assert(US_ANSI.strokesFor("€")?.[0]?.option === true);
 * console.assert(US_ANSI.strokesFor("é") === undefined);
 * ```
 */
export const US_ANSI: KeyboardLayout = Object.freeze({
  id: "us",
  name: "U.S.",
  charFor,
  strokesFor: (char: string) => STROKES.get(char),
});
