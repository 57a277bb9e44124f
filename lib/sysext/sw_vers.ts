/**
 * Parser for `sw_vers`: the macOS version and build.
 *
 * The output is `Key:<TABs>value` lines (`ProductName`, `ProductVersion`, `BuildVersion`, on
 * some releases also `ProductVersionExtra` for Rapid Security Responses). Older systems say
 * `Mac OS X` as the product name; the keys are the same.
 *
 * @module
 */
import { OutputParseError } from "./output_parse_error.ts";
import { quoteExcerpt, splitLines } from "./text_lines.ts";

/** What `sw_vers` printed. */
export interface MacOSVersion {
  /** `ProductName`, e.g. `macOS`; empty when absent. */
  readonly productName: string;
  /** `ProductVersion` as printed, e.g. `15.4` or `14.6.1`. */
  readonly productVersion: string;
  /** `BuildVersion`, e.g. `24E248`; empty when absent. */
  readonly buildVersion: string;
  /** The first number of the version (`15` for `15.4`). */
  readonly major: number;
  /** The second number; 0 when absent. */
  readonly minor: number;
  /** The third number; 0 when absent. */
  readonly patch: number;
}

const WHAT = "sw_vers";
const FIELD_LINE = /^([A-Za-z]+):\s*(.*)$/;
const VERSION = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/;

/**
 * Parses the output of `sw_vers`.
 *
 * @param stdout What sw_vers printed.
 * @returns The version.
 * @throws {OutputParseError} When a line is not `Key: value`, or `ProductVersion` is missing or
 * not dot-separated numbers.
 *
 * @example macOS 15.4
 * ```ts
 * import { parseSwVers } from "./sw_vers.ts";
 *
 * const version = parseSwVers("ProductName:\t\tmacOS\nProductVersion:\t\t15.4\nBuildVersion:\t\t24E248\n");
 * console.assert(version.major === 15 && version.minor === 4 && version.buildVersion === "24E248");
 * ```
 */
export function parseSwVers(stdout: string): MacOSVersion {
  const fields = new Map<string, { value: string; line: number }>();
  for (const [index, raw] of splitLines(stdout).entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const match = FIELD_LINE.exec(line);
    if (!match) {
      throw new OutputParseError(
        WHAT,
        `expected "Key: value", found ${quoteExcerpt(line)}`,
        index + 1,
      );
    }
    fields.set(match[1] ?? "", { value: (match[2] ?? "").trim(), line: index + 1 });
  }
  const version = fields.get("ProductVersion");
  if (version === undefined) {
    throw new OutputParseError(
      WHAT,
      fields.size === 0 ? "the output is empty" : "no ProductVersion line",
    );
  }
  const numbers = VERSION.exec(version.value);
  if (!numbers) {
    throw new OutputParseError(
      WHAT,
      `ProductVersion ${quoteExcerpt(version.value)} is not a version number`,
      version.line,
    );
  }
  return {
    productName: fields.get("ProductName")?.value ?? "",
    productVersion: version.value,
    buildVersion: fields.get("BuildVersion")?.value ?? "",
    major: Number(numbers[1]),
    minor: Number(numbers[2] ?? 0),
    patch: Number(numbers[3] ?? 0),
  };
}
