/**
 * The errors of the IOKit client, each saying what to do: no IOKit here, the library cannot be
 * loaded, the driver is not running, the driver refused the connection (entitlements), the
 * connection died (driver crashed or restarted), a driver call failed, a device did not become
 * ready in time.
 *
 * A driver that speaks another protocol version is refused with `IncompatibleDriverError` from
 * `lib/protocol` (exit code 3, "reboot required").
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";
import type { ProtocolIdentity } from "../protocol/identity.ts";
import { describeIOReturn, ioReturnLabel } from "./io_return.ts";

// The first four are what a call returns once the dext is gone: the kernel's forwarding path
// (xnu IOUserServer::rpc) answers kIOReturnOffline, kIOReturnIPCError or kIOReturnNotReady, and
// a dead port gives MACH_SEND_INVALID_DEST (macos-corrections.md item 3). The rest are the other
// "port is gone" codes of mach/message.h, mach/mig_errors.h and mach/kern_return.h.
const CONNECTION_LOST_CODES: ReadonlySet<number> = new Set([
  0x1000_0003, // MACH_SEND_INVALID_DEST: the user client's port is dead
  0xe000_02d7, // kIOReturnOffline: IOUserServer::rpc, the dext has exited
  0xe000_02bf, // kIOReturnIPCError: IOUserServer::rpc, the message to the dext failed
  0xe000_02d8, // kIOReturnNotReady: IOUserServer::rpc, the dext is not (or no longer) running
  0x1000_4009, // MACH_RCV_PORT_DIED
  0xe000_02d9, // kIOReturnNotAttached: the user client has stopped
  0xe000_02eb, // kIOReturnAborted
  -308 >>> 0, // MIG_SERVER_DIED
  15, // KERN_INVALID_NAME: the connection's port name is gone
  17, // KERN_INVALID_RIGHT
  37, // KERN_TERMINATED
]);

/**
 * Whether a call's result means the connection is gone for good (the driver crashed, restarted,
 * or stopped this user client), so the client must open a new one rather than retry.
 *
 * @param code The call's result, signed or unsigned.
 * @returns `true` for the codes of a dead dext (MACH_SEND_INVALID_DEST, kIOReturnOffline,
 * kIOReturnIPCError, kIOReturnNotReady), kIOReturnNotAttached, kIOReturnAborted and the other
 * "port is dead" codes.
 *
 * @example A crashed driver's connection is lost; a rejected argument is not
 * ```ts
 * import { isConnectionLost } from "./iokit_errors.ts";
 *
 * console.assert(isConnectionLost(0x10000003));
 * console.assert(isConnectionLost(0xe00002d7)); // kIOReturnOffline
 * console.assert(!isConnectionLost(-536870206));
 * ```
 */
export function isConnectionLost(code: number): boolean {
  return CONNECTION_LOST_CODES.has(code >>> 0);
}

/**
 * There is no IOKit on this system and no stand-in library was named. Exit code
 * {@linkcode ExitCode.NeedsMacOS}.
 *
 * @example Off macOS without DEXTKIT_IOKIT_LIBRARY
 * ```ts
 * import { IOKitUnavailableError } from "./iokit_errors.ts";
 *
 * const error = new IOKitUnavailableError("linux", false);
 * console.assert(error.exitCode === 6);
 * console.assert(error.hint.includes("DEXTKIT_IOKIT_LIBRARY"));
 * ```
 */
export class IOKitUnavailableError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param os The operating system.
   * @param envDenied Whether DEXTKIT_IOKIT_LIBRARY could not be read for lack of permission.
   */
  constructor(os: string, envDenied: boolean) {
    super(`the IOKit device needs macOS; this is ${os} and DEXTKIT_IOKIT_LIBRARY is not set`, {
      hint: envDenied
        ? "DEXTKIT_IOKIT_LIBRARY could not be read: run with --allow-env=DEXTKIT_IOKIT_LIBRARY, " +
          "or use --device sim"
        : "use --device sim, or set DEXTKIT_IOKIT_LIBRARY to a fake IOKit library (`deno task " +
          "build-native` builds tests/fake_iokit)",
      exitCode: ExitCode.NeedsMacOS,
    });
  }
}

/**
 * `Deno.dlopen` of the IOKit library (or its stand-in) failed. Exit code
 * {@linkcode ExitCode.DeviceUnavailable}.
 *
 * @example A missing fake library
 * ```ts
 * import { IOKitLoadError } from "./iokit_errors.ts";
 *
 * const error = new IOKitLoadError("/tmp/missing.so", new Error("cannot open shared object file"));
 * console.assert(error.message.includes("/tmp/missing.so"));
 * ```
 */
