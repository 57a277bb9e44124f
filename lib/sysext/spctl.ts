/**
 * Parsers for Gatekeeper's `spctl`: the assessment of one file (`spctl -a -vv <path>`, printed on
 * STANDARD ERROR; exit 0 accepted, 3 rejected) and `spctl --status`.
 *
 * A rejection with `source=Unnotarized Developer ID` is the expected verdict for a correctly
 * signed app *before* notarization, not a signing failure (a mistake other tools made).
 *
 * @module
 */
import { OutputParseError } from "./output_parse_error.ts";
import { quoteExcerpt, splitLines } from "./text_lines.ts";

/** Gatekeeper's verdict on one file. */
export interface SpctlAssessment {
  /** The assessed path, as spctl printed it. */
  readonly path: string;
  /** `accepted`. */
  readonly accepted: boolean;
  /** Text after the verdict, e.g. `the code is valid but does not seem to be an app`. */
  readonly reason: string | undefined;
  /** `source=`, e.g. `Notarized Developer ID`, `Unnotarized Developer ID`, `no usable signature`. */
  readonly source: string | undefined;
  /** `origin=`: the signing certificate, e.g. `Developer ID Application: Example Corp (ABCDE12345)`. */
  readonly origin: string | undefined;
  /** `source` says `Notarized …`. */
  readonly notarized: boolean;
}

const VERDICT = /^(.*): (accepted|rejected)(?:\s+\((.*)\))?\s*$/;

/**
 * Parses the standard error of `spctl -a -vv <path>` (also `-t open` / `-t install` variants).
 *
 * @param stderr What spctl printed.
 * @returns The verdict.
 * @throws {OutputParseError} When there is no `<path>: accepted|rejected` line.
 *
 * @example Signed but not notarized yet
 * ```ts
 * import { parseSpctlAssessment } from "./spctl.ts";
 *
 * const verdict = parseSpctlAssessment(
 *   "/Applications/App.app: rejected\nsource=Unnotarized Developer ID\norigin=Developer ID Application: Example Corp (ABCDE12345)\n",
 * );
 * console.assert(!verdict.accepted && !verdict.notarized && verdict.source === "Unnotarized Developer ID");
 * ```
 */
export function parseSpctlAssessment(stderr: string): SpctlAssessment {
  const lines = splitLines(stderr).map((line) => line.trim()).filter((line) => line !== "");
  const verdictIndex = lines.findIndex((line) => VERDICT.test(line));
  if (verdictIndex < 0) {
    throw new OutputParseError(
      "spctl assessment",
      lines.length === 0
        ? "the output is empty (spctl prints to standard error)"
        : `no "<path>: accepted" or "<path>: rejected" line; first line: ${
          quoteExcerpt(lines[0] ?? "")
        }`,
    );
  }
  const match = VERDICT.exec(lines[verdictIndex] ?? "");
  const values = new Map<string, string>();
  for (const line of lines.slice(verdictIndex + 1)) {
    const equals = line.indexOf("=");
    if (equals > 0 && !values.has(line.slice(0, equals))) {
      values.set(line.slice(0, equals), line.slice(equals + 1));
    }
  }
  const source = values.get("source");
  return {
    path: match?.[1] ?? "",
    accepted: match?.[2] === "accepted",
    reason: match?.[3],
    source,
    origin: values.get("origin"),
    notarized: source !== undefined && /^Notarized\b/.test(source),
  };
}

/**
 * Parses `spctl --status`.
 *
 * @param stdout What spctl printed.
 * @returns Whether Gatekeeper assessments are enabled.
 * @throws {OutputParseError} When the output is neither `assessments enabled` nor `assessments disabled`.
 *
 * @example
 * ```ts
 * import { parseSpctlStatus } from "./spctl.ts";
 *
 * console.assert(parseSpctlStatus("assessments enabled\n") === true);
 * ```
 */
export function parseSpctlStatus(stdout: string): boolean {
  const text = stdout.trim();
  if (text === "assessments enabled") return true;
  if (text === "assessments disabled") return false;
  throw new OutputParseError(
    "spctl --status",
    `expected "assessments enabled" or "assessments disabled", found ${quoteExcerpt(text)}`,
    1,
  );
}
