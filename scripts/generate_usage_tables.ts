/**
 * Generates `lib/hid/usages.generated.ts`: HID usage names for the pages dextkit's virtual devices
 * use, and the names every keyboard-page key has in other naming conventions.
 *
 * Inputs (paths relative to the repository root):
 * - `../shared/data/hid/HidUsageTables.json`: the USB-IF HID Usage Tables in machine-readable form.
 * - `../shared/docs/recipes-reference.md` §4.1, "Master table: HID keyboard page 0x07": the W3C
 *   `KeyboardEvent.code`, mac virtual key, Karabiner `key_code` and DuckyScript names per usage.
 * - The Apple vendor top case (0x00FF) and Apple vendor keyboard (0xFF01) usages, which the USB-IF
 *   tables do not have, are kept in a small table in this file (source:
 *   `../shared/docs/driverkit-reference.md` §2).
 *
 * Usage:
 * ```sh
 * deno run --allow-read --allow-write scripts/generate_usage_tables.ts          # write the file
 * deno run --allow-read --allow-write scripts/generate_usage_tables.ts --check  # exit 1 if stale
 * ```
 *
 * @module
 */
import { runGeneratorCli } from "./generated_file_cli.ts";

/** Where the generated module is written, relative to this script. */
const OUTPUT_URL = new URL("../lib/hid/usages.generated.ts", import.meta.url);
/** The USB-IF usage tables, relative to this script. */
const USAGE_TABLES_URL = new URL("../../shared/data/hid/HidUsageTables.json", import.meta.url);
/** The recipes reference with the key-name master table, relative to this script. */
const RECIPES_REFERENCE_URL = new URL("../../shared/docs/recipes-reference.md", import.meta.url);

/** deno fmt's line width in this repository; rows that fit stay on one line. */
const LINE_WIDTH = 100;
/** How many pointing buttons the driver's report carries; the HUT defines 1..65535. */
const BUTTON_COUNT = 32;
/** The heading of the master table in recipes-reference.md. */
const MASTER_TABLE_HEADING = "### 4.1 Master table: HID keyboard page 0x07";

/**
 * Apple vendor usages from driverkit-reference.md §2 (Karabiner-DriverKit-VirtualHIDDevice's
 * report structs). The USB-IF tables do not cover vendor pages.
 */
const APPLE_VENDOR_TOP_CASE_USAGES: readonly (readonly [number, string])[] = [
  [0x03, "Keyboard Fn"],
  [0x04, "Brightness Up"],
  [0x05, "Brightness Down"],
  [0x06, "Video Mirror"],
  [0x07, "Illumination Toggle"],
  [0x08, "Illumination Up"],
  [0x09, "Illumination Down"],
];

/** Apple vendor keyboard page 0xFF01 usages, from driverkit-reference.md §2. */
const APPLE_VENDOR_KEYBOARD_USAGES: readonly (readonly [number, string])[] = [
  [0x01, "Spotlight"],
  [0x02, "Dashboard"],
  [0x03, "Function"],
  [0x04, "Launchpad"],
  [0x10, "Expose All"],
  [0x11, "Expose Desktop"],
  [0x20, "Brightness Up"],
  [0x21, "Brightness Down"],
  [0x30, "Language"],
];

/** The source texts the generated module is computed from. */
export interface UsageTableSources {
  /** The text of `HidUsageTables.json`. */
  readonly usageTablesJson: string;
  /** The text of `recipes-reference.md`. */
  readonly recipesReference: string;
}

/** One row of the master table, after validation. */
interface KeyboardKeyRow {
  readonly usage: number;
  readonly code: string | undefined;
  readonly macVirtualKey: number | undefined;
  readonly macVirtualKeyIso: number | undefined;
  readonly karabiner: string | undefined;
  readonly ducky: readonly string[];
}

