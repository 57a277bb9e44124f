/**
 * The pointing input report (8 bytes, no report id): encode, decode, button masks and splitting
 * large relative moves.
 *
 * Layout, little-endian: `[0..3]` u32 button bitmap (bit n-1 is button n), `[4]` x, `[5]` y,
 * `[6]` vertical wheel, `[7]` horizontal wheel, each a signed relative int8 in −127..127.
 *
 * @module
 */
import { MAX_POINTING_BUTTONS, ReportSize } from "./report_ids.ts";
import { HidReportError } from "./report_errors.ts";

/**
 * The largest relative step one report can carry on an axis or wheel (the descriptor's logical
 * maximum; the minimum is its negation).
 *
 * @example Check whether a move fits one report
 * ```ts
 * import { MAX_POINTING_STEP } from "./pointing_report.ts";
 *
 * console.assert(Math.abs(300) > MAX_POINTING_STEP);
 * ```
 */
export const MAX_POINTING_STEP = 127;

/**
 * Where the pointing report's fields sit, as bit offsets (the report has no id byte); the report
 * descriptor must declare exactly these input fields.
 *
 * @example Find the x axis
 * ```ts
 * import { POINTING_INPUT_FIELDS } from "./pointing_report.ts";
 *
 * console.assert(POINTING_INPUT_FIELDS.motion.bitOffset === 32);
 * ```
 */
export const POINTING_INPUT_FIELDS = {
  /** 32 one-bit buttons. */
  buttons: { bitOffset: 0, bitSize: 1, count: MAX_POINTING_BUTTONS },
  /** x then y. */
  motion: { bitOffset: 32, bitSize: 8, count: 2 },
  /** The vertical wheel. */
  vertical: { bitOffset: 48, bitSize: 8, count: 1 },
  /** The horizontal wheel (AC Pan). */
  horizontal: { bitOffset: 56, bitSize: 8, count: 1 },
} as const;

/**
 * The content of a pointing input report.
 *
 * @example Hold the primary button without moving
 * ```ts
 * import type { PointingInput } from "./pointing_report.ts";
 *
 * const input: PointingInput = { buttons: 1, x: 0, y: 0, vertical: 0, horizontal: 0 };
 * console.assert(input.buttons === 1);
 * ```
 */
export interface PointingInput {
  /** Button bitmap, an unsigned 32-bit integer: bit n-1 is button n (see {@linkcode buttonMask}). */
  readonly buttons: number;
  /** Relative horizontal motion, −127..127; positive moves right. */
  readonly x: number;
  /** Relative vertical motion, −127..127; positive moves down. */
  readonly y: number;
  /** Vertical wheel, −127..127; positive turns the wheel away from the user. */
  readonly vertical: number;
  /** Horizontal wheel, −127..127. */
  readonly horizontal: number;
}

/**
 * Encodes a pointing input report.
 *
 * @param input Buttons and relative motion; use {@linkcode splitMotion} for moves beyond ±127.
 * @param out An 8-byte buffer to reuse; it is fully overwritten. A new one when omitted.
 * @returns The report (`out` when given).
 * @throws {HidReportError} On a button bitmap that is not an unsigned 32-bit integer, a motion or
 * wheel value outside −127..127 or not an integer, or an `out` buffer of the wrong size.
 *
 * @example Press buttons 1 and 32 and move left by one
 * ```ts
 * import { encodePointingInput } from "./pointing_report.ts";
 *
 * const report = encodePointingInput({ buttons: 0x80000001, x: -1, y: 0, vertical: 0, horizontal: 0 });
 * console.assert(report[0] === 1 && report[3] === 0x80 && report[4] === 0xff);
 * ```
 */
export function encodePointingInput(input: PointingInput, out?: Uint8Array): Uint8Array {
  const report = out ?? new Uint8Array(ReportSize.Pointing);
  if (report.length !== ReportSize.Pointing) {
    throw new HidReportError(
      `the output buffer for a pointing input report must be ${ReportSize.Pointing} bytes, got ${report.length}`,
      "allocate it with new Uint8Array(ReportSize.Pointing)",
    );
  }
  const { buttons, x, y, vertical, horizontal } = input;
  if (buttons !== buttons >>> 0) {
    throw HidReportError.outOfRange(
      "pointing button bitmap",
      buttons,
      0,
      0xffffffff,
      "combine buttonMask(n) values for buttons 1..32 with |, then apply >>> 0",
      true,
    );
  }
  checkStep("x motion", x);
  checkStep("y motion", y);
  checkStep("vertical wheel", vertical);
  checkStep("horizontal wheel", horizontal);
  report[0] = buttons & 0xff;
  report[1] = (buttons >>> 8) & 0xff;
  report[2] = (buttons >>> 16) & 0xff;
  report[3] = buttons >>> 24;
  report[4] = x & 0xff;
  report[5] = y & 0xff;
  report[6] = vertical & 0xff;
  report[7] = horizontal & 0xff;
  return report;
}

/**
 * Decodes a pointing input report.
 *
 * @param report An 8-byte report.
 * @returns The button bitmap (unsigned) and the four signed relative values.
 * @throws {HidReportError} On a wrong length.
 *
 * @example Decode a one-step move up-left
 * ```ts
 * import { decodePointingInput } from "./pointing_report.ts";
 *
 * const input = decodePointingInput(new Uint8Array([0, 0, 0, 0, 0xff, 0xff, 0, 0]));
 * console.assert(input.x === -1 && input.y === -1);
 * ```
 */
