/**
 * Loads the macOS Text Input Sources and Unicode Utilities C API with `Deno.dlopen`: the layout
 * layer's own small FFI module (the device's FFI stays in `lib/iokit`).
 *
 * On macOS the symbols come from three frameworks: HIToolbox (`TIS*`, the `kTISProperty*`
 * constants, `LMGetKbdType`, `KBGetLayoutType`), CoreServices (`UCKeyTranslate`, from CarbonCore)
 * and CoreFoundation. When `DEXTKIT_TEXTINPUT_LIBRARY` names a library (on any system) every
 * symbol comes from it instead: that is how tests run the same code against the fake in
 * `tests/fake_textinput`.
 *
 * Types follow TextInputSources.h, UnicodeUtilities.h, Events.h, Keyboards.h and CFString.h /
 * CFData.h: CF objects are pointers, `Boolean` is `u8`, `CFIndex` `isize`, `UniCharCount`
 * (`unsigned long`) `usize`, `OSStatus` `i32`, `OptionBits` `u32`; out-parameters are buffers.
 *
 * @module
 */
import { TextInputError, TextInputUnavailableError } from "./text_input_errors.ts";

/**
 * The functions the layout reader calls, as `Deno.dlopen` symbol definitions.
 *
 * @example UCKeyTranslate returns an OSStatus
 * ```ts
 * import { TEXT_INPUT_SYMBOLS } from "./text_input_library.ts";
 *
 * console.assert(TEXT_INPUT_SYMBOLS.UCKeyTranslate.result === "i32");
 * ```
 */
export const TEXT_INPUT_SYMBOLS = {
  /** `TISInputSourceRef TISCopyCurrentKeyboardLayoutInputSource(void)`; release with CFRelease. */
  TISCopyCurrentKeyboardLayoutInputSource: { parameters: [], result: "pointer" },
  /** `void* TISGetInputSourceProperty(TISInputSourceRef, CFStringRef key)`; not retained. */
  TISGetInputSourceProperty: { parameters: ["pointer", "pointer"], result: "pointer" },
  /** `UInt8 LMGetKbdType(void)`: the keyboard type macOS assigned the keyboard. */
  LMGetKbdType: { parameters: [], result: "u8" },
  /** `PhysicalKeyboardLayoutType KBGetLayoutType(SInt16 keyboardType)`: 'ANSI', 'ISO ', 'JIS '. */
  KBGetLayoutType: { parameters: ["i16"], result: "u32" },
  /** `OSStatus UCKeyTranslate(const UCKeyboardLayout*, UInt16 virtualKeyCode, UInt16 keyAction,
   * UInt32 modifierKeyState, UInt32 keyboardType, OptionBits, UInt32* deadKeyState,
   * UniCharCount maxStringLength, UniCharCount* actualStringLength, UniChar unicodeString[])`. */
  UCKeyTranslate: {
    parameters: [
      "buffer",
      "u16",
      "u16",
      "u32",
      "u32",
      "u32",
      "buffer",
      "usize",
      "buffer",
      "buffer",
    ],
    result: "i32",
  },
  /** `void CFRelease(CFTypeRef)`. */
  CFRelease: { parameters: ["pointer"], result: "void" },
  /** `CFIndex CFStringGetLength(CFStringRef)`, in UTF-16 units. */
  CFStringGetLength: { parameters: ["pointer"], result: "isize" },
  /** `Boolean CFStringGetCString(CFStringRef, char*, CFIndex bufferSize, CFStringEncoding)`. */
  CFStringGetCString: { parameters: ["pointer", "buffer", "isize", "u32"], result: "u8" },
  /** `CFIndex CFDataGetLength(CFDataRef)`. */
  CFDataGetLength: { parameters: ["pointer"], result: "isize" },
  /** `const UInt8* CFDataGetBytePtr(CFDataRef)`. */
  CFDataGetBytePtr: { parameters: ["pointer"], result: "pointer" },
} as const;

