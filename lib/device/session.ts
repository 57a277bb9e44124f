/**
 * A session: a device opened with its keyboard and pointing device ready, the keyboard and mouse
 * controllers over it, and the guarantee that every key and button is released when it ends,
 * whichever way it ends.
 *
 * Every exit path releases: `close()` (also through `using` and {@linkcode withSession}, when the
 * callback throws too), SIGINT and SIGTERM (then the process exits with 130 or 143; see
 * `release_on_exit.ts`, the one place the library calls `Deno.exit`), and the `unload` event of a
 * script that ends without closing.
 *
 * @module
 */
import { Keyboard } from "./keyboard.ts";
import { Mouse } from "./mouse.ts";
import { releaseOnExit } from "./release_on_exit.ts";
import { selectDevice, type SelectDeviceOptions } from "./select_device.ts";
// Registers the "iokit" backend, so `device: "iokit"` and `auto` on macOS find it.
import "./iokit_device.ts";
// Registers the "karabiner" backend, and the auto probes of both.
import "./iokit_probe.ts";
import "./karabiner_device.ts";
import type { Clock } from "./clock.ts";
import type { KeyboardLayout } from "../layout/keyboard_layout.ts";
import type { KeyboardType } from "../layout/keyboard_type.ts";
import { SimDevice } from "./sim_device.ts";
import type { Platform } from "../hid/key_names.ts";
import {
  DEFAULT_KEYBOARD_PARAMETERS,
  type KeyboardParameters,
  type VirtualHIDDevice,
} from "./virtual_hid_device.ts";

/** Options of {@linkcode openSession} and {@linkcode withSession}. */
export interface SessionOptions extends SelectDeviceOptions {
  /**
   * The device: a backend name as `--device` takes it (`"sim"`, `"iokit"`, `"auto"`), or a device
   * instance. When omitted, `DEXTKIT_DEVICE` or else `auto` decides (see `selectDevice`).
   */
  readonly device?: string | VirtualHIDDevice;
  /** The keyboard's identity; {@linkcode DEFAULT_KEYBOARD_PARAMETERS} when omitted. */
  readonly keyboardParameters?: KeyboardParameters;
  /** How long each device may take to become ready, in milliseconds; backend default when omitted. */
  readonly timeoutMs?: number;
  /** Where the keys land; decides what `ControlOrMeta` means. `"macos"` when omitted. */
  readonly platform?: Platform;
  /**
   * The layout text is typed through (the input source selected on the Mac); U.S. when omitted.
   * A `sim` device the session creates from a name types with it too.
   */
  readonly layout?: KeyboardLayout;
  /**
   * How macOS classes the keyboard (`"ansi"`, `"iso"`, `"jis"`); the layout's default keyboard
   * type when omitted. A `sim` device the session creates from a name uses it too.
   */
  readonly keyboardType?: KeyboardType;
  /** The clock the controllers' delays wait on; the system clock when omitted. */
  readonly clock?: Clock;
  /** Delay in milliseconds for controller methods called without one; 0 when omitted. */
  readonly defaultDelay?: number;
}

/** An open device with ready keyboard and mouse controllers. */
export interface Session extends Disposable {
  /** The device, opened, with keyboard and pointing device initialized. */
  readonly device: VirtualHIDDevice;
  /** The keyboard controller. */
  readonly keyboard: Keyboard;
  /** The mouse controller. */
  readonly mouse: Mouse;
  /** A line for the user when `auto` picked a fallback device; absent otherwise. */
  readonly notice?: string;
  /** Whether {@linkcode Session.close} has run. */
  readonly closed: boolean;
  /**
   * Releases every key and button, closes the device, and removes the signal listeners. Calling
   * it again does nothing. Every step is tried; the first failure is rethrown at the end.
   */
  close(): void;
  /** The same as {@linkcode Session.close}, for `using session = await openSession()`. */
  [Symbol.dispose](): void;
}

