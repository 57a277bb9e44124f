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
 * - {@linkcode recipe} runs a Playwright-like script live (`await keyboard.press("Meta+Space")`,
 *   `keyboard.type(…)`, `wait(…)`, `mouse.drag(…)`, `keyboard.locks()`): each step is performed,
 *   on time and timed like a real keyboard, when it is awaited; `dryRun` plays it on the
 *   simulated Mac with a virtual clock. {@linkcode checkDuckyScript} and
 *   {@linkcode runDuckyProgram} run DuckyScript on the same runtime.
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
export * from "./lib/layout/layout_errors.ts";
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
export * from "./lib/recipe/action.ts";
export * from "./lib/recipe/recipe_errors.ts";
export * from "./lib/recipe/source_location.ts";
export * from "./lib/recipe/recipe_options.ts";
export * from "./lib/recipe/recipe_step.ts";
export * from "./lib/recipe/recipe_context.ts";
export * from "./lib/recipe/timeline.ts";
export * from "./lib/recipe/scheduler.ts";
export * from "./lib/recipe/live_runtime.ts";
export * from "./lib/recipe/recipe_session.ts";
export * from "./lib/recipe/dry_run.ts";
export * from "./lib/recipe/trace_export.ts";
export * from "./lib/recipe/recipe_runtime.ts";
export * from "./lib/recipe/recipe_channel.ts";
export * from "./lib/recipe/recipe.ts";
export * from "./lib/recipe/ducky/mod.ts";
export * from "./lib/layout/keyboard_type.ts";
export * from "./lib/layout/layout_definition.ts";
export * from "./lib/layout/layout_registry.ts";
export * from "./lib/layout/virtual_keys.ts";
export * from "./lib/layout/character_strokes.ts";
export * from "./lib/layout/text_strokes.ts";
export * from "./lib/layout/key_translator.ts";
export * from "./lib/layout/resolve_layout.ts";
export * from "./lib/layout/keylayout_file.ts";
export * from "./lib/layout/current_layout.ts";
export * from "./lib/layout/text_input_errors.ts";
export * from "./lib/layout/text_input_library.ts";
export * from "./lib/device/iokit_device.ts";
export * from "./lib/protocol/mod.ts";
export * from "./lib/iokit/iokit_library.ts";
export * from "./lib/iokit/iokit_errors.ts";
export * from "./lib/iokit/io_return.ts";
