/**
 * The built-in keyboard layouts by short id, input-source id and today's macOS name.
 *
 * | id | layout (today's name) | input source | keyboard type |
 * |----|--------|--------------|---------------|
 * | `us`, `abc-extended` | U.S., ABC – Extended | `US`, `USExtended` | ANSI |
 * | `gb` | British | `British` | ISO |
 * | `de`, `de-ch` | German, Swiss German | `German`, `SwissGerman` | ISO |
 * | `fr`, `fr-ch` | French, Swiss French | `French`, `SwissFrench` | ISO |
 * | `es`, `es-legacy` | Spanish, Spanish – Legacy | `Spanish-ISO`, `Spanish` | ISO |
 * | `it`, `it-qzerty` | Italian, Italian – QZERTY | `Italian-Pro`, `Italian` | ISO |
 * | `pt`, `pt-br-legacy` | Portuguese, Brazilian – Legacy | `Portuguese`, `Brazilian` | ISO |
 * | `sv`, `sv-legacy` | Swedish, Swedish – Legacy | `Swedish-Pro`, `Swedish` | ISO |
 * | `nb`, `da`, `fi` | Norwegian, Danish, Finnish | same names | ISO |
 * | `nl`, `cs` | Dutch, Czech | same names | ISO |
 * | `pl`, `pl-qwertz` | Polish, Polish – QWERTZ | `PolishPro`, `Polish` | ISO |
 * | `tr-legacy`, `tr-q-legacy` | Turkish F – Legacy, Turkish Q – Legacy | `Turkish`, `Turkish-QWERTY` | ISO |
 * | `ru` | Russian | `Russian` | ISO |
 * | `dvorak`, `colemak` | Dvorak, Colemak | same names | ANSI |
 * | `jis` | Japanese – Romaji | `com.apple.inputmethod.Kotoeri.RomajiTyping.Roman` | JIS |
 *
 * (Input sources are `com.apple.keylayout.<name>` unless given in full.) A layout is found by
 * any of the three, ignoring case, dashes (`-`, `–`, `—`), underscores and extra spaces, so
 * `"polish - qwertz"` is "Polish – QWERTZ". CLDR's old names ("US Extended") are accepted where
 * they still mean the same layout. A name macOS now gives to a layout dextkit does not bundle
 * ("Turkish F", "Brazilian", …), and the short ids that used to select the older data under it,
 * are refused with a message that names the bundled older layout, never resolved to it.
 * Layouts are built on first use.
 *
 * @module
 */
import { closestNames } from "../closest_names.ts";
import { DextkitError, ExitCode } from "../errors.ts";
import { KeyboardLayout } from "./keyboard_layout.ts";
import type { KeyboardType } from "./keyboard_type.ts";
import type { LayoutDefinition } from "./layout_definition.ts";
import { LAYOUT_DEFINITIONS } from "./layouts.generated.ts";

/**
 * What `dextkit layouts` shows about a layout.
 *
 * @example Describe the German layout
 * ```ts
 * import type { LayoutInfo } from "./layout_registry.ts";
 *
 * const info: LayoutInfo = {
 *   id: "de",
 *   name: "German",
 *   inputSourceId: "com.apple.keylayout.German",
 *   defaultKeyboardType: "iso",
 * };
 * console.assert(info.defaultKeyboardType === "iso");
 * ```
 */
export interface LayoutInfo {
  /** Short identifier, for example `"de"`. */
  readonly id: string;
  /** The input source's name as today's macOS shows it, for example `"German"`. */
  readonly name: string;
  /** The input source's id, for example `"com.apple.keylayout.German"`. */
  readonly inputSourceId: string;
  /** The keyboard type this layout's keyboards usually have. */
  readonly defaultKeyboardType: KeyboardType;
}

/** Other names a layout answers to → its id: CLDR's names that still mean the same layout. */
const ALIASES: ReadonlyMap<string, string> = new Map([["US Extended", "abc-extended"]]);

