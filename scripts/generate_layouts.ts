/**
 * Generates `lib/layout/layouts.generated.ts`: every built-in macOS keyboard layout as data, per
 * mac virtual key the output of each modifier state, plus the dead-key compositions.
 *
 * Inputs (paths relative to the repository root):
 * - `../shared/data/cldr-keyboards-osx/*.xml`: Unicode CLDR's macOS keyboard data (legacy LDML
 *   keyboard format, macOS 10.9), one file per layout, and `_platform.xml`, which maps mac virtual
 *   key codes to the ISO key positions (E00…B10, A03) the layout files use.
 * - Japanese JIS has no CLDR file: its table is written below from
 *   `../shared/docs/recipes-reference.md` §3.4 item 4 and the JIS key legends.
 *
 * How a CLDR file is read:
 * - A `keyMap`'s `modifiers` attribute lists alternatives separated by spaces; each is `+`-joined
 *   modifier keys, `?` marks an optional one, `shift` means either Shift, `shiftL` only the left
 *   one. For each of the eight states of Shift, Option and Caps Lock exactly one `keyMap` must
 *   match; macOS hands layouts no left/right distinction, so a held modifier counts as the left
 *   one. A key a `keyMap` leaves out types nothing in that state.
 * - `\u{XXXX}` escapes in attribute values are decoded here (the XML parser leaves them).
 * - An output that is a control character types nothing.
 * - An output is a dead key when some `transform`'s `from` starts with it and is longer, unless
 *   the map entry says `transform="no"`. Each transform becomes a composition of the longest such
 *   dead key and the one character after it.
 *
 * The XML parser (fast-xml-parser) does not load the DTDs the files reference.
 *
 * Usage:
 * ```sh
 * deno run --allow-read --allow-write scripts/generate_layouts.ts          # write the file
 * deno run --allow-read --allow-write scripts/generate_layouts.ts --check  # exit 1 if stale
 * ```
 *
 * @module
 */
import { runGeneratorCli } from "./generated_file_cli.ts";
import { XMLParser } from "fast-xml-parser";
import { KEYBOARD_KEY_NAMES } from "../lib/hid/usages.generated.ts";
import type { KeyboardType } from "../lib/layout/keyboard_type.ts";
import {
  capsOf,
  type KeyOutputDefinition,
  type KeyRowDefinition,
  type LayoutDefinition,
} from "../lib/layout/layout_definition.ts";

/** Where the generated module is written, relative to this script. */
const OUTPUT_URL = new URL("../lib/layout/layouts.generated.ts", import.meta.url);
/** The CLDR macOS keyboard files, relative to this script. */
const CLDR_URL = new URL("../../shared/data/cldr-keyboards-osx/", import.meta.url);

/** deno fmt's line width is 100; rows stay just inside it so fmt never rewraps them. */
const SINGLE_LINE_LIMIT = 98;

/** A layout taken from a CLDR file. */
interface CldrLayout {
  readonly id: string;
  readonly file: string;
  /** The macOS name when it differs from the file's `<name>`. */
  readonly name?: string;
  readonly defaultKeyboardType: KeyboardType;
}

/** The CLDR layouts, in the order `dextkit layouts` lists them. */
const CLDR_LAYOUTS: readonly CldrLayout[] = [
  { id: "us", file: "en-t-k0-osx.xml", defaultKeyboardType: "ansi" },
  // CLDR still has the pre-10.13 name "US Extended".
  {
    id: "abc-extended",
    file: "en-t-k0-osx-extended.xml",
    name: "ABC – Extended",
    defaultKeyboardType: "ansi",
  },
  { id: "gb", file: "en-GB-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "de", file: "de-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "de-ch", file: "de-CH-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "fr", file: "fr-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "fr-ch", file: "fr-CH-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "es", file: "es-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "it", file: "it-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "pt", file: "pt-PT-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "pt-br", file: "pt-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "sv", file: "sv-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "nb", file: "nb-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "da", file: "da-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "fi", file: "fi-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "nl", file: "nl-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "pl", file: "pl-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "cs", file: "cs-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "tr", file: "tr-t-k0-osx.xml", defaultKeyboardType: "iso" },
  { id: "tr-q", file: "tr-t-k0-osx-qwerty.xml", defaultKeyboardType: "iso" },
  { id: "dvorak", file: "en-t-k0-osx-dvorak.xml", defaultKeyboardType: "ansi" },
  { id: "colemak", file: "en-t-k0-osx-colemak.xml", defaultKeyboardType: "ansi" },
];

