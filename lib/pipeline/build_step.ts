/**
 * `dextkit build`: `xcodegen generate`, then `xcodebuild` of the manager app with the dext
 * embedded, stamping the versions: `MARKETING_VERSION` (CFBundleShortVersionString) and
 * `CURRENT_PROJECT_VERSION` (CFBundleVersion, the build number).
 *
 * Versions: `dextkit.version` and `dextkit.buildVersion` when configured; otherwise, for
 * dextkit's own project, `DRIVER_VERSION` from lib/protocol and the build number rule of
 * `build_number.ts`; for another project, whatever the project sets (nothing is stamped).
 *
 * A build is meant to be installed, so before building the step reads the installed versions
 * (`systemextensionsctl list`) and refuses a build number that is not above the highest one:
 * macOS would keep the old driver, or end in "terminated waiting to uninstall on reboot". When
 * the number is only known after the build (another project keeping its own), the check runs on
 * the built dext. `skipVersionCheck` turns the check off for builds that will not be installed.
 *
 * Every build number is checked against the kext version grammar (`kext_version.ts`) before it
 * is stamped and again in the built dext: the kernel rejects a dext whose CFBundleVersion does
 * not parse, so such a build is refused even with `skipVersionCheck`. An installed version that
 * is not a kext version never loaded; the manager still compares against it, so the guard asks
 * for it to be uninstalled first.
 *
 * @module
 */
import { join } from "node:path";
import { DRIVER_VERSION } from "../protocol/driver_version.ts";
import { readBundleInfo } from "./bundle_info.ts";
import { BUILD_NUMBER_PLACEHOLDER, projectBuildNumber } from "./build_number.ts";
import {
  compareBundleVersions,
  highestInstalledVersion,
  listInstalledDriver,
} from "./installed_driver.ts";
import { type PipelineContext, planNote } from "./pipeline_context.ts";
import { InvalidBuildVersionError, InvalidInstalledVersionError } from "./build_version_errors.ts";
import { kextVersionProblem } from "./kext_version.ts";
import { ToolFailedError, VersionNotBumpedError } from "./pipeline_errors.ts";
import { runStep } from "./pipeline_step.ts";
import { runCommand, runTool } from "./run_tool.ts";

/** Options of {@linkcode buildStep}. */
export interface BuildOptions {
  /** Build even when the build number is not above the installed driver's. */
  readonly skipVersionCheck?: boolean;
}

/** What was built. */
export interface BuildResult {
  /** The manager app. */
  readonly appPath: string;
  /** The dext inside it. */
  readonly dextPath: string;
  /** The dext's CFBundleShortVersionString. */
  readonly shortVersion: string;
  /** The dext's CFBundleVersion. */
  readonly bundleVersion: string;
  /** The highest installed version as `short/build`, when one is installed and was checked. */
  readonly installedVersion: string | undefined;
}

const ERROR_LINE = /(^|: )(fatal )?error: /;
const MAX_ERROR_LINES = 10;

/**
 * Builds the manager app and the dext.
 *
 * @param context The step's context.
 * @param options Whether to skip the installed-version check.
 * @returns The products and their versions.
 * @throws {VersionNotBumpedError} When the build number is not above the installed one.
 * @throws {InvalidBuildVersionError} When the build number is not a kext version.
 * @throws {InvalidInstalledVersionError} When the installed dext's version is not one.
 * @throws {ToolFailedError} When xcodegen or xcodebuild fails (the first compiler errors are
 * printed first).
 *
 * @example The plan of a build
 * ```ts
 * import { buildStep } from "./build_step.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const runner = new DryRunRunner();
 * const context = createPipelineContext({
 *   config: resolveConfig({ buildVersion: "42" }, { root: "/src" }),
 *   runner,
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * await buildStep(context);
 * console.assert(runner.lines.some((line) => line.includes("xcodebuild -scheme Manager") && line.includes("CURRENT_PROJECT_VERSION=42")));
 * ```
 */