/** The parts of the USB-IF JSON the generator reads. */
interface HutTables {
  readonly version: number;
  readonly revision: number;
  readonly generated: string;
  readonly pages: ReadonlyMap<number, HutPage>;
}

interface HutPage {
  readonly name: string;
  readonly usages: readonly (readonly [number, string])[];
  readonly generator:
    | { readonly prefix: string; readonly start: number; readonly end: number }
    | undefined;
}

/**
 * Renders `lib/hid/usages.generated.ts` from the committed sources. The text is already formatted
 * the way `deno fmt` formats it, so the stale check is a plain string comparison.
 *
 * @returns The full text of the generated module.
 *
 * @example Compare with the committed file
 * ```ts
 * import { renderUsageTables } from "./generate_usage_tables.ts";
 *
 * const text = await renderUsageTables();
 * console.assert(text.includes('[0x04, "Keyboard A"]'));
 * ```
 */
export async function renderUsageTables(): Promise<string> {
  const [usageTablesJson, recipesReference] = await Promise.all([
    Deno.readTextFile(USAGE_TABLES_URL),
    Deno.readTextFile(RECIPES_REFERENCE_URL),
  ]);
  return renderUsageTablesFrom({ usageTablesJson, recipesReference });
}

/**
 * Renders the generated module from source texts held in memory. Throws an `Error` naming the
 * offending line or field when a source does not have the expected shape, so a change in the
 * sources never produces a silently wrong table.
 *
 * @param sources The usage tables JSON and the recipes reference markdown.
 * @returns The full text of the generated module.
 *
 * @example Render from the committed sources
 * ```ts
 * import { renderUsageTablesFrom } from "./generate_usage_tables.ts";
 *
 * const shared = new URL("../../shared/", import.meta.url);
 * const text = renderUsageTablesFrom({
 *   usageTablesJson: await Deno.readTextFile(new URL("data/hid/HidUsageTables.json", shared)),
 *   recipesReference: await Deno.readTextFile(new URL("docs/recipes-reference.md", shared)),
 * });
 * console.assert(text.startsWith("// Code generated"));
 * ```
 */
export function renderUsageTablesFrom(sources: UsageTableSources): string {
  const hut = parseHutTables(sources.usageTablesJson);
  const keyboard = requirePage(hut, 0x07);
  const rows = parseMasterTable(sources.recipesReference, new Map(keyboard.usages));
  const button = requirePage(hut, 0x09);
  if (button.generator === undefined || button.generator.end < BUTTON_COUNT) {
    throw new Error(
      `button page 0x09: expected a generated usage range covering 1..${BUTTON_COUNT}`,
    );
  }
  const buttonPrefix = button.generator.prefix;
  const buttons: [number, string][] = [];
  for (let n = Math.max(1, button.generator.start); n <= BUTTON_COUNT; n++) {
    buttons.push([n, `${buttonPrefix} ${n}`]);
  }

  const out: string[] = [];
  out.push(renderHeader(hut));
  out.push(renderUsagePage());
  out.push(
    renderNameMap(
      "GENERIC_DESKTOP_USAGE_NAMES",
      "Generic desktop page 0x01 usage names (system sleep, D-pad, do not disturb, …), from the HUT.",
      requirePage(hut, 0x01).usages,
      [0x82, "System Sleep"],
    ),
  );
  out.push(
    renderNameMap(
      "KEYBOARD_USAGE_NAMES",
      "Keyboard/keypad page 0x07 usage names: every usage the HUT defines, error codes included.",
      keyboard.usages,
      [0x04, "Keyboard A"],
    ),
  );
  out.push(
    renderNameMap(
      "LED_USAGE_NAMES",
      "LED page 0x08 usage names, from the HUT.",
      requirePage(hut, 0x08).usages,
      [0x02, "Caps Lock"],
    ),
  );
  out.push(
    renderNameMap(
      "BUTTON_USAGE_NAMES",
      `Button page 0x09 usage names for buttons 1..${BUTTON_COUNT}, the buttons the pointing report ` +
        "carries. The HUT defines the page as a generated range.",
      buttons,
      [1, `${buttonPrefix} 1`],
    ),
  );
  out.push(
    renderNameMap(
      "CONSUMER_USAGE_NAMES",
      "Consumer page 0x0C usage names (media, volume, eject, …), from the HUT.",
      requirePage(hut, 0x0C).usages,
      [0xCD, "Play/Pause"],
    ),
  );
  out.push(
    renderNameMap(
      "APPLE_VENDOR_TOP_CASE_USAGE_NAMES",
      "Apple vendor top case page 0x00FF usage names (fn, display brightness, keyboard " +
        "illumination). Not in the HUT; from driverkit-reference.md §2.",
      APPLE_VENDOR_TOP_CASE_USAGES,
      [0x03, "Keyboard Fn"],
    ),
  );
  out.push(
    renderNameMap(
      "APPLE_VENDOR_KEYBOARD_USAGE_NAMES",
      "Apple vendor keyboard page 0xFF01 usage names (Spotlight, Launchpad, Mission Control as " +
        '"Expose All", …). Not in the HUT; from driverkit-reference.md §2.',
      APPLE_VENDOR_KEYBOARD_USAGES,
      [0x04, "Launchpad"],
    ),
  );
  out.push(renderPageIndex());
  out.push(renderKeyboardKeyNames(rows));
  return out.join("\n");
}