/**
 * Japanese JIS, the input source's Romaji (ASCII) mode, by HID usage as a JIS keyboard sends it:
 * plain, Shift, Option, Option+Shift; `""` types nothing.
 *
 * From recipes-reference.md §3.4 item 4: `@` on 0x2F, `[` on 0x30, `]` on the key macOS reads
 * as virtual key 0x2A (usages 0x31 and 0x32), `:` on 0x34, `^` on 0x2E, `"` = Shift+2, `_` on
 * International1 (0x87, "ro"), `¥` on International3 (0x89), keypad comma 0x85. The Shift
 * characters of the other keys are the JIS legends (`!"#$%&'()` on 1–9, `=` on `-`, `~` on `^`,
 * `|` on `¥`, `` ` `` on `@`, `{` on `[`, `+` on `;`, `*` on `:`, `}` on `]`).
 *
 * Unverified on a Mac: Shift+ro (`_` assumed), Option+¥ typing `\` (a widely described Mac JIS
 * habit, not in the reference), that Shift+0 types nothing, and the whole Option layer, which is
 * left empty. The keys left of 1 and left of Z (virtual keys 0x32 and 0x0A) type nothing.
 */
const JIS_ROWS: readonly (readonly [number, string, string, string, string])[] = [
  ...Array.from(
    "abcdefghijklmnopqrstuvwxyz",
    (letter, index) => [0x04 + index, letter, letter.toUpperCase(), "", ""] as const,
  ),
  [0x1E, "1", "!", "", ""],
  [0x1F, "2", '"', "", ""],
  [0x20, "3", "#", "", ""],
  [0x21, "4", "$", "", ""],
  [0x22, "5", "%", "", ""],
  [0x23, "6", "&", "", ""],
  [0x24, "7", "'", "", ""],
  [0x25, "8", "(", "", ""],
  [0x26, "9", ")", "", ""],
  [0x27, "0", "", "", ""],
  [0x2C, " ", " ", "", ""],
  [0x2D, "-", "=", "", ""],
  [0x2E, "^", "~", "", ""],
  [0x2F, "@", "`", "", ""],
  [0x30, "[", "{", "", ""],
  [0x31, "]", "}", "", ""],
  [0x33, ";", "+", "", ""],
  [0x34, ":", "*", "", ""],
  [0x36, ",", "<", "", ""],
  [0x37, ".", ">", "", ""],
  [0x38, "/", "?", "", ""],
  [0x85, ",", ",", ",", ","],
  [0x87, "_", "_", "", ""],
  [0x89, "¥", "|", "\\", ""],
];

/** The source texts the generated module is computed from. */
export interface LayoutSources {
  /** The text of `_platform.xml`. */
  readonly platformXml: string;
  /** The text of each CLDR layout file, by file name. */
  readonly layoutXml: ReadonlyMap<string, string>;
}

/**
 * Reads the CLDR files from `../shared/data/cldr-keyboards-osx/`.
 *
 * @returns The texts {@linkcode renderLayoutsFrom} needs.
 *
 * @example Read the sources
 * ```ts ignore
 * import { readLayoutSources } from "./generate_layouts.ts";
 *
 * const sources = await readLayoutSources();
 * console.assert(sources.layoutXml.has("de-t-k0-osx.xml"));
 * ```
 */
export async function readLayoutSources(): Promise<LayoutSources> {
  const layoutXml = new Map<string, string>();
  for (const { file } of CLDR_LAYOUTS) {
    layoutXml.set(file, await Deno.readTextFile(new URL(file, CLDR_URL)));
  }
  return {
    platformXml: await Deno.readTextFile(new URL("_platform.xml", CLDR_URL)),
    layoutXml,
  };
}