export function decodePointingInput(report: Uint8Array): PointingInput {
  if (report.length !== ReportSize.Pointing) {
    throw new HidReportError(
      `a pointing input report is ${ReportSize.Pointing} bytes, got ${report.length}`,
      "pass the whole report; the pointing report has no report id byte",
    );
  }
  const byte = (index: number): number => report[index] as number;
  const signed = (index: number): number => (byte(index) << 24) >> 24;
  return {
    buttons: (byte(0) | (byte(1) << 8) | (byte(2) << 16) | (byte(3) << 24)) >>> 0,
    x: signed(4),
    y: signed(5),
    vertical: signed(6),
    horizontal: signed(7),
  };
}

/**
 * The bit of a button in the button bitmap.
 *
 * @param button A button number, 1 (primary) to 32.
 * @returns `2 ** (button - 1)`, an unsigned value (button 32 gives 0x80000000).
 * @throws {HidReportError} For 0, 33 and anything else outside 1..32.
 *
 * @example Combine buttons 1 and 32
 * ```ts
 * import { buttonMask } from "./pointing_report.ts";
 *
 * console.assert(((buttonMask(1) | buttonMask(32)) >>> 0) === 0x80000001);
 * ```
 */
export function buttonMask(button: number): number {
  if (!Number.isInteger(button) || button < 1 || button > MAX_POINTING_BUTTONS) {
    throw HidReportError.outOfRange(
      "pointing button",
      button,
      1,
      MAX_POINTING_BUTTONS,
      "buttons are numbered from 1 (primary), 2 (secondary), 3 (middle) up to 32",
    );
  }
  return 2 ** (button - 1);
}

/**
 * The largest move {@linkcode splitMotion} accepts on one axis: a signed 32-bit range, far beyond
 * any screen, which keeps the step arithmetic exact.
 *
 * @example The limit
 * ```ts
 * import { MAX_SPLIT_MOTION } from "./pointing_report.ts";
 *
 * console.assert(MAX_SPLIT_MOTION === 2 ** 31 - 1);
 * ```
 */
export const MAX_SPLIT_MOTION = 0x7fffffff;

/**
 * Splits a relative motion larger than ±127 into steps that each fit, without clamping (sum of
 * steps == input).
 *
 * Every axis is spread evenly over the same number of steps (the fewest that fit the largest
 * axis), so a diagonal move stays a straight line. Each step has `buttons: 0`; set the buttons
 * you hold on the steps before posting them.
 *
 * @param dx Horizontal motion, an integer within ±{@linkcode MAX_SPLIT_MOTION}.
 * @param dy Vertical motion, likewise.
 * @param vertical Vertical wheel, likewise; 0 when omitted.
 * @param horizontal Horizontal wheel, likewise; 0 when omitted.
 * @returns The steps; empty when every value is 0.
 * @throws {HidReportError} On a value that is not an integer within ±{@linkcode MAX_SPLIT_MOTION}.
 *
 * @example Move 300 right and 10 down
 * ```ts
 * import { splitMotion } from "./pointing_report.ts";
 *
 * const steps = splitMotion(300, 10);
 * console.assert(steps.length === 3);
 * console.assert(steps.reduce((sum, step) => sum + step.x, 0) === 300);
 * console.assert(steps.every((step) => Math.abs(step.x) <= 127));
 * ```
 */
export function splitMotion(
  dx: number,
  dy: number,
  vertical = 0,
  horizontal = 0,
): PointingInput[] {
  checkSplit("x motion", dx);
  checkSplit("y motion", dy);
  checkSplit("vertical wheel", vertical);
  checkSplit("horizontal wheel", horizontal);
  const largest = Math.max(Math.abs(dx), Math.abs(dy), Math.abs(vertical), Math.abs(horizontal));
  const count = Math.ceil(largest / MAX_POINTING_STEP);
  const steps: PointingInput[] = [];
  for (let i = 0; i < count; i++) {
    steps.push({
      buttons: 0,
      x: stepOf(dx, i, count),
      y: stepOf(dy, i, count),
      vertical: stepOf(vertical, i, count),
      horizontal: stepOf(horizontal, i, count),
    });
  }
  return steps;
}

/**
 * Step `index` of `count` of `total`: `|total| / count` rounded down, plus one for the steps
 * that absorb the remainder, spread evenly. At most ceil(|total| / count) <= 127 in magnitude.
 */
function stepOf(total: number, index: number, count: number): number {
  const magnitude = Math.abs(total);
  const base = Math.floor(magnitude / count);
  const remainder = magnitude - base * count;
  // remainder < count < 2^25, so these products stay below 2^50 and exact.
  const extra = Math.floor(((index + 1) * remainder) / count) -
    Math.floor((index * remainder) / count);
  const step = base + extra;
  // `| 0` turns -0 into 0, so a zero step compares equal to 0 everywhere.
  return total < 0 ? -step | 0 : step;
}

function checkStep(what: string, value: number): void {
  if (value !== (value | 0) || value < -MAX_POINTING_STEP || value > MAX_POINTING_STEP) {
    throw HidReportError.outOfRange(
      what,
      value,
      -MAX_POINTING_STEP,
      MAX_POINTING_STEP,
      "split larger moves into steps with splitMotion(dx, dy, vertical, horizontal)",
    );
  }
}

function checkSplit(what: string, value: number): void {
  if (!Number.isInteger(value) || Math.abs(value) > MAX_SPLIT_MOTION) {
    throw HidReportError.outOfRange(
      what,
      value,
      -MAX_SPLIT_MOTION,
      MAX_SPLIT_MOTION,
      "pass a whole number of pixels (or wheel steps) relative to the current position",
    );
  }
}
