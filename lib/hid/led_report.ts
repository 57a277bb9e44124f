/**
 * The keyboard LED reports (2 bytes): id 5 is the output report the host sends to the keyboard,
 * id 6 the same state echoed back by the driver as an input report, so LED changes become
 * observable. Byte 1 holds bit 0 Num Lock and bit 1 Caps Lock; bits 2..7 are padding.
 *
 * @module
 */
import { ReportId, ReportSize } from "./report_ids.ts";
import { HidReportError } from "./report_errors.ts";

const NUM_LOCK_BIT = 0x01;
const CAPS_LOCK_BIT = 0x02;

/**
 * Where the LED report's fields sit, as bit offsets after the report id byte; the report
 * descriptor must declare exactly these fields for ids 5 (output) and 6 (input).
 *
 * @example The padding follows the two LED bits
 * ```ts
 * import { LED_FIELDS } from "./led_report.ts";
 *
 * console.assert(LED_FIELDS.padding.bitOffset === 2);
 * ```
 */
export const LED_FIELDS = {
  /** Num Lock then Caps Lock, one bit each. */
  leds: { bitOffset: 0, bitSize: 1, count: 2 },
  /** The 6 constant padding bits. */
  padding: { bitOffset: 2, bitSize: 6, count: 1 },
} as const;

/**
 * The keyboard LED state.
 *
 * @example Caps Lock on
 * ```ts
 * import type { LedState } from "./led_report.ts";
 *
 * const state: LedState = { numLock: false, capsLock: true };
 * console.assert(state.capsLock);
 * ```
 */
export interface LedState {
  /** Whether the Num Lock LED is on (bit 0). */
  readonly numLock: boolean;
  /** Whether the Caps Lock LED is on (bit 1). */
  readonly capsLock: boolean;
}

/**
 * Encodes an LED report.
 *
 * @param reportId 5 (output, host to keyboard) or 6 (input, the driver's echo).
 * @param state Which LEDs are on.
 * @param out A 2-byte buffer to reuse; it is fully overwritten. A new one when omitted.
 * @returns The report (`out` when given).
 * @throws {HidReportError} On a report id other than 5 or 6, or an `out` buffer of the wrong size.
 *
 * @example Caps Lock on, as the host would send it
 * ```ts
 * import { encodeLedReport } from "./led_report.ts";
 *
 * const report = encodeLedReport(5, { numLock: false, capsLock: true });
 * console.assert(report[0] === 5 && report[1] === 0x02);
 * ```
 */
export function encodeLedReport(reportId: 5 | 6, state: LedState, out?: Uint8Array): Uint8Array {
  checkReportId(reportId);
  const report = out ?? new Uint8Array(ReportSize.Led);
  if (report.length !== ReportSize.Led) {
    throw new HidReportError(
      `the output buffer for an LED report must be ${ReportSize.Led} bytes, got ${report.length}`,
      "allocate it with new Uint8Array(ReportSize.Led)",
    );
  }
  report[0] = reportId;
  report[1] = (state.numLock ? NUM_LOCK_BIT : 0) | (state.capsLock ? CAPS_LOCK_BIT : 0);
  return report;
}

/**
 * Decodes an LED report. The padding bits 2..7 are ignored.
 *
 * @param report A 2-byte report whose first byte is report id 5 or 6.
 * @returns The report id and the LED state.
 * @throws {HidReportError} On a wrong length or report id.
 *
 * @example Decode the driver's echo of Num Lock
 * ```ts
 * import { decodeLedReport } from "./led_report.ts";
 *
 * const led = decodeLedReport(new Uint8Array([6, 0x01]));
 * console.assert(led.reportId === 6 && led.numLock && !led.capsLock);
 * ```
 */
export function decodeLedReport(report: Uint8Array): { readonly reportId: 5 | 6 } & LedState {
  if (report.length !== ReportSize.Led) {
    throw new HidReportError(
      `an LED report is ${ReportSize.Led} bytes, got ${report.length}`,
      "pass the whole report, report id byte included",
    );
  }
  const reportId = report[0] as number;
  checkReportId(reportId);
  const bits = report[1] as number;
  return {
    reportId,
    numLock: (bits & NUM_LOCK_BIT) !== 0,
    capsLock: (bits & CAPS_LOCK_BIT) !== 0,
  };
}

function checkReportId(reportId: number): asserts reportId is 5 | 6 {
  if (reportId !== ReportId.LedOutput && reportId !== ReportId.LedInput) {
    throw new HidReportError(
      `report id ${String(reportId)} is not an LED report id (5 output, 6 input)`,
      "LED reports are id 5 (host to keyboard) and id 6 (the driver's input echo)",
    );
  }
}
