/**
 * The `iokit` backend: a {@linkcode VirtualHIDDevice} that talks to the driver's user client
 * through IOKit (Deno FFI). On macOS that is the real driver; elsewhere the library named by
 * `DEXTKIT_IOKIT_LIBRARY` (the fake in `tests/fake_iokit`, which runs the real `dext/core`).
 *
 * What it does, following what a direct IOKit client must replicate (driverkit-reference.md
 * §8.2, §8.5):
 * - `open()` finds the root service by its registry name, opens one connection (IOServiceOpen
 *   with `mach_task_self_`) and checks the driver's version; a driver speaking another protocol
 *   is refused with "reboot required" (`IncompatibleDriverError`, exit code 3).
 * - Keyboard and pointing device live on that one connection. Initialize waits until the driver
 *   says the device is ready, polling with a growing interval capped at 1 s; after 5 s without
 *   ready it closes the connection and opens a new one; past the timeout it fails (exit code 4).
 * - Posting is synchronous and raises when a report is not delivered. When the connection died
 *   (the driver crashed or restarted: MACH_SEND_INVALID_DEST, kIOReturnOffline,
 *   kIOReturnIPCError, kIOReturnNotReady, kIOReturnNotAttached, …) the post
 *   reconnects at once — new connection, same keyboard parameters — and sends the report again;
 *   only if that is impossible does it raise `DriverConnectionLostError`.
 * - A watcher polls the service every 250 ms (an unref'd timer, so it never keeps a script
 *   alive): a new registry entry id means the driver restarted, and the device reconnects within
 *   a second even when nothing is being posted.
 * - Changing the keyboard's vendor id, product id or country code needs a new connection (the
 *   driver keeps the first ones): every key is released, the connection reopened, and both
 *   devices created again.
 * - `close()` resets both devices, then closes the connection; dextkit's driver also releases
 *   everything itself when a connection closes or its process dies.
 *
 * After a reconnect the new devices start with nothing pressed; the controllers' next report of
 * each page carries their full state for that page again.
 *
 * Importing this module registers the backend as `"iokit"` in `deviceBackends`.
 *
 * @module
 */
import {
  checkedKeyboardParameters,
  sameKeyboardParameters,
} from "../protocol/keyboard_parameters.ts";
import type { LedState } from "../hid/led_report.ts";
import { checkKeyboardInputReport, checkPointingInputReport } from "../host/input_report_checks.ts";
import type { IOKitConnection } from "../iokit/iokit_connection.ts";
import {
  DeviceNotReadyError,
  DriverCallError,
  DriverConnectionLostError,
  DriverNotFoundError,
  isConnectionLost,
} from "../iokit/iokit_errors.ts";
import { type IOKitLibrary, loadIOKitLibrary } from "../iokit/iokit_library.ts";
import { findService } from "../iokit/iokit_service.ts";
import { openDriver } from "../iokit/open_driver.ts";
import { Capability } from "../protocol/capability.ts";
import { DriverReturn } from "../protocol/driver_return.ts";
import type { DriverInfo } from "../protocol/compatibility.ts";
import { defaultIdentity, type ProtocolIdentity } from "../protocol/identity.ts";
import { LED_STATE_MASK, LedBit } from "../protocol/reports.ts";
import { Selector } from "../protocol/selector.ts";
import { DextkitError } from "../errors.ts";
import { type Clock, systemClock } from "./clock.ts";
import { DeviceUnavailableError } from "./device_errors.ts";
import { deviceBackends } from "./select_device.ts";
import {
  checkInitializeOptions,
  type InitializeOptions,
  type KeyboardParameters,
  type VirtualHIDDevice,
} from "./virtual_hid_device.ts";

/** Options of {@linkcode IOKitDevice}. */
export interface IOKitDeviceOptions {
  /** The driver to talk to; dextkit's own ({@linkcode defaultIdentity}) when omitted. */
  readonly identity?: ProtocolIdentity;
  /**
   * The IOKit library; loaded at `open()` with `loadIOKitLibrary()` when omitted (macOS, or
   * `DEXTKIT_IOKIT_LIBRARY`).
   */
  readonly library?: IOKitLibrary;
  /** The clock the ready polls wait on; the system clock when omitted. */
  readonly clock?: Clock;
  /** How long initialize waits for a device to become ready, in ms, when not told; 10 000. */
  readonly readyTimeoutMs?: number;
  /** The longest pause between two ready polls, in ms; 1000. */
  readonly readyPollMs?: number;
  /** After this many ms without ready, the connection is opened anew; 5000. */
  readonly reopenAfterMs?: number;
  /** How often the watcher looks for a restarted driver, in ms; 250. 0 turns the watcher off. */
  readonly watchIntervalMs?: number;
  /** The `type` argument of IOServiceOpen; 0. */
  readonly connectType?: number;
}

