/**
 * The XML parser (`.keylayout` files, CLDR keyboard data), pinned. dextkit's modules import
 * `fast-xml-parser` through this file, so they resolve from any folder, with or without dextkit's
 * `deno.json`; `tests/deps_test.ts` keeps the version equal to the import map's.
 *
 * @example
 * ```ts
 * import { XMLParser } from "./fast_xml_parser.ts";
 *
 * const parsed = new XMLParser().parse("<a><b>1</b></a>");
 * console.assert(parsed.a.b === 1);
 * ```
 *
 * @module
 */
export * from "npm:fast-xml-parser@5.12.1";
