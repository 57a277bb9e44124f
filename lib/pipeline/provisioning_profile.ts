/**
 * Reading a provisioning profile and checking it the way macOS will (macos-corrections.md item
 * 18). A profile file is a CMS (PKCS #7) signed message; `security cms -D -i <profile>` prints
 * the plist inside it, and that is what {@linkcode parseProvisioningProfile} reads. The checks,
 * in {@linkcode checkProvisioningProfile}:
 *
 * - `ExpirationDate` in the future (and a warning within {@linkcode PROFILE_EXPIRY_WARNING_DAYS}
 *   days): an expired profile makes the dext fail to launch;
 * - `TeamIdentifier` holds the configured team;
 * - `DeveloperCertificates` (DER certificates) holds the signing identity's certificate: its
 *   SHA-1 is the hash `security find-identity` prints;
 * - a distribution (Developer ID) profile has `ProvisionsAllDevices`; a development profile lists
 *   this Mac's provisioning UDID in `ProvisionedDevices`;
 * - the profile allows every restricted entitlement the bundle is signed with (AMFI kills a
 *   process whose signature claims more).
 *
 * Matching: equal values; a profile string ending in `*` allows every string with that prefix
 * (`ABCDE12345.*`); a profile array allows a value (or each value of an array) that one of its
 * items allows. Only restricted entitlements are checked (`isRestrictedEntitlement`).
 *
 * @module
 */
import type { EntitlementsSet } from "../config/dextkit_config.ts";
import { OutputParseError } from "../sysext/output_parse_error.ts";
import {
  parsePlist,
  type PlistDictionary,
  PlistFields,
  type PlistValue,
  plistValuesEqual,
} from "../sysext/plist.ts";
import { isRestrictedEntitlement } from "./entitlement_rules.ts";
import type { PipelineContext } from "./pipeline_context.ts";
import { ProfileCheckError, ProfileMismatchError } from "./pipeline_errors.ts";
import { runTool } from "./run_tool.ts";

/** What a provisioning profile says. */
export interface ProvisioningProfile {
  /** `Name`. */
  readonly name: string;
  /** `UUID`, when present. */
  readonly uuid: string | undefined;
  /** `TeamIdentifier`. */
  readonly teamIds: readonly string[];
  /** `ExpirationDate`, when present. */
  readonly expirationDate: Date | undefined;
  /** The SHA-1 (upper-case hex) of each certificate in `DeveloperCertificates`. */
  readonly certificateSha1s: readonly string[];
  /** `ProvisionsAllDevices` (Developer ID profiles). */
  readonly provisionsAllDevices: boolean;
  /** `ProvisionedDevices` (development profiles): provisioning UDIDs. */
  readonly provisionedDevices: readonly string[];
  /** `Entitlements`: what the profile allows. */
  readonly entitlements: PlistDictionary;
}

/**
 * A profile that expires within this many days is reported with a warning.
 *
 * @example
 * ```ts
 * import { PROFILE_EXPIRY_WARNING_DAYS } from "./provisioning_profile.ts";
 *
 * console.assert(PROFILE_EXPIRY_WARNING_DAYS === 30);
 * ```
 */
export const PROFILE_EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * Parses the output of `security cms -D -i <profile>`.
 *
 * @param stdout The decoded profile (an XML plist).
 * @param path The profile's path, for errors.
 * @returns The profile.
 * @throws {OutputParseError} When it is not a plist, or a key has the wrong type.
 *
 * @example
 * ```ts
 * import { parseProvisioningProfile } from "./provisioning_profile.ts";
 *
 * const profile = await parseProvisioningProfile(
 *   '<?xml version="1.0"?><plist version="1.0"><dict><key>Name</key><string>dext</string>' +
 *     "<key>TeamIdentifier</key><array><string>ABCDE12345</string></array>" +
 *     "<key>Entitlements</key><dict><key>com.apple.developer.driverkit</key><true/></dict></dict></plist>",
 *   "dext.provisionprofile",
 * );
 * console.assert(profile.name === "dext" && profile.entitlements["com.apple.developer.driverkit"] === true);
 * ```
 */
