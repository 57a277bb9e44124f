/**
 * The keyboard input report (report id 1, 67 bytes): encode and decode.
 *
 * Layout, little-endian: `[0]` report id 1, `[1]` modifier bitmap (bit 0 left control … bit 7
 * right command, usages 0xE0..0xE7 in bit order), `[2]` reserved 0, `[3..66]` 32 slots of u16
 * keyboard-page usages where 0 is an empty slot. The report carries the complete state: a key is
 * held while its usage is in a slot.
 *
 * The encoder is on the hot path of every keystroke: with a reused `out` buffer it allocates
 * nothing.
 *
 * @module
 */
import { MAX_KEYS_PER_REPORT, ReportId, ReportSize } from "./report_ids.ts";
import { HidReportError } from "./report_errors.ts";

/**
 * The largest keyboard-page usage the descriptor declares (logical and usage maximum).
 *
 * @example Right command (0xE7) fits
 * ```ts
 * import { KEYBOARD_USAGE_MAXIMUM } from "./keyboard_report.ts";
 *
 * console.assert(0xe7 <= KEYBOARD_USAGE_MAXIMUM);
 * ```
 */
export const KEYBOARD_USAGE_MAXIMUM = 0xff;

const MODIFIERS_BYTE = 1;
const RESERVED_BYTE = 2;
const USAGES_BYTE = 3;

/**
 * Usages placed by the current encode, one bit each, so deduplication allocates nothing.
 * Cleared after every encode.
 */
const seen = new Uint32Array((KEYBOARD_USAGE_MAXIMUM + 1) / 32);

/**
 * Where the keyboard report's fields sit, as bit offsets after the report id byte; the report
 * descriptor must declare exactly these fields.
 *
 * @example Find the first usage slot
 * ```ts
 * import { KEYBOARD_INPUT_FIELDS } from "./keyboard_report.ts";
 *
 * console.assert(KEYBOARD_INPUT_FIELDS.usages.bitOffset === 16);
 * ```
 */
export const KEYBOARD_INPUT_FIELDS = {
  /** 8 one-bit modifier flags. */
  modifiers: { bitOffset: (MODIFIERS_BYTE - 1) * 8, bitSize: 1, count: 8 },
  /** The constant reserved byte. */
  reserved: { bitOffset: (RESERVED_BYTE - 1) * 8, bitSize: 8, count: 1 },
  /** 32 u16 usage slots. */
  usages: { bitOffset: (USAGES_BYTE - 1) * 8, bitSize: 16, count: MAX_KEYS_PER_REPORT },
} as const;

/**
 * A decoded keyboard input report.
 *
 * @example Left shift held with `a`
 * ```ts
 * import type { KeyboardInput } from "./keyboard_report.ts";
 *
 * const input: KeyboardInput = { modifiers: 0x02, usages: [0x04] };
 * console.assert(input.usages.length === 1);
 * ```
 */
export interface KeyboardInput {
  /** Modifier bitmap: 0x01 left control, 0x02 left shift, … 0x80 right command. */
  readonly modifiers: number;
  /** The non-zero usage slots, in slot order. */
  readonly usages: readonly number[];
}

/**
 * Encodes a keyboard input report.
 *
 * Usages fill the slots in the order given; a usage given twice takes one slot, because a HID
 * array holds each usage once. Nothing is written to `out` when a value is invalid.
 *
 * @param modifiers The modifier bitmap, an integer 0..255.
 * @param usages Keyboard-page usages to hold, each 1..255; at most 32 distinct ones.
 * @param out A 67-byte buffer to reuse; it is fully overwritten. A new one when omitted.
 * @returns The report (`out` when given).
 * @throws {HidReportError} On a bad modifier bitmap, a bad usage, more than 32 distinct usages or
 * an `out` buffer of the wrong size.
 *
 * @example Left shift + command with `a` and `1`
 * ```ts
 * import { encodeKeyboardInput } from "./keyboard_report.ts";
 *
 * const report = encodeKeyboardInput(0x0a, [0x04, 0x1e]);
 * console.assert(report.length === 67);
 * console.assert(report[0] === 1 && report[1] === 0x0a && report[3] === 0x04 && report[5] === 0x1e);
 * ```
 */
