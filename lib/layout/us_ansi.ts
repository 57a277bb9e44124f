/**
 * The U.S. layout, the default of every controller and of the simulated host.
 *
 * @module
 */
import type { KeyboardLayout } from "./keyboard_layout.ts";
import { getLayout } from "./layout_registry.ts";

/**
 * The macOS "U.S." layout (id `"us"`, generated from CLDR `en-t-k0-osx.xml`), whose default
 * keyboard type is ANSI. The same instance as `getLayout("us")`.
 *
 * @example Option+S types ß
 * ```ts
 * import { US_ANSI } from "./us_ansi.ts";
 *
 * console.assert(US_ANSI.name === "U.S.");
 * console.assert(US_ANSI.output(0x01, { shift: false, option: true, capsLock: false })?.text === "ß");
 * ```
 */
export const US_ANSI: KeyboardLayout = getLayout("us");
