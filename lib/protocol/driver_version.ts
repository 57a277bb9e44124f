/**
 * The version numbers of dextkit's own driver and of the driver ↔ client protocol.
 *
 * The driver version changes with every driver release; the protocol version changes only when
 * the contract in `lib/protocol` changes (a selector, a shape, a report layout, a return code).
 * A client refuses a driver whose protocol version differs from its own (see
 * `isCompatibleDriver`): a replaced driver keeps running until the Mac reboots.
 *
 * @module
 */
import { parseVersion } from "./version.ts";

/**
 * dextkit's driver version string.
 *
 * @example Show the version
 * ```ts
 * import { DRIVER_VERSION } from "./driver_version.ts";
 *
 * console.assert(DRIVER_VERSION.split(".").length === 3);
 * ```
 */
export const DRIVER_VERSION = "0.1.0";

/**
 * dextkit's driver version as the number selector 0 returns.
 *
 * @example The number follows the version string
 * ```ts
 * import { DRIVER_VERSION_NUMBER } from "./driver_version.ts";
 *
 * console.assert(DRIVER_VERSION_NUMBER === 100);
 * ```
 */
export const DRIVER_VERSION_NUMBER: number = parseVersion(DRIVER_VERSION);

/**
 * The protocol version dextkit's driver reports as the first output of selector 10, and the one
 * this client requires.
 *
 * @example Compare with what the driver said
 * ```ts
 * import { PROTOCOL_VERSION } from "./driver_version.ts";
 *
 * const reported = 1;
 * console.assert(reported === PROTOCOL_VERSION);
 * ```
 */
export const PROTOCOL_VERSION = 1;
