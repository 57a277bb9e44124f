/**
 * The shape of a keyboard layout: which character a key produces under a modifier state, and
 * which key strokes produce a character.
 *
 * A layout maps keyboard-page (0x07) usages to characters the way a macOS input source does. It
 * only covers characters: Enter, Tab and Backspace are editing keys that the host handles itself.
 * {@linkcode KeyboardLayout.strokesFor} returns a sequence so that dead keys (Option+E, then E for
 * `é`) fit the same shape when they are added.
 *
 * @module
 */

/**
 * One key press that a layout needs in order to produce (part of) a character.
 *
 * @example A stroke for `A` on the U.S. layout
 * ```ts
 * import type { KeyStroke } from "./keyboard_layout.ts";
 *
 * const stroke: KeyStroke = { usage: 0x04, shift: true, option: false };
 * console.assert(stroke.usage === 0x04);
 * ```
 */
export interface KeyStroke {
  /** Keyboard-page (0x07) usage of the key. */
  readonly usage: number;
  /** Whether Shift is held during the stroke. */
  readonly shift: boolean;
  /** Whether Option is held during the stroke. */
  readonly option: boolean;
}

/**
 * The modifier state a layout sees when it turns a key into a character. Command and Control are
 * absent on purpose: with either held, macOS treats the key as a shortcut, not as text.
 *
 * @example Shift held, Caps Lock off
 * ```ts
 * import type { LayoutModifiers } from "./keyboard_layout.ts";
 *
 * const modifiers: LayoutModifiers = { shift: true, option: false, capsLock: false };
 * console.assert(modifiers.shift);
 * ```
 */
export interface LayoutModifiers {
  /** Either Shift key is held. */
  readonly shift: boolean;
  /** Either Option key is held. */
  readonly option: boolean;
  /** Caps Lock is on. */
  readonly capsLock: boolean;
}

/**
 * A keyboard layout (a macOS input source) for the characters of the keyboard page.
 *
 * @example Ask the U.S. layout for a character and for its strokes
 * ```ts
 * import type { KeyboardLayout } from "./keyboard_layout.ts";
 * import { US_ANSI } from "./us_ansi.ts";
 *
 * const layout: KeyboardLayout = US_ANSI;
 * console.assert(layout.charFor(0x1f, { shift: true, option: false, capsLock: false }) === "@");
 * console.assert(layout.strokesFor("@")?.[0]?.usage === 0x1f);
 * ```
 */
export interface KeyboardLayout {
  /** Short identifier, for example `"us"`. */
  readonly id: string;
  /** The input source's name as macOS shows it, for example `"U.S."`. */
  readonly name: string;
  /**
   * The character a key-down produces, or `undefined` when the key produces no character under
   * these modifiers (a non-character key, or a dead key the layout does not model).
   */
  charFor(usage: number, modifiers: LayoutModifiers): string | undefined;
  /**
   * The strokes that type `char` with Caps Lock off, in order, or `undefined` when the layout
   * cannot produce it. `char` is one Unicode code point.
   */
  strokesFor(char: string): readonly KeyStroke[] | undefined;
}
