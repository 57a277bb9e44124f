/**
 * Writing XML property lists: the entitlements the sign step injects and the component list
 * pkgbuild reads. (Reading them is `lib/sysext/plist.ts`.)
 *
 * @module
 */
import type { PlistValue } from "../sysext/plist.ts";

const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" ' +
  '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n';

/**
 * Formats a value as an XML property list, the way Xcode writes them (tabs, one key or value per
 * line). Dictionary keys keep their order. No comments are ever written: codesign silently drops
 * an entitlements file that has one.
 *
 * @param value The root value; `null` cannot be written.
 * @returns The document, ending with a newline.
 * @throws {TypeError} For `null`, a non-integer number outside `<real>` range, or a `NaN`.
 *
 * @example
 * ```ts
 * import { formatXmlPlist } from "./plist_writer.ts";
 *
 * const text = formatXmlPlist({ "com.apple.developer.driverkit": true, ids: ["a&b"] });
 * console.assert(text.includes("\t<key>com.apple.developer.driverkit</key>\n\t<true/>\n"));
 * console.assert(text.includes("\t\t<string>a&amp;b</string>\n"));
 * console.assert(text.endsWith("</plist>\n"));
 * ```
 */
export function formatXmlPlist(value: PlistValue): string {
  return `${HEADER}${element(value, 0)}</plist>\n`;
}

function element(value: PlistValue, depth: number): string {
  const tabs = "\t".repeat(depth);
  if (value === null) throw new TypeError("a property list cannot hold null");
  if (typeof value === "boolean") return `${tabs}<${value}/>\n`;
  if (typeof value === "string") return `${tabs}<string>${escapeXml(value)}</string>\n`;
  if (typeof value === "bigint") return `${tabs}<integer>${value}</integer>\n`;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`a property list cannot hold ${value}`);
    return Number.isInteger(value)
      ? `${tabs}<integer>${value}</integer>\n`
      : `${tabs}<real>${value}</real>\n`;
  }
  if (value instanceof Date) {
    return `${tabs}<date>${value.toISOString().replace(/\.\d{3}Z$/, "Z")}</date>\n`;
  }
  if (value instanceof Uint8Array) {
    return `${tabs}<data>${btoa(String.fromCharCode(...value))}</data>\n`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return `${tabs}<array/>\n`;
    return `${tabs}<array>\n${
      value.map((item) => element(item, depth + 1)).join("")
    }${tabs}</array>\n`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return `${tabs}<dict/>\n`;
  const inner = entries.map(([key, item]) =>
    `${tabs}\t<key>${escapeXml(key)}</key>\n${element(item, depth + 1)}`
  ).join("");
  return `${tabs}<dict>\n${inner}${tabs}</dict>\n`;
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