/**
 * The `CFStringRef` constants naming the input-source properties the reader asks for. Deno
 * gives each as the address of the symbol; the `CFStringRef` is the pointer stored there.
 *
 * @example
 * ```ts
 * import { TEXT_INPUT_STATICS } from "./text_input_library.ts";
 *
 * console.assert(TEXT_INPUT_STATICS.kTISPropertyInputSourceID.type === "pointer");
 * ```
 */
export const TEXT_INPUT_STATICS = {
  kTISPropertyInputSourceID: { type: "pointer" },
  kTISPropertyLocalizedName: { type: "pointer" },
  kTISPropertyUnicodeKeyLayoutData: { type: "pointer" },
} as const;

/** The callable text-input functions and the property keys. */
export type TextInputSymbols =
  & Deno.DynamicLibrary<typeof TEXT_INPUT_SYMBOLS>["symbols"]
  & Deno.DynamicLibrary<typeof TEXT_INPUT_STATICS>["symbols"];

/** A loaded text-input API. */
export interface TextInputLibrary {
  /** Where the symbols came from, for messages. */
  readonly path: string;
  /** The functions and property keys. */
  readonly symbols: TextInputSymbols;
}

/** The environment variable naming a stand-in library (the fake on Linux). */
export const TEXT_INPUT_LIBRARY_ENV_VARIABLE = "DEXTKIT_TEXTINPUT_LIBRARY";

const HITOOLBOX_PATH =
  "/System/Library/Frameworks/Carbon.framework/Frameworks/HIToolbox.framework/HIToolbox";
const CORESERVICES_PATH = "/System/Library/Frameworks/CoreServices.framework/CoreServices";
const COREFOUNDATION_PATH = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation";

const HITOOLBOX_NAMES = [
  "TISCopyCurrentKeyboardLayoutInputSource",
  "TISGetInputSourceProperty",
  "LMGetKbdType",
  "KBGetLayoutType",
] as const;

/** Options of {@linkcode loadTextInputLibrary}. */
export interface LoadTextInputLibraryOptions {
  /** A library exporting every symbol (the fake); overrides the environment and the OS. */
  readonly path?: string;
  /** Where `DEXTKIT_TEXTINPUT_LIBRARY` is read; `Deno.env` (only when permitted) when omitted. */
  readonly env?: { get(name: string): string | undefined };
  /** The operating system; `Deno.build.os` when omitted. */
  readonly os?: typeof Deno.build.os;
}

const loaded = new Map<string, TextInputLibrary>();

/**
 * Whether a text-input library is available: on macOS, or when `DEXTKIT_TEXTINPUT_LIBRARY`
 * names a stand-in. Decides whether `auto` is the default layout.
 *
 * @param options The environment and the OS.
 * @returns `true` when {@linkcode loadTextInputLibrary} has something to load.
 *
 * @example Linux without a stand-in has none
 * ```ts
 * import { textInputAvailable } from "./text_input_library.ts";
 *
 * console.assert(!textInputAvailable({ os: "linux", env: { get: () => undefined } }));
 * console.assert(textInputAvailable({ os: "darwin", env: { get: () => undefined } }));
 * ```
 */
export function textInputAvailable(
  options: Omit<LoadTextInputLibraryOptions, "path"> = {},
): boolean {
  const env = options.env ?? permittedEnv;
  return nonEmpty(env.get(TEXT_INPUT_LIBRARY_ENV_VARIABLE)) !== undefined ||
    (options.os ?? Deno.build.os) === "darwin";
}

