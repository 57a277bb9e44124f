/**
 * Parser for `codesign -dvvv <path>` (also `-dv --verbose=4`), which prints to STANDARD ERROR:
 * the identifier, the code-directory flags (hardened runtime = `0x10000(runtime)`), the
 * certificate chain (`Authority=` lines), the team, and whether there is a secure timestamp
 * (`Timestamp=`) or only the signing machine's clock (`Signed Time=`).
 *
 * These are the preflight facts notarization checks: Developer ID authority, hardened runtime,
 * secure timestamp.
 *
 * @module
 */
import { OutputParseError } from "./output_parse_error.ts";
import { quoteExcerpt, splitLines } from "./text_lines.ts";

/** What `codesign -dvvv` says about a signature. */
export interface CodeSignature {
  /** `false` when codesign said `code object is not signed at all`; every other field is then empty. */
  readonly signed: boolean;
  /** `Executable=`. */
  readonly executable: string | undefined;
  /** `Identifier=` (the bundle id for bundles). */
  readonly identifier: string | undefined;
  /** `Format=`, e.g. `app bundle with Mach-O universal (x86_64 arm64)`. */
  readonly format: string | undefined;
  /** The code-directory flags, e.g. `0x10000` for `flags=0x10000(runtime)`; 0 when absent. */
  readonly flags: number;
  /** The flag names in the parentheses, e.g. `["runtime"]`. */
  readonly flagNames: readonly string[];
  /** The hardened runtime flag (0x10000) is set. */
  readonly hardenedRuntime: boolean;
  /** Ad-hoc signature (`Signature=adhoc` or flag 0x2). */
  readonly adhoc: boolean;
  /** The certificate chain, leaf first (`Authority=` lines). */
  readonly authorities: readonly string[];
  /** `TeamIdentifier=`; `undefined` when absent or `not set`. */
  readonly teamId: string | undefined;
  /** `Timestamp=`: the secure timestamp from Apple's server, as printed. */
  readonly timestamp: string | undefined;
  /** `Signed Time=`: the signing machine's clock; present when there is no secure timestamp. */
  readonly signedTime: string | undefined;
  /** `CDHash=`. */
  readonly cdHash: string | undefined;
  /** `Runtime Version=`. */
  readonly runtimeVersion: string | undefined;
  /** Every `key=value` line, by key, in order (a key may repeat, like `Authority`). */
  readonly fields: Readonly<Record<string, readonly string[]>>;
}

const WHAT = "codesign -dvvv";
const RUNTIME_FLAG = 0x10000;
const ADHOC_FLAG = 0x2;

/**
 * Parses the standard error of `codesign -dvvv <path>`.
 *
 * @param stderr What codesign printed on standard error.
 * @returns The signature's facts.
 * @throws {OutputParseError} When the output has neither an `Identifier=`/`Executable=` line nor
 * the "not signed at all" message, or a `CodeDirectory` line has no readable flags.
 *
 * @example A Developer ID signature with hardened runtime and a secure timestamp
 * ```ts
 * import { parseCodesignDisplay } from "./codesign_display.ts";
 *
 * const signature = parseCodesignDisplay([
 *   "Executable=/Applications/App.app/Contents/MacOS/App",
 *   "Identifier=com.example.app",
 *   "CodeDirectory v=20500 size=1234 flags=0x10000(runtime) hashes=28+7 location=embedded",
 *   "Authority=Developer ID Application: Example Corp (ABCDE12345)",
 *   "Authority=Developer ID Certification Authority",
 *   "Authority=Apple Root CA",
 *   "Timestamp=May 11, 2026 at 9:15:29 PM",
 *   "TeamIdentifier=ABCDE12345",
 * ].join("\n"));
 * console.assert(signature.hardenedRuntime && signature.timestamp !== undefined);
 * console.assert(signature.authorities[0]?.startsWith("Developer ID Application:"));
 * ```
 */
export function parseCodesignDisplay(stderr: string): CodeSignature {
  const lines = splitLines(stderr);
  const fields: Record<string, string[]> = {};
  let flags = 0;
  let flagNames: string[] = [];
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "") continue;
    if (/: code object is not signed at all$/.test(line)) return UNSIGNED;
    if (line.startsWith("CodeDirectory ")) {
      const match = /\bflags=(0x[0-9a-fA-F]+)\(([^)]*)\)/.exec(line);
      if (!match) {
        throw new OutputParseError(WHAT, `no flags=0x…(…) in ${quoteExcerpt(line)}`, index + 1);
      }
      flags = Number.parseInt(match[1] ?? "0", 16);
      flagNames = (match[2] ?? "").split(",").map((name) => name.trim())
        .filter((name) => name !== "" && name !== "none");
      addField(fields, "CodeDirectory", line.slice("CodeDirectory ".length));
      continue;
    }
    const equals = line.indexOf("=");
    if (equals > 0) addField(fields, line.slice(0, equals), line.slice(equals + 1));
  }
  const first = (key: string): string | undefined => fields[key]?.[0];
  if (first("Identifier") === undefined && first("Executable") === undefined) {
    throw new OutputParseError(
      WHAT,
      stderr.trim() === ""
        ? "the output is empty (codesign -d prints to standard error)"
        : `no Identifier= or Executable= line; first line: ${
          quoteExcerpt((lines[0] ?? "").trim())
        }`,
    );
  }
  const team = first("TeamIdentifier");
  return {
    signed: true,
    executable: first("Executable"),
    identifier: first("Identifier"),
    format: first("Format"),
    flags,
    flagNames,
    hardenedRuntime: (flags & RUNTIME_FLAG) !== 0,
    adhoc: (flags & ADHOC_FLAG) !== 0 || first("Signature") === "adhoc",
    authorities: fields["Authority"] ?? [],
    teamId: team === undefined || team === "not set" ? undefined : team,
    timestamp: first("Timestamp"),
    signedTime: first("Signed Time"),
    cdHash: first("CDHash"),
    runtimeVersion: first("Runtime Version"),
    fields,
  };
}

const UNSIGNED: CodeSignature = Object.freeze({
  signed: false,
  executable: undefined,
  identifier: undefined,
  format: undefined,
  flags: 0,
  flagNames: [],
  hardenedRuntime: false,
  adhoc: false,
  authorities: [],
  teamId: undefined,
  timestamp: undefined,
  signedTime: undefined,
  cdHash: undefined,
  runtimeVersion: undefined,
  fields: {},
});

function addField(fields: Record<string, string[]>, key: string, value: string): void {
  const list = Object.hasOwn(fields, key) ? fields[key] : undefined;
  if (list) list.push(value);
  else {Object.defineProperty(fields, key, {
      value: [value],
      enumerable: true,
      writable: true,
      configurable: true,
    });}
}
