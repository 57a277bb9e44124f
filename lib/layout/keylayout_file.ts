/**
 * Reads a Ukelele/Apple `.keylayout` file (the XML keyboard layout format of Apple's TN2056, the
 * source `'uchr'` resources are compiled from) into a {@linkcode KeyboardLayout}.
 *
 * What is read:
 * - `<layouts>`: the `<layout>` whose `first`…`last` range holds the keyboard type's id (ANSI 40,
 *   ISO 41, JIS 42: the generic USB types), else the first one; its `mapSet` and `modifiers`.
 * - `<modifierMap>`: for each of the eight states of Shift, Option and Caps Lock, the first
 *   `<keyMapSelect>` with a `<modifier keys>` that matches (every key without `?` held, every
 *   held key named; `shift`/`anyShift`, `option`/`anyOption` and `caps` match the held left-hand
 *   keys, as macOS passes no left/right difference here; `command` and `control` are never held),
 *   else `defaultIndex`.
 * - `<keyMapSet>`/`<keyMap index>` with `baseMapSet`/`baseIndex` inheritance; `<key code>` with
 *   `output` or `action`.
 * - `<actions>`: `<when state="none">` gives the key's output, or with `next` makes it a dead key
 *   whose text is that state's `<terminators>` entry; `<when state="S" output>` is a composition
 *   of the dead key of state S with the key's own text.
 *
 * Not read (a located error says so): `through`/`multiplier` ranges and actions written inside
 * a `<key>`. Chained dead keys (`next` from a state other than none) are ignored: the planner
 * never needs them. Control characters type nothing; key codes above 127 are ignored.
 *
 * @module
 */
import { XMLParser, XMLValidator } from "../deps/fast_xml_parser.ts";
import { closestNames } from "../closest_names.ts";
import { DextkitError, ExitCode } from "../errors.ts";
import { KeyboardLayout } from "./keyboard_layout.ts";
import type { KeyboardType } from "./keyboard_type.ts";
import type {
  DeadKeyDefinition,
  KeyOutputDefinition,
  KeyRowDefinition,
} from "./layout_definition.ts";

/**
 * A `.keylayout` file that cannot be read: malformed XML, a missing or wrong attribute, a
 * reference to nothing. The message starts with `file:line:col`. Exit code
 * {@linkcode ExitCode.Usage}.
 *
 * @example
 * ```ts
 * import { KeylayoutError } from "./keylayout_file.ts";
 *
 * const error = new KeylayoutError("My.keylayout", 3, 5, 'unknown action "x"');
 * console.assert(error.message === 'My.keylayout:3:5: unknown action "x"');
 * ```
 */
