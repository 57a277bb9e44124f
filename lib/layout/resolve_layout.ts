/**
 * What `--layout` (and a recipe's `layout` option) means: `auto` for the Mac's selected layout,
 * a path to a `.keylayout` file, or a built-in layout's short id, input-source id or name. Without
 * one, `auto` where there is a text-input library to ask (macOS, or a stand-in named by
 * `DEXTKIT_TEXTINPUT_LIBRARY`), else U.S.
 *
 * @module
 */
import { currentLayout } from "./current_layout.ts";
import type { KeyboardLayout } from "./keyboard_layout.ts";
import type { KeyboardType } from "./keyboard_type.ts";
import { readKeylayoutFile } from "./keylayout_file.ts";
import { getLayout } from "./layout_registry.ts";
import { type LoadTextInputLibraryOptions, textInputAvailable } from "./text_input_library.ts";

/** Options of {@linkcode resolveLayout}. */
export interface ResolveLayoutOptions extends LoadTextInputLibraryOptions {
  /** The keyboard type, which picks a `.keylayout` file's `<layout>` entry; ANSI when omitted. */
  readonly keyboardType?: KeyboardType;
}

/** The layout name that reads the Mac's selected layout. */
export const AUTO_LAYOUT = "auto";

/**
 * The layout used when none is given: `auto` where a text-input library is available, else
 * `us`.
 *
 * @param options The environment and the OS.
 * @returns `"auto"` or `"us"`.
 *
 * @example
 * ```ts
 * import { defaultLayoutName } from "./resolve_layout.ts";
 *
 * console.assert(defaultLayoutName({ os: "darwin", env: { get: () => undefined } }) === "auto");
 * console.assert(defaultLayoutName({ os: "linux", env: { get: () => undefined } }) === "us");
 * ```
 */
export function defaultLayoutName(options: LoadTextInputLibraryOptions = {}): string {
  return textInputAvailable(options) ? AUTO_LAYOUT : "us";
}

/**
 * Resolves a layout specification.
 *
 * @param spec `auto`, a path ending in `.keylayout`, or a built-in layout's id or name;
 * {@linkcode defaultLayoutName} when `undefined` or blank.
 * @param options The keyboard type (for `.keylayout` files), the text-input library, the
 * environment and the OS.
 * @returns The layout.
 * @throws {UnknownLayoutError} For an unknown id or name.
 * @throws {KeylayoutError} For a `.keylayout` file that cannot be read, located.
 * @throws {TextInputUnavailableError} For `auto` off macOS without a stand-in library.
 * @throws {TextInputError} When the Mac's layout cannot be read.
 *
 * @example A built-in layout by input source, and the default off macOS
 * ```ts
 * import { resolveLayout } from "./resolve_layout.ts";
 *
 * console.assert(resolveLayout("com.apple.keylayout.PolishPro").id === "pl");
 * console.assert(resolveLayout(undefined, { os: "linux", env: { get: () => undefined } }).id === "us");
 * ```
 */
export function resolveLayout(
  spec: string | undefined,
  options: ResolveLayoutOptions = {},
): KeyboardLayout {
  const name = spec === undefined || spec.trim() === "" ? defaultLayoutName(options) : spec.trim();
  if (name.toLowerCase() === AUTO_LAYOUT) return currentLayout(options);
  if (name.toLowerCase().endsWith(".keylayout")) {
    return readKeylayoutFile(name, options.keyboardType);
  }
  return getLayout(name);
}