type DeviceKind = "keyboard" | "pointing device";
type State = "new" | "open" | "closed";

const FIRST_POLL_MS = 10;
const LEDS_OFF: LedState = Object.freeze({ numLock: false, capsLock: false });
const LED_STATES: readonly LedState[] = [0, 1, 2, 3].map((bits) =>
  Object.freeze({
    numLock: (bits & LedBit.NumLock) !== 0,
    capsLock: (bits & LedBit.CapsLock) !== 0,
  })
);
const NO_SCALARS: readonly number[] = Object.freeze([]);
// Stands for "no connection" where a call's result is expected: handled like a dead port.
const DEAD_CONNECTION = 0x1000_0003;
const CREATE = {
  "keyboard": "KeyboardInitialize",
  "pointing device": "PointingInitialize",
} as const;

/**
 * A virtual keyboard and pointing device behind the driver's IOKit user client.
 *
 * @example The backend is registered; an unopened device refuses reports
 * ```ts
 * import { IOKitDevice } from "./iokit_device.ts";
 * import { deviceBackends } from "./select_device.ts";
 * import { DeviceUnavailableError } from "./device_errors.ts";
 *
 * console.assert(deviceBackends.has("iokit"));
 * const device = new IOKitDevice();
 * try {
 *   device.postKeyboardReport(new Uint8Array(67));
 * } catch (error) {
 *   console.assert(error instanceof DeviceUnavailableError);
 * }
 * ```
 */
export class IOKitDevice implements VirtualHIDDevice {
  /** Always `"iokit"`. */
  readonly backend = "iokit";
  /** The driver this device talks to. */
  readonly identity: ProtocolIdentity;
  readonly #options: IOKitDeviceOptions;
  readonly #clock: Clock;
  #library: IOKitLibrary | undefined;
  #state: State = "new";
  #connection: IOKitConnection | undefined;
  #registryEntryId = 0n;
  #driver: DriverInfo | undefined;
  #keyboard: KeyboardParameters | undefined;
  #pointing = false;
  // The connection to post to, or undefined when that device cannot take reports.
  #keyboardTarget: IOKitConnection | undefined;
  #pointingTarget: IOKitConnection | undefined;
  #leds: LedState = LEDS_OFF;
  #watchTimer: ReturnType<typeof setTimeout> | undefined;
  // The code that last revealed a dead connection, for messages.
  #lostCode = DEAD_CONNECTION;
  // The driver instance the watcher failed to reconnect to; it does not try that one again (the
  // next post does, and reports why it fails).
  #watchFailedId: bigint | undefined;

  /**
   * Creates a closed device.
   *
   * @param options Identity, library, clock and timings.
   */
  constructor(options: IOKitDeviceOptions = {}) {
    this.#options = options;
    this.identity = options.identity ?? defaultIdentity;
    this.#clock = options.clock ?? systemClock;
    this.#library = options.library;
  }

  /** What the driver reported at the last handshake, or `undefined` before `open()`. */
  get driver(): DriverInfo | undefined {
    return this.#driver;
  }

  /** The registry entry id of the driver instance connected to, or `0n` before `open()`. */
  get registryEntryId(): bigint {
    return this.#registryEntryId;
  }

  /** The open connection's `io_connect_t`, or `undefined` when there is none. */
  get connectionHandle(): number | undefined {
    return this.#connection?.handle;
  }

  /** The parameters the keyboard was initialized with, or `undefined` before that. */
  get keyboardParameters(): KeyboardParameters | undefined {
    return this.#keyboard;
  }

