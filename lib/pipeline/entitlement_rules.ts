/**
 * The entitlements the sign step injects and the rules they must follow.
 *
 * Injected = the project's entitlement file plus `com.apple.application-identifier`
 * (`<team id>.<bundle id>`) and `com.apple.developer.team-identifier`, which the embedded
 * provisioning profile must match (dext/README.md, "Signing").
 *
 * Never signed in:
 * - in the dext, `com.apple.developer.hid.virtual.device` (an app entitlement for CoreHID) and
 *   `com.apple.developer.system-extension.redistributable`: macOS kills the dext with
 *   `EXC_CRASH (Code Signature Invalid)` (driverkit-field-notes.md, "Errors");
 * - anywhere, `com.apple.security.get-task-allow`: a debugging entitlement notarization rejects.
 *
 * Only restricted entitlements (`com.apple.developer.*` and the application identifier) need the
 * profile's permission; `com.apple.security.*` ones (the sandbox) do not.
 *
 * @module
 */
import type { PlistDictionary } from "../sysext/plist.ts";
import { ForbiddenEntitlementError } from "./pipeline_errors.ts";

/**
 * The debugging entitlement no signed product may carry.
 *
 * @example
 * ```ts
 * import { GET_TASK_ALLOW } from "./entitlement_rules.ts";
 *
 * console.assert(GET_TASK_ALLOW === "com.apple.security.get-task-allow");
 * ```
 */
export const GET_TASK_ALLOW = "com.apple.security.get-task-allow";

const CODE_SIGNATURE_INVALID =
  "macOS kills a dext signed with it (EXC_CRASH (Code Signature Invalid))";

/**
 * Entitlements that must not be in a dext's signature, with why.
 *
 * @example
 * ```ts
 * import { FORBIDDEN_DEXT_ENTITLEMENTS } from "./entitlement_rules.ts";
 *
 * console.assert("com.apple.developer.hid.virtual.device" in FORBIDDEN_DEXT_ENTITLEMENTS);
 * ```
 */
export const FORBIDDEN_DEXT_ENTITLEMENTS: Readonly<Record<string, string>> = Object.freeze({
  "com.apple.developer.hid.virtual.device":
    `it is an app entitlement for CoreHID virtual devices; ${CODE_SIGNATURE_INVALID}`,
  "com.apple.developer.system-extension.redistributable": CODE_SIGNATURE_INVALID,
  [GET_TASK_ALLOW]: "a debugging entitlement; notarization rejects it",
});

/**
 * Refuses entitlements that must never be signed into the bundle.
 *
 * @param bundle `dext` or `manager app`.
 * @param entitlements The entitlements to be signed, or read back from a signature.
 * @throws {ForbiddenEntitlementError} For the first forbidden key (sorted).
 *
 * @example The CoreHID entitlement in a dext
 * ```ts
 * import { checkForbiddenEntitlements } from "./entitlement_rules.ts";
 *
 * let message = "";
 * try {
 *   checkForbiddenEntitlements("dext", { "com.apple.developer.hid.virtual.device": true });
 * } catch (error) {
 *   message = (error as Error).message;
 * }
 * console.assert(message.includes("EXC_CRASH (Code Signature Invalid)"));
 * checkForbiddenEntitlements("manager app", { "com.apple.developer.system-extension.install": true });
 * ```
 */
export function checkForbiddenEntitlements(
  bundle: "dext" | "manager app",
  entitlements: PlistDictionary,
): void {
  for (const key of Object.keys(entitlements).sort()) {
    const forbidden = key === GET_TASK_ALLOW ||
      (bundle === "dext" && Object.hasOwn(FORBIDDEN_DEXT_ENTITLEMENTS, key));
    if (!forbidden || entitlements[key] === false) continue;
    throw new ForbiddenEntitlementError(
      bundle,
      key,
      FORBIDDEN_DEXT_ENTITLEMENTS[key] ?? "",
      key === "com.apple.developer.hid.virtual.device"
        ? "remove it from the entitlements file; a dext publishes HID devices with " +
          "com.apple.developer.driverkit.family.hid.device"
        : "remove it from the entitlements file and sign again",
    );
  }
}

/**
 * The entitlements to inject: the file's, plus the application and team identifiers.
 *
 * @param fromFile The parsed entitlements file.
 * @param teamId The team id.
 * @param bundleId The bundle's id.
 * @returns A new dictionary, the file's keys first.
 *
 * @example
 * ```ts
 * import { entitlementsToInject } from "./entitlement_rules.ts";
 *
 * const injected = entitlementsToInject({ "com.apple.developer.driverkit": true }, "ABCDE12345", "com.example.hiddriver");
 * console.assert(injected["com.apple.application-identifier"] === "ABCDE12345.com.example.hiddriver");
 * console.assert(injected["com.apple.developer.team-identifier"] === "ABCDE12345");
 * ```
 */
export function entitlementsToInject(
  fromFile: PlistDictionary,
  teamId: string,
  bundleId: string,
): PlistDictionary {
  return {
    ...fromFile,
    "com.apple.application-identifier": `${teamId}.${bundleId}`,
    "com.apple.developer.team-identifier": teamId,
  };
}

/**
 * Whether an entitlement needs the provisioning profile's permission.
 *
 * @param key The entitlement key.
 * @returns `true` for `com.apple.developer.*` and `com.apple.application-identifier`.
 *
 * @example
 * ```ts
 * import { isRestrictedEntitlement } from "./entitlement_rules.ts";
 *
 * console.assert(isRestrictedEntitlement("com.apple.developer.driverkit"));
 * console.assert(!isRestrictedEntitlement("com.apple.security.app-sandbox"));
 * ```
 */
export function isRestrictedEntitlement(key: string): boolean {
  return key.startsWith("com.apple.developer.") || key === "com.apple.application-identifier";
}
