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
  type DeadKeyDefinition,
  type KeyOutputDefinition,
  type KeyRowDefinition,
  type LayoutDefinition,
} from "../lib/layout/layout_definition.ts";

/** Where the generated module is written, relative to this script. */
const OUTPUT_URL = new URL("../lib/layout/layouts.generated.ts", import.meta.url);
/** The CLDR macOS keyboard files, relative to this script. */
const CLDR_URL = new URL("../../shared/data/cldr-keyboards-osx/", import.meta.url);
/** The VS Code captures, relative to this script. */
const CAPTURES_URL = new URL("../../shared/data/vscode-darwin-keyboard-layouts/", import.meta.url);

/** deno fmt's line width is 100; rows stay just inside it so fmt never rewraps them. */
const SINGLE_LINE_LIMIT = 98;

/** A layout taken from a CLDR file. */
interface CldrLayout {
  readonly id: string;
  readonly file: string;
  /** Today's display name in macOS's Input Sources (see {@linkcode CLDR_LAYOUTS}). */
  readonly name: string;
  /** The input source's `kTISPropertyInputSourceID`. */
  readonly inputSourceId: string;
  readonly defaultKeyboardType: KeyboardType;
}

/**
 * The CLDR layouts, in the order `dextkit layouts` lists them, under today's names.
 *
 * CLDR's data is macOS 10.9's. Since then macOS has renamed some layouts and given their old
 * names to new ones (issue #13, checked against Apple's current layouts; the renames of
 * `com.apple.keylayout.PolishPro`/`Polish` are also in
 * `../shared/data/vscode-darwin-keyboard-layouts/README.md`). The data below is kept under the
 * name that now means it: CLDR's "Polish" (`com.apple.keylayout.Polish`) is "Polish – QWERTZ",
 * "Spanish" is "Spanish – Legacy", "Italian" is "Italian – QZERTY", "Swedish" and "Brazilian" are
 * "– Legacy", "Turkish" and "Turkish-QWERTY" are "Turkish F – Legacy" and "Turkish Q – Legacy";
 * CLDR's "US Extended" is "ABC – Extended". The input-source ids are the ones these layouts have
 * always had (`com.apple.keylayout.<CLDR file's layout>`); not checked on a Mac here.
 */
const CLDR_LAYOUTS: readonly CldrLayout[] = [
  cldr("us", "en-t-k0-osx.xml", "U.S.", "US", "ansi"),
  cldr("abc-extended", "en-t-k0-osx-extended.xml", "ABC – Extended", "USExtended", "ansi"),
  cldr("gb", "en-GB-t-k0-osx.xml", "British", "British", "iso"),
  cldr("de", "de-t-k0-osx.xml", "German", "German", "iso"),
  cldr("de-ch", "de-CH-t-k0-osx.xml", "Swiss German", "SwissGerman", "iso"),
  cldr("fr", "fr-t-k0-osx.xml", "French", "French", "iso"),
  cldr("fr-ch", "fr-CH-t-k0-osx.xml", "Swiss French", "SwissFrench", "iso"),
  cldr("es-legacy", "es-t-k0-osx.xml", "Spanish – Legacy", "Spanish", "iso"),
  cldr("it-qzerty", "it-t-k0-osx.xml", "Italian – QZERTY", "Italian", "iso"),
  cldr("pt", "pt-PT-t-k0-osx.xml", "Portuguese", "Portuguese", "iso"),
  cldr("pt-br-legacy", "pt-t-k0-osx.xml", "Brazilian – Legacy", "Brazilian", "iso"),
  cldr("sv-legacy", "sv-t-k0-osx.xml", "Swedish – Legacy", "Swedish", "iso"),
  cldr("nb", "nb-t-k0-osx.xml", "Norwegian", "Norwegian", "iso"),
  cldr("da", "da-t-k0-osx.xml", "Danish", "Danish", "iso"),
  cldr("fi", "fi-t-k0-osx.xml", "Finnish", "Finnish", "iso"),
  cldr("nl", "nl-t-k0-osx.xml", "Dutch", "Dutch", "iso"),
  cldr("pl-qwertz", "pl-t-k0-osx.xml", "Polish – QWERTZ", "Polish", "iso"),
  cldr("cs", "cs-t-k0-osx.xml", "Czech", "Czech", "iso"),
  cldr("tr-legacy", "tr-t-k0-osx.xml", "Turkish F – Legacy", "Turkish", "iso"),
  cldr("tr-q-legacy", "tr-t-k0-osx-qwerty.xml", "Turkish Q – Legacy", "Turkish-QWERTY", "iso"),
  cldr("dvorak", "en-t-k0-osx-dvorak.xml", "Dvorak", "Dvorak", "ansi"),
  cldr("colemak", "en-t-k0-osx-colemak.xml", "Colemak", "Colemak", "ansi"),
];