/**
 * Loads the text-input API: the library named by `options.path`, else by
 * `DEXTKIT_TEXTINPUT_LIBRARY`, else (on macOS) HIToolbox, CoreServices and CoreFoundation. Each
 * path is loaded once per process.
 *
 * @param options An explicit path, the environment, the OS.
 * @returns The loaded library.
 * @throws {TextInputUnavailableError} Off macOS when no library is named.
 * @throws {TextInputError} When `Deno.dlopen` fails (missing file or symbol) or FFI is not
 * permitted (checked first, so there is never a prompt).
 *
 * @example Off macOS, without a stand-in, there is nothing to load
 * ```ts
 * import { loadTextInputLibrary } from "./text_input_library.ts";
 * import { TextInputUnavailableError } from "./text_input_errors.ts";
 *
 * try {
 *   loadTextInputLibrary({ os: "linux", env: { get: () => undefined } });
 * } catch (error) {
 *   console.assert(error instanceof TextInputUnavailableError);
 * }
 * ```
 */
export function loadTextInputLibrary(options: LoadTextInputLibraryOptions = {}): TextInputLibrary {
  const env = options.env ?? permittedEnv;
  const path = options.path ?? nonEmpty(env.get(TEXT_INPUT_LIBRARY_ENV_VARIABLE));
  if (path !== undefined) {
    return loadOnce(path, () => {
      const library = dlopen(path, { ...TEXT_INPUT_SYMBOLS, ...TEXT_INPUT_STATICS });
      return Object.freeze({ path, symbols: library.symbols });
    });
  }
  const os = options.os ?? Deno.build.os;
  if (os !== "darwin") throw new TextInputUnavailableError(os);
  return loadOnce(HITOOLBOX_PATH, openMacOS);
}

function openMacOS(): TextInputLibrary {
  const hitoolboxSymbols = Object.fromEntries(
    HITOOLBOX_NAMES.map((name) => [name, TEXT_INPUT_SYMBOLS[name]]),
  ) as Pick<typeof TEXT_INPUT_SYMBOLS, typeof HITOOLBOX_NAMES[number]>;
  const hitoolbox = dlopen(HITOOLBOX_PATH, { ...hitoolboxSymbols, ...TEXT_INPUT_STATICS });
  const coreServices = dlopen(CORESERVICES_PATH, {
    UCKeyTranslate: TEXT_INPUT_SYMBOLS.UCKeyTranslate,
  });
  const coreFoundation = dlopen(COREFOUNDATION_PATH, {
    CFRelease: TEXT_INPUT_SYMBOLS.CFRelease,
    CFStringGetLength: TEXT_INPUT_SYMBOLS.CFStringGetLength,
    CFStringGetCString: TEXT_INPUT_SYMBOLS.CFStringGetCString,
    CFDataGetLength: TEXT_INPUT_SYMBOLS.CFDataGetLength,
    CFDataGetBytePtr: TEXT_INPUT_SYMBOLS.CFDataGetBytePtr,
  });
  return Object.freeze({
    path: HITOOLBOX_PATH,
    symbols: { ...hitoolbox.symbols, ...coreServices.symbols, ...coreFoundation.symbols },
  });
}

function loadOnce(key: string, open: () => TextInputLibrary): TextInputLibrary {
  let library = loaded.get(key);
  if (library === undefined) {
    library = open();
    loaded.set(key, library);
  }
  return library;
}

function dlopen<const S extends Deno.ForeignLibraryInterface>(
  path: string,
  symbols: S,
): Deno.DynamicLibrary<S> {
  // Asked first, so that a run without --allow-ffi fails with a hint instead of prompting.
  if (Deno.permissions.querySync({ name: "ffi", path }).state !== "granted") {
    throw new TextInputError(`cannot load the text-input library ${path}: no FFI permission`, {
      permission: true,
    });
  }
  try {
    return Deno.dlopen(path, symbols);
  } catch (error) {
    const text = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new TextInputError(`cannot load the text-input library ${path}: ${text}`, {
      cause: error,
      permission: error instanceof Deno.errors.NotCapable,
    });
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

const permittedEnv = {
  get(name: string): string | undefined {
    return Deno.permissions.querySync({ name: "env", variable: name }).state === "granted"
      ? Deno.env.get(name)
      : undefined;
  },
};
