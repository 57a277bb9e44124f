/**
 * Which entitlements a dext may carry, which it must never carry and why (driverkit-field-notes
 * "Errors", macos-tooling-reference §3). The project consistency check, the entitlement-file
 * check and the installed-signature check all judge entitlements by these tables.
 *
 * @module
 */
import {
  FORBIDDEN_DEXT_ENTITLEMENTS as FORBIDDEN_IN_DEXT_SIGNATURE,
  GET_TASK_ALLOW,
} from "../pipeline/entitlement_rules.ts";

/**
 * Entitlements dextkit's dext carries in both sets, with what each one is for. An
 * `AppleUserHIDDevice` dext needs `family.hid.device` and no other HID entitlement (Apple DTS,
 * "HID Entitlement Configuration Guide", macos-corrections.md item 6), so
 * `family.hid.eventservice` is not among them and counts as an unknown key.
 *
 * @example
 * ```ts
 * import { DEXT_ENTITLEMENTS } from "./dext_entitlement_rules.ts";
 *
 * console.assert("com.apple.developer.driverkit" in DEXT_ENTITLEMENTS);
 * ```
 */
export const DEXT_ENTITLEMENTS: Readonly<Record<string, string>> = Object.freeze({
  "com.apple.developer.driverkit": "run as a DriverKit driver",
  "com.apple.developer.driverkit.family.hid.device": "provide AppleUserHIDDevice services",
  "com.apple.security.app-sandbox": "dexts run sandboxed",
});

/**
 * Entitlements a virtual HID device dext can carry but should not, each with the reason: Apple
 * must grant every restricted one, and these add nothing.
 *
 * @example
 * ```ts
 * import { UNNECESSARY_DEXT_ENTITLEMENTS } from "./dext_entitlement_rules.ts";
 *
 * console.assert("com.apple.developer.driverkit.family.hid.eventservice" in UNNECESSARY_DEXT_ENTITLEMENTS);
 * ```
 */
export const UNNECESSARY_DEXT_ENTITLEMENTS: Readonly<Record<string, string>> = Object.freeze({
  "com.apple.developer.driverkit.family.hid.eventservice":
    "an AppleUserHIDDevice dext needs com.apple.developer.driverkit.family.hid.device and no " +
    'other HID entitlement (Apple DTS, "HID Entitlement Configuration Guide"); remove it',
});

/**
 * The entitlement only the development set carries: any process may open the driver's user
 * clients. Distribution clients list the dext in their `userclient-access` entitlement instead.
 *
 * @example
 * ```ts
 * import { DEVELOPMENT_ONLY_ENTITLEMENT } from "./dext_entitlement_rules.ts";
 *
 * console.assert(DEVELOPMENT_ONLY_ENTITLEMENT.endsWith("allow-any-userclient-access"));
 * ```
 */
export const DEVELOPMENT_ONLY_ENTITLEMENT =
  "com.apple.developer.driverkit.allow-any-userclient-access";

/**
 * The entitlement without which no dext starts (`com.apple.developer.driverkit entitlement check
 * failed` in the kernel log).
 *
 * @example
 * ```ts
 * import { DRIVERKIT_ENTITLEMENT } from "./dext_entitlement_rules.ts";
 *
 * console.assert(DRIVERKIT_ENTITLEMENT === "com.apple.developer.driverkit");
 * ```
 */
export const DRIVERKIT_ENTITLEMENT = "com.apple.developer.driverkit";

/**
 * The entitlement the host (manager) app needs to activate a system extension.
 *
 * @example
 * ```ts
 * import { SYSTEM_EXTENSION_INSTALL_ENTITLEMENT } from "./dext_entitlement_rules.ts";
 *
 * console.assert(SYSTEM_EXTENSION_INSTALL_ENTITLEMENT === "com.apple.developer.system-extension.install");
 * ```
 */
export const SYSTEM_EXTENSION_INSTALL_ENTITLEMENT = "com.apple.developer.system-extension.install";

/**
 * Entitlements that must never be in a dext's signature, each with the reason. The first two
 * make macOS kill the dext with `EXC_CRASH (Code Signature Invalid)`.
 *
 * @example
 * ```ts
 * import { FORBIDDEN_DEXT_ENTITLEMENTS } from "./dext_entitlement_rules.ts";
 *
 * console.assert(FORBIDDEN_DEXT_ENTITLEMENTS["com.apple.developer.hid.virtual.device"]?.includes("Code Signature Invalid"));
 * ```
 */
export const FORBIDDEN_DEXT_ENTITLEMENTS: Readonly<Record<string, string>> = Object.freeze({
  // What must never reach the signature comes from the sign step's rules, so both agree.
  ...FORBIDDEN_IN_DEXT_SIGNATURE,
  "com.apple.developer.driverkit.family.hid.virtual.device": "defunct; it does nothing",
  "com.apple.developer.driverkit.userclient-access": "a client entitlement, not the dext's",
  "com.apple.application-identifier": "team-specific; the signing step adds it",
  "com.apple.developer.team-identifier": "team-specific; the signing step adds it",
});

/**
 * Forbidden entitlements that make macOS kill the dext at launch with `EXC_CRASH (Code Signature
 * Invalid)` (driverkit-field-notes, "Errors").
 *
 * @example
 * ```ts
 * import { CODE_SIGNATURE_INVALID_ENTITLEMENTS } from "./dext_entitlement_rules.ts";
 *
 * console.assert(CODE_SIGNATURE_INVALID_ENTITLEMENTS.length === 2);
 * ```
 */
export const CODE_SIGNATURE_INVALID_ENTITLEMENTS: readonly string[] = Object.freeze(
  Object.keys(FORBIDDEN_IN_DEXT_SIGNATURE).filter((key) => key !== GET_TASK_ALLOW),
);

/**
 * The reason a key is forbidden in a dext, or `undefined` when it is not.
 *
 * @param key An entitlement key.
 * @returns The reason.
 *
 * @example
 * ```ts
 * import { forbiddenDextEntitlement } from "./dext_entitlement_rules.ts";
 *
 * console.assert(forbiddenDextEntitlement("com.apple.security.get-task-allow") !== undefined);
 * console.assert(forbiddenDextEntitlement("toString") === undefined);
 * ```
 */
export function forbiddenDextEntitlement(key: string): string | undefined {
  return Object.hasOwn(FORBIDDEN_DEXT_ENTITLEMENTS, key)
    ? FORBIDDEN_DEXT_ENTITLEMENTS[key]
    : undefined;
}

/**
 * Entitlements the sign step adds itself (from the team and bundle ids): wrong in an
 * entitlements file, expected in the installed signature.
 *
 * @example
 * ```ts
 * import { SIGN_STEP_ENTITLEMENTS } from "./dext_entitlement_rules.ts";
 *
 * console.assert(SIGN_STEP_ENTITLEMENTS.includes("com.apple.developer.team-identifier"));
 * ```
 */
export const SIGN_STEP_ENTITLEMENTS: readonly string[] = Object.freeze([
  "com.apple.application-identifier",
  "com.apple.developer.team-identifier",
]);
