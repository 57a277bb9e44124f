/**
 * The driver's version-number scheme: `"a.b.c"` ↔ `a*10000 + b*100 + c`.
 *
 * This is how the established driver folds its version string into the number selector 0
 * returns ("1.8.0" → 10800). Minor and patch must stay within 0–99 so the number can be turned
 * back into the string; the whole number must fit in 32 bits.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";

const MAX_VERSION_NUMBER = 0xffff_ffff;
const VERSION_PATTERN = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]?)\.(0|[1-9][0-9]?)$/;

/**
 * A version string or number that the scheme cannot represent.
 *
 * @example Catch a malformed version
 * ```ts
 * import { InvalidVersionError, parseVersion } from "./version.ts";
 *
 * try {
 *   parseVersion("1.100.0");
 * } catch (error) {
 *   console.assert(error instanceof InvalidVersionError);
 * }
 * ```
 */
export class InvalidVersionError extends DextkitError {
  /**
   * Creates the error for the offending value.
   *
   * @param value The version string or number as given.
   * @param reason Why it is not valid.
   */
  constructor(value: string | number, reason: string) {
    super(`invalid driver version ${JSON.stringify(value)}: ${reason}`, {
      hint: 'write three dot-separated numbers with minor and patch from 0 to 99, e.g. "1.8.0"',
      exitCode: ExitCode.Usage,
    });
  }
}

/**
 * Folds a version string into the number the driver reports: `"a.b.c"` → `a*10000 + b*100 + c`.
 *
 * @param version Three dot-separated decimal numbers without leading zeros; minor and patch 0–99.
 * @returns The version number.
 * @throws {InvalidVersionError} When the string does not follow the scheme or the number
 * would not fit in 32 bits.
 *
 * @example The established driver's version
 * ```ts
 * import { parseVersion } from "./version.ts";
 *
 * console.assert(parseVersion("1.8.0") === 10800);
 * console.assert(parseVersion("0.1.0") === 100);
 * ```
 */
export function parseVersion(version: string): number {
  const match = VERSION_PATTERN.exec(version);
  if (match === null) {
    throw new InvalidVersionError(
      version,
      "expected major.minor.patch with minor and patch from 0 to 99",
    );
  }
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  const number = major * 10000 + minor * 100 + patch;
  if (number > MAX_VERSION_NUMBER) {
    throw new InvalidVersionError(version, "the version number does not fit in 32 bits");
  }
  return number;
}

/**
 * Turns a version number back into its string: `10800` → `"1.8.0"`.
 *
 * @param number A non-negative integer that fits in 32 bits.
 * @returns The `"a.b.c"` string.
 * @throws {InvalidVersionError} When the number is negative, fractional or too large.
 *
 * @example Format the number selector 0 returned
 * ```ts
 * import { formatVersion } from "./version.ts";
 *
 * console.assert(formatVersion(10800) === "1.8.0");
 * console.assert(formatVersion(70300) === "7.3.0");
 * ```
 */
export function formatVersion(number: number): string {
  if (!Number.isSafeInteger(number) || number < 0 || number > MAX_VERSION_NUMBER) {
    throw new InvalidVersionError(number, "expected an integer from 0 to 4294967295");
  }
  const major = Math.floor(number / 10000);
  const minor = Math.floor(number / 100) % 100;
  const patch = number % 100;
  return `${major}.${minor}.${patch}`;
}
