/**
 * The usage-array input reports (65 bytes): consumer (id 2), Apple top case (id 3), Apple vendor
 * keyboard (id 4) and generic desktop (id 7). Encode, decode, and pick the report for a usage page.
 *
 * Layout, little-endian: `[0]` report id, `[1..64]` 32 slots of u16 usages where 0 is an empty
 * slot. Each report carries the complete state of its page, independently of the others.
 *
 * @module
 */
import { type ArrayReportId, MAX_KEYS_PER_REPORT, ReportId, ReportSize } from "./report_ids.ts";
import { HidReportError } from "./report_errors.ts";

const USAGES_BYTE = 1;

/**
 * The largest usage each array report's descriptor declares (logical and usage maximum). The
 * consumer page goes to 0x300; the others stop at 0xFF, kept small because large usage maxima
 * make `ioreg -l` burn CPU.
 *
 * @example Check a consumer usage
 * ```ts
 * import { ARRAY_USAGE_MAXIMUM } from "./array_report.ts";
 *
 * console.assert(ARRAY_USAGE_MAXIMUM[2] === 0x300);
 * ```
 */
export const ARRAY_USAGE_MAXIMUM: Readonly<Record<ArrayReportId, number>> = {
  [ReportId.Consumer]: 0x300,
  [ReportId.AppleVendorTopCase]: 0xff,
  [ReportId.AppleVendorKeyboard]: 0xff,
  [ReportId.GenericDesktop]: 0xff,
};

/**
 * Where an array report's single field sits, as a bit offset after the report id byte; the
 * report descriptor must declare exactly this field for ids 2, 3, 4 and 7.
 *
 * @example Count the slots
 * ```ts
 * import { ARRAY_INPUT_FIELDS } from "./array_report.ts";
 *
 * console.assert(ARRAY_INPUT_FIELDS.usages.count === 32);
 * ```
 */
export const ARRAY_INPUT_FIELDS = {
  /** 32 u16 usage slots. */
  usages: { bitOffset: (USAGES_BYTE - 1) * 8, bitSize: 16, count: MAX_KEYS_PER_REPORT },
} as const;

/**
 * A decoded array input report.
 *
 * @example Mute held on the consumer report
 * ```ts
 * import type { ArrayInput } from "./array_report.ts";
 *
 * const input: ArrayInput = { reportId: 2, usages: [0xe2] };
 * console.assert(input.reportId === 2);
 * ```
 */
export interface ArrayInput {
  /** Which report: 2 consumer, 3 Apple top case, 4 Apple vendor keyboard, 7 generic desktop. */
  readonly reportId: ArrayReportId;
  /** The non-zero usage slots, in slot order. */
  readonly usages: readonly number[];
}

/**
 * Usages placed by the current encode, one bit each, so deduplication allocates nothing.
 * Cleared after every encode.
 */
const seen = new Uint32Array((Math.max(...Object.values(ARRAY_USAGE_MAXIMUM)) >>> 5) + 1);

const PAGE_NAMES: Readonly<Record<ArrayReportId, string>> = {
  [ReportId.Consumer]: "consumer",
  [ReportId.AppleVendorTopCase]: "Apple top case",
  [ReportId.AppleVendorKeyboard]: "Apple vendor keyboard",
  [ReportId.GenericDesktop]: "generic desktop",
};

/**
 * Encodes an array input report.
 *
 * Usages fill the slots in the order given; a usage given twice takes one slot, because a HID
 * array holds each usage once. Nothing is written to `out` when a value is invalid.
 *
 * @param reportId 2 (consumer), 3 (Apple top case), 4 (Apple vendor keyboard) or 7 (generic
 * desktop).
 * @param usages Usages on that report's page, each 1..{@linkcode ARRAY_USAGE_MAXIMUM}[reportId];
 * at most 32 distinct ones.
 * @param out A 65-byte buffer to reuse; it is fully overwritten. A new one when omitted.
 * @returns The report (`out` when given).
 * @throws {HidReportError} On an unknown report id, a bad usage, more than 32 distinct usages or
 * an `out` buffer of the wrong size.
 *
 * @example Hold play/pause (0xCD) and the consumer maximum 0x300
 * ```ts
 * import { encodeArrayInput } from "./array_report.ts";
 *
 * const report = encodeArrayInput(2, [0xcd, 0x300]);
 * console.assert(report[0] === 2 && report[1] === 0xcd && report[2] === 0);
 * console.assert(report[3] === 0x00 && report[4] === 0x03);
 * ```
 */
