/**
 * Parser for `xcrun stapler staple|validate <path>`, and what its error numbers mean.
 *
 * Error 65 right after notarization usually means Apple's ticket has not reached the CDN yet:
 * retry with backoff ({@linkcode staplerErrorIsRetryable}). Zip files and bare executables cannot
 * be stapled at all (66, 73): staple the app, dmg or pkg inside instead.
 *
 * @module
 */
import { OutputParseError } from "./output_parse_error.ts";
import { quoteExcerpt, splitLines } from "./text_lines.ts";

/** What stapler reported. */
export interface StaplerResult {
  /** `staple` (`The staple and validate action …`) or `validate` (`The validate action …`). */
  readonly action: "staple" | "validate";
  /** The action worked. */
  readonly ok: boolean;
  /** The number in `… failed! Error 65.`, when it failed with one. */
  readonly errorCode: number | undefined;
  /** The path from the `Processing: <path>` line, when printed. */
  readonly path: string | undefined;
  /** `validate` found no ticket (`<path> does not have a ticket stapled to it.`). */
  readonly notStapled: boolean;
  /** Every other non-empty line (CloudKit lookups and the like), for the log. */
  readonly details: readonly string[];
}

const WORKED = /^The (staple and validate|validate) action worked!$/;
const FAILED = /^The (staple and validate|validate) action failed!(?:\s*Error (-?\d+)\.?)?/;
const NO_TICKET = /^(.*) does not have a ticket stapled to it\.$/;

/**
 * Parses stapler's output (standard output and standard error together are fine).
 *
 * @param output What stapler printed.
 * @returns The outcome.
 * @throws {OutputParseError} When there is no verdict line.
 *
 * @example The ticket is not there yet
 * ```ts
 * import { parseStaplerOutput, staplerErrorIsRetryable } from "./stapler.ts";
 *
 * const result = parseStaplerOutput(
 *   "Processing: /tmp/App.app\nThe staple and validate action failed! Error 65.\n",
 * );
 * console.assert(!result.ok && result.errorCode === 65 && staplerErrorIsRetryable(result));
 * ```
 */
export function parseStaplerOutput(output: string): StaplerResult {
  let path: string | undefined;
  const details: string[] = [];
  let verdict: Omit<StaplerResult, "path" | "details"> | undefined;
  for (const raw of splitLines(output)) {
    const line = raw.trim();
    if (line === "") continue;
    if (line.startsWith("Processing: ")) {
      path ??= line.slice("Processing: ".length);
      continue;
    }
    const worked = WORKED.exec(line);
    const failed = FAILED.exec(line);
    const noTicket = NO_TICKET.exec(line);
    if (worked) {
      verdict = { action: actionOf(worked[1]), ok: true, errorCode: undefined, notStapled: false };
    } else if (failed) {
      const code = failed[2] === undefined ? undefined : Number(failed[2]);
      verdict = { action: actionOf(failed[1]), ok: false, errorCode: code, notStapled: false };
    } else if (noTicket) {
      path ??= noTicket[1];
      verdict = { action: "validate", ok: false, errorCode: undefined, notStapled: true };
    } else {
      details.push(line);
    }
  }
  if (verdict === undefined) {
    throw new OutputParseError(
      "stapler",
      details.length > 0
        ? `no verdict line; first line: ${quoteExcerpt(details[0] ?? "")}`
        : path === undefined
        ? "the output is empty"
        : 'no verdict line ("The … action worked!" or "… failed!") after "Processing: …"',
    );
  }
  return { ...verdict, path, details };
}

function actionOf(phrase: string | undefined): "staple" | "validate" {
  return phrase === "validate" ? "validate" : "staple";
}

/**
 * Whether a failed staple is worth retrying: error 65 (no ticket found yet).
 *
 * @param result A parsed stapler result.
 * @returns `true` for error 65.
 *
 * @example
 * ```ts
 * import { staplerErrorIsRetryable } from "./stapler.ts";
 *
 * console.assert(!staplerErrorIsRetryable({ action: "staple", ok: false, errorCode: 66, path: undefined, notStapled: false, details: [] }));
 * ```
 */
export function staplerErrorIsRetryable(result: StaplerResult): boolean {
  return !result.ok && result.errorCode === 65;
}

/**
 * A one-line explanation of a stapler error number (also its exit code).
 *
 * @param code The number from `Error N.` or the exit code.
 * @returns What it means and what to do.
 *
 * @example
 * ```ts
 * import { explainStaplerError } from "./stapler.ts";
 *
 * console.assert(explainStaplerError(66).includes("cannot be stapled"));
 * ```
 */
export function explainStaplerError(code: number): string {
  switch (code) {
    case 65:
      return "no notarization ticket found yet (not notarized, or Apple's servers have not " +
        "published it): retry in a minute";
    case 66:
      return "this kind of file cannot be stapled (a zip or a bare executable): staple the " +
        "app, dmg or pkg instead";
    case 73:
      return "a bare executable cannot be stapled: ship it inside an app, dmg or pkg";
    default:
      return `stapler error ${code}: run \`xcrun stapler staple -v <path>\` for details`;
  }
}
