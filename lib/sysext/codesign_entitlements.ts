/**
 * The entitlements a signature really carries, from `codesign -d --entitlements - --xml <path>`,
 * and their comparison with the entitlements that were requested.
 *
 * codesign can sign *without* the requested entitlements and still exit 0 (an XML comment in the
 * entitlements file is enough: it prints `Failed to parse entitlements` and carries on), so the
 * sign step reads them back with this parser and {@linkcode diffEntitlements} them.
 *
 * @module
 */
import { OutputParseError } from "./output_parse_error.ts";
import {
  isPlistDictionary,
  parsePlist,
  type PlistDictionary,
  type PlistValue,
  plistValuesEqual,
} from "./plist.ts";

const WHAT = "codesign entitlements";

/**
 * Parses the standard output of `codesign -d --entitlements - --xml <path>`. Output with no
 * plist at all (a signature without entitlements) reads as no entitlements. Bytes before the
 * plist (the blob header of the legacy `--entitlements :-` form) are skipped.
 *
 * @param stdout The command's standard output (`Executable=…` goes to standard error).
 * @returns The entitlements dictionary; empty when there are none.
 * @throws {OutputParseError} When the output is codesign's human `[Dict]` form (run it with
 * `--xml`), or the plist is malformed or not a dictionary.
 *
 * @example A dext's entitlements
 * ```ts
 * import { parseCodesignEntitlements } from "./codesign_entitlements.ts";
 *
 * const entitlements = parseCodesignEntitlements(
 *   '<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>' +
 *     "<key>com.apple.developer.driverkit</key><true/></dict></plist>",
 * );
 * console.assert(entitlements["com.apple.developer.driverkit"] === true);
 * console.assert(Object.keys(parseCodesignEntitlements("")).length === 0);
 * ```
 */
export function parseCodesignEntitlements(stdout: string | Uint8Array): PlistDictionary {
  const text = typeof stdout === "string" ? stdout : new TextDecoder().decode(stdout);
  if (text.trim() === "") return {};
  const start = [text.indexOf("<?xml"), text.indexOf("<plist")].filter((at) => at >= 0);
  if (start.length === 0) {
    throw new OutputParseError(
      WHAT,
      text.trimStart().startsWith("[Dict]")
        ? "this is codesign's human format; run codesign with --xml"
        : "no XML property list in the output",
      1,
    );
  }
  const value = parsePlist(text.slice(Math.min(...start)), WHAT);
  if (!isPlistDictionary(value)) {
    throw new OutputParseError(WHAT, "the entitlements are not a dictionary");
  }
  return value;
}

/** How the signed entitlements differ from the requested ones. */
export interface EntitlementsDiff {
  /** Requested but absent from the signature (silently dropped). */
  readonly missing: readonly string[];
  /** In the signature but not requested. */
  readonly unexpected: readonly string[];
  /** In both, with different values. */
  readonly changed: readonly string[];
  /** No difference at all. */
  readonly same: boolean;
}

/**
 * Compares requested entitlements with the ones a signature carries. Keys come back sorted.
 *
 * @param requested The entitlements file that was passed to codesign.
 * @param signed What {@linkcode parseCodesignEntitlements} read back.
 * @returns The differences.
 *
 * @example A dropped entitlement
 * ```ts
 * import { diffEntitlements } from "./codesign_entitlements.ts";
 *
 * const diff = diffEntitlements({ "com.apple.developer.driverkit": true }, {});
 * console.assert(diff.missing[0] === "com.apple.developer.driverkit" && !diff.same);
 * ```
 */
export function diffEntitlements(
  requested: PlistDictionary,
  signed: PlistDictionary,
): EntitlementsDiff {
  const missing: string[] = [];
  const changed: string[] = [];
  for (const key of Object.keys(requested).sort()) {
    if (!Object.hasOwn(signed, key)) missing.push(key);
    else if (!plistValuesEqual(valueOf(requested, key), valueOf(signed, key))) changed.push(key);
  }
  const unexpected = Object.keys(signed).filter((key) => !Object.hasOwn(requested, key)).sort();
  return {
    missing,
    unexpected,
    changed,
    same: missing.length === 0 && unexpected.length === 0 && changed.length === 0,
  };
}

function valueOf(dictionary: PlistDictionary, key: string): PlistValue {
  return dictionary[key] ?? null;
}
