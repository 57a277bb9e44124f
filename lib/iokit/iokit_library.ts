/**
 * Loads the native IOKit client API with `Deno.dlopen`: the one place in dextkit that does.
 *
 * On macOS the symbols come from the IOKit framework and `mach_task_self_` from libSystem. When
 * `DEXTKIT_IOKIT_LIBRARY` names a library (on any system), every symbol comes from it instead:
 * that is how tests run the same code against the fake IOKit in `tests/fake_iokit`.
 *
 * Types follow IOKitLib.h (macos-tooling-reference.md §2): ports and objects are `u32`,
 * `kern_return_t` is `i32`, `size_t` is `usize` (a bigint), out-parameters are `"buffer"`s. The
 * client needs nothing from CoreFoundation: the only CF object it makes, the matching dictionary,
 * is consumed by `IOServiceGetMatchingService`.
 *
 * @module
 */
import { IOKitLoadError, IOKitUnavailableError } from "./iokit_errors.ts";

/**
 * The IOKit functions the client calls, as `Deno.dlopen` symbol definitions.
 *
 * @example Every call returns a 32-bit result
 * ```ts
 * import { IOKIT_SYMBOLS } from "./iokit_library.ts";
 *
 * console.assert(IOKIT_SYMBOLS.IOServiceOpen.result === "i32");
 * console.assert(IOKIT_SYMBOLS.IOConnectCallStructMethod.parameters[3] === "usize");
 * ```
 */
export const IOKIT_SYMBOLS = {
  /** `CFMutableDictionaryRef IOServiceNameMatching(const char *name)`; NUL-terminated name. */
  IOServiceNameMatching: { parameters: ["buffer"], result: "pointer" },
  /** `io_service_t IOServiceGetMatchingService(mach_port_t mainPort, CFDictionaryRef matching)`;
   * consumes `matching`; 0 when nothing matches. */
  IOServiceGetMatchingService: { parameters: ["u32", "pointer"], result: "u32" },
  /** `kern_return_t IOServiceOpen(io_service_t, task_port_t, uint32_t type, io_connect_t *)`. */
  IOServiceOpen: { parameters: ["u32", "u32", "u32", "buffer"], result: "i32" },
  /** `kern_return_t IOServiceClose(io_connect_t)`. */
  IOServiceClose: { parameters: ["u32"], result: "i32" },
  /** `kern_return_t IOObjectRelease(io_object_t)`. */
  IOObjectRelease: { parameters: ["u32"], result: "i32" },
  /** `kern_return_t IORegistryEntryGetRegistryEntryID(io_registry_entry_t, uint64_t *)`. */
  IORegistryEntryGetRegistryEntryID: { parameters: ["u32", "buffer"], result: "i32" },
  /** `kern_return_t IOConnectCallScalarMethod(mach_port_t, uint32_t selector,
   * const uint64_t *input, uint32_t inputCnt, uint64_t *output, uint32_t *outputCnt)`. */
  IOConnectCallScalarMethod: {
    parameters: ["u32", "u32", "buffer", "u32", "buffer", "buffer"],
    result: "i32",
  },
  /** `kern_return_t IOConnectCallStructMethod(mach_port_t, uint32_t selector,
   * const void *inputStruct, size_t inputStructCnt, void *outputStruct, size_t *outputStructCnt)`. */
  IOConnectCallStructMethod: {
    parameters: ["u32", "u32", "buffer", "usize", "buffer", "buffer"],
    result: "i32",
  },
} as const;

/**
 * The libSystem symbol the client reads: `mach_task_self_`, the task port that the
 * `mach_task_self()` macro returns. A static, read once when the library is loaded.
 *
 * @example A 32-bit port name
 * ```ts
 * import { LIBSYSTEM_SYMBOLS } from "./iokit_library.ts";
 *
 * console.assert(LIBSYSTEM_SYMBOLS.mach_task_self_.type === "u32");
 * ```
 */
export const LIBSYSTEM_SYMBOLS = {
  mach_task_self_: { type: "u32" },
} as const;

/** The callable IOKit functions. */
export type IOKitSymbols = Deno.DynamicLibrary<typeof IOKIT_SYMBOLS>["symbols"];

/** A loaded IOKit client API. */
export interface IOKitLibrary {
  /** Where the symbols came from, for messages. */
  readonly path: string;
  /** The IOKit functions. */
  readonly symbols: IOKitSymbols;
  /** The value of `mach_task_self_`: this process's task port, the owner for IOServiceOpen. */
  readonly machTaskSelf: number;
}