export async function parseProvisioningProfile(
  stdout: string,
  path: string,
): Promise<ProvisioningProfile> {
  const start = stdout.indexOf("<?xml");
  const fields = new PlistFields(
    parsePlist(start > 0 ? stdout.slice(start) : stdout, path),
    path,
    "",
  );
  const entitlements = fields.optionalDictionary("Entitlements");
  const expiration = fields.get("ExpirationDate");
  if (expiration !== undefined && !(expiration instanceof Date)) {
    throw new OutputParseError(path, "ExpirationDate is not a <date>");
  }
  const certificates = fields.get("DeveloperCertificates") ?? [];
  if (!Array.isArray(certificates) || !certificates.every((item) => item instanceof Uint8Array)) {
    throw new OutputParseError(path, "DeveloperCertificates is not an array of <data>");
  }
  const certificateSha1s: string[] = [];
  for (const der of certificates as readonly Uint8Array[]) {
    certificateSha1s.push(await sha1Hex(der));
  }
  return {
    name: fields.optionalString("Name") ?? "",
    uuid: fields.optionalString("UUID"),
    teamIds: fields.get("TeamIdentifier") === undefined ? [] : fields.stringArray("TeamIdentifier"),
    expirationDate: expiration,
    certificateSha1s,
    provisionsAllDevices: fields.optionalBoolean("ProvisionsAllDevices") ?? false,
    provisionedDevices: fields.get("ProvisionedDevices") === undefined
      ? []
      : fields.stringArray("ProvisionedDevices"),
    entitlements: entitlements?.dictionary ?? {},
  };
}

async function sha1Hex(der: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-1", new Uint8Array(der)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("").toUpperCase();
}

/** What a profile is checked against. */
export interface ProfileExpectations {
  /** Now, for the expiry. */
  readonly now: Date;
  /** The configured team id. */
  readonly teamId: string;
  /** The SHA-1 of the signing identity's certificate. */
  readonly certificateSha1: string;
  /** The signing identity's name, for messages. */
  readonly identityName: string;
  /** Which kind of signature: distribution needs all devices, development this Mac. */
  readonly set: EntitlementsSet;
  /** This Mac's provisioning UDID (development only). */
  readonly deviceUdid: string | undefined;
  /** The entitlements the bundle will be signed with. */
  readonly entitlements: PlistDictionary;
}

/**
 * Checks a profile against what it will be embedded with; returns the warnings (an expiry within
 * {@linkcode PROFILE_EXPIRY_WARNING_DAYS} days).
 *
 * @param profile The parsed profile.
 * @param path Its file, for messages.
 * @param expected The signature it goes with.
 * @returns Warnings, one sentence each.
 * @throws {ProfileCheckError} When it has expired, is for another team, lacks the signing
 * certificate, or does not cover this Mac (development) or every Mac (distribution).
 * @throws {ProfileMismatchError} When it does not allow a signed entitlement.
 *
 * @example A profile that expires in ten days
 * ```ts
 * import { checkProvisioningProfile } from "./provisioning_profile.ts";
 *
 * const warnings = checkProvisioningProfile({
 *   name: "p", uuid: undefined, teamIds: ["ABCDE12345"], expirationDate: new Date("2026-05-11T10:00:00Z"),
 *   certificateSha1s: ["AA".repeat(20)], provisionsAllDevices: true, provisionedDevices: [], entitlements: {},
 * }, "p.provisionprofile", {
 *   now: new Date("2026-05-01T10:00:00Z"), teamId: "ABCDE12345", certificateSha1: "AA".repeat(20),
 *   identityName: "Developer ID Application: X (ABCDE12345)", set: "distribution", deviceUdid: undefined, entitlements: {},
 * });
 * console.assert(warnings[0]?.includes("expires in 10 days"));
 * ```
 */