function renderHeader(hut: HutTables): string {
  return `// Code generated by scripts/generate_usage_tables.ts. DO NOT EDIT.

/**
 * HID usage names for the pages dextkit's virtual devices use, and the names every keyboard-page
 * key has in other naming conventions (W3C \`KeyboardEvent.code\`, mac virtual key, Karabiner
 * \`key_code\`, DuckyScript).
 *
 * Generated; do not edit. Regenerate with
 * \`deno run --allow-read --allow-write scripts/generate_usage_tables.ts\`
 * (add \`--check\` to exit 1 when this file is stale instead of writing it).
 *
 * Sources (paths relative to the repository root):
 * - \`../shared/data/hid/HidUsageTables.json\`: the USB-IF HID Usage Tables
 *   (UsageTableVersion ${hut.version}, revision ${hut.revision}, generated ${hut.generated}) as shipped in
 *   apple-oss-distributions/IOHIDFamily \`tools/HidUsageTables.json\` at commit
 *   54716733f7bfaccb8c6f794a0f8d893203e24ffe (IOHIDFamily-2222.0.24); USB-IF terms apply.
 * - \`../shared/docs/recipes-reference.md\` §4.1 "Master table: HID keyboard page 0x07": W3C codes
 *   (Chromium \`dom_code_data.inc\`), mac virtual keys (IOHIDFamily \`hid_usb_2_adb_keymap\`),
 *   Karabiner-Elements \`key_code\` names, DuckyScript names (hak5 and Flipper).
 * - \`../shared/docs/driverkit-reference.md\` §2: the Apple vendor top case (0x00FF) and Apple
 *   vendor keyboard (0xFF01) usages, from Karabiner-DriverKit-VirtualHIDDevice.
 *
 * @module
 */
`;
}