function cldr(
  id: string,
  file: string,
  name: string,
  keylayout: string,
  defaultKeyboardType: KeyboardType,
): CldrLayout {
  return { id, file, name, inputSourceId: `com.apple.keylayout.${keylayout}`, defaultKeyboardType };
}

/** A layout taken from a VS Code capture of a real Mac. */
interface CapturedLayout {
  readonly id: string;
  readonly file: string;
  /** Today's display name (issue #13; the capture's 2019 `localizedName` is older). */
  readonly name: string;
  /** Must equal the capture's `id`; the generator checks. */
  readonly inputSourceId: string;
  readonly defaultKeyboardType: KeyboardType;
}

/**
 * Today's defaults that CLDR does not have, from
 * `../shared/data/vscode-darwin-keyboard-layouts/` (captures of real Macs through
 * `UCKeyTranslate`, 2019; see its README). Listed after the CLDR layouts, in this order.
 *
 * How a capture is read:
 * - A key's W3C code becomes the mac virtual key of `KEYBOARD_KEY_NAMES` (the ANSI column, as the
 *   captures are: `Backquote` is 0x32, `IntlBackslash` 0x0A). `AudioVolumeUp` is left out: its
 *   `"="` on Shift in every file is no layout's data (README, "Known limits").
 * - The four planes are plain, Shift, Option, Option+Shift; a dead-key flag makes that output a
 *   dead key whose text is what the capture shows (the key's output when pressed again).
 * - **Caps Lock planes (derived)**: the captures have none, so every row has four outputs and
 *   `KeyboardLayout` derives Caps Lock by the rule in `layout_definition.ts` (plain and Option
 *   upper-cased when that is one character, Shift and Option+Shift unchanged). Measured on the
 *   22 CLDR layouts, that rule gives CLDR's Caps Lock output for 1109 of 1128 plain cells, all
 *   but 3 Shift cells and 863 of 1128 Option cells.
 * - **Dead-key compositions (derived)**: the captures have none. A dead key composes a letter
 *   the layout types in one stroke when more than half of the CLDR layouts that have the same
 *   accent as a dead key (`ˆ` counted as `^`, `˜` as `~`) compose that letter with it, with their
 *   result; with Space and with itself it types its own text (the capture shows the second press
 *   typing the accent). Checked leaving each CLDR layout out in turn, the rule predicts 970 of
 *   its 1055 letter compositions and adds 56 it does not have; plain Unicode composition (NFC
 *   of letter and combining mark) would add 1733.
 * - **Option+Space**: every capture has U+0020 on Option+Space and Option+Shift+Space, CLDR has
 *   U+00A0 (no-break space) on every layout. On the six layouts both sources have (U.S., British,
 *   German, French, Dvorak, ABC – Extended) the captures agree with CLDR on every other
 *   single-character cell of the main block, so the difference is one key in every file, not a
 *   change of layout: it is taken as an artefact of the capture, and the no-break space is kept.
 *   (It is also the safe side: plain Space types U+0020 either way.)
 */
const CAPTURED_LAYOUTS: readonly CapturedLayout[] = [
  captured("pl", "pl.json", "Polish", "PolishPro"),
  captured("es", "es.json", "Spanish", "Spanish-ISO"),
  captured("it", "it.json", "Italian", "Italian-Pro"),
  captured("sv", "sv.json", "Swedish", "Swedish-Pro"),
  captured("ru", "ru.json", "Russian", "Russian"),
];

function captured(id: string, file: string, name: string, keylayout: string): CapturedLayout {
  return {
    id,
    file,
    name,
    inputSourceId: `com.apple.keylayout.${keylayout}`,
    defaultKeyboardType: "iso",
  };
}

