/**
 * Readable words for what the driver reported: its version number, protocol, LED state.
 *
 * @module
 */
import type { LedState } from "../hid/led_report.ts";
import type { DriverInfo } from "../protocol/compatibility.ts";
import { formatVersion } from "../protocol/version.ts";

/**
 * A driver version number as `a.b.c`, or the raw number when it does not follow the scheme.
 *
 * @param number What selector 0 returned.
 * @returns For example `1.8.0`.
 *
 * @example
 * ```ts
 * import { formatDriverVersion } from "./format_driver.ts";
 *
 * console.assert(formatDriverVersion(10800) === "1.8.0");
 * console.assert(formatDriverVersion(-1) === "version number -1");
 * ```
 */
export function formatDriverVersion(number: number): string {
  try {
    return formatVersion(number);
  } catch {
    return `version number ${number}`;
  }
}

/**
 * The driver's versions in one phrase: `0.1.0 (protocol 1)`, or `1.8.0 (no protocol version)`.
 *
 * @param driver What the driver reported.
 * @returns The phrase.
 *
 * @example
 * ```ts
 * import { describeDriver } from "./format_driver.ts";
 *
 * console.assert(describeDriver({ driverVersion: 100, protocolVersion: 1, capabilities: 7 }) === "0.1.0 (protocol 1)");
 * ```
 */
export function describeDriver(driver: DriverInfo): string {
  return `${formatDriverVersion(driver.driverVersion)} (${
    driver.protocolVersion === null ? "no protocol version" : `protocol ${driver.protocolVersion}`
  })`;
}

/**
 * The LED state in words.
 *
 * @param leds The state.
 * @returns For example `Caps Lock on, Num Lock off`.
 *
 * @example
 * ```ts
 * import { describeLeds } from "./format_driver.ts";
 *
 * console.assert(describeLeds({ capsLock: true, numLock: false }) === "Caps Lock on, Num Lock off");
 * ```
 */
export function describeLeds(leds: LedState): string {
  return `Caps Lock ${leds.capsLock ? "on" : "off"}, Num Lock ${leds.numLock ? "on" : "off"}`;
}
