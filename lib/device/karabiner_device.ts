/**
 * The `karabiner` backend: a {@linkcode VirtualHIDDevice} that types through the virtual HID
 * driver of an installed Karabiner-Elements, by way of its root daemon's UNIX socket
 * (karabiner-daemon-protocol.md). Karabiner's driver admits no other client over IOKit, so this
 * is how a Mac without dextkit's own driver types.
 *
 * What it does:
 * - `open()` connects to the socket (`DEXTKIT_KARABINER_SOCKET`, else the daemon's path) through
 *   the synchronous libc transport, and starts a heartbeat every 500 ms (an unref'd timer; the
 *   daemon drops a client silent for 5 s) that also reads what the daemon pushed: status
 *   changes (answered at once with an empty response, or the daemon drops the client), health
 *   checks (answered), heartbeats.
 * - Initialize probes the protocol in-band: keyboard initialize in protocol 7; a daemon of
 *   another version answers with an empty response, so protocol 6 is tried next. It then waits
 *   for `virtual_hid_keyboard_ready` (or pointing), 12 s by default: longer than the daemon's
 *   5 s re-creation of a device that is not ready. `driver_activated` false and
 *   `driver_version_mismatched` fail at once with what to do.
 * - Posts are synchronous `send` calls of pre-built frames (no allocation per report). Every 16
 *   posts the daemon's answers are read without waiting, so they never pile up.
 * - When a send fails (the daemon restarted or died) the post reconnects at once, waiting
 *   synchronously for the socket and the new devices (bounded by the ready timeout), sends the
 *   report again and tells the user once, in one line; if the daemon does not come back it
 *   raises `KarabinerConnectionLostError`. When the daemon goes away while nothing is posted,
 *   the heartbeat notices (the socket closed) and reconnects as soon as the socket is back.
 * - The Caps Lock / Num Lock state is not on the socket: it is read from the HID system
 *   (`lib/iokit/hid_system_lock_state.ts`).
 * - `close()` resets both devices and waits briefly for the answers before closing the socket:
 *   the daemon closes a client's devices without a reset.
 *
 * Importing this module registers the backend as `"karabiner"` in `deviceBackends` and its
 * probe for `auto`.
 *
 * @module
 */
import { getLogger } from "../deps/logtape.ts";
import type { LedState } from "../hid/led_report.ts";
import { checkKeyboardInputReport, checkPointingInputReport } from "../host/input_report_checks.ts";
import { HIDSystemLockState } from "../iokit/hid_system_lock_state.ts";
import {
  HEALTH_CHECK_RESPONSE_FRAME,
  HEARTBEAT_FRAME,
  MessageType,
  REQUEST_HEADER_SIZE,
  writeFrameHeader,
} from "../karabiner/frame.ts";
import { FrameDecoder } from "../karabiner/frame_decoder.ts";
import {
  KarabinerConnectionLostError,
  KarabinerDaemonNotFoundError,
  KarabinerDriverNotActivatedError,
  KarabinerNotReadyError,
  KarabinerVersionMismatchError,
} from "../karabiner/karabiner_errors.ts";
import {
  keyboardInitializeStruct,
  postRequestForReport,
  ServiceRequestFrame,
} from "../karabiner/payloads.ts";
import { type KarabinerProtocol, SUPPORTED_PROTOCOLS } from "../karabiner/requests.ts";
import { karabinerSocketPath } from "../karabiner/socket_path.ts";
import { applyStatusPairs, type KarabinerStatus } from "../karabiner/status.ts";
import { connectUnixStream } from "../socket/libc_unix_socket.ts";
import { type StreamConnector, type StreamTransport } from "../socket/stream_transport.ts";
import {
  checkedKeyboardParameters,
  sameKeyboardParameters,
} from "../protocol/keyboard_parameters.ts";
import { type Clock, systemClock } from "./clock.ts";
import { DeviceUnavailableError } from "./device_errors.ts";
import { autoProbes, deviceBackends } from "./select_device.ts";
import {
  checkInitializeOptions,
  type InitializeOptions,
  type KeyboardParameters,
  type VirtualHIDDevice,
} from "./virtual_hid_device.ts";
import { probeKarabinerSocket } from "./karabiner_probe.ts";
import { connectFailure } from "./karabiner_connect_failure.ts";