function renderUsagePage(): string {
  return `/**
 * The HID usage pages dextkit names and posts.
 *
 * @example Look up a page
 * \`\`\`ts
 * import { UsagePage } from "./usages.generated.ts";
 *
 * console.assert(UsagePage.Consumer === 0x0C);
 * console.assert(UsagePage.AppleVendorKeyboard === 0xFF01);
 * \`\`\`
 */
export const UsagePage = {
  /** Generic desktop controls: system sleep, D-pad, do not disturb. */
  GenericDesktop: 0x01,
  /** Keyboard/keypad keys. */
  KeyboardOrKeypad: 0x07,
  /** Keyboard LEDs (Num Lock, Caps Lock, …). */
  Led: 0x08,
  /** Pointing device buttons. */
  Button: 0x09,
  /** Consumer controls: media, volume, eject. */
  Consumer: 0x0C,
  /** Apple vendor top case: fn, display brightness, keyboard illumination. */
  AppleVendorTopCase: 0x00FF,
  /** Apple vendor keyboard: Spotlight, Launchpad, Mission Control. */
  AppleVendorKeyboard: 0xFF01,
} as const;

/** One of the values of {@linkcode UsagePage}. */
export type UsagePage = typeof UsagePage[keyof typeof UsagePage];
`;
}

function renderNameMap(
  name: string,
  description: string,
  entries: readonly (readonly [number, string])[],
  example: readonly [number, string],
): string {
  const lines = [
    "/**",
    ...wrapComment(description),
    " *",
    " * @example Look up a usage name",
    " * ```ts",
    ` * import { ${name} } from "./usages.generated.ts";`,
    " *",
    ` * console.assert(${name}.get(${hex(example[0])}) === ${JSON.stringify(example[1])});`,
    " * ```",
    " */",
    `export const ${name}: ReadonlyMap<number, string> = new Map([`,
    ...entries.map(([usage, usageName]) => `  [${hex(usage)}, ${JSON.stringify(usageName)}],`),
    "]);",
    "",
  ];
  return lines.join("\n");
}

function renderPageIndex(): string {
  return `/**
 * Every usage-name table above, by usage page.
 *
 * @example Look up a usage name by page
 * \`\`\`ts
 * import { USAGE_NAMES_BY_PAGE, UsagePage } from "./usages.generated.ts";
 *
 * console.assert(USAGE_NAMES_BY_PAGE.get(UsagePage.Consumer)?.get(0xE2) === "Mute");
 * \`\`\`
 */
export const USAGE_NAMES_BY_PAGE: ReadonlyMap<number, ReadonlyMap<number, string>> = new Map([
  [UsagePage.GenericDesktop, GENERIC_DESKTOP_USAGE_NAMES],
  [UsagePage.KeyboardOrKeypad, KEYBOARD_USAGE_NAMES],
  [UsagePage.Led, LED_USAGE_NAMES],
  [UsagePage.Button, BUTTON_USAGE_NAMES],
  [UsagePage.Consumer, CONSUMER_USAGE_NAMES],
  [UsagePage.AppleVendorTopCase, APPLE_VENDOR_TOP_CASE_USAGE_NAMES],
  [UsagePage.AppleVendorKeyboard, APPLE_VENDOR_KEYBOARD_USAGE_NAMES],
]);
`;
}

function renderKeyboardKeyNames(rows: readonly KeyboardKeyRow[]): string {
  const header = `/** The names one keyboard-page key has in other naming conventions. */
export interface KeyboardKeyNames {
  /** The usage id on the keyboard/keypad page 0x07. */
  readonly usage: number;
  /** The W3C \`KeyboardEvent.code\`; absent when the key has none. */
  readonly code?: string;
  /** The mac virtual key code (\`kVK_*\`) when macOS classes the keyboard as ANSI or JIS. */
  readonly macVirtualKey?: number;
  /** The mac virtual key code when macOS classes the keyboard as ISO, where it differs. */
  readonly macVirtualKeyIso?: number;
  /** The Karabiner-Elements \`key_code\` name. */
  readonly karabiner?: string;
  /** The DuckyScript names (hak5 and Flipper), upper case. */
  readonly ducky: readonly string[];
}

/**
 * Per keyboard-page key, its W3C code, mac virtual key, Karabiner and DuckyScript names, in usage
 * order. Only the keys the recipes reference lists: the keypad-extended usages without a W3C code
 * and the error codes 0x01–0x03 are absent.
 *
 * @example Find a key's names
 * \`\`\`ts
 * import { KEYBOARD_KEY_NAMES } from "./usages.generated.ts";
 *
 * const enter = KEYBOARD_KEY_NAMES.find((key) => key.usage === 0x28);
 * console.assert(enter?.code === "Enter");
 * console.assert(enter?.karabiner === "return_or_enter");
 * \`\`\`
 */
export const KEYBOARD_KEY_NAMES: readonly KeyboardKeyNames[] = [
`;
  return header + rows.map(renderRow).join("") + "];\n";
}

