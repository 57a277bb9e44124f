/**
 * Parser for `security find-identity -v -p codesigning` (and without `-v`): the signing
 * identities in the keychains, with their SHA-1 hashes, kinds and teams.
 *
 * ```text
 *   1) 8D66E2C2B0A2E1F2A3B4C5D6E7F8091A2B3C6F22 "Developer ID Application: Example Corp (ABCDE12345)"
 *   2) 0123456789ABCDEF0123456789ABCDEF01234567 "Apple Development: dev@example.com (XYZ9876543)" (CSSMERR_TP_CERT_EXPIRED)
 *      2 identities found
 * ```
 *
 * Without `-v` the same identity is listed again under `Valid identities only`; it appears once
 * in the result. A count line that disagrees with the identities listed above it is a warning
 * (the identities listed are still used), not an error.
 *
 * @module
 */
import { OutputParseError } from "./output_parse_error.ts";
import { quoteExcerpt, splitLines } from "./text_lines.ts";

/** One code-signing identity. */
export interface SigningIdentity {
  /** The certificate's SHA-1 hash, upper-case hex: what `codesign --sign` also accepts. */
  readonly sha1: string;
  /** The full name, e.g. `Developer ID Application: Example Corp (ABCDE12345)`. */
  readonly name: string;
  /** The part before `:`, e.g. `Developer ID Application`, `Apple Development`. */
  readonly kind: string;
  /** The team id in the trailing parentheses, when there is one. */
  readonly teamId: string | undefined;
  /** Usable for signing (no trailing reason such as `(CSSMERR_TP_CERT_REVOKED)`). */
  readonly valid: boolean;
  /** Why it is not valid, e.g. `CSSMERR_TP_CERT_EXPIRED`. */
  readonly invalidReason: string | undefined;
}

/** The identities and the count line. */
export interface FindIdentityResult {
  /** Every identity, each SHA-1 once, in the order first listed. */
  readonly identities: readonly SigningIdentity[];
  /** The number on the last `N [valid] identities found` line. */
  readonly reportedCount: number;
  /** What did not add up (the count line against the listed identities), one sentence each. */
  readonly warnings: readonly string[];
}

const WHAT = "security find-identity";
const IDENTITY = /^\d+\)\s+([0-9A-Fa-f]{40})\s+"(.*)"(?:\s+\(([^()]*)\))?$/;
const COUNT = /^(\d+) (?:valid )?identit(?:y|ies) found$/;
const HEADINGS = /^(Policy: .*|Matching identities|Valid identities only)$/;

/**
 * Parses `security find-identity` output.
 *
 * @param stdout What security printed.
 * @returns The identities.
 * @throws {OutputParseError} When a line is neither an identity, a count, nor a heading, or the
 * count line is missing (cut-off output).
 *
 * @example One Developer ID identity
 * ```ts
 * import { parseFindIdentity } from "./find_identity.ts";
 *
 * const result = parseFindIdentity(
 *   '  1) 8D66E2C2B0A2E1F2A3B4C5D6E7F8091A2B3C6F22 "Developer ID Application: Example Corp (ABCDE12345)"\n' +
 *     "     1 valid identities found\n",
 * );
 * const identity = result.identities[0];
 * console.assert(identity?.kind === "Developer ID Application" && identity.teamId === "ABCDE12345");
 * ```
 */
export function parseFindIdentity(stdout: string): FindIdentityResult {
  const bySha1 = new Map<string, SigningIdentity>();
  let reportedCount: number | undefined;
  const warnings: string[] = [];
  let listedInSection = 0;
  for (const [index, raw] of splitLines(stdout).entries()) {
    const line = raw.trim();
    if (line === "" || HEADINGS.test(line)) continue;
    const count = COUNT.exec(line);
    if (count) {
      reportedCount = Number(count[1]);
      if (reportedCount !== listedInSection) {
        warnings.push(
          `${WHAT} (line ${index + 1}): the count line says ${reportedCount} but ` +
            `${listedInSection} identit${
              listedInSection === 1 ? "y is" : "ies are"
            } listed above it`,
        );
      }
      listedInSection = 0;
      continue;
    }
    const match = IDENTITY.exec(line);
    if (!match) {
      throw new OutputParseError(WHAT, `not an identity line: ${quoteExcerpt(line)}`, index + 1);
    }
    listedInSection++;
    const sha1 = (match[1] ?? "").toUpperCase();
    const name = match[2] ?? "";
    const reason = match[3];
    const known = bySha1.get(sha1);
    if (known && (known.valid || reason !== undefined)) continue;
    const colon = name.indexOf(":");
    bySha1.set(sha1, {
      sha1,
      name,
      kind: colon < 0 ? name : name.slice(0, colon),
      teamId: /\(([A-Z0-9]{10})\)$/.exec(name)?.[1],
      valid: reason === undefined,
      invalidReason: reason,
    });
  }
  if (reportedCount === undefined) {
    throw new OutputParseError(WHAT, 'no "N identities found" line (was the output cut off?)');
  }
  return { identities: [...bySha1.values()], reportedCount, warnings };
}