export class IOKitLoadError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param path The library that could not be loaded.
   * @param cause Deno's error.
   */
  constructor(path: string, cause: unknown) {
    const permission = cause instanceof Deno.errors.NotCapable;
    super(`cannot load the IOKit library ${path}: ${firstLine(cause)}`, {
      hint: permission
        ? "run with --allow-ffi (the IOKit device calls native code)"
        : "check that DEXTKIT_IOKIT_LIBRARY names an existing library that exports the IOKit " +
          "client symbols (`deno task build-native` builds the fake)",
      exitCode: ExitCode.DeviceUnavailable,
      cause,
    });
  }
}

/**
 * No IOKit service has the driver's registry name: the driver is not installed, not approved,
 * or not running. Exit code {@linkcode ExitCode.DeviceUnavailable}.
 *
 * @example Name the missing service
 * ```ts
 * import { DriverNotFoundError } from "./iokit_errors.ts";
 * import { defaultIdentity } from "../protocol/identity.ts";
 *
 * const error = new DriverNotFoundError(defaultIdentity);
 * console.assert(error.message.includes("dextkit_VirtualHIDDeviceRoot"));
 * console.assert(error.hint.includes("deno task install-dext"));
 * ```
 */
export class DriverNotFoundError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param identity The driver that was looked up.
   */
  constructor(identity: ProtocolIdentity) {
    super(
      `the ${identity.name} driver is not running: no IOKit service named ${identity.serviceName}`,
      {
        hint: `install it with \`deno task install-dext\` and approve ${identity.bundleId} in ` +
          "System Settings > General > Login Items & Extensions; `dextkit doctor` shows where it " +
          "stands",
        exitCode: ExitCode.DeviceUnavailable,
      },
    );
  }
}

/**
 * IOServiceOpen was refused with kIOReturnNotPermitted: this process lacks the entitlement to
 * open the driver. Exit code {@linkcode ExitCode.DeviceUnavailable}.
 *
 * @example Explain both ways out
 * ```ts
 * import { NotPermittedError } from "./iokit_errors.ts";
 * import { defaultIdentity } from "../protocol/identity.ts";
 *
 * const error = new NotPermittedError(defaultIdentity);
 * console.assert(error.hint.includes("allow-any-userclient-access"));
 * console.assert(error.hint.includes("dextkit doctor"));
 * ```
 */
export class NotPermittedError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param identity The driver that refused.
   */
  constructor(identity: ProtocolIdentity) {
    super(
      `the ${identity.name} driver (${identity.serviceName}) refused this process: ` +
        ioReturnLabel(0xe000_02e2),
      {
        hint: "either sign the client with com.apple.developer.driverkit.userclient-access " +
          `listing ${identity.bundleId} (needs a provisioning profile, so a plain \`deno run\` ` +
          "cannot have it), or install a driver signed with " +
          "com.apple.developer.driverkit.allow-any-userclient-access = true; run `dextkit doctor` " +
          "to see which one is missing",
        exitCode: ExitCode.DeviceUnavailable,
      },
    );
  }
}

/**
 * IOServiceOpen failed with another code. Exit code {@linkcode ExitCode.DeviceUnavailable}.
 *
 * @example A driver that is still starting
 * ```ts
 * import { DriverOpenError } from "./iokit_errors.ts";
 * import { defaultIdentity } from "../protocol/identity.ts";
 *
 * const error = new DriverOpenError(defaultIdentity, 0xe00002bc);
 * console.assert(error.message.includes("kIOReturnError (0xe00002bc)"));
 * console.assert(error.code === 0xe00002bc);
 * ```
 */
export class DriverOpenError extends DextkitError {
  /** The IOReturn code, unsigned. */
  readonly code: number;

  /**
   * Creates the error.
   *
   * @param identity The driver that was opened.
   * @param code The IOReturn code, signed or unsigned.
   */
  constructor(identity: ProtocolIdentity, code: number) {
    super(
      `cannot open the ${identity.name} driver (${identity.serviceName}): ${ioReturnLabel(code)}`,
      {
        hint: describeIOReturn(code).action,
        exitCode: ExitCode.DeviceUnavailable,
      },
    );
    this.code = code >>> 0;
  }
}

