/**
 * Reading a provisioning profile (`security cms -D -i <profile>`, an XML plist whose
 * `Entitlements` dictionary is the allow-list) and checking that it allows the entitlements a
 * bundle is signed with. A restricted entitlement the profile does not allow makes AMFI kill the
 * process at launch.
 *
 * Matching: equal values; a profile string ending in `*` allows every string with that prefix
 * (`ABCDE12345.*`); a profile array allows a value (or each value of an array) that one of its
 * items allows. Only restricted entitlements are checked (`isRestrictedEntitlement`).
 *
 * @module
 */
import {
  parsePlist,
  type PlistDictionary,
  PlistFields,
  type PlistValue,
  plistValuesEqual,
} from "../sysext/plist.ts";
import { isRestrictedEntitlement } from "./entitlement_rules.ts";
import type { PipelineContext } from "./pipeline_context.ts";
import { runTool } from "./run_tool.ts";

/** What a provisioning profile says. */
export interface ProvisioningProfile {
  /** `Name`. */
  readonly name: string;
  /** `TeamIdentifier`. */
  readonly teamIds: readonly string[];
  /** `Entitlements`: what the profile allows. */
  readonly entitlements: PlistDictionary;
}

/**
 * Parses the output of `security cms -D -i <profile>`.
 *
 * @param stdout The decoded profile (an XML plist).
 * @param path The profile's path, for errors.
 * @returns The profile.
 * @throws {OutputParseError} When it is not a plist or has no `Entitlements` dictionary.
 *
 * @example
 * ```ts
 * import { parseProvisioningProfile } from "./provisioning_profile.ts";
 *
 * const profile = parseProvisioningProfile(
 *   '<?xml version="1.0"?><plist version="1.0"><dict><key>Name</key><string>dext</string>' +
 *     "<key>TeamIdentifier</key><array><string>ABCDE12345</string></array>" +
 *     "<key>Entitlements</key><dict><key>com.apple.developer.driverkit</key><true/></dict></dict></plist>",
 *   "dext.provisionprofile",
 * );
 * console.assert(profile.name === "dext" && profile.entitlements["com.apple.developer.driverkit"] === true);
 * ```
 */
export function parseProvisioningProfile(stdout: string, path: string): ProvisioningProfile {
  const start = stdout.indexOf("<?xml");
  const fields = new PlistFields(
    parsePlist(start > 0 ? stdout.slice(start) : stdout, path),
    path,
    "",
  );
  const entitlements = fields.optionalDictionary("Entitlements");
  return {
    name: fields.optionalString("Name") ?? "",
    teamIds: fields.get("TeamIdentifier") === undefined ? [] : fields.stringArray("TeamIdentifier"),
    entitlements: entitlements?.dictionary ?? {},
  };
}

/**
 * Decodes a profile with `security cms -D -i`. In a dry run the profile allows nothing and is
 * not checked.
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
  return context.runner.dryRun ? undefined : parseProvisioningProfile(result.stdout, path);
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
