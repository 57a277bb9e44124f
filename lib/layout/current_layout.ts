/**
 * The Mac's own layout: the current keyboard input source, read through the Text Input Sources
 * API, turned into the same {@linkcode KeyboardLayout} the bundled layouts are by asking
 * `UCKeyTranslate` what every virtual key types in every modifier state and dead-key state.
 *
 * How the table is built (modifier bits from Events.h, shifted right by 8 as UCKeyTranslate
 * wants them: Shift 0x02, Caps Lock 0x04, Option 0x08):
 * 1. Every virtual key 0–127 in the eight states of Shift, Option and Caps Lock, from no dead-key
 *    state. Control characters (Return, Tab, arrows, function keys) type nothing.
 * 2. A key that types nothing and leaves a dead-key state is a dead key; its text is what the key
 *    types with `kUCKeyTranslateNoDeadKeysMask` (the state's terminator). A dead key whose
 *    terminator is empty, or that repeats an earlier dead key's text, is left out (typed as
 *    nothing), since dead keys are known by their text.
 * 3. For every dead-key state, every key and state again: an output that is not the terminator
 *    followed by the key's own text, with no state left, is a composition (for a dead key, any
 *    output with no state left: uncomposed, it would start its own state).
 * Dead-key states that lead to further states (a dead key chained after another) are not kept:
 * the planner never needs them.
 *
 * The keyboard type passed is `LMGetKbdType()`; `KBGetLayoutType` classes it ANSI, ISO or JIS.
 * Tables are cached per input-source id and keyboard type for the life of the process.
 *
 * @module
 */
import { KeyboardLayout } from "./keyboard_layout.ts";
import type { KeyboardType } from "./keyboard_type.ts";
import type {
  DeadKeyDefinition,
  KeyOutputDefinition,
  KeyRowDefinition,
} from "./layout_definition.ts";
import { TextInputError } from "./text_input_errors.ts";
import {
  loadTextInputLibrary,
  type LoadTextInputLibraryOptions,
  type TextInputSymbols,
} from "./text_input_library.ts";

/** What the current input source says about itself. */
export interface InputSourceInfo {
  /** `kTISPropertyInputSourceID`, for example `"com.apple.keylayout.PolishPro"`. */
  readonly id: string;
  /** `kTISPropertyLocalizedName`, in the user's language. */
  readonly name: string;
  /** `LMGetKbdType()`, for example 40 (generic ANSI), 41 (ISO), 42 (JIS). */
  readonly keyboardTypeId: number;
  /** How `KBGetLayoutType` classes that keyboard type. */
  readonly keyboardType: KeyboardType;
}

/** Options of {@linkcode currentLayout}. */
export interface CurrentLayoutOptions extends LoadTextInputLibraryOptions {
  /**
   * Build the table anew even when one is cached for this input source and keyboard type (a
   * custom layout reinstalled under the same id); the new table replaces the cached one.
   */
  readonly fresh?: boolean;
}

const SHIFT = 0x02;
const CAPS_LOCK = 0x04;
const OPTION = 0x08;
const KEY_ACTION_DOWN = 0;
const NO_DEAD_KEYS = 1;
const VIRTUAL_KEY_COUNT = 128;
const MAX_OUTPUT = 16;
const UTF8 = 0x08000100;
/** `PhysicalKeyboardLayoutType` four-character codes (Keyboards.h). */
const LAYOUT_TYPES: ReadonlyMap<number, KeyboardType> = new Map([
  [fourCharCode("ANSI"), "ansi"],
  [fourCharCode("ISO "), "iso"],
  [fourCharCode("JIS "), "jis"],
]);

const cache = new Map<string, KeyboardLayout>();

