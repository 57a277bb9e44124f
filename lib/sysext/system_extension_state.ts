/**
 * System extension states (sysextd's state names) and what each means for an install.
 *
 * `systemextensionsctl list` prints a state with spaces (`[activated enabled]`); db.plist stores
 * the same name with underscores (`activated_enabled`). Both forms are accepted everywhere here.
 * The install step and `dextkit status` branch on the {@linkcode SystemExtensionPhase}, not on the
 * raw name, so a state name that a new macOS adds lands in `"unknown"` instead of breaking them.
 *
 * @module
 */

/**
 * What a state means for someone installing a driver.
 *
 * | phase | states | what to do |
 * |---|---|---|
 * | `enabled` | activated_enabled | done: the driver runs |
 * | `disabled` | activated_disabled | enable it in System Settings |
 * | `waiting-for-user` | activated_waiting_for_user | approve it in System Settings |
 * | `activating` | activated_enabling, activated_waiting_to_upgrade, validating, validating_by_category | keep waiting |
 * | `reboot-pending` | activated_waiting_to_upgrade_on_reboot, terminated_waiting_to_uninstall_on_reboot | reboot |
 * | `terminating` | terminating_for_* | keep waiting (it is being removed or replaced) |
 * | `uninstalled` | uninstalling, uninstalled | gone, or going |
 * | `unknown` | anything else | report it |
 */
export type SystemExtensionPhase =
  | "enabled"
  | "disabled"
  | "waiting-for-user"
  | "activating"
  | "reboot-pending"
  | "terminating"
  | "uninstalled"
  | "unknown";

const PHASES: Readonly<Record<string, SystemExtensionPhase>> = Object.freeze({
  activated_enabled: "enabled",
  activated_disabled: "disabled",
  activated_waiting_for_user: "waiting-for-user",
  activated_enabling: "activating",
  activated_waiting_to_upgrade: "activating",
  validating: "activating",
  validating_by_category: "activating",
  activated_waiting_to_upgrade_on_reboot: "reboot-pending",
  terminated_waiting_to_uninstall_on_reboot: "reboot-pending",
  terminating_for_uninstall: "terminating",
  terminating_for_uninstall_but_still_running: "terminating",
  terminating_for_uninstall_via_delegate: "terminating",
  terminating_for_disable: "terminating",
  terminating_for_disable_but_still_running: "terminating",
  terminating_for_upgrade_via_delegate: "terminating",
  uninstalling: "uninstalled",
  uninstalled: "uninstalled",
});

/**
 * Every state name dextkit knows, in the underscore form db.plist uses.
 *
 * @example Check a name
 * ```ts
 * import { KNOWN_SYSTEM_EXTENSION_STATES } from "./system_extension_state.ts";
 *
 * console.assert(KNOWN_SYSTEM_EXTENSION_STATES.includes("activated_waiting_for_user"));
 * ```
 */
export const KNOWN_SYSTEM_EXTENSION_STATES: readonly string[] = Object.freeze(Object.keys(PHASES));

/**
 * Converts a state as `systemextensionsctl list` prints it (`activated enabled`, with or without
 * the brackets) to the underscore form db.plist uses. An underscore form is returned unchanged.
 *
 * @param state A state in either form.
 * @returns The underscore form.
 *
 * @example From the list form
 * ```ts
 * import { systemExtensionStateName } from "./system_extension_state.ts";
 *
 * console.assert(systemExtensionStateName("[activated waiting for user]") === "activated_waiting_for_user");
 * ```
 */
export function systemExtensionStateName(state: string): string {
  let name = state.trim();
  if (name.startsWith("[") && name.endsWith("]")) name = name.slice(1, -1).trim();
  return name.split(/\s+/).join("_");
}

/**
 * Tells what a state means for an install (see {@linkcode SystemExtensionPhase}).
 *
 * @param state A state in either form (`activated enabled` or `activated_enabled`).
 * @returns The phase; `"unknown"` for a state name dextkit does not know.
 *
 * @example A retained old version waits for a reboot
 * ```ts
 * import { systemExtensionPhase } from "./system_extension_state.ts";
 *
 * console.assert(systemExtensionPhase("terminated waiting to uninstall on reboot") === "reboot-pending");
 * console.assert(systemExtensionPhase("activated_enabled") === "enabled");
 * console.assert(systemExtensionPhase("levitating") === "unknown");
 * ```
 */
export function systemExtensionPhase(state: string): SystemExtensionPhase {
  const name = systemExtensionStateName(state);
  // hasOwn keeps prototype names such as "constructor" out.
  return Object.hasOwn(PHASES, name) ? PHASES[name] ?? "unknown" : "unknown";
}
