/**
 * dextkit: drive a macOS DriverKit virtual keyboard and mouse from TypeScript, and test the same
 * code anywhere against a simulated macOS host.
 *
 * - {@linkcode withSession} / {@linkcode openSession} open a device (`sim`, `iokit` or `auto`) with
 *   ready {@linkcode Keyboard} and {@linkcode Mouse} controllers, and release every key and button
 *   on every exit path (return, throw, SIGINT, SIGTERM).
 * - {@linkcode resolveKey} and {@linkcode parseCombo} accept W3C `KeyboardEvent.code` names,
 *   Playwright combos, DuckyScript and Karabiner names, and the usual aliases.
 * - The `encode…`/`decode…` functions build and read the byte-exact HID reports;
 *   {@linkcode parseReportDescriptor} reads report descriptors.
 * - {@linkcode SimulatedHost} turns reports into key events and text, as macOS would.
 *
 * @example Type a greeting into the simulated host
 * ```ts
 * import { SimDevice, withSession } from "./mod.ts";
 *
 * const device = new SimDevice();
 * await withSession({ device }, async ({ keyboard }) => {
 *   await keyboard.type("Hello, world!");
 *   await keyboard.press("Meta+KeyA");
 * });
 * console.assert(device.host.text === "Hello, world!");
 * console.assert(device.host.shortcuts[0] === "Meta+KeyA");
 * ```
 *
 * @module
 */
export * from "./lib/errors.ts";
export * from "./lib/hid/report_ids.ts";
export * from "./lib/hid/report_errors.ts";
export * from "./lib/hid/key_names.ts";
export * from "./lib/hid/usage_names.ts";
export * from "./lib/hid/keyboard_report.ts";
export * from "./lib/hid/array_report.ts";
export * from "./lib/hid/pointing_report.ts";
export * from "./lib/hid/led_report.ts";
export * from "./lib/hid/report_descriptors.ts";
export * from "./lib/hid/descriptor_parser.ts";
export * from "./lib/layout/keyboard_layout.ts";
export * from "./lib/layout/us_ansi.ts";
export * from "./lib/host/host_events.ts";
export * from "./lib/host/simulated_host.ts";
export * from "./lib/device/virtual_hid_device.ts";
export * from "./lib/device/device_errors.ts";
export * from "./lib/device/clock.ts";
export * from "./lib/device/sim_device.ts";
export * from "./lib/device/observed_device.ts";
export * from "./lib/device/select_device.ts";
export * from "./lib/device/keyboard.ts";
export * from "./lib/device/mouse.ts";
export * from "./lib/device/session.ts";
