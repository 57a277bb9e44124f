/**
 * Durations in the configuration, written the way notarytool's `--timeout` takes them:
 * `90s`, `30m`, `2h`, `500ms`, or combined `1h30m`.
 *
 * @module
 */

const PART = /(\d+)(ms|s|m|h)/g;
const WHOLE = /^(?:\d+(?:ms|s|m|h))+$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Whether text is a duration dextkit reads.
 *
 * @param text The text.
 * @returns `true` for forms like `90s`, `30m`, `2h`, `1h30m`.
 *
 * @example
 * ```ts
 * import { isDuration } from "./duration.ts";
 *
 * console.assert(isDuration("1h30m") && !isDuration("30 minutes"));
 * ```
 */
export function isDuration(text: string): boolean {
  return WHOLE.test(text);
}

/**
 * Converts a duration to milliseconds.
 *
 * @param text A duration such as `2h` (check it with {@linkcode isDuration} first).
 * @returns The milliseconds; `NaN` when the text is not a duration.
 *
 * @example
 * ```ts
 * import { parseDuration } from "./duration.ts";
 *
 * console.assert(parseDuration("1h30m") === 5_400_000);
 * console.assert(Number.isNaN(parseDuration("soon")));
 * ```
 */
export function parseDuration(text: string): number {
  if (!isDuration(text)) return Number.NaN;
  let total = 0;
  for (const match of text.matchAll(PART)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? Number.NaN);
  }
  return total;
}
