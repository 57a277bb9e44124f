/**
 * The IOReturn / kern_return_t table: every code an IOKit client call can return, with its name,
 * what it means and what to do about it, plus a decoder for codes outside the table.
 *
 * The table is plain data ({@linkcode IO_RETURN_CODES}) so other tools (`dextkit explain`) can
 * list and search it. Codes are stored as unsigned 32-bit numbers; FFI hands a `kern_return_t`
 * back as a signed `i32`, so every function here accepts either reading of the same bits.
 *
 * Sources: xnu `iokit/IOKit/IOReturn.h` (the `kIOReturn*` codes, `sys_iokit = err_system(0x38)`),
 * `mach/kern_return.h`, `mach/message.h` and `mach/mig_errors.h`.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";
import { DRIVER_RETURNS } from "../protocol/driver_return.ts";

/** One known code. */
export interface IOReturnEntry {
  /** The C constant's name, e.g. `kIOReturnNotPermitted`. */
  readonly name: string;
  /** The code as an unsigned 32-bit number. */
  readonly code: number;
  /** What the code means, in a few words. */
  readonly meaning: string;
  /** What to do when a dextkit client gets it. */
  readonly action: string;
  /** Other names of the same value (`KERN_SUCCESS` for `kIOReturnSuccess`). */
  readonly aliases?: readonly string[];
}

const iokit = (low: number): number => (0xe000_0000 | low) >>> 0;

const RETRY = "retry; if it keeps happening, run `dextkit doctor`";
const RECONNECT = "the driver's user client is gone (driver crashed, restarted or was replaced): " +
  "reconnect; dextkit does this by itself within a second";
const NOT_FOR_HID =
  "not expected from a virtual HID driver; report it with the output of `dextkit doctor`";

/**
 * Every known code, IOKit common codes first (in numeric order), then Mach kernel, Mach IPC
 * and MIG codes.
 *
 * @example Find the entry of a name
 * ```ts
 * import { IO_RETURN_CODES } from "./io_return.ts";
 *
 * const entry = IO_RETURN_CODES.find((e) => e.name === "kIOReturnNotPermitted");
 * console.assert(entry?.code === 0xe00002e2);
 * ```
 */