/**
 * The layout the Mac types with now, built from its current keyboard input source.
 *
 * @param options Which library to load (the fake on Linux), the environment and the OS.
 * @returns The layout: id and `inputSourceId` are the input source's id, `name` its localized
 * name, `defaultKeyboardType` the keyboard's type; the same instance for the same input source
 * and keyboard type.
 * @throws {TextInputUnavailableError} Off macOS without `DEXTKIT_TEXTINPUT_LIBRARY`.
 * @throws {TextInputError} When the library cannot be loaded, there is no current keyboard
 * layout, or it has no `'uchr'` data.
 *
 * @example Off macOS without a stand-in library
 * ```ts
 * import { currentLayout } from "./current_layout.ts";
 * import { TextInputUnavailableError } from "./text_input_errors.ts";
 *
 * try {
 *   currentLayout({ os: "linux", env: { get: () => undefined } });
 * } catch (error) {
 *   console.assert(error instanceof TextInputUnavailableError);
 * }
 * ```
 */
export function currentLayout(options: CurrentLayoutOptions = {}): KeyboardLayout {
  const { path, symbols } = loadTextInputLibrary(options);
  const source = symbols.TISCopyCurrentKeyboardLayoutInputSource();
  if (source === null) {
    throw new TextInputError(`${path}: there is no current keyboard layout input source`);
  }
  let info: InputSourceInfo;
  let uchr: Uint8Array<ArrayBuffer>;
  try {
    info = readInfo(symbols, source, path);
    const key = `${info.id}\u0000${info.keyboardTypeId}`;
    const cached = options.fresh ? undefined : cache.get(key);
    if (cached !== undefined) return cached;
    uchr = readLayoutData(symbols, source, info.id);
  } finally {
    symbols.CFRelease(source);
  }
  const layout = buildLayout(symbols, info, uchr);
  cache.set(`${info.id}\u0000${info.keyboardTypeId}`, layout);
  return layout;
}

function readInfo(
  symbols: TextInputSymbols,
  source: Deno.PointerObject,
  path: string,
): InputSourceInfo {
  const id = readString(symbols, source, propertyKey(symbols.kTISPropertyInputSourceID));
  if (id === undefined || id === "") {
    throw new TextInputError(`${path}: the current input source has no id`);
  }
  const name = readString(symbols, source, propertyKey(symbols.kTISPropertyLocalizedName)) ?? id;
  const keyboardTypeId = symbols.LMGetKbdType();
  const keyboardType = LAYOUT_TYPES.get(symbols.KBGetLayoutType(keyboardTypeId)) ?? "ansi";
  return { id, name, keyboardTypeId, keyboardType };
}

/**
 * The `CFStringRef` a `kTISProperty*` constant holds: Deno gives a pointer static as the
 * symbol's address, and the constant is a pointer stored there.
 */
function propertyKey(symbol: Deno.PointerValue): Deno.PointerValue {
  return symbol === null ? null : new Deno.UnsafePointerView(symbol).getPointer();
}

function readString(
  symbols: TextInputSymbols,
  source: Deno.PointerObject,
  key: Deno.PointerValue,
): string | undefined {
  const string = symbols.TISGetInputSourceProperty(source, key);
  if (string === null) return undefined;
  const size = Number(symbols.CFStringGetLength(string)) * 3 + 1;
  const buffer = new Uint8Array(size);
  if (symbols.CFStringGetCString(string, buffer, BigInt(size), UTF8) === 0) return undefined;
  const end = buffer.indexOf(0);
  return new TextDecoder().decode(buffer.subarray(0, end < 0 ? size : end));
}

function readLayoutData(
  symbols: TextInputSymbols,
  source: Deno.PointerObject,
  id: string,
): Uint8Array<ArrayBuffer> {
  const data = symbols.TISGetInputSourceProperty(
    source,
    propertyKey(symbols.kTISPropertyUnicodeKeyLayoutData),
  );
  const length = data === null ? 0 : Number(symbols.CFDataGetLength(data));
  const bytes = data === null ? null : symbols.CFDataGetBytePtr(data);
  if (bytes === null || length <= 0) {
    throw new TextInputError(`the current input source ${id} has no 'uchr' layout data`);
  }
  const copy = new Uint8Array(length);
  Deno.UnsafePointerView.copyInto(bytes, copy);
  return copy;
}

/** One UCKeyTranslate call with reused buffers. */
class Translator {
  readonly #symbols: TextInputSymbols;
  readonly #layout: Uint8Array<ArrayBuffer>;
  readonly #keyboardTypeId: number;
  readonly #state = new Uint32Array(1);
  readonly #length = new BigUint64Array(1);
  readonly #chars = new Uint16Array(MAX_OUTPUT);

