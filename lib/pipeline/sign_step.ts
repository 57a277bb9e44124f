/**
 * `dextkit sign`: signs the built manager app and its dext inside-out with the entitlements
 * injected at sign time (the products are built without any; see driverkit-field-notes.md,
 * "Build issues"), hardened runtime and a secure timestamp, then proves it worked.
 *
 * Order:
 * 1. preflight: the configured identity resolves to exactly one valid identity
 *    (`signing_identity.ts`), which is then signed with by SHA-1; no forbidden entitlement
 *    (`entitlement_rules.ts`); each provisioning profile (`security cms -D -i`) is unexpired, of
 *    the team, lists the identity's certificate, covers every Mac (distribution) or this one
 *    (development, `system_profiler SPHardwareDataType`), and allows every restricted
 *    entitlement (`provisioning_profile.ts`);
 * 2. write the injected entitlements under `build/signing/`;
 * 3. embed the dext's profile, `codesign --force --sign <SHA-1> --entitlements <file>
 *    --options runtime --timestamp <dext>`; then the same for the app (inside-out: the app's
 *    signature seals the signed dext); a timestamp service that does not answer is retried
 *    (`codesign_retry.ts`);
 * 4. verify each: `codesign -d --entitlements - --xml` must carry exactly the requested
 *    entitlements (codesign can drop them and still exit 0) and no forbidden key; `codesign
 *    -dvvv` must show hardened runtime, a secure timestamp and the team; finally `codesign
 *    --verify --deep --strict` on the app.
 *
 * @module
 */
import { join } from "node:path";
import type { EntitlementsSet } from "../config/dextkit_config.ts";
import { requireProfile, requireTeamId, signingIdentity } from "../config/required_settings.ts";
import { parseCodesignDisplay } from "../sysext/codesign_display.ts";
import { diffEntitlements, parseCodesignEntitlements } from "../sysext/codesign_entitlements.ts";
import { parseHardwareOverview } from "../sysext/hardware_overview.ts";
import { isPlistDictionary, parsePlist, type PlistDictionary } from "../sysext/plist.ts";
import { checkForbiddenEntitlements, entitlementsToInject } from "./entitlement_rules.ts";
import { codesignWithRetries } from "./codesign_retry.ts";
import { type PipelineContext, writeGeneratedFile } from "./pipeline_context.ts";
import { MissingArtifactError, SignatureCheckError } from "./pipeline_errors.ts";
import { runStep } from "./pipeline_step.ts";
import { formatXmlPlist } from "./plist_writer.ts";
import {
  checkProvisioningProfile,
  type ProfileExpectations,
  readProvisioningProfile,
} from "./provisioning_profile.ts";
import { type ResolvedIdentity, resolveIdentity } from "./signing_identity.ts";
import { runTool } from "./run_tool.ts";

/** One signed bundle. */
export interface SignedBundle {
  /** The bundle. */
  readonly path: string;
  /** The generated entitlements file passed to codesign. */
  readonly entitlementsFile: string;
  /** The entitlements signed in. */
  readonly entitlements: PlistDictionary;
}

/** What was signed, and with what. */
export interface SignResult {
  /** The identity used (its name). */
  readonly identity: string;
  /** Its certificate's SHA-1, what codesign was given (`undefined` in a dry run). */
  readonly identitySha1: string | undefined;
  /** The entitlement set injected into the dext. */
  readonly entitlementsSet: EntitlementsSet;
  /** The dext. */
  readonly dext: SignedBundle;
  /** The manager app. */
  readonly app: SignedBundle;
}

const CODESIGN_HINT = "errSecInternalComponent means the keychain is locked or its partition " +
  'list is not set (CI); "detritus not allowed" means extended attributes: run `xattr -cr` on ' +
  "the app and sign again";

