/**
 * The errors the pipeline steps (build, sign, notarize, package, install-dext, reboot,
 * uninstall, release) raise. Each names the offending value in one line and says what to do in
 * its `hint`; tool output quoted in a message has its secrets redacted by the caller.
 *
 * @module
 */
import { counted } from "../plural.ts";
import { DextkitError, ExitCode } from "../errors.ts";

/**
 * A tool exited with a non-zero code or ran past its time limit.
 *
 * @example
 * ```ts
 * import { ToolFailedError } from "./pipeline_errors.ts";
 *
 * const error = new ToolFailedError("xcodebuild", "exited with code 65", "fix the first compile error");
 * console.assert(error.message === "xcodebuild exited with code 65" && error.exitCode === 1);
 * const late = new ToolFailedError("xcodebuild", "timed out after 30m 00s", "", true);
 * console.assert(late.exitCode === 4);
 * ```
 */
export class ToolFailedError extends DextkitError {
  /** The tool, e.g. `xcodebuild` or `xcrun notarytool submit`. */
  readonly tool: string;

  /**
   * Creates the error.
   *
   * @param tool The tool.
   * @param what What happened, e.g. `exited with code 65: <last error line>`.
   * @param hint What to do.
   * @param timedOut Whether it ran past its time limit (exit code 4 instead of 1).
   */
  constructor(tool: string, what: string, hint: string, timedOut = false) {
    super(`${tool} ${what}`, {
      hint,
      exitCode: timedOut ? ExitCode.Timeout : ExitCode.Failure,
    });
    this.tool = tool;
  }
}

/**
 * The build number of a build meant for installation is not above the installed driver's.
 *
 * @example
 * ```ts
 * import { VersionNotBumpedError } from "./pipeline_errors.ts";
 *
 * const error = new VersionNotBumpedError("com.example.hiddriver", "7", "1.2/7");
 * console.assert(error.message.startsWith("build number 7 is not above"));
 * ```
 */
export class VersionNotBumpedError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param bundleId The dext's bundle id.
   * @param buildNumber The CFBundleVersion of the new build.
   * @param installed The installed `short/build` version it does not exceed.
   */
  constructor(bundleId: string, buildNumber: string, installed: string) {
    super(
      `build number ${buildNumber} is not above the installed ${bundleId} (${installed}); ` +
        "macOS would not replace the driver",
      {
        hint: "commit your change (or wait a minute after the last uncommitted build) so the " +
          "build number rises, or raise dextkit.buildVersion; --skip-version-check builds " +
          "anyway when you will not install the result",
        exitCode: ExitCode.Failure,
      },
    );
  }
}

/**
 * The signing identity is not in the keychain (or not valid).
 *
 * @example
 * ```ts
 * import { SigningIdentityNotFoundError } from "./pipeline_errors.ts";
 *
 * const error = new SigningIdentityNotFoundError("Developer ID Application: X (ABCDE12345)", []);
 * console.assert(error.message.includes("is not a valid code-signing identity"));
 * ```
 */
export class SigningIdentityNotFoundError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param identity The configured identity.
   * @param closest Valid identities that look like it.
   * @param policy Which identities were listed: `codesigning` (apps) or `basic` (installer).
   */
  constructor(identity: string, closest: readonly string[], policy = "codesigning") {
    super(
      `${JSON.stringify(identity)} is not a valid ${
        policy === "basic" ? "installer" : "code-signing"
      } identity in the keychain` +
        (closest.length > 0 ? `; did you mean ${closest.map((n) => `"${n}"`).join(", ")}?` : ""),
      {
        hint: `\`security find-identity -v -p ${policy}\` lists the valid identities; import ` +
          "the certificate with its private key, or fix dextkit.signing in the configuration",
        exitCode: ExitCode.Failure,
      },
    );
  }
}

/**
 * An entitlement that must never be signed into the bundle (it makes macOS kill the process with
 * `EXC_CRASH (Code Signature Invalid)`, or notarization reject it).
 *
 * @example
 * ```ts
 * import { ForbiddenEntitlementError } from "./pipeline_errors.ts";
 *
 * const error = new ForbiddenEntitlementError("dext", "com.apple.developer.hid.virtual.device", "an app entitlement", "remove it");
 * console.assert(error.message.startsWith("the dext's entitlements contain com.apple.developer.hid.virtual.device"));
 * ```
 */
export class ForbiddenEntitlementError extends DextkitError {
  /** The entitlement key. */
  readonly key: string;

  /**
   * Creates the error.
   *
   * @param bundle `dext` or `manager app`.
   * @param key The entitlement key.
   * @param reason Why it is forbidden.
   * @param hint What to do.
   */
  constructor(bundle: string, key: string, reason: string, hint: string) {
    super(`the ${bundle}'s entitlements contain ${key}: ${reason}`, {
      hint,
      exitCode: ExitCode.Failure,
    });
    this.key = key;
  }
}

