/**
 * Property lists (XML and binary) for the parsers that read them: db.plist, entitlements,
 * provisioning-profile payloads. Parsing is done by `@plist/parse`; this module fixes the value
 * type dextkit exposes, turns every failure into an {@linkcode OutputParseError}, and offers
 * typed field readers whose errors name the key path (`extensions[0].identifier`).
 *
 * @module
 */
import { parse } from "../deps/plist_parse.ts";
import { OutputParseError } from "./output_parse_error.ts";
import { oneLine } from "./text_lines.ts";

/**
 * A property-list value: `<data>` becomes a `Uint8Array`, `<date>` a `Date`, `<integer>` a
 * number (a `bigint` beyond 2^53).
 */
export type PlistValue =
  | null
  | string
  | number
  | bigint
  | boolean
  | Uint8Array
  | Date
  | readonly PlistValue[]
  | PlistDictionary;

/** A property-list `<dict>`. */
export interface PlistDictionary {
  /** A value by key. */
  readonly [key: string]: PlistValue;
}

const BINARY_MAGIC = "bplist";
const decoder = new TextDecoder();

/**
 * Parses an XML or binary property list. OpenStep-style text is refused: no macOS tool dextkit
 * reads prints it, and accepting it would read almost any text as "a plist".
 *
 * @param input The plist as text (XML) or bytes (XML or binary).
 * @param what What is being parsed, for the error message (e.g. `"db.plist"`).
 * @returns The root value.
 * @throws {OutputParseError} When the input is neither an XML nor a binary plist, or is malformed.
 *
 * @example An XML dict
 * ```ts
 * import { parsePlist } from "./plist.ts";
 *
 * const value = parsePlist(
 *   '<?xml version="1.0"?><plist version="1.0"><dict><key>a</key><true/></dict></plist>',
 *   "example",
 * );
 * console.assert(JSON.stringify(value) === '{"a":true}');
 * ```
 */
export function parsePlist(input: string | Uint8Array, what: string): PlistValue {
  const bytes = typeof input === "string" ? undefined : input;
  const isBinary = bytes !== undefined && bytes.length >= 8 &&
    decoder.decode(bytes.subarray(0, 6)) === BINARY_MAGIC;
  let text: string | undefined;
  if (!isBinary) {
    text = (typeof input === "string" ? input : decoder.decode(input)).replace(/^\uFEFF/, "");
    const start = text.trimStart();
    if (start === "") throw new OutputParseError(what, "the input is empty");
    if (start.startsWith(BINARY_MAGIC)) {
      throw new OutputParseError(what, "a binary property list was given as text; pass its bytes");
    }
    if (
      !start.startsWith("<?xml") && !start.startsWith("<plist") && !start.startsWith("<!DOCTYPE")
    ) {
      throw new OutputParseError(what, "not a property list (neither XML nor binary)", 1);
    }
    // The XML parser accepts unclosed tags, so a cut-off file would read as a smaller plist.
    if (!text.trimEnd().endsWith("</plist>")) {
      throw new OutputParseError(
        what,
        "the XML ends before </plist> (was it cut off?)",
        text.trimEnd().split(/\r\n|\r|\n/).length,
      );
    }
  }
  let root: unknown;
  try {
    root = isBinary && bytes ? parse(bytes.slice().buffer) : parse(text ?? "");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OutputParseError(
      what,
      `malformed property list: ${oneLine(reason)}`,
      undefined,
      error,
    );
  }
  return toPlistValue(root, what, "", 0);
}

const MAX_DEPTH = 64;