export const IO_RETURN_CODES: readonly IOReturnEntry[] = Object.freeze([
  {
    name: "kIOReturnSuccess",
    code: 0,
    meaning: "OK",
    action: "nothing to do",
    aliases: ["KERN_SUCCESS"],
  },
  {
    name: "kIOReturnInvalid",
    code: iokit(0x001),
    meaning: "should never be seen",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnError",
    code: iokit(0x2bc),
    meaning: "general error",
    action: "from IOServiceOpen: the driver is still starting, or it does not create user " +
      "clients (no NewUserClient override); wait a second and retry, then run `dextkit doctor`",
  },
  {
    name: "kIOReturnNoMemory",
    code: iokit(0x2bd),
    meaning: "can't allocate memory",
    action: "the driver ran out of memory; close other clients and retry",
  },
  {
    name: "kIOReturnNoResources",
    code: iokit(0x2be),
    meaning: "resource shortage",
    action: "close other clients of the driver and retry",
  },
  {
    name: "kIOReturnIPCError",
    code: iokit(0x2bf),
    meaning: "error during IPC",
    action: `${RECONNECT} (the kernel returns it for calls into a dext that is gone)`,
  },
  {
    name: "kIOReturnNoDevice",
    code: iokit(0x2c0),
    meaning: "no such device",
    action: "the driver's service is gone; check it is installed and running with `dextkit doctor`",
  },
  {
    name: "kIOReturnNotPrivileged",
    code: iokit(0x2c1),
    meaning: "privilege violation",
    action: "the driver refused this process; check the client's entitlements with " +
      "`dextkit doctor`",
  },
  {
    name: "kIOReturnBadArgument",
    code: iokit(0x2c2),
    meaning: "invalid argument",
    action: "the driver rejected the call's shape (unknown selector, wrong count, size or report " +
      "id): the client and the driver disagree on the protocol; run `dextkit doctor`",
  },
  {
    name: "kIOReturnLockedRead",
    code: iokit(0x2c3),
    meaning: "device read locked",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnLockedWrite",
    code: iokit(0x2c4),
    meaning: "device write locked",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnExclusiveAccess",
    code: iokit(0x2c5),
    meaning: "exclusive access and device already open",
    action: "another process holds the device; close it and retry",
  },
  {
    name: "kIOReturnBadMessageID",
    code: iokit(0x2c6),
    meaning: "sent/received messages had different msg_id",
    action: RETRY,
  },
  {
    name: "kIOReturnUnsupported",
    code: iokit(0x2c7),
    meaning: "unsupported function",
    action: "the driver does not implement this call (an older or different driver); install " +
      "the driver that matches this client",
  },
  {
    name: "kIOReturnVMError",
    code: iokit(0x2c8),
    meaning: "misc. VM failure",
    action: RETRY,
  },
  {
    name: "kIOReturnInternalError",
    code: iokit(0x2c9),
    meaning: "internal error",
    action: RETRY,
  },
  {
    name: "kIOReturnIOError",
    code: iokit(0x2ca),
    meaning: "general I/O error",
    action: RETRY,
  },
  {
    name: "kIOReturnCannotLock",
    code: iokit(0x2cc),
    meaning: "can't acquire lock",
    action: RETRY,
  },
  {
    name: "kIOReturnNotOpen",
    code: iokit(0x2cd),
    meaning: "device not open",
    action: "initialize the keyboard or pointing device on this connection before using it",
  },
  {
    name: "kIOReturnNotReadable",
    code: iokit(0x2ce),
    meaning: "read not supported",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnNotWritable",
    code: iokit(0x2cf),
    meaning: "write not supported",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnNotAligned",
    code: iokit(0x2d0),
    meaning: "alignment error",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnBadMedia",
    code: iokit(0x2d1),
    meaning: "media error",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnStillOpen",
    code: iokit(0x2d2),
    meaning: "device(s) still open",
    action: "the keyboard keeps its first vendor id, product id and country code: close the " +
      "connection and open a new one to change them",
  },
  {
    name: "kIOReturnRLDError",
    code: iokit(0x2d3),
    meaning: "rld failure",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnDMAError",
    code: iokit(0x2d4),
    meaning: "DMA failure",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnBusy",
    code: iokit(0x2d5),
    meaning: "device busy",
    action: "from dextkit's driver: the device was created but has not started yet; poll its " +
      "ready selector, then post (dextkit does this by itself)",
  },
  {
    name: "kIOReturnTimeout",
    code: iokit(0x2d6),
    meaning: "I/O timeout",
    action: RETRY,
  },
  {
    name: "kIOReturnOffline",
    code: iokit(0x2d7),
    meaning: "device offline",
    action: `${RECONNECT} (the kernel returns it for calls into a dext that has exited)`,
  },
  {
    name: "kIOReturnNotReady",
    code: iokit(0x2d8),
    meaning: "not ready",
    action: `${RECONNECT} (the kernel returns it for calls into a dext that is not running)`,
  },
  {
    name: "kIOReturnNotAttached",
    code: iokit(0x2d9),
    meaning: "device not attached",
    action: RECONNECT,
  },
  {
    name: "kIOReturnNoChannels",
    code: iokit(0x2da),
    meaning: "no DMA channels left",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnNoSpace",
    code: iokit(0x2db),
    meaning: "no space for data",
    action: RETRY,
  },
  {
    name: "kIOReturnPortExists",
    code: iokit(0x2dd),
    meaning: "port already exists",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnCannotWire",
    code: iokit(0x2de),
    meaning: "can't wire down physical memory",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnNoInterrupt",
    code: iokit(0x2df),
    meaning: "no interrupt attached",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnNoFrames",
    code: iokit(0x2e0),
    meaning: "no DMA frames enqueued",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnMessageTooLarge",
    code: iokit(0x2e1),
    meaning: "oversized msg received on interrupt port",
    action: "the structure passed is too large for the call; reports are at most 67 bytes",
  },
  {
    name: "kIOReturnNotPermitted",
    code: iokit(0x2e2),
    meaning: "not permitted",
    action: "this process may not open the driver: it needs the " +
      "com.apple.developer.driverkit.userclient-access entitlement listing the driver's bundle " +
      "id, or the driver must carry com.apple.developer.driverkit.allow-any-userclient-access; " +
      "run `dextkit doctor`",
  },
  {
    name: "kIOReturnNoPower",
    code: iokit(0x2e3),
    meaning: "no power to device",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnNoMedia",
    code: iokit(0x2e4),
    meaning: "media not present",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnUnformattedMedia",
    code: iokit(0x2e5),
    meaning: "media not formatted",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnUnsupportedMode",
    code: iokit(0x2e6),
    meaning: "no such mode",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnUnderrun",
    code: iokit(0x2e7),
    meaning: "data underrun",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnOverrun",
    code: iokit(0x2e8),
    meaning: "data overrun",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnDeviceError",
    code: iokit(0x2e9),
    meaning: "device not working properly",
    action: "reconnect; if it keeps happening, reboot and run `dextkit doctor`",
  },
  {
    name: "kIOReturnNoCompletion",
    code: iokit(0x2ea),
    meaning: "a completion routine is required",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnAborted",
    code: iokit(0x2eb),
    meaning: "operation aborted",
    action: RECONNECT,
  },
  {
    name: "kIOReturnNoBandwidth",
    code: iokit(0x2ec),
    meaning: "bus bandwidth would be exceeded",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnNotResponding",
    code: iokit(0x2ed),
    meaning: "device not responding",
    action: "the driver is hung or restarting; wait, reconnect, and check `dextkit doctor`",
  },
  {
    name: "kIOReturnIsoTooOld",
    code: iokit(0x2ee),
    meaning: "isochronous I/O request for distant past",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnIsoTooNew",
    code: iokit(0x2ef),
    meaning: "isochronous I/O request for distant future",
    action: NOT_FOR_HID,
  },
  {
    name: "kIOReturnNotFound",
    code: iokit(0x2f0),
    meaning: "data was not found",
    action: "something the call asked for does not exist; if it was the driver's service, " +
      "install the driver with `deno task install-dext`",
  },
  {
    name: "KERN_INVALID_ADDRESS",
    code: 1,
    meaning: "the address is not valid in the target task",
    action: NOT_FOR_HID,
  },
  {
    name: "KERN_PROTECTION_FAILURE",
    code: 2,
    meaning: "the memory protection does not allow the access",
    action: NOT_FOR_HID,
  },
  {
    name: "KERN_NO_SPACE",
    code: 3,
    meaning: "no room in the address space or port name space",
    action: "close unused connections and retry",
  },
  {
    name: "KERN_INVALID_ARGUMENT",
    code: 4,
    meaning: "an argument of the kernel call is not valid",
    action: "a port or service handle is wrong (already closed?); reconnect",
  },
  {
    name: "KERN_FAILURE",
    code: 5,
    meaning: "the kernel call failed",
    action: RETRY,
  },
  {
    name: "KERN_RESOURCE_SHORTAGE",
    code: 6,
    meaning: "a kernel resource is exhausted",
    action: "close unused connections and retry",
  },
  {
    name: "KERN_NOT_RECEIVER",
    code: 7,
    meaning: "the task does not hold the receive right",
    action: NOT_FOR_HID,
  },
  {
    name: "KERN_NO_ACCESS",
    code: 8,
    meaning: "access denied",
    action: "this process may not use the port; run `dextkit doctor`",
  },
  {
    name: "KERN_ABORTED",
    code: 14,
    meaning: "the operation was aborted",
    action: RETRY,
  },
  {
    name: "KERN_INVALID_NAME",
    code: 15,
    meaning: "the port name does not denote a right",
    action: "the connection handle is stale (already closed); reconnect",
  },
  {
    name: "KERN_INVALID_TASK",
    code: 16,
    meaning: "the target task is not valid",
    action: NOT_FOR_HID,
  },
  {
    name: "KERN_INVALID_RIGHT",
    code: 17,
    meaning: "the port name denotes a right, but not an appropriate one",
    action: "the connection handle is stale (already closed or its driver is gone); reconnect",
  },
  {
    name: "KERN_INVALID_VALUE",
    code: 18,
    meaning: "a blatant range error",
    action: NOT_FOR_HID,
  },
  {
    name: "KERN_INVALID_CAPABILITY",
    code: 20,
    meaning: "the port is not a valid capability",
    action: "the connection handle is stale; reconnect",
  },
  {
    name: "KERN_TERMINATED",
    code: 37,
    meaning: "the object has been terminated",
    action: RECONNECT,
  },
  {
    name: "KERN_NOT_SUPPORTED",
    code: 46,
    meaning: "the operation is not supported",
    action: NOT_FOR_HID,
  },
  {
    name: "KERN_OPERATION_TIMED_OUT",
    code: 49,
    meaning: "the kernel operation timed out",
    action: RETRY,
  },
  {
    name: "MACH_SEND_INVALID_DATA",
    code: 0x1000_0002,
    meaning: "the message to send is not valid",
    action: NOT_FOR_HID,
  },
  {
    name: "MACH_SEND_INVALID_DEST",
    code: 0x1000_0003,
    meaning: "the destination port is dead",
    action: "the driver crashed or restarted and the connection died; dextkit reconnects by " +
      "itself, and if it cannot, check the driver with `dextkit doctor` and the crash log",
  },
  {
    name: "MACH_SEND_TIMED_OUT",
    code: 0x1000_0004,
    meaning: "the message was not sent before its timeout",
    action: "the driver is hung or very busy; " + RETRY,
  },
  {
    name: "MACH_SEND_INTERRUPTED",
    code: 0x1000_0007,
    meaning: "sending was interrupted",
    action: RETRY,
  },
  {
    name: "MACH_SEND_INVALID_REPLY",
    code: 0x1000_0009,
    meaning: "the reply port is not valid",
    action: RETRY,
  },
  {
    name: "MACH_SEND_INVALID_RIGHT",
    code: 0x1000_000a,
    meaning: "a port right in the message is not valid",
    action: RECONNECT,
  },
  {
    name: "MACH_RCV_INVALID_NAME",
    code: 0x1000_4002,
    meaning: "the receive port name is not valid",
    action: RETRY,
  },
  {
    name: "MACH_RCV_TIMED_OUT",
    code: 0x1000_4003,
    meaning: "no reply before the timeout",
    action: "the driver did not answer; " + RETRY,
  },
  {
    name: "MACH_RCV_INTERRUPTED",
    code: 0x1000_4005,
    meaning: "receiving was interrupted",
    action: RETRY,
  },
  {
    name: "MACH_RCV_PORT_DIED",
    code: 0x1000_4009,
    meaning: "the port died while waiting for the reply",
    action: RECONNECT,
  },
  {
    name: "MIG_TYPE_ERROR",
    code: -300 >>> 0,
    meaning: "the reply has a wrong type",
    action: "the client and kernel disagree on the call; run `dextkit doctor`",
  },
  {
    name: "MIG_REPLY_MISMATCH",
    code: -301 >>> 0,
    meaning: "the reply does not match the request",
    action: RETRY,
  },
  {
    name: "MIG_REMOTE_ERROR",
    code: -302 >>> 0,
    meaning: "the server reported an error",
    action: RETRY,
  },
  {
    name: "MIG_BAD_ID",
    code: -303 >>> 0,
    meaning: "the server does not know the routine",
    action: NOT_FOR_HID,
  },
  {
    name: "MIG_BAD_ARGUMENTS",
    code: -304 >>> 0,
    meaning: "the server rejected the arguments' types or sizes",
    action: "the call's shape is wrong for the kernel; run `dextkit doctor`",
  },
  {
    name: "MIG_NO_REPLY",
    code: -305 >>> 0,
    meaning: "the server sent no reply",
    action: RETRY,
  },
  {
    name: "MIG_EXCEPTION",
    code: -306 >>> 0,
    meaning: "the server raised an exception",
    action: RETRY,
  },
  {
    name: "MIG_ARRAY_TOO_LARGE",
    code: -307 >>> 0,
    meaning: "an array in the reply is too large",
    action: NOT_FOR_HID,
  },
  {
    name: "MIG_SERVER_DIED",
    code: -308 >>> 0,
    meaning: "the server died while handling the call",
    action: RECONNECT,
  },
]);