/**
 * The provisioning profile does not allow an entitlement the bundle is signed with, so AMFI
 * would kill the process at launch.
 *
 * @example
 * ```ts
 * import { ProfileMismatchError } from "./pipeline_errors.ts";
 *
 * const error = new ProfileMismatchError("/p/dext.provisionprofile", ["com.apple.developer.driverkit"]);
 * console.assert(error.message === "/p/dext.provisionprofile does not allow com.apple.developer.driverkit");
 * ```
 */
export class ProfileMismatchError extends DextkitError {
  /** The entitlements the profile does not allow. */
  readonly keys: readonly string[];

  /**
   * Creates the error.
   *
   * @param profile The profile path.
   * @param keys The entitlements it does not allow (or allows with another value).
   */
  constructor(profile: string, keys: readonly string[]) {
    super(`${profile} does not allow ${keys.join(", ")}`, {
      hint: "regenerate the profile on developer.apple.com with these capabilities (DriverKit " +
        "entitlements must be granted to the team), or remove them from the entitlements file; " +
        "`security cms -D -i <profile>` shows what it allows",
      exitCode: ExitCode.Failure,
    });
    this.keys = keys;
  }
}

/**
 * A provisioning profile that macOS would refuse with this signature: expired, of another team,
 * without the signing certificate, or not covering the Macs it must run on.
 *
 * @example
 * ```ts
 * import { ProfileCheckError } from "./pipeline_errors.ts";
 *
 * const error = new ProfileCheckError("/p/dext.provisionprofile", "expired on 2026-01-01T00:00:00.000Z", "renew it");
 * console.assert(error.message === "/p/dext.provisionprofile expired on 2026-01-01T00:00:00.000Z");
 * ```
 */
export class ProfileCheckError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param profile The profile path.
   * @param problem What is wrong, starting with a verb.
   * @param hint What to do.
   */
  constructor(profile: string, problem: string, hint: string) {
    super(`${profile} ${problem}`, { hint, exitCode: ExitCode.Failure });
  }
}

/**
 * Two valid identities in the keychain have the configured name (a renewed certificate next to
 * the old one), so signing by name would fail.
 *
 * @example
 * ```ts
 * import { AmbiguousIdentityError } from "./pipeline_errors.ts";
 *
 * const error = new AmbiguousIdentityError("Developer ID Application: X (ABCDE12345)", ["AA", "BB"], "dextkit.signing.distributionIdentity");
 * console.assert(error.message.startsWith("2 valid identities are named"));
 * ```
 */
export class AmbiguousIdentityError extends DextkitError {
  /** The SHA-1 hashes of the identities with that name. */
  readonly sha1s: readonly string[];

  /**
   * Creates the error.
   *
   * @param identity The configured name.
   * @param sha1s The hashes of the valid identities with that name.
   * @param setting The configuration key to set to one of them.
   */
  constructor(identity: string, sha1s: readonly string[], setting: string) {
    super(
      `${sha1s.length} valid identities are named ${JSON.stringify(identity)} (${
        sha1s.join(", ")
      }); codesign cannot tell which one to use`,
      {
        hint: `set ${setting} to the SHA-1 of the one your provisioning profiles list (usually ` +
          "the newer certificate), or delete the old identity from the keychain",
        exitCode: ExitCode.Failure,
      },
    );
    this.sha1s = sha1s;
  }
}

/**
 * The signature does not carry the requested entitlements (codesign dropped them silently) or
 * lacks hardened runtime or a secure timestamp.
 *
 * @example
 * ```ts
 * import { SignatureCheckError } from "./pipeline_errors.ts";
 *
 * const error = new SignatureCheckError("/b/X.dext", "is missing the entitlements com.apple.developer.driverkit", "re-sign");
 * console.assert(error.message === "/b/X.dext is missing the entitlements com.apple.developer.driverkit");
 * ```
 */
export class SignatureCheckError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param path The signed bundle.
   * @param problem What is wrong, starting with a verb.
   * @param hint What to do.
   */
  constructor(path: string, problem: string, hint: string) {
    super(`${path} ${problem}`, { hint, exitCode: ExitCode.Failure });
  }
}

/**
 * Apple's notary service rejected the submission (status `Invalid` or `Rejected`).
 *
 * @example
 * ```ts
 * import { NotarizationFailedError } from "./pipeline_errors.ts";
 *
 * const error = new NotarizationFailedError("2efe2717", "Invalid", 2);
 * console.assert(error.message === "notarization 2efe2717 ended Invalid with 2 issue(s)");
 * ```
 */
export class NotarizationFailedError extends DextkitError {
  /** The submission id. */
  readonly submissionId: string;
  /** The final status. */
  readonly status: string;