/**
 * Signs and verifies the built app and dext.
 *
 * @param context The step's context.
 * @returns What was signed.
 * @throws {ConfigError} When the identity, team id or a profile is not configured.
 * @throws {MissingArtifactError} When the app was not built.
 * @throws {SigningIdentityNotFoundError} When the identity is not in the keychain.
 * @throws {AmbiguousIdentityError} When two valid identities have the configured name.
 * @throws {ForbiddenEntitlementError} When an entitlement must not be signed in.
 * @throws {ProfileCheckError} When a profile has expired, is of another team, lacks the signing
 * certificate or does not cover the Macs the build is for.
 * @throws {ProfileMismatchError} When a profile does not allow an entitlement.
 * @throws {SignatureCheckError} When the signature lacks the entitlements, hardened runtime, a
 * secure timestamp or the team, or does not verify.
 * @throws {ToolFailedError} When codesign or security fails.
 *
 * @example The plan (entitlement files are read from disk)
 * ```ts
 * import { signStep } from "./sign_step.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const plist = '<?xml version="1.0"?><plist version="1.0"><dict><key>com.apple.developer.driverkit</key><true/></dict></plist>';
 * const runner = new DryRunRunner();
 * const context = createPipelineContext({
 *   config: resolveConfig({
 *     teamId: "ABCDE12345",
 *     signing: { developmentIdentity: "Apple Development: Dev (XYZ9876543)" },
 *     profiles: { dext: "dext.provisionprofile", manager: "manager.provisionprofile" },
 *   }, { root: "/src" }),
 *   runner,
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 *   files: { exists: () => Promise.resolve(true), readText: () => Promise.resolve(plist), writeText: () => Promise.resolve(), remove: () => Promise.resolve(), listDirectory: () => Promise.resolve([]) },
 * });
 * await signStep(context);
 * console.assert(runner.lines.includes("security find-identity -v -p codesigning"));
 * console.assert(runner.lines.includes("system_profiler SPHardwareDataType"));
 * console.assert(runner.lines.some((line) => line.startsWith("codesign --force --sign 'Apple Development: Dev (XYZ9876543)' --entitlements")));
 * ```
 */
export function signStep(context: PipelineContext): Promise<SignResult> {
  const { config, layout } = context;
  return runStep(context, "sign", `Signing ${layout.appName}.app`, async (step) => {
    const identity = signingIdentity(config);
    const teamId = requireTeamId(config, "signing (application identifier)");
    const dextProfile = requireProfile(config, "dext");
    const managerProfile = requireProfile(config, "manager");
    const set = config.signing.entitlements;
    if (!context.runner.dryRun && !(await context.files.exists(layout.appPath))) {
      throw new MissingArtifactError(layout.appPath, "run `dextkit build` first");
    }

    step.update("checking the signing identity");
    const resolved = await resolveIdentity(
      context,
      identity,
      "codesigning",
      `dextkit.signing.${set === "development" ? "developmentIdentity" : "distributionIdentity"}`,
    );

    const dextEntitlements = entitlementsToInject(
      await readEntitlementsFile(context, layout.dextEntitlements[set]),
      teamId,
      config.bundleIds.dext,
    );
    const appEntitlements = entitlementsToInject(
      await readEntitlementsFile(context, layout.managerEntitlements),
      teamId,
      config.bundleIds.manager,
    );
    checkForbiddenEntitlements("dext", dextEntitlements);
    checkForbiddenEntitlements("manager app", appEntitlements);

    step.update("checking the provisioning profiles");
    const deviceUdid = set === "development" ? await thisMacsUdid(context) : undefined;
    const expected = (entitlements: PlistDictionary) => ({
      now: new Date(context.wallTimeMs()),
      teamId,
      certificateSha1: resolved.sha1 ?? "",
      identityName: resolved.name,
      set,
      deviceUdid,
      entitlements,
    });
    await checkProfile(context, dextProfile, resolved, expected(dextEntitlements));
    await checkProfile(context, managerProfile, resolved, expected(appEntitlements));

    const dext: SignedBundle = {
      path: layout.dextPath,
      entitlementsFile: join(layout.signingDir, "dext.entitlements"),
      entitlements: dextEntitlements,
    };
    const app: SignedBundle = {
      path: layout.appPath,
      entitlementsFile: join(layout.signingDir, "manager.entitlements"),
      entitlements: appEntitlements,
    };
    for (
      const [bundle, profile, embedded] of [
        [dext, dextProfile, join(layout.dextPath, "embedded.provisionprofile")],
        [app, managerProfile, join(layout.appPath, "Contents", "embedded.provisionprofile")],
      ] as const
    ) {
      step.update(`signing ${bundle.path.slice(bundle.path.lastIndexOf("/") + 1)}`);
      await writeGeneratedFile(
        context,
        bundle.entitlementsFile,
        formatXmlPlist(bundle.entitlements),
        `the ${set} entitlements to inject, with the application and team identifiers`,
      );
      await runTool(context, { cmd: "cp", args: [profile, embedded] }, {
        hint: `check that ${profile} exists and ${bundle.path} was built`,
      });
      await codesignWithRetries(context, {
        cmd: "codesign",
        args: [
          "--force",
          "--sign",
          resolved.sign,
          "--entitlements",
          bundle.entitlementsFile,
          "--options",
          "runtime",
          "--timestamp",
          bundle.path,
        ],
      }, CODESIGN_HINT);
    }

    step.update("verifying the signatures");
    await verifySignature(context, dext, "dext", teamId);
    await verifySignature(context, app, "manager app", teamId);
    await runTool(context, {
      cmd: "codesign",
      args: ["--verify", "--deep", "--strict", "--verbose=2", layout.appPath],
    }, { tool: "codesign --verify", hint: "sign again; never modify the app after signing" });
    return {
      identity: resolved.name,
      identitySha1: resolved.sha1,
      entitlementsSet: set,
      dext,
      app,
    };
  }, (result) =>
    `${result.entitlementsSet} entitlements, ${result.identity}` +
    (result.identitySha1 === undefined ? "" : ` (${result.identitySha1})`));
}

