/**
 * The three parameters of keyboard initialize (selector 1) and the ranges the driver accepts.
 *
 * macOS decides the keyboard's physical layout (ANSI/ISO/JIS) from this triple, so keep it
 * stable per layout: any change makes a "new" keyboard. dextkit's driver rejects values outside
 * the ranges below with `kIOReturnBadArgument`; the established driver silently truncates them
 * to 32 bits.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";

/** The vendor id, product id and HID country code the virtual keyboard publishes. */
export interface KeyboardParameters {
  /** USB vendor id, 0–0xFFFF. */
  readonly vendorId: number;
  /** USB product id, 0–0xFFFF. */
  readonly productId: number;
  /** HID `bCountryCode`, 0–0xFF (0 = not supported, 13 = ISO, 15 = JIS, 33 = US). */
  readonly countryCode: number;
}

/**
 * The largest value the driver accepts for each parameter.
 *
 * @example Vendor ids are 16-bit
 * ```ts
 * import { KEYBOARD_PARAMETER_MAXIMUM } from "./keyboard_parameters.ts";
 *
 * console.assert(KEYBOARD_PARAMETER_MAXIMUM.vendorId === 0xffff);
 * ```
 */
export const KEYBOARD_PARAMETER_MAXIMUM: Readonly<Record<keyof KeyboardParameters, number>> = Object
  .freeze({
    vendorId: 0xffff,
    productId: 0xffff,
    countryCode: 0xff,
  });

/**
 * A keyboard parameter outside the range the driver accepts.
 *
 * @example Catch an oversized vendor id
 * ```ts
 * import { InvalidKeyboardParametersError, validateKeyboardParameters } from "./keyboard_parameters.ts";
 *
 * try {
 *   validateKeyboardParameters({ vendorId: 0x10000, productId: 1, countryCode: 0 });
 * } catch (error) {
 *   console.assert(error instanceof InvalidKeyboardParametersError);
 * }
 * ```
 */
export class InvalidKeyboardParametersError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param field The offending parameter.
   * @param value Its value.
   */
  constructor(field: keyof KeyboardParameters, value: number) {
    const maximum = KEYBOARD_PARAMETER_MAXIMUM[field];
    super(`keyboard ${field} ${value} is not an integer from 0 to ${maximum}`, {
      hint: `choose a ${field} from 0 to 0x${maximum.toString(16).toUpperCase()}`,
      exitCode: ExitCode.Usage,
    });
  }
}

/**
 * Checks the parameters against the ranges dextkit's driver accepts and returns them unchanged.
 *
 * @param parameters The parameters to check.
 * @returns The same parameters.
 * @throws {InvalidKeyboardParametersError} For the first parameter out of range.
 *
 * @example A US keyboard with V-USB's shared keyboard id
 * ```ts
 * import { validateKeyboardParameters } from "./keyboard_parameters.ts";
 *
 * const parameters = validateKeyboardParameters({ vendorId: 0x16c0, productId: 0x27db, countryCode: 33 });
 * console.assert(parameters.countryCode === 33);
 * ```
 */
export function validateKeyboardParameters(parameters: KeyboardParameters): KeyboardParameters {
  for (const field of ["vendorId", "productId", "countryCode"] as const) {
    const value = parameters[field];
    if (!Number.isInteger(value) || value < 0 || value > KEYBOARD_PARAMETER_MAXIMUM[field]) {
      throw new InvalidKeyboardParametersError(field, value);
    }
  }
  return parameters;
}

/**
 * Checks the parameters and returns a frozen copy of just the three numbers, so a caller's object
 * changed later cannot change what a device was created with.
 *
 * @param parameters The parameters to check.
 * @returns A frozen copy.
 * @throws {InvalidKeyboardParametersError} For the first parameter out of range.
 *
 * @example
 * ```ts
 * import { checkedKeyboardParameters } from "./keyboard_parameters.ts";
 *
 * const mine = { vendorId: 0x16c0, productId: 0x27db, countryCode: 0 };
 * const kept = checkedKeyboardParameters(mine);
 * console.assert(kept !== mine && Object.isFrozen(kept) && kept.productId === 0x27db);
 * ```
 */
export function checkedKeyboardParameters(
  parameters: KeyboardParameters,
): Readonly<KeyboardParameters> {
  validateKeyboardParameters(parameters);
  return Object.freeze({
    vendorId: parameters.vendorId,
    productId: parameters.productId,
    countryCode: parameters.countryCode,
  });
}

/**
 * Whether two sets of parameters describe the same keyboard.
 *
 * @param a One set.
 * @param b The other.
 * @returns `true` when vendor id, product id and country code are all equal.
 *
 * @example
 * ```ts
 * import { sameKeyboardParameters } from "./keyboard_parameters.ts";
 *
 * const us = { vendorId: 0x16c0, productId: 0x27db, countryCode: 33 };
 * console.assert(sameKeyboardParameters(us, { ...us }));
 * console.assert(!sameKeyboardParameters(us, { ...us, countryCode: 13 }));
 * ```
 */
export function sameKeyboardParameters(a: KeyboardParameters, b: KeyboardParameters): boolean {
  return a.vendorId === b.vendorId && a.productId === b.productId &&
    a.countryCode === b.countryCode;
}
