/**
 * The daemon's request numbers per client protocol version (karabiner-daemon-protocol.md): the
 * table for protocol 7 (driver package 8.0.0+, Karabiner-Elements 16.1+) and for protocol 6
 * (7.0.0–7.3.0), which had `get_status` as 0 and every other number one higher.
 *
 * @module
 */

/** A request a client sends. */
export type KarabinerRequest =
  | "get_status"
  | "virtual_hid_keyboard_initialize"
  | "virtual_hid_keyboard_terminate"
  | "virtual_hid_keyboard_reset"
  | "virtual_hid_pointing_initialize"
  | "virtual_hid_pointing_terminate"
  | "virtual_hid_pointing_reset"
  | "post_keyboard_input_report"
  | "post_consumer_input_report"
  | "post_apple_vendor_keyboard_input_report"
  | "post_apple_vendor_top_case_input_report"
  | "post_generic_desktop_input_report"
  | "post_pointing_input_report";

/** The protocol versions dextkit speaks, preferred first. */
export const SUPPORTED_PROTOCOLS: readonly [7, 6] = Object.freeze([7, 6] as [7, 6]);

/** A protocol version dextkit speaks. */
export type KarabinerProtocol = typeof SUPPORTED_PROTOCOLS[number];

const PROTOCOL_7_ORDER: readonly KarabinerRequest[] = [
  "virtual_hid_keyboard_initialize",
  "virtual_hid_keyboard_terminate",
  "virtual_hid_keyboard_reset",
  "virtual_hid_pointing_initialize",
  "virtual_hid_pointing_terminate",
  "virtual_hid_pointing_reset",
  "post_keyboard_input_report",
  "post_consumer_input_report",
  "post_apple_vendor_keyboard_input_report",
  "post_apple_vendor_top_case_input_report",
  "post_generic_desktop_input_report",
  "post_pointing_input_report",
];

function table(order: readonly KarabinerRequest[]): ReadonlyMap<KarabinerRequest, number> {
  return new Map(order.map((request, index) => [request, index]));
}

/**
 * Request number by request, per protocol version. Protocol 7 has no `get_status`.
 *
 * @example Protocol 6 numbers are one higher
 * ```ts
 * import { REQUEST_TABLES } from "./requests.ts";
 *
 * console.assert(REQUEST_TABLES[7].get("post_keyboard_input_report") === 6);
 * console.assert(REQUEST_TABLES[6].get("post_keyboard_input_report") === 7);
 * console.assert(REQUEST_TABLES[6].get("get_status") === 0);
 * ```
 */
export const REQUEST_TABLES: Readonly<
  Record<KarabinerProtocol, ReadonlyMap<KarabinerRequest, number>>
> = Object.freeze({
  7: table(PROTOCOL_7_ORDER),
  6: table(["get_status", ...PROTOCOL_7_ORDER]),
});

/**
 * The number of a request in a protocol version.
 *
 * @param protocol The protocol version.
 * @param request The request.
 * @returns Its number.
 * @throws {RangeError} For `get_status` in protocol 7, which has none.
 *
 * @example
 * ```ts
 * import { requestNumber } from "./requests.ts";
 *
 * console.assert(requestNumber(7, "post_pointing_input_report") === 11);
 * ```
 */
export function requestNumber(protocol: KarabinerProtocol, request: KarabinerRequest): number {
  const number = REQUEST_TABLES[protocol].get(request);
  if (number === undefined) throw new RangeError(`protocol ${protocol} has no ${request}`);
  return number;
}

/**
 * The request a number stands for in a protocol version (what the fake daemon reads).
 *
 * @param protocol The protocol version.
 * @param number The request number.
 * @returns The request, or `undefined` for an unknown number.
 *
 * @example
 * ```ts
 * import { requestName } from "./requests.ts";
 *
 * console.assert(requestName(6, 0) === "get_status");
 * console.assert(requestName(7, 12) === undefined);
 * ```
 */
export function requestName(
  protocol: KarabinerProtocol,
  number: number,
): KarabinerRequest | undefined {
  for (const [request, value] of REQUEST_TABLES[protocol]) if (value === number) return request;
  return undefined;
}
