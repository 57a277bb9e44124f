/**
 * The framing of the Karabiner virtual HID daemon's stream socket (karabiner-daemon-protocol.md,
 * "Protocol 7"): a big-endian u32 body length, then the body: a u8 message type, for `request`
 * and `response` a big-endian u64 request id, then the payload.
 *
 * Frames are written into caller-owned buffers, so the post path allocates nothing.
 *
 * @module
 */

/**
 * The message types of a frame body's first byte.
 *
 * @example
 * ```ts
 * import { MessageType } from "./frame.ts";
 *
 * console.assert(MessageType.Request === 4);
 * ```
 */
export const MessageType = {
  Heartbeat: 0,
  UserData: 1,
  HealthCheck: 2,
  HealthCheckResponse: 3,
  Request: 4,
  Response: 5,
} as const;

/** One of the values of {@linkcode MessageType}. */
export type MessageType = typeof MessageType[keyof typeof MessageType];

/**
 * Sizes of the frame's parts, in bytes.
 *
 * @example A request header is 13 bytes before its payload
 * ```ts
 * import { FrameSize } from "./frame.ts";
 *
 * console.assert(FrameSize.Length + FrameSize.Type + FrameSize.RequestId === 13);
 * ```
 */
export const FrameSize = {
  /** The big-endian u32 body length. */
  Length: 4,
  /** The message type byte. */
  Type: 1,
  /** The big-endian u64 request id of requests and responses. */
  RequestId: 8,
  /** The largest payload the daemon takes ("body size limit 1024 + header"). */
  MaxPayload: 1024,
  /** The largest body: type, request id and the largest payload. */
  MaxBody: 1 + 8 + 1024,
} as const;

/** The bytes before a request's or response's payload: length, type, request id. */
export const REQUEST_HEADER_SIZE: number = FrameSize.Length + FrameSize.Type +
  FrameSize.RequestId;

/**
 * Whether frames of this type carry a request id.
 *
 * @param type The message type.
 * @returns `true` for `request` and `response`.
 *
 * @example
 * ```ts
 * import { hasRequestId, MessageType } from "./frame.ts";
 *
 * console.assert(hasRequestId(MessageType.Response));
 * console.assert(!hasRequestId(MessageType.Heartbeat));
 * ```
 */
export function hasRequestId(type: number): boolean {
  return type === MessageType.Request || type === MessageType.Response;
}

/**
 * Writes a frame's header into `out` at `offset`: the body length, the type and, for requests and
 * responses, the request id. The payload goes right after it; its length must be given here.
 *
 * @param out The buffer.
 * @param type The message type.
 * @param requestId The request id, an integer 0 ≤ id < 2^53 (written as u64); ignored for types
 * without one.
 * @param payloadLength How many payload bytes follow the header.
 * @param offset Where the frame starts; 0 when omitted.
 * @returns The header's length (where the payload starts, relative to `offset`).
 *
 * @example A response with request id 7 and no payload
 * ```ts
 * import { MessageType, writeFrameHeader } from "./frame.ts";
 *
 * const out = new Uint8Array(13);
 * writeFrameHeader(out, MessageType.Response, 7, 0);
 * console.assert(out.join() === "0,0,0,9,5,0,0,0,0,0,0,0,7");
 * ```
 */
export function writeFrameHeader(
  out: Uint8Array,
  type: MessageType,
  requestId: number,
  payloadLength: number,
  offset = 0,
): number {
  const withId = hasRequestId(type);
  const header = FrameSize.Length + FrameSize.Type + (withId ? FrameSize.RequestId : 0);
  const body = header - FrameSize.Length + payloadLength;
  writeUint32BE(out, offset, body);
  out[offset + FrameSize.Length] = type;
  if (withId) writeRequestId(out, offset + FrameSize.Length + FrameSize.Type, requestId);
  return header;
}

/**
 * Writes a request id as a big-endian u64 without making a bigint.
 *
 * @param out The buffer.
 * @param offset Where the eight bytes go.
 * @param requestId An integer 0 ≤ id < 2^53.
 *
 * @example
 * ```ts
 * import { writeRequestId } from "./frame.ts";
 *
 * const out = new Uint8Array(8);
 * writeRequestId(out, 0, 2 ** 32 + 1);
 * console.assert(out.join() === "0,0,0,1,0,0,0,1");
 * ```
 */