const BY_CODE: ReadonlyMap<number, IOReturnEntry> = new Map(
  IO_RETURN_CODES.map((entry) => [entry.code, entry]),
);

const DRIVER_REASONS: ReadonlyMap<number, string> = new Map(
  DRIVER_RETURNS.map((entry) => [entry.code, entry.when]),
);

const SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x00, "kernel"],
  [0x04, "Mach IPC"],
  [0x38, "IOKit"],
]);

const IOKIT_SUBSYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x000, "common"],
  [0x001, "USB"],
  [0x002, "FireWire"],
  [0x004, "block storage"],
  [0x005, "graphics"],
  [0x008, "Bluetooth"],
  [0x009, "PMU"],
  [0xffe, "vendor specific"],
]);

/**
 * A number that is not a 32-bit `kern_return_t` (neither a signed nor an unsigned reading).
 *
 * @example Reject a fraction
 * ```ts
 * import { InvalidIOReturnError, toUnsignedIOReturn } from "./io_return.ts";
 *
 * try {
 *   toUnsignedIOReturn(1.5);
 * } catch (error) {
 *   console.assert(error instanceof InvalidIOReturnError);
 * }
 * ```
 */
export class InvalidIOReturnError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param value The offending value.
   */
  constructor(value: number) {
    super(`${value} is not a 32-bit IOReturn / kern_return_t code`, {
      hint: "give the code as printed by IOKit: hex such as 0xe00002e2, or a signed or unsigned " +
        "32-bit decimal such as -536870174",
      exitCode: ExitCode.Usage,
    });
  }
}