  /**
   * Finds the driver, opens a connection and checks the driver's version. Does nothing when
   * already open; a closed device can be opened again.
   *
   * @throws {IOKitUnavailableError} Off macOS without `DEXTKIT_IOKIT_LIBRARY`.
   * @throws {IOKitLoadError} When the library cannot be loaded.
   * @throws {DriverNotFoundError} When the driver is not running.
   * @throws {NotPermittedError} When this process may not open the driver.
   * @throws {IncompatibleDriverError} When the driver speaks another protocol (reboot required).
   */
  open(): Promise<void> {
    if (this.#state === "open") return Promise.resolve();
    try {
      this.#library ??= loadIOKitLibrary();
      this.#connect();
    } catch (error) {
      return Promise.reject(error);
    }
    this.#state = "open";
    this.#watchFailedId = undefined;
    this.#startWatching();
    return Promise.resolve();
  }

  /**
   * Creates the virtual keyboard and waits until it is ready. With other parameters than
   * before, every key is released and the connection opened anew (the driver keeps a
   * keyboard's first parameters for the life of its connection).
   *
   * @param parameters Vendor id, product id and country code.
   * @param options How long to wait for ready.
   * @throws {DeviceUnavailableError} When the device is not open.
   * @throws {DeviceArgumentError} On parameters or a timeout out of range.
   * @throws {DeviceNotReadyError} When the keyboard is not ready in time (exit code 4).
   * @throws {DriverCallError} When the driver rejects the call.
   */
  async initializeKeyboard(
    parameters: KeyboardParameters,
    options: InitializeOptions = {},
  ): Promise<void> {
    this.#checkOpen("initialize the keyboard");
    const wanted = checkedKeyboardParameters(parameters);
    checkInitializeOptions(options);
    const previous = this.#keyboard;
    if (previous === undefined) {
      this.#keyboard = wanted;
      this.#create("keyboard");
    } else if (!sameKeyboardParameters(previous, wanted)) {
      if (this.#keyboardTarget !== undefined) this.resetKeyboard();
      this.#keyboard = wanted;
      this.#reconnect();
    }
    await this.#waitReady("keyboard", options.timeoutMs);
  }

  /**
   * Creates the virtual pointing device and waits until it is ready; when it exists, only waits.
   *
   * @param options How long to wait for ready.
   * @throws {DeviceUnavailableError} When the device is not open.
   * @throws {DeviceArgumentError} On a timeout out of range.
   * @throws {DeviceNotReadyError} When the pointing device is not ready in time (exit code 4).
   * @throws {DriverCallError} When the driver rejects the call.
   */
  async initializePointing(options: InitializeOptions = {}): Promise<void> {
    this.#checkOpen("initialize the pointing device");
    checkInitializeOptions(options);
    if (!this.#pointing) {
      this.#pointing = true;
      this.#create("pointing device");
    }
    await this.#waitReady("pointing device", options.timeoutMs);
  }

  /** Asks the driver whether the keyboard is ready; `false` when it cannot say. */
  isKeyboardReady(): boolean {
    return this.#keyboardTarget !== undefined &&
      this.#queryReady(this.#keyboardTarget, Selector.KeyboardReady) === true;
  }

  /** Asks the driver whether the pointing device is ready; `false` when it cannot say. */
  isPointingReady(): boolean {
    return this.#pointingTarget !== undefined &&
      this.#queryReady(this.#pointingTarget, Selector.PointingReady) === true;
  }

  /**
   * Posts a keyboard input report (selector 3). Allocates nothing.
   *
   * @param report Report id 1 (67 bytes) or 2, 3, 4, 7 (65 bytes), report id first.
   * @throws {DeviceUnavailableError} Before `initializeKeyboard()` or after `close()`.
   * @throws {HidReportError} On a wrong report id or size.
   * @throws {DriverConnectionLostError} When the driver is gone and no new connection could
   * deliver the report.
   * @throws {DriverCallError} When the driver rejects the report.
   */
  postKeyboardReport(report: Uint8Array): void {
    const target = this.#keyboardTarget ?? this.#revive("keyboard", "post a keyboard report");
    checkKeyboardInputReport(report);
    const code = target.postStruct(Selector.KeyboardPostReport, report);
    if (code !== 0) this.#recoverPost("keyboard", report, code);
  }

  /**
   * Posts a pointing input report (selector 7). Allocates nothing.
   *
   * @param report 8 bytes: buttons (u32 LE), x, y, vertical, horizontal (i8).
   * @throws {DeviceUnavailableError} Before `initializePointing()` or after `close()`.
   * @throws {HidReportError} On a wrong size.
   * @throws {DriverConnectionLostError} When the driver is gone and no new connection could
   * deliver the report.
   * @throws {DriverCallError} When the driver rejects the report.
   */
  postPointingReport(report: Uint8Array): void {
    const target = this.#pointingTarget ??
      this.#revive("pointing device", "post a pointing report");
    checkPointingInputReport(report);
    const code = target.postStruct(Selector.PointingPostReport, report);
    if (code !== 0) this.#recoverPost("pointing device", report, code);
  }

  /**
   * Releases every key (selector 4: the all-zero report of ids 1, 2, 3, 4 and 7). When the
   * connection died, the new connection's keyboard has nothing pressed, which is the same.
   *
   * @throws {DeviceUnavailableError} Before `initializeKeyboard()` or after `close()`.
   * @throws {DriverConnectionLostError} When the driver is gone and cannot be reconnected.
   * @throws {DriverCallError} When the driver rejects the call.
   */
  resetKeyboard(): void {
    const target = this.#keyboardTarget ?? this.#revive("keyboard", "reset the keyboard");
    this.#reset(target, "keyboard", "KeyboardReset");
  }

  /**
   * Releases every button (selector 8: the all-zero pointing report).
   *
   * @throws {DeviceUnavailableError} Before `initializePointing()` or after `close()`.
   * @throws {DriverConnectionLostError} When the driver is gone and cannot be reconnected.
   * @throws {DriverCallError} When the driver rejects the call.
   */
  resetPointing(): void {
    const target = this.#pointingTarget ??
      this.#revive("pointing device", "reset the pointing device");
    this.#reset(target, "pointing device", "PointingReset");
  }

  /**
   * The LED state the host last set, from selector 9 when the driver has it (dextkit's driver);
   * all off for a driver without it. When the driver cannot be asked, the last known state.
   */
  ledState(): LedState {
    const target = this.#keyboardTarget;
    if (target === undefined || ((this.#driver?.capabilities ?? 0) & Capability.LedState) === 0) {
      return this.#leds;
    }
    if (target.callScalar(Selector.KeyboardLedState, NO_SCALARS, 1) === 0) {
      this.#leds = LED_STATES[Number(target.scalarOutput[0] ?? 0n) & LED_STATE_MASK] ?? LEDS_OFF;
    }
    return this.#leds;
  }

  /**
   * Resets both devices, then closes the connection. Does nothing when not open. A connection
   * that already died is simply closed (its devices are gone), a device that never became ready
   * has nothing to release; any other failed reset is thrown after the connection is closed.
   */
  close(): void {
    if (this.#state !== "open") return;
    this.#state = "closed";
    this.#stopWatching();
    const connection = this.#connection;
    const resets: [IOKitConnection | undefined, keyof typeof Selector][] = [
      [this.#keyboardTarget, "KeyboardReset"],
      [this.#pointingTarget, "PointingReset"],
    ];
    this.#connection = this.#keyboardTarget = this.#pointingTarget = undefined;
    this.#keyboard = undefined;
    this.#pointing = false;
    this.#leds = LEDS_OFF;
    let failure: DriverCallError | undefined;
    for (const [target, name] of resets) {
      if (target === undefined) continue;
      const code = target.callScalar(Selector[name], NO_SCALARS, 0);
      // A device that never started (Busy) or whose connection died holds nothing.
      if (code !== 0 && (code >>> 0) !== DriverReturn.Busy && !isConnectionLost(code)) {
        failure ??= new DriverCallError(this.identity, name, code);
      }
    }
    connection?.close();
    if (failure !== undefined) throw failure;
  }

  // ---- connection lifecycle ----

  #connect(): IOKitConnection {
    const opened = openDriver(this.#requireLibrary(), this.identity, this.#options.connectType);
    this.#connection = opened.connection;
    this.#registryEntryId = opened.registryEntryId;
    this.#driver = opened.driver;
    return opened.connection;
  }

  // Drops the current connection (a live one is closed, so the driver releases what it held),
  // opens a new one and creates the wanted devices on it. On failure there is no connection.
  #reconnect(): void {
    const old = this.#connection;
    this.#connection = this.#keyboardTarget = this.#pointingTarget = undefined;
    old?.close();
    const connection = this.#connect();
    try {
      for (const kind of ["keyboard", "pointing device"] as const) {
        if (!this.#wants(kind)) continue;
        const code = this.#createOn(connection, kind);
        if (code !== 0) this.#check(code, CREATE[kind], `initialize the ${kind}`);
      }
    } catch (error) {
      this.#connection = this.#keyboardTarget = this.#pointingTarget = undefined;
      connection.close();
      throw error;
    }
    this.#watchFailedId = undefined;
  }

  // Creates one device on the current connection; a dead connection is replaced (which creates
  // every wanted device). A refused call is thrown and the device is no longer wanted.
  #create(kind: DeviceKind): void {
    const connection = this.#connection;
    const code = connection === undefined ? DEAD_CONNECTION : this.#createOn(connection, kind);
    if (code === 0) return;
    if (isConnectionLost(code)) {
      this.#reconnectOrWait();
      return;
    }
    if (kind === "keyboard") this.#keyboard = undefined;
    else this.#pointing = false;
    throw new DriverCallError(this.identity, CREATE[kind], code);
  }

  #createOn(connection: IOKitConnection, kind: DeviceKind): number {
    const keyboard = this.#keyboard;
    if (kind === "keyboard" && keyboard !== undefined) {
      const code = connection.callScalar(Selector.KeyboardInitialize, [
        keyboard.vendorId,
        keyboard.productId,
        keyboard.countryCode,
      ], 0);
      if (code === 0) this.#keyboardTarget = connection;
      return code;
    }
    const code = connection.callScalar(Selector.PointingInitialize, NO_SCALARS, 0);
    if (code === 0) this.#pointingTarget = connection;
    return code;
  }

  #wants(kind: DeviceKind): boolean {
    return kind === "keyboard" ? this.#keyboard !== undefined : this.#pointing;
  }

  async #waitReady(kind: DeviceKind, timeoutMs: number | undefined): Promise<void> {
    const timeout = timeoutMs ?? this.#options.readyTimeoutMs ?? 10_000;
    const maximumPoll = this.#options.readyPollMs ?? 1000;
    const reopenAfter = this.#options.reopenAfterMs ?? 5000;
    const action = `wait for the ${kind}`;
    const start = this.#clock.now();
    let reopenAt = start + reopenAfter;
    let pause = Math.min(FIRST_POLL_MS, maximumPoll);
    for (;;) {
      this.#checkOpen(action);
      if (this.#pollReady(kind, action)) return;
      const now = this.#clock.now();
      if (now - start >= timeout) {
        // With no connection left the driver itself is gone, which says more than "not ready".
        if (this.#connection === undefined) throw new DriverNotFoundError(this.identity);
        throw new DeviceNotReadyError(this.identity, kind, timeout);
      }
      if (now >= reopenAt) {
        this.#reconnectOrWait();
        reopenAt = now + reopenAfter;
      }
      await this.#clock.sleep(Math.min(pause, start + timeout - now));
      pause = Math.min(pause * 2, maximumPoll);
    }
  }

  // One ready poll while initializing: a lost connection is reopened, a missing driver waited for.
  #pollReady(kind: DeviceKind, action: string): boolean {
    const target = kind === "keyboard" ? this.#keyboardTarget : this.#pointingTarget;
    if (target === undefined) {
      this.#reconnectOrWait();
      return false;
    }
    const selector = kind === "keyboard" ? Selector.KeyboardReady : Selector.PointingReady;
    const ready = this.#queryReady(target, selector);
    if (typeof ready === "number") {
      if (!isConnectionLost(ready)) {
        this.#check(ready, kind === "keyboard" ? "KeyboardReady" : "PointingReady", action);
      }
      this.#reconnectOrWait();
      return false;
    }
    return ready;
  }

  #reconnectOrWait(): void {
    try {
      this.#reconnect();
    } catch (error) {
      if (!(error instanceof DriverNotFoundError)) throw error;
    }
  }

  // true/false from the driver, or the failure code.
  #queryReady(target: IOKitConnection, selector: number): boolean | number {
    const code = target.callScalar(selector, NO_SCALARS, 1);
    return code === 0 ? target.scalarOutput[0] === 1n : code;
  }

  #recoverPost(kind: DeviceKind, report: Uint8Array, code: number): void {
    const action = `post a ${kind === "keyboard" ? "keyboard" : "pointing"} report`;
    if (!isConnectionLost(code)) {
      throw new DriverCallError(
        this.identity,
        kind === "keyboard" ? "KeyboardPostReport" : "PointingPostReport",
        code,
      );
    }
    this.#reconnectAfterLoss(action, code);
    const target = kind === "keyboard" ? this.#keyboardTarget : this.#pointingTarget;
    const selector = kind === "keyboard"
      ? Selector.KeyboardPostReport
      : Selector.PointingPostReport;
    const retry = target?.postStruct(selector, report) ?? code;
    if (retry !== 0) {
      throw new DriverConnectionLostError(
        this.identity,
        action,
        code,
        new DextkitError(`the new connection's ${kind} did not take the report either`, {
          hint: "the restarted driver is still creating the device: retry in a moment",
        }),
      );
    }
  }

  #reset(
    target: IOKitConnection,
    kind: DeviceKind,
    name: "KeyboardReset" | "PointingReset",
  ): void {
    const code = target.callScalar(Selector[name], NO_SCALARS, 0);
    if (code === 0) return;
    if (!isConnectionLost(code)) throw new DriverCallError(this.identity, name, code);
    this.#reconnectAfterLoss(`reset the ${kind}`, code);
  }

