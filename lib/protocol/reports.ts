/**
 * The reports that cross the driver boundary: ids, exact sizes, which ids each selector accepts,
 * and the LED bits.
 *
 * Report ids and sizes come from `lib/hid/report_ids.ts` and are re-exported here because they
 * are part of the driver contract.
 *
 * @module
 */
import { ReportId, ReportSize } from "../hid/report_ids.ts";

export {
  type ArrayReportId,
  MAX_KEYS_PER_REPORT,
  MAX_POINTING_BUTTONS,
  ReportId,
  ReportSize,
} from "../hid/report_ids.ts";

/** One keyboard input report that selector 3 accepts: its id and exact size in bytes. */
export interface KeyboardInputReport {
  /** The report id, the first byte of the report. */
  readonly id: ReportId;
  /** The exact report size in bytes, id byte included. */
  readonly size: number;
  /** The report's name, used in the generated C header. */
  readonly name: string;
}

/**
 * The keyboard input reports selector 3 accepts, in report id order. The LED reports (ids 5
 * and 6) are not among them: the host sends id 5 and the driver itself posts id 6.
 *
 * @example Look up the size of a consumer report
 * ```ts
 * import { KEYBOARD_INPUT_REPORTS, ReportId } from "./reports.ts";
 *
 * const consumer = KEYBOARD_INPUT_REPORTS.find((report) => report.id === ReportId.Consumer);
 * console.assert(consumer?.size === 65);
 * ```
 */
export const KEYBOARD_INPUT_REPORTS: readonly KeyboardInputReport[] = [
  { id: ReportId.Keyboard, size: ReportSize.Keyboard, name: "KEYBOARD" },
  { id: ReportId.Consumer, size: ReportSize.Array, name: "CONSUMER" },
  { id: ReportId.AppleVendorTopCase, size: ReportSize.Array, name: "APPLE_VENDOR_TOP_CASE" },
  { id: ReportId.AppleVendorKeyboard, size: ReportSize.Array, name: "APPLE_VENDOR_KEYBOARD" },
  { id: ReportId.GenericDesktop, size: ReportSize.Array, name: "GENERIC_DESKTOP" },
];

/**
 * Returns the exact size selector 3 requires for a keyboard report with this id, or `undefined`
 * when selector 3 does not accept the id.
 *
 * @param id The report id (the report's first byte).
 * @returns The size in bytes, or `undefined`.
 *
 * @example Sizes by id
 * ```ts
 * import { keyboardInputReportSize } from "./reports.ts";
 *
 * console.assert(keyboardInputReportSize(1) === 67);
 * console.assert(keyboardInputReportSize(7) === 65);
 * console.assert(keyboardInputReportSize(5) === undefined);
 * ```
 */
export function keyboardInputReportSize(id: number): number | undefined {
  return KEYBOARD_INPUT_REPORTS.find((report) => report.id === id)?.size;
}

/**
 * The bits of the LED byte (report ids 5 and 6, and selector 9's output). The driver keeps
 * only these bits of what the host sends; the other six are constant padding in the descriptor.
 *
 * @example Is Caps Lock on?
 * ```ts
 * import { LedBit } from "./reports.ts";
 *
 * const state = 0b10;
 * console.assert((state & LedBit.CapsLock) !== 0);
 * ```
 */
export const LedBit = {
  /** Num Lock LED (LED page usage 0x01). */
  NumLock: 0x01,
  /** Caps Lock LED (LED page usage 0x02). */
  CapsLock: 0x02,
} as const;

/** Every LED bit the driver keeps. */
export const LED_STATE_MASK = 0x03;