/** Accents that count as the same when deriving compositions (see {@linkcode CAPTURED_LAYOUTS}). */
const SAME_ACCENT: ReadonlyMap<string, string> = new Map([["ˆ", "^"], ["˜", "~"]]);

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
 * The Option layer of the letter and digit keys is added by an override ({@linkcode OVERRIDES}).
 *
 * Unverified on a Mac: Shift+ro (`_` assumed), Option+¥ typing `\` (a widely described Mac JIS
 * habit, not in the reference), that Shift+0 types nothing, and the Option layer. The keys left
 * of 1 and left of Z (virtual keys 0x32 and 0x0A) type nothing.
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
  /** The text of each VS Code capture the generator reads, by file name. */
  readonly captureJson: ReadonlyMap<string, string>;
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
  const captureJson = new Map<string, string>();
  for (const file of CAPTURE_FILES) {
    captureJson.set(file, await Deno.readTextFile(new URL(file, CAPTURES_URL)));
  }
  return {
    platformXml: await Deno.readTextFile(new URL("_platform.xml", CLDR_URL)),
    layoutXml,
    captureJson,
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
  return renderModule(buildGeneratedLayouts(sources));
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
  return buildGeneratedLayouts(sources).map(({ definition }) => definition);
}

/** A layout's definition with the notes the generated file shows above it. */
interface GeneratedLayout {
  readonly definition: LayoutDefinition;
  /** Which cells are derived or overridden, and why. */
  readonly notes: readonly string[];
}

function buildGeneratedLayouts(sources: LayoutSources): GeneratedLayout[] {
  const positions = parsePlatform(sources.platformXml);
  const fromCldr = CLDR_LAYOUTS.map((layout) => {
    const xml = sources.layoutXml.get(layout.file);
    if (xml === undefined) throw new Error(`${layout.file}: missing`);
    return { definition: parseLayout(layout, xml, positions), notes: [] };
  });
  const cldrDefinitions = fromCldr.map(({ definition }) => definition);
  const fromCaptures = CAPTURED_LAYOUTS.map((layout) => ({
    definition: captureDefinition(layout, readCapture(sources, layout.file), cldrDefinitions),
    notes: [
      "Derived: every Caps Lock cell (four-output rows; rule in layout_definition.ts).",
      "Derived: every dead-key composition (CLDR majority rule; see scripts/generate_layouts.ts).",
      "Option+Space and Option+Shift+Space: U+00A0 where the capture has U+0020 (see the generator).",
    ],
  }));
  const all = [...fromCldr, ...fromCaptures, { definition: jisDefinition(), notes: [] }];
  return all.map((generated) => {
    let { definition } = generated;
    const notes = [...generated.notes];
    for (const override of OVERRIDES.filter(({ layout }) => layout === definition.id)) {
      definition = override.apply(definition, { sources, all: all.map((g) => g.definition) });
      notes.push(`Override: ${override.note}`);
    }
    return { definition, notes };
  });
}

// --- captures ------------------------------------------------------------------------------------

/** The captures the generator reads: the layouts it adds and the ones overrides cite. */
const CAPTURE_FILES: readonly string[] = [
  ...new Set([...CAPTURED_LAYOUTS.map(({ file }) => file), "de.json"]),
];

/** One key of a capture (README "Fields"). */
interface CapturedKey {
  readonly value: string;
  readonly withShift: string;
  readonly withOption: string;
  readonly withShiftOption: string;
  readonly deadKeys: readonly string[];
}

interface Capture {
  readonly id: string;
  readonly mapping: Readonly<Record<string, CapturedKey>>;
}

const PLANES = ["value", "withShift", "withOption", "withShiftOption"] as const;

function readCapture(sources: LayoutSources, file: string): Capture {
  const text = sources.captureJson.get(file);
  if (text === undefined) throw new Error(`${file}: missing`);
  const capture = JSON.parse(text) as Capture;
  if (typeof capture.id !== "string" || typeof capture.mapping !== "object") {
    throw new Error(`${file}: not a capture (no id or mapping)`);
  }
  return capture;
}

/** Codes whose captured outputs are no layout's data (README "Known limits"). */
const IGNORED_CODES: ReadonlySet<string> = new Set(["AudioVolumeUp"]);

function capturedRow(file: string, code: string, key: CapturedKey): KeyRowDefinition | undefined {
  const virtualKey = KEYBOARD_KEY_NAMES.find((name) => name.code === code)?.macVirtualKey;
  if (virtualKey === undefined) throw new Error(`${file}: ${code} has no mac virtual key`);
  const outputs = PLANES.map((plane): KeyOutputDefinition => {
    const text = key[plane];
    if (typeof text !== "string") throw new Error(`${file}: ${code}.${plane} is not a string`);
    if (text === "" || /\p{Cc}/u.test(text)) return "";
    if (virtualKey === SPACE_VIRTUAL_KEY && plane.includes("Option") && text === " ") {
      return NO_BREAK_SPACE;
    }
    return key.deadKeys.includes(plane) ? { dead: text } : text;
  });
  return outputs.every((output) => output === "") ? undefined : [virtualKey, ...outputs];
}

const SPACE_VIRTUAL_KEY = 0x31;
const NO_BREAK_SPACE = "\u{A0}";

function captureDefinition(
  layout: CapturedLayout,
  capture: Capture,
  cldr: readonly LayoutDefinition[],
): LayoutDefinition {
  if (capture.id !== layout.inputSourceId) {
    throw new Error(`${layout.file}: id ${capture.id}, expected ${layout.inputSourceId}`);
  }
  const keys: KeyRowDefinition[] = [];
  for (const [code, key] of Object.entries(capture.mapping)) {
    if (IGNORED_CODES.has(code)) continue;
    const row = capturedRow(layout.file, code, key);
    if (row !== undefined) keys.push(row);
  }
  keys.sort((a, b) => a[0] - b[0]);
  return {
    id: layout.id,
    name: layout.name,
    inputSourceId: layout.inputSourceId,
    defaultKeyboardType: layout.defaultKeyboardType,
    source: `VS Code capture vscode-darwin-keyboard-layouts/${layout.file}`,
    keys,
    deadKeys: deriveCompositions(keys, cldr),
  };
}

/** The eight outputs of a row, Caps Lock derived when the row has four. */
function fullRow(row: KeyRowDefinition): KeyOutputDefinition[] {
  const [, ...outputs] = row;
  if (outputs.length === 8) return outputs;
  const [plain, shift, option, optionShift] = outputs;
  return [
    plain ?? "",
    shift ?? "",
    option ?? "",
    optionShift ?? "",
    capsOf(plain),
    shift ?? "",
    capsOf(option),
    optionShift ?? "",
  ];
}

/** The derived compositions of every dead key of `keys` (rule: {@linkcode CAPTURED_LAYOUTS}). */
function deriveCompositions(
  keys: readonly KeyRowDefinition[],
  cldr: readonly LayoutDefinition[],
): DeadKeyDefinition[] {
  const accent = (text: string) => SAME_ACCENT.get(text) ?? text;
  const outputs = keys.flatMap(fullRow);
  const letters = new Set(
    outputs.flatMap((output) =>
      typeof output === "string" && /^\p{L}$/u.test(output) ? [output] : []
    ),
  );
  const deadTexts = [
    ...new Set(outputs.flatMap((output) => typeof output === "string" ? [] : [output.dead])),
  ];
  return deadTexts.map((dead) => {
    const votes = new Map<string, number>();
    let voters = 0;
    for (const definition of cldr) {
      const entries = new Set(
        definition.deadKeys.filter(([text]) => accent(text) === accent(dead)).flatMap(([, list]) =>
          list
        ).filter((entry) => /^\p{L}/u.test(entry)),
      );
      if (entries.size === 0) continue;
      voters++;
      for (const entry of entries) votes.set(entry, (votes.get(entry) ?? 0) + 1);
    }
    const composed = [...votes]
      .filter(([entry, count]) => count * 2 > voters && letters.has([...entry][0] ?? ""))
      .map(([entry]) => entry)
      .sort();
    const own = [` ${dead}`, ...([...dead].length === 1 ? [dead + dead] : [])];
    return [dead, [...own, ...composed]];
  });
}

// --- overrides -----------------------------------------------------------------------------------

/** What an override may read besides the layout it corrects. */
interface OverrideContext {
  readonly sources: LayoutSources;
  /** Every layout as read, before overrides. */
  readonly all: readonly LayoutDefinition[];
}

/** A documented correction of the source data; the generated file lists the notes. */
interface Override {
  readonly layout: string;
  readonly note: string;
  readonly apply: (definition: LayoutDefinition, context: OverrideContext) => LayoutDefinition;
}

/**
 * Corrections of the source data, each with its evidence. Sources: issue #13 (the characters
 * macOS types today, checked against Apple's current layouts) and, where named, a capture.
 */
const OVERRIDES: readonly Override[] = [
  ...["tr-legacy", "tr-q-legacy"].map((layout): Override => ({
    layout,
    note: "Option+T types ₺ (CLDR, from before the lira sign: †); issue #13.",
    apply: (definition) => replaceOutput(definition, "†", "₺", [2, 6]),
  })),
  {
    layout: "da",
    note: "´ then y types ý, ´ then Y types Ý (missing in CLDR); issue #13.",
    apply: (definition) => addCompositions(definition, "´", ["yý", "YÝ"]),
  },
  {
    layout: "colemak",
    note: "dead keys compose with the letter the Colemak key types; CLDR has some compositions " +
      "under the letter the U.S. layout types on that key (¨ then F for Ë where the Mac's is " +
      "¨ then E); those are re-keyed (issue #13).",
    apply: rekeyColemakCompositions,
  },
  {
    layout: "de",
    note: "the keypad decimal key types , (and . with Option), as captured in " +
      "vscode-darwin-keyboard-layouts/de.json; CLDR has no keypad.",
    apply: (definition, { sources }) => withKeypadDecimal(definition, sources, "de.json"),
  },
  {
    layout: "it-qzerty",
    note: "the keypad decimal key types , (issue #13); the other planes are assumed to be " +
      "Italian's (vscode-darwin-keyboard-layouts/it.json), unverified.",
    apply: (definition, { sources }) => withKeypadDecimal(definition, sources, "it.json"),
  },
  {
    layout: "es-legacy",
    note: "the keypad decimal key types , (issue #13); the other planes are assumed to be " +
      "Spanish's (vscode-darwin-keyboard-layouts/es.json), unverified.",
    apply: (definition, { sources }) => withKeypadDecimal(definition, sources, "es.json"),
  },
  {
    layout: "jis",
    note: "the Option layer of the letter and digit keys and its dead keys (´ ¨ ˆ ˜ on E U I N) " +
      "are the U.S. layout's (issue #13: the input source has an Option layer; the Japanese " +
      "input method's capture, vscode-darwin-keyboard-layouts/jp.json, equals the U.S. one). " +
      "Derived, unverified on a Mac.",
    apply: withUsOptionLayer,
  },
];

function replaceOutput(
  definition: LayoutDefinition,
  from: string,
  to: string,
  states: readonly number[],
): LayoutDefinition {
  let replaced = 0;
  const keys = definition.keys.map((row): KeyRowDefinition => {
    const [virtualKey] = row;
    const outputs = fullRow(row).map((output, state) => {
      if (output !== from || !states.includes(state)) return output;
      replaced++;
      return to;
    });
    return compactRow(virtualKey, outputs);
  });
  if (replaced === 0) throw new Error(`${definition.id}: no "${from}" to replace`);
  return { ...definition, keys };
}

function addCompositions(
  definition: LayoutDefinition,
  deadKey: string,
  entries: readonly string[],
): LayoutDefinition {
  const found = definition.deadKeys.some(([text]) => text === deadKey);
  if (!found) throw new Error(`${definition.id}: no dead key ${deadKey}`);
  return {
    ...definition,
    deadKeys: definition.deadKeys.map(([text, list]): DeadKeyDefinition => {
      if (text !== deadKey) return [text, list];
      const taken = new Set(list.map((entry) => String.fromCodePoint(entry.codePointAt(0) ?? 0)));
      const added = entries.filter((entry) => !taken.has(entry.charAt(0)));
      if (added.length !== entries.length) {
        throw new Error(`${definition.id}: ${deadKey} already composes one of ${entries}`);
      }
      return [text, [...list, ...added]];
    }),
  };
}

/**
 * Re-keys a Colemak composition whose result is not built on its next letter: the next letter is
 * what Colemak types on some key; the U.S. layout's letter on that key is the real one's base.
 */
function rekeyColemakCompositions(
  definition: LayoutDefinition,
  { all }: OverrideContext,
): LayoutDefinition {
  const us = all.find(({ id }) => id === "us");
  if (us === undefined) throw new Error("colemak override: no U.S. layout");
  const usRows = new Map(us.keys.map((row) => [row[0], fullRow(row)]));
  const keyOf = new Map<string, number>();
  for (const row of definition.keys) {
    fullRow(row).slice(0, 2).forEach((output, state) => {
      if (typeof output !== "string" || keyOf.has(output)) return;
      keyOf.set(output, row[0] * 8 + state);
    });
  }
  let rekeyed = 0;
  const deadKeys = definition.deadKeys.map(([text, entries]): DeadKeyDefinition => [
    text,
    entries.map((entry) => {
      const [next = "", ...rest] = [...entry];
      const composed = rest.join("");
      const base = [...composed.normalize("NFD")][0];
      if (!/^\p{L}$/u.test(next) || base === next) return entry;
      const where = keyOf.get(next);
      const usLetter = where === undefined
        ? undefined
        : usRows.get(Math.floor(where / 8))?.[where % 8];
      if (typeof usLetter !== "string" || usLetter !== base) {
        throw new Error(`colemak: cannot re-key composition "${entry}" of ${text}`);
      }
      rekeyed++;
      return usLetter + composed;
    }),
  ]);
  if (rekeyed === 0) throw new Error("colemak override: nothing to re-key");
  return { ...definition, deadKeys };
}

const KEYPAD_DECIMAL_CODE = "NumpadDecimal";

function withKeypadDecimal(
  definition: LayoutDefinition,
  sources: LayoutSources,
  file: string,
): LayoutDefinition {
  const key = readCapture(sources, file).mapping[KEYPAD_DECIMAL_CODE];
  const row = key === undefined ? undefined : capturedRow(file, KEYPAD_DECIMAL_CODE, key);
  if (row === undefined || row[1] !== ",") {
    throw new Error(`${file}: ${KEYPAD_DECIMAL_CODE} does not type ","`);
  }
  if (definition.keys.some(([virtualKey]) => virtualKey === row[0])) {
    throw new Error(`${definition.id}: already has the keypad decimal key`);
  }
  return { ...definition, keys: [...definition.keys, row].sort((a, b) => a[0] - b[0]) };
}

/** Mac virtual keys of the letters A–Z and the digits 1–0 (kVK_ANSI_*, Events.h). */
const LETTER_AND_DIGIT_KEYS: ReadonlySet<number> = new Set(
  KEYBOARD_KEY_NAMES.filter(({ code }) => code !== undefined && /^(Key[A-Z]|Digit\d)$/.test(code))
    .flatMap(({ macVirtualKey }) => macVirtualKey === undefined ? [] : [macVirtualKey]),
);

function withUsOptionLayer(
  definition: LayoutDefinition,
  { all }: OverrideContext,
): LayoutDefinition {
  const us = all.find(({ id }) => id === "us");
  if (us === undefined) throw new Error("jis override: no U.S. layout");
  const usRows = new Map(us.keys.map((row) => [row[0], fullRow(row)]));
  const keys = definition.keys.map((row): KeyRowDefinition => {
    const usRow = usRows.get(row[0]);
    if (!LETTER_AND_DIGIT_KEYS.has(row[0]) || usRow === undefined) return row;
    const own = fullRow(row);
    return compactRow(row[0], own.map((output, state) => state & 2 ? usRow[state] ?? "" : output));
  });
  const deadTexts = new Set(
    keys.flatMap((row) => fullRow(row).flatMap((o) => typeof o === "string" ? [] : [o.dead])),
  );
  return { ...definition, keys, deadKeys: us.deadKeys.filter(([text]) => deadTexts.has(text)) };
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
  only(children(names, "name"), "name");

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
    name: layout.name,
    inputSourceId: layout.inputSourceId,
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
    // The Japanese input method's Romaji mode (not checked on a Mac here).
    inputSourceId: "com.apple.inputmethod.Kotoeri.RomajiTyping.Roman",
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

function renderModule(layouts: readonly GeneratedLayout[]): string {
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
    " * - `../shared/data/vscode-darwin-keyboard-layouts/`: VS Code's captures of real Macs",
    " *   (microsoft/vscode, MIT; see that folder's README and LICENSE.txt) for Polish, Spanish,",
    " *   Italian, Swedish and Russian; their Caps Lock planes and dead-key compositions are derived.",
    " * - Japanese JIS: a hand-written table in the generator, from",
    " *   `../shared/docs/recipes-reference.md` §3.4 item 4 (partly unverified; see the generator).",
    " * - Overrides: documented corrections in the generator; each layout's comments name its",
    " *   derived and overridden cells.",
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
  for (const { definition, notes } of layouts) {
    lines.push("  {");
    for (const note of notes) lines.push(...renderComment(note, 4));
    lines.push(
      `    id: ${quote(definition.id)},`,
      `    name: ${quote(definition.name)},`,
      `    inputSourceId: ${quote(definition.inputSourceId ?? "")},`,
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

/** A `//` comment wrapped inside the line width. */
function renderComment(text: string, indent: number): string[] {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && width(`${pad}// ${line} ${word}`) > SINGLE_LINE_LIMIT) {
      lines.push(`${pad}// ${line}`);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(`${pad}// ${line}`);
  return lines;
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
