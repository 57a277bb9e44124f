/**
 * An incremental decoder of the daemon's frames: bytes go in as they arrive from the socket (a
 * partial frame, several frames, a frame split across reads), whole frames come out. A frame
 * that cannot be valid (a body length of 0 or above the daemon's limit, an unknown message type,
 * a request without its id) is a {@linkcode KarabinerFrameError} at once: the decoder never waits
 * for bytes that would not make sense, so a garbage stream cannot hang a reader.
 *
 * Decoding allocates nothing: the frame is described in place by {@linkcode FrameDecoder.frame},
 * a reused object, with the payload inside {@linkcode FrameDecoder.buffer}.
 *
 * @module
 */
import { FrameSize, hasRequestId, MessageType, readBodyLength, readRequestId } from "./frame.ts";
import { KarabinerFrameError } from "./karabiner_errors.ts";

/** The frame most recently decoded; valid until the next `push` or `next`. */
export interface DecodedFrame {
  /** The message type. */
  type: MessageType;
  /** The request id of a request or response; 0 for other types. */
  requestId: number;
  /** Where the payload starts in the decoder's buffer. */
  payloadStart: number;
  /** The payload's length. */
  payloadLength: number;
}

const LARGEST_TYPE = MessageType.Response;

/**
 * Turns a byte stream into frames.
 *
 * @example Two frames in one read, then a frame split across two
 * ```ts
 * import { FrameDecoder } from "./frame_decoder.ts";
 *
 * const decoder = new FrameDecoder();
 * decoder.push(new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0, 1, 2]));
 * console.assert(decoder.next() && decoder.frame.type === 0);
 * console.assert(decoder.next() && decoder.frame.type === 2);
 * console.assert(!decoder.next());
 * decoder.push(new Uint8Array([0, 0]));
 * console.assert(!decoder.next());
 * decoder.push(new Uint8Array([0, 1, 3]));
 * console.assert(decoder.next() && decoder.frame.type === 3);
 * ```
 */
export class FrameDecoder {
  /** Holds the undecoded bytes; a frame's payload is read from here. */
  buffer: Uint8Array;
  /** The last decoded frame (reused). */
  readonly frame: DecodedFrame = { type: 0, requestId: 0, payloadStart: 0, payloadLength: 0 };
  #start = 0;
  #end = 0;
  #failed: KarabinerFrameError | undefined;

  /**
   * Creates an empty decoder.
   *
   * @param capacity The initial buffer size; it grows when a read is larger.
   */
  constructor(capacity = 2 * (FrameSize.Length + FrameSize.MaxBody)) {
    this.buffer = new Uint8Array(capacity);
  }

  /** How many bytes wait for the rest of their frame. */
  get pending(): number {
    return this.#end - this.#start;
  }

  /**
   * Appends bytes read from the socket.
   *
   * @param bytes The bytes (copied; the caller may reuse its buffer).
   * @param length How many of them; all when omitted.
   *
   * @example
   * ```ts
   * import { FrameDecoder } from "./frame_decoder.ts";
   *
   * const decoder = new FrameDecoder();
   * decoder.push(new Uint8Array([0, 0, 0, 1, 0, 9, 9]), 5);
   * console.assert(decoder.pending === 5);
   * ```
   */
  push(bytes: Uint8Array, length: number = bytes.length): void {
    if (this.#start === this.#end) this.#start = this.#end = 0;
    if (this.#end + length > this.buffer.length) {
      const kept = this.#end - this.#start;
      const target = kept + length > this.buffer.length
        ? new Uint8Array(Math.max(this.buffer.length * 2, kept + length))
        : this.buffer;
      if (target === this.buffer) this.buffer.copyWithin(0, this.#start, this.#end);
      else target.set(this.buffer.subarray(this.#start, this.#end));
      this.buffer = target;
      this.#start = 0;
      this.#end = kept;
    }
    this.buffer.set(length === bytes.length ? bytes : bytes.subarray(0, length), this.#end);
    this.#end += length;
  }

  /**
   * Decodes the next whole frame into {@linkcode FrameDecoder.frame}.
   *
   * @returns `true` when a frame was decoded, `false` when more bytes are needed.
   * @throws {KarabinerFrameError} On a frame that cannot be valid; every later call throws the
   * same error (the stream cannot be resynchronized: drop the connection).
   *
   * @example An oversize frame is refused before its body arrives
   * ```ts
   * import { FrameDecoder } from "./frame_decoder.ts";
   * import { KarabinerFrameError } from "./karabiner_errors.ts";
   *
   * const decoder = new FrameDecoder();
   * decoder.push(new Uint8Array([0, 1, 0, 0]));
   * try {
   *   decoder.next();
   * } catch (error) {
   *   console.assert(error instanceof KarabinerFrameError);
   * }
   * ```
   */
  next(): boolean {
    if (this.#failed !== undefined) throw this.#failed;
    const available = this.#end - this.#start;
    if (available < FrameSize.Length) return false;
    const bytes = this.buffer;
    const start = this.#start;
    const body = readBodyLength(bytes, start);
    if (body === 0 || body > FrameSize.MaxBody) {
      return this.#fail(
        `a frame announces a body of ${body} bytes; the daemon's frames have 1 to ` +
          `${FrameSize.MaxBody}`,
      );
    }
    if (available < FrameSize.Length + 1) return false;
    const type = bytes[start + FrameSize.Length] ?? 0;
    if (type > LARGEST_TYPE) {
      return this.#fail(`a frame has message type ${type}; the known types are 0 to 5`);
    }
    const withId = hasRequestId(type);
    if (withId && body < FrameSize.Type + FrameSize.RequestId) {
      return this.#fail(
        `a ${type === MessageType.Request ? "request" : "response"} frame of ${body} bytes is ` +
          "too short for its 8-byte request id",
      );
    }
    if (available < FrameSize.Length + body) return false;
    const headerEnd = start + FrameSize.Length + FrameSize.Type;
    const frame = this.frame;
    frame.type = type as MessageType;
    frame.requestId = withId ? readRequestId(bytes, headerEnd) : 0;
    frame.payloadStart = withId ? headerEnd + FrameSize.RequestId : headerEnd;
    frame.payloadLength = start + FrameSize.Length + body - frame.payloadStart;
    this.#start = start + FrameSize.Length + body;
    return true;
  }

  /**
   * A copy of the last frame's payload (allocates; for the rare frames that need one).
   *
   * @returns The payload bytes.
   *
   * @example
   * ```ts
   * import { FrameDecoder } from "./frame_decoder.ts";
   *
   * const decoder = new FrameDecoder();
   * decoder.push(new Uint8Array([0, 0, 0, 3, 1, 0xaa, 0xbb]));
   * decoder.next();
   * console.assert(decoder.payload().join() === "170,187");
   * ```
   */
  payload(): Uint8Array {
    const { payloadStart, payloadLength } = this.frame;
    return this.buffer.slice(payloadStart, payloadStart + payloadLength);
  }

  #fail(message: string): never {
    this.#failed = new KarabinerFrameError(message);
    throw this.#failed;
  }
}