/**
 * Returns the unsigned reading of a code given signed (as FFI returns an `i32`) or unsigned.
 *
 * @param code An integer from -2147483648 to 4294967295.
 * @returns The same 32 bits as an unsigned number.
 * @throws {InvalidIOReturnError} For anything else.
 *
 * @example Both readings of kIOReturnNotPermitted
 * ```ts
 * import { toUnsignedIOReturn } from "./io_return.ts";
 *
 * console.assert(toUnsignedIOReturn(-536870174) === 0xe00002e2);
 * console.assert(toUnsignedIOReturn(0xe00002e2) === 0xe00002e2);
 * ```
 */
export function toUnsignedIOReturn(code: number): number {
  if (!Number.isInteger(code) || code < -0x8000_0000 || code > 0xffff_ffff) {
    throw new InvalidIOReturnError(code);
  }
  return code >>> 0;
}

/**
 * Formats a code the way IOKit headers and logs write it: `0x` and eight lowercase hex digits.
 *
 * @param code The code, signed or unsigned.
 * @returns For example `"0xe00002e2"`.
 * @throws {InvalidIOReturnError} When `code` is not a 32-bit value.
 *
 * @example Format a signed FFI result
 * ```ts
 * import { formatIOReturn } from "./io_return.ts";
 *
 * console.assert(formatIOReturn(-536870174) === "0xe00002e2");
 * console.assert(formatIOReturn(0x10000003) === "0x10000003");
 * ```
 */