/** Options of {@linkcode KarabinerDevice}. */
export interface KarabinerDeviceOptions {
  /** The daemon's socket; `DEXTKIT_KARABINER_SOCKET`, else the daemon's path, when omitted. */
  readonly socketPath?: string;
  /** Where `DEXTKIT_KARABINER_SOCKET` is read; `Deno.env` (if permitted) when omitted. */
  readonly env?: { get(name: string): string | undefined };
  /** Opens the socket; the libc transport when omitted. */
  readonly connect?: StreamConnector;
  /**
   * The clock the asynchronous waits (initialize) sleep on; the system clock when omitted. The
   * daemon runs in real time, so a virtual clock only suits a daemon that answers at once; the
   * synchronous waits (reconnect, close) always use the real clock.
   */
  readonly clock?: Clock;
  /** How long initialize (and a reconnect) waits for ready, in ms, when not told; 12 000. */
  readonly readyTimeoutMs?: number;
  /** How long each protocol version may take to answer initialize, in ms; 3000. */
  readonly answerTimeoutMs?: number;
  /** The heartbeat interval in ms; 500. 0 turns the timer off (tests, benchmarks). */
  readonly heartbeatMs?: number;
  /**
   * The lock state source; the HID system when omitted (through the stand-in library that
   * `DEXTKIT_HID_SYSTEM_LIBRARY` names, if set: the tests' `tests/fake_karabiner`).
   */
  readonly lockState?: () => LedState | undefined;
  /** The protocol versions to try, in order; 7 then 6 when omitted. */
  readonly protocols?: readonly KarabinerProtocol[];
  /** Receives the one-line notices (a reconnect); a warning in the log when omitted. */
  readonly notice?: (line: string) => void;
}

type DeviceKind = "keyboard" | "pointing device";
type State = "new" | "open" | "closed";

const LEDS_OFF: LedState = Object.freeze({ numLock: false, capsLock: false });
const DRAIN_EVERY = 16;
const CLOSE_WAIT_MS = 1000;
const RECONNECT_PAUSE_MS = 100;
const logger = getLogger(["dextkit", "device", "karabiner"]);

/** The frames of one protocol version, built once. */
class ProtocolFrames {
  readonly keyboardInitialize: ServiceRequestFrame;
  readonly pointingInitialize: ServiceRequestFrame;
  readonly keyboardTerminate: ServiceRequestFrame;
  readonly keyboardReset: ServiceRequestFrame;
  readonly pointingReset: ServiceRequestFrame;
  readonly pointingPost: ServiceRequestFrame;
  // By report id: 1, 2, 3, 4, 7.
  readonly keyboardPosts: (ServiceRequestFrame | undefined)[] = [];

  constructor(readonly protocol: KarabinerProtocol) {
    this.keyboardInitialize = new ServiceRequestFrame(protocol, "virtual_hid_keyboard_initialize");
    this.pointingInitialize = new ServiceRequestFrame(protocol, "virtual_hid_pointing_initialize");
    this.keyboardTerminate = new ServiceRequestFrame(protocol, "virtual_hid_keyboard_terminate");
    this.keyboardReset = new ServiceRequestFrame(protocol, "virtual_hid_keyboard_reset");
    this.pointingReset = new ServiceRequestFrame(protocol, "virtual_hid_pointing_reset");
    this.pointingPost = new ServiceRequestFrame(protocol, "post_pointing_input_report");
    for (const id of [1, 2, 3, 4, 7]) {
      const request = postRequestForReport(id);
      if (request !== undefined) {
        this.keyboardPosts[id] = new ServiceRequestFrame(protocol, request);
      }
    }
  }
}

/**
 * A virtual keyboard and pointing device of Karabiner's driver, through its daemon.
 *
 * @example The backend is registered; an unopened device refuses reports
 * ```ts
 * import { KarabinerDevice } from "./karabiner_device.ts";
 * import { deviceBackends } from "./select_device.ts";
 * import { DeviceUnavailableError } from "./device_errors.ts";
 *
 * console.assert(deviceBackends.has("karabiner"));
 * try {
 *   new KarabinerDevice().postKeyboardReport(new Uint8Array(67));
 * } catch (error) {
 *   console.assert(error instanceof DeviceUnavailableError);
 * }
 * ```
 */