export function checkProvisioningProfile(
  profile: ProvisioningProfile,
  path: string,
  expected: ProfileExpectations,
): string[] {
  const warnings: string[] = [];
  const regenerate = "download a new one on developer.apple.com (Certificates, Identifiers & " +
    "Profiles › Profiles) and point dextkit.profiles at it";
  if (profile.expirationDate === undefined) {
    throw new ProfileCheckError(path, "has no ExpirationDate", regenerate);
  }
  const leftMs = profile.expirationDate.getTime() - expected.now.getTime();
  const when = profile.expirationDate.toISOString();
  if (leftMs <= 0) {
    throw new ProfileCheckError(
      path,
      `expired on ${when}: macOS refuses to launch a bundle that embeds it`,
      regenerate,
    );
  }
  if (leftMs < PROFILE_EXPIRY_WARNING_DAYS * DAY_MS) {
    warnings.push(
      `${path} expires in ${Math.floor(leftMs / DAY_MS)} days (${when}); renew it before then`,
    );
  }
  if (!profile.teamIds.includes(expected.teamId)) {
    throw new ProfileCheckError(
      path,
      `is for team ${
        profile.teamIds.join(", ") || "(none)"
      }, not dextkit.teamId ${expected.teamId}`,
      `use a profile of team ${expected.teamId}, or fix dextkit.teamId`,
    );
  }
  if (!profile.certificateSha1s.includes(expected.certificateSha1.toUpperCase())) {
    throw new ProfileCheckError(
      path,
      `does not contain the certificate of ${JSON.stringify(expected.identityName)} (SHA-1 ` +
        `${expected.certificateSha1}); it lists ${
          profile.certificateSha1s.join(", ") || "no certificate"
        }`,
      "a profile names the certificates it may be signed with: after a certificate renewal, " +
        "edit the profile on developer.apple.com to include the new certificate and download it " +
        "again, or sign with the identity it lists (dextkit.signing, by SHA-1)",
    );
  }
  if (expected.set === "distribution" && !profile.provisionsAllDevices) {
    throw new ProfileCheckError(
      path,
      "is not a Developer ID profile (no ProvisionsAllDevices), so the release would run only on " +
        `the ${profile.provisionedDevices.length} Mac(s) it lists`,
      'create a "Developer ID" profile for distribution, or sign with the development ' +
        "entitlements (dextkit.signing.entitlements)",
    );
  }
  if (expected.set === "development") {
    const udid = expected.deviceUdid;
    if (udid === undefined || !profile.provisionedDevices.includes(udid)) {
      throw new ProfileCheckError(
        path,
        profile.provisionsAllDevices
          ? "is a distribution profile (ProvisionsAllDevices); a development signature needs a " +
            "development profile that lists this Mac"
          : `does not list this Mac (provisioning UDID ${udid ?? "unknown"}) in ProvisionedDevices`,
        "register this Mac on developer.apple.com (Devices; `system_profiler SPHardwareDataType` " +
          "shows its Provisioning UDID), add it to the development profile and download it again",
      );
    }
  }
  const refused = entitlementsNotAllowed(profile.entitlements, expected.entitlements);
  if (refused.length > 0) throw new ProfileMismatchError(path, refused);
  return warnings;
}

/**
 * Decodes a profile with `security cms -D -i` (the plist inside the CMS envelope). In a dry run
 * the profile is not read.
 *
 * @param context The step's context.
 * @param path The `.provisionprofile` file.
 * @returns The profile, or `undefined` in a dry run.
 * @throws {ToolFailedError} When security cannot decode it.
 *
 * @example
 * ```ts
 * import { readProvisioningProfile } from "./provisioning_profile.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const runner = new DryRunRunner();
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner,
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * console.assert(await readProvisioningProfile(context, "/p/dext.provisionprofile") === undefined);
 * console.assert(runner.lines[0] === "security cms -D -i /p/dext.provisionprofile");
 * ```
 */
export async function readProvisioningProfile(
  context: PipelineContext,
  path: string,
): Promise<ProvisioningProfile | undefined> {
  const result = await runTool(context, { cmd: "security", args: ["cms", "-D", "-i", path] }, {
    tool: "security cms",
    hint:
      `check that ${path} is a provisioning profile (download it again from developer.apple.com)`,
  });
  return context.runner.dryRun ? undefined : await parseProvisioningProfile(result.stdout, path);
}

/**
 * The restricted entitlements the profile does not allow (missing, or another value).
 *
 * @param profile What the profile allows (its `Entitlements`).
 * @param requested The entitlements the bundle is signed with.
 * @returns The keys not allowed, sorted; empty when all are.
 *
 * @example
 * ```ts
 * import { entitlementsNotAllowed } from "./provisioning_profile.ts";
 *
 * const profile = { "com.apple.application-identifier": "ABCDE12345.*", "com.apple.developer.driverkit": true };
 * const requested = {
 *   "com.apple.application-identifier": "ABCDE12345.com.example.hiddriver",
 *   "com.apple.developer.driverkit": true,
 *   "com.apple.developer.driverkit.family.hid.device": true,
 *   "com.apple.security.app-sandbox": true,
 * };
 * console.assert(entitlementsNotAllowed(profile, requested).join() === "com.apple.developer.driverkit.family.hid.device");
 * ```
 */
export function entitlementsNotAllowed(
  profile: PlistDictionary,
  requested: PlistDictionary,
): string[] {
  return Object.keys(requested).filter(isRestrictedEntitlement).sort().filter((key) => {
    const allowed = profile[key];
    const wanted = requested[key];
    return allowed === undefined || wanted === undefined || !allows(allowed, wanted);
  });
}

function allows(allowed: PlistValue, wanted: PlistValue): boolean {
  if (plistValuesEqual(allowed, wanted)) return true;
  if (Array.isArray(wanted)) {
    return (wanted as readonly PlistValue[]).every((item) => allows(allowed, item));
  }
  if (Array.isArray(allowed)) {
    return (allowed as readonly PlistValue[]).some((item) => allows(item, wanted));
  }
  return typeof allowed === "string" && allowed.endsWith("*") && typeof wanted === "string" &&
    wanted.startsWith(allowed.slice(0, -1));
}
