/**
 * The data a keyboard layout is built from: per mac virtual key, what each modifier state types,
 * and the dead-key compositions. `layouts.generated.ts` holds these for every built-in layout;
 * {@linkcode KeyboardLayout} turns one into lookups.
 *
 * @module
 */
import type { KeyboardType } from "./keyboard_type.ts";

/**
 * What one key types in one modifier state: the text, `""` for nothing, or `{ dead: text }` for a
 * dead key that waits for the next key (its text is what it types when nothing composes).
 *
 * @example A plain key and a dead key
 * ```ts
 * import type { KeyOutputDefinition } from "./layout_definition.ts";
 *
 * const plain: KeyOutputDefinition = "a";
 * const acute: KeyOutputDefinition = { dead: "´" };
 * console.assert(typeof plain === "string" && typeof acute === "object");
 * ```
 */
export type KeyOutputDefinition = string | { readonly dead: string };

/**
 * One key of a layout: its mac virtual key code, then its output with no modifier, Shift, Option
 * and Option+Shift, optionally followed by the same four with Caps Lock on.
 *
 * When the Caps Lock four are absent they are: the plain output upper-cased (when that is one
 * character), the Shift output, the Option output upper-cased (likewise), the Option+Shift
 * output; which is what most Apple layouts do.
 *
 * @example The German L key
 * ```ts
 * import type { KeyRowDefinition } from "./layout_definition.ts";
 *
 * const row: KeyRowDefinition = [0x25, "l", "L", "@", "ﬂ"];
 * console.assert(row[3] === "@");
 * ```
 */
export type KeyRowDefinition = readonly [virtualKey: number, ...outputs: KeyOutputDefinition[]];

/**
 * A dead key's text and its compositions: each entry is the next key's text (one code point)
 * followed by what the pair types, for example `"eé"` for `´` then `e`.
 *
 * @example The acute accent of a small layout
 * ```ts
 * import type { DeadKeyDefinition } from "./layout_definition.ts";
 *
 * const acute: DeadKeyDefinition = ["´", ["eé", "EÉ", " ´"]];
 * console.assert(acute[1].length === 3);
 * ```
 */
export type DeadKeyDefinition = readonly [text: string, compositions: readonly string[]];

/**
 * A keyboard layout as data.
 *
 * @example A layout with one key and one dead key
 * ```ts
 * import type { LayoutDefinition } from "./layout_definition.ts";
 *
 * const tiny: LayoutDefinition = {
 *   id: "tiny",
 *   name: "Tiny",
 *   defaultKeyboardType: "ansi",
 *   source: "hand-written",
 *   keys: [[0x0e, "e", "E", { dead: "´" }, "´"], [0x31, " ", " ", " ", " "]],
 *   deadKeys: [["´", ["eé", "EÉ", " ´"]]],
 * };
 * console.assert(tiny.keys.length === 2);
 * ```
 */
export interface LayoutDefinition {
  /** Short identifier, lower case, for example `"de"`. */
  readonly id: string;
  /** The input source's name as today's macOS shows it, for example `"German"`. */
  readonly name: string;
  /**
   * The input source's id (`kTISPropertyInputSourceID`), for example
   * `"com.apple.keylayout.German"`; absent for a layout that is no macOS input source.
   */
  readonly inputSourceId?: string;
  /** The keyboard type this layout's keyboards usually have. */
  readonly defaultKeyboardType: KeyboardType;
  /** Where the data comes from, for example the CLDR file name. */
  readonly source: string;
  /** The keys, in any order; a virtual key appears at most once. */
  readonly keys: readonly KeyRowDefinition[];
  /** The dead keys and their compositions. */
  readonly deadKeys: readonly DeadKeyDefinition[];
}

/**
 * The default Caps Lock output of a plain or Option output: upper-cased when that gives one
 * character, else unchanged. The generator writes explicit Caps Lock outputs when this rule is wrong.
 *
 * @param output A key output definition.
 * @returns Its Caps Lock counterpart.
 *
 * @example Letters upper-case, `ß` and symbols stay
 * ```ts
 * import { capsOf } from "./layout_definition.ts";
 *
 * console.assert(capsOf("å") === "Å");
 * console.assert(capsOf("ß") === "ß");
 * console.assert(capsOf("1") === "1");
 * ```
 */
export function capsOf(output: KeyOutputDefinition | undefined): KeyOutputDefinition {
  if (typeof output !== "string") return output ?? "";
  const upper = output.toUpperCase();
  return [...upper].length === 1 ? upper : output;
}
