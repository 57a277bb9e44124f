/**
 * Shape checks for the input reports a client posts: the report id and exact size per report,
 * as the driver enforces them. Shared by the simulated host and the `sim` device.
 *
 * @module
 */
import { type ArrayReportId, ReportId, ReportSize } from "../hid/report_ids.ts";
import { HidReportError } from "../hid/report_errors.ts";

/** A report id a client may post to the keyboard: 1, 2, 3, 4 or 7. */
export type KeyboardInputReportId = typeof ReportId.Keyboard | ArrayReportId;

/**
 * The keyboard input report ids, in the order the driver's reset posts them.
 *
 * @example Every id but the LED ones
 * ```ts
 * import { KEYBOARD_INPUT_REPORT_IDS } from "./input_report_checks.ts";
 *
 * console.assert(KEYBOARD_INPUT_REPORT_IDS.join() === "1,2,4,3,7");
 * ```
 */
export const KEYBOARD_INPUT_REPORT_IDS: readonly KeyboardInputReportId[] = Object.freeze([
  ReportId.Keyboard,
  ReportId.Consumer,
  ReportId.AppleVendorKeyboard,
  ReportId.AppleVendorTopCase,
  ReportId.GenericDesktop,
]);

/**
 * Checks that `report` is a keyboard input report a client may post: id 1 (67 bytes) or
 * 2, 3, 4, 7 (65 bytes).
 *
 * @param report The report, report id byte first.
 * @returns The report id.
 * @throws {HidReportError} On an empty report, another report id, or a wrong size.
 *
 * @example Accept a consumer report, reject an LED report
 * ```ts
 * import { checkKeyboardInputReport } from "./input_report_checks.ts";
 *
 * const consumer = new Uint8Array(65);
 * consumer[0] = 2;
 * console.assert(checkKeyboardInputReport(consumer) === 2);
 * let rejected = false;
 * try {
 *   checkKeyboardInputReport(new Uint8Array([5, 2]));
 * } catch {
 *   rejected = true;
 * }
 * console.assert(rejected);
 * ```
 */
export function checkKeyboardInputReport(report: Uint8Array): KeyboardInputReportId {
  if (report.length === 0) {
    throw new HidReportError(
      "an empty keyboard report has no report id",
      "pass the whole report, report id byte included",
    );
  }
  const reportId = report[0] as number;
  const expected = sizeOf(reportId);
  if (expected === undefined) {
    throw new HidReportError(
      `report id ${reportId} is not a keyboard input report id (1, 2, 3, 4 or 7)`,
      reportId === ReportId.LedOutput || reportId === ReportId.LedInput
        ? "report ids 5 and 6 carry the LED state, which only the host sets"
        : "start the report with its report id: 1 keyboard, 2 consumer, 3 top case, " +
          "4 Apple vendor keyboard, 7 generic desktop",
    );
  }
  if (report.length !== expected) {
    throw new HidReportError(
      `keyboard input report id ${reportId} is ${expected} bytes, got ${report.length}`,
      "pass the whole report, report id byte included",
    );
  }
  return reportId as KeyboardInputReportId;
}

/**
 * Checks that `report` is a pointing input report: exactly 8 bytes, no report id.
 *
 * @param report The report.
 * @throws {HidReportError} On a wrong size.
 *
 * @example Accept an idle report
 * ```ts
 * import { checkPointingInputReport } from "./input_report_checks.ts";
 *
 * checkPointingInputReport(new Uint8Array(8));
 * ```
 */
export function checkPointingInputReport(report: Uint8Array): void {
  if (report.length !== ReportSize.Pointing) {
    throw new HidReportError(
      `a pointing input report is ${ReportSize.Pointing} bytes, got ${report.length}`,
      "pass buttons (4 bytes), x, y, vertical and horizontal wheel; the pointing report has " +
        "no report id byte",
    );
  }
}

function sizeOf(reportId: number): number | undefined {
  switch (reportId) {
    case ReportId.Keyboard:
      return ReportSize.Keyboard;
    case ReportId.Consumer:
    case ReportId.AppleVendorTopCase:
    case ReportId.AppleVendorKeyboard:
    case ReportId.GenericDesktop:
      return ReportSize.Array;
    default:
      return undefined;
  }
}