  // A driver that is gone (or died again) becomes "connection lost"; any other refusal of the
  // new connection (another protocol, not permitted) is thrown as it is, since it says more.
  #reconnectAfterLoss(action: string, code: number): void {
    this.#lostCode = code >>> 0;
    try {
      this.#reconnect();
    } catch (error) {
      if (error instanceof DriverNotFoundError || error instanceof DriverConnectionLostError) {
        throw new DriverConnectionLostError(this.identity, action, code, error);
      }
      throw error;
    }
  }

  #check(code: number, name: keyof typeof Selector, action: string): void {
    if (code === 0) return;
    throw isConnectionLost(code)
      ? new DriverConnectionLostError(this.identity, action, code)
      : new DriverCallError(this.identity, name, code);
  }

  // ---- the watcher ----

  #startWatching(): void {
    const interval = this.#options.watchIntervalMs ?? 250;
    if (interval <= 0 || this.#watchTimer !== undefined) return;
    const schedule = () => {
      const timer = setTimeout(tick, interval);
      Deno.unrefTimer(timer);
      this.#watchTimer = timer;
    };
    const tick = () => {
      this.#watchTimer = undefined;
      if (this.#state !== "open") return;
      this.#watchOnce();
      schedule();
    };
    schedule();
  }

  #stopWatching(): void {
    if (this.#watchTimer !== undefined) clearTimeout(this.#watchTimer);
    this.#watchTimer = undefined;
  }

  // Reconnects when the running driver instance is not the one connected to. A failure is kept
  // for the next call that needs the driver and not retried against the same instance.
  #watchOnce(): void {
    let id = 0n;
    try {
      const service = findService(this.#requireLibrary(), this.identity.serviceName);
      if (service === undefined) return;
      id = service.registryEntryId;
      service.release();
      if (this.#connection !== undefined && id === this.#registryEntryId) return;
      if (this.#watchFailedId === id) return;
      this.#reconnect();
    } catch {
      this.#watchFailedId = id;
    }
  }

  // ---- checks ----

  #requireLibrary(): IOKitLibrary {
    this.#library ??= loadIOKitLibrary();
    return this.#library;
  }

  #checkOpen(action: string): void {
    if (this.#state === "open") return;
    throw new DeviceUnavailableError(
      `cannot ${action}: the iokit device is ${this.#state === "new" ? "not open" : "closed"}`,
      this.#state === "new"
        ? "call open() first, or use openSession()"
        : "open it again, or start a new session",
    );
  }

  // The target of a device that has none: not open, not initialized, or its connection was lost
  // earlier and could not be replaced then; in that last case try again now.
  #revive(kind: DeviceKind, action: string): IOKitConnection {
    this.#checkOpen(action);
    if (!this.#wants(kind)) {
      throw new DeviceUnavailableError(
        `cannot ${action}: the virtual ${kind} is not initialized`,
        `call initialize${kind === "keyboard" ? "Keyboard" : "Pointing"}() after open(), or use ` +
          "openSession()",
      );
    }
    this.#reconnectAfterLoss(action, this.#lostCode);
    const target = kind === "keyboard" ? this.#keyboardTarget : this.#pointingTarget;
    if (target === undefined) {
      throw new DriverConnectionLostError(this.identity, action, this.#lostCode);
    }
    return target;
  }
}

deviceBackends.set("iokit", () => new IOKitDevice());
