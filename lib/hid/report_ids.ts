/**
 * Report ids and report sizes of the virtual keyboard and pointing device.
 *
 * These follow the established DriverKit virtual HID driver byte for byte, so a client built on
 * them can drive that driver too. `lib/protocol` re-exports them as part of the driver contract.
 *
 * @module
 */

/**
 * Report ids of the virtual keyboard's reports. The pointing device's report has no id.
 *
 * @example Look up a report id
 * ```ts
 * import { ReportId } from "./report_ids.ts";
 *
 * console.assert(ReportId.Keyboard === 1);
 * console.assert(ReportId.GenericDesktop === 7);
 * ```
 */
export const ReportId = {
  /** Keyboard page 0x07: modifier bitmap, reserved byte, 32 usages. */
  Keyboard: 1,
  /** Consumer page 0x0C: 32 usages. */
  Consumer: 2,
  /** Apple vendor top case page 0x00FF (fn, brightness): 32 usages. */
  AppleVendorTopCase: 3,
  /** Apple vendor keyboard page 0xFF01 (Spotlight, Launchpad, Mission Control): 32 usages. */
  AppleVendorKeyboard: 4,
  /** LED output report the host sends to the keyboard (bit 0 Num Lock, bit 1 Caps Lock). */
  LedOutput: 5,
  /** The LED state mirrored back as an input report. */
  LedInput: 6,
  /** Generic desktop page 0x01 (system sleep, D-pad, do not disturb): 32 usages. */
  GenericDesktop: 7,
} as const;

/** One of the values of {@linkcode ReportId}. */
export type ReportId = typeof ReportId[keyof typeof ReportId];

/** The report ids whose payload is an array of 32 little-endian u16 usages. */
export type ArrayReportId =
  | typeof ReportId.Consumer
  | typeof ReportId.AppleVendorTopCase
  | typeof ReportId.AppleVendorKeyboard
  | typeof ReportId.GenericDesktop;

/**
 * Exact report sizes in bytes, report id byte included where the report has one.
 *
 * @example Allocate a keyboard report buffer
 * ```ts
 * import { ReportSize } from "./report_ids.ts";
 *
 * const buffer = new Uint8Array(ReportSize.Keyboard);
 * console.assert(buffer.length === 67);
 * ```
 */
export const ReportSize = {
  /** Report id 1: id, modifiers, reserved, 32 × u16. */
  Keyboard: 67,
  /** Report ids 2, 3, 4 and 7: id, 32 × u16. */
  Array: 65,
  /** The pointing report: u32 buttons, x, y, vertical wheel, horizontal wheel. No report id. */
  Pointing: 8,
  /** Report ids 5 and 6: id, LED bits. */
  Led: 2,
} as const;

/** How many usages one keyboard or array report holds at once. */
export const MAX_KEYS_PER_REPORT = 32;

/** How many pointing buttons the pointing report can carry (bit n-1 is button n). */
export const MAX_POINTING_BUTTONS = 32;
