/**
 * Optique's process integration (help, version, completion), pinned. dextkit's modules import `@optique/run` through this file, so they resolve from
 * any folder, with or without dextkit's `deno.json`; `tests/deps_test.ts` keeps the version equal
 * to the import map's.
 *
 * @example
 * ```ts
 * import { runSync } from "./optique_run.ts";
 * import { object, option, string } from "./optique_core.ts";
 *
 * const parsed = runSync(object({ name: option("--name", string()) }), { args: ["--name", "x"] });
 * console.assert(parsed.name === "x");
 * ```
 *
 * @module
 */
export * from "npm:@optique/run@1.3.6";