function toPlistValue(value: unknown, what: string, path: string, depth: number): PlistValue {
  if (depth > MAX_DEPTH) {
    throw new OutputParseError(what, `nesting deeper than ${MAX_DEPTH} at ${path || "the root"}`);
  }
  if (
    value === null || typeof value === "string" || typeof value === "number" ||
    typeof value === "bigint" || typeof value === "boolean"
  ) return value;
  if (value instanceof Date) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (Array.isArray(value)) {
    return value.map((item, index) => toPlistValue(item, what, `${path}[${index}]`, depth + 1));
  }
  if (typeof value === "object") {
    const out: Record<string, PlistValue> = {};
    for (const [key, item] of Object.entries(value)) {
      // defineProperty: a "__proto__" key must stay data, never a prototype.
      Object.defineProperty(out, key, {
        value: toPlistValue(item, what, path === "" ? key : `${path}.${key}`, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  throw new OutputParseError(what, `an unsupported value at ${path || "the root"}`);
}

/**
 * Whether a value is a `<dict>`.
 *
 * @param value Any plist value.
 * @returns `true` for a dictionary (not an array, date or data).
 *
 * @example
 * ```ts
 * import { isPlistDictionary } from "./plist.ts";
 *
 * console.assert(isPlistDictionary({ a: 1 }));
 * console.assert(!isPlistDictionary([1]));
 * ```
 */
export function isPlistDictionary(value: PlistValue | undefined): value is PlistDictionary {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Uint8Array) && !(value instanceof Date);
}

/**
 * Reads fields of one plist dictionary, with errors that name the full key path. Optional
 * readers return `undefined` for a missing key but still reject a value of the wrong type.
 *
 * @example Read a db.plist entry
 * ```ts
 * import { PlistFields } from "./plist.ts";
 *
 * const entry = new PlistFields({ identifier: "com.example.hiddriver", categories: ["x"] }, "db.plist", "extensions[0]");
 * console.assert(entry.string("identifier") === "com.example.hiddriver");
 * console.assert(entry.optionalString("teamID") === undefined);
 * console.assert(entry.stringArray("categories")[0] === "x");
 * ```
 */
export class PlistFields {
  /** The dictionary being read. */
  readonly dictionary: PlistDictionary;
  readonly #what: string;
  readonly #path: string;

  /**
   * Wraps a value that must be a dictionary.
   *
   * @param value The value at `path`.
   * @param what What is being parsed, for errors.
   * @param path Where the value is (`""` for the root).
   * @throws {OutputParseError} When the value is not a dictionary.
   */
  constructor(value: PlistValue | undefined, what: string, path: string) {
    if (!isPlistDictionary(value)) {
      throw new OutputParseError(
        what,
        `${path || "the root"} is ${describe(value)}, expected a dictionary`,
      );
    }
    this.dictionary = value;
    this.#what = what;
    this.#path = path;
  }

  /**
   * The key path of a field.
   *
   * @param key A key of this dictionary.
   * @returns `path.key`.
   */
  pathOf(key: string): string {
    return this.#path === "" ? key : `${this.#path}.${key}`;
  }

  /**
   * The raw value of a key (own keys only).
   *
   * @param key The key.
   * @returns The value, or `undefined` when the key is absent.
   */
  get(key: string): PlistValue | undefined {
    return Object.hasOwn(this.dictionary, key) ? this.dictionary[key] : undefined;
  }

  /**
   * A required string.
   *
   * @param key The key.
   * @returns The string.
   * @throws {OutputParseError} When it is missing or not a string.
   */
  string(key: string): string {
    const value = this.optionalString(key);
    if (value === undefined) throw this.#error(key, "is missing");
    return value;
  }

  /**
   * An optional string.
   *
   * @param key The key.
   * @returns The string, or `undefined` when absent.
   * @throws {OutputParseError} When present but not a string.
   */
  optionalString(key: string): string | undefined {
    const value = this.get(key);
    if (value === undefined || typeof value === "string") return value;
    throw this.#error(key, `is ${describe(value)}, expected a string`);
  }

  /**
   * An optional boolean.
   *
   * @param key The key.
   * @returns The boolean, or `undefined` when absent.
   * @throws {OutputParseError} When present but not a boolean.
   */
  optionalBoolean(key: string): boolean | undefined {
    const value = this.get(key);
    if (value === undefined || typeof value === "boolean") return value;
    throw this.#error(key, `is ${describe(value)}, expected a boolean`);
  }

  /**
   * An optional integer (a plist `<integer>`), as a number.
   *
   * @param key The key.
   * @returns The number, or `undefined` when absent.
   * @throws {OutputParseError} When present but not a safe integer.
   */
  optionalInteger(key: string): number | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (typeof value === "number" && Number.isSafeInteger(value)) return value;
    throw this.#error(key, `is ${describe(value)}, expected an integer`);
  }

  /**
   * An array of strings; an absent key reads as an empty array.
   *
   * @param key The key.
   * @returns The strings.
   * @throws {OutputParseError} When present but not an array of strings.
   */
  stringArray(key: string): string[] {
    const value = this.get(key);
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
      return [...value] as string[];
    }
    throw this.#error(key, `is ${describe(value)}, expected an array of strings`);
  }

  /**
   * An array of dictionaries; an absent key reads as an empty array.
   *
   * @param key The key.
   * @returns One reader per element.
   * @throws {OutputParseError} When present but not an array of dictionaries.
   */
  dictionaryArray(key: string): PlistFields[] {
    const value = this.get(key);
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw this.#error(key, `is ${describe(value)}, expected an array`);
    return (value as readonly PlistValue[]).map((item, index) =>
      new PlistFields(item, this.#what, `${this.pathOf(key)}[${index}]`)
    );
  }

  /**
   * An optional nested dictionary.
   *
   * @param key The key.
   * @returns A reader for it, or `undefined` when absent.
   * @throws {OutputParseError} When present but not a dictionary.
   */
  optionalDictionary(key: string): PlistFields | undefined {
    const value = this.get(key);
    return value === undefined ? undefined : new PlistFields(value, this.#what, this.pathOf(key));
  }

  #error(key: string, problem: string): OutputParseError {
    return new OutputParseError(this.#what, `${this.pathOf(key)} ${problem}`);
  }
}

function describe(value: PlistValue | undefined): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Uint8Array) return "data";
  if (value instanceof Date) return "a date";
  if (typeof value === "object") return "a dictionary";
  return `a ${typeof value}`;
}

/**
 * Deep equality of two plist values (data by bytes, dates by time, dictionaries by own keys).
 *
 * @param a One value.
 * @param b The other.
 * @returns Whether they are equal.
 *
 * @example
 * ```ts
 * import { plistValuesEqual } from "./plist.ts";
 *
 * console.assert(plistValuesEqual({ a: [1, "x"] }, { a: [1, "x"] }));
 * console.assert(!plistValuesEqual({ a: true }, { a: "true" }));
 * ```
 */
export function plistValuesEqual(a: PlistValue, b: PlistValue): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length &&
      a.every((byte, index) => byte === b[index]);
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const other = b as readonly PlistValue[];
    return (a as readonly PlistValue[]).every((item, index) =>
      plistValuesEqual(item, other[index] ?? null)
    );
  }
  if (isPlistDictionary(a) && isPlistDictionary(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) =>
      Object.hasOwn(b, key) && plistValuesEqual(a[key] ?? null, b[key] ?? null)
    );
  }
  return false;
}
