/**
 * Which key strokes type each character on a layout, for a keyboard type and a Caps Lock state.
 *
 * A character comes from one stroke (a key with Shift, Option or both held) or from two: a dead
 * key, then a key whose text the dead key composes with (Option+U then U for `ü` on ABC –
 * Extended; a dead key then Space for the dead key's own character). The simplest way wins, and
 * ties are broken the same way every time:
 * 1. fewer strokes;
 * 2. keys every keyboard type has before the ISO/JIS-only keys (left of Z, ro, yen), before the
 *    keypad (see `usagePreference`);
 * 3. fewer modifiers: none, Shift, Option, Option+Shift;
 * 4. the lower HID usage.
 *
 * For two strokes the dead key is compared first, then the second key. Only characters that are
 * one Unicode code point are planned; a key whose output is longer ("SS", a letter with a
 * combining mark) is left out.
 *
 * @module
 */
import type { KeyboardLayout, KeyStroke } from "./keyboard_layout.ts";
import type { KeyboardType } from "./keyboard_type.ts";
import { MAPPED_USAGES, usagePreference, virtualKeyForUsage } from "./virtual_keys.ts";

/** Options of {@linkcode characterStrokes} and {@linkcode strokesForCharacter}. */
export interface CharacterStrokeOptions {
  /** How macOS classes the keyboard; the layout's default keyboard type when omitted. */
  readonly keyboardType?: KeyboardType;
  /** Whether Caps Lock is on while the strokes are typed; off when omitted. */
  readonly capsLock?: boolean;
}

/** Shift and Option in preference order (see the module doc). */
const MODIFIER_STATES: readonly { readonly shift: boolean; readonly option: boolean }[] = [
  { shift: false, option: false },
  { shift: true, option: false },
  { shift: false, option: true },
  { shift: true, option: true },
];

/** Ranks of single strokes stay below this; two-stroke ranks start at its square. */
const RANK_SPAN = 0x1000;

interface Ranked<T> {
  readonly rank: number;
  readonly value: T;
}

const cache = new WeakMap<KeyboardLayout, Map<string, ReadonlyMap<string, readonly KeyStroke[]>>>();

/**
 * Every character the layout can type in one or two strokes, with its best strokes.
 *
 * @param layout The layout.
 * @param options The keyboard type and the Caps Lock state.
 * @returns Character (one code point) → strokes; computed once per layout, type and Caps Lock
 * state, then shared.
 *
 * @example German on an ISO keyboard: `<` is the key left of Z, `^` the key left of 1
 * ```ts
 * import { characterStrokes } from "./character_strokes.ts";
 * import { getLayout } from "./layout_registry.ts";
 *
 * const german = characterStrokes(getLayout("de"), { keyboardType: "iso" });
 * console.assert(german.get("<")?.[0]?.usage === 0x64);
 * console.assert(german.get("^")?.[0]?.usage === 0x35); // dead key…
 * console.assert(german.get("^")?.[1]?.usage === 0x2c); // …then Space
 * ```
 */
export function characterStrokes(
  layout: KeyboardLayout,
  options: CharacterStrokeOptions = {},
): ReadonlyMap<string, readonly KeyStroke[]> {
  const keyboardType = options.keyboardType ?? layout.defaultKeyboardType;
  const capsLock = options.capsLock ?? false;
  const key = `${keyboardType}:${capsLock}`;
  let tables = cache.get(layout);
  if (tables === undefined) {
    tables = new Map();
    cache.set(layout, tables);
  }
  let table = tables.get(key);
  if (table === undefined) {
    table = buildTable(layout, keyboardType, capsLock);
    tables.set(key, table);
  }
  return table;
}

/**
 * The best strokes for one character.
 *
 * @param layout The layout.
 * @param char One Unicode code point.
 * @param options The keyboard type and the Caps Lock state.
 * @returns The strokes in order, or `undefined` when the layout cannot type `char` that way.
 *
 * @example `ü` on ABC – Extended is Option+U, then U
 * ```ts
 * import { strokesForCharacter } from "./character_strokes.ts";
 * import { getLayout } from "./layout_registry.ts";
 *
 * const strokes = strokesForCharacter(getLayout("abc-extended"), "ü");
 * console.assert(strokes?.length === 2);
 * console.assert(strokes?.[0]?.usage === 0x18 && strokes[0].option);
 * console.assert(strokes?.[1]?.usage === 0x18 && !strokes[1].option);
 * ```
 */
export function strokesForCharacter(
  layout: KeyboardLayout,
  char: string,
  options: CharacterStrokeOptions = {},
): readonly KeyStroke[] | undefined {
  return characterStrokes(layout, options).get(char);
}

function buildTable(
  layout: KeyboardLayout,
  keyboardType: KeyboardType,
  capsLock: boolean,
): ReadonlyMap<string, readonly KeyStroke[]> {
  const deadKeys = new Map<string, Ranked<KeyStroke>>();
  const plainKeys = new Map<string, Ranked<KeyStroke>>();
  for (const usage of MAPPED_USAGES) {
    const virtualKey = virtualKeyForUsage(usage, keyboardType);
    if (virtualKey === undefined) continue;
    const tier = Math.floor(usagePreference(usage) / 0x100);
    MODIFIER_STATES.forEach((modifiers, modifierRank) => {
      const output = layout.output(virtualKey, { ...modifiers, capsLock });
      if (output === undefined) return;
      const rank = tier * 0x400 + modifierRank * 0x100 + usage;
      const stroke = Object.freeze({ usage, ...modifiers });
      keepBest(output.dead ? deadKeys : plainKeys, output.text, { rank, value: stroke });
    });
  }

  const best = new Map<string, Ranked<readonly KeyStroke[]>>();
  for (const [text, { rank, value }] of plainKeys) {
    if (isOneCodePoint(text)) best.set(text, { rank, value: Object.freeze([value]) });
  }
  for (const [deadText, dead] of deadKeys) {
    for (const [next, composed] of layout.compositions(deadText)) {
      const second = plainKeys.get(next);
      if (second === undefined || !isOneCodePoint(composed)) continue;
      const rank = RANK_SPAN * RANK_SPAN + dead.rank * RANK_SPAN + second.rank;
      keepBest(best, composed, { rank, value: Object.freeze([dead.value, second.value]) });
    }
  }
  return new Map([...best].map(([char, { value }]) => [char, value]));
}

function keepBest<T>(table: Map<string, Ranked<T>>, text: string, candidate: Ranked<T>): void {
  const current = table.get(text);
  if (current === undefined || candidate.rank < current.rank) table.set(text, candidate);
}

function isOneCodePoint(text: string): boolean {
  const first = text.codePointAt(0);
  return first !== undefined && text.length === (first > 0xffff ? 2 : 1);
}
