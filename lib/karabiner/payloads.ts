/**
 * The service payload of a client's `request` frame (karabiner-daemon-protocol.md): u16
 * little-endian `client_protocol_version`, u8 request number, then the request's struct,
 * little-endian, copied as is. The report structs are the layouts the `lib/hid` encoders write,
 * so a report goes in unchanged; only the request number depends on the report id (id 3 is the
 * Apple vendor **top case** page, id 4 the Apple vendor **keyboard** page).
 *
 * @module
 */
import { ReportId, ReportSize } from "../hid/report_ids.ts";
import type { KeyboardParameters } from "../protocol/keyboard_parameters.ts";
import { MessageType, REQUEST_HEADER_SIZE, writeFrameHeader, writeRequestId } from "./frame.ts";
import { type KarabinerProtocol, type KarabinerRequest, requestNumber } from "./requests.ts";

/** The bytes before the struct in a service payload: version (2) and request number (1). */
export const SERVICE_HEADER_SIZE = 3;

/**
 * The struct size each request carries.
 *
 * @example
 * ```ts
 * import { REQUEST_STRUCT_SIZES } from "./payloads.ts";
 *
 * console.assert(REQUEST_STRUCT_SIZES.post_keyboard_input_report === 67);
 * console.assert(REQUEST_STRUCT_SIZES.virtual_hid_keyboard_initialize === 24);
 * ```
 */
export const REQUEST_STRUCT_SIZES: Readonly<Record<KarabinerRequest, number>> = Object.freeze({
  get_status: 0,
  virtual_hid_keyboard_initialize: 24,
  virtual_hid_keyboard_terminate: 0,
  virtual_hid_keyboard_reset: 0,
  virtual_hid_pointing_initialize: 0,
  virtual_hid_pointing_terminate: 0,
  virtual_hid_pointing_reset: 0,
  post_keyboard_input_report: ReportSize.Keyboard,
  post_consumer_input_report: ReportSize.Array,
  post_apple_vendor_keyboard_input_report: ReportSize.Array,
  post_apple_vendor_top_case_input_report: ReportSize.Array,
  post_generic_desktop_input_report: ReportSize.Array,
  post_pointing_input_report: ReportSize.Pointing,
});

/** A request that posts a keyboard-side report. */
export type KeyboardPostRequest =
  | "post_keyboard_input_report"
  | "post_consumer_input_report"
  | "post_apple_vendor_keyboard_input_report"
  | "post_apple_vendor_top_case_input_report"
  | "post_generic_desktop_input_report";

const POST_REQUEST_BY_REPORT_ID: ReadonlyMap<number, KeyboardPostRequest> = new Map([
  [ReportId.Keyboard, "post_keyboard_input_report"],
  [ReportId.Consumer, "post_consumer_input_report"],
  [ReportId.AppleVendorTopCase, "post_apple_vendor_top_case_input_report"],
  [ReportId.AppleVendorKeyboard, "post_apple_vendor_keyboard_input_report"],
  [ReportId.GenericDesktop, "post_generic_desktop_input_report"],
]);

/**
 * The post request for a keyboard input report id.
 *
 * @param reportId The report's first byte.
 * @returns The request, or `undefined` for an id the daemon takes no report of.
 *
 * @example Ids 3 and 4 are easy to swap
 * ```ts
 * import { postRequestForReport } from "./payloads.ts";
 *
 * console.assert(postRequestForReport(3) === "post_apple_vendor_top_case_input_report");
 * console.assert(postRequestForReport(4) === "post_apple_vendor_keyboard_input_report");
 * console.assert(postRequestForReport(5) === undefined);
 * ```
 */
export function postRequestForReport(reportId: number): KeyboardPostRequest | undefined {
  return POST_REQUEST_BY_REPORT_ID.get(reportId);
}

/**
 * The report id a keyboard post request carries (what the fake daemon checks).
 *
 * @param request The request.
 * @returns The report id.
 *
 * @example
 * ```ts
 * import { reportIdForPostRequest } from "./payloads.ts";
 *
 * console.assert(reportIdForPostRequest("post_apple_vendor_keyboard_input_report") === 4);
 * ```
 */
export function reportIdForPostRequest(request: KeyboardPostRequest): number {
  for (const [id, name] of POST_REQUEST_BY_REPORT_ID) if (name === request) return id;
  throw new RangeError(`${request} is not a keyboard post request`);
}

/**
 * A reusable request frame for one request: length, type, id, service header and struct in one
 * buffer. Fill {@linkcode ServiceRequestFrame.struct} (a `lib/hid` encoder can write straight
 * into it), set the id with {@linkcode ServiceRequestFrame.setRequestId}, send
 * {@linkcode ServiceRequestFrame.bytes}. Nothing is allocated after construction.
 *
 * @example A keyboard post with Shift+A, encoded in place
 * ```ts
 * import { ServiceRequestFrame } from "./payloads.ts";
 * import { encodeKeyboardInput } from "../hid/keyboard_report.ts";
 *
 * const frame = new ServiceRequestFrame(7, "post_keyboard_input_report");
 * encodeKeyboardInput(0x02, [0x04], frame.struct);
 * frame.setRequestId(1);
 * console.assert(frame.bytes.length === 13 + 3 + 67);
 * console.assert(frame.bytes[13] === 7 && frame.bytes[15] === 6 && frame.bytes[16] === 1);
 * ```
 */