/**
 * Opens a device, initializes its keyboard and pointing device, and creates the controllers.
 *
 * @param options Which device, its keyboard parameters, and the controllers' options.
 * @returns The open session; close it (or use `using`, or {@linkcode withSession}).
 * @throws {UnknownDeviceError} For an unknown device name.
 * @throws {DeviceUnavailableError} When the device cannot be opened or initialized; the device is
 * closed again first.
 *
 * @example Type into the simulated host
 * ```ts
 * import { openSession } from "./session.ts";
 * import { SimDevice } from "./sim_device.ts";
 * import { VirtualClock } from "./clock.ts";
 *
 * const device = new SimDevice();
 * {
 *   using session = await openSession({ device, clock: new VirtualClock() });
 *   await session.keyboard.type("hi");
 * }
 * console.assert(device.host.text === "hi");
 * console.assert(!device.isKeyboardReady());
 * ```
 */
export async function openSession(options: SessionOptions = {}): Promise<Session> {
  const selection = typeof options.device === "object"
    ? { device: options.device, notice: undefined }
    : selectDevice(options.device, options);
  const { device } = selection;
  const controllerOptions = {
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.defaultDelay === undefined ? {} : { defaultDelay: options.defaultDelay }),
  };
  const keyboard = new Keyboard(device, {
    ...controllerOptions,
    ...(options.platform === undefined ? {} : { platform: options.platform }),
    ...(options.layout === undefined ? {} : { layout: options.layout }),
    ...(options.keyboardType === undefined ? {} : { keyboardType: options.keyboardType }),
  });
  // A simulated Mac the session created itself has the user's input source selected; a device
  // instance passed in keeps the one it was made with.
  const chosenInput = options.layout !== undefined || options.keyboardType !== undefined;
  if (typeof options.device !== "object" && device instanceof SimDevice && chosenInput) {
    device.host.selectInputSource(keyboard.layout, keyboard.keyboardType);
  }
  const mouse = new Mouse(device, controllerOptions);

  let closed = false;
  let unregister = (): void => {};
  const close = (): void => {
    if (closed) return;
    closed = true;
    unregister();
    const failure = attemptAll([
      () => keyboard.releaseAll(),
      () => mouse.releaseAll(),
      () => device.close(),
    ]);
    if (failure !== undefined) throw failure.error;
  };

  await device.open();
  unregister = releaseOnExit(() => {
    const held = [...keyboard.pressed(), ...mouse.pressed().map((button) => `button ${button}`)];
    close();
    return held;
  });
  try {
    const initializeOptions = options.timeoutMs === undefined
      ? {}
      : { timeoutMs: options.timeoutMs };
    await device.initializeKeyboard(
      options.keyboardParameters ?? DEFAULT_KEYBOARD_PARAMETERS,
      initializeOptions,
    );
    await device.initializePointing(initializeOptions);
  } catch (error) {
    attemptAll([close]);
    throw error;
  }

  return {
    device,
    keyboard,
    mouse,
    ...(selection.notice === undefined ? {} : { notice: selection.notice }),
    get closed() {
      return closed;
    },
    close,
    [Symbol.dispose]: close,
  };
}

/**
 * Opens a session, runs `fn` with it, and closes it afterwards: every key and button is released
 * and the device closed, also when `fn` throws (the error then propagates).
 *
 * @param options As for {@linkcode openSession}.
 * @param fn What to do with the session.
 * @returns What `fn` returns.
 * @throws Whatever `fn` throws, after the session is closed.
 *
 * @example Press a shortcut on the simulated host
 * ```ts
 * import { withSession } from "./session.ts";
 * import { SimDevice } from "./sim_device.ts";
 * import { VirtualClock } from "./clock.ts";
 *
 * const device = new SimDevice();
 * await withSession({ device, clock: new VirtualClock() }, (session) => session.keyboard.press("Meta+C"));
 * console.assert(device.host.shortcuts[0] === "Meta+KeyC");
 * ```
 */
export async function withSession<T>(
  options: SessionOptions,
  fn: (session: Session) => T | Promise<T>,
): Promise<T> {
  const session = await openSession(options);
  let result: T;
  try {
    result = await fn(session);
  } catch (error) {
    attemptAll([() => session.close()]);
    throw error;
  }
  session.close();
  return result;
}

/** Runs every step even when some throw; returns the first failure. */
function attemptAll(steps: readonly (() => void)[]): { error: unknown } | undefined {
  let failure: { error: unknown } | undefined;
  for (const step of steps) {
    try {
      step();
    } catch (error) {
      failure ??= { error };
    }
  }
  return failure;
}
