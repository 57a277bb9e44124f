/**
 * The Caps Lock and Num Lock state as the HID system keeps it, for backends whose device channel
 * carries no LED report (the Karabiner daemon's socket has none; karabiner-daemon-protocol.md,
 * last point of "Protocol 7"). It opens a connection of type `kIOHIDParamConnectType` (1) to
 * the `IOHIDSystem` service and asks `IOHIDGetModifierLockState` with `kIOHIDCapsLockState` (1)
 * and `kIOHIDNumLockState` (2) (IOHIDShared.h, IOHIDLib's `IOHIDGetModifierLockState`).
 *
 * Its own small `Deno.dlopen` of the IOKit framework (and libSystem for `mach_task_self_`), so
 * the driver bindings stay as they are; tests load a stand-in library with the same symbols.
 *
 * @module
 */
import type { LedState } from "../hid/led_report.ts";
import { MACOS_IOKIT_PATH, MACOS_LIBSYSTEM_PATH } from "./iokit_library.ts";

/** The IOKit symbols this binding calls. */
const HID_SYSTEM_SYMBOLS = {
  IOServiceMatching: { parameters: ["buffer"], result: "pointer" },
  IOServiceGetMatchingService: { parameters: ["u32", "pointer"], result: "u32" },
  IOServiceOpen: { parameters: ["u32", "u32", "u32", "buffer"], result: "i32" },
  IOServiceClose: { parameters: ["u32"], result: "i32" },
  IOObjectRelease: { parameters: ["u32"], result: "i32" },
  IOHIDGetModifierLockState: { parameters: ["u32", "i32", "buffer"], result: "i32" },
} as const;

const TASK_SYMBOL = { mach_task_self_: { type: "u32" } } as const;

const K_IOHID_PARAM_CONNECT_TYPE = 1;
const K_IOHID_CAPS_LOCK_STATE = 1;
const K_IOHID_NUM_LOCK_STATE = 2;
const IOHID_SYSTEM_CLASS = new TextEncoder().encode("IOHIDSystem\0");

type Symbols = Deno.DynamicLibrary<typeof HID_SYSTEM_SYMBOLS>["symbols"];

/** Options of {@linkcode HIDSystemLockState}. */
export interface HIDSystemLockStateOptions {
  /** A library exporting every symbol (a stand-in); the IOKit framework on macOS when omitted. */
  readonly path?: string;
  /** The operating system; `Deno.build.os` when omitted. */
  readonly os?: typeof Deno.build.os;
}

/**
 * Reads the lock state from the HID system. Off macOS, without a stand-in library, there is no
 * HID system: {@linkcode HIDSystemLockState.read} returns `undefined`.
 *
 * @example Off macOS there is nothing to read
 * ```ts
 * import { HIDSystemLockState } from "./hid_system_lock_state.ts";
 *
 * const locks = new HIDSystemLockState({ os: "linux" });
 * console.assert(locks.read() === undefined);
 * locks.close();
 * ```
 */
export class HIDSystemLockState {
  readonly #options: HIDSystemLockStateOptions;
  #symbols: Symbols | undefined;
  #task = 0;
  #connection = 0;
  #failed = false;
  readonly #out = new Uint32Array(1);
  readonly #state = new Uint8Array(1);

  /**
   * Creates the reader; nothing is opened until the first read.
   *
   * @param options A stand-in library, the OS.
   */
  constructor(options: HIDSystemLockStateOptions = {}) {
    this.#options = options;
  }

  /**
   * The current Caps Lock and Num Lock state.
   *
   * @returns The state, or `undefined` when the HID system cannot be asked (not macOS, the
   * library or service missing, the call refused).
   */
  read(): LedState | undefined {
    const connection = this.#open();
    if (connection === 0 || this.#symbols === undefined) return undefined;
    const capsLock = this.#ask(connection, K_IOHID_CAPS_LOCK_STATE);
    const numLock = this.#ask(connection, K_IOHID_NUM_LOCK_STATE);
    if (capsLock === undefined) return undefined;
    return { capsLock, numLock: numLock ?? false };
  }

  /** Closes the connection; a later read opens a new one. */
  close(): void {
    if (this.#connection !== 0) this.#symbols?.IOServiceClose(this.#connection);
    this.#connection = 0;
  }

  #ask(connection: number, selector: number): boolean | undefined {
    this.#state[0] = 0;
    const code = this.#symbols?.IOHIDGetModifierLockState(connection, selector, this.#state);
    return code === 0 ? this.#state[0] !== 0 : undefined;
  }

  #open(): number {
    if (this.#connection !== 0 || this.#failed) return this.#connection;
    const symbols = this.#load();
    if (symbols === undefined) return 0;
    const service = symbols.IOServiceGetMatchingService(
      0,
      symbols.IOServiceMatching(IOHID_SYSTEM_CLASS),
    );
    if (service === 0) {
      this.#failed = true;
      return 0;
    }
    this.#out[0] = 0;
    const code = symbols.IOServiceOpen(service, this.#task, K_IOHID_PARAM_CONNECT_TYPE, this.#out);
    symbols.IOObjectRelease(service);
    if (code !== 0) {
      this.#failed = true;
      return 0;
    }
    this.#connection = this.#out[0] ?? 0;
    return this.#connection;
  }

  #load(): Symbols | undefined {
    if (this.#symbols !== undefined) return this.#symbols;
    const path = this.#options.path;
    try {
      if (path !== undefined) {
        const library = Deno.dlopen(path, { ...HID_SYSTEM_SYMBOLS, ...TASK_SYMBOL });
        this.#task = library.symbols.mach_task_self_;
        this.#symbols = library.symbols;
      } else if ((this.#options.os ?? Deno.build.os) === "darwin") {
        this.#symbols = Deno.dlopen(MACOS_IOKIT_PATH, HID_SYSTEM_SYMBOLS).symbols;
        this.#task = Deno.dlopen(MACOS_LIBSYSTEM_PATH, TASK_SYMBOL).symbols.mach_task_self_;
      }
    } catch {
      this.#symbols = undefined;
    }
    if (this.#symbols === undefined) this.#failed = true;
    return this.#symbols;
  }
}
