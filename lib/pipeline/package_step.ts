/**
 * `dextkit package`: an installer package of the signed manager app (with its dext), built with
 * `pkgbuild` and signed with `productsign` using the "Developer ID Installer" identity.
 *
 * The payload installs `/Applications/<App>.app`, where macOS requires the host app to be for
 * activation. The component list marks the app not relocatable (otherwise Installer "upgrades"
 * whatever copy it finds elsewhere, such as the one in the build folder), not version-checked,
 * and upgraded in place. The package goes to `build/dist/<App>-<version>-<build>.pkg` and is
 * checked with `pkgutil --check-signature`.
 *
 * The installer identity is looked up first, with `security find-identity -v -p basic` (an
 * installer identity is not a code-signing one, so `-p codesigning` does not list it), and must
 * be exactly one valid identity (`signing_identity.ts`). productsign is given its name (or the
 * configured SHA-1); whether productsign accepts a SHA-1 is not documented by Apple.
 *
 * @module
 */
import { join } from "node:path";
import { missingSetting } from "../config/required_settings.ts";
import { type BundleInfo, readBundleInfo } from "./bundle_info.ts";
import { type PipelineContext, writeGeneratedFile } from "./pipeline_context.ts";
import { type ResolvedIdentity, resolveIdentity } from "./signing_identity.ts";
import { MissingArtifactError } from "./pipeline_errors.ts";
import { runStep } from "./pipeline_step.ts";
import { formatXmlPlist } from "./plist_writer.ts";
import { runTool } from "./run_tool.ts";

/** Options of {@linkcode packageStep}. */
export interface PackageOptions {
  /** The app's versions when already known (from the build); read from the app when absent. */
  readonly versions?: Pick<BundleInfo, "shortVersion" | "bundleVersion">;
  /** The installer identity when already resolved (the release does it before building). */
  readonly installer?: ResolvedIdentity;
}

/** The package that was made. */
export interface PackageResult {
  /** The signed package. */
  readonly path: string;
  /** Its version (the app's CFBundleShortVersionString). */
  readonly version: string;
}

/**
 * Builds and signs the package.
 *
 * @param context The step's context.
 * @param options Known versions.
 * @returns The package.
 * @throws {ConfigError} When `dextkit.signing.installerIdentity` is not set.
 * @throws {MissingArtifactError} When the app was not built.
 * @throws {SigningIdentityNotFoundError} When the installer identity is not in the keychain.
 * @throws {AmbiguousIdentityError} When two valid installer identities have its name.
 * @throws {ToolFailedError} When pkgbuild, productsign or pkgutil fails.
 *
 * @example The plan
 * ```ts
 * import { packageStep } from "./package_step.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const runner = new DryRunRunner();
 * const context = createPipelineContext({
 *   config: resolveConfig({ signing: { installerIdentity: "Developer ID Installer: Example Corp (ABCDE12345)" } }, { root: "/src" }),
 *   runner,
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * const result = await packageStep(context, { versions: { shortVersion: "0.1.0", bundleVersion: "42" } });
 * console.assert(result.path === "/src/dext/build/dist/DextkitManager-0.1.0-42.pkg");
 * ```
 */
export function packageStep(
  context: PipelineContext,
  options: PackageOptions = {},
): Promise<PackageResult> {
  const { config, layout } = context;
  return runStep(context, "package", `Packaging ${layout.appName}.app`, async (step) => {
    const installer = options.installer ?? await resolveInstallerIdentity(context);
    if (!context.runner.dryRun && !(await context.files.exists(layout.appPath))) {
      throw new MissingArtifactError(
        layout.appPath,
        "run `dextkit build` and `dextkit sign` first",
      );
    }
    const versions = options.versions ?? await readBundleInfo(context, layout.appPath);
    const payloadApps = join(layout.packageRoot, "Applications");
    const componentPlist = join(layout.buildDir, "pkg-components.plist");
    const unsigned = join(layout.buildDir, `${layout.appName}-unsigned.pkg`);
    const signed = join(
      layout.distDir,
      `${layout.appName}-${versions.shortVersion}-${versions.bundleVersion}.pkg`,
    );
    const hint = `check that ${layout.buildDir} is writable`;

    step.update("preparing the payload");
    await runTool(context, { cmd: "rm", args: ["-rf", layout.packageRoot] }, { hint });
    await runTool(context, { cmd: "mkdir", args: ["-p", payloadApps, layout.distDir] }, { hint });
    await runTool(context, {
      cmd: "ditto",
      args: [layout.appPath, join(payloadApps, `${layout.appName}.app`)],
    }, { hint: `check that ${layout.appPath} exists` });
    await writeGeneratedFile(
      context,
      componentPlist,
      formatXmlPlist([{
        RootRelativeBundlePath: `Applications/${layout.appName}.app`,
        BundleIsRelocatable: false,
        BundleIsVersionChecked: false,
        BundleHasStrictIdentifier: false,
        BundleOverwriteAction: "upgrade",
      }]),
      "pkgbuild component list: the app is not relocatable",
    );

    step.update("pkgbuild");
    await runTool(context, {
      cmd: "pkgbuild",
      args: [
        "--root",
        layout.packageRoot,
        "--component-plist",
        componentPlist,
        "--identifier",
        config.bundleIds.manager,
        "--version",
        versions.shortVersion,
        "--install-location",
        "/",
        unsigned,
      ],
    }, { hint: "see pkgbuild's message above" });
    step.update("productsign");
    await runTool(context, {
      cmd: "productsign",
      args: ["--sign", installer.sign, "--timestamp", unsigned, signed],
    }, {
      hint: 'productsign needs a "Developer ID Installer" identity in an unlocked keychain ' +
        "(`security find-identity -v -p basic` lists it)",
    });
    await runTool(context, { cmd: "rm", args: ["-f", unsigned] }, { hint });
    await runTool(context, { cmd: "pkgutil", args: ["--check-signature", signed] }, {
      tool: "pkgutil --check-signature",
      hint: "the package signature is not valid; sign it again",
    });
    return { path: signed, version: versions.shortVersion };
  }, (result) => result.path);
}

/**
 * Looks up the configured installer identity (`security find-identity -v -p basic`).
 *
 * @param context The step's context.
 * @returns The identity and what to give `productsign --sign`.
 * @throws {ConfigError} When `dextkit.signing.installerIdentity` is not set.
 * @throws {SigningIdentityNotFoundError} When it is not a valid identity in the keychain.
 * @throws {AmbiguousIdentityError} When two valid identities have its name.
 *
 * @example
 * ```ts
 * import { resolveInstallerIdentity } from "./package_step.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const runner = new DryRunRunner();
 * const context = createPipelineContext({
 *   config: resolveConfig({ signing: { installerIdentity: "Developer ID Installer: Example Corp (ABCDE12345)" } }, { root: "/src" }),
 *   runner,
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * await resolveInstallerIdentity(context);
 * console.assert(runner.lines[0] === "security find-identity -v -p basic");
 * ```
 */
export async function resolveInstallerIdentity(
  context: PipelineContext,
): Promise<ResolvedIdentity> {
  const installer = context.config.signing.installerIdentity;
  if (installer === undefined) {
    throw missingSetting(
      context.config,
      "dextkit.signing.installerIdentity",
      "package (productsign)",
    );
  }
  const resolved = await resolveIdentity(
    context,
    installer,
    "basic",
    "dextkit.signing.installerIdentity",
  );
  return { ...resolved, sign: /^[0-9A-Fa-f]{40}$/.test(installer) ? installer : resolved.name };
}