/**
 * Renders the generated module from the files in the repository's shared data.
 *
 * @returns The module's text, byte for byte what the committed file must contain.
 *
 * @example Compare with the committed file
 * ```ts ignore
 * import { renderLayouts } from "./generate_layouts.ts";
 *
 * const text = await renderLayouts();
 * console.assert(text.startsWith("// Code generated"));
 * ```
 */
export async function renderLayouts(): Promise<string> {
  return renderLayoutsFrom(await readLayoutSources());
}

/**
 * Renders the generated module from given source texts.
 *
 * @param sources The platform map and the layout files.
 * @returns The module's text.
 * @throws {Error} When a file does not have the expected shape (a modifier state no `keyMap`
 * or two `keyMap`s match, an unknown ISO position, a composition that starts with no dead key).
 *
 * @example Render from the shared data
 * ```ts ignore
 * import { readLayoutSources, renderLayoutsFrom } from "./generate_layouts.ts";
 *
 * const text = renderLayoutsFrom(await readLayoutSources());
 * console.assert(text.includes('id: "de"'));
 * ```
 */
export function renderLayoutsFrom(sources: LayoutSources): string {
  return renderModule(buildLayoutDefinitions(sources));
}

/**
 * Builds every layout's definition from the source texts.
 *
 * @param sources The platform map and the layout files.
 * @returns The definitions, CLDR layouts first (in listing order), then Japanese JIS.
 * @throws {Error} As {@linkcode renderLayoutsFrom}.
 *
 * @example German `@` is Option+L (virtual key 0x25)
 * ```ts ignore
 * import { buildLayoutDefinitions, readLayoutSources } from "./generate_layouts.ts";
 *
 * const [, , , german] = buildLayoutDefinitions(await readLayoutSources());
 * console.assert(german?.keys.find((row) => row[0] === 0x25)?.[3] === "@");
 * ```
 */
export function buildLayoutDefinitions(sources: LayoutSources): LayoutDefinition[] {
  const positions = parsePlatform(sources.platformXml);
  const definitions = CLDR_LAYOUTS.map((layout) => {
    const xml = sources.layoutXml.get(layout.file);
    if (xml === undefined) throw new Error(`${layout.file}: missing`);
    return parseLayout(layout, xml, positions);
  });
  return [...definitions, jisDefinition()];
}

// --- CLDR parsing --------------------------------------------------------------------------------

type XmlElement = Readonly<Record<string, unknown>>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  // Elements always as arrays, attributes as plain strings.
  isArray: (_name: string, _path: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute,
  // Attribute values like to=" " must keep their spaces.
  trimValues: false,
  ignoreDeclaration: true,
});

function children(element: XmlElement, name: string): XmlElement[] {
  const value = element[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`<${name}> is not a list`);
  return value.filter((child): child is XmlElement => typeof child === "object" && child !== null);
}

function attribute(element: XmlElement, name: string): string | undefined {
  const value = element[name];
  return typeof value === "string" ? value : undefined;
}

function requiredAttribute(element: XmlElement, name: string, where: string): string {
  const value = attribute(element, name);
  if (value === undefined) throw new Error(`${where}: attribute ${name} missing`);
  return value;
}

function only(elements: readonly XmlElement[], what: string): XmlElement {
  const [first] = elements;
  if (first === undefined || elements.length !== 1) {
    throw new Error(`expected one <${what}>, found ${elements.length}`);
  }
  return first;
}

function decodeEscapes(text: string): string {
  return text.replace(
    /\\u\{([0-9A-Fa-f]{1,6})\}/g,
    (_match, hex: string) => String.fromCodePoint(parseInt(hex, 16)),
  );
}

/** ISO position → mac virtual key code. */
function parsePlatform(xml: string): ReadonlyMap<string, number> {
  const platform = only(children(parser.parse(xml) as XmlElement, "platform"), "platform");
  const hardwareMap = only(children(platform, "hardwareMap"), "hardwareMap");
  const positions = new Map<string, number>();
  for (const map of children(hardwareMap, "map")) {
    const iso = requiredAttribute(map, "iso", "_platform.xml");
    positions.set(iso, Number(requiredAttribute(map, "keycode", "_platform.xml")));
  }
  return positions;
}

