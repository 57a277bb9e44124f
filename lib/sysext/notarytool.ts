/**
 * Parsers for `xcrun notarytool … --output-format json` replies: `submit` (with or without
 * `--wait`), `wait` and `info`.
 *
 * notarytool exits 0 even when a submission ends `Invalid` (macos-tooling-reference §0 fact 7),
 * so a caller must look at {@linkcode NotarySubmission.status}, never at the exit code alone.
 * Plain lines before the JSON (`Conducting pre-submission checks…`) are skipped. The notary
 * *log* (`notarytool log`) has its own parser in `notary_log.ts`.
 *
 * @module
 */
import { extractJsonObject, JsonFields } from "./json_output.ts";
import { quoteExcerpt } from "./text_lines.ts";

/** The states of a notarization submission. Only `Accepted` can be stapled. */
export type NotaryStatus = "Accepted" | "In Progress" | "Invalid" | "Rejected";

const STATUSES: readonly NotaryStatus[] = ["Accepted", "In Progress", "Invalid", "Rejected"];

/** The reply of `notarytool submit` or `notarytool wait`. */
export interface NotarySubmission {
  /** The submission id (a UUID): what `--resume`, `info`, `wait` and `log` take. */
  readonly id: string;
  /** The final status with `--wait` or from `wait`; `undefined` for a submit without `--wait`. */
  readonly status: NotaryStatus | undefined;
  /** notarytool's message, e.g. `"Processing complete"`. */
  readonly message: string;
  /** The uploaded file (submit without `--wait`), when reported. */
  readonly path: string | undefined;
}

/** The reply of `notarytool info <id>`. */
export interface NotaryInfo {
  /** The submission id. */
  readonly id: string;
  /**
   * Its status now; `undefined` when notarytool printed a status dextkit does not know (a new
   * state Apple added): a poller keeps polling and says so, see {@linkcode NotaryInfo.statusText}.
   */
  readonly status: NotaryStatus | undefined;
  /** The status exactly as printed. */
  readonly statusText: string;
  /** The uploaded file's name, when reported. */
  readonly name: string | undefined;
  /** When it was submitted (ISO 8601 text), when reported. */
  readonly createdDate: string | undefined;
  /** notarytool's message. */
  readonly message: string;
}

/**
 * Parses the JSON reply of `notarytool submit … --output-format json` (with or without
 * `--wait`) or `notarytool wait <id> --output-format json`.
 *
 * @param stdout The command's standard output.
 * @returns The submission.
 * @throws {OutputParseError} When there is no JSON object, `id` is missing, or `status` is not
 * one of the known {@linkcode NotaryStatus} values.
 *
 * @example Invalid, although notarytool exited 0
 * ```ts
 * import { parseNotarySubmission } from "./notarytool.ts";
 *
 * const reply = parseNotarySubmission('{"id":"2efe2717","status":"Invalid","message":"Processing complete"}');
 * console.assert(reply.status === "Invalid");
 * ```
 */
export function parseNotarySubmission(stdout: string): NotarySubmission {
  const what = "notarytool submit";
  const reply = new JsonFields(extractJsonObject(stdout, what), what, "");
  return {
    id: reply.string("id"),
    status: optionalStatus(reply),
    message: reply.optionalString("message") ?? "",
    path: reply.optionalString("path"),
  };
}

/**
 * Parses the JSON reply of `notarytool info <id> --output-format json`.
 *
 * @param stdout The command's standard output.
 * @returns The submission's info.
 * @throws {OutputParseError} When there is no JSON object or `id`/`status` are missing. A status
 * that is not one of the known values is not an error: `status` is `undefined` then.
 *
 * @example Still in progress
 * ```ts
 * import { parseNotaryInfo } from "./notarytool.ts";
 *
 * const info = parseNotaryInfo(
 *   '{"createdDate":"2026-05-01T10:00:00.000Z","id":"2efe2717","message":"Successfully received submission info","name":"App.zip","status":"In Progress"}',
 * );
 * console.assert(info.status === "In Progress" && info.name === "App.zip");
 * ```
 */
export function parseNotaryInfo(stdout: string): NotaryInfo {
  const what = "notarytool info";
  const reply = new JsonFields(extractJsonObject(stdout, what), what, "");
  const statusText = reply.optionalString("status");
  if (statusText === undefined) throw reply.error("status", "is missing");
  return {
    id: reply.string("id"),
    status: STATUSES.find((candidate) => candidate === statusText),
    statusText,
    name: reply.optionalString("name"),
    createdDate: reply.optionalString("createdDate"),
    message: reply.optionalString("message") ?? "",
  };
}

/**
 * Reads a notary `status` field.
 *
 * @param reply The reply object.
 * @returns The status, or `undefined` when absent.
 * @throws {OutputParseError} When present but not a known status.
 *
 * @example
 * ```ts
 * import { JsonFields } from "./json_output.ts";
 * import { optionalStatus } from "./notarytool.ts";
 *
 * console.assert(optionalStatus(new JsonFields({ status: "Rejected" }, "x", "")) === "Rejected");
 * ```
 */
export function optionalStatus(reply: JsonFields): NotaryStatus | undefined {
  const status = reply.optionalString("status");
  if (status === undefined) return undefined;
  const known = STATUSES.find((candidate) => candidate === status);
  if (known === undefined) {
    throw reply.error(
      "status",
      `is ${quoteExcerpt(status)}, expected one of ${STATUSES.map((s) => `"${s}"`).join(", ")}`,
    );
  }
  return known;
}