export function encodeKeyboardInput(
  modifiers: number,
  usages: ArrayLike<number>,
  out?: Uint8Array,
): Uint8Array {
  const report = out ?? new Uint8Array(ReportSize.Keyboard);
  if (report.length !== ReportSize.Keyboard) throw wrongBufferSize(report.length);
  if (modifiers !== (modifiers & 0xff)) {
    throw HidReportError.outOfRange(
      "keyboard modifier bitmap",
      modifiers,
      0,
      0xff,
      "combine the modifier bits 0x01 (left control) … 0x80 (right command) with |",
      true,
    );
  }
  const length = usages.length;
  for (let i = 0; i < length; i++) {
    const usage = usages[i];
    if (usage === undefined || usage !== (usage & 0xff) || usage === 0) throw badUsage(usage);
  }
  if (length > MAX_KEYS_PER_REPORT) checkDistinctCount(usages);

  let slots = 0;
  for (let i = 0; i < length; i++) {
    const usage = usages[i] as number;
    const word = usage >>> 5;
    const bit = 1 << (usage & 31);
    if ((seen[word] as number) & bit) continue;
    seen[word] = (seen[word] as number) | bit;
    // Usages are at most 0xFF, so the high byte of every slot is 0.
    report[USAGES_BYTE + 2 * slots] = usage;
    report[USAGES_BYTE + 2 * slots + 1] = 0;
    slots++;
  }
  for (let j = 0; j < slots; j++) seen[(report[USAGES_BYTE + 2 * j] as number) >>> 5] = 0;
  report.fill(0, USAGES_BYTE + 2 * slots);
  report[0] = ReportId.Keyboard;
  report[MODIFIERS_BYTE] = modifiers;
  report[RESERVED_BYTE] = 0;
  return report;
}

/**
 * Decodes a keyboard input report.
 *
 * @param report A 67-byte report whose first byte is report id 1.
 * @returns The modifier bitmap and the non-zero usage slots in slot order.
 * @throws {HidReportError} On a wrong length or report id.
 *
 * @example Round-trip a report
 * ```ts
 * import { decodeKeyboardInput, encodeKeyboardInput } from "./keyboard_report.ts";
 *
 * const input = decodeKeyboardInput(encodeKeyboardInput(0x02, [0x04]));
 * console.assert(input.modifiers === 0x02 && input.usages[0] === 0x04);
 * ```
 */
export function decodeKeyboardInput(report: Uint8Array): KeyboardInput {
  if (report.length !== ReportSize.Keyboard) {
    throw new HidReportError(
      `a keyboard input report is ${ReportSize.Keyboard} bytes, got ${report.length}`,
      "pass the whole report, report id byte included",
    );
  }
  if (report[0] !== ReportId.Keyboard) {
    throw new HidReportError(
      `report id ${report[0]} is not the keyboard input report id ${ReportId.Keyboard}`,
      "decode consumer and vendor reports with decodeArrayInput, LED reports with decodeLedReport",
    );
  }
  const usages: number[] = [];
  for (let slot = 0; slot < MAX_KEYS_PER_REPORT; slot++) {
    const index = USAGES_BYTE + 2 * slot;
    const usage = (report[index] as number) | ((report[index + 1] as number) << 8);
    if (usage !== 0) usages.push(usage);
  }
  return { modifiers: report[MODIFIERS_BYTE] as number, usages };
}

function badUsage(usage: number | undefined): HidReportError {
  return HidReportError.outOfRange(
    "keyboard usage",
    usage,
    1,
    KEYBOARD_USAGE_MAXIMUM,
    "use keyboard-page (0x07) usages; release a key by leaving it out, and send modifiers " +
      "(0xE0..0xE7) as bits of the modifier bitmap or as usages",
    true,
  );
}

function checkDistinctCount(usages: ArrayLike<number>): void {
  const seen = new Set<number>();
  for (const usage of Array.from(usages)) {
    seen.add(usage);
    if (seen.size > MAX_KEYS_PER_REPORT) throw HidReportError.tooManyUsages("keyboard", usage);
  }
}

function wrongBufferSize(length: number): HidReportError {
  return new HidReportError(
    `the output buffer for a keyboard input report must be ${ReportSize.Keyboard} bytes, got ${length}`,
    `allocate it with new Uint8Array(ReportSize.Keyboard)`,
  );
}