/** The eight states, indexed shift | option << 1 | caps << 2, as held modifier keys. */
const STATES: readonly (readonly string[])[] = Array.from({ length: 8 }, (_, state) => [
  ...(state & 1 ? ["shiftL"] : []),
  ...(state & 2 ? ["optL"] : []),
  ...(state & 4 ? ["caps"] : []),
]);

/** Whether a modifier token (`shift`, `shiftL`, `caps`, …) covers a held modifier key. */
function covers(token: string, held: string): boolean {
  return token === held || `${token}L` === held || `${token}R` === held;
}

/** Whether one `+`-joined alternative of a `modifiers` attribute matches the held keys. */
function alternativeMatches(alternative: string, held: readonly string[]): boolean {
  const tokens = alternative.split("+").filter((token) => token !== "").map((token) => ({
    name: token.replace(/\?$/, ""),
    optional: token.endsWith("?"),
  }));
  const requiredHeld = tokens.every((token) =>
    token.optional || held.some((key) => covers(token.name, key))
  );
  const heldAllowed = held.every((key) => tokens.some((token) => covers(token.name, key)));
  return requiredHeld && heldAllowed;
}

function parseLayout(
  layout: CldrLayout,
  xml: string,
  positions: ReadonlyMap<string, number>,
): LayoutDefinition {
  const where = layout.file;
  const keyboard = only(children(parser.parse(xml) as XmlElement, "keyboard"), "keyboard");
  const names = only(children(keyboard, "names"), "names");
  const cldrName = requiredAttribute(only(children(names, "name"), "name"), "value", where);

  const transforms = children(keyboard, "transforms").flatMap((block) =>
    children(block, "transform").map((transform) => ({
      from: decodeEscapes(requiredAttribute(transform, "from", where)),
      to: decodeEscapes(requiredAttribute(transform, "to", where)),
    }))
  );
  const startsTransform = (text: string) =>
    text !== "" &&
    transforms.some(({ from }) => from.length > text.length && from.startsWith(text));

  const keyMaps = children(keyboard, "keyMap");
  const stateMaps = STATES.map((held, state) => {
    const matching = keyMaps.filter((keyMap) =>
      (attribute(keyMap, "modifiers") ?? "").split(" ").some((alternative) =>
        alternativeMatches(alternative, held)
      )
    );
    if (matching.length !== 1) {
      throw new Error(`${where}: ${matching.length} keyMaps match modifier state ${state}`);
    }
    const outputs = new Map<number, KeyOutputDefinition>();
    for (const map of children(matching[0] as XmlElement, "map")) {
      const iso = requiredAttribute(map, "iso", where);
      const virtualKey = positions.get(iso);
      if (virtualKey === undefined) throw new Error(`${where}: unknown ISO position ${iso}`);
      // A few keys output a control character (Swiss German Option+Shift+C is U+0013); text
      // fields insert none, so they count as typing nothing.
      const to = decodeEscapes(requiredAttribute(map, "to", where));
      const text = /\p{Cc}/u.test(to) ? "" : to;
      const dead = attribute(map, "transform") !== "no" && startsTransform(text);
      outputs.set(virtualKey, dead ? { dead: text } : text);
    }
    return outputs;
  });

  const virtualKeys = [...new Set(stateMaps.flatMap((outputs) => [...outputs.keys()]))];
  const keys = virtualKeys.sort((a, b) => a - b).map((virtualKey) =>
    compactRow(virtualKey, stateMaps.map((outputs) => outputs.get(virtualKey) ?? ""))
  );

  const deadTexts = new Set(
    stateMaps.flatMap((outputs) =>
      [...outputs.values()].flatMap((output) => typeof output === "string" ? [] : [output.dead])
    ),
  );
  const deadKeys = new Map<string, string[]>();
  for (const { from, to } of transforms) {
    const deadText = [...deadTexts].filter((text) =>
      from.length > text.length && from.startsWith(text)
    ).sort((a, b) =>
      b.length - a.length
    )[0];
    if (deadText === undefined) throw new Error(`${where}: transform "${from}" has no dead key`);
    const next = from.slice(deadText.length);
    if ([...next].length !== 1) throw new Error(`${where}: transform "${from}" is not two keys`);
    const entries = deadKeys.get(deadText) ?? [];
    entries.push(next + to);
    deadKeys.set(deadText, entries);
  }

  return {
    id: layout.id,
    name: layout.name ?? cldrName,
    defaultKeyboardType: layout.defaultKeyboardType,
    source: `CLDR keyboards/osx/${layout.file}`,
    keys,
    deadKeys: [...deadKeys],
  };
}

