/**
 * "Did you mean" suggestions for unknown names (keys, commands, layouts, configuration keys).
 *
 * @module
 */
import { distance } from "./deps/fastest_levenshtein.ts";

/**
 * Returns up to `limit` candidates closest to `input`, closest first, compared case-insensitively.
 * Candidates further than about half the input's length away are left out, so a wild guess
 * gets no suggestions rather than random ones. A candidate that starts with the input counts as
 * close whatever its length, so `Arrow` suggests `ArrowUp`, `ArrowDown`, ….
 *
 * @param input The unknown name the user wrote.
 * @param candidates Every valid name.
 * @param limit How many suggestions at most.
 * @returns The suggestions, closest first, in their original spelling.
 *
 * @example Suggest key names
 * ```ts
 * import { closestNames } from "./closest_names.ts";
 *
 * const names = closestNames("Entr", ["Enter", "Escape", "End", "Tab"]);
 * console.assert(names[0] === "Enter");
 * ```
 */
export function closestNames(
  input: string,
  candidates: Iterable<string>,
  limit = 3,
): string[] {
  const needle = input.toLowerCase();
  const threshold = Math.max(2, Math.ceil(needle.length / 2));
  const scored: { name: string; score: number }[] = [];
  const seen = new Set<string>();
  for (const name of candidates) {
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const prefix = needle.length >= 2 && key.startsWith(needle);
    const score = prefix ? 0.5 + (key.length - needle.length) / 100 : distance(needle, key);
    if (score <= threshold) scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map((entry) => entry.name);
}