/**
 * The connection to the driver died (the driver crashed, restarted or stopped this user client)
 * and could not be re-established in time for the call. Exit code
 * {@linkcode ExitCode.DeviceUnavailable}.
 *
 * @example A crash while posting
 * ```ts
 * import { DriverConnectionLostError } from "./iokit_errors.ts";
 * import { defaultIdentity } from "../protocol/identity.ts";
 *
 * const error = new DriverConnectionLostError(defaultIdentity, "post a keyboard report", 0x10000003);
 * console.assert(error.message.includes("MACH_SEND_INVALID_DEST"));
 * console.assert(error.exitCode === 5);
 * ```
 */
export class DriverConnectionLostError extends DextkitError {
  /** The code that revealed the loss, unsigned. */
  readonly code: number;

  /**
   * Creates the error.
   *
   * @param identity The driver.
   * @param action What was being done, e.g. `"post a keyboard report"`.
   * @param code The code that revealed the loss, signed or unsigned.
   * @param cause Why reconnecting did not help, if it was tried.
   */
  constructor(identity: ProtocolIdentity, action: string, code: number, cause?: unknown) {
    super(
      `cannot ${action}: the connection to the ${identity.name} driver was lost ` +
        `(${ioReturnLabel(code)}); the driver crashed, restarted or was replaced`,
      {
        hint: cause instanceof DextkitError && !(cause instanceof DriverNotFoundError)
          ? `reconnecting failed: ${cause.message}${cause.hint === "" ? "" : `; ${cause.hint}`}`
          : "dextkit reconnects as soon as the driver is back (within a second); retry, and if " +
            "it does not come back look for a crash report and run `dextkit doctor`",
        exitCode: ExitCode.DeviceUnavailable,
        ...(cause === undefined ? {} : { cause }),
      },
    );
    this.code = code >>> 0;
  }
}

/**
 * A driver call returned an error that does not mean the connection is gone. Exit code
 * {@linkcode ExitCode.Failure}.
 *
 * @example A report the driver rejected
 * ```ts
 * import { DriverCallError } from "./iokit_errors.ts";
 * import { defaultIdentity } from "../protocol/identity.ts";
 *
 * const error = new DriverCallError(defaultIdentity, "KeyboardPostReport", -536870206);
 * console.assert(error.message.includes("kIOReturnBadArgument (0xe00002c2)"));
 * console.assert(error.code === 0xe00002c2);
 * ```
 */
export class DriverCallError extends DextkitError {
  /** The IOReturn code, unsigned. */
  readonly code: number;
  /** The selector's name (a key of `Selector`). */
  readonly selectorName: string;

  /**
   * Creates the error.
   *
   * @param identity The driver.
   * @param selectorName The selector's name, e.g. `"KeyboardPostReport"`.
   * @param code The IOReturn code, signed or unsigned.
   */
  constructor(identity: ProtocolIdentity, selectorName: string, code: number) {
    const description = describeIOReturn(code);
    const reason = description.driverReason === undefined || identity.protocolVersion === null
      ? ""
      : ` (${description.driverReason})`;
    super(
      `the ${identity.name} driver rejected ${selectorName}: ${ioReturnLabel(code)}${reason}`,
      { hint: description.action, exitCode: ExitCode.Failure },
    );
    this.code = description.code;
    this.selectorName = selectorName;
  }
}

/**
 * A virtual device did not become ready within the timeout. Exit code
 * {@linkcode ExitCode.Timeout}.
 *
 * @example The keyboard was not ready after 10 s
 * ```ts
 * import { DeviceNotReadyError } from "./iokit_errors.ts";
 * import { defaultIdentity } from "../protocol/identity.ts";
 *
 * const error = new DeviceNotReadyError(defaultIdentity, "keyboard", 10000);
 * console.assert(error.exitCode === 4);
 * console.assert(error.message.includes("10000 ms"));
 * ```
 */
export class DeviceNotReadyError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param identity The driver.
   * @param device `"keyboard"` or `"pointing device"`.
   * @param timeoutMs How long the client waited.
   */
  constructor(identity: ProtocolIdentity, device: string, timeoutMs: number) {
    super(
      `the ${identity.name} driver's virtual ${device} was not ready within ${timeoutMs} ms`,
      {
        hint: "macOS did not start the virtual device: wait and retry with a longer timeout; if " +
          "it keeps happening, reboot and run `dextkit doctor`",
        exitCode: ExitCode.Timeout,
      },
    );
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n", 1)[0] ?? text;
}
