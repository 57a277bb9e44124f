/**
 * A keyboard layout (a macOS input source): what each mac virtual key types under each modifier
 * state, which outputs are dead keys, and what a dead key composes with the next key.
 *
 * Layouts are keyed by mac virtual key code, as macOS's are; which HID usage reaches which virtual
 * key depends on the keyboard type (`virtual_keys.ts`). Command and Control are not modifier
 * states of a layout: with either held, macOS treats the key as a shortcut. Left and right
 * modifiers are the same here: macOS does not pass the difference to the layout, so the
 * right-hand entries some CLDR files carry never apply.
 *
 * The keypad types its legend (`0`–`9`, `.`, `/`, `*`, `-`, `+`, `=`) whatever the layout and the
 * modifiers. CLDR's macOS data has no keypad, so this is assumed, not taken from the data (a
 * layout whose keypad shows a decimal comma may type `,` there on a Mac; unverified).
 *
 * @module
 */
import type { KeyboardType } from "./keyboard_type.ts";
import { capsOf, type KeyOutputDefinition, type LayoutDefinition } from "./layout_definition.ts";

/**
 * One key press that typing needs: the key (a keyboard-page usage) and the modifiers held for it.
 * A Caps Lock toggle is the stroke `{ usage: 0x39, shift: false, option: false }`.
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
 * The modifier state a layout sees when it turns a key into text.
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
 * What a key types in one modifier state.
 *
 * @example A dead key's output
 * ```ts
 * import type { KeyOutput } from "./keyboard_layout.ts";
 *
 * const acute: KeyOutput = { text: "´", dead: true };
 * console.assert(acute.dead);
 * ```
 */
export interface KeyOutput {
  /** The text; for a dead key, what it types when the next key composes nothing. */
  readonly text: string;
  /** Whether the key is a dead key: it types nothing yet and combines with the next key. */
  readonly dead: boolean;
}

/** Per virtual key, the outputs of the eight modifier states (index: shift | option<<1 | caps<<2). */
type StateOutputs = readonly (KeyOutput | undefined)[];

const STATE_COUNT = 8;

/** Keypad virtual keys and their legends, the same in every layout (see the module doc). */
const KEYPAD_LEGENDS: readonly (readonly [number, string])[] = [
  [0x41, "."],
  [0x43, "*"],
  [0x45, "+"],
  [0x4b, "/"],
  [0x4e, "-"],
  [0x51, "="],
  [0x52, "0"],
  [0x53, "1"],
  [0x54, "2"],
  [0x55, "3"],
  [0x56, "4"],
  [0x57, "5"],
  [0x58, "6"],
  [0x59, "7"],
  [0x5b, "8"],
  [0x5c, "9"],
];

/**
 * A keyboard layout built from a {@linkcode LayoutDefinition}. Lookups allocate nothing.
 *
 * @example German: `@` is Option+L, and `´` then `e` composes `é`
 * ```ts
 * import { getLayout } from "./layout_registry.ts";
 *
 * const german = getLayout("de");
 * const option = { shift: false, option: true, capsLock: false };
 * console.assert(german.output(0x25, option)?.text === "@");
 * console.assert(german.output(0x18, { ...option, option: false })?.dead === true);
 * console.assert(german.compose("´", "e") === "é");
 * ```
 */
export class KeyboardLayout {
  /** Short identifier, for example `"us"`. */
  readonly id: string;
  /** The input source's name as today's macOS shows it, for example `"U.S."`. */
  readonly name: string;
  /** The input source's id, for example `"com.apple.keylayout.US"`; `undefined` for none. */
  readonly inputSourceId: string | undefined;
  /** The keyboard type this layout's keyboards usually have. */
  readonly defaultKeyboardType: KeyboardType;
  /** Where the data comes from. */
  readonly source: string;
  /** The virtual keys this layout types with, keypad included, ascending. */
  readonly virtualKeys: readonly number[];
  /** The texts of this layout's dead keys. */
  readonly deadKeys: readonly string[];
  readonly #keys = new Map<number, StateOutputs>();
  readonly #compositions = new Map<string, ReadonlyMap<string, string>>();

