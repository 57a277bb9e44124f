/**
 * The IOReturn codes dextkit's driver (`dext/core`) returns from its user-client methods, and
 * when it returns each one.
 *
 * Values are the `kern_return_t` bit patterns as unsigned 32-bit numbers (format a signed result
 * with `>>> 0` before comparing). The full IOReturn table with explanations for users lives in
 * `lib/iokit`; this is only the subset that is part of the driver contract.
 *
 * Order of checks in the driver: the argument shape (counts, structure size, report id) first,
 * then the connection's state. A malformed call therefore always gets `BadArgument`, whatever the
 * state.
 *
 * @module
 */

/**
 * The codes, as unsigned 32-bit numbers.
 *
 * @example Recognise a "call initialize first" answer
 * ```ts
 * import { DriverReturn } from "./driver_return.ts";
 *
 * const result = -536870195; // as an i32 from FFI
 * console.assert(result >>> 0 === DriverReturn.NotOpen);
 * ```
 */
export const DriverReturn = {
  /** kIOReturnSuccess. */
  Success: 0x0000_0000,
  /** kIOReturnBadArgument: unknown selector, wrong scalar count, wrong structure size, a report
   * id the selector does not accept, a parameter out of range, or a null/short LED report. */
  BadArgument: 0xe000_02c2,
  /** kIOReturnUnsupported: the host sent an output report whose id is not 5 (LED). */
  Unsupported: 0xe000_02c7,
  /** kIOReturnNotOpen: the device was not initialized on this connection (call selector 1 or
   * 5 first). */
  NotOpen: 0xe000_02cd,
  /** kIOReturnStillOpen: initialize again with different parameters; the keyboard keeps its
   * first vendor id, product id and country code for the life of the connection, so close the
   * connection and open a new one to change them. */
  StillOpen: 0xe000_02d2,
  /** kIOReturnBusy: the device was initialized but has not started yet; poll its ready
   * selector. Not kIOReturnNotReady: the kernel returns that one when the dext is gone
   * (macos-corrections.md item 3), and a client must read it as "connection lost". */
  Busy: 0xe000_02d5,
  /** kIOReturnNotAttached: the user client has stopped (its connection is closing). */
  NotAttached: 0xe000_02d9,
} as const;

/** One of the values of {@linkcode DriverReturn}. */
export type DriverReturn = typeof DriverReturn[keyof typeof DriverReturn];

/** The IOKit name and the driver's reason for each code, used in the generated C header. */
export interface DriverReturnInfo {
  /** The key in {@linkcode DriverReturn}. */
  readonly key: keyof typeof DriverReturn;
  /** The IOKit constant's name. */
  readonly ioKitName: string;
  /** The code. */
  readonly code: DriverReturn;
  /** When dext/core returns it, in one line. */
  readonly when: string;
}

/**
 * Every code with its IOKit name and the driver's reason, in the order of {@linkcode DriverReturn}.
 *
 * @example Find the IOKit name of a code
 * ```ts
 * import { DRIVER_RETURNS, DriverReturn } from "./driver_return.ts";
 *
 * const info = DRIVER_RETURNS.find((entry) => entry.code === DriverReturn.Busy);
 * console.assert(info?.ioKitName === "kIOReturnBusy");
 * ```
 */
export const DRIVER_RETURNS: readonly DriverReturnInfo[] = [
  {
    key: "Success",
    ioKitName: "kIOReturnSuccess",
    code: DriverReturn.Success,
    when: "the call did what it was asked",
  },
  {
    key: "BadArgument",
    ioKitName: "kIOReturnBadArgument",
    code: DriverReturn.BadArgument,
    when: "unknown selector, wrong argument shape, bad report id/size, parameter out of range",
  },
  {
    key: "Unsupported",
    ioKitName: "kIOReturnUnsupported",
    code: DriverReturn.Unsupported,
    when: "an output report from the host whose id is not 5",
  },
  {
    key: "NotOpen",
    ioKitName: "kIOReturnNotOpen",
    code: DriverReturn.NotOpen,
    when: "the device was not initialized on this connection",
  },
  {
    key: "StillOpen",
    ioKitName: "kIOReturnStillOpen",
    code: DriverReturn.StillOpen,
    when: "keyboard initialize again with different parameters",
  },
  {
    key: "Busy",
    ioKitName: "kIOReturnBusy",
    code: DriverReturn.Busy,
    when: "the device was initialized but has not started yet",
  },
  {
    key: "NotAttached",
    ioKitName: "kIOReturnNotAttached",
    code: DriverReturn.NotAttached,
    when: "the user client has stopped",
  },
];