export function formatIOReturn(code: number): string {
  return `0x${toUnsignedIOReturn(code).toString(16).padStart(8, "0")}`;
}

/** Everything known about one code. */
export interface IOReturnDescription {
  /** The code as an unsigned 32-bit number. */
  readonly code: number;
  /** The same bits read as a signed `kern_return_t`. */
  readonly signed: number;
  /** {@linkcode formatIOReturn} of the code. */
  readonly hex: string;
  /** The constant's name, or `undefined` for a code outside the table. */
  readonly name: string | undefined;
  /** What it means; for an unknown code, which subsystem it belongs to. */
  readonly meaning: string;
  /** What to do about it. */
  readonly action: string;
  /** When dextkit's driver returns this code, if it is part of the driver contract. */
  readonly driverReason: string | undefined;
}

/**
 * Describes a code: name, meaning, what to do and, for the codes dextkit's driver returns, when
 * it returns them. A code outside the table is decoded into its system / subsystem / code parts
 * (`err_system`, `err_sub`, `err_code` of `mach/error.h`).
 *
 * @param code The code, signed (as FFI returns it) or unsigned.
 * @returns The description.
 * @throws {InvalidIOReturnError} When `code` is not a 32-bit value.
 *
 * @example Explain an IOServiceOpen failure
 * ```ts
 * import { describeIOReturn } from "./io_return.ts";
 *
 * const description = describeIOReturn(-536870174);
 * console.assert(description.name === "kIOReturnNotPermitted");
 * console.assert(description.hex === "0xe00002e2");
 * console.assert(description.action.includes("userclient-access"));
 * ```
 *
 * @example Decode a USB family code
 * ```ts
 * import { describeIOReturn } from "./io_return.ts";
 *
 * const description = describeIOReturn(0xe0004051);
 * console.assert(description.name === undefined);
 * console.assert(description.meaning.includes("IOKit USB"));
 * ```
 */