  /**
   * Builds the lookups.
   *
   * @param definition The layout's data.
   * @throws {TypeError} When a key row has neither 4 nor 8 outputs, a virtual key appears twice,
   * or a composition entry is shorter than two code points.
   */
  constructor(definition: LayoutDefinition) {
    this.id = definition.id;
    this.name = definition.name;
    this.inputSourceId = definition.inputSourceId;
    this.defaultKeyboardType = definition.defaultKeyboardType;
    this.source = definition.source;
    for (const [virtualKey, legend] of KEYPAD_LEGENDS) {
      const output = Object.freeze({ text: legend, dead: false });
      this.#keys.set(virtualKey, Object.freeze(new Array<KeyOutput>(STATE_COUNT).fill(output)));
    }
    const defined = new Set<number>();
    for (const [virtualKey, ...outputs] of definition.keys) {
      if (defined.has(virtualKey)) {
        throw new TypeError(`${this.id}: virtual key ${virtualKey} is defined twice`);
      }
      defined.add(virtualKey);
      this.#keys.set(virtualKey, Object.freeze(expandRow(this.id, virtualKey, outputs)));
    }
    for (const [deadKey, entries] of definition.deadKeys) {
      const table = new Map<string, string>();
      for (const entry of entries) {
        const next = String.fromCodePoint(entry.codePointAt(0) ?? 0);
        const composed = entry.slice(next.length);
        if (composed === "") {
          throw new TypeError(`${this.id}: composition "${entry}" of "${deadKey}" has no result`);
        }
        table.set(next, composed);
      }
      this.#compositions.set(deadKey, table);
    }
    this.virtualKeys = Object.freeze([...this.#keys.keys()].sort((a, b) => a - b));
    this.deadKeys = Object.freeze([...this.#compositions.keys()]);
  }

  /**
   * What a key types under a modifier state.
   *
   * @param virtualKey The mac virtual key code.
   * @param modifiers Shift, Option and Caps Lock.
   * @returns The output, or `undefined` when the key types nothing (a non-character key, or a key
   * the layout leaves empty in this state).
   */
  output(virtualKey: number, modifiers: LayoutModifiers): KeyOutput | undefined {
    const state = (modifiers.shift ? 1 : 0) | (modifiers.option ? 2 : 0) |
      (modifiers.capsLock ? 4 : 0);
    return this.#keys.get(virtualKey)?.[state];
  }

  /**
   * What a dead key followed by a key types, when the layout defines the pair.
   *
   * @param deadKey The dead key's text.
   * @param next The next key's text.
   * @returns The composed text, or `undefined` when the layout has no such composition (macOS
   * then types the dead key's text followed by the next key's).
   */
  compose(deadKey: string, next: string): string | undefined {
    return this.#compositions.get(deadKey)?.get(next);
  }

  /**
   * Every composition of a dead key.
   *
   * @param deadKey The dead key's text.
   * @returns Next key's text → composed text; empty for a text that is no dead key.
   */
  compositions(deadKey: string): ReadonlyMap<string, string> {
    return this.#compositions.get(deadKey) ?? EMPTY_COMPOSITIONS;
  }
}

const EMPTY_COMPOSITIONS: ReadonlyMap<string, string> = new Map();

/** The eight state outputs of a key row with 4 or 8 outputs (see `KeyRowDefinition`). */
function expandRow(
  id: string,
  virtualKey: number,
  outputs: readonly KeyOutputDefinition[],
): (KeyOutput | undefined)[] {
  if (outputs.length !== 4 && outputs.length !== STATE_COUNT) {
    throw new TypeError(
      `${id}: virtual key ${virtualKey} has ${outputs.length} outputs; expected 4 or 8`,
    );
  }
  const [plain, shift, option, optionShift] = outputs;
  const all = outputs.length === STATE_COUNT
    ? outputs
    : [plain, shift, option, optionShift, capsOf(plain), shift, capsOf(option), optionShift];
  return all.map(toKeyOutput);
}

function toKeyOutput(definition: KeyOutputDefinition | undefined): KeyOutput | undefined {
  if (definition === undefined || definition === "") return undefined;
  return typeof definition === "string"
    ? Object.freeze({ text: definition, dead: false })
    : Object.freeze({ text: definition.dead, dead: true });
}
