/**
 * The YAML parser (XcodeGen project specs), pinned. dextkit's modules import `yaml` through this file, so they resolve from
 * any folder, with or without dextkit's `deno.json`; `tests/deps_test.ts` keeps the version equal
 * to the import map's.
 *
 * @example
 * ```ts
 * import { parse } from "./yaml.ts";
 *
 * console.assert(parse("a: 1").a === 1);
 * ```
 *
 * @module
 */
export * from "npm:yaml@2.9.1";