export function buildStep(
  context: PipelineContext,
  options: BuildOptions = {},
): Promise<BuildResult> {
  const { layout, config } = context;
  return runStep(context, "build", `Building ${layout.appName}.app`, async (step) => {
    const marketing = config.version !== "from-project"
      ? config.version
      : config.isDefaultProject
      ? DRIVER_VERSION
      : undefined;
    const planned = config.buildVersion !== "from-project"
      ? config.buildVersion
      : config.isDefaultProject
      ? (await projectBuildNumber(context)).value
      : undefined;

    if (planned === BUILD_NUMBER_PLACEHOLDER) {
      planNote(
        context,
        `${BUILD_NUMBER_PLACEHOLDER}: <days>.<minute of the day>.<second> from ` +
          "2025-01-01T00:00:00Z to the HEAD commit's time when the work tree is clean, else to " +
          "the moment of the build",
      );
    } else if (planned !== undefined) {
      refuseUnlessKextVersion(planned, config.buildVersion !== "from-project");
    }
    let installed: { shortVersion: string; bundleVersion: string } | undefined;
    if (!options.skipVersionCheck) {
      step.update("reading the installed driver version");
      installed = highestInstalledVersion(await listInstalledDriver(context));
      if (planned !== undefined && planned !== BUILD_NUMBER_PLACEHOLDER) {
        refuseUnlessAbove(config.bundleIds.dext, planned, installed);
      }
    }

    step.update("xcodegen generate");
    await runTool(context, { cmd: "xcodegen", args: ["generate"], cwd: layout.projectDir }, {
      hint: `fix ${layout.projectDir}/project.yml (see the message above)`,
    });

    step.update("xcodebuild");
    const errors: string[] = [];
    const collect = (line: string): void => {
      if (ERROR_LINE.test(line) && errors.length < MAX_ERROR_LINES) errors.push(line.trim());
    };
    const build = await runCommand(context, {
      cmd: "xcodebuild",
      args: [
        "-scheme",
        layout.scheme,
        "-configuration",
        "Release",
        `SYMROOT=${layout.buildDir}`,
        ...(marketing === undefined ? [] : [`MARKETING_VERSION=${marketing}`]),
        ...(planned === undefined ? [] : [`CURRENT_PROJECT_VERSION=${planned}`]),
      ],
      cwd: layout.projectDir,
    }, { onStdoutLine: collect, onStderrLine: collect });
    if (build.code !== 0 || build.timedOut) {
      for (const line of errors) context.progress.log(line);
      // The whole log, for a CI job to keep as an artifact.
      const log = join(layout.buildDir, "logs", "xcodebuild.log");
      await context.files.writeText(log, `${build.stdout}${build.stderr}`);
      throw new ToolFailedError(
        "xcodebuild",
        build.timedOut
          ? "timed out (dextkit.timeouts.command)"
          : `exited with code ${build.code}${errors[0] === undefined ? "" : `: ${errors[0]}`}`,
        `fix the first error above; the full log is in ${log}`,
        build.timedOut,
      );
    }

    const built = await readBundleInfo(context, layout.dextPath);
    if (!context.runner.dryRun) {
      refuseUnlessKextVersion(built.bundleVersion, false, layout.dextPath);
      if (!options.skipVersionCheck && planned === undefined) {
        refuseUnlessAbove(config.bundleIds.dext, built.bundleVersion, installed);
      }
    }
    return {
      appPath: layout.appPath,
      dextPath: layout.dextPath,
      shortVersion: context.runner.dryRun ? marketing ?? built.shortVersion : built.shortVersion,
      bundleVersion: context.runner.dryRun ? planned ?? built.bundleVersion : built.bundleVersion,
      installedVersion: installed === undefined
        ? undefined
        : `${installed.shortVersion}/${installed.bundleVersion}`,
    };
  }, (result) => `${result.shortVersion} (${result.bundleVersion})`);
}

function refuseUnlessKextVersion(version: string, configured: boolean, built?: string): void {
  const problem = kextVersionProblem(version);
  if (problem !== undefined) throw new InvalidBuildVersionError(problem, configured, built);
}

function refuseUnlessAbove(
  bundleId: string,
  buildNumber: string,
  installed: { shortVersion: string; bundleVersion: string } | undefined,
): void {
  if (installed === undefined) return;
  const problem = kextVersionProblem(installed.bundleVersion);
  if (problem !== undefined) {
    throw new InvalidInstalledVersionError(bundleId, installed.shortVersion, problem);
  }
  if (compareBundleVersions(buildNumber, installed.bundleVersion) <= 0) {
    throw new VersionNotBumpedError(
      bundleId,
      buildNumber,
      `${installed.shortVersion}/${installed.bundleVersion}`,
    );
  }
}
