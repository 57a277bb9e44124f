/**
 * The `sim` backend: a {@linkcode VirtualHIDDevice} that delivers reports straight into a
 * {@linkcode SimulatedHost} instead of a driver. It enforces the same lifecycle and report shapes
 * as the real driver (sizes and report ids per method), and its devices are ready at once.
 *
 * @module
 */
import {
  checkedKeyboardParameters,
  sameKeyboardParameters,
} from "../protocol/keyboard_parameters.ts";
import { decodeLedReport, type LedState } from "../hid/led_report.ts";
import { ReportSize } from "../hid/report_ids.ts";
import {
  checkKeyboardInputReport,
  checkPointingInputReport,
  KEYBOARD_INPUT_REPORT_IDS,
} from "../host/input_report_checks.ts";
import { SimulatedHost, type SimulatedHostOptions } from "../host/simulated_host.ts";
import { DeviceUnavailableError } from "./device_errors.ts";
import {
  checkInitializeOptions,
  type InitializeOptions,
  type KeyboardParameters,
  type VirtualHIDDevice,
} from "./virtual_hid_device.ts";

/** Options of {@linkcode SimDevice}: those of the host it creates, except the LED callback it wires itself. */
export type SimDeviceOptions = Omit<SimulatedHostOptions, "onLedOutput">;

type Connection = "new" | "open" | "closed";

const LEDS_OFF: LedState = Object.freeze({ numLock: false, capsLock: false });

/**
 * A virtual HID device backed by a simulated macOS host.
 *
 * @example Type `a` and read it back from the host
 * ```ts
 * import { SimDevice } from "./sim_device.ts";
 * import { DEFAULT_KEYBOARD_PARAMETERS } from "./virtual_hid_device.ts";
 * import { encodeKeyboardInput } from "../hid/keyboard_report.ts";
 *
 * const device = new SimDevice();
 * await device.open();
 * await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
 * device.postKeyboardReport(encodeKeyboardInput(0, [0x04]));
 * device.postKeyboardReport(encodeKeyboardInput(0, []));
 * console.assert(device.host.text === "a");
 * device.close();
 * ```
 */
