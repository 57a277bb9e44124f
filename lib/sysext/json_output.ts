/**
 * JSON in tool output: finding the JSON object in stdout that also carries plain lines (notarytool
 * prints `Conducting pre-submission checks…` before its JSON), and typed field readers whose
 * errors name the field.
 *
 * @module
 */
import { OutputParseError } from "./output_parse_error.ts";
import { oneLine, splitLines } from "./text_lines.ts";

/** A parsed JSON object. */
export type JsonObject = { readonly [key: string]: unknown };

/**
 * Finds and parses the JSON object in tool output. The object starts on the last line that begins
 * with `{` (unindented) and from which the rest parses; plain lines before it are skipped, and
 * so are plain lines after its closing `}`.
 *
 * @param text The tool's standard output.
 * @param what What is being parsed, for errors.
 * @returns The object.
 * @throws {OutputParseError} When there is no JSON object, or it is malformed (the line is
 * named when the JSON error gives a position).
 *
 * @example A progress line before the JSON
 * ```ts
 * import { extractJsonObject } from "./json_output.ts";
 *
 * const value = extractJsonObject(
 *   'Conducting pre-submission checks for App.zip...\n{"id":"1","message":"ok"}\n',
 *   "notarytool submit",
 * );
 * console.assert(value.id === "1");
 * ```
 */
export function extractJsonObject(text: string, what: string): JsonObject {
  const lines = splitLines(text);
  const starts: number[] = [];
  lines.forEach((line, index) => {
    if (line.startsWith("{")) starts.push(index);
  });
  if (starts.length === 0) {
    throw new OutputParseError(
      what,
      lines.every((line) => line.trim() === "")
        ? "the output is empty"
        : "no JSON object in the output",
    );
  }
  let firstError: { error: unknown; startLine: number; body: string } | undefined;
  for (let s = starts.length - 1; s >= 0; s--) {
    const start = starts[s] ?? 0;
    let end = lines.length - 1;
    while (end > start && !(lines[end] ?? "").trimEnd().endsWith("}")) end--;
    const body = lines.slice(start, end + 1).join("\n");
    try {
      const value: unknown = JSON.parse(body);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        return value as JsonObject;
      }
    } catch (error) {
      firstError ??= { error, startLine: start + 1, body };
    }
  }
  const failure = firstError;
  if (failure === undefined) throw new OutputParseError(what, "no JSON object in the output");
  const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
  const position = /position (\d+)/.exec(reason);
  const line = position
    ? failure.startLine + (failure.body.slice(0, Number(position[1])).match(/\n/g)?.length ?? 0)
    : failure.startLine;
  throw new OutputParseError(what, `malformed JSON: ${oneLine(reason)}`, line, failure.error);
}

/**
 * Typed reads of one JSON object's fields, with errors that name the field path.
 *
 * @example Read a notarytool reply
 * ```ts
 * import { JsonFields } from "./json_output.ts";
 *
 * const reply = new JsonFields({ id: "1", status: "Accepted" }, "notarytool submit", "");
 * console.assert(reply.string("id") === "1");
 * console.assert(reply.optionalString("path") === undefined);
 * ```
 */
export class JsonFields {
  /** The object being read. */
  readonly object: JsonObject;
  readonly #what: string;
  readonly #path: string;

  /**
   * Wraps a value that must be a JSON object.
   *
   * @param value The value at `path`.
   * @param what What is being parsed, for errors.
   * @param path Where the value is (`""` for the top level).
   * @throws {OutputParseError} When the value is not an object.
   */
  constructor(value: unknown, what: string, path: string) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new OutputParseError(
        what,
        `${path || "the top level"} is ${describe(value)}, expected an object`,
      );
    }
    this.object = value as JsonObject;
    this.#what = what;
    this.#path = path;
  }

  /**
   * The key path of a field.
   *
   * @param key A key of this object.
   * @returns `path.key`.
   */
  pathOf(key: string): string {
    return this.#path === "" ? key : `${this.#path}.${key}`;
  }

  /**
   * The raw value (own keys only).
   *
   * @param key The key.
   * @returns The value, or `undefined` when absent.
   */
  get(key: string): unknown {
    return Object.hasOwn(this.object, key) ? this.object[key] : undefined;
  }

  /**
   * A required string.
   *
   * @param key The key.
   * @returns The string.
   * @throws {OutputParseError} When missing or not a string.
   */
  string(key: string): string {
    const value = this.optionalString(key);
    if (value === undefined) throw this.error(key, "is missing");
    return value;
  }

  /**
   * An optional string; `null` reads as absent.
   *
   * @param key The key.
   * @returns The string, or `undefined`.
   * @throws {OutputParseError} When present but not a string.
   */
  optionalString(key: string): string | undefined {
    const value = this.get(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string") return value;
    throw this.error(key, `is ${describe(value)}, expected a string`);
  }

  /**
   * An optional number; `null` reads as absent.
   *
   * @param key The key.
   * @returns The number, or `undefined`.
   * @throws {OutputParseError} When present but not a number.
   */
  optionalNumber(key: string): number | undefined {
    const value = this.get(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === "number") return value;
    throw this.error(key, `is ${describe(value)}, expected a number`);
  }

  /**
   * An optional array of objects; absent or `null` reads as empty.
   *
   * @param key The key.
   * @returns One reader per element.
   * @throws {OutputParseError} When present but not an array of objects.
   */
  objectArray(key: string): JsonFields[] {
    const value = this.get(key);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw this.error(key, `is ${describe(value)}, expected an array`);
    return value.map((item, index) =>
      new JsonFields(item, this.#what, `${this.pathOf(key)}[${index}]`)
    );
  }

  /**
   * An error about one field.
   *
   * @param key The field.
   * @param problem What is wrong with it, e.g. `"is missing"`.
   * @returns The error, to throw.
   */
  error(key: string, problem: string): OutputParseError {
    return new OutputParseError(this.#what, `${this.pathOf(key)} ${problem}`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
