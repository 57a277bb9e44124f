/**
 * The built-in keyboard layouts by id and by macOS name.
 *
 * | id | layout | default keyboard type |
 * |----|--------|-----------------------|
 * | `us` | U.S. | ANSI |
 * | `abc-extended` | ABC – Extended | ANSI |
 * | `gb` | British | ISO |
 * | `de`, `de-ch` | German, Swiss German | ISO |
 * | `fr`, `fr-ch` | French, Swiss French | ISO |
 * | `es`, `it` | Spanish, Italian | ISO |
 * | `pt`, `pt-br` | Portuguese, Brazilian | ISO |
 * | `sv`, `nb`, `da`, `fi` | Swedish, Norwegian, Danish, Finnish | ISO |
 * | `nl`, `pl`, `cs` | Dutch, Polish, Czech | ISO |
 * | `tr`, `tr-q` | Turkish (F), Turkish-QWERTY | ISO |
 * | `dvorak`, `colemak` | Dvorak, Colemak | ANSI |
 * | `jis` | Japanese – Romaji | JIS |
 *
 * Names are CLDR's (macOS 10.9), except "ABC – Extended", which CLDR still calls "US Extended"
 * (that name is accepted too). Layouts are built on first use.
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
 * const info: LayoutInfo = { id: "de", name: "German", defaultKeyboardType: "iso" };
 * console.assert(info.defaultKeyboardType === "iso");
 * ```
 */
export interface LayoutInfo {
  /** Short identifier, for example `"de"`. */
  readonly id: string;
  /** The input source's name as macOS shows it, for example `"German"`. */
  readonly name: string;
  /** The keyboard type this layout's keyboards usually have. */
  readonly defaultKeyboardType: KeyboardType;
}

/** Other names a layout answers to (lower case) → its id. */
const ALIASES: ReadonlyMap<string, string> = new Map([["us extended", "abc-extended"]]);

const INFOS: readonly LayoutInfo[] = Object.freeze(
  LAYOUT_DEFINITIONS.map(({ id, name, defaultKeyboardType }) =>
    Object.freeze({ id, name, defaultKeyboardType })
  ),
);

const DEFINITIONS_BY_KEY = new Map<string, LayoutDefinition>();
for (const definition of LAYOUT_DEFINITIONS) {
  DEFINITIONS_BY_KEY.set(definition.id.toLowerCase(), definition);
  DEFINITIONS_BY_KEY.set(definition.name.toLowerCase(), definition);
}
for (const [alias, id] of ALIASES) {
  const definition = DEFINITIONS_BY_KEY.get(id);
  if (definition !== undefined) DEFINITIONS_BY_KEY.set(alias, definition);
}

const built = new Map<string, KeyboardLayout>();

/**
 * An unknown layout id or name. Exit code {@linkcode ExitCode.Usage}.
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
    const candidates = [...DEFINITIONS_BY_KEY.keys()];
    const suggestions = [
      ...new Set(closestNames(name.trim(), candidates, 6).map((key) => idOf(key))),
    ].slice(0, 3);
    const didYouMean = suggestions.length === 0
      ? ""
      : `; did you mean ${suggestions.map((suggestion) => `"${suggestion}"`).join(" or ")}?`;
    super(`unknown keyboard layout "${name}"${didYouMean}`, {
      hint:
        "run `dextkit layouts` to list the layouts; give an id such as de or a name such as German",
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
 * @returns The layouts' ids, names and default keyboard types.
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
 * A built-in layout by id (`"de"`) or macOS name (`"German"`), case-insensitively.
 *
 * @param idOrName The layout's id or name; surrounding spaces are ignored.
 * @returns The layout; the same instance on every call.
 * @throws {UnknownLayoutError} When no layout has that id or name, listing the closest ids.
 *
 * @example Get the British layout by name
 * ```ts
 * import { getLayout } from "./layout_registry.ts";
 *
 * const british = getLayout("british");
 * console.assert(british.id === "gb");
 * console.assert(british.defaultKeyboardType === "iso");
 * console.assert(getLayout("GB") === british);
 * ```
 */
export function getLayout(idOrName: string): KeyboardLayout {
  const definition = DEFINITIONS_BY_KEY.get(idOrName.trim().toLowerCase());
  if (definition === undefined) throw new UnknownLayoutError(idOrName);
  let layout = built.get(definition.id);
  if (layout === undefined) {
    layout = new KeyboardLayout(definition);
    built.set(definition.id, layout);
  }
  return layout;
}
