/**
 * Asks the running driver about itself over IOKit, the way a client would: find the service,
 * open a connection, read the versions, create the virtual keyboard and pointing device, wait
 * for them to become ready, read the LED state, and close again (the driver releases everything
 * a closed connection held). `dextkit doctor` and `dextkit status` report the outcome; every
 * failure becomes a {@linkcode DriverProbe} value instead of an exception.
 *
 * @module
 */
import type { Clock } from "../device/clock.ts";
import { IOKitDevice } from "../device/iokit_device.ts";
import { DEFAULT_KEYBOARD_PARAMETERS } from "../device/virtual_hid_device.ts";
import { DextkitError } from "../errors.ts";
import type { LedState } from "../hid/led_report.ts";
import {
  DriverNotFoundError,
  DriverOpenError,
  IOKitLoadError,
  IOKitUnavailableError,
  NotPermittedError,
} from "../iokit/iokit_errors.ts";
import {
  type IOKitLibrary,
  loadIOKitLibrary,
  type LoadIOKitLibraryOptions,
} from "../iokit/iokit_library.ts";
import { Capability } from "../protocol/capability.ts";
import { type DriverInfo, IncompatibleDriverError } from "../protocol/compatibility.ts";
import type { ProtocolIdentity } from "../protocol/identity.ts";

const NOT_PERMITTED = 0xe000_02e2;

/** Whether a virtual device became ready, and if not, why. */
export interface DeviceReadiness {
  /** The driver said the device is ready. */
  readonly ready: boolean;
  /** Why not, when it is not (a timeout or a rejected call), in one line. */
  readonly problem: string | undefined;
}

/** What the driver probe found. */
export type DriverProbe =
  | {
    /** IOKit could not be used here (off macOS, no `--allow-ffi`, library missing). */
    readonly kind: "unavailable";
    /** Why, in one line. */
    readonly message: string;
    /** What to do. */
    readonly hint: string;
  }
  | {
    /** No IOKit service has the driver's registry name: the driver is not running. */
    readonly kind: "absent";
  }
  | {
    /** IOServiceOpen failed. */
    readonly kind: "refused";
    /** Its IOReturn code, unsigned. */
    readonly code: number;
  }
  | {
    /** The driver answered, but speaks another protocol: an older driver is still running. */
    readonly kind: "incompatible";
    /** What it reported. */
    readonly driver: DriverInfo;
    /** The mismatch, in one line. */
    readonly message: string;
  }
  | {
    /** The handshake failed otherwise (a rejected call, a lost connection). */
    readonly kind: "failed";
    /** Why, in one line. */
    readonly message: string;
    /** What to do. */
    readonly hint: string;
  }
  | {
    /** The driver answered and its devices were tried. */
    readonly kind: "answered";
    /** What it reported. */
    readonly driver: DriverInfo;
    /** The registry entry id of the service: which driver instance answered. */
    readonly registryEntryId: bigint;
    /** The virtual keyboard. */
    readonly keyboard: DeviceReadiness;
    /** The virtual pointing device. */
    readonly pointing: DeviceReadiness;
    /** The LED state, for a driver that reports it (dextkit's); `undefined` otherwise. */
    readonly leds: LedState | undefined;
  };

/** Options of {@linkcode probeDriver}. */
export interface ProbeDriverOptions {
  /** The IOKit library; loaded with {@linkcode ProbeDriverOptions.load} when omitted. */
  readonly library?: IOKitLibrary;
  /** How to load the library when none is given (environment, OS); the defaults when omitted. */
  readonly load?: LoadIOKitLibraryOptions;
  /** How long each device may take to become ready, in ms; 3000 when omitted. */
  readonly readyTimeoutMs?: number;
  /** The clock the ready polls wait on; the system clock when omitted. */
  readonly clock?: Clock;
}

/**
 * Probes the driver. Never throws for a driver problem: each one is a {@linkcode DriverProbe}.
 *
 * @param identity Which driver.
 * @param options The library, the ready timeout and the clock.
 * @returns What was found.
 *
 * @example Off macOS without a stand-in library, IOKit is unavailable
 * ```ts
 * import { probeDriver } from "./driver_probe.ts";
 * import { defaultIdentity } from "../protocol/identity.ts";
 *
 * if (Deno.build.os !== "darwin" && Deno.env.get("DEXTKIT_IOKIT_LIBRARY") === undefined) {
 *   const probe = await probeDriver(defaultIdentity);
 *   console.assert(probe.kind === "unavailable");
 * }
 * ```
 */
export async function probeDriver(
  identity: ProtocolIdentity,
  options: ProbeDriverOptions = {},
): Promise<DriverProbe> {
  const timeoutMs = options.readyTimeoutMs ?? 3000;
  let device: IOKitDevice;
  try {
    device = new IOKitDevice({
      identity,
      library: options.library ?? loadIOKitLibrary(options.load),
      watchIntervalMs: 0,
      readyTimeoutMs: timeoutMs,
      // One connection is enough to tell whether the device starts; no reopen within the probe.
      reopenAfterMs: timeoutMs + 1,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    await device.open();
  } catch (error) {
    return openFailure(error);
  }
  try {
    const driver = device.driver ?? { driverVersion: 0, protocolVersion: null, capabilities: 0 };
    const keyboard = await readiness(() =>
      device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS, { timeoutMs })
    );
    const pointing = await readiness(() => device.initializePointing({ timeoutMs }));
    const leds = keyboard.ready && (driver.capabilities & Capability.LedState) !== 0
      ? device.ledState()
      : undefined;
    return {
      kind: "answered",
      driver,
      registryEntryId: device.registryEntryId,
      keyboard,
      pointing,
      leds,
    };
  } finally {
    try {
      device.close();
    } catch {
      // The probe is over; a failed reset on the way out changes none of its findings.
    }
  }
}

function openFailure(error: unknown): DriverProbe {
  if (error instanceof DriverNotFoundError) return { kind: "absent" };
  if (error instanceof NotPermittedError) return { kind: "refused", code: NOT_PERMITTED };
  if (error instanceof DriverOpenError) return { kind: "refused", code: error.code };
  if (error instanceof IncompatibleDriverError) {
    return { kind: "incompatible", driver: error.driver, message: error.message };
  }
  if (error instanceof IOKitUnavailableError || error instanceof IOKitLoadError) {
    return { kind: "unavailable", message: error.message, hint: error.hint };
  }
  if (error instanceof DextkitError) {
    return { kind: "failed", message: error.message, hint: error.hint };
  }
  throw error;
}

async function readiness(initialize: () => Promise<void>): Promise<DeviceReadiness> {
  try {
    await initialize();
    return { ready: true, problem: undefined };
  } catch (error) {
    // A timeout (DeviceNotReadyError) or a rejected call: either way the device is not usable.
    if (error instanceof DextkitError) {
      return { ready: false, problem: error.message };
    }
    throw error;
  }
}