  /**
   * Creates the error.
   *
   * @param submissionId The submission id.
   * @param status `Invalid` or `Rejected`.
   * @param issueCount How many issues the notary log lists; `undefined` when it could not be read.
   */
  constructor(submissionId: string, status: string, issueCount: number | undefined) {
    super(
      `notarization ${submissionId} ended ${status}` +
        (issueCount === undefined
          ? " (the notary log could not be read)"
          : ` with ${counted(issueCount, "issue")}`),
      {
        hint: issueCount === undefined
          ? `read the log with \`xcrun notarytool log ${submissionId}\` plus your credentials`
          : "fix the issues above (hardened runtime, secure timestamp, Developer ID signature, " +
            "no get-task-allow), sign again and resubmit",
        exitCode: ExitCode.Failure,
      },
    );
    this.submissionId = submissionId;
    this.status = status;
  }
}

/**
 * A wait ran past its time limit: notarization still `In Progress`, stapling still failing with
 * error 65, or activation not approved or finished.
 *
 * @example
 * ```ts
 * import { WaitTimeoutError } from "./pipeline_errors.ts";
 *
 * const error = new WaitTimeoutError("notarization 2efe2717 is still In Progress after 2h 00m", "resume later");
 * console.assert(error.exitCode === 4);
 * ```
 */
export class WaitTimeoutError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param message What did not happen in time.
   * @param hint How to continue.
   */
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.Timeout });
  }
}

/**
 * Stapling failed with an error that retrying does not fix.
 *
 * @example
 * ```ts
 * import { StapleFailedError } from "./pipeline_errors.ts";
 *
 * const error = new StapleFailedError("/b/App.zip", 66, "this kind of file cannot be stapled");
 * console.assert(error.message === "stapling /b/App.zip failed with error 66: this kind of file cannot be stapled");
 * ```
 */
export class StapleFailedError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param path The artifact.
   * @param code stapler's error number, when it printed one.
   * @param explanation What the error means.
   */
  constructor(path: string, code: number | undefined, explanation: string) {
    super(
      `stapling ${path} failed${code === undefined ? "" : ` with error ${code}`}: ${explanation}`,
      {
        hint: `run \`xcrun stapler staple -v ${path}\` for details`,
        exitCode: ExitCode.Failure,
      },
    );
  }
}

/**
 * The manager app reported that activating or deactivating the driver failed.
 *
 * @example
 * ```ts
 * import { ActivationFailedError } from "./pipeline_errors.ts";
 *
 * const error = new ActivationFailedError("activate", 3, "unsupportedParentBundleLocation", "the host app is not in /Applications", "install it there");
 * console.assert(error.message === "activate failed with OSSystemExtensionError 3 (unsupportedParentBundleLocation): the host app is not in /Applications");
 * ```
 */
export class ActivationFailedError extends DextkitError {
  /** The OSSystemExtensionError code, when the failure has one. */
  readonly code: number | undefined;

  /**
   * Creates the error.
   *
   * @param request `activate` or `deactivate`.
   * @param code The OSSystemExtensionError code, if any.
   * @param name Its name, e.g. `validationFailed`.
   * @param meaning What it means.
   * @param fix What to do.
   */
  constructor(
    request: string,
    code: number | undefined,
    name: string,
    meaning: string,
    fix: string,
  ) {
    super(
      `${request} failed` +
        (code === undefined ? "" : ` with OSSystemExtensionError ${code} (${name})`) +
        `: ${meaning}`,
      { hint: fix, exitCode: ExitCode.Failure },
    );
    this.code = code;
  }
}

/**
 * The driver is listed as enabled but does not run: its service never appeared or did not
 * answer, or it crashed since the install.
 *
 * @example
 * ```ts
 * import { DriverNotRunningError } from "./pipeline_errors.ts";
 *
 * const error = new DriverNotRunningError("com.example.hiddriver is [activated enabled] but crashed", "run dextkit doctor");
 * console.assert(error.exitCode === 1);
 * ```
 */
export class DriverNotRunningError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param message What was found.
   * @param hint What to do.
   */
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.Failure });
  }
}

/**
 * A step that must not run in the current situation: SIP is on for `--reset`, a release with
 * development entitlements, a reboot without confirmation when nobody can be asked.
 *
 * @example
 * ```ts
 * import { StepRefusedError } from "./pipeline_errors.ts";
 *
 * const error = new StepRefusedError("dextkit reboot needs confirmation", "pass --yes");
 * console.assert(error.exitCode === 2);
 * ```
 */
export class StepRefusedError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param message Why the step does not run.
   * @param hint What to do instead.
   */
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.Usage });
  }
}

/**
 * A file the step needs is missing (the built app before signing, a profile).
 *
 * @example
 * ```ts
 * import { MissingArtifactError } from "./pipeline_errors.ts";
 *
 * const error = new MissingArtifactError("/d/build/Release/DextkitManager.app", "run `dextkit build` first");
 * console.assert(error.message === "/d/build/Release/DextkitManager.app does not exist");
 * ```
 */
export class MissingArtifactError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param path The missing file or bundle.
   * @param hint Which step makes it.
   */
  constructor(path: string, hint: string) {
    super(`${path} does not exist`, { hint, exitCode: ExitCode.Failure });
  }
}
