/**
 * Durations for people, in the pipeline's messages and the CLI's progress display.
 *
 * @module
 */

/**
 * Formats a duration for people: `0.4s`, `12.3s`, `1m 05s`, `1h 02m`.
 *
 * @param ms Milliseconds.
 * @returns The text.
 *
 * @example
 * ```ts
 * import { formatElapsed } from "./format_elapsed.ts";
 *
 * console.assert(formatElapsed(12_345) === "12.3s");
 * console.assert(formatElapsed(65_000) === "1m 05s");
 * console.assert(formatElapsed(3_720_000) === "1h 02m");
 * ```
 */
export function formatElapsed(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 60_000) return `${(Math.floor(safe / 100) / 10).toFixed(1)}s`;
  const totalSeconds = Math.floor(safe / 1000);
  if (totalSeconds < 3600) {
    return `${Math.floor(totalSeconds / 60)}m ${String(totalSeconds % 60).padStart(2, "0")}s`;
  }
  const totalMinutes = Math.floor(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)}h ${String(totalMinutes % 60).padStart(2, "0")}m`;
}
