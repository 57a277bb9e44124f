/**
 * The user-client selectors of the driver and the argument shape each one accepts.
 *
 * Selectors 0–8 are numbered exactly as in the established DriverKit virtual HID driver, so a
 * client built on this table can drive that driver too. Selectors from 9 up are dextkit's
 * additions; the established driver answers them with `kIOReturnBadArgument` (unknown selector).
 *
 * The shape table is the contract that `dext/core` enforces: a call whose scalar input count,
 * scalar output count or structure input does not match the selector's shape fails with
 * `kIOReturnBadArgument` before anything else is looked at.
 *
 * | sel | name                  | scalar in                          | scalar out                                  | struct in                       |
 * |-----|-----------------------|------------------------------------|---------------------------------------------|---------------------------------|
 * | 0   | DriverVersion         | 0                                  | 1: driver version number                    | none                            |
 * | 1   | KeyboardInitialize    | 3: vendor id, product id, country  | 0                                           | none                            |
 * | 2   | KeyboardReady         | 0                                  | 1: 0 or 1                                   | none                            |
 * | 3   | KeyboardPostReport    | 0                                  | 0                                           | keyboard report (ids 1,2,3,4,7) |
 * | 4   | KeyboardReset         | 0                                  | 0                                           | none                            |
 * | 5   | PointingInitialize    | 0                                  | 0                                           | none                            |
 * | 6   | PointingReady         | 0                                  | 1: 0 or 1                                   | none                            |
 * | 7   | PointingPostReport    | 0                                  | 0                                           | pointing report (8 bytes)       |
 * | 8   | PointingReset         | 0                                  | 0                                           | none                            |
 * | 9   | KeyboardLedState      | 0                                  | 1: LED bits (bit 0 Num Lock, bit 1 Caps Lock) | none                          |
 * | 10  | Capabilities          | 0                                  | 3: protocol version, capability bits, driver version number | none            |
 *
 * @module
 */

/**
 * Selector numbers of the driver's user client (the `selector` argument of `IOConnectCall*`).
 *
 * @example Pick the selector that posts a keyboard report
 * ```ts
 * import { Selector } from "./selector.ts";
 *
 * console.assert(Selector.KeyboardPostReport === 3);
 * console.assert(Selector.Capabilities === 10);
 * ```
 */
export const Selector = {
  /** Returns the driver version number (see `parseVersion`). */
  DriverVersion: 0,
  /** Creates this connection's virtual keyboard with (vendor id, product id, country code). */
  KeyboardInitialize: 1,
  /** Returns 1 once this connection's keyboard has started, else 0. */
  KeyboardReady: 2,
  /** Posts one keyboard input report (report id byte first). */
  KeyboardPostReport: 3,
  /** Posts the all-zero report of every keyboard input report id: releases every key. */
  KeyboardReset: 4,
  /** Creates this connection's virtual pointing device. */
  PointingInitialize: 5,
  /** Returns 1 once this connection's pointing device has started, else 0. */
  PointingReady: 6,
  /** Posts one 8-byte pointing report (no report id). */
  PointingPostReport: 7,
  /** Posts the all-zero pointing report: releases every button. */
  PointingReset: 8,
  /** dextkit addition: returns the keyboard's LED state as the host last set it. */
  KeyboardLedState: 9,
  /** dextkit addition: returns protocol version, capability bits and driver version number. */
  Capabilities: 10,
} as const;

/** One of the values of {@linkcode Selector}. */
export type Selector = typeof Selector[keyof typeof Selector];

/** How many selectors exist; every selector number is below this. */
export const SELECTOR_COUNT = 11;

/**
 * What a selector accepts as structure input.
 *
 * - `none`: no structure input (size 0).
 * - `keyboard-report`: one keyboard input report whose first byte is a report id accepted by
 *   selector 3 and whose size is exactly that report's size (see `KEYBOARD_INPUT_REPORTS`).
 * - `pointing-report`: exactly one 8-byte pointing report.
 */
export type StructInputKind = "none" | "keyboard-report" | "pointing-report";

