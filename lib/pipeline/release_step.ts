/**
 * `dextkit release`: build → sign → package → notarize → staple, the whole distribution pipeline
 * (what `.github/workflows/release.yml` runs on a macOS runner).
 *
 * It needs the distribution entitlements (a Developer ID signature is the only kind Apple
 * notarizes), an installer identity and notary credentials; all three are checked before
 * anything is built (the installer identity in the keychain, with `security find-identity -v -p
 * basic`, not only in the configuration). Before the upload the app inside the package is
 * verified and checked with `syspolicy_check` too. The package is notarized and the ticket stapled to it (the notarization of
 * a package covers the app and dext inside). A release build is for other Macs, so the check
 * against the driver installed on this one is skipped.
 *
 * @module
 */
import { resolveNotaryCredentials } from "../config/notary_credentials.ts";
import { missingSetting } from "../config/required_settings.ts";
import { type BuildResult, buildStep } from "./build_step.ts";
import { type NotarizeResult, notarizeStep } from "./notarize_step.ts";
import { type PackageResult, packageStep, resolveInstallerIdentity } from "./package_step.ts";
import type { PipelineContext } from "./pipeline_context.ts";
import { StepRefusedError } from "./pipeline_errors.ts";
import { type SignResult, signStep } from "./sign_step.ts";

/** Everything a release produced. */
export interface ReleaseResult {
  /** The build. */
  readonly build: BuildResult;
  /** The signatures. */
  readonly sign: SignResult;
  /** The package (notarized and stapled). */
  readonly package: PackageResult;
  /** The notarization. */
  readonly notarization: NotarizeResult;
}

/** Options of {@linkcode releaseStep}. */
export interface ReleaseOptions {
  /** How often to ask the notary service for the status; 20 s when absent. */
  readonly pollIntervalMs?: number;
}

/**
 * Runs the release pipeline.
 *
 * @param context The step's context.
 * @param options Polling.
 * @returns What each step produced.
 * @throws {StepRefusedError} When the configured entitlements are not `distribution`.
 * @throws {ConfigError} When the installer identity or notary credentials are missing.
 * @throws {SigningIdentityNotFoundError} When the installer identity is not in the keychain.
 *
 * @example Refused with development entitlements
 * ```ts
 * import { releaseStep } from "./release_step.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner: new DryRunRunner(),
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * let message = "";
 * try {
 *   await releaseStep(context);
 * } catch (error) {
 *   message = (error as Error).message;
 * }
 * console.assert(message.startsWith("a release needs the distribution entitlements"));
 * ```
 */
export async function releaseStep(
  context: PipelineContext,
  options: ReleaseOptions = {},
): Promise<ReleaseResult> {
  const { config } = context;
  if (config.signing.entitlements !== "distribution") {
    throw new StepRefusedError(
      `a release needs the distribution entitlements, and dextkit.signing.entitlements is ` +
        `"${config.signing.entitlements}"`,
      'set dextkit.signing.entitlements to "distribution" with a Developer ID identity; ' +
        "Apple notarizes only Developer ID signatures",
    );
  }
  if (config.signing.installerIdentity === undefined) {
    throw missingSetting(config, "dextkit.signing.installerIdentity", "release (productsign)");
  }
  resolveNotaryCredentials(config, context.env);
  const installer = await resolveInstallerIdentity(context);
  const build = await buildStep(context, { skipVersionCheck: true });
  const sign = await signStep(context);
  const packaged = await packageStep(context, { versions: build, installer });
  const notarization = await notarizeStep(context, {
    path: packaged.path,
    app: context.layout.appPath,
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
  });
  return { build, sign, package: packaged, notarization };
}
