/**
 * Edit distance ("did you mean" suggestions), pinned. dextkit's modules import `fastest-levenshtein` through this file, so they resolve from
 * any folder, with or without dextkit's `deno.json`; `tests/deps_test.ts` keeps the version equal
 * to the import map's.
 *
 * @example
 * ```ts
 * import { distance } from "./fastest_levenshtein.ts";
 *
 * console.assert(distance("Entr", "Enter") === 1);
 * ```
 *
 * @module
 */
export * from "npm:fastest-levenshtein@1.0.16";
