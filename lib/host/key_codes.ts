/**
 * Names the usages the host sees: the reverse of the key-name resolver.
 *
 * @module
 */
import { listKeys } from "../hid/key_names.ts";
import { usageName } from "../hid/usage_names.ts";

const CODES: ReadonlyMap<number, string> = new Map(
  listKeys().map((key) => [keyOf(key.page, key.usage), key.code]),
);

/**
 * The name of a usage as the host reports it: the canonical key name (W3C `code` on the keyboard
 * page, `MediaPlayPause`, `Fn`, …) when a key name resolves to it; else the official usage name
 * (HUT, or Apple's name on the Apple vendor pages); else `0xPAGE:0xUSAGE` in hexadecimal.
 *
 * @param page The usage page.
 * @param usage The usage id on that page.
 * @returns The name.
 *
 * @example Name a letter, a media key and an unnamed usage
 * ```ts
 * import { keyCodeFor } from "./key_codes.ts";
 *
 * console.assert(keyCodeFor(0x07, 0x04) === "KeyA");
 * console.assert(keyCodeFor(0x0c, 0xcd) === "MediaPlayPause");
 * console.assert(keyCodeFor(0xff01, 0xff) === "0xFF01:0xFF");
 * ```
 */
export function keyCodeFor(page: number, usage: number): string {
  return CODES.get(keyOf(page, usage)) ?? usageName(page, usage) ?? `${hex(page)}:${hex(usage)}`;
}

function keyOf(page: number, usage: number): number {
  return page * 0x10000 + usage;
}

function hex(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(2, "0")}`;
}
