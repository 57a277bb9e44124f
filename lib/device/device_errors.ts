/**
 * The errors of the device layer: a device that cannot take reports, an unknown or unavailable
 * backend, bad device arguments, an unknown button. (A character the layout cannot type is
 * `UnproducibleCharacterError` in lib/layout/layout_errors.ts.)
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";
import { closestNames } from "../closest_names.ts";

/**
 * The device cannot take the request: not opened, not initialized, closed, or the backend is not
 * part of this build. Exit code {@linkcode ExitCode.DeviceUnavailable}.
 *
 * @example Describe a post before initialize
 * ```ts
 * import { DeviceUnavailableError } from "./device_errors.ts";
 *
 * const error = new DeviceUnavailableError("the keyboard is not initialized", "initialize it");
 * console.assert(error.exitCode === 5);
 * ```
 */
export class DeviceUnavailableError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param message What cannot be done and why, in one line.
   * @param hint What to do instead.
   */
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.DeviceUnavailable });
  }
}

/**
 * A device backend name that no backend answers to. Exit code {@linkcode ExitCode.Usage}.
 *
 * @example Suggest the closest backend names
 * ```ts
 * import { UnknownDeviceError } from "./device_errors.ts";
 *
 * const error = new UnknownDeviceError("simm", ["sim", "iokit", "auto"]);
 * console.assert(error.suggestions[0] === "sim");
 * console.assert(error.message === 'unknown device "simm"; did you mean "sim"?');
 * ```
 */
export class UnknownDeviceError extends DextkitError {
  /** The closest valid names, closest first. */
  readonly suggestions: readonly string[];

  /**
   * Creates the error.
   *
   * @param name The name that was given.
   * @param validNames Every valid device name.
   */
  constructor(name: string, validNames: readonly string[]) {
    const suggestions = closestNames(name, validNames);
    const didYouMean = suggestions.length === 0
      ? ""
      : `; did you mean ${suggestions.map((suggestion) => `"${suggestion}"`).join(" or ")}?`;
    super(`unknown device "${name}"${didYouMean}`, {
      hint: `pick one of ${validNames.join(", ")} with --device or DEXTKIT_DEVICE`,
      exitCode: ExitCode.Usage,
    });
    this.suggestions = suggestions;
  }
}

/**
 * A bad argument to a device or controller method: keyboard parameters out of range, a negative
 * timeout, a motion that is not a whole number. Exit code {@linkcode ExitCode.Usage}.
 *
 * @example Describe a bad vendor id
 * ```ts
 * import { DeviceArgumentError } from "./device_errors.ts";
 *
 * const error = new DeviceArgumentError("vendor id 70000 is outside 0..65535", "use a USB id");
 * console.assert(error.exitCode === 2);
 * ```
 */
export class DeviceArgumentError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param message One line naming the offending value and what is allowed.
   * @param hint What to do instead.
   */
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.Usage });
  }
}

/**
 * A pointing button that is neither a number 1..32 nor `left`, `right` or `middle`. Exit code
 * {@linkcode ExitCode.Usage}.
 *
 * @example Suggest a button name
 * ```ts
 * import { UnknownButtonError } from "./device_errors.ts";
 *
 * const error = new UnknownButtonError("rigth");
 * console.assert(error.message === 'unknown mouse button "rigth"; did you mean "right"?');
 * ```
 */
export class UnknownButtonError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param button The button that was given.
   */
  constructor(button: unknown) {
    const suggestions = typeof button === "string"
      ? closestNames(button, ["left", "right", "middle"])
      : [];
    const didYouMean = suggestions.length === 0
      ? ""
      : `; did you mean ${suggestions.map((suggestion) => `"${suggestion}"`).join(" or ")}?`;
    const shown = typeof button === "string" ? `"${button}"` : String(button);
    super(`unknown mouse button ${shown}${didYouMean}`, {
      hint: 'use a button number 1..32 or "left" (1), "right" (2), "middle" (3)',
      exitCode: ExitCode.Usage,
    });
  }
}