/**
 * Names and ids that select no bundled layout on purpose → what to say. The names are today's
 * macOS names of layouts dextkit does not bundle (issue #13); the ids are the short ids that
 * selected the older data before it was renamed.
 */
const NOT_BUNDLED: ReadonlyMap<string, string> = new Map([
  [
    "Turkish F",
    'today\'s "Turkish F" is not bundled; "Turkish F – Legacy" (tr-legacy) is the older layout',
  ],
  [
    "Turkish Q",
    'today\'s "Turkish Q" is not bundled; "Turkish Q – Legacy" (tr-q-legacy) is the older layout',
  ],
  [
    "Brazilian",
    'today\'s "Brazilian" is not bundled; "Brazilian – Legacy" (pt-br-legacy) is the older layout',
  ],
  ["Brazilian – Pro", '"Brazilian – Pro" (com.apple.keylayout.Brazilian-Pro) is not bundled'],
  [
    "tr",
    '"tr" was CLDR\'s Turkish, now "Turkish F – Legacy" (tr-legacy); today\'s Turkish F is not bundled',
  ],
  [
    "tr-q",
    '"tr-q" was CLDR\'s Turkish-QWERTY, now "Turkish Q – Legacy" (tr-q-legacy); today\'s Turkish Q is not bundled',
  ],
  [
    "pt-br",
    '"pt-br" was CLDR\'s Brazilian, now "Brazilian – Legacy" (pt-br-legacy); today\'s Brazilian is not bundled',
  ],
]);

/**
 * The form ids and names are compared in: lower case, every dash, underscore and run of spaces
 * one space, trimmed, NFC.
 *
 * @param text An id or name.
 * @returns The comparison key.
 *
 * @example Dashes and case do not matter
 * ```ts
 * import { normalizeLayoutName } from "./layout_registry.ts";
 *
 * console.assert(normalizeLayoutName("Polish - QWERTZ") === normalizeLayoutName("polish – qwertz"));
 * ```
 */
export function normalizeLayoutName(text: string): string {
  return text.normalize("NFC").toLowerCase().replace(/[-‐‑‒–—―_\s]+/gu, " ").trim();
}

const INFOS: readonly LayoutInfo[] = Object.freeze(
  LAYOUT_DEFINITIONS.map(({ id, name, inputSourceId, defaultKeyboardType }) =>
    Object.freeze({ id, name, inputSourceId: inputSourceId ?? "", defaultKeyboardType })
  ),
);

const DEFINITIONS_BY_KEY = new Map<string, LayoutDefinition>();
for (const definition of LAYOUT_DEFINITIONS) {
  for (const key of [definition.id, definition.name, definition.inputSourceId]) {
    if (key !== undefined) DEFINITIONS_BY_KEY.set(normalizeLayoutName(key), definition);
  }
}
for (const [alias, id] of ALIASES) {
  const definition = DEFINITIONS_BY_KEY.get(normalizeLayoutName(id));
  if (definition !== undefined) DEFINITIONS_BY_KEY.set(normalizeLayoutName(alias), definition);
}
const NOT_BUNDLED_BY_KEY = new Map(
  [...NOT_BUNDLED].map(([name, why]) => [normalizeLayoutName(name), why]),
);

const built = new Map<string, KeyboardLayout>();

/**
 * An unknown layout id or name, or one that names a layout dextkit does not bundle. Exit code
 * {@linkcode ExitCode.Usage}.
 *
 * @example Suggest the closest ids
 * ```ts
 * import { UnknownLayoutError } from "./layout_registry.ts";
 *
 * const error = new UnknownLayoutError("gremn");
 * console.assert(error.exitCode === 2);
 * console.assert(error.suggestions.includes("de"));
 * ```
 */
export class UnknownLayoutError extends DextkitError {
  /** The ids of the closest layouts, closest first. */
  readonly suggestions: readonly string[];

