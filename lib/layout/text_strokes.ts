/**
 * Text to key strokes: the whole text is planned before anything is typed, so a character the
 * layout cannot type is reported with its position while nothing has happened yet.
 *
 * Each character cluster is planned in a spelling the layout can type (`normalized_text.ts`: as
 * written, else NFC, else NFD), so a decomposed `e` + U+0301 types `é` on the U.S. layout. `"\n"`, `"\r\n"` and a lone `"\r"` press Enter once, `"\t"` presses Tab. Every other character gets
 * its best strokes from `character_strokes.ts`.
 *
 * Caps Lock: the plan starts from the Caps Lock state it is given (the keyboard's LED state) and
 * uses strokes that type the right character in that state (with Caps Lock on, plain `a` types
 * `A`). When a character cannot be typed in the current state but can in the other one (a
 * lower-case letter while Caps Lock is on), the plan presses Caps Lock first; at the end it
 * presses Caps Lock again if needed, so the user's state is restored.
 *
 * @module
 */
import { UnproducibleCharacterError } from "./layout_errors.ts";
import { characterStrokes } from "./character_strokes.ts";
import type { KeyboardLayout, KeyStroke } from "./keyboard_layout.ts";
import type { KeyboardType } from "./keyboard_type.ts";
import { normalizedCharacters } from "./normalized_text.ts";
import { US_ANSI } from "./us_ansi.ts";

/** Options of {@linkcode strokesForText}. */
export interface TextStrokeOptions {
  /** The layout the Mac types with; U.S. when omitted. */
  readonly layout?: KeyboardLayout;
  /** How macOS classes the keyboard; the layout's default keyboard type when omitted. */
  readonly keyboardType?: KeyboardType;
  /** Whether Caps Lock is on before typing; off when omitted. */
  readonly capsLock?: boolean;
}

/**
 * The stroke that toggles Caps Lock.
 *
 * @example It is the Caps Lock key without modifiers
 * ```ts
 * import { CAPS_LOCK_STROKE } from "./text_strokes.ts";
 *
 * console.assert(CAPS_LOCK_STROKE.usage === 0x39 && !CAPS_LOCK_STROKE.shift);
 * ```
 */
export const CAPS_LOCK_STROKE: KeyStroke = Object.freeze({
  usage: 0x39,
  shift: false,
  option: false,
});

/** The characters typed as keys rather than looked up in the layout: Enter and Tab. */
const CONTROL_CHARACTERS = new Set(["\n", "\r", "\t"]);

const ENTER: readonly KeyStroke[] = Object.freeze([
  Object.freeze({ usage: 0x28, shift: false, option: false }),
]);
const TAB: readonly KeyStroke[] = Object.freeze([
  Object.freeze({ usage: 0x2b, shift: false, option: false }),
]);

/**
 * Plans the key strokes that type a text.
 *
 * @param text The text.
 * @param options The layout, keyboard type and Caps Lock state.
 * @returns The strokes in order; each stroke is one key press with its modifiers.
 * @throws {UnproducibleCharacterError} For the first character the layout cannot type, with its
 * index in code points and the layout's name.
 *
 * @example Typing on the German layout
 * ```ts
 * import { strokesForText } from "./text_strokes.ts";
 * import { getLayout } from "./layout_registry.ts";
 *
 * const strokes = strokesForText("z@", { layout: getLayout("de") });
 * console.assert(strokes[0]?.usage === 0x1c); // z is the Y key
 * console.assert(strokes[1]?.usage === 0x0f && strokes[1].option); // @ is Option+L
 * ```
 *
 * @example Caps Lock on: a lower-case letter turns it off and back on
 * ```ts
 * import { CAPS_LOCK_STROKE, strokesForText } from "./text_strokes.ts";
 *
 * const strokes = strokesForText("Ab", { capsLock: true });
 * console.assert(strokes.length === 4);
 * console.assert(strokes[0]?.usage === 0x04 && !strokes[0].shift); // Caps Lock makes it A
 * console.assert(strokes[1] === CAPS_LOCK_STROKE && strokes[3] === CAPS_LOCK_STROKE);
 * ```
 */
export function strokesForText(text: string, options: TextStrokeOptions = {}): KeyStroke[] {
  const layout = options.layout ?? US_ANSI;
  const keyboardType = options.keyboardType ?? layout.defaultKeyboardType;
  const initialCapsLock = options.capsLock ?? false;
  const tables = {
    off: characterStrokes(layout, { keyboardType, capsLock: false }),
    on: characterStrokes(layout, { keyboardType, capsLock: true }),
  };
  let capsLock = initialCapsLock;
  const strokes: KeyStroke[] = [];
  const characters = normalizedCharacters(
    text,
    (char) => CONTROL_CHARACTERS.has(char) || tables.off.has(char) || tables.on.has(char),
  );
  const chars = characters.map((character) => character.char);
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] as string;
    if (char === "\r" && chars[index + 1] === "\n") continue;
    if (char === "\n" || char === "\r") {
      strokes.push(...ENTER);
      continue;
    }
    if (char === "\t") {
      strokes.push(...TAB);
      continue;
    }
    let sequence = (capsLock ? tables.on : tables.off).get(char);
    if (sequence === undefined) {
      sequence = (capsLock ? tables.off : tables.on).get(char);
      if (sequence === undefined) {
        const { index: at, written } = characters[index] ?? { index, written: char };
        throw new UnproducibleCharacterError(char, at, layout.name, written);
      }
      strokes.push(CAPS_LOCK_STROKE);
      capsLock = !capsLock;
    }
    strokes.push(...sequence);
  }
  if (capsLock !== initialCapsLock) strokes.push(CAPS_LOCK_STROKE);
  return strokes;
}
