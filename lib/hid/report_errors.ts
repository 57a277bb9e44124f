/**
 * The errors raised by the HID report encoders, decoders and the report-descriptor parser.
 *
 * Both are bad-input errors (exit code {@linkcode ExitCode.Usage}): a value that does not fit the
 * report, a report of the wrong shape, or a malformed descriptor.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";
import { MAX_KEYS_PER_REPORT } from "./report_ids.ts";

/**
 * A value does not fit a HID report (usage, modifier bitmap, button, motion), or a report handed
 * to a decoder has the wrong length or report id.
 *
 * @example Catch an out-of-range usage
 * ```ts
 * import { HidReportError } from "./report_errors.ts";
 * import { encodeKeyboardInput } from "./keyboard_report.ts";
 *
 * try {
 *   encodeKeyboardInput(0, [300]);
 * } catch (error) {
 *   console.assert(error instanceof HidReportError);
 *   console.assert((error as HidReportError).exitCode === 2);
 * }
 * ```
 */
export class HidReportError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param message One line naming the offending value and what is allowed.
   * @param hint What to do instead.
   */
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.Usage });
  }

  /**
   * Builds the error for a number that is not an integer in `minimum..maximum`.
   *
   * @param what What the number is, for example `"keyboard usage"`.
   * @param value The offending value.
   * @param minimum The smallest allowed value.
   * @param maximum The largest allowed value.
   * @param hint What to do instead.
   * @param hex Whether to also show the numbers in hexadecimal (usages are listed that way).
   * @returns The error, ready to throw.
   *
   * @example Describe a bad usage
   * ```ts
   * import { HidReportError } from "./report_errors.ts";
   *
   * const error = HidReportError.outOfRange("keyboard usage", 300, 1, 255, "see the usage tables", true);
   * console.assert(error.message === "keyboard usage 300 (0x12C) is outside 1..255 (0x01..0xFF)");
   * ```
   */
  static outOfRange(
    what: string,
    value: unknown,
    minimum: number,
    maximum: number,
    hint: string,
    hex = false,
  ): HidReportError {
    const range = hex
      ? `${minimum}..${maximum} (${toHex(minimum)}..${toHex(maximum)})`
      : `${minimum}..${maximum}`;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      return new HidReportError(`${what} ${String(value)} is not an integer in ${range}`, hint);
    }
    const shown = hex ? `${value} (${toHex(value)})` : String(value);
    return new HidReportError(`${what} ${shown} is outside ${range}`, hint);
  }

  /**
   * Builds the error for a usage that finds no free slot: a report holds at most
   * {@linkcode MAX_KEYS_PER_REPORT} distinct usages.
   *
   * @param report Which report, for example `"keyboard"` or `"consumer"`.
   * @param usage The first usage that did not fit.
   * @returns The error, ready to throw.
   *
   * @example Describe the 33rd key
   * ```ts
   * import { HidReportError } from "./report_errors.ts";
   *
   * const error = HidReportError.tooManyUsages("keyboard", 0x2c);
   * console.assert(error.message.startsWith("keyboard usage 44 (0x2C) is one too many"));
   * ```
   */
  static tooManyUsages(report: string, usage: number): HidReportError {
    return new HidReportError(
      `${report} usage ${usage} (${toHex(usage)}) is one too many: a ${report} report holds ` +
        `at most ${MAX_KEYS_PER_REPORT} distinct usages`,
      `hold at most ${MAX_KEYS_PER_REPORT} usages at once; release some before pressing more`,
    );
  }
}

/**
 * A report descriptor is malformed: a truncated item, a POP without a PUSH, an END_COLLECTION
 * without a COLLECTION, a collection left open, a reserved item prefix or report id 0.
 *
 * @example Read the byte offset of the problem
 * ```ts
 * import { ReportDescriptorError } from "./report_errors.ts";
 * import { parseReportDescriptor } from "./descriptor_parser.ts";
 *
 * try {
 *   parseReportDescriptor(new Uint8Array([0x05, 0x01, 0xb4]));
 * } catch (error) {
 *   console.assert(error instanceof ReportDescriptorError);
 *   console.assert((error as ReportDescriptorError).offset === 2);
 * }
 * ```
 */
export class ReportDescriptorError extends DextkitError {
  /** Byte offset of the offending item in the descriptor. */
  readonly offset: number;

  /**
   * Creates the error; the message gets the byte offset appended.
   *
   * @param problem What is wrong, naming the item.
   * @param offset Byte offset of the offending item.
   * @param hint What to check in the descriptor.
   */
  constructor(problem: string, offset: number, hint: string) {
    super(`${problem} at byte offset ${offset} (${toHex(offset)})`, {
      hint,
      exitCode: ExitCode.Usage,
    });
    this.offset = offset;
  }
}

function toHex(value: number): string {
  const digits = Math.abs(value).toString(16).toUpperCase().padStart(2, "0");
  return `${value < 0 ? "-" : ""}0x${digits}`;
}
