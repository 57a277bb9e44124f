/**
 * Finding a driver's root service by its registry name and opening connections to it.
 *
 * The dext's root service is registered under its `IOUserClass`, so
 * `IOServiceNameMatching(name)` finds it. Its registry entry id identifies the running driver
 * instance: after a crash or an upgrade the new instance has a new id.
 *
 * @module
 */
import { IOKitConnection } from "./iokit_connection.ts";
import type { IOKitLibrary } from "./iokit_library.ts";

// MACH_PORT_NULL: the default main port (kIOMainPortDefault is 0 by contract).
const MAIN_PORT = 0;

const encodedNames = new Map<string, Uint8Array>();

function cString(text: string): Uint8Array {
  let bytes = encodedNames.get(text);
  if (bytes === undefined) {
    bytes = new TextEncoder().encode(`${text}\0`);
    encodedNames.set(text, bytes);
  }
  return bytes;
}

/** The outcome of {@linkcode IOKitService.open}: a connection, or IOServiceOpen's failure code. */
export type OpenResult =
  | { readonly ok: true; readonly connection: IOKitConnection }
  | { readonly ok: false; readonly code: number };

/**
 * A reference to a matched service (`io_service_t`). Release it when done; connections opened
 * from it stay valid after the release.
 *
 * @example Open through a stub library
 * ```ts
 * import { IOKitService } from "./iokit_service.ts";
 * import type { IOKitLibrary } from "./iokit_library.ts";
 *
 * const library = {
 *   path: "stub",
 *   machTaskSelf: 0x203,
 *   symbols: {
 *     IOServiceOpen: (_service: number, _task: number, _type: number, out: Uint32Array) => {
 *       out[0] = 0x100001;
 *       return 0;
 *     },
 *     IOObjectRelease: () => 0,
 *   },
 * } as unknown as IOKitLibrary;
 * const service = new IOKitService(library, 0x1001, 0x100000500n);
 * const result = service.open(0);
 * service.release();
 * console.assert(result.ok && result.connection.handle === 0x100001);
 * ```
 */
export class IOKitService {
  /** The `io_service_t`. */
  readonly handle: number;
  /** The registry entry id: which driver instance this is. */
  readonly registryEntryId: bigint;
  readonly #library: IOKitLibrary;
  readonly #connect = new Uint32Array(1);
  #released = false;

  /**
   * Wraps a service handle the caller owns one reference to.
   *
   * @param library The library the handle came from.
   * @param handle The `io_service_t`.
   * @param registryEntryId Its registry entry id.
   */
  constructor(library: IOKitLibrary, handle: number, registryEntryId: bigint) {
    this.#library = library;
    this.handle = handle;
    this.registryEntryId = registryEntryId;
  }

  /**
   * `IOServiceOpen(service, mach_task_self_, type, &connect)`: creates a new user client.
   *
   * @param type The connection type passed to the driver's `NewUserClient`.
   * @returns The connection, or the failure code (signed).
   */
  open(type: number): OpenResult {
    this.#connect[0] = 0;
    const code = this.#library.symbols.IOServiceOpen(
      this.handle,
      this.#library.machTaskSelf,
      type,
      this.#connect,
    );
    if (code !== 0) return { ok: false, code };
    return { ok: true, connection: new IOKitConnection(this.#library, this.#connect[0] as number) };
  }

  /** `IOObjectRelease` of the service handle; only the first call releases. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#library.symbols.IOObjectRelease(this.handle);
  }
}

/**
 * Looks the service up by registry name: `IOServiceGetMatchingService(0,
 * IOServiceNameMatching(name))`, then reads its registry entry id.
 *
 * @param library The loaded IOKit library.
 * @param name The registry name (the root's `IOUserClass`).
 * @returns The service (release it), or `undefined` when nothing has that name or its registry
 * entry id cannot be read.
 *
 * @example Nothing matches in a stub library
 * ```ts
 * import { findService } from "./iokit_service.ts";
 * import type { IOKitLibrary } from "./iokit_library.ts";
 *
 * const library = {
 *   path: "stub",
 *   machTaskSelf: 0x203,
 *   symbols: {
 *     IOServiceNameMatching: () => null,
 *     IOServiceGetMatchingService: () => 0,
 *   },
 * } as unknown as IOKitLibrary;
 * console.assert(findService(library, "dextkit_VirtualHIDDeviceRoot") === undefined);
 * ```
 */
export function findService(library: IOKitLibrary, name: string): IOKitService | undefined {
  const symbols = library.symbols;
  const matching = symbols.IOServiceNameMatching(cString(name));
  if (matching === null) return undefined;
  const handle = symbols.IOServiceGetMatchingService(MAIN_PORT, matching);
  if (handle === 0) return undefined;
  const id = new BigUint64Array(1);
  if (symbols.IORegistryEntryGetRegistryEntryID(handle, id) !== 0) {
    symbols.IOObjectRelease(handle);
    return undefined;
  }
  return new IOKitService(library, handle, id[0] as bigint);
}
