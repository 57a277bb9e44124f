/**
 * Parser for macOS crash reports (`.ips`, macOS 12 and later), as written to
 * `/Library/Logs/DiagnosticReports/` (dexts and daemons such as sysextd) and
 * `~/Library/Logs/DiagnosticReports/` (apps).
 *
 * The format (macos-tooling-reference §4.9): line 1 is a one-line JSON header (`app_name`,
 * `timestamp`, `bundleID`, `bug_type`, `os_version`, …), the rest one JSON body (`procName`,
 * `procPath`, `exception`, `termination`, `faultingThread`, `threads`, `asi`, …). Only the facts
 * the crash diagnosis needs are read; every other key is ignored, and a missing optional key
 * reads as `undefined`.
 *
 * @module
 */
import { JsonFields } from "./json_output.ts";
import { OutputParseError } from "./output_parse_error.ts";
import { oneLine } from "./text_lines.ts";

/** What a crash report says, in the terms the diagnosis uses. */
export interface CrashReport {
  /** The crashed process (`procName`, else the header's `name` or `app_name`). */
  readonly processName: string;
  /** `procPath`, when present. */
  readonly processPath: string | undefined;
  /** The bundle id (header `bundleID`, else `bundleInfo.CFBundleIdentifier`), when present. */
  readonly bundleId: string | undefined;
  /** CFBundleShortVersionString (header `app_version`), when present. */
  readonly version: string | undefined;
  /** CFBundleVersion (header `build_version`), when present. */
  readonly buildVersion: string | undefined;
  /** The header's `timestamp` as written, e.g. `2026-05-01 10:12:13.00 +0200`. */
  readonly timestamp: string | undefined;
  /** The same timestamp as a date, when it could be read. */
  readonly time: Date | undefined;
  /** `os_version`, e.g. `macOS 15.4 (24E248)`. */
  readonly osVersion: string | undefined;
  /** `bug_type`: `309` for a crash. */
  readonly bugType: string | undefined;
  /** `exception.type`, e.g. `EXC_BAD_ACCESS`, `EXC_CRASH`, `EXC_BAD_INSTRUCTION`. */
  readonly exceptionType: string | undefined;
  /** `exception.signal`, e.g. `SIGSEGV`, `SIGKILL (Code Signature Invalid)`. */
  readonly signal: string | undefined;
  /** `exception.subtype`, e.g. `KERN_INVALID_ADDRESS at 0x0000000000000000`. */
  readonly exceptionSubtype: string | undefined;
  /** `termination.namespace`, e.g. `SIGNAL`, `CODESIGNING`. */
  readonly terminationNamespace: string | undefined;
  /** `termination.indicator`, e.g. `Segmentation fault: 11`, `Invalid Page`. */
  readonly terminationIndicator: string | undefined;
  /** The crashed thread's frame symbols, innermost first (frames without a symbol are left out). */
  readonly crashedFrames: readonly string[];
  /** Application-specific messages (`asi`), e.g. a Swift `Fatal error: …` line. */
  readonly messages: readonly string[];
}

const MONTH_DAY_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) ([+-])(\d{2})(\d{2})$/;

/**
 * Parses a `.ips` crash report.
 *
 * @param text The file's content.
 * @param name How to name the report in errors, e.g. its file name; `crash report` when omitted.
 * @returns The crash facts.
 * @throws {OutputParseError} When the header or the body is not a JSON object (the line is
 * named), or a key the diagnosis reads has the wrong type.
 *
 * @example A dext that crashed with a bad pointer
 * ```ts
 * import { parseCrashReport } from "./crash_report.ts";
 *
 * const report = parseCrashReport([
 *   '{"app_name":"com.example.hiddriver","timestamp":"2026-05-01 10:12:13.00 +0200","bug_type":"309","bundleID":"com.example.hiddriver"}',
 *   '{"procName":"com.example.hiddriver","exception":{"type":"EXC_BAD_ACCESS","signal":"SIGSEGV"},',
 *   ' "faultingThread":0,"threads":[{"triggered":true,"frames":[{"symbol":"MyDevice::Start_Impl(IOService*)"}]}]}',
 * ].join("\n"));
 * console.assert(report.exceptionType === "EXC_BAD_ACCESS");
 * console.assert(report.crashedFrames[0] === "MyDevice::Start_Impl(IOService*)");
 * console.assert(report.time?.toISOString() === "2026-05-01T08:12:13.000Z");
 * ```
 */