/** The argument shape of one selector. */
export interface SelectorShape {
  /** The selector number. */
  readonly selector: Selector;
  /** The selector's name in `Selector`. */
  readonly name: keyof typeof Selector;
  /** Exact number of 64-bit scalar inputs. */
  readonly scalarInputCount: number;
  /** Exact number of 64-bit scalar outputs (the caller's output count must equal it). */
  readonly scalarOutputCount: number;
  /** What the structure input must be. */
  readonly structInput: StructInputKind;
  /** One line saying what the selector does, used in the generated C header. */
  readonly summary: string;
}

/**
 * The shape of every selector, indexed by selector number.
 *
 * @example Check how many scalars keyboard initialize takes
 * ```ts
 * import { Selector, SELECTOR_SHAPES } from "./selector.ts";
 *
 * const shape = SELECTOR_SHAPES[Selector.KeyboardInitialize];
 * console.assert(shape?.scalarInputCount === 3);
 * console.assert(shape?.structInput === "none");
 * ```
 */
export const SELECTOR_SHAPES: readonly SelectorShape[] = [
  {
    selector: Selector.DriverVersion,
    name: "DriverVersion",
    scalarInputCount: 0,
    scalarOutputCount: 1,
    structInput: "none",
    summary: "out[0] = driver version number (a*10000 + b*100 + c)",
  },
  {
    selector: Selector.KeyboardInitialize,
    name: "KeyboardInitialize",
    scalarInputCount: 3,
    scalarOutputCount: 0,
    structInput: "none",
    summary: "in = vendor id (<= 0xFFFF), product id (<= 0xFFFF), country code (<= 0xFF)",
  },
  {
    selector: Selector.KeyboardReady,
    name: "KeyboardReady",
    scalarInputCount: 0,
    scalarOutputCount: 1,
    structInput: "none",
    summary: "out[0] = 1 when this connection's keyboard has started, else 0",
  },
  {
    selector: Selector.KeyboardPostReport,
    name: "KeyboardPostReport",
    scalarInputCount: 0,
    scalarOutputCount: 0,
    structInput: "keyboard-report",
    summary: "struct in = one keyboard input report, id 1 (67 bytes) or 2, 3, 4, 7 (65 bytes)",
  },
  {
    selector: Selector.KeyboardReset,
    name: "KeyboardReset",
    scalarInputCount: 0,
    scalarOutputCount: 0,
    structInput: "none",
    summary: "posts the all-zero report of ids 1, 2, 3, 4 and 7",
  },
  {
    selector: Selector.PointingInitialize,
    name: "PointingInitialize",
    scalarInputCount: 0,
    scalarOutputCount: 0,
    structInput: "none",
    summary: "creates this connection's pointing device",
  },
  {
    selector: Selector.PointingReady,
    name: "PointingReady",
    scalarInputCount: 0,
    scalarOutputCount: 1,
    structInput: "none",
    summary: "out[0] = 1 when this connection's pointing device has started, else 0",
  },
  {
    selector: Selector.PointingPostReport,
    name: "PointingPostReport",
    scalarInputCount: 0,
    scalarOutputCount: 0,
    structInput: "pointing-report",
    summary: "struct in = one 8-byte pointing report (no report id)",
  },
  {
    selector: Selector.PointingReset,
    name: "PointingReset",
    scalarInputCount: 0,
    scalarOutputCount: 0,
    structInput: "none",
    summary: "posts the all-zero pointing report",
  },
  {
    selector: Selector.KeyboardLedState,
    name: "KeyboardLedState",
    scalarInputCount: 0,
    scalarOutputCount: 1,
    structInput: "none",
    summary: "out[0] = LED bits the host last set (bit 0 Num Lock, bit 1 Caps Lock)",
  },
  {
    selector: Selector.Capabilities,
    name: "Capabilities",
    scalarInputCount: 0,
    scalarOutputCount: 3,
    structInput: "none",
    summary: "out = protocol version, capability bits, driver version number",
  },
];