export function writeRequestId(out: Uint8Array, offset: number, requestId: number): void {
  writeUint32BE(out, offset, Math.floor(requestId / 0x1_0000_0000));
  writeUint32BE(out, offset + 4, requestId >>> 0);
}

/**
 * Reads a big-endian u64 request id as a number (ids stay below 2^53 in practice; larger ones
 * lose their lowest bits).
 *
 * @param bytes The buffer.
 * @param offset Where the eight bytes start.
 * @returns The id.
 *
 * @example
 * ```ts
 * import { readRequestId } from "./frame.ts";
 *
 * console.assert(readRequestId(new Uint8Array([0, 0, 0, 1, 0, 0, 0, 2]), 0) === 2 ** 32 + 2);
 * ```
 */
export function readRequestId(bytes: Uint8Array, offset: number): number {
  return readUint32BE(bytes, offset) * 0x1_0000_0000 + readUint32BE(bytes, offset + 4);
}

/**
 * Encodes a whole frame into a new buffer (for the rare frames: handshakes, answers, tests).
 *
 * @param type The message type.
 * @param requestId The request id (requests and responses only).
 * @param payload The payload.
 * @returns The frame.
 * @throws {RangeError} When the payload is longer than {@linkcode FrameSize.MaxPayload}.
 *
 * @example The heartbeat frame is five bytes
 * ```ts
 * import { encodeFrame, MessageType } from "./frame.ts";
 *
 * console.assert(encodeFrame(MessageType.Heartbeat).join() === "0,0,0,1,0");
 * ```
 */
export function encodeFrame(
  type: MessageType,
  requestId = 0,
  payload: Uint8Array = new Uint8Array(0),
): Uint8Array {
  if (payload.length > FrameSize.MaxPayload) {
    throw new RangeError(`a payload of ${payload.length} bytes exceeds the daemon's 1024`);
  }
  const header = FrameSize.Length + FrameSize.Type +
    (hasRequestId(type) ? FrameSize.RequestId : 0);
  const out = new Uint8Array(header + payload.length);
  writeFrameHeader(out, type, requestId, payload.length);
  out.set(payload, header);
  return out;
}

/**
 * The heartbeat frame `00 00 00 01 00`. Shared and frozen in meaning: never write into it.
 *
 * @example
 * ```ts
 * import { HEARTBEAT_FRAME } from "./frame.ts";
 *
 * console.assert(HEARTBEAT_FRAME.length === 5);
 * ```
 */
export const HEARTBEAT_FRAME: Uint8Array = encodeFrame(MessageType.Heartbeat);

/**
 * The answer to the daemon's `health_check`: `00 00 00 01 03`.
 *
 * @example
 * ```ts
 * import { HEALTH_CHECK_RESPONSE_FRAME } from "./frame.ts";
 *
 * console.assert(HEALTH_CHECK_RESPONSE_FRAME[4] === 3);
 * ```
 */
export const HEALTH_CHECK_RESPONSE_FRAME: Uint8Array = encodeFrame(
  MessageType.HealthCheckResponse,
);

function writeUint32BE(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value >>> 24;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
}

function readUint32BE(bytes: Uint8Array, offset: number): number {
  return (((bytes[offset] ?? 0) << 24) >>> 0) + ((bytes[offset + 1] ?? 0) << 16) +
    ((bytes[offset + 2] ?? 0) << 8) + (bytes[offset + 3] ?? 0);
}

/**
 * Reads a big-endian u32 (the body length).
 *
 * @param bytes The buffer.
 * @param offset Where the four bytes start.
 * @returns The value.
 *
 * @example
 * ```ts
 * import { readBodyLength } from "./frame.ts";
 *
 * console.assert(readBodyLength(new Uint8Array([0, 0, 1, 2]), 0) === 258);
 * ```
 */
export function readBodyLength(bytes: Uint8Array, offset: number): number {
  return readUint32BE(bytes, offset);
}