export class KeylayoutError extends DextkitError {
  /** The file as given. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;

  /**
   * Creates the error.
   *
   * @param file The file.
   * @param line The 1-based line.
   * @param column The 1-based column.
   * @param what What is wrong, naming the offending value (and the closest valid ones).
   * @param hint What to do; by default, fix the file or pick a built-in layout.
   */
  constructor(file: string, line: number, column: number, what: string, hint?: string) {
    super(`${file}:${line}:${column}: ${what}`, {
      hint: hint ??
        "fix the .keylayout file (Ukelele opens and checks it), or give a built-in layout " +
          "with --layout (see `dextkit layouts`)",
      exitCode: ExitCode.Usage,
    });
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** Options of {@linkcode parseKeylayout}. */
export interface KeylayoutOptions {
  /** The file name for messages and the layout's source. */
  readonly file: string;
  /** The keyboard type whose `<layout>` entry to use; ANSI when omitted. */
  readonly keyboardType?: KeyboardType;
}

/** The keyboard type ids that select a `<layout>` entry (generic USB ANSI, ISO, JIS). */
const KEYBOARD_TYPE_IDS: Readonly<Record<KeyboardType, number>> = { ansi: 40, iso: 41, jis: 42 };
const VIRTUAL_KEY_COUNT = 128;

interface Element {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly Element[];
  /** Offset of the `<` in the source. */
  readonly offset: number;
}

/**
 * Parses `.keylayout` XML.
 *
 * @param text The file's text.
 * @param options The file name and the keyboard type.
 * @returns The layout: id `file:<name>`, name from `<keyboard name>`, no input-source id.
 * @throws {KeylayoutError} For malformed XML or a file that breaks the format, located.
 *
 * @example A one-key layout with a dead key
 * ```ts
 * import { parseKeylayout } from "./keylayout_file.ts";
 *
 * const layout = parseKeylayout(`<keyboard group="0" id="1" name="Tiny">
 *   <layouts><layout first="0" last="255" modifiers="m" mapSet="s"/></layouts>
 *   <modifierMap id="m" defaultIndex="0">
 *     <keyMapSelect mapIndex="0"><modifier keys=""/></keyMapSelect>
 *   </modifierMap>
 *   <keyMapSet id="s"><keyMap index="0">
 *     <key code="14" action="e"/><key code="32" action="u"/>
 *   </keyMap></keyMapSet>
 *   <actions>
 *     <action id="e"><when state="none" output="e"/><when state="acute" output="é"/></action>
 *     <action id="u"><when state="none" next="acute"/></action>
 *   </actions>
 *   <terminators><when state="acute" output="´"/></terminators>
 * </keyboard>`, { file: "Tiny.keylayout" });
 * console.assert(layout.name === "Tiny");
 * console.assert(layout.compose("´", "e") === "é");
 * ```
 */
export function parseKeylayout(text: string, options: KeylayoutOptions): KeyboardLayout {
  return new KeylayoutReader(text, options).read();
}

/**
 * Reads a `.keylayout` file.
 *
 * @param path The file.
 * @param keyboardType The keyboard type whose `<layout>` entry to use; ANSI when omitted.
 * @returns The layout.
 * @throws {KeylayoutError} When the file cannot be read or parsed, located.
 *
 * @example
 * ```ts ignore
 * import { readKeylayoutFile } from "./keylayout_file.ts";
 *
 * const layout = readKeylayoutFile("My.keylayout", "iso");
 * ```
 */
export function readKeylayoutFile(path: string, keyboardType?: KeyboardType): KeyboardLayout {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new KeylayoutError(
      path,
      1,
      1,
      `cannot read the keyboard layout: ${reason}`,
      "check the path of the .keylayout file, or give a built-in layout with --layout",
    );
  }
  return parseKeylayout(text, { file: path, ...(keyboardType ? { keyboardType } : {}) });
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  processEntities: false,
  trimValues: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** The eight states, indexed shift | option << 1 | caps << 2, as held modifier names. */
const HELD: readonly (readonly string[])[] = Array.from({ length: 8 }, (_, state) => [
  ...(state & 1 ? ["shift"] : []),
  ...(state & 2 ? ["option"] : []),
  ...(state & 4 ? ["caps"] : []),
]);

const MODIFIER_NAMES: ReadonlyMap<string, string | undefined> = new Map([
  ["shift", "shift"],
  ["anyShift", "shift"],
  ["rightShift", undefined],
  ["option", "option"],
  ["anyOption", "option"],
  ["rightOption", undefined],
  ["caps", "caps"],
  ["command", undefined],
  ["control", undefined],
  ["anyControl", undefined],
  ["rightControl", undefined],
]);

interface KeyEntry {
  readonly output?: string;
  readonly action?: string;
  readonly element: Element;
}

interface When {
  readonly state: string;
  readonly output?: string;
  readonly next?: string;
}

class KeylayoutReader {
  readonly #text: string;
  readonly #file: string;
  readonly #keyboardType: KeyboardType;
  #lineStarts: number[] = [];

  constructor(text: string, options: KeylayoutOptions) {
    this.#text = text;
    this.#file = options.file;
    this.#keyboardType = options.keyboardType ?? "ansi";
  }

  read(): KeyboardLayout {
    const valid = XMLValidator.validate(this.#text);
    if (valid !== true) {
      throw new KeylayoutError(this.#file, valid.err.line, valid.err.col, valid.err.msg);
    }
    const roots = this.#elements();
    const keyboard = roots.find((element) => element.name === "keyboard");
    if (keyboard === undefined) {
      throw this.#error(roots[0], "the root element is not <keyboard>");
    }
    const name = this.#attribute(keyboard, "name");
    const mapSets = this.#all(keyboard, "keyMapSet");
    const modifierMaps = this.#all(keyboard, "modifierMap");
    const references = (entry: Element) => ({
      mapSet: this.#byId(mapSets, this.#attribute(entry, "mapSet"), entry, "mapSet", "keyMapSet"),
      modifierMap: this.#byId(
        modifierMaps,
        this.#attribute(entry, "modifiers"),
        entry,
        "modifiers",
        "modifierMap",
      ),
    });
    // Every entry's references are checked, not only the one this keyboard type uses.
    const { mapSet, modifierMap } = this.#layoutEntries(keyboard).map(references)[
      this.#selectLayout(keyboard)
    ] as { mapSet: Element; modifierMap: Element };
    const actions = this.#actions(keyboard);
    const terminators = this.#terminators(keyboard);
    const stateKeys = HELD.map((held) =>
      this.#keyMap(mapSets, mapSet, this.#mapIndex(modifierMap, held), modifierMap, new Set())
    );

    const deadTexts = new Map<string, string>();
    const deadText = (state: string, where: Element): string => {
      const known = deadTexts.get(state);
      if (known !== undefined) return known;
      const terminator = terminators.get(state);
      if (terminator === undefined || terminator === "") {
        throw this.#error(
          where,
          `dead-key state "${state}" has no terminator; dextkit needs it as the dead key's text`,
        );
      }
      deadTexts.set(state, terminator);
      return terminator;
    };

    const rows = new Map<number, KeyOutputDefinition[]>();
    const whens: { next: string; list: readonly When[] }[] = [];
    stateKeys.forEach((keys, state) => {
      for (const [code, entry] of keys) {
        let output: KeyOutputDefinition = "";
        if (entry.output !== undefined) {
          output = printable(entry.output);
        } else if (entry.action !== undefined) {
          const action = actions.get(entry.action);
          if (action === undefined) {
            const suggestions = closestNames(entry.action, [...actions.keys()]);
            throw this.#error(
              entry.element,
              `unknown action "${entry.action}"${didYouMean(suggestions)}`,
            );
          }
          const none = action.list.find((when) => when.state === "none");
          if (none?.next !== undefined && none.next !== "none") {
            output = { dead: deadText(none.next, action.element) };
          } else if (none?.output !== undefined) {
            output = printable(none.output);
          }
          const next = typeof output === "string" ? output : output.dead;
          if (next !== "") whens.push({ next, list: action.list });
        }
        const row = rows.get(code) ?? Array.from({ length: 8 }, (): KeyOutputDefinition => "");
        row[state] = output;
        rows.set(code, row);
      }
    });

    const compositions = new Map<string, Map<string, string>>();
    for (const { next, list } of whens) {
      if ([...next].length !== 1) continue;
      for (const when of list) {
        if (when.state === "none" || when.output === undefined || when.next !== undefined) continue;
        const text = deadTexts.get(when.state) ?? terminators.get(when.state);
        if (text === undefined || text === "") continue;
        const table = compositions.get(text) ?? new Map<string, string>();
        if (!table.has(next)) table.set(next, printable(when.output));
        compositions.set(text, table);
      }
    }
    const usedDead = new Set(deadTexts.values());
    const deadKeys: DeadKeyDefinition[] = [...compositions]
      .filter(([text]) => usedDead.has(text))
      .map(([text, table]) => [
        text,
        [...table].filter(([, composed]) => composed !== "").map(([next, composed]) =>
          next + composed
        ),
      ]);
    for (const text of usedDead) if (!compositions.has(text)) deadKeys.push([text, []]);

    const keys: KeyRowDefinition[] = [...rows]
      .filter(([, outputs]) => outputs.some((output) => output !== ""))
      .sort(([a], [b]) => a - b)
      .map(([code, outputs]) => [code, ...outputs]);
    return new KeyboardLayout({
      id: `file:${name}`,
      name,
      defaultKeyboardType: this.#keyboardType,
      source: `.keylayout file ${this.#file}`,
      keys,
      deadKeys,
    });
  }

