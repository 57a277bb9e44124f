/**
 * The XML, binary and OpenStep property-list parser, pinned. dextkit's modules import `@plist/parse` through this file, so they resolve from
 * any folder, with or without dextkit's `deno.json`; `tests/deps_test.ts` keeps the version equal
 * to the import map's.
 *
 * @example
 * ```ts
 * import { parse } from "./plist_parse.ts";
 *
 * console.assert(parse("<plist><string>hi</string></plist>") === "hi");
 * ```
 *
 * @module
 */
export * from "npm:@plist/parse@1.1.0";