export function encodeArrayInput(
  reportId: ArrayReportId,
  usages: ArrayLike<number>,
  out?: Uint8Array,
): Uint8Array {
  const maximum = usageMaximum(reportId);
  const page = PAGE_NAMES[reportId];
  const report = out ?? new Uint8Array(ReportSize.Array);
  if (report.length !== ReportSize.Array) {
    throw new HidReportError(
      `the output buffer for an array input report must be ${ReportSize.Array} bytes, got ${report.length}`,
      "allocate it with new Uint8Array(ReportSize.Array)",
    );
  }
  const length = usages.length;
  for (let i = 0; i < length; i++) {
    const usage = usages[i];
    if (usage === undefined || usage !== (usage & 0xffff) || usage === 0 || usage > maximum) {
      throw HidReportError.outOfRange(
        `${page} usage`,
        usage,
        1,
        maximum,
        `report id ${reportId} carries ${page}-page usages up to the descriptor's maximum; ` +
          "release a usage by leaving it out",
        true,
      );
    }
  }
  if (length > MAX_KEYS_PER_REPORT) {
    const distinct = new Set<number>();
    for (const usage of Array.from(usages)) {
      distinct.add(usage);
      if (distinct.size > MAX_KEYS_PER_REPORT) throw HidReportError.tooManyUsages(page, usage);
    }
  }

  let slots = 0;
  for (let i = 0; i < length; i++) {
    const usage = usages[i] as number;
    const word = usage >>> 5;
    const bit = 1 << (usage & 31);
    if ((seen[word] as number) & bit) continue;
    seen[word] = (seen[word] as number) | bit;
    report[USAGES_BYTE + 2 * slots] = usage & 0xff;
    report[USAGES_BYTE + 2 * slots + 1] = usage >>> 8;
    slots++;
  }
  for (let i = 0; i < length; i++) seen[(usages[i] as number) >>> 5] = 0;
  report.fill(0, USAGES_BYTE + 2 * slots);
  report[0] = reportId;
  return report;
}

/**
 * Decodes an array input report.
 *
 * @param report A 65-byte report whose first byte is report id 2, 3, 4 or 7.
 * @returns The report id and the non-zero usage slots in slot order.
 * @throws {HidReportError} On a wrong length or report id.
 *
 * @example Round-trip a consumer report
 * ```ts
 * import { decodeArrayInput, encodeArrayInput } from "./array_report.ts";
 *
 * const input = decodeArrayInput(encodeArrayInput(2, [0xe2]));
 * console.assert(input.reportId === 2 && input.usages[0] === 0xe2);
 * ```
 */
export function decodeArrayInput(report: Uint8Array): ArrayInput {
  if (report.length !== ReportSize.Array) {
    throw new HidReportError(
      `an array input report is ${ReportSize.Array} bytes, got ${report.length}`,
      "pass the whole report, report id byte included",
    );
  }
  const reportId = report[0] as number;
  if (!isArrayReportId(reportId)) {
    throw new HidReportError(
      `report id ${reportId} is not an array input report id (2, 3, 4 or 7)`,
      "decode keyboard reports (id 1) with decodeKeyboardInput, LED reports with decodeLedReport",
    );
  }
  const usages: number[] = [];
  for (let slot = 0; slot < MAX_KEYS_PER_REPORT; slot++) {
    const index = USAGES_BYTE + 2 * slot;
    const usage = (report[index] as number) | ((report[index + 1] as number) << 8);
    if (usage !== 0) usages.push(usage);
  }
  return { reportId, usages };
}

/**
 * The report that carries usages of a usage page.
 *
 * @param page A usage page: 0x07 keyboard, 0x0C consumer, 0x00FF Apple top case, 0xFF01 Apple
 * vendor keyboard, 0x01 generic desktop.
 * @returns Its report id: 1, 2, 3, 4 or 7.
 * @throws {HidReportError} For any other page.
 *
 * @example Find the consumer report
 * ```ts
 * import { reportIdForPage } from "./array_report.ts";
 *
 * console.assert(reportIdForPage(0x0c) === 2);
 * console.assert(reportIdForPage(0x07) === 1);
 * ```
 */
export function reportIdForPage(page: number): typeof ReportId.Keyboard | ArrayReportId {
  switch (page) {
    case 0x07:
      return ReportId.Keyboard;
    case 0x0c:
      return ReportId.Consumer;
    case 0x00ff:
      return ReportId.AppleVendorTopCase;
    case 0xff01:
      return ReportId.AppleVendorKeyboard;
    case 0x01:
      return ReportId.GenericDesktop;
  }
  const shown = typeof page === "number" && Number.isInteger(page) && page >= 0
    ? `0x${page.toString(16).toUpperCase().padStart(2, "0")}`
    : String(page);
  throw new HidReportError(
    `no report carries usage page ${shown}; the virtual keyboard has pages 0x07 (keyboard), ` +
      "0x0C (consumer), 0xFF (Apple top case), 0xFF01 (Apple vendor keyboard), 0x01 (generic desktop)",
    "pick a key on one of those pages",
  );
}

function usageMaximum(reportId: ArrayReportId): number {
  if (!isArrayReportId(reportId)) {
    throw new HidReportError(
      `report id ${String(reportId)} is not an array input report id (2, 3, 4 or 7)`,
      "use reportIdForPage(page) to pick the report for a usage page; keyboard usages go " +
        "through encodeKeyboardInput",
    );
  }
  return ARRAY_USAGE_MAXIMUM[reportId];
}

function isArrayReportId(reportId: number): reportId is ArrayReportId {
  return reportId === ReportId.Consumer || reportId === ReportId.AppleVendorTopCase ||
    reportId === ReportId.AppleVendorKeyboard || reportId === ReportId.GenericDesktop;
}
