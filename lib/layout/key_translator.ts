/**
 * Turns key-downs into text the way macOS's input source does: HID usage → mac virtual key for the
 * keyboard type, then the layout's output for the modifier state, through a dead-key state.
 *
 * Dead keys: a dead key types nothing and waits. The next key that types something ends the wait:
 * when the layout composes the pair, the composition is typed (`´` then `e` → `é`, `´` then Space
 * → `´`); otherwise the dead key's own text is typed, followed by the key's text, or, when that
 * key is itself a dead key, it starts a new wait. Keys that type nothing (arrows, function keys)
 * leave the wait as it is; {@linkcode KeyTranslator.flush} and {@linkcode KeyTranslator.cancel}
 * serve the editing keys.
 *
 * @module
 */
import type { KeyboardLayout, LayoutModifiers } from "./keyboard_layout.ts";
import type { KeyboardType } from "./keyboard_type.ts";
import { virtualKeyForUsage } from "./virtual_keys.ts";

/**
 * A layout and keyboard type with the dead-key state of one keyboard.
 *
 * @example `´` then `e` on the German layout
 * ```ts
 * import { KeyTranslator } from "./key_translator.ts";
 * import { getLayout } from "./layout_registry.ts";
 *
 * const translator = new KeyTranslator(getLayout("de"));
 * const plain = { shift: false, option: false, capsLock: false };
 * console.assert(translator.keyDown(0x2e, plain) === ""); // the ´ key waits
 * console.assert(translator.pendingDeadKey === "´");
 * console.assert(translator.keyDown(0x08, plain) === "é");
 * console.assert(translator.pendingDeadKey === undefined);
 * ```
 */
export class KeyTranslator {
  /** The layout. */
  readonly layout: KeyboardLayout;
  /** How macOS classes the keyboard. */
  readonly keyboardType: KeyboardType;
  #pending: string | undefined;

  /**
   * Creates a translator with no dead key waiting.
   *
   * @param layout The layout.
   * @param keyboardType How macOS classes the keyboard; the layout's default when omitted.
   */
  constructor(layout: KeyboardLayout, keyboardType: KeyboardType = layout.defaultKeyboardType) {
    this.layout = layout;
    this.keyboardType = keyboardType;
  }

  /** The text of the dead key that waits for the next key, or `undefined`. */
  get pendingDeadKey(): string | undefined {
    return this.#pending;
  }

  /**
   * Translates one key-down.
   *
   * @param usage A keyboard-page (0x07) usage.
   * @param modifiers Shift, Option and Caps Lock at the key-down.
   * @returns The text it types: `""` for nothing (a dead key, a non-character key), possibly
   * two characters when a dead key composes nothing with this key.
   */
  keyDown(usage: number, modifiers: LayoutModifiers): string {
    const virtualKey = virtualKeyForUsage(usage, this.keyboardType);
    if (virtualKey === undefined) return "";
    const output = this.layout.output(virtualKey, modifiers);
    if (output === undefined) return "";
    const pending = this.#pending;
    if (pending === undefined) {
      if (!output.dead) return output.text;
      this.#pending = output.text;
      return "";
    }
    const composed = this.layout.compose(pending, output.text);
    if (composed !== undefined) {
      this.#pending = undefined;
      return composed;
    }
    if (output.dead) {
      this.#pending = output.text;
      return pending;
    }
    this.#pending = undefined;
    return pending + output.text;
  }

  /**
   * Ends a wait by typing the dead key's own text, as macOS does before Return or Tab.
   *
   * @returns The dead key's text, or `""` when none was waiting.
   */
  flush(): string {
    const pending = this.#pending ?? "";
    this.#pending = undefined;
    return pending;
  }

  /** Ends a wait without typing anything, as Backspace does. */
  cancel(): void {
    this.#pending = undefined;
  }
}