/** This Mac's provisioning UDID, which a development profile must list. */
async function thisMacsUdid(context: PipelineContext): Promise<string | undefined> {
  const result = await runTool(context, {
    cmd: "system_profiler",
    args: ["SPHardwareDataType"],
  }, {
    tool: "system_profiler",
    hint: "run `system_profiler SPHardwareDataType` yourself to see this Mac's Provisioning UDID",
  });
  return context.runner.dryRun ? undefined : parseHardwareOverview(result.stdout).provisioningUdid;
}

async function readEntitlementsFile(
  context: PipelineContext,
  path: string,
): Promise<PlistDictionary> {
  let text: string;
  try {
    text = await context.files.readText(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new MissingArtifactError(
        path,
        'the project needs its entitlement files (dext/README.md, "Signing")',
      );
    }
    throw error;
  }
  const value = parsePlist(text, path);
  if (!isPlistDictionary(value)) {
    throw new SignatureCheckError(path, "is not a dictionary of entitlements", "fix the file");
  }
  if (text.includes("<!--")) {
    throw new SignatureCheckError(
      path,
      "contains an XML comment, which makes codesign drop every entitlement silently",
      "remove the comment",
    );
  }
  return value;
}

async function checkProfile(
  context: PipelineContext,
  path: string,
  identity: ResolvedIdentity,
  expected: ProfileExpectations,
): Promise<void> {
  const profile = await readProvisioningProfile(context, path);
  if (profile === undefined || identity.sha1 === undefined) return;
  for (const warning of checkProvisioningProfile(profile, path, expected)) {
    context.progress.log(`warning: ${warning}`);
  }
}

async function verifySignature(
  context: PipelineContext,
  bundle: SignedBundle,
  kind: "dext" | "manager app",
  teamId: string,
): Promise<void> {
  const shown = await runTool(context, {
    cmd: "codesign",
    args: ["-d", "--entitlements", "-", "--xml", bundle.path],
  }, { tool: "codesign -d", hint: "sign again" });
  const display = await runTool(context, { cmd: "codesign", args: ["-dvvv", bundle.path] }, {
    tool: "codesign -dvvv",
    hint: "sign again",
  });
  if (context.runner.dryRun) return;
  const signed = parseCodesignEntitlements(shown.stdout);
  checkForbiddenEntitlements(kind, signed);
  const diff = diffEntitlements(bundle.entitlements, signed);
  if (diff.missing.length > 0 || diff.changed.length > 0) {
    const parts = [
      diff.missing.length > 0 ? `is missing the entitlements ${diff.missing.join(", ")}` : "",
      diff.changed.length > 0 ? `carries other values for ${diff.changed.join(", ")}` : "",
    ].filter((part) => part !== "");
    throw new SignatureCheckError(
      bundle.path,
      `${parts.join(" and ")} after signing (codesign dropped them without failing)`,
      `check ${bundle.entitlementsFile} (no XML comments, valid plist) and sign again`,
    );
  }
  for (const key of diff.unexpected) {
    context.progress.log(`warning: ${bundle.path} carries ${key}, which was not requested`);
  }
  const signature = parseCodesignDisplay(display.stderr);
  const problems = [
    signature.hardenedRuntime ? "" : "has no hardened runtime (--options runtime)",
    signature.timestamp !== undefined ? "" : "has no secure timestamp (--timestamp needs network)",
    signature.teamId === teamId
      ? ""
      : `is signed by team ${signature.teamId ?? "(none)"}, not ${teamId}`,
  ].filter((problem) => problem !== "");
  if (problems.length > 0) {
    throw new SignatureCheckError(
      bundle.path,
      problems.join(" and "),
      "sign again with dextkit sign",
    );
  }
}