/** A key row with the Caps Lock outputs left out when `KeyboardLayout` derives the same ones. */
function compactRow(virtualKey: number, outputs: readonly KeyOutputDefinition[]): KeyRowDefinition {
  const [plain, shift, option, optionShift] = outputs;
  const derived = [capsOf(plain), shift ?? "", capsOf(option), optionShift ?? ""];
  const same = derived.every((output, index) => sameOutput(output, outputs[index + 4]));
  return [virtualKey, ...(same ? outputs.slice(0, 4) : outputs)];
}

function sameOutput(a: KeyOutputDefinition, b: KeyOutputDefinition | undefined): boolean {
  if (b === undefined) return false;
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a.dead === b.dead;
}

function jisDefinition(): LayoutDefinition {
  const keys = JIS_ROWS.map(([usage, ...outputs]) => {
    const virtualKey = KEYBOARD_KEY_NAMES.find((key) => key.usage === usage)?.macVirtualKey;
    if (virtualKey === undefined) throw new Error(`JIS: usage ${usage} has no virtual key`);
    const row: KeyRowDefinition = [virtualKey, ...outputs];
    return row;
  });
  return {
    id: "jis",
    name: "Japanese – Romaji",
    defaultKeyboardType: "jis",
    source: "recipes-reference.md §3.4 item 4 (hand-written; see scripts/generate_layouts.ts)",
    keys: keys.sort((a, b) => a[0] - b[0]),
    deadKeys: [],
  };
}

// --- rendering -----------------------------------------------------------------------------------

/** W3C codes of the keys that reach each virtual key, for the row comments. */
function keyNames(): ReadonlyMap<number, string> {
  const ansi = new Map<number, string[]>();
  const iso = new Map<number, string[]>();
  for (const key of KEYBOARD_KEY_NAMES) {
    if (key.macVirtualKey === undefined || key.code === undefined) continue;
    const isoKey = key.macVirtualKeyIso ?? key.macVirtualKey;
    ansi.set(key.macVirtualKey, [...(ansi.get(key.macVirtualKey) ?? []), key.code]);
    iso.set(isoKey, [...(iso.get(isoKey) ?? []), key.code]);
  }
  const names = new Map<number, string>();
  for (const [virtualKey, codes] of ansi) {
    const isoCodes = iso.get(virtualKey) ?? [];
    const same = isoCodes.join() === codes.join();
    names.set(virtualKey, same ? codes.join(", ") : `${codes.join(", ")}; ISO: ${isoCodes.join()}`);
  }
  return names;
}