  /**
   * Creates the error.
   *
   * @param name The id or name that was given.
   */
  constructor(name: string) {
    const notBundled = NOT_BUNDLED_BY_KEY.get(normalizeLayoutName(name));
    const candidates = [...DEFINITIONS_BY_KEY.keys()];
    const suggestions = notBundled === undefined
      ? [
        ...new Set(
          closestNames(normalizeLayoutName(name), candidates, 6).map((key) => idOf(key)),
        ),
      ].slice(0, 3)
      : [];
    const didYouMean = suggestions.length === 0
      ? ""
      : `; did you mean ${suggestions.map((suggestion) => `"${suggestion}"`).join(" or ")}?`;
    const what = notBundled === undefined ? "" : `: ${notBundled}`;
    super(`unknown keyboard layout "${name}"${what}${didYouMean}`, {
      hint: notBundled === undefined
        ? "run `dextkit layouts` to list the layouts; give an id such as de, a name such as " +
          "German, an input source such as com.apple.keylayout.German, auto, or a .keylayout file"
        : "on the Mac, --layout auto reads the selected layout itself; or pick the layout " +
          "`dextkit layouts` lists under the name the Mac shows",
      exitCode: ExitCode.Usage,
    });
    this.suggestions = suggestions;
  }
}

function idOf(key: string): string {
  return DEFINITIONS_BY_KEY.get(key)?.id ?? key;
}

/**
 * Every built-in layout, in listing order (U.S. first).
 *
 * @returns The layouts' ids, today's names, input-source ids and default keyboard types.
 *
 * @example Find the layouts for ISO keyboards
 * ```ts
 * import { listLayouts } from "./layout_registry.ts";
 *
 * const iso = listLayouts().filter((layout) => layout.defaultKeyboardType === "iso");
 * console.assert(listLayouts()[0]?.id === "us");
 * console.assert(iso.some((layout) => layout.name === "German"));
 * ```
 */
export function listLayouts(): readonly LayoutInfo[] {
  return INFOS;
}

/**
 * The built-in layout with a short id, input-source id or macOS name, or `undefined`.
 *
 * @param idOrName Any of the three, compared as {@linkcode normalizeLayoutName} does.
 * @returns The layout's data.
 *
 * @example By input-source id
 * ```ts
 * import { findLayoutDefinition } from "./layout_registry.ts";
 *
 * console.assert(findLayoutDefinition("com.apple.keylayout.PolishPro")?.id === "pl");
 * console.assert(findLayoutDefinition("Turkish F") === undefined);
 * ```
 */
export function findLayoutDefinition(idOrName: string): LayoutDefinition | undefined {
  return DEFINITIONS_BY_KEY.get(normalizeLayoutName(idOrName));
}

/**
 * A built-in layout by short id (`"de"`), input-source id (`"com.apple.keylayout.German"`) or
 * today's macOS name (`"German"`), ignoring case and dashes.
 *
 * @param idOrName The layout's id or name; surrounding spaces are ignored.
 * @returns The layout; the same instance on every call.
 * @throws {UnknownLayoutError} When no layout has that id or name, listing the closest ids, or
 * when the name is today's name of a layout dextkit does not bundle.
 *
 * @example Get the British layout by name, and Polish by its input source
 * ```ts
 * import { getLayout } from "./layout_registry.ts";
 *
 * const british = getLayout("british");
 * console.assert(british.id === "gb");
 * console.assert(british.defaultKeyboardType === "iso");
 * console.assert(getLayout("GB") === british);
 * console.assert(getLayout("com.apple.keylayout.PolishPro").name === "Polish");
 * console.assert(getLayout("Polish - QWERTZ").id === "pl-qwertz");
 * ```
 */
export function getLayout(idOrName: string): KeyboardLayout {
  const definition = findLayoutDefinition(idOrName);
  if (definition === undefined) throw new UnknownLayoutError(idOrName);
  let layout = built.get(definition.id);
  if (layout === undefined) {
    layout = new KeyboardLayout(definition);
    built.set(definition.id, layout);
  }
  return layout;
}