export function parseCrashReport(text: string, name = "crash report"): CrashReport {
  const source = text.replace(/^\uFEFF/, "");
  const newline = source.indexOf("\n");
  const headerText = (newline < 0 ? source : source.slice(0, newline)).trim();
  const bodyText = newline < 0 ? "" : source.slice(newline + 1);
  if (headerText === "") throw new OutputParseError(name, "the file is empty");
  const header = objectAt(parseJson(headerText, name, 1), name, "header", 1);
  if (bodyText.trim() === "") {
    throw new OutputParseError(name, "no report body after the header line (cut off?)", 2);
  }
  const body = objectAt(parseJson(bodyText, name, 2), name, "body", 2);
  const exception = optionalObject(body, "exception", name);
  const termination = optionalObject(body, "termination", name);
  const bundleInfo = optionalObject(body, "bundleInfo", name);
  const timestamp = header.optionalString("timestamp");
  return {
    processName: body.optionalString("procName") ?? header.optionalString("name") ??
      header.optionalString("app_name") ?? "",
    processPath: body.optionalString("procPath"),
    bundleId: header.optionalString("bundleID") ??
      bundleInfo?.optionalString("CFBundleIdentifier"),
    version: header.optionalString("app_version") ??
      bundleInfo?.optionalString("CFBundleShortVersionString"),
    buildVersion: header.optionalString("build_version") ??
      bundleInfo?.optionalString("CFBundleVersion"),
    timestamp,
    time: timestamp === undefined ? undefined : parseCrashTimestamp(timestamp),
    osVersion: header.optionalString("os_version"),
    bugType: stringOrNumber(header, "bug_type"),
    exceptionType: exception?.optionalString("type"),
    signal: exception?.optionalString("signal"),
    exceptionSubtype: exception?.optionalString("subtype"),
    terminationNamespace: termination?.optionalString("namespace"),
    terminationIndicator: termination?.optionalString("indicator"),
    crashedFrames: crashedFrames(body),
    messages: applicationMessages(body),
  };
}

/**
 * Reads a crash report's timestamp (`2026-05-01 10:12:13.00 +0200`).
 *
 * @param timestamp The header's `timestamp`.
 * @returns The moment, or `undefined` when the text has another form.
 *
 * @example
 * ```ts
 * import { parseCrashTimestamp } from "./crash_report.ts";
 *
 * console.assert(parseCrashTimestamp("2026-05-01 10:12:13.00 +0200")?.toISOString() === "2026-05-01T08:12:13.000Z");
 * console.assert(parseCrashTimestamp("yesterday") === undefined);
 * ```
 */
export function parseCrashTimestamp(timestamp: string): Date | undefined {
  const match = MONTH_DAY_TIME.exec(timestamp.trim());
  if (!match) return undefined;
  const date = new Date(`${match[1]}T${match[2]}${match[3]}${match[4]}:${match[5]}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function parseJson(text: string, name: string, firstLine: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(reason);
    const line = position
      ? firstLine + (text.slice(0, Number(position[1])).match(/\n/g)?.length ?? 0)
      : firstLine;
    throw new OutputParseError(name, `malformed JSON: ${oneLine(reason)}`, line, error);
  }
}

function objectAt(value: unknown, name: string, part: string, line: number): JsonFields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new OutputParseError(name, `the ${part} is not a JSON object`, line);
  }
  return new JsonFields(value, name, part);
}

function optionalObject(fields: JsonFields, key: string, name: string): JsonFields | undefined {
  const value = fields.get(key);
  if (value === undefined || value === null) return undefined;
  return new JsonFields(value, name, fields.pathOf(key));
}

function stringOrNumber(fields: JsonFields, key: string): string | undefined {
  const value = fields.get(key);
  if (typeof value === "number") return String(value);
  return fields.optionalString(key);
}

function crashedFrames(body: JsonFields): string[] {
  const threads = body.objectArray("threads");
  const index = body.optionalNumber("faultingThread");
  const thread = (index === undefined ? undefined : threads[index]) ??
    threads.find((candidate) => candidate.get("triggered") === true);
  if (thread === undefined) return [];
  return thread.objectArray("frames")
    .map((frame) => frame.optionalString("symbol"))
    .filter((symbol): symbol is string => symbol !== undefined && symbol !== "");
}

function applicationMessages(body: JsonFields): string[] {
  const asi = body.get("asi");
  if (typeof asi !== "object" || asi === null || Array.isArray(asi)) return [];
  const messages: string[] = [];
  for (const value of Object.values(asi)) {
    const list: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of list) if (typeof item === "string") messages.push(item.trim());
  }
  return messages;
}