function renderRow(row: KeyboardKeyRow): string {
  const fields = [`usage: ${hex(row.usage)}`];
  if (row.code !== undefined) fields.push(`code: ${JSON.stringify(row.code)}`);
  if (row.macVirtualKey !== undefined) fields.push(`macVirtualKey: ${hex(row.macVirtualKey)}`);
  if (row.macVirtualKeyIso !== undefined) {
    fields.push(`macVirtualKeyIso: ${hex(row.macVirtualKeyIso)}`);
  }
  if (row.karabiner !== undefined) fields.push(`karabiner: ${JSON.stringify(row.karabiner)}`);
  fields.push(`ducky: [${row.ducky.map((name) => JSON.stringify(name)).join(", ")}]`);
  const oneLine = `  { ${fields.join(", ")} },`;
  if (oneLine.length <= LINE_WIDTH) return oneLine + "\n";
  return `  {\n${fields.map((field) => `    ${field},\n`).join("")}  },\n`;
}

/** Wraps a JSDoc paragraph at the line width. */
function wrapComment(text: string): string[] {
  const lines: string[] = [];
  let line = " *";
  for (const word of text.split(" ")) {
    if (line.length + 1 + word.length > LINE_WIDTH && line !== " *") {
      lines.push(line);
      line = " *";
    }
    line += " " + word;
  }
  lines.push(line);
  return lines;
}

/** Formats a usage or key code as upper-case hex with at least two digits: `0x04`, `0x29D`. */
function hex(value: number): string {
  return "0x" + value.toString(16).toUpperCase().padStart(2, "0");
}

function requirePage(hut: HutTables, id: number): HutPage {
  const page = hut.pages.get(id);
  if (page === undefined) throw new Error(`HidUsageTables.json has no usage page ${hex(id)}`);
  return page;
}

// --- HidUsageTables.json -------------------------------------------------------------------------

function parseHutTables(text: string): HutTables {
  const root: unknown = JSON.parse(text);
  if (!isRecord(root)) throw new Error("HidUsageTables.json: the top level is not an object");
  const pagesField = root["UsagePages"];
  if (!Array.isArray(pagesField)) {
    throw new Error("HidUsageTables.json: UsagePages is not an array");
  }
  const pages = new Map<number, HutPage>();
  for (const [index, page] of pagesField.entries()) {
    const where = `HidUsageTables.json: UsagePages[${index}]`;
    if (!isRecord(page)) throw new Error(`${where} is not an object`);
    const id = requireInteger(page["Id"], `${where}.Id`);
    const usageIds = page["UsageIds"];
    if (!Array.isArray(usageIds)) throw new Error(`${where}.UsageIds is not an array`);
    const usages: [number, string][] = usageIds.map((usage: unknown, usageIndex) => {
      const usageWhere = `${where}.UsageIds[${usageIndex}]`;
      if (!isRecord(usage)) throw new Error(`${usageWhere} is not an object`);
      return [
        requireInteger(usage["Id"], `${usageWhere}.Id`),
        requireString(usage["Name"], `${usageWhere}.Name`),
      ];
    });
    usages.sort((a, b) => a[0] - b[0]);
    pages.set(id, {
      name: requireString(page["Name"], `${where}.Name`),
      usages,
      generator: parseGenerator(page["UsageIdGenerator"], `${where}.UsageIdGenerator`),
    });
  }
  return {
    version: requireInteger(root["UsageTableVersion"], "HidUsageTables.json: UsageTableVersion"),
    revision: requireInteger(root["UsageTableRevision"], "HidUsageTables.json: UsageTableRevision"),
    generated: requireString(root["LastGenerated"], "HidUsageTables.json: LastGenerated").slice(
      0,
      10,
    ),
    pages,
  };
}