function renderModule(definitions: readonly LayoutDefinition[]): string {
  const names = keyNames();
  const lines = [
    "// Code generated by scripts/generate_layouts.ts. DO NOT EDIT.",
    "",
    "/**",
    " * Every built-in keyboard layout as data: per mac virtual key, what each modifier state types,",
    " * and the dead-key compositions (see `layout_definition.ts` for the row format).",
    " *",
    " * Generated; do not edit. Regenerate with",
    " * `deno run --allow-read --allow-write scripts/generate_layouts.ts`",
    " * (add `--check` to exit 1 when this file is stale instead of writing it).",
    " *",
    " * Sources (paths relative to the repository root):",
    " * - `../shared/data/cldr-keyboards-osx/`: Unicode CLDR keyboard data for macOS 10.9",
    " *   (`keyboards/osx/` of unicode-org/cldr at ee7e3f1635f8453fe98f8e8bb3bc88391c8daee5).",
    " *   Copyright © Unicode, Inc.; distributed under the Unicode licence in",
    " *   `../shared/data/cldr-keyboards-osx/unicode-license.txt`.",
    " * - Japanese JIS: a hand-written table in the generator, from",
    " *   `../shared/docs/recipes-reference.md` §3.4 item 4 (partly unverified; see the generator).",
    " *",
    " * Row comments name the keys (W3C `code`) that reach each virtual key on ANSI and JIS",
    " * keyboards, and on ISO keyboards where that differs.",
    " *",
    " * @module",
    " */",
    'import type { LayoutDefinition } from "./layout_definition.ts";',
    "",
    "/**",
    " * Every built-in layout's data, in the order `dextkit layouts` lists them.",
    " *",
    " * @example Find the German layout's data",
    " * ```ts",
    ' * import { LAYOUT_DEFINITIONS } from "./layouts.generated.ts";',
    " *",
    ' * const german = LAYOUT_DEFINITIONS.find((layout) => layout.id === "de");',
    ' * console.assert(german?.name === "German");',
    " * ```",
    " */",
    "export const LAYOUT_DEFINITIONS: readonly LayoutDefinition[] = [",
  ];
  for (const definition of definitions) {
    lines.push(
      "  {",
      `    id: ${quote(definition.id)},`,
      `    name: ${quote(definition.name)},`,
      `    defaultKeyboardType: ${quote(definition.defaultKeyboardType)},`,
      `    source: ${quote(definition.source)},`,
      "    keys: [",
    );
    for (const [virtualKey, ...outputs] of definition.keys) {
      const items = [hex(virtualKey), ...outputs.map(renderOutput)];
      const comment = names.get(virtualKey);
      lines.push(...renderList(items, 6, comment ?? ""));
    }
    lines.push("    ],");
    if (definition.deadKeys.length === 0) {
      lines.push("    deadKeys: [],");
    } else {
      lines.push("    deadKeys: [");
      for (const [text, entries] of definition.deadKeys) {
        const single = `[${quote(text)}, [${entries.map(quote).join(", ")}]],`;
        if (width(single) + 6 <= SINGLE_LINE_LIMIT) {
          lines.push(`      ${single}`);
        } else {
          lines.push(`      [${quote(text)}, [`);
          for (const entry of entries) lines.push(`        ${quote(entry)},`);
          lines.push("      ]],");
        }
      }
      lines.push("    ],");
    }
    lines.push("  },");
  }
  lines.push("];", "");
  return lines.join("\n");
}

/**
 * An array on one line when it fits, else one item per line. The comment follows the array when
 * both fit on the line, else it goes on the line above.
 */
function renderList(items: readonly string[], indent: number, comment: string): string[] {
  const pad = " ".repeat(indent);
  const single = `${pad}[${items.join(", ")}],`;
  const trailing = comment === "" ? "" : ` // ${comment}`;
  if (width(single + trailing) <= SINGLE_LINE_LIMIT) return [single + trailing];
  const above = comment === "" ? [] : [`${pad}// ${comment}`];
  if (width(single) <= SINGLE_LINE_LIMIT) return [...above, single];
  return [...above, `${pad}[`, ...items.map((item) => `${pad}  ${item},`), `${pad}],`];
}

function renderOutput(output: KeyOutputDefinition): string {
  return typeof output === "string" ? quote(output) : `{ dead: ${quote(output.dead)} }`;
}

/**
 * A string literal as deno fmt leaves it: double quotes unless the text has a double quote and no
 * single one; characters that are invisible or combine with their neighbour as `\u{…}` escapes.
 */
function quote(text: string): string {
  const delimiter = text.includes('"') && !text.includes("'") ? "'" : '"';
  let body = "";
  for (const char of text) {
    if (char === "\\" || char === delimiter) body += `\\${char}`;
    else if (char === " " || /[\p{L}\p{N}\p{P}\p{S}]/u.test(char)) body += char;
    else body += `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`;
  }
  return delimiter + body + delimiter;
}

function hex(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(2, "0")}`;
}

function width(line: string): number {
  return [...line].length;
}

// --- entry point ---------------------------------------------------------------------------------

if (import.meta.main) {
  await runGeneratorCli({
    output: OUTPUT_URL,
    path: "lib/layout/layouts.generated.ts",
    command: "deno run --allow-read --allow-write scripts/generate_layouts.ts",
    render: renderLayouts,
  }, Deno.args);
}