  constructor(symbols: TextInputSymbols, layout: Uint8Array<ArrayBuffer>, keyboardTypeId: number) {
    this.#symbols = symbols;
    this.#layout = layout;
    this.#keyboardTypeId = keyboardTypeId;
  }

  /** The text and the dead-key state after the key, from `state`. */
  translate(virtualKey: number, modifiers: number, state: number, options = 0) {
    this.#state[0] = state;
    const status = this.#symbols.UCKeyTranslate(
      this.#layout,
      virtualKey,
      KEY_ACTION_DOWN,
      modifiers,
      this.#keyboardTypeId,
      options,
      this.#state,
      BigInt(MAX_OUTPUT),
      this.#length,
      this.#chars,
    );
    if (status !== 0) {
      throw new TextInputError(
        `UCKeyTranslate failed with OSStatus ${status} for virtual key ${virtualKey}`,
      );
    }
    const text = String.fromCharCode(...this.#chars.subarray(0, Number(this.#length[0])));
    return { text: /\p{Cc}/u.test(text) ? "" : text, state: this.#state[0] ?? 0 };
  }
}

/** Modifier bits of the eight states, indexed shift | option << 1 | caps << 2. */
const STATE_MODIFIERS = Array.from(
  { length: 8 },
  (_, state) => (state & 1 ? SHIFT : 0) | (state & 2 ? OPTION : 0) | (state & 4 ? CAPS_LOCK : 0),
);

function buildLayout(
  symbols: TextInputSymbols,
  info: InputSourceInfo,
  uchr: Uint8Array<ArrayBuffer>,
): KeyboardLayout {
  const translator = new Translator(symbols, uchr, info.keyboardTypeId);
  const deadStates = new Map<string, number>();
  const rows: KeyOutputDefinition[][] = [];
  for (let virtualKey = 0; virtualKey < VIRTUAL_KEY_COUNT; virtualKey++) {
    rows.push(STATE_MODIFIERS.map((modifiers): KeyOutputDefinition => {
      const { text, state } = translator.translate(virtualKey, modifiers, 0);
      if (text !== "" || state === 0) return text;
      const dead = translator.translate(virtualKey, modifiers, 0, NO_DEAD_KEYS).text;
      if (dead === "") return "";
      const known = deadStates.get(dead);
      if (known !== undefined && known !== state) return "";
      deadStates.set(dead, state);
      return { dead };
    }));
  }
  const deadKeys: DeadKeyDefinition[] = [...deadStates].map(([dead, deadState]) => {
    const entries = new Map<string, string>();
    rows.forEach((outputs, virtualKey) => {
      outputs.forEach((output, index) => {
        const next = typeof output === "string" ? output : output.dead;
        if (next === "" || [...next].length !== 1 || entries.has(next)) return;
        const modifiers = STATE_MODIFIERS[index] ?? 0;
        const { text, state } = translator.translate(virtualKey, modifiers, deadState);
        // Uncomposed, a key types the terminator and its own text; a dead key types the
        // terminator and starts its own state, so any text with no state left is composed.
        const composed = typeof output === "string" ? text !== dead + output : true;
        if (state === 0 && text !== "" && composed) entries.set(next, text);
      });
    });
    return [dead, [...entries].map(([next, composed]) => next + composed)];
  });
  const keys: KeyRowDefinition[] = rows.flatMap((outputs, virtualKey) =>
    outputs.every((output) => output === "") ? [] : [[virtualKey, ...outputs]]
  );
  return new KeyboardLayout({
    id: info.id,
    name: info.name,
    inputSourceId: info.id,
    defaultKeyboardType: info.keyboardType,
    source:
      `the Mac's current input source ${info.id} (UCKeyTranslate, keyboard type ${info.keyboardTypeId})`,
    keys,
    deadKeys,
  });
}

function fourCharCode(code: string): number {
  return [...code].reduce((value, char) => value * 256 + char.charCodeAt(0), 0);
}
