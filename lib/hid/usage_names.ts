/**
 * Looks up the name of a HID usage on the pages dextkit knows (see
 * {@linkcode USAGE_NAMES_BY_PAGE} in `usages.generated.ts`).
 *
 * @module
 */
import { USAGE_NAMES_BY_PAGE } from "./usages.generated.ts";

/**
 * Returns the official name of a usage: the USB-IF HID Usage Tables name for the generic desktop,
 * keyboard, LED, button and consumer pages, and the Apple name for the two Apple vendor pages.
 *
 * @param page The usage page, for example `0x0C` (consumer).
 * @param usage The usage id on that page.
 * @returns The name, or `undefined` when the page or the usage is not in the tables (button
 *   usages are named for buttons 1..32 only).
 *
 * @example Name a few usages
 * ```ts
 * import { usageName } from "./usage_names.ts";
 *
 * console.assert(usageName(0x07, 0x04) === "Keyboard A");
 * console.assert(usageName(0x0C, 0xCD) === "Play/Pause");
 * console.assert(usageName(0x00FF, 0x03) === "Keyboard Fn");
 * console.assert(usageName(0x0C, 0xFFFF) === undefined);
 * ```
 */
export function usageName(page: number, usage: number): string | undefined {
  return USAGE_NAMES_BY_PAGE.get(page)?.get(usage);
}
