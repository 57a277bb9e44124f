/**
 * The errors of the build-version rules: a build number that is not a kext version, and an
 * installed dext whose version is not one (see `kext_version.ts`).
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";

/**
 * A build number (computed, configured or found in the built dext) is not a kext version, so
 * the kernel would reject the dext ("CFBundleVersion bad value") and it would never load.
 *
 * @example
 * ```ts
 * import { InvalidBuildVersionError } from "./build_version_errors.ts";
 *
 * const error = new InvalidBuildVersionError('"790000": component 1 (790000) has 6 digits', true);
 * console.assert(error.message.includes("790000"));
 * console.assert(error.hint.includes("dextkit.buildVersion"));
 * ```
 */
export class InvalidBuildVersionError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param problem What is wrong, from `kextVersionProblem`.
   * @param configured Whether the number came from `dextkit.buildVersion`.
   * @param built The built dext that carries it, when it was read from a build.
   */
  constructor(problem: string, configured: boolean, built?: string) {
    super(
      `${built === undefined ? "the build number" : `the CFBundleVersion of ${built}`} is not a ` +
        `kext version, so macOS would refuse to load the dext: ${problem}`,
      {
        hint: configured
          ? "set dextkit.buildVersion to at most three dot-separated numbers of at most four " +
            "digits each (dext/README.md, Versions)"
          : built === undefined
          ? "report this: dextkit's build number rule produced an invalid number"
          : "the project sets CURRENT_PROJECT_VERSION itself: make it at most three " +
            "dot-separated numbers of at most four digits each, or set dextkit.buildVersion",
        exitCode: ExitCode.Failure,
      },
    );
  }
}

/**
 * The highest installed version of the dext is not a kext version: that dext never loaded, but
 * sysextd and the manager still compare new builds against it (and an old minutes-since-2025
 * number such as `790000` compares above every valid one).
 *
 * @example
 * ```ts
 * import { InvalidInstalledVersionError } from "./build_version_errors.ts";
 *
 * const error = new InvalidInstalledVersionError("dev.dextkit.VirtualHIDDevice", "0.1.0", "6 digits");
 * console.assert(error.hint.includes("dextkit uninstall"));
 * ```
 */
export class InvalidInstalledVersionError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param bundleId The dext's bundle id.
   * @param shortVersion The installed CFBundleShortVersionString.
   * @param problem Why its CFBundleVersion is invalid.
   */
  constructor(bundleId: string, shortVersion: string, problem: string) {
    super(
      `the installed ${bundleId} ${shortVersion} has a CFBundleVersion that is not a kext ` +
        `version (${problem}); it never loaded, and macOS would keep it instead of a new build`,
      {
        hint: "remove it first: `dextkit uninstall` (or `systemextensionsctl uninstall <team id> " +
          `${bundleId}\`), restart, then build again; \`dextkit doctor\` lists such versions`,
        exitCode: ExitCode.Failure,
      },
    );
  }
}