  #layoutEntries(keyboard: Element): Element[] {
    const layouts = this.#one(keyboard, "layouts");
    const entries = this.#all(layouts, "layout");
    if (entries.length === 0) throw this.#error(layouts, "<layouts> has no <layout>");
    return entries;
  }

  /** The index of the `<layout>` entry for the keyboard type, else 0. */
  #selectLayout(keyboard: Element): number {
    const id = KEYBOARD_TYPE_IDS[this.#keyboardType];
    const index = this.#layoutEntries(keyboard).findIndex((entry) =>
      this.#number(entry, "first", 0, 255) <= id && id <= this.#number(entry, "last", 0, 255)
    );
    return Math.max(index, 0);
  }

  #mapIndex(modifierMap: Element, held: readonly string[]): number {
    for (const select of this.#all(modifierMap, "keyMapSelect")) {
      for (const modifier of this.#all(select, "modifier")) {
        if (this.#matches(modifier, held)) return this.#number(select, "mapIndex", 0, 255);
      }
    }
    return this.#number(modifierMap, "defaultIndex", 0, 255);
  }

  #matches(modifier: Element, held: readonly string[]): boolean {
    const tokens = (modifier.attributes.keys ?? "").split(/\s+/).filter((token) => token !== "");
    const parsed = tokens.map((token) => {
      const name = token.replace(/\?$/, "");
      if (!MODIFIER_NAMES.has(name)) {
        const suggestions = closestNames(name, [...MODIFIER_NAMES.keys()]);
        throw this.#error(modifier, `unknown modifier "${name}"${didYouMean(suggestions)}`);
      }
      return { covers: MODIFIER_NAMES.get(name), optional: token.endsWith("?") };
    });
    const required = parsed.every((token) =>
      token.optional || (token.covers !== undefined && held.includes(token.covers))
    );
    const named = held.every((key) => parsed.some((token) => token.covers === key));
    return required && named;
  }

  /** Code → entry of one keyMap, with its base keyMap's keys underneath. */
  #keyMap(
    mapSets: readonly Element[],
    mapSet: Element,
    index: number,
    from: Element,
    seen: Set<Element>,
  ): Map<number, KeyEntry> {
    const keyMap = this.#all(mapSet, "keyMap").find((map) =>
      this.#number(map, "index", 0, 255) === index
    );
    if (keyMap === undefined) {
      throw this.#error(
        from,
        `keyMapSet "${mapSet.attributes.id}" has no keyMap with index ${index}`,
      );
    }
    if (seen.has(keyMap)) throw this.#error(keyMap, "baseMapSet/baseIndex form a cycle");
    seen.add(keyMap);
    const keys = new Map<number, KeyEntry>();
    const baseSet = keyMap.attributes.baseMapSet;
    if (baseSet !== undefined) {
      const base = this.#byId(mapSets, baseSet, keyMap, "baseMapSet", "keyMapSet");
      const baseIndex = this.#number(keyMap, "baseIndex", 0, 255);
      for (const [code, entry] of this.#keyMap(mapSets, base, baseIndex, keyMap, seen)) {
        keys.set(code, entry);
      }
    }
    for (const key of this.#all(keyMap, "key")) {
      const code = this.#number(key, "code", 0, 65535);
      if (this.#all(key, "action").length > 0) {
        throw this.#error(key, "an <action> inside <key> is not supported; give it an id");
      }
      const { output, action } = key.attributes;
      if ((output === undefined) === (action === undefined)) {
        throw this.#error(key, `<key code="${code}"> needs exactly one of output and action`);
      }
      if (code >= VIRTUAL_KEY_COUNT) continue;
      keys.set(code, {
        element: key,
        ...(output === undefined ? {} : { output: decodeEntities(output) }),
        ...(action === undefined ? {} : { action }),
      });
    }
    return keys;
  }

  #actions(keyboard: Element): Map<string, { element: Element; list: When[] }> {
    const actions = new Map<string, { element: Element; list: When[] }>();
    for (const block of this.#all(keyboard, "actions")) {
      for (const action of this.#all(block, "action")) {
        const id = this.#attribute(action, "id");
        if (actions.has(id)) throw this.#error(action, `action "${id}" is defined twice`);
        actions.set(id, {
          element: action,
          list: this.#all(action, "when").map((w) => this.#when(w)),
        });
      }
    }
    return actions;
  }

  #when(element: Element): When {
    for (const unsupported of ["through", "multiplier"]) {
      if (element.attributes[unsupported] !== undefined) {
        throw this.#error(element, `<when ${unsupported}=…> (state ranges) is not supported`);
      }
    }
    const { output, next } = element.attributes;
    return {
      state: this.#attribute(element, "state"),
      ...(output === undefined ? {} : { output: decodeEntities(output) }),
      ...(next === undefined ? {} : { next }),
    };
  }

  #terminators(keyboard: Element): Map<string, string> {
    const terminators = new Map<string, string>();
    for (const block of this.#all(keyboard, "terminators")) {
      for (const when of this.#all(block, "when")) {
        const { state, output } = this.#when(when);
        if (output !== undefined) terminators.set(state, printable(output));
      }
    }
    return terminators;
  }

  // --- elements and locations --------------------------------------------------------------

  #elements(): Element[] {
    const offsets = this.#startTagOffsets();
    let next = 0;
    const convert = (nodes: unknown): Element[] => {
      if (!Array.isArray(nodes)) return [];
      const elements: Element[] = [];
      for (const node of nodes as Record<string, unknown>[]) {
        const name = Object.keys(node).find((key) => key !== ":@" && key !== "#text");
        if (name === undefined) continue;
        const offset = offsets[next++] ?? 0;
        const attributes = (node[":@"] ?? {}) as Record<string, string>;
        elements.push({ name, attributes, offset, children: convert(node[name]) });
      }
      return elements;
    };
    return convert(parser.parse(this.#text));
  }

  /** Offsets of every start tag, in document order, outside comments, CDATA and declarations. */
  #startTagOffsets(): number[] {
    const blanked = this.#text.replace(
      /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\?[\s\S]*?\?>/g,
      (match) => match.replace(/[^\n]/g, " "),
    );
    return [...blanked.matchAll(/<[A-Za-z_]/g)].map((match) => match.index);
  }

  #error(element: Element | undefined, what: string): KeylayoutError {
    if (this.#lineStarts.length === 0) {
      this.#lineStarts = [0, ...[...this.#text.matchAll(/\n/g)].map((match) => match.index + 1)];
    }
    const offset = element?.offset ?? 0;
    let line = 0;
    while (line + 1 < this.#lineStarts.length && (this.#lineStarts[line + 1] ?? 0) <= offset) {
      line++;
    }
    return new KeylayoutError(
      this.#file,
      line + 1,
      offset - (this.#lineStarts[line] ?? 0) + 1,
      what,
    );
  }

  #all(element: Element, name: string): Element[] {
    return element.children.filter((child) => child.name === name);
  }

  #one(element: Element, name: string): Element {
    const found = this.#all(element, name);
    if (found.length !== 1) {
      throw this.#error(element, `<${element.name}> needs one <${name}>, has ${found.length}`);
    }
    return found[0] as Element;
  }

  #attribute(element: Element, name: string): string {
    const value = element.attributes[name];
    if (value === undefined) throw this.#error(element, `<${element.name}> has no ${name}`);
    return decodeEntities(value);
  }

  #number(element: Element, name: string, min: number, max: number): number {
    const text = this.#attribute(element, name);
    const value = /^\s*(0x[0-9a-f]+|\d+)\s*$/i.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) {
      throw this.#error(element, `${name}="${text}" is not a number in ${min}…${max}`);
    }
    return value;
  }

  #byId(
    elements: readonly Element[],
    id: string,
    from: Element,
    attribute: string,
    what: string,
  ): Element {
    const found = elements.find((element) => element.attributes.id === id);
    if (found !== undefined) return found;
    const ids = elements.flatMap((element) => element.attributes.id ?? []);
    throw this.#error(
      from,
      `${attribute}="${id}": no <${what}> has that id${didYouMean(closestNames(id, ids))}`,
    );
  }
}

function didYouMean(suggestions: readonly string[]): string {
  return suggestions.length === 0
    ? ""
    : `; did you mean ${suggestions.map((suggestion) => `"${suggestion}"`).join(" or ")}?`;
}

/** XML's five named entities and numeric character references (XML 1.1 allows controls). */
function decodeEntities(text: string): string {
  const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (match, entity: string) => {
    if (entity.startsWith("#")) {
      const code = entity[1] === "x" || entity[1] === "X"
        ? parseInt(entity.slice(2), 16)
        : parseInt(entity.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return named[entity.toLowerCase()] ?? match;
  });
}

function printable(text: string): string {
  return /\p{Cc}/u.test(text) ? "" : text;
}
