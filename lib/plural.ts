/**
 * Counted nouns in messages: "1 character", "2 characters", "0 key events".
 *
 * @module
 */

/**
 * A count with its noun, singular for exactly one.
 *
 * @param count How many.
 * @param singular The noun for one (`"character"`, `"key event"`).
 * @param plural The noun for any other count; `singular` + "s" by default.
 * @returns E.g. `"1 character"`, `"3 characters"`.
 *
 * @example
 * ```ts
 * import { counted } from "./plural.ts";
 *
 * console.assert(counted(1, "character") === "1 character");
 * console.assert(counted(2, "key event") === "2 key events");
 * console.assert(counted(0, "match", "matches") === "0 matches");
 * ```
 */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
