/**
 * Optique's parser combinators and runner (the CLI's command line), pinned. dextkit's modules
 * import `@optique/core` through this file, so they resolve from any folder, with or without
 * dextkit's `deno.json`; `tests/deps_test.ts` keeps the version equal to the import map's. Its
 * runner (`runParserSync`) is used rather than `@optique/run`'s, whose Node process integration
 * costs start-up time the CLI does not need (the CLI brings its own output and exit).
 *
 * @example
 * ```ts
 * import { object, option, parse, string } from "./optique_core.ts";
 *
 * const result = parse(object({ name: option("--name", string()) }), ["--name", "x"]);
 * console.assert(result.success);
 * ```
 *
 * @module
 */
export * from "npm:@optique/core@1.3.6";
