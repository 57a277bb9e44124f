/**
 * HID keyboard-page usages to mac virtual key codes (`kVK_*`), per keyboard type.
 *
 * macOS layouts are keyed by virtual key, not by HID usage. IOKit's table (IOHIDFamily
 * `hid_usb_2_adb_keymap`, the "mac kVK" column of `KEYBOARD_KEY_NAMES`) is fixed except for one
 * swap: when macOS classes the keyboard as ISO, usage 0x35 maps to virtual key 0x0A and usage 0x64
 * to 0x32; for ANSI and JIS keyboards it is 0x35 → 0x32 and 0x64 → 0x0A (recipes-reference §3.4
 * item 2).
 *
 * @module
 */
import { KEYBOARD_KEY_NAMES } from "../hid/usages.generated.ts";
import type { KeyboardType } from "./keyboard_type.ts";

const NO_KEY = -1;
const USAGE_COUNT = 0x100;

/** Usage → virtual key (or {@linkcode NO_KEY}) for ANSI/JIS and for ISO keyboards. */
const ANSI_VIRTUAL_KEYS = new Int16Array(USAGE_COUNT).fill(NO_KEY);
const ISO_VIRTUAL_KEYS = new Int16Array(USAGE_COUNT).fill(NO_KEY);
for (const key of KEYBOARD_KEY_NAMES) {
  if (key.macVirtualKey === undefined) continue;
  ANSI_VIRTUAL_KEYS[key.usage] = key.macVirtualKey;
  ISO_VIRTUAL_KEYS[key.usage] = key.macVirtualKeyIso ?? key.macVirtualKey;
}

/**
 * The mac virtual key code macOS reads for a keyboard-page usage.
 *
 * @param usage A keyboard-page (0x07) usage.
 * @param keyboardType How macOS classes the keyboard.
 * @returns The virtual key code, or `undefined` for a usage macOS does not map (F21, LANG3, …).
 *
 * @example The ISO swap
 * ```ts
 * import { virtualKeyForUsage } from "./virtual_keys.ts";
 *
 * console.assert(virtualKeyForUsage(0x35, "ansi") === 0x32);
 * console.assert(virtualKeyForUsage(0x35, "iso") === 0x0a);
 * console.assert(virtualKeyForUsage(0x64, "iso") === 0x32);
 * console.assert(virtualKeyForUsage(0x04, "jis") === 0x00);
 * ```
 */
export function virtualKeyForUsage(usage: number, keyboardType: KeyboardType): number | undefined {
  const table = keyboardType === "iso" ? ISO_VIRTUAL_KEYS : ANSI_VIRTUAL_KEYS;
  const virtualKey = table[usage];
  return virtualKey === undefined || virtualKey === NO_KEY ? undefined : virtualKey;
}

/**
 * How much a usage is preferred for typing, lower first: keys every keyboard type has (0x04–0x38
 * without 0x32), then the keys only ISO or JIS keyboards have (0x32, 0x64, 0x87, 0x89, …), then the
 * keypad. Text typed by dextkit therefore only uses the key left of Z or a JIS key when no key of
 * the main block produces the character.
 *
 * @param usage A keyboard-page usage.
 * @returns A rank; equal ranks do not occur for different usages.
 *
 * @example A main-block key beats the ISO key, which beats the keypad
 * ```ts
 * import { usagePreference } from "./virtual_keys.ts";
 *
 * console.assert(usagePreference(0x23) < usagePreference(0x64));
 * console.assert(usagePreference(0x64) < usagePreference(0x59));
 * ```
 */
export function usagePreference(usage: number): number {
  const keypad = (usage >= 0x54 && usage <= 0x63) || usage === 0x67 || usage === 0x85;
  const tier = keypad ? 2 : usage >= 0x04 && usage <= 0x38 && usage !== 0x32 ? 0 : 1;
  return tier * USAGE_COUNT + usage;
}

/**
 * Every keyboard-page usage that macOS maps to a virtual key, in {@linkcode usagePreference} order.
 *
 * @example The first usage is A
 * ```ts
 * import { MAPPED_USAGES } from "./virtual_keys.ts";
 *
 * console.assert(MAPPED_USAGES[0] === 0x04);
 * ```
 */
export const MAPPED_USAGES: readonly number[] = Object.freeze(
  KEYBOARD_KEY_NAMES.filter((key) => key.macVirtualKey !== undefined)
    .map((key) => key.usage)
    .sort((a, b) => usagePreference(a) - usagePreference(b)),
);
