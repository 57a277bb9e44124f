/**
 * A device wrapper that shows what a Mac would make of the reports: every report posted to the
 * real device is also fed to a {@linkcode SimulatedHost}, so `dextkit type` can print the key
 * timeline and the resulting text whichever backend it drives.
 *
 * @module
 */
import { SimulatedHost, type SimulatedHostOptions } from "../host/simulated_host.ts";
import type { LedState } from "../hid/led_report.ts";
import { ReportId, ReportSize } from "../hid/report_ids.ts";
import type {
  InitializeOptions,
  KeyboardParameters,
  VirtualHIDDevice,
} from "./virtual_hid_device.ts";

/**
 * Forwards every call to the wrapped device and mirrors each delivered report into a simulated
 * host. A report the device refuses is not mirrored, so the host shows only what was delivered.
 *
 * @example Watch the reports sent to another device
 * ```ts
 * import { ObservedDevice } from "./observed_device.ts";
 * import { SimDevice } from "./sim_device.ts";
 * import { DEFAULT_KEYBOARD_PARAMETERS } from "./virtual_hid_device.ts";
 * import { encodeKeyboardInput } from "../hid/keyboard_report.ts";
 *
 * const device = new ObservedDevice(new SimDevice());
 * await device.open();
 * await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
 * device.postKeyboardReport(encodeKeyboardInput(0, [0x04]));
 * device.postKeyboardReport(encodeKeyboardInput(0, []));
 * console.assert(device.host.text === "a");
 * device.close();
 * ```
 */
export class ObservedDevice implements VirtualHIDDevice {
  /** The host that sees a copy of every delivered report. */
  readonly host: SimulatedHost;
  readonly #device: VirtualHIDDevice;
  readonly #zeroKeyboardReports = [
    ReportId.Keyboard,
    ReportId.Consumer,
    ReportId.AppleVendorKeyboard,
    ReportId.AppleVendorTopCase,
    ReportId.GenericDesktop,
  ].map((reportId) => {
    const report = new Uint8Array(
      reportId === ReportId.Keyboard ? ReportSize.Keyboard : ReportSize.Array,
    );
    report[0] = reportId;
    return report;
  });
  readonly #zeroPointingReport = new Uint8Array(ReportSize.Pointing);

  /**
   * Wraps a device.
   *
   * @param device The device that really receives the reports.
   * @param hostOptions Options of the mirror host (clock, layout, screen).
   */
  constructor(device: VirtualHIDDevice, hostOptions: SimulatedHostOptions = {}) {
    this.#device = device;
    this.host = new SimulatedHost(hostOptions);
  }

  /** The wrapped device's backend name. */
  get backend(): string {
    return this.#device.backend;
  }

  /** Opens the wrapped device. */
  open(): Promise<void> {
    return this.#device.open();
  }

  /** Initializes the wrapped device's keyboard. */
  initializeKeyboard(parameters: KeyboardParameters, options?: InitializeOptions): Promise<void> {
    return this.#device.initializeKeyboard(parameters, options);
  }

  /** Initializes the wrapped device's pointing device. */
  initializePointing(options?: InitializeOptions): Promise<void> {
    return this.#device.initializePointing(options);
  }

  /** Whether the wrapped keyboard is ready. */
  isKeyboardReady(): boolean {
    return this.#device.isKeyboardReady();
  }

  /** Whether the wrapped pointing device is ready. */
  isPointingReady(): boolean {
    return this.#device.isPointingReady();
  }

  /** Posts to the wrapped device, then mirrors the report. */
  postKeyboardReport(report: Uint8Array): void {
    this.#device.postKeyboardReport(report);
    this.host.receive(report, "keyboard");
  }

  /** Posts to the wrapped device, then mirrors the report. */
  postPointingReport(report: Uint8Array): void {
    this.#device.postPointingReport(report);
    this.host.receive(report, "pointing");
  }

  /** Resets the wrapped keyboard and releases every key in the mirror. */
  resetKeyboard(): void {
    this.#device.resetKeyboard();
    this.#releaseKeysInMirror();
  }

  /** Resets the wrapped pointing device and releases every button in the mirror. */
  resetPointing(): void {
    this.#device.resetPointing();
    this.host.receive(this.#zeroPointingReport, "pointing");
  }

  /** The wrapped device's LED state. */
  ledState(): LedState {
    return this.#device.ledState();
  }

  /** Closes the wrapped device (which resets it first) and releases everything in the mirror. */
  close(): void {
    try {
      this.#device.close();
    } finally {
      this.#releaseKeysInMirror();
      this.host.receive(this.#zeroPointingReport, "pointing");
    }
  }

  #releaseKeysInMirror(): void {
    for (const report of this.#zeroKeyboardReports) this.host.receive(report, "keyboard");
  }
}