function parseGenerator(value: unknown, where: string): HutPage["generator"] {
  if (value === null || value === undefined) return undefined;
  if (!isRecord(value)) throw new Error(`${where} is not an object`);
  return {
    prefix: requireString(value["NamePrefix"], `${where}.NamePrefix`),
    start: requireInteger(value["StartUsageId"], `${where}.StartUsageId`),
    end: requireInteger(value["EndUsageId"], `${where}.EndUsageId`),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function requireInteger(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new Error(`${where} is not an integer: ${JSON.stringify(value)}`);
  }
  return value;
}

function requireString(value: unknown, where: string): string {
  if (typeof value !== "string") {
    throw new Error(`${where} is not a string: ${JSON.stringify(value)}`);
  }
  return value;
}

// --- recipes-reference.md §4.1 -------------------------------------------------------------------

/**
 * A cell in parentheses is commentary ("(Backslash; IntlHash not std)", "(1.0 enc: MENU)"), except
 * a single parenthesised name, which is an alternative spelling ("ALT (OPTION)").
 */
const PARENTHESISED = /\(([^)]*)\)/g;
const W3C_CODE = /^[A-Z][A-Za-z0-9]*$/;
const DUCKY_NAME = /^[A-Z][A-Z0-9_]*$/;
const KARABINER_NAME = /^[a-z0-9_]+$/;
const MAC_VIRTUAL_KEY = /^0x([0-9a-fA-F]{2})(?: \(ISO: 0x([0-9a-fA-F]{2})\))?$/;

