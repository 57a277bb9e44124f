/**
 * Parser for the notary log (`xcrun notarytool log <id>`), and a readable rendering of its issues
 * for the terminal: what users of signing tools ask for most is "on failure, show me why".
 *
 * @module
 */
import { extractJsonObject, JsonFields } from "./json_output.ts";
import { type NotaryStatus, optionalStatus } from "./notarytool.ts";

/** One problem Apple found in the submission. */
export interface NotaryIssue {
  /** `"error"` or `"warning"`. */
  readonly severity: string;
  /** The path inside the archive, e.g. `App.zip/App.app/Contents/MacOS/App`. */
  readonly path: string;
  /** What is wrong, e.g. `The signature does not include a secure timestamp.` */
  readonly message: string;
  /** The architecture slice, when reported. */
  readonly architecture: string | undefined;
  /** A documentation link, when Apple gives one. */
  readonly docUrl: string | undefined;
}

/** One code signature the notarization ticket covers. */
export interface NotaryTicketEntry {
  /** The path inside the archive. */
  readonly path: string;
  /** The code directory hash. */
  readonly cdhash: string;
  /** The hash algorithm, e.g. `SHA-256`. */
  readonly digestAlgorithm: string;
  /** The architecture slice. */
  readonly arch: string;
}

/** The notary log of one submission. */
export interface NotaryLog {
  /** The submission id. */
  readonly jobId: string;
  /** Its status. */
  readonly status: NotaryStatus;
  /** Apple's summary, e.g. `Archive contains critical validation errors`. */
  readonly statusSummary: string;
  /** Apple's status code (0 ready, 4000 validation errors, 7000 team not configured, …). */
  readonly statusCode: number | undefined;
  /** The uploaded file's name. */
  readonly archiveFilename: string;
  /** The problems found; empty when there are none. */
  readonly issues: readonly NotaryIssue[];
  /** What the ticket covers; empty unless accepted. */
  readonly ticketContents: readonly NotaryTicketEntry[];
}

const WHAT = "notarytool log";

/**
 * Parses a notary log (JSON, possibly pretty-printed, possibly after plain lines).
 *
 * @param text The output of `notarytool log <id>` or the file it wrote.
 * @returns The log.
 * @throws {OutputParseError} When it is not a notary log.
 *
 * @example An Invalid submission
 * ```ts
 * import { parseNotaryLog } from "./notary_log.ts";
 *
 * const log = parseNotaryLog(JSON.stringify({
 *   jobId: "2efe2717", status: "Invalid", statusSummary: "Archive contains critical validation errors",
 *   statusCode: 4000, archiveFilename: "App.zip", ticketContents: null,
 *   issues: [{ severity: "error", code: null, path: "App.zip/App.app/Contents/MacOS/App",
 *     message: "The signature does not include a secure timestamp.", docUrl: null, architecture: "x86_64" }],
 * }));
 * console.assert(log.issues.length === 1 && log.statusCode === 4000);
 * ```
 */
export function parseNotaryLog(text: string): NotaryLog {
  const log = new JsonFields(extractJsonObject(text, WHAT), WHAT, "");
  const status = optionalStatus(log);
  if (status === undefined) throw log.error("status", "is missing");
  return {
    jobId: log.string("jobId"),
    status,
    statusSummary: log.optionalString("statusSummary") ?? "",
    statusCode: log.optionalNumber("statusCode"),
    archiveFilename: log.optionalString("archiveFilename") ?? "",
    issues: log.objectArray("issues").map((issue) => ({
      severity: issue.optionalString("severity") ?? "error",
      path: issue.optionalString("path") ?? "",
      message: issue.string("message"),
      architecture: issue.optionalString("architecture"),
      docUrl: issue.optionalString("docUrl"),
    })),
    ticketContents: log.objectArray("ticketContents").map((entry) => ({
      path: entry.optionalString("path") ?? "",
      cdhash: entry.optionalString("cdhash") ?? "",
      digestAlgorithm: entry.optionalString("digestAlgorithm") ?? "",
      arch: entry.optionalString("arch") ?? "",
    })),
  };
}

/**
 * Renders a log's verdict and issues as lines for a terminal: a summary line, then one line per
 * issue (`error: <path> (<arch>): <message>`), then its doc link if any.
 *
 * @param log A parsed notary log.
 * @returns The lines, without newlines.
 *
 * @example
 * ```ts
 * import { formatNotaryIssues } from "./notary_log.ts";
 *
 * const lines = formatNotaryIssues({
 *   jobId: "2efe2717", status: "Invalid", statusSummary: "Archive contains critical validation errors",
 *   statusCode: 4000, archiveFilename: "App.zip", ticketContents: [],
 *   issues: [{ severity: "error", path: "App.zip/App.app", message: "Not signed.", architecture: undefined, docUrl: undefined }],
 * });
 * console.assert(lines[0] === "notarization of App.zip: Invalid (4000, Archive contains critical validation errors)");
 * console.assert(lines[1] === "  error: App.zip/App.app: Not signed.");
 * ```
 */
export function formatNotaryIssues(log: NotaryLog): string[] {
  const detail = [log.statusCode === undefined ? "" : String(log.statusCode), log.statusSummary]
    .filter((part) => part !== "").join(", ");
  const name = log.archiveFilename === "" ? `submission ${log.jobId}` : log.archiveFilename;
  const lines = [`notarization of ${name}: ${log.status}${detail === "" ? "" : ` (${detail})`}`];
  for (const issue of log.issues) {
    const where = issue.path === ""
      ? ""
      : `${issue.path}${issue.architecture ? ` (${issue.architecture})` : ""}: `;
    lines.push(`  ${issue.severity}: ${where}${issue.message}`);
    if (issue.docUrl) lines.push(`    see ${issue.docUrl}`);
  }
  return lines;
}
