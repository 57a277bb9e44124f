/**
 * The daemon's status (karabiner-daemon-protocol.md, "Status"): pairs of (u8 kind, u8 bool),
 * answered to initialize/terminate/reset and pushed as daemon → client requests when a flag
 * changes.
 *
 * @module
 */

/**
 * The status kinds.
 *
 * @example
 * ```ts
 * import { StatusKind } from "./status.ts";
 *
 * console.assert(StatusKind.VirtualHidKeyboardReady === 4);
 * ```
 */
export const StatusKind = {
  None: 0,
  DriverActivated: 1,
  DriverConnected: 2,
  DriverVersionMismatched: 3,
  VirtualHidKeyboardReady: 4,
  VirtualHidPointingReady: 5,
} as const;

/** The five status flags; `undefined` until the daemon said. */
export interface KarabinerStatus {
  /** Karabiner's driver extension is activated. */
  driverActivated?: boolean;
  /** The daemon is connected to the driver. */
  driverConnected?: boolean;
  /** The running driver is another version than the daemon's (reboot). */
  driverVersionMismatched?: boolean;
  /** This client's virtual keyboard is ready. */
  virtualHidKeyboardReady?: boolean;
  /** This client's virtual pointing device is ready. */
  virtualHidPointingReady?: boolean;
}

const FIELD_OF_KIND: readonly (keyof KarabinerStatus | undefined)[] = [
  undefined,
  "driverActivated",
  "driverConnected",
  "driverVersionMismatched",
  "virtualHidKeyboardReady",
  "virtualHidPointingReady",
];

/**
 * Applies the status pairs of a payload to `status`. Unknown kinds and `none` are skipped (a
 * newer daemon may send more); a trailing odd byte is ignored.
 *
 * @param status The status to update.
 * @param bytes The buffer holding the payload.
 * @param start Where the pairs start; 0 when omitted.
 * @param length How many bytes of pairs; the rest of `bytes` when omitted.
 * @returns How many known pairs were applied.
 *
 * @example The answer to initialize
 * ```ts
 * import { applyStatusPairs, type KarabinerStatus } from "./status.ts";
 *
 * const status: KarabinerStatus = {};
 * applyStatusPairs(status, new Uint8Array([1, 1, 2, 1, 3, 0, 4, 0, 5, 1]));
 * console.assert(status.driverActivated && !status.virtualHidKeyboardReady);
 * console.assert(status.virtualHidPointingReady === true);
 * ```
 */
export function applyStatusPairs(
  status: KarabinerStatus,
  bytes: Uint8Array,
  start = 0,
  length: number = bytes.length - start,
): number {
  let applied = 0;
  for (let offset = start; offset + 1 < start + length; offset += 2) {
    const field = FIELD_OF_KIND[bytes[offset] ?? 0];
    if (field === undefined) continue;
    status[field] = bytes[offset + 1] !== 0;
    applied++;
  }
  return applied;
}

/**
 * Encodes status pairs, in kind order (what the fake daemon sends).
 *
 * @param status The flags to send; `undefined` ones are left out.
 * @returns The pairs.
 *
 * @example
 * ```ts
 * import { encodeStatusPairs } from "./status.ts";
 *
 * console.assert(encodeStatusPairs({ driverActivated: true, driverConnected: false }).join() === "1,1,2,0");
 * ```
 */
export function encodeStatusPairs(status: KarabinerStatus): Uint8Array {
  const pairs: number[] = [];
  FIELD_OF_KIND.forEach((field, kind) => {
    const value = field === undefined ? undefined : status[field];
    if (value !== undefined) pairs.push(kind, value ? 1 : 0);
  });
  return new Uint8Array(pairs);
}
