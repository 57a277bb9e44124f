/**
 * The activation errors (`OSSystemExtensionErrorDomain`, codes 1–13) with what each means for a
 * dext install and what to do about it, and a finder for the code in a host app's message.
 *
 * Codes and names follow SystemExtensions.h (`OSSystemExtensionErrorCode`); `Identifer` in code
 * 6 is Apple's spelling.
 *
 * @module
 */

/** One activation error. */
export interface SystemExtensionErrorInfo {
  /** The numeric code. */
  readonly code: number;
  /** Apple's case name, e.g. `unsupportedParentBundleLocation`. */
  readonly name: string;
  /** What happened, in one sentence. */
  readonly meaning: string;
  /** What to do, in one sentence. */
  readonly fix: string;
}

const SYSEXTD_LOG = "`log show --last 10m --predicate 'process == \"sysextd\"'`";

const TABLE: readonly SystemExtensionErrorInfo[] = Object.freeze([
  {
    code: 1,
    name: "unknown",
    meaning: "the activation failed for a reason macOS did not name",
    fix: `read sysextd's log (${SYSEXTD_LOG}) for the cause`,
  },
  {
    code: 2,
    name: "missingEntitlement",
    meaning: "a required entitlement is missing: the host app needs " +
      "com.apple.developer.system-extension.install, the dext its DriverKit entitlements",
    fix: "sign with the entitlements injected and a provisioning profile that allows them, then " +
      "check them with `codesign -d --entitlements - --xml`",
  },
  {
    code: 3,
    name: "unsupportedParentBundleLocation",
    meaning: "the host app is not in /Applications, where macOS requires it to be",
    fix:
      "install the manager app into /Applications (install-dext does this) and run it from there",
  },
  {
    code: 4,
    name: "extensionNotFound",
    meaning:
      "the host app has no extension with that bundle id in Contents/Library/SystemExtensions " +
      "(when deactivating: it is not installed)",
    fix:
      "embed the dext as Contents/Library/SystemExtensions/<bundle id>.dext and make the bundle " +
      "id the manager asks for match the dext's CFBundleIdentifier",
  },
  {
    code: 5,
    name: "extensionMissingIdentifier",
    meaning: "the extension's Info.plist has no CFBundleIdentifier",
    fix: "set CFBundleIdentifier in the dext's Info.plist and rebuild",
  },
  {
    code: 6,
    name: "duplicateExtensionIdentifer",
    meaning: "two extensions in the host app share one bundle id",
    fix: "give each embedded extension its own bundle id",
  },
  {
    code: 7,
    name: "unknownExtensionCategory",
    meaning: "macOS does not recognise the extension's kind",
    fix: "build the dext as a DriverKit driver (a .dext bundle with CFBundlePackageType DEXT)",
  },
  {
    code: 8,
    name: "codeSignatureInvalid",
    meaning: "the extension's code signature is invalid",
    fix: "re-sign inside-out (dext first, then the app), check with `codesign --verify --deep " +
      "--strict`, and notarize: with SIP on a dext must be notarized",
  },
  {
    code: 9,
    name: "validationFailed",
    meaning: "macOS could not validate the extension: usually wrong entitlements, Info.plist " +
      "personalities or signing",
    fix: `read sysextd's log (${SYSEXTD_LOG}) for the exact check that failed`,
  },
  {
    code: 10,
    name: "forbiddenBySystemPolicy",
    meaning: "a system policy (MDM system-extension policy) forbids this extension",
    fix: "ask the Mac's administrator to allow the team id or bundle id in the " +
      "system-extension policy",
  },
  {
    code: 11,
    name: "requestCanceled",
    meaning: "the request was canceled, typically because the same or a newer version is " +
      "already installed and the host app declined to replace it",
    fix: "bump CFBundleVersion and install again, or deactivate the installed version first",
  },
  {
    code: 12,
    name: "requestSuperseded",
    meaning: "a newer request for the same extension replaced this one",
    fix: "usually nothing: the newer request decides; wait for it",
  },
  {
    code: 13,
    name: "authorizationRequired",
    meaning: "macOS could not obtain the authorization the request needs",
    fix: "run the manager as the logged-in user in the graphical session (not with sudo or over " +
      "ssh) and answer any prompt",
  },
].map((entry) => Object.freeze(entry)));

/**
 * Every activation error, by code (1–13).
 *
 * @example
 * ```ts
 * import { SYSTEM_EXTENSION_ERRORS } from "./system_extension_errors.ts";
 *
 * console.assert(SYSTEM_EXTENSION_ERRORS.length === 13);
 * ```
 */
export const SYSTEM_EXTENSION_ERRORS: readonly SystemExtensionErrorInfo[] = TABLE;

/**
 * Looks an activation error up by code.
 *
 * @param code The `OSSystemExtensionErrorDomain` code.
 * @returns Its description, or `undefined` for a code outside 1–13.
 *
 * @example The app is not in /Applications
 * ```ts
 * import { systemExtensionError } from "./system_extension_errors.ts";
 *
 * console.assert(systemExtensionError(3)?.name === "unsupportedParentBundleLocation");
 * console.assert(systemExtensionError(99) === undefined);
 * ```
 */
export function systemExtensionError(code: number): SystemExtensionErrorInfo | undefined {
  return TABLE.find((entry) => entry.code === code);
}

const CODE_PATTERNS = [
  /OSSystemExtensionErrorDomain\s+error\s+(\d+)/,
  /Domain=OSSystemExtensionErrorDomain\s+Code=(\d+)/,
  /OSSystemExtensionErrorDomain\s+Code=(\d+)/,
  /OSSystemExtensionErrorDomain[,:]?\s+code[= ](\d+)/i,
];

/**
 * Finds an `OSSystemExtensionErrorDomain` code in text a host app printed: an NSError
 * description (`Error Domain=OSSystemExtensionErrorDomain Code=9 …`) or its localized form
 * (`… (OSSystemExtensionErrorDomain error 9.)`).
 *
 * @param text Output of the manager app.
 * @returns The first code found, or `undefined`.
 *
 * @example
 * ```ts
 * import { findSystemExtensionErrorCode } from "./system_extension_errors.ts";
 *
 * console.assert(
 *   findSystemExtensionErrorCode("The operation couldn’t be completed. (OSSystemExtensionErrorDomain error 9.)") === 9,
 * );
 * ```
 */
export function findSystemExtensionErrorCode(text: string): number | undefined {
  for (const pattern of CODE_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return Number(match[1]);
  }
  return undefined;
}