export class KarabinerDevice implements VirtualHIDDevice {
  /** Always `"karabiner"`. */
  readonly backend = "karabiner";
  readonly #options: KarabinerDeviceOptions;
  readonly #clock: Clock;
  readonly #connect: StreamConnector;
  readonly #readBuffer = new Uint8Array(64 * 1024);
  readonly #answer = new Uint8Array(REQUEST_HEADER_SIZE);
  readonly #lockState: () => LedState | undefined;
  #decoder = new FrameDecoder();
  #socketPath: string | undefined;
  #state: State = "new";
  #transport: StreamTransport | undefined;
  #frames: ProtocolFrames | undefined;
  #negotiated: KarabinerProtocol | undefined;
  #status: KarabinerStatus = {};
  #nextRequestId = 1;
  // Request ids whose answer is awaited, with how many status pairs the answer carried.
  readonly #awaited = new Map<number, number | undefined>();
  #keyboard: KeyboardParameters | undefined;
  #pointing = false;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #postsSinceDrain = 0;
  #hidSystem: HIDSystemLockState | undefined;

  /**
   * Creates a closed device.
   *
   * @param options Socket, transport, clock, timings, lock state source.
   */
  constructor(options: KarabinerDeviceOptions = {}) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#connect = options.connect ?? connectUnixStream;
    this.#lockState = options.lockState ?? (() => {
      const path = (this.#options.env ?? permittedEnv).get("DEXTKIT_HID_SYSTEM_LIBRARY");
      this.#hidSystem ??= new HIDSystemLockState(path === undefined ? {} : { path });
      return this.#hidSystem.read();
    });
  }

  /** The socket path, resolved at `open()`. */
  get socketPath(): string {
    this.#socketPath ??= this.#options.socketPath ??
      karabinerSocketPath(this.#options.env ?? permittedEnv);
    return this.#socketPath;
  }

  /** The protocol version the daemon last accepted, or `undefined` before the first initialize. */
  get protocol(): KarabinerProtocol | undefined {
    return this.#negotiated;
  }

  /** The five status flags as last heard (a copy). */
  get status(): Readonly<KarabinerStatus> {
    return { ...this.#status };
  }

  /**
   * Connects to the daemon's socket and starts the heartbeat. Does nothing when open.
   *
   * @throws {KarabinerNotRootError} When the socket's folder is root-only and this is not root.
   * @throws {KarabinerDaemonNotFoundError} When there is no socket, or nobody listens on it.
   * @throws {KarabinerOutdatedError} When only the old datagram sockets exist.
   * @throws {KarabinerConnectError} When connecting fails otherwise.
   */
  open(): Promise<void> {
    if (this.#state === "open") return Promise.resolve();
    try {
      this.#transport = this.#connectOnce();
    } catch (error) {
      return Promise.reject(error);
    }
    this.#state = "open";
    this.#status = {};
    this.#transport.send(HEARTBEAT_FRAME);
    this.#startHeartbeat();
    return Promise.resolve();
  }

  /**
   * Creates the virtual keyboard with these parameters and waits until it is ready. The first
   * initialize settles the protocol version (7, else 6).
   *
   * @param parameters Vendor id, product id and country code.
   * @param options How long to wait for ready.
   * @throws {DeviceUnavailableError} When the device is not open.
   * @throws {KarabinerDriverNotActivatedError} When the driver extension is not activated.
   * @throws {KarabinerVersionMismatchError} When the daemon reports a version mismatch (reboot).
   * @throws {KarabinerNotReadyError} When the keyboard is not ready in time, or no protocol
   * version dextkit speaks is answered.
   */
  async initializeKeyboard(
    parameters: KeyboardParameters,
    options: InitializeOptions = {},
  ): Promise<void> {
    this.#checkOpen("initialize the keyboard");
    const wanted = checkedKeyboardParameters(parameters);
    checkInitializeOptions(options);
    const timeout = options.timeoutMs ?? this.#options.readyTimeoutMs ?? 12_000;
    const previous = this.#keyboard;
    if (previous !== undefined && !sameKeyboardParameters(previous, wanted)) {
      this.resetKeyboard();
      if (this.#frames !== undefined) this.#requestWith(this.#frames.keyboardTerminate);
      this.#status.virtualHidKeyboardReady = false;
    }
    this.#keyboard = wanted;
    if (this.#frames === undefined) await this.#negotiate(wanted);
    else if (previous === undefined || !sameKeyboardParameters(previous, wanted)) {
      await this.#awaitAnswer(this.#sendKeyboardInitialize(this.#frames, wanted));
    }
    await this.#waitReady("keyboard", timeout);
  }

  /**
   * Creates the virtual pointing device and waits until it is ready.
   *
   * @param options How long to wait for ready.
   * @throws {DeviceUnavailableError} When the device is not open.
   * @throws {KarabinerNotReadyError} When it is not ready in time.
   */
  async initializePointing(options: InitializeOptions = {}): Promise<void> {
    this.#checkOpen("initialize the pointing device");
    checkInitializeOptions(options);
    const timeout = options.timeoutMs ?? this.#options.readyTimeoutMs ?? 12_000;
    if (!this.#pointing) {
      this.#pointing = true;
      if (this.#frames === undefined) await this.#negotiate(undefined);
      else await this.#awaitAnswer(this.#requestWith(this.#frames.pointingInitialize));
    }
    await this.#waitReady("pointing device", timeout);
  }

  /** Whether the daemon said the keyboard is ready. */
  isKeyboardReady(): boolean {
    if (this.#state !== "open" || this.#keyboard === undefined) return false;
    this.#pump(0);
    return this.#status.virtualHidKeyboardReady === true;
  }

  /** Whether the daemon said the pointing device is ready. */
  isPointingReady(): boolean {
    if (this.#state !== "open" || !this.#pointing) return false;
    this.#pump(0);
    return this.#status.virtualHidPointingReady === true;
  }

  /**
   * Posts a keyboard input report. Synchronous; allocates nothing.
   *
   * @param report Report id 1 (67 bytes) or 2, 3, 4, 7 (65 bytes), report id first.
   * @throws {DeviceUnavailableError} Before `initializeKeyboard()` or after `close()`.
   * @throws {HidReportError} On a wrong report id or size.
   * @throws {KarabinerConnectionLostError} When the daemon is gone and does not come back.
   */
  postKeyboardReport(report: Uint8Array): void {
    const frames = this.#framesFor("keyboard", "post a keyboard report");
    const frame = frames.keyboardPosts[checkKeyboardInputReport(report)] as ServiceRequestFrame;
    frame.struct.set(report);
    this.#post(frame, "post a keyboard report");
  }

  /**
   * Posts a pointing input report. Synchronous; allocates nothing.
   *
   * @param report 8 bytes: buttons (u32 LE), x, y, vertical, horizontal (i8).
   * @throws {DeviceUnavailableError} Before `initializePointing()` or after `close()`.
   * @throws {HidReportError} On a wrong size.
   * @throws {KarabinerConnectionLostError} When the daemon is gone and does not come back.
   */
  postPointingReport(report: Uint8Array): void {
    const frames = this.#framesFor("pointing device", "post a pointing report");
    checkPointingInputReport(report);
    frames.pointingPost.struct.set(report);
    this.#post(frames.pointingPost, "post a pointing report");
  }

  /**
   * Releases every key (`virtual_hid_keyboard_reset`). When the daemon restarted, its new
   * keyboard has nothing pressed, which is the same.
   *
   * @throws {DeviceUnavailableError} Before `initializeKeyboard()` or after `close()`.
   * @throws {KarabinerConnectionLostError} When the daemon is gone and does not come back.
   */
  resetKeyboard(): void {
    const frames = this.#framesFor("keyboard", "reset the keyboard");
    this.#post(frames.keyboardReset, "reset the keyboard", false);
  }

  /**
   * Releases every button (`virtual_hid_pointing_reset`).
   *
   * @throws {DeviceUnavailableError} Before `initializePointing()` or after `close()`.
   * @throws {KarabinerConnectionLostError} When the daemon is gone and does not come back.
   */
  resetPointing(): void {
    const frames = this.#framesFor("pointing device", "reset the pointing device");
    this.#post(frames.pointingReset, "reset the pointing device", false);
  }

  /**
   * The Caps Lock and Num Lock state, from the HID system (the socket carries no LED report);
   * all off when it cannot be read.
   */
  ledState(): LedState {
    return this.#lockState() ?? LEDS_OFF;
  }

  /**
   * Resets both devices, waits up to a second for the daemon's answers, then closes the socket.
   * Does nothing when not open. A daemon that is already gone has nothing left to release.
   */
  close(): void {
    if (this.#state !== "open") return;
    this.#state = "closed";
    this.#stopHeartbeat();
    const transport = this.#transport;
    const frames = this.#frames;
    if (transport !== undefined && frames !== undefined) {
      const ids: number[] = [];
      if (this.#keyboard !== undefined) {
        ids.push(this.#sendRequest(transport, frames.keyboardReset));
      }
      if (this.#pointing) ids.push(this.#sendRequest(transport, frames.pointingReset));
      for (const id of ids) this.#awaited.set(id, undefined);
      // A synchronous wait: on the real clock, whatever clock the asynchronous waits use.
      const deadline = performance.now() + CLOSE_WAIT_MS;
      while (
        ids.some((id) => this.#awaited.get(id) === undefined) && this.#transport !== undefined
      ) {
        const left = deadline - performance.now();
        if (left <= 0) break;
        this.#pump(left);
      }
    }
    this.#transport?.close();
    this.#transport = undefined;
    this.#awaited.clear();
    this.#keyboard = undefined;
    this.#pointing = false;
    this.#frames = undefined;
    this.#decoder = new FrameDecoder();
    this.#hidSystem?.close();
  }

  // ---- connection ----

  #connectOnce(): StreamTransport {
    const path = this.socketPath;
    try {
      return this.#connect(path);
    } catch (error) {
      throw connectFailure(path, error);
    }
  }

  #startHeartbeat(): void {
    const interval = this.#options.heartbeatMs ?? 500;
    if (interval <= 0) return;
    this.#heartbeat = setInterval(() => {
      const transport = this.#transport;
      if (this.#state !== "open") return;
      if (transport === undefined) {
        // The daemon went away while nothing was posted: come back as soon as it is there.
        if (this.#frames === undefined || (this.#keyboard === undefined && !this.#pointing)) return;
        try {
          this.#reconnect("reconnect to Karabiner's daemon", true);
        } catch {
          this.#lose();
        }
        return;
      }
      if (!transport.send(HEARTBEAT_FRAME)) {
        this.#lose();
        return;
      }
      try {
        this.#pump(0);
      } catch {
        this.#lose();
      }
    }, interval);
    Deno.unrefTimer(this.#heartbeat);
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  #lose(): void {
    this.#transport?.close();
    this.#transport = undefined;
    this.#decoder = new FrameDecoder();
    this.#awaited.clear();
    this.#status = {};
  }

  // Reads what arrived, waiting at most `timeoutMs` for the first bytes, and handles every whole
  // frame. A closed peer drops the transport.
  #pump(timeoutMs: number): void {
    let wait = timeoutMs;
    for (;;) {
      const transport = this.#transport;
      if (transport === undefined) return;
      const count = transport.receive(this.#readBuffer, wait);
      wait = 0;
      if (count < 0) {
        this.#lose();
        return;
      }
      if (count === 0) return;
      this.#decoder.push(this.#readBuffer, count);
      while (this.#decoder.next()) this.#handle(transport);
    }
  }

  #handle(transport: StreamTransport): void {
    const frame = this.#decoder.frame;
    switch (frame.type) {
      case MessageType.HealthCheck:
        transport.send(HEALTH_CHECK_RESPONSE_FRAME);
        return;
      case MessageType.Request:
        applyStatusPairs(
          this.#status,
          this.#decoder.buffer,
          frame.payloadStart,
          frame.payloadLength,
        );
        writeFrameHeader(this.#answer, MessageType.Response, frame.requestId, 0);
        transport.send(this.#answer);
        return;
      case MessageType.Response:
        if (this.#awaited.has(frame.requestId)) {
          this.#awaited.set(
            frame.requestId,
            applyStatusPairs(
              this.#status,
              this.#decoder.buffer,
              frame.payloadStart,
              frame.payloadLength,
            ),
          );
        }
        return;
      default:
        return;
    }
  }

  // ---- requests ----

  #sendRequest(transport: StreamTransport, frame: ServiceRequestFrame): number {
    const id = this.#nextRequestId++;
    frame.setRequestId(id);
    transport.send(frame.bytes);
    return id;
  }

  #sendKeyboardInitialize(frames: ProtocolFrames, parameters: KeyboardParameters): number {
    const transport = this.#transport;
    if (transport === undefined) return -1;
    keyboardInitializeStruct(parameters, frames.keyboardInitialize.struct);
    const id = this.#sendRequest(transport, frames.keyboardInitialize);
    this.#awaited.set(id, undefined);
    return id;
  }

  // Tries each protocol version with the first initialize; the one answered with status pairs
  // is the daemon's. A daemon of another version answers with an empty response (or not at all).
  async #negotiate(keyboard: KeyboardParameters | undefined): Promise<void> {
    const protocols = this.#options.protocols ?? SUPPORTED_PROTOCOLS;
    for (const protocol of protocols) {
      const frames = new ProtocolFrames(protocol);
      const id = keyboard === undefined
        ? this.#requestWith(frames.pointingInitialize)
        : this.#sendKeyboardInitialize(frames, keyboard);
      const pairs = await this.#awaitAnswer(id);
      if (pairs !== undefined && pairs > 0) {
        this.#frames = frames;
        this.#negotiated = protocol;
        return;
      }
    }
    this.#keyboard = undefined;
    this.#pointing = false;
    const kind = keyboard === undefined ? "pointing device" : "keyboard";
    if (this.#transport === undefined) {
      throw new KarabinerConnectionLostError(`initialize the ${kind}`);
    }
    throw new KarabinerNotReadyError(kind, this.#options.answerTimeoutMs ?? 3000, protocols, false);
  }

  #requestWith(frame: ServiceRequestFrame): number {
    const transport = this.#transport;
    if (transport === undefined) return -1;
    const id = this.#sendRequest(transport, frame);
    this.#awaited.set(id, undefined);
    return id;
  }

  // Waits for the answer to request `id`; its number of status pairs, or undefined.
  async #awaitAnswer(id: number): Promise<number | undefined> {
    const deadline = this.#clock.now() + (this.#options.answerTimeoutMs ?? 3000);
    try {
      for (;;) {
        this.#checkOpen("wait for Karabiner's daemon");
        this.#pump(0);
        const pairs = this.#awaited.get(id);
        if (pairs !== undefined || this.#transport === undefined) return pairs;
        if (this.#clock.now() >= deadline) return undefined;
        await this.#clock.sleep(5);
      }
    } finally {
      this.#awaited.delete(id);
    }
  }

  async #waitReady(kind: DeviceKind, timeoutMs: number): Promise<void> {
    const start = this.#clock.now();
    let pause = 5;
    for (;;) {
      this.#checkOpen(`wait for the ${kind}`);
      this.#pump(0);
      if (this.#transport === undefined) {
        throw new KarabinerConnectionLostError(`wait for the ${kind}`);
      }
      this.#checkDriver();
      if (this.#ready(kind)) return;
      const now = this.#clock.now();
      if (now - start >= timeoutMs) {
        throw new KarabinerNotReadyError(kind, timeoutMs, [this.#frames?.protocol ?? 7]);
      }
      await this.#clock.sleep(Math.min(pause, start + timeoutMs - now));
      pause = Math.min(pause * 2, 100);
    }
  }

  #ready(kind: DeviceKind): boolean {
    return kind === "keyboard"
      ? this.#status.virtualHidKeyboardReady === true
      : this.#status.virtualHidPointingReady === true;
  }

  #checkDriver(): void {
    if (this.#status.driverVersionMismatched === true) throw new KarabinerVersionMismatchError();
    if (this.#status.driverActivated === false) throw new KarabinerDriverNotActivatedError();
  }

  // ---- posting and reconnecting ----

  #post(frame: ServiceRequestFrame, action: string, resend = true): void {
    const transport = this.#transport;
    frame.setRequestId(this.#nextRequestId++);
    if (transport !== undefined && transport.send(frame.bytes)) {
      if (++this.#postsSinceDrain >= DRAIN_EVERY) {
        this.#postsSinceDrain = 0;
        this.#pump(0);
      }
      return;
    }
    this.#reconnect(action);
    if (!resend) return;
    const frames = this.#frames as ProtocolFrames;
    const again = frame.request === "post_pointing_input_report"
      ? frames.pointingPost
      : frames.keyboardPosts[frame.struct[0] ?? 0];
    if (again === undefined) return;
    if (again !== frame) again.struct.set(frame.struct);
    again.setRequestId(this.#nextRequestId++);
    if (!this.#transport?.send(again.bytes)) throw new KarabinerConnectionLostError(action);
  }

  // Connects again and re-creates the wanted devices, waiting synchronously (a post is
  // synchronous) until they are ready or the ready timeout passes.
  // With `once`, a daemon that is not back yet is no error: one attempt, and `false`.
  #reconnect(action: string, once = false): boolean {
    this.#lose();
    const timeout = this.#options.readyTimeoutMs ?? 12_000;
    // A synchronous wait: on the real clock, whatever clock the asynchronous waits use.
    const deadline = performance.now() + timeout;
    let transport: StreamTransport | undefined;
    while (transport === undefined) {
      try {
        transport = this.#connectOnce();
      } catch (error) {
        const comingBack = error instanceof KarabinerDaemonNotFoundError;
        if (once && comingBack) return false;
        if (!comingBack || performance.now() >= deadline) {
          throw new KarabinerConnectionLostError(action, error);
        }
        sleepSync(RECONNECT_PAUSE_MS);
      }
    }
    this.#transport = transport;
    try {
      this.#recreateDevices(action, deadline, timeout);
    } catch (error) {
      // Devices that are not ready take no reports: the next call tries again from the start.
      this.#lose();
      throw error;
    }
    this.#awaited.clear();
    (this.#options.notice ?? ((line: string) => logger.warn(line)))(
      "Karabiner's daemon restarted: reconnected and created the virtual devices again " +
        "(keys held at that moment were released)",
    );
    return true;
  }

  #recreateDevices(action: string, deadline: number, timeout: number): void {
    (this.#transport as StreamTransport).send(HEARTBEAT_FRAME);
    const frames = this.#frames as ProtocolFrames;
    if (this.#keyboard !== undefined) this.#sendKeyboardInitialize(frames, this.#keyboard);
    if (this.#pointing) this.#requestWith(frames.pointingInitialize);
    while (
      this.#transport !== undefined &&
      !((this.#keyboard === undefined || this.#ready("keyboard")) &&
        (!this.#pointing || this.#ready("pointing device")))
    ) {
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new KarabinerConnectionLostError(
          action,
          new KarabinerNotReadyError(
            this.#ready("keyboard") ? "pointing device" : "keyboard",
            timeout,
            [frames.protocol],
          ),
        );
      }
      this.#pump(Math.min(left, 250));
      this.#checkDriver();
    }
    if (this.#transport === undefined) throw new KarabinerConnectionLostError(action);
  }

  // ---- checks ----

  #checkOpen(action: string): void {
    if (this.#state === "open") return;
    throw new DeviceUnavailableError(
      `cannot ${action}: the karabiner device is ${this.#state === "new" ? "not open" : "closed"}`,
      this.#state === "new"
        ? "call open() first, or use openSession()"
        : "open it again, or start a new session",
    );
  }

  #framesFor(kind: DeviceKind, action: string): ProtocolFrames {
    this.#checkOpen(action);
    const wanted = kind === "keyboard" ? this.#keyboard !== undefined : this.#pointing;
    const frames = this.#frames;
    if (!wanted || frames === undefined) {
      throw new DeviceUnavailableError(
        `cannot ${action}: the virtual ${kind} is not initialized`,
        `call initialize${kind === "keyboard" ? "Keyboard" : "Pointing"}() after open(), or use ` +
          "openSession()",
      );
    }
    return frames;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const permittedEnv = {
  get(name: string): string | undefined {
    return Deno.permissions.querySync({ name: "env", variable: name }).state === "granted"
      ? Deno.env.get(name)
      : undefined;
  },
};

deviceBackends.set("karabiner", () => new KarabinerDevice());
autoProbes.set("karabiner", () => probeKarabinerSocket());
