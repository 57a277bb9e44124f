/**
 * LogTape (logging), pinned. dextkit's modules import `@logtape/logtape` through this file, so they resolve from
 * any folder, with or without dextkit's `deno.json`; `tests/deps_test.ts` keeps the version equal
 * to the import map's.
 *
 * @example
 * ```ts
 * import { getLogger } from "./logtape.ts";
 *
 * getLogger(["dextkit", "example"]).debug("shown only when the application configures logging");
 * ```
 *
 * @module
 */
export * from "npm:@logtape/logtape@2.4.2";
