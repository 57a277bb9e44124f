/**
 * The physical keyboard type macOS assigns to a keyboard: ANSI, ISO or JIS.
 *
 * The type decides how macOS reads two HID usages: with an ISO-classed keyboard, usage 0x35 (the
 * key left of 1 on a PC) becomes mac virtual key 0x0A and usage 0x64 (the key left of Z) becomes
 * 0x32; with ANSI and JIS it is the other way round (see `virtual_keys.ts`). macOS decides the type
 * from the device's identity or the Keyboard Setup Assistant; dextkit cannot read it, so it is a
 * setting next to the layout.
 *
 * @module
 */
import { closestNames } from "../closest_names.ts";
import { DextkitError, ExitCode } from "../errors.ts";

/**
 * A keyboard type as macOS classes keyboards: `"ansi"` (U.S. style, no key left of Z), `"iso"`
 * (European style, extra key left of Z) or `"jis"` (Japanese).
 *
 * @example Pick the ISO type
 * ```ts
 * import type { KeyboardType } from "./keyboard_type.ts";
 *
 * const type: KeyboardType = "iso";
 * console.assert(type === "iso");
 * ```
 */
export type KeyboardType = "ansi" | "iso" | "jis";

/**
 * Every keyboard type, in the order users see them.
 *
 * @example List the types
 * ```ts
 * import { KEYBOARD_TYPES } from "./keyboard_type.ts";
 *
 * console.assert(KEYBOARD_TYPES.join(",") === "ansi,iso,jis");
 * ```
 */
export const KEYBOARD_TYPES: readonly KeyboardType[] = Object.freeze(["ansi", "iso", "jis"]);

/**
 * A keyboard type name that is none of `ansi`, `iso` and `jis`. Exit code
 * {@linkcode ExitCode.Usage}.
 *
 * @example Suggest the closest type
 * ```ts
 * import { UnknownKeyboardTypeError } from "./keyboard_type.ts";
 *
 * const error = new UnknownKeyboardTypeError("isa");
 * console.assert(error.suggestions[0] === "iso");
 * console.assert(error.exitCode === 2);
 * ```
 */
export class UnknownKeyboardTypeError extends DextkitError {
  /** The closest valid types, closest first. */
  readonly suggestions: readonly string[];

  /**
   * Creates the error.
   *
   * @param name The type that was given.
   */
  constructor(name: string) {
    const suggestions = closestNames(name, KEYBOARD_TYPES);
    const didYouMean = suggestions.length === 0
      ? ""
      : `; did you mean ${suggestions.map((suggestion) => `"${suggestion}"`).join(" or ")}?`;
    super(`unknown keyboard type "${name}"${didYouMean}`, {
      hint: "use ansi (U.S. style), iso (key left of Z) or jis (Japanese)",
      exitCode: ExitCode.Usage,
    });
    this.suggestions = suggestions;
  }
}

/**
 * Reads a keyboard type name, case-insensitively and ignoring surrounding spaces.
 *
 * @param name `"ansi"`, `"iso"` or `"jis"` in any case.
 * @returns The keyboard type.
 * @throws {UnknownKeyboardTypeError} For any other name, with the closest valid names.
 *
 * @example Parse a command-line value
 * ```ts
 * import { parseKeyboardType } from "./keyboard_type.ts";
 *
 * console.assert(parseKeyboardType(" ISO ") === "iso");
 * ```
 */
export function parseKeyboardType(name: string): KeyboardType {
  const normalized = name.trim().toLowerCase();
  const type = KEYBOARD_TYPES.find((candidate) => candidate === normalized);
  if (type === undefined) throw new UnknownKeyboardTypeError(name);
  return type;
}