function parseMasterTable(
  markdown: string,
  keyboardUsages: ReadonlyMap<number, string>,
): KeyboardKeyRow[] {
  const lines = markdown.split(/\r\n|\r|\n/);
  const headingIndex = lines.findIndex((line) => line.trim() === MASTER_TABLE_HEADING);
  if (headingIndex < 0) {
    throw new Error(`recipes-reference.md: heading "${MASTER_TABLE_HEADING}" not found`);
  }
  let index = headingIndex + 1;
  while (index < lines.length && !lines[index]!.startsWith("|")) {
    if (lines[index]!.startsWith("#")) break;
    index++;
  }
  if (index >= lines.length || !lines[index]!.startsWith("|")) {
    throw new Error("recipes-reference.md: no table under the master table heading");
  }
  const header = splitRow(lines[index]!);
  const column = (label: string, matches: (cell: string) => boolean): number => {
    const found = header.findIndex(matches);
    if (found < 0) throw new Error(`recipes-reference.md §4.1: no "${label}" column`);
    return found;
  };
  const hidColumn = column("HID", (cell) => cell === "HID");
  const codeColumn = column("W3C `code`", (cell) => cell.startsWith("W3C"));
  const vkColumn = column("mac kVK", (cell) => cell.startsWith("mac kVK"));
  const karabinerColumn = column("Karabiner key_code", (cell) => cell.startsWith("Karabiner"));
  const duckyColumn = column("Ducky", (cell) => cell === "Ducky");
  index += 2; // the header and the |---| separator

  const rows: KeyboardKeyRow[] = [];
  const seen = { usage: new Set<number>(), code: new Set<string>(), karabiner: new Set<string>() };
  const duckySeen = new Set<string>();
  for (; index < lines.length && lines[index]!.startsWith("|"); index++) {
    const where = `recipes-reference.md line ${index + 1}`;
    const cells = splitRow(lines[index]!);
    if (cells.length !== header.length) {
      throw new Error(`${where}: expected ${header.length} cells`);
    }
    const hidCell = cells[hidColumn]!;
    if (!/^[0-9A-Fa-f]{2}$/.test(hidCell)) throw new Error(`${where}: bad HID usage "${hidCell}"`);
    const usage = parseInt(hidCell, 16);
    if (!keyboardUsages.has(usage)) {
      throw new Error(`${where}: usage ${hex(usage)} is not on the HUT keyboard page`);
    }
    if (seen.usage.has(usage)) throw new Error(`${where}: usage ${hex(usage)} listed twice`);
    seen.usage.add(usage);

    const codeNames = cellNames(cells[codeColumn]!, W3C_CODE, `${where}: W3C code`);
    if (codeNames.length > 1) throw new Error(`${where}: more than one W3C code`);
    const code = codeNames[0];
    if (code !== undefined) {
      if (seen.code.has(code)) throw new Error(`${where}: W3C code "${code}" listed twice`);
      seen.code.add(code);
    }

    const vkCell = cells[vkColumn]!;
    const vk = MAC_VIRTUAL_KEY.exec(vkCell);
    if (vkCell !== "" && vk === null) throw new Error(`${where}: bad mac kVK "${vkCell}"`);

    const karabinerCell = cells[karabinerColumn]!;
    if (karabinerCell !== "" && !KARABINER_NAME.test(karabinerCell)) {
      throw new Error(`${where}: bad Karabiner key_code "${karabinerCell}"`);
    }
    if (karabinerCell !== "") {
      if (seen.karabiner.has(karabinerCell)) {
        throw new Error(`${where}: Karabiner key_code "${karabinerCell}" listed twice`);
      }
      seen.karabiner.add(karabinerCell);
    }

    const ducky = cellNames(cells[duckyColumn]!.replaceAll("*", ""), DUCKY_NAME, `${where}: Ducky`);
    for (const name of ducky) {
      if (duckySeen.has(name)) throw new Error(`${where}: Ducky name "${name}" listed twice`);
      duckySeen.add(name);
    }

    rows.push({
      usage,
      code,
      macVirtualKey: vk === null ? undefined : parseInt(vk[1]!, 16),
      macVirtualKeyIso: vk === null || vk[2] === undefined ? undefined : parseInt(vk[2], 16),
      karabiner: karabinerCell === "" ? undefined : karabinerCell,
      ducky,
    });
  }
  if (rows.length === 0) throw new Error("recipes-reference.md §4.1: the master table has no rows");
  rows.sort((a, b) => a.usage - b.usage);
  return rows;
}

/** Splits `| a | b |` into trimmed cells. */
function splitRow(line: string): string[] {
  const trimmed = line.trim();
  return trimmed.slice(1, trimmed.endsWith("|") ? -1 : undefined).split("|").map((cell) =>
    cell.trim()
  );
}

/**
 * The names in a cell: `/`- or space-separated names, plus a parenthesised single name; other
 * parenthesised text is commentary. Anything else that is not a valid name is an error.
 */
function cellNames(cell: string, valid: RegExp, where: string): string[] {
  const names: string[] = [];
  const outside = cell.replace(PARENTHESISED, (_match, inner: string) => {
    const name = inner.trim();
    if (valid.test(name)) names.push(name);
    return " ";
  });
  const plain = outside.split(/[\s/]+/).filter((part) => part !== "");
  for (const name of plain) {
    if (!valid.test(name)) throw new Error(`${where}: unexpected name "${name}" in "${cell}"`);
  }
  return [...plain, ...names];
}

// --- entry point ---------------------------------------------------------------------------------

if (import.meta.main) {
  await runGeneratorCli({
    output: OUTPUT_URL,
    path: "lib/hid/usages.generated.ts",
    command: "deno run --allow-read --allow-write scripts/generate_usage_tables.ts",
    render: renderUsageTables,
  }, Deno.args);
}
