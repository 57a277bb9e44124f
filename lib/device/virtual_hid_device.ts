/**
 * The one interface every device backend implements (`sim`, `iokit`): connect, create the
 * virtual keyboard and pointing device, post raw input reports, reset, and disconnect.
 *
 * The keyboard and mouse controllers sit above this interface and never know which backend they
 * drive. Post methods are synchronous on purpose: the FFI calls behind them are synchronous, and
 * a report can never be lost in a promise nobody awaits.
 *
 * @module
 */
import type { LedState } from "../hid/led_report.ts";
import type { KeyboardParameters } from "../protocol/keyboard_parameters.ts";
import { DeviceArgumentError } from "./device_errors.ts";

export type { KeyboardParameters } from "../protocol/keyboard_parameters.ts";

/**
 * V-USB's free shared keyboard ids 0x16c0:0x27db and country code 0, the defaults of the
 * established driver.
 *
 * @example Read the defaults
 * ```ts
 * import { DEFAULT_KEYBOARD_PARAMETERS } from "./virtual_hid_device.ts";
 *
 * console.assert(DEFAULT_KEYBOARD_PARAMETERS.productId === 0x27db);
 * console.assert(DEFAULT_KEYBOARD_PARAMETERS.countryCode === 0);
 * ```
 */
export const DEFAULT_KEYBOARD_PARAMETERS: KeyboardParameters = Object.freeze({
  vendorId: 0x16c0,
  productId: 0x27db,
  countryCode: 0,
});

/** Options of the initialize methods. */
export interface InitializeOptions {
  /** How long to wait for the device to become ready, in milliseconds; backend default when omitted. */
  readonly timeoutMs?: number;
}

/**
 * A connection to a virtual HID keyboard and pointing device.
 *
 * Posting before the device is initialized, or after `close()`, throws a `DeviceUnavailableError`
 * (exit code 5).
 *
 * @example Hold and release `a` on the simulated device
 * ```ts
 * import { DEFAULT_KEYBOARD_PARAMETERS, type VirtualHIDDevice } from "./virtual_hid_device.ts";
 * import { SimDevice } from "./sim_device.ts";
 * import { encodeKeyboardInput } from "../hid/keyboard_report.ts";
 *
 * const device: VirtualHIDDevice = new SimDevice();
 * await device.open();
 * await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
 * device.postKeyboardReport(encodeKeyboardInput(0, [0x04]));
 * device.close();
 * ```
 */
export interface VirtualHIDDevice {
  /** The backend's name: `"sim"` or `"iokit"`. */
  readonly backend: string;
  /** Connects to the driver. Calling it again while connected does nothing. */
  open(): Promise<void>;
  /** Creates the virtual keyboard with these parameters; resolves when it is ready. */
  initializeKeyboard(parameters: KeyboardParameters, options?: InitializeOptions): Promise<void>;
  /** Creates the virtual pointing device; resolves when it is ready. */
  initializePointing(options?: InitializeOptions): Promise<void>;
  /** Whether the virtual keyboard is ready for reports. */
  isKeyboardReady(): boolean;
  /** Whether the virtual pointing device is ready for reports. */
  isPointingReady(): boolean;
  /** Posts a keyboard input report (ids 1, 2, 3, 4, 7, report id first); throws if not delivered. */
  postKeyboardReport(report: Uint8Array): void;
  /** Posts an 8-byte pointing input report; throws if not delivered. */
  postPointingReport(report: Uint8Array): void;
  /** Releases every key: posts an all-zero report for ids 1, 2, 3, 4 and 7. */
  resetKeyboard(): void;
  /** Releases every button: posts an all-zero pointing report. */
  resetPointing(): void;
  /** The LED state the host last set (Caps Lock, Num Lock); all off before the host set any. */
  ledState(): LedState;
  /** Resets both devices, then disconnects. Calling it again does nothing. */
  close(): void;
}

/**
 * Checks the options of an initialize call.
 *
 * @param options The options to check.
 * @throws {DeviceArgumentError} When the timeout is negative or NaN.
 *
 * @example Accept a 5 s timeout
 * ```ts
 * import { checkInitializeOptions } from "./virtual_hid_device.ts";
 *
 * checkInitializeOptions({ timeoutMs: 5000 });
 * ```
 */
export function checkInitializeOptions(options: InitializeOptions): void {
  const timeoutMs = options.timeoutMs;
  if (timeoutMs !== undefined && !(timeoutMs >= 0)) {
    throw new DeviceArgumentError(
      `timeout ${timeoutMs} ms is not a non-negative number`,
      "give the timeout in milliseconds, for example 5000",
    );
  }
}
