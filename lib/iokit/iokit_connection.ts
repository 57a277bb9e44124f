/**
 * A thin wrapper over one `io_connect_t`: scalar calls and structure posts with pre-allocated
 * argument buffers, and close.
 *
 * The post path ({@linkcode IOKitConnection.postStruct}) allocates nothing: the caller's
 * `Uint8Array` goes to C as a `"buffer"` directly, and the `size_t` length is a bigint taken
 * from a per-length cache filled on first use. Results are raw `kern_return_t` values; the
 * caller decides what a failure means.
 *
 * @module
 */
import type { IOKitLibrary, IOKitSymbols } from "./iokit_library.ts";

/** The most scalar inputs or outputs one call takes (IOKit's own limit is 16). */
export const MAX_SCALAR_COUNT = 16;

// Bigint sizes by length: a fresh bigint per call would allocate on every post.
const sizeBigints: bigint[] = [];

function sizeOf(length: number): bigint {
  return sizeBigints[length] ??= BigInt(length);
}

/**
 * One open connection to a driver's user client.
 *
 * @example Post a report through a stub library that records the selector
 * ```ts
 * import { IOKitConnection } from "./iokit_connection.ts";
 * import type { IOKitLibrary } from "./iokit_library.ts";
 *
 * const selectors: number[] = [];
 * const library = {
 *   path: "stub",
 *   machTaskSelf: 0x203,
 *   symbols: {
 *     IOConnectCallStructMethod: (_connection: number, selector: number) => {
 *       selectors.push(selector);
 *       return 0;
 *     },
 *     IOServiceClose: () => 0,
 *   },
 * } as unknown as IOKitLibrary;
 * const connection = new IOKitConnection(library, 0x100001);
 * console.assert(connection.postStruct(3, new Uint8Array(67)) === 0);
 * connection.close();
 * console.assert(selectors[0] === 3 && connection.closed);
 * ```
 */
export class IOKitConnection {
  /** The `io_connect_t` port name. */
  readonly handle: number;
  /** The outputs of the last {@linkcode IOKitConnection.callScalar}; valid up to its count. */
  readonly scalarOutput: BigUint64Array = new BigUint64Array(MAX_SCALAR_COUNT);
  readonly #symbols: IOKitSymbols;
  readonly #scalarInput = new BigUint64Array(MAX_SCALAR_COUNT);
  readonly #scalarOutputCount = new Uint32Array(1);
  #closed = false;

  /**
   * Wraps a connection that IOServiceOpen returned.
   *
   * @param library The library the connection was opened with.
   * @param handle The `io_connect_t`.
   */
  constructor(library: IOKitLibrary, handle: number) {
    this.#symbols = library.symbols;
    this.handle = handle;
  }

  /** Whether {@linkcode IOKitConnection.close} has run. */
  get closed(): boolean {
    return this.#closed;
  }

  /** How many outputs the last {@linkcode IOKitConnection.callScalar} returned. */
  get scalarOutputCount(): number {
    return this.#scalarOutputCount[0] as number;
  }

  /**
   * `IOConnectCallScalarMethod(handle, selector, inputs, inputs.length, output, &outputCount)`.
   * The outputs land in {@linkcode IOKitConnection.scalarOutput}.
   *
   * @param selector The user-client selector.
   * @param inputs Up to 16 unsigned 64-bit inputs (numbers must be non-negative integers).
   * @param outputCount How many outputs the caller expects (the driver checks it), up to 16.
   * @returns The `kern_return_t`, signed; 0 on success.
   * @throws {RangeError} For more than 16 inputs or outputs, or an input that is not an
   * unsigned 64-bit integer.
   */
  callScalar(selector: number, inputs: readonly (number | bigint)[], outputCount: number): number {
    if (inputs.length > MAX_SCALAR_COUNT || outputCount > MAX_SCALAR_COUNT || outputCount < 0) {
      throw new RangeError(
        `a scalar call takes at most ${MAX_SCALAR_COUNT} inputs and outputs, got ` +
          `${inputs.length} and ${outputCount}`,
      );
    }
    inputs.forEach((value, index) => {
      const scalar = BigInt(value);
      if (scalar < 0n || scalar > 0xffff_ffff_ffff_ffffn) {
        throw new RangeError(`scalar input ${index} (${value}) is not an unsigned 64-bit integer`);
      }
      this.#scalarInput[index] = scalar;
    });
    this.#scalarOutputCount[0] = outputCount;
    return this.#symbols.IOConnectCallScalarMethod(
      this.handle,
      selector,
      this.#scalarInput,
      inputs.length,
      this.scalarOutput,
      this.#scalarOutputCount,
    );
  }

  /**
   * `IOConnectCallStructMethod(handle, selector, bytes, bytes.length, NULL, NULL)`: posts a
   * structure input with no output. Allocates nothing once a length has been seen.
   *
   * @param selector The user-client selector.
   * @param bytes The structure, passed to C as is (its byteOffset is honoured).
   * @returns The `kern_return_t`, signed; 0 on success.
   */
  postStruct(selector: number, bytes: Uint8Array): number {
    return this.#symbols.IOConnectCallStructMethod(
      this.handle,
      selector,
      bytes,
      sizeOf(bytes.length),
      null,
      null,
    );
  }

  /**
   * `IOServiceClose`: destroys the connection (the driver's user client stops). Only the first
   * call closes; later ones return 0.
   *
   * @returns The `kern_return_t` of IOServiceClose, signed.
   */
  close(): number {
    if (this.#closed) return 0;
    this.#closed = true;
    return this.#symbols.IOServiceClose(this.handle);
  }
}
