/**
 * Parser for the unified log as `log show --style ndjson` / `log stream --style ndjson` print it:
 * one JSON object per line (macos-tooling-reference §4.8), and a formatter for one readable line
 * per entry.
 *
 * `log stream` first prints a plain `Filtering the log data using "…"` line; that and the other
 * plain notices `log` prints (`Skipping info and debug messages…`, `Timestamp …` column headers)
 * are recognised and skipped. Keys read: `timestamp`, `processImagePath`, `processID`,
 * `senderImagePath`, `subsystem`, `category`, `messageType`, `eventType`, `eventMessage`; the
 * process and sender are the last path components (`/kernel` → `kernel`).
 *
 * @module
 */
import { JsonFields } from "./json_output.ts";
import { OutputParseError } from "./output_parse_error.ts";
import { oneLine, quoteExcerpt, splitLines } from "./text_lines.ts";

/** One unified-log entry. */
export interface LogEntry {
  /** As printed, e.g. `2026-05-01 10:12:11.171906+0200`; empty when absent. */
  readonly timestamp: string;
  /** The process that logged (last component of `processImagePath`), e.g. `kernel`, `sysextd`. */
  readonly process: string;
  /** `processID`, when present. */
  readonly processId: number | undefined;
  /** The image that logged (last component of `senderImagePath`); may differ from the process. */
  readonly sender: string;
  /** `subsystem`; empty for kernel messages. */
  readonly subsystem: string;
  /** `category`; empty for kernel messages. */
  readonly category: string;
  /** `messageType`: `Default`, `Info`, `Debug`, `Error` or `Fault`; empty for activities. */
  readonly messageType: string;
  /** `eventType`, e.g. `logEvent`, `activityCreateEvent`. */
  readonly eventType: string;
  /** `eventMessage`, the text. */
  readonly message: string;
  /** The 1-based line of the entry in the output. */
  readonly line: number;
}

const WHAT = "log ndjson output";
const NOTICES = [
  /^Filtering the log data using /,
  /^Skipping info and debug messages/,
  /^Timestamp\s+/,
  /^-{4,}/,
  /^Log\s+-\s+Default:/,
];

/**
 * Parses one line of ndjson log output.
 *
 * @param text The line.
 * @param line Its 1-based number, for errors and {@linkcode LogEntry.line}.
 * @returns The entry, or `undefined` for a blank line or one of `log`'s plain notices.
 * @throws {OutputParseError} When the line is neither JSON nor a known notice, is malformed
 * JSON, or a key has the wrong type.
 *
 * @example A kernel DriverKit message
 * ```ts
 * import { parseLogLine } from "./log_ndjson.ts";
 *
 * const entry = parseLogLine(
 *   '{"eventMessage":"DK: MyHIDDevice-0x1002dd073: family entitlements check failed","processImagePath":"/kernel","senderImagePath":"/kernel","processID":0,"messageType":"Default","timestamp":"2026-05-01 10:12:11.171906+0200"}',
 *   2,
 * );
 * console.assert(entry?.process === "kernel" && entry.message.startsWith("DK: "));
 * console.assert(parseLogLine('Filtering the log data using "sender == \\"sysextd\\""', 1) === undefined);
 * ```
 */
export function parseLogLine(text: string, line: number): LogEntry | undefined {
  const trimmed = text.trim();
  if (trimmed === "" || NOTICES.some((notice) => notice.test(trimmed))) return undefined;
  if (!trimmed.startsWith("{")) {
    throw new OutputParseError(WHAT, `not a JSON entry: ${quoteExcerpt(trimmed)}`, line);
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OutputParseError(WHAT, `malformed JSON: ${oneLine(reason)}`, line, error);
  }
  // Text that starts with "{" and parses is an object.
  const fields = new JsonFields(value, WHAT, `line ${line}`);
  return {
    timestamp: fields.optionalString("timestamp") ?? "",
    process: lastComponent(fields.optionalString("processImagePath")),
    processId: fields.optionalNumber("processID"),
    sender: lastComponent(fields.optionalString("senderImagePath")),
    subsystem: fields.optionalString("subsystem") ?? "",
    category: fields.optionalString("category") ?? "",
    messageType: fields.optionalString("messageType") ?? "",
    eventType: fields.optionalString("eventType") ?? "",
    message: fields.optionalString("eventMessage") ?? "",
    line,
  };
}

/**
 * Parses a whole ndjson log output.
 *
 * @param text What `log show --style ndjson` (or `log stream`) printed.
 * @returns Every entry, in order.
 * @throws {OutputParseError} At the first line that is not an entry or a known notice.
 *
 * @example The stream header is skipped
 * ```ts
 * import { parseLogNdjson } from "./log_ndjson.ts";
 *
 * const entries = parseLogNdjson('Filtering the log data using "process == \\"sysextd\\""\n{"eventMessage":"hello","processImagePath":"/usr/libexec/sysextd"}\n');
 * console.assert(entries.length === 1 && entries[0]?.process === "sysextd" && entries[0]?.line === 2);
 * ```
 */
export function parseLogNdjson(text: string): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const [index, line] of splitLines(text).entries()) {
    const entry = parseLogLine(line, index + 1);
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

/**
 * One readable line for an entry: time, process[pid], level, subsystem:category, message.
 *
 * @param entry The entry.
 * @returns For example `2026-05-01 10:12:11.171906+0200 kernel[0] Default: DK: …`.
 *
 * @example
 * ```ts
 * import { formatLogEntry } from "./log_ndjson.ts";
 *
 * const line = formatLogEntry({
 *   timestamp: "2026-05-01 10:12:11.171906+0200", process: "sysextd", processId: 312, sender: "sysextd",
 *   subsystem: "com.apple.sx", category: "activation", messageType: "Error", eventType: "logEvent",
 *   message: "activation failed", line: 2,
 * });
 * console.assert(line === "2026-05-01 10:12:11.171906+0200 sysextd[312] Error (com.apple.sx:activation): activation failed");
 * ```
 */
export function formatLogEntry(entry: LogEntry): string {
  const pid = entry.processId === undefined ? "" : `[${entry.processId}]`;
  const level = entry.messageType === "" ? entry.eventType : entry.messageType;
  const scope = entry.subsystem === ""
    ? ""
    : ` (${entry.subsystem}${entry.category === "" ? "" : `:${entry.category}`})`;
  const who = entry.sender !== "" && entry.sender !== entry.process
    ? `${entry.process || "?"}${pid} <${entry.sender}>`
    : `${entry.process || "?"}${pid}`;
  const message = entry.message.replace(/\s*\n\s*/g, " ⏎ ").trimEnd();
  return `${entry.timestamp} ${who} ${level}${scope}: ${message}`.trimStart();
}

function lastComponent(path: string | undefined): string {
  if (path === undefined) return "";
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}
