/**
 * Valibot (the configuration schema), pinned. dextkit's modules import `valibot` through this file, so they resolve from
 * any folder, with or without dextkit's `deno.json`; `tests/deps_test.ts` keeps the version equal
 * to the import map's.
 *
 * @example
 * ```ts
 * import * as v from "./valibot.ts";
 *
 * console.assert(v.is(v.string(), "text"));
 * ```
 *
 * @module
 */
export * from "npm:valibot@1.5.0";