export function describeIOReturn(code: number): IOReturnDescription {
  const unsigned = toUnsignedIOReturn(code);
  const entry = BY_CODE.get(unsigned);
  return {
    code: unsigned,
    signed: unsigned | 0,
    hex: formatIOReturn(unsigned),
    name: entry?.name,
    meaning: entry?.meaning ?? decode(unsigned),
    action: entry?.action ?? "not a code dextkit knows; look it up in the headers of the " +
        "subsystem named in the meaning, and run `dextkit doctor`",
    driverReason: DRIVER_REASONS.get(unsigned),
  };
}

/**
 * A short label for messages: the name and the hex code, or the hex code alone when unknown.
 *
 * @param code The code, signed or unsigned.
 * @returns For example `"kIOReturnNotPermitted (0xe00002e2)"`.
 * @throws {InvalidIOReturnError} When `code` is not a 32-bit value.
 *
 * @example Label a crash code
 * ```ts
 * import { ioReturnLabel } from "./io_return.ts";
 *
 * console.assert(ioReturnLabel(0x10000003) === "MACH_SEND_INVALID_DEST (0x10000003)");
 * console.assert(ioReturnLabel(0xe0004051) === "0xe0004051");
 * ```
 */
export function ioReturnLabel(code: number): string {
  const unsigned = toUnsignedIOReturn(code);
  const hex = formatIOReturn(unsigned);
  const entry = BY_CODE.get(unsigned);
  return entry === undefined ? hex : `${entry.name} (${hex})`;
}

function decode(code: number): string {
  const system = (code >>> 26) & 0x3f;
  const sub = (code >>> 14) & 0xfff;
  const low = code & 0x3fff;
  const systemName = SYSTEMS.get(system) ?? `system 0x${system.toString(16)}`;
  const subName = system === 0x38 ? IOKIT_SUBSYSTEMS.get(sub) : undefined;
  const where = subName === undefined
    ? `${systemName} subsystem 0x${sub.toString(16)}`
    : `${systemName} ${subName}`;
  return `unknown ${where} code 0x${low.toString(16)}`;
}
