/**
 * DuckyScript 3.0 internal variables (`$_NAME`): what each reads as in a live run, and which
 * ones a payload may usefully set.
 *
 * `$_RANDOM_MIN`, `$_RANDOM_MAX` (bounds of `$_RANDOM_INT`, inclusive) and `$_RANDOM_INT` act
 * here. The host's lock-key state (`$_CAPSLOCK_ON`, `$_NUMLOCK_ON`, `$_SCROLLLOCK_ON`,
 * `$_RECEIVED_HOST_LOCK_LED_REPLY`) is read live from the keyboard LEDs after every step;
 * `$_SAVED_*` hold what SAVE_HOST_KEYBOARD_LOCK_STATE saw. `$_OS` reads the host's OS constant
 * ({@linkcode OS_CONSTANTS}; `MACOS` unless set, since dextkit types into a Mac). Device settings
 * (LEDs, button, storage, exfiltration, jitter) read as the device's documented defaults and
 * setting them warns and has no effect; `$_CURRENT_VID`/`$_CURRENT_PID` read as the file's
 * `ID`/`ATTACKMODE` ids, or 0.
 *
 * @module
 */

/**
 * How an internal variable behaves in a compiled recipe.
 *
 * @example $_RANDOM_INT is computed
 * ```ts
 * import { INTERNAL_VARIABLES, type InternalVariableKind } from "./internal_variables.ts";
 *
 * const kind: InternalVariableKind | undefined = INTERNAL_VARIABLES.get("$_RANDOM_INT")?.kind;
 * console.assert(kind === "randomInt");
 * ```
 */
export type InternalVariableKind =
  | "randomBound"
  | "randomInt"
  | "hostState"
  | "deviceSetting"
  | "jitter"
  | "vendorId"
  | "productId"
  | "os";

/**
 * One internal variable.
 *
 * @example The button is enabled by default
 * ```ts
 * import { INTERNAL_VARIABLES, type InternalVariable } from "./internal_variables.ts";
 *
 * const button: InternalVariable | undefined = INTERNAL_VARIABLES.get("$_BUTTON_ENABLED");
 * console.assert(button?.initial === 1);
 * ```
 */
export interface InternalVariable {
  /** What it means here. */
  readonly kind: InternalVariableKind;
  /** Its value before the payload sets it. */
  readonly initial: number;
}

const host = (): InternalVariable => ({ kind: "hostState", initial: 0 });
const device = (initial: number): InternalVariable => ({ kind: "deviceSetting", initial });

/**
 * Every internal variable by name (with `$_`).
 *
 * @example The bounds of $_RANDOM_INT
 * ```ts
 * import { INTERNAL_VARIABLES } from "./internal_variables.ts";
 *
 * console.assert(INTERNAL_VARIABLES.get("$_RANDOM_MAX")?.initial === 65535);
 * console.assert(INTERNAL_VARIABLES.get("$_CAPSLOCK_ON")?.kind === "hostState");
 * ```
 */
export const INTERNAL_VARIABLES: ReadonlyMap<string, InternalVariable> = new Map([
  ["$_RANDOM_MIN", { kind: "randomBound", initial: 0 }],
  ["$_RANDOM_MAX", { kind: "randomBound", initial: 0xFFFF }],
  ["$_RANDOM_INT", { kind: "randomInt", initial: 0 }],
  ["$_JITTER_ENABLED", { kind: "jitter", initial: 0 }],
  ["$_JITTER_MAX", { kind: "jitter", initial: 20 }],
  ["$_CAPSLOCK_ON", host()],
  ["$_NUMLOCK_ON", host()],
  ["$_SCROLLLOCK_ON", host()],
  ["$_SAVED_CAPSLOCK_ON", host()],
  ["$_SAVED_NUMLOCK_ON", host()],
  ["$_SAVED_SCROLLLOCK_ON", host()],
  ["$_RECEIVED_HOST_LOCK_LED_REPLY", host()],
  ["$_HOST_CONFIGURATION_REQUEST_COUNT", host()],
  ["$_OS", { kind: "os", initial: 2 }],
  ["$_CURRENT_VID", { kind: "vendorId", initial: 0 }],
  ["$_CURRENT_PID", { kind: "productId", initial: 0 }],
  ["$_BUTTON_ENABLED", device(1)],
  ["$_BUTTON_USER_DEFINED", device(0)],
  ["$_BUTTON_PUSH_RECEIVED", device(0)],
  ["$_BUTTON_TIMEOUT", device(1000)],
  ["$_SYSTEM_LEDS_ENABLED", device(1)],
  ["$_STORAGE_LEDS_ENABLED", device(1)],
  ["$_LED_CONTINUOUS_SHOW_STORAGE_ACTIVITY", device(1)],
  ["$_INJECTING_LEDS_ENABLED", device(1)],
  ["$_EXFIL_LEDS_ENABLED", device(1)],
  ["$_LED_SHOW_CAPS", device(0)],
  ["$_LED_SHOW_NUM", device(0)],
  ["$_LED_SHOW_SCROLL", device(0)],
  ["$_EXFIL_MODE_ENABLED", device(0)],
  ["$_STORAGE_ACTIVITY_TIMEOUT", device(1000)],
]);

/**
 * The OS constants `$_OS` is compared with (hak5's OS-detection extension names them; no public
 * source fixes their numbers, so these are ours, distinct and non-zero; 0 means unknown).
 *
 * @example
 * ```ts
 * import { OS_CONSTANTS } from "./internal_variables.ts";
 *
 * console.assert(OS_CONSTANTS.get("MACOS") === 2);
 * ```
 */
export const OS_CONSTANTS: ReadonlyMap<string, number> = new Map([
  ["WINDOWS", 1],
  ["MACOS", 2],
  ["LINUX", 3],
  ["IOS", 4],
  ["CHROMEOS", 5],
  ["ANDROID", 6],
]);