export class ServiceRequestFrame {
  /** The whole frame. */
  readonly bytes: Uint8Array;
  /** The request's struct inside {@linkcode ServiceRequestFrame.bytes}. */
  readonly struct: Uint8Array;
  /** The request. */
  readonly request: KarabinerRequest;

  /**
   * Allocates the frame and writes everything but the id and the struct.
   *
   * @param protocol The protocol version written into the payload.
   * @param request The request.
   */
  constructor(protocol: KarabinerProtocol, request: KarabinerRequest) {
    const structSize = REQUEST_STRUCT_SIZES[request];
    this.request = request;
    this.bytes = new Uint8Array(REQUEST_HEADER_SIZE + SERVICE_HEADER_SIZE + structSize);
    writeFrameHeader(this.bytes, MessageType.Request, 0, SERVICE_HEADER_SIZE + structSize);
    this.bytes[REQUEST_HEADER_SIZE] = protocol & 0xff;
    this.bytes[REQUEST_HEADER_SIZE + 1] = protocol >>> 8;
    this.bytes[REQUEST_HEADER_SIZE + 2] = requestNumber(protocol, request);
    this.struct = this.bytes.subarray(REQUEST_HEADER_SIZE + SERVICE_HEADER_SIZE);
  }

  /**
   * Sets the request id.
   *
   * @param requestId An integer 0 ≤ id < 2^53.
   */
  setRequestId(requestId: number): void {
    writeRequestId(this.bytes, 5, requestId);
  }
}

/**
 * The 24-byte struct of `virtual_hid_keyboard_initialize`: vendor id, product id, country code,
 * each a little-endian u64.
 *
 * @param parameters The keyboard parameters.
 * @param out Where to write (24 bytes); a new buffer when omitted.
 * @returns The struct.
 *
 * @example The default parameters
 * ```ts
 * import { keyboardInitializeStruct } from "./payloads.ts";
 *
 * const bytes = keyboardInitializeStruct({ vendorId: 0x16c0, productId: 0x27db, countryCode: 0 });
 * console.assert(bytes[0] === 0xc0 && bytes[1] === 0x16 && bytes[8] === 0xdb && bytes[9] === 0x27);
 * ```
 */
export function keyboardInitializeStruct(
  parameters: KeyboardParameters,
  out: Uint8Array = new Uint8Array(24),
): Uint8Array {
  const view = new DataView(out.buffer, out.byteOffset, 24);
  view.setBigUint64(0, BigInt(parameters.vendorId), true);
  view.setBigUint64(8, BigInt(parameters.productId), true);
  view.setBigUint64(16, BigInt(parameters.countryCode), true);
  return out;
}

/**
 * Reads the struct of `virtual_hid_keyboard_initialize` (the fake daemon's side).
 *
 * @param struct The 24 bytes.
 * @returns The parameters (each truncated to a number).
 *
 * @example
 * ```ts
 * import { keyboardInitializeStruct, readKeyboardInitializeStruct } from "./payloads.ts";
 *
 * const parameters = { vendorId: 1, productId: 2, countryCode: 33 };
 * console.assert(readKeyboardInitializeStruct(keyboardInitializeStruct(parameters)).countryCode === 33);
 * ```
 */
export function readKeyboardInitializeStruct(struct: Uint8Array): KeyboardParameters {
  const view = new DataView(struct.buffer, struct.byteOffset, 24);
  return {
    vendorId: Number(view.getBigUint64(0, true)),
    productId: Number(view.getBigUint64(8, true)),
    countryCode: Number(view.getBigUint64(16, true)),
  };
}

/**
 * A whole request frame in a new buffer (for the rare requests: initialize, reset, status).
 *
 * @param protocol The protocol version.
 * @param request The request.
 * @param requestId The request id.
 * @param struct The struct; zeros of the request's size when omitted.
 * @returns The frame.
 * @throws {RangeError} When the struct has the wrong size.
 *
 * @example A keyboard reset, request id 3
 * ```ts
 * import { encodeServiceRequest } from "./payloads.ts";
 *
 * const frame = encodeServiceRequest(7, "virtual_hid_keyboard_reset", 3);
 * console.assert(frame.join() === "0,0,0,12,4,0,0,0,0,0,0,0,3,7,0,2");
 * ```
 */
export function encodeServiceRequest(
  protocol: KarabinerProtocol,
  request: KarabinerRequest,
  requestId: number,
  struct?: Uint8Array,
): Uint8Array {
  const frame = new ServiceRequestFrame(protocol, request);
  if (struct !== undefined) {
    if (struct.length !== frame.struct.length) {
      throw new RangeError(
        `${request} takes a ${frame.struct.length}-byte struct, not ${struct.length} bytes`,
      );
    }
    frame.struct.set(struct);
  }
  frame.setRequestId(requestId);
  return frame.bytes;
}
