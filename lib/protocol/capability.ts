/**
 * Capability bits: the second output of selector 10 (Capabilities).
 *
 * A client can use them to tell which of dextkit's guarantees the driver it talks to provides.
 * The established driver has no selector 10, so it has none of them.
 *
 * @module
 */

/**
 * The capability bits.
 *
 * @example Test a bit
 * ```ts
 * import { Capability, DRIVER_CAPABILITIES } from "./capability.ts";
 *
 * console.assert((DRIVER_CAPABILITIES & Capability.ReleaseOnClose) !== 0);
 * ```
 */
export const Capability = {
  /** Selector 9 reports the keyboard LED state the host last set. */
  LedState: 0x1,
  /** When a connection closes or its client dies, every pressed key and button is released
   * before the devices are removed. */
  ReleaseOnClose: 0x2,
  /** Argument counts, structure sizes and report ids are checked against the selector shapes. */
  StrictValidation: 0x4,
} as const;

/** One of the values of {@linkcode Capability}. */
export type Capability = typeof Capability[keyof typeof Capability];

/**
 * The capability bits dextkit's driver reports.
 *
 * @example Every capability is present
 * ```ts
 * import { DRIVER_CAPABILITIES } from "./capability.ts";
 *
 * console.assert(DRIVER_CAPABILITIES === 0x7);
 * ```
 */
export const DRIVER_CAPABILITIES: number = Capability.LedState | Capability.ReleaseOnClose |
  Capability.StrictValidation;