export class SimDevice implements VirtualHIDDevice {
  /** Always `"sim"`. */
  readonly backend = "sim";
  /** The simulated host that receives every report. */
  readonly host: SimulatedHost;
  #connection: Connection = "new";
  #keyboard: KeyboardParameters | undefined;
  #pointing = false;
  #leds: LedState = LEDS_OFF;
  readonly #zeroReports = KEYBOARD_INPUT_REPORT_IDS.map((reportId) => {
    const report = new Uint8Array(reportId === 1 ? ReportSize.Keyboard : ReportSize.Array);
    report[0] = reportId;
    return report;
  });
  readonly #zeroPointing = new Uint8Array(ReportSize.Pointing);

  /**
   * Creates a closed device and its host.
   *
   * @param options The host's clock, layout, keyboard type, screen and initial cursor.
   */
  constructor(options: SimDeviceOptions = {}) {
    this.host = new SimulatedHost({
      ...options,
      onLedOutput: (report) => {
        const { numLock, capsLock } = decodeLedReport(report);
        this.#leds = Object.freeze({ numLock, capsLock });
      },
    });
  }

  /** The parameters the keyboard was initialized with, or `undefined` before that. */
  get keyboardParameters(): KeyboardParameters | undefined {
    return this.#keyboard;
  }

  /** Connects; does nothing when already connected. A closed device can be opened again. */
  open(): Promise<void> {
    this.#connection = "open";
    return Promise.resolve();
  }

  /**
   * Creates the virtual keyboard. With other parameters than before, the old keyboard goes away
   * first (every key released), as with the real driver when the client reconnects.
   *
   * @param parameters Vendor id, product id and country code.
   * @param options The timeout; the simulated keyboard is ready at once.
   * @throws {DeviceUnavailableError} When the device is not open.
   * @throws {DeviceArgumentError} On parameters or a timeout out of range.
   */
  initializeKeyboard(
    parameters: KeyboardParameters,
    options: InitializeOptions = {},
  ): Promise<void> {
    return settle(() => {
      this.#checkOpen("initialize the keyboard");
      const wanted = checkedKeyboardParameters(parameters);
      checkInitializeOptions(options);
      const previous = this.#keyboard;
      if (previous !== undefined && !sameKeyboardParameters(previous, wanted)) this.resetKeyboard();
      this.#keyboard = wanted;
    });
  }

  /**
   * Creates the virtual pointing device; does nothing when it exists.
   *
   * @param options The timeout; the simulated pointing device is ready at once.
   * @throws {DeviceUnavailableError} When the device is not open.
   * @throws {DeviceArgumentError} On a timeout out of range.
   */
  initializePointing(options: InitializeOptions = {}): Promise<void> {
    return settle(() => {
      this.#checkOpen("initialize the pointing device");
      checkInitializeOptions(options);
      this.#pointing = true;
    });
  }

  /** Whether the keyboard takes reports. */
  isKeyboardReady(): boolean {
    return this.#connection === "open" && this.#keyboard !== undefined;
  }

  /** Whether the pointing device takes reports. */
  isPointingReady(): boolean {
    return this.#connection === "open" && this.#pointing;
  }

  /**
   * Delivers a keyboard input report to the host.
   *
   * @param report Report id 1 (67 bytes) or 2, 3, 4, 7 (65 bytes), report id first.
   * @throws {DeviceUnavailableError} Before `initializeKeyboard()` or after `close()`.
   * @throws {HidReportError} On a wrong report id or size, or a report the host rejects.
   */
  postKeyboardReport(report: Uint8Array): void {
    this.#checkKeyboard("post a keyboard report");
    checkKeyboardInputReport(report);
    this.host.receive(report, "keyboard");
  }

  /**
   * Delivers a pointing input report to the host.
   *
   * @param report 8 bytes: buttons (u32 LE), x, y, vertical, horizontal (i8).
   * @throws {DeviceUnavailableError} Before `initializePointing()` or after `close()`.
   * @throws {HidReportError} On a wrong size, or a report the host rejects.
   */
  postPointingReport(report: Uint8Array): void {
    this.#checkPointing("post a pointing report");
    checkPointingInputReport(report);
    this.host.receive(report, "pointing");
  }

  /**
   * Posts an all-zero report for ids 1, 2, 4, 3 and 7 (the driver's order), releasing every key.
   *
   * @throws {DeviceUnavailableError} Before `initializeKeyboard()` or after `close()`.
   */
  resetKeyboard(): void {
    this.#checkKeyboard("reset the keyboard");
    for (const report of this.#zeroReports) this.host.receive(report, "keyboard");
  }

  /**
   * Posts an all-zero pointing report, releasing every button.
   *
   * @throws {DeviceUnavailableError} Before `initializePointing()` or after `close()`.
   */
  resetPointing(): void {
    this.#checkPointing("reset the pointing device");
    this.host.receive(this.#zeroPointing, "pointing");
  }

  /** The LED state the host last sent; all off until the host sends one. */
  ledState(): LedState {
    return this.#leds;
  }

  /** Releases every key and button, then disconnects; does nothing when not open. */
  close(): void {
    if (this.#connection !== "open") return;
    try {
      if (this.#keyboard !== undefined) this.resetKeyboard();
    } finally {
      try {
        if (this.#pointing) this.resetPointing();
      } finally {
        this.#connection = "closed";
        this.#keyboard = undefined;
        this.#pointing = false;
      }
    }
  }

  #checkOpen(action: string): void {
    if (this.#connection === "new") {
      throw new DeviceUnavailableError(
        `cannot ${action}: the sim device is not open`,
        "call open() first, or use openSession()",
      );
    }
    if (this.#connection === "closed") {
      throw new DeviceUnavailableError(
        `cannot ${action}: the sim device is closed`,
        "open it again, or start a new session",
      );
    }
  }

  #checkKeyboard(action: string): void {
    this.#checkOpen(action);
    if (this.#keyboard === undefined) {
      throw new DeviceUnavailableError(
        `cannot ${action}: the virtual keyboard is not initialized`,
        "call initializeKeyboard() after open(), or use openSession()",
      );
    }
  }

  #checkPointing(action: string): void {
    this.#checkOpen(action);
    if (!this.#pointing) {
      throw new DeviceUnavailableError(
        `cannot ${action}: the virtual pointing device is not initialized`,
        "call initializePointing() after open(), or use openSession()",
      );
    }
  }
}

/** Runs `step` now and reports its outcome as a promise, so errors reject instead of throwing. */
function settle(step: () => void): Promise<void> {
  try {
    step();
    return Promise.resolve();
  } catch (error) {
    return Promise.reject(error);
  }
}