/** The environment variable naming a stand-in IOKit library (the fake on Linux). */
export const IOKIT_LIBRARY_ENV_VARIABLE = "DEXTKIT_IOKIT_LIBRARY";

/** The IOKit framework; served from the dyld shared cache, so it need not exist on disk. */
export const MACOS_IOKIT_PATH = "/System/Library/Frameworks/IOKit.framework/IOKit";

/** libSystem, which exports `mach_task_self_`. */
export const MACOS_LIBSYSTEM_PATH = "/usr/lib/libSystem.B.dylib";

/** Options of {@linkcode loadIOKitLibrary}. */
export interface LoadIOKitLibraryOptions {
  /** A library exporting every symbol (the fake); overrides the environment and the OS. */
  readonly path?: string;
  /**
   * Where `DEXTKIT_IOKIT_LIBRARY` is read; `Deno.env` when omitted, read only when the env
   * permission for it is granted (so there is never a prompt).
   */
  readonly env?: { get(name: string): string | undefined };
  /** The operating system; `Deno.build.os` when omitted. */
  readonly os?: typeof Deno.build.os;
}

// One load per path for the life of the process: closing would invalidate symbols that live
// connections still hold, and reloading the same library returns the same handle anyway.
const loaded = new Map<string, IOKitLibrary>();

/**
 * Loads the IOKit client API: the library named by `options.path`, else by
 * `DEXTKIT_IOKIT_LIBRARY`, else (on macOS) the IOKit framework and libSystem. Loads each path
 * once per process and returns the same object afterwards.
 *
 * @param options An explicit path, the environment, the OS.
 * @returns The loaded library.
 * @throws {IOKitUnavailableError} Off macOS when no library is named.
 * @throws {IOKitLoadError} When `Deno.dlopen` fails (missing file or symbol, no `--allow-ffi`).
 *
 * @example Off macOS, without a fake, there is no IOKit
 * ```ts
 * import { loadIOKitLibrary } from "./iokit_library.ts";
 * import { IOKitUnavailableError } from "./iokit_errors.ts";
 *
 * try {
 *   loadIOKitLibrary({ os: "linux", env: { get: () => undefined } });
 * } catch (error) {
 *   console.assert(error instanceof IOKitUnavailableError);
 * }
 * ```
 */
export function loadIOKitLibrary(options: LoadIOKitLibraryOptions = {}): IOKitLibrary {
  const env = options.env ?? permittedEnv;
  const path = options.path ?? nonEmpty(env.get(IOKIT_LIBRARY_ENV_VARIABLE));
  if (path !== undefined) return loadOnce(path, () => openStandIn(path));
  const os = options.os ?? Deno.build.os;
  if (os !== "darwin") {
    throw new IOKitUnavailableError(os, options.env === undefined && envDenied());
  }
  return loadOnce(MACOS_IOKIT_PATH, openMacOS);
}

function loadOnce(key: string, open: () => IOKitLibrary): IOKitLibrary {
  let library = loaded.get(key);
  if (library === undefined) {
    library = open();
    loaded.set(key, library);
  }
  return library;
}

function openStandIn(path: string): IOKitLibrary {
  const library = dlopen(path, { ...IOKIT_SYMBOLS, ...LIBSYSTEM_SYMBOLS });
  return Object.freeze({
    path,
    symbols: library.symbols,
    machTaskSelf: library.symbols.mach_task_self_,
  });
}

function openMacOS(): IOKitLibrary {
  const iokit = dlopen(MACOS_IOKIT_PATH, IOKIT_SYMBOLS);
  const system = dlopen(MACOS_LIBSYSTEM_PATH, LIBSYSTEM_SYMBOLS);
  return Object.freeze({
    path: MACOS_IOKIT_PATH,
    symbols: iokit.symbols,
    machTaskSelf: system.symbols.mach_task_self_,
  });
}

function dlopen<const S extends Deno.ForeignLibraryInterface>(
  path: string,
  symbols: S,
): Deno.DynamicLibrary<S> {
  try {
    return Deno.dlopen(path, symbols);
  } catch (error) {
    throw new IOKitLoadError(path, error);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

function envDenied(): boolean {
  return Deno.permissions.querySync({ name: "env", variable: IOKIT_LIBRARY_ENV_VARIABLE })
    .state !== "granted";
}

const permittedEnv = {
  get(name: string): string | undefined {
    return Deno.permissions.querySync({ name: "env", variable: name }).state === "granted"
      ? Deno.env.get(name)
      : undefined;
  },
};
