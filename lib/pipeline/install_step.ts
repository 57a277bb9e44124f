/**
 * `dextkit install-dext`: from a signed build to an activated driver.
 *
 * 1. Read the built app's signature (`codesign -dvvv`). A Developer ID signature on a Mac with
 *    SIP enabled must be notarized (`spctl -a -vv -t exec` says `source=Notarized Developer ID`),
 *    or macOS refuses the dext: such an install is refused before anything changes.
 * 2. With `reset`: `csrutil status` must say SIP is disabled, then `systemextensionsctl reset`
 *    clears every installed version (the "most reliable way to upgrade" in
 *    driverkit-field-notes.md: reset, install, reboot; approval is always asked again after it).
 * 3. Put the manager app in `/Applications` (activation fails with error 3 from anywhere else).
 *    An installed copy is replaced in place (`rsync -a --delete` into the same bundle), never
 *    removed first: deleting the app that hosts an active extension can orphan or uninstall it
 *    (macos-corrections.md item 19). The copy is then verified (`codesign --verify --deep
 *    --strict`). "Operation not permitted" is explained: macOS 13+ App Management, or an app
 *    owned by another user.
 * 4. Run `<App>.app/Contents/MacOS/<App> activate [--force] --approval-timeout <s>` and follow its
 *    JSON events: on `needs-user-approval`, print what to do and open System Settings; exit 3
 *    (`will-complete-after-reboot`) means a reboot is required; exit 4 is an approval timeout;
 *    exit 1 a failure, explained by its OSSystemExtensionError code.
 * 5. Follow `systemextensionsctl list` until the new build is `[activated enabled]`: a row waiting
 *    for the user repeats the instructions; a row waiting for a reboot, or an older version still
 *    running, means a reboot is required.
 * 6. Prove it runs (`driver_verification.ts`): the driver's service answers a version handshake
 *    within 30 s (through the `probe` option; without one this is said, not checked), and no
 *    crash report of the dext was written since the install began.
 * 7. Record the installed version (`expected_version.ts`) for `dextkit status`.
 *
 * The whole activation (approval included) is limited by `timeouts.activation`.
 *
 * @module
 */
import { formatElapsed } from "./format_elapsed.ts";
import { parseCodesignDisplay } from "../sysext/codesign_display.ts";
import { type CsrutilStatus, parseCsrutilStatus } from "../sysext/csrutil.ts";
import { OutputParseError } from "../sysext/output_parse_error.ts";
import { parseSpctlAssessment } from "../sysext/spctl.ts";
import { splitLines } from "../sysext/text_lines.ts";
import { formatVersion, parseVersion } from "../protocol/version.ts";
import { readBundleInfo } from "./bundle_info.ts";
import { InvalidBuildVersionError } from "./build_version_errors.ts";
import { kextVersionProblem } from "./kext_version.ts";
import {
  type ExpectedDriverVersion,
  expectedVersionPath,
  formatExpectedVersion,
} from "./expected_version.ts";
import {
  describeCrash,
  type DriverAnswer,
  type DriverProbe,
  freshCrashReports,
  waitForDriver,
} from "./driver_verification.ts";
import { compareBundleVersions, listInstalledDriver } from "./installed_driver.ts";
import { activationFailure, type ManagerEvent, parseManagerEvent } from "./manager_events.ts";
import { type PipelineContext, planNote, writeGeneratedFile } from "./pipeline_context.ts";
import {
  DriverNotRunningError,
  MissingArtifactError,
  StepRefusedError,
  ToolFailedError,
  WaitTimeoutError,
} from "./pipeline_errors.ts";
import { runStep } from "./pipeline_step.ts";
import { runCommand, runTool } from "./run_tool.ts";
import { approvalInstructions, openApprovalSettings } from "./user_approval.ts";

/** Options of {@linkcode installDextStep}. */
export interface InstallOptions {
  /** Run `systemextensionsctl reset` first (SIP must be off); a reboot follows. */
  readonly reset?: boolean;
  /** Pass `--force` to the manager: replace an installed driver with the same build number. */
  readonly force?: boolean;
  /** How often to read `systemextensionsctl list`; 2 s when absent. */
  readonly pollIntervalMs?: number;
  /**
   * Looks the driver up in the IORegistry and runs the version handshake; without it, that the
   * driver answers is not checked (a driver whose registry name dextkit does not know).
   */
  readonly probe?: DriverProbe;
}

/** The outcome of an install. */
export interface InstallResult {
  /** The installed manager app. */
  readonly installedAppPath: string;
  /** The version installed (also written to the state file). */
  readonly expected: ExpectedDriverVersion;
  /** The state file, when there is a place for it. */
  readonly stateFile: string | undefined;
  /** Whether the Mac must restart before the new driver runs. */
  readonly rebootRequired: boolean;
  /** Why, one sentence each. */
  readonly rebootReasons: readonly string[];
  /** What the running driver answered, when it was checked. */
  readonly driver: Extract<DriverAnswer, { kind: "answered" }> | undefined;
}

/**
 * Installs and activates the driver.
 *
 * @param context The step's context.
 * @param options Reset, force, polling.
 * @returns The installed version and whether a reboot is required.
 * @throws {MissingArtifactError} When the app was not built.
 * @throws {InvalidBuildVersionError} When the built dext's CFBundleVersion is not a kext version.
 * @throws {StepRefusedError} For `reset` while SIP is enabled, or a Developer ID build that is
 * not notarized while SIP is enabled.
 * @throws {DriverNotRunningError} When the enabled driver does not answer or crashed.
 * @throws {ActivationFailedError} When the manager reports a failure.
 * @throws {WaitTimeoutError} When approval or activation does not finish in time.
 * @throws {ToolFailedError} When copying or a tool fails.
 *
 * @example The plan
 * ```ts
 * import { installDextStep } from "./install_step.ts";
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
 *   env: (name) => name === "HOME" ? "/Users/dev" : undefined,
 * });
 * await installDextStep(context);
 * console.assert(runner.lines.includes("/Applications/DextkitManager.app/Contents/MacOS/DextkitManager activate --approval-timeout 600"));
 * ```
 */
export function installDextStep(
  context: PipelineContext,
  options: InstallOptions = {},
): Promise<InstallResult> {
  const { config, layout } = context;
  return runStep(context, "install-dext", `Installing ${config.bundleIds.dext}`, async (step) => {
    if (!context.runner.dryRun && !(await context.files.exists(layout.appPath))) {
      throw new MissingArtifactError(
        layout.appPath,
        "run `dextkit build` and `dextkit sign` first",
      );
    }
    const dext = await readBundleInfo(context, layout.dextPath);
    // The kernel refuses a dext whose CFBundleVersion is not a kext version: do not install one.
    const versionProblem = context.runner.dryRun
      ? undefined
      : kextVersionProblem(dext.bundleVersion);
    if (versionProblem !== undefined) {
      throw new InvalidBuildVersionError(versionProblem, false, layout.dextPath);
    }
    const rebootReasons: string[] = [];
    const installStartedMs = context.wallTimeMs();

    step.update("checking the signature");
    const developerId = await isDeveloperIdSigned(context, layout.appPath);
    const sip = developerId || options.reset ? await readSip(context) : undefined;
    if (developerId) await requireNotarizedUnderSip(context, layout.appPath, sip);
    if (options.reset) {
      step.update("checking System Integrity Protection");
      requireSipDisabled(context, sip);
      step.update("systemextensionsctl reset");
      await runTool(context, { cmd: "systemextensionsctl", args: ["reset"] }, {
        tool: "systemextensionsctl reset",
        hint: "it needs SIP disabled and an administrator; run it in Terminal to see why it fails",
      });
      rebootReasons.push(
        "after `systemextensionsctl reset`, a restart makes sure the new driver is the one running",
      );
    }

    step.update(`copying ${layout.appName}.app to ${layout.installedAppPath}`);
    await installApp(context);

    const started = context.clock.now();
    const limitMs = config.timeouts.activationMs;
    const approval = new ApprovalPrompt(context, limitMs);
    step.update("activating");
    const outcome = await activate(context, step, approval, options.force === true, limitMs);
    let driver: Extract<DriverAnswer, { kind: "answered" }> | undefined;
    if (outcome === "reboot") {
      rebootReasons.push(
        "macOS completes the activation after a restart (will-complete-after-reboot)",
      );
    } else {
      const reasons = await followActivation(context, step, approval, dext.bundleVersion, {
        started,
        limitMs,
        pollIntervalMs: options.pollIntervalMs ?? 2000,
      });
      rebootReasons.push(...reasons);
      if (reasons.length === 0) {
        driver = await proveDriverRuns(context, step, options.probe, installStartedMs);
        const stale = driver === undefined ? undefined : staleDriver(driver, dext.shortVersion);
        if (stale !== undefined) rebootReasons.push(stale);
      }
    }

    const expected: ExpectedDriverVersion = {
      bundleId: config.bundleIds.dext,
      teamId: config.teamId,
      shortVersion: dext.shortVersion,
      bundleVersion: dext.bundleVersion,
      recordedAt: new Date(context.wallTimeMs()).toISOString(),
      rebootRequired: rebootReasons.length > 0,
    };
    const stateFile = expectedVersionPath(context.env);
    if (stateFile !== undefined) {
      await writeGeneratedFile(
        context,
        stateFile,
        formatExpectedVersion(expected),
        "the installed version, for `dextkit status`",
      );
    }
    return {
      installedAppPath: layout.installedAppPath,
      expected,
      stateFile,
      rebootRequired: rebootReasons.length > 0,
      rebootReasons,
      driver,
    };
  }, (result) =>
    `${result.expected.shortVersion} (${result.expected.bundleVersion}) ` +
    (result.rebootRequired
      ? "installed; restart required"
      : result.driver === undefined
      ? "activated and enabled"
      : `activated, enabled and answering (driver version ${result.driver.driverVersion})`));
}

async function readSip(context: PipelineContext): Promise<CsrutilStatus | undefined> {
  const result = await runTool(context, { cmd: "csrutil", args: ["status"] }, {
    tool: "csrutil status",
    hint: "run `csrutil status` yourself",
  });
  return context.runner.dryRun ? undefined : parseCsrutilStatus(result.stdout);
}

function requireSipDisabled(context: PipelineContext, status: CsrutilStatus | undefined): void {
  if (status === undefined) {
    planNote(context, "refuse --reset unless csrutil says System Integrity Protection is disabled");
    return;
  }
  if (status.sip === "enabled") {
    throw new StepRefusedError(
      "--reset needs System Integrity Protection disabled, and csrutil says it is enabled",
      "install without --reset, or disable SIP in recoveryOS (`csrutil disable`) on a " +
        "development Mac",
    );
  }
  if (status.sip === "custom") {
    context.progress.log(
      "warning: System Integrity Protection has a custom configuration; " +
        "systemextensionsctl reset may refuse to run",
    );
  }
}

/** Whether the built app is signed with a Developer ID Application certificate. */
async function isDeveloperIdSigned(context: PipelineContext, app: string): Promise<boolean> {
  const shown = await runTool(context, { cmd: "codesign", args: ["-dvvv", app] }, {
    tool: "codesign -dvvv",
    hint: `sign ${app} first (dextkit sign)`,
  });
  if (context.runner.dryRun) {
    planNote(
      context,
      "for a Developer ID signature: csrutil status, and with SIP enabled require " +
        "`spctl -a -vv -t exec` to say Notarized Developer ID",
    );
    return false;
  }
  const authority = parseCodesignDisplay(shown.stderr).authorities[0] ?? "";
  return authority.startsWith("Developer ID Application:");
}

/**
 * A Developer ID signed dext that is not notarized does not load while SIP is on: refuse before
 * anything is copied or activated.
 */
async function requireNotarizedUnderSip(
  context: PipelineContext,
  app: string,
  sip: CsrutilStatus | undefined,
): Promise<void> {
  if (sip === undefined || sip.sip === "disabled") return;
  const assessed = await runCommand(context, {
    cmd: "spctl",
    args: ["-a", "-vv", "-t", "exec", app],
  });
  let notarized = false;
  let source = "(no verdict)";
  try {
    const verdict = parseSpctlAssessment(assessed.stderr);
    notarized = verdict.notarized;
    source = verdict.source ?? "(none)";
  } catch (error) {
    if (!(error instanceof OutputParseError)) throw error;
  }
  if (notarized) return;
  throw new StepRefusedError(
    `${app} is signed with Developer ID but not notarized (Gatekeeper: source=${source}), and ` +
      "System Integrity Protection is enabled: macOS would refuse to run its dext",
    "notarize it first (`dextkit notarize`, or install the package `dextkit release` makes: an " +
      "app notarized inside a package has no stapled ticket, and Gatekeeper needs the network " +
      "to find it); on a development Mac sign with the development entitlements instead " +
      '(dextkit.signing.entitlements "development")',
  );
}

const NOT_PERMITTED = /operation not permitted/i;

/** Copies the built app to /Applications, replacing an installed copy in place. */
async function installApp(context: PipelineContext): Promise<void> {
  const { layout } = context;
  const installed = layout.installedAppPath;
  const replacing = await context.files.exists(installed);
  if (context.runner.dryRun && !replacing) {
    planNote(
      context,
      `when ${installed} exists: rsync -a --delete ${layout.appPath}/ ${installed}/ instead ` +
        "(replaced in place; an app hosting an active extension is never removed)",
    );
  }
  const copy = replacing
    ? { cmd: "rsync", args: ["-a", "--delete", `${layout.appPath}/`, `${installed}/`] }
    : { cmd: "ditto", args: [layout.appPath, installed] };
  const result = await runCommand(context, copy);
  if (!context.runner.dryRun && (result.code !== 0 || result.timedOut)) {
    const output = `${result.stderr}\n${result.stdout}`;
    const last = splitLines(output).map((line) => line.trim()).filter((line) => line !== "")
      .at(-1);
    throw new ToolFailedError(
      copy.cmd,
      `exited with code ${result.code}${last === undefined ? "" : `: ${last}`}`,
      NOT_PERMITTED.test(output)
        ? '"Operation not permitted" into /Applications: since macOS 13, App Management keeps ' +
          "one app from changing another; allow your terminal in System Settings › Privacy & " +
          "Security › App Management and run it again. If that is allowed, the installed app " +
          `belongs to another user: check \`ls -ld ${installed}\`, then fix the owner ` +
          `(\`sudo chown -R "$USER" ${installed}\`). Do not delete it while its driver is active`
        : "copying into /Applications needs an administrator account",
      result.timedOut,
    );
  }
  await runTool(context, {
    cmd: "codesign",
    args: ["--verify", "--deep", "--strict", "--verbose=2", installed],
  }, {
    tool: "codesign --verify",
    hint: `the copy in ${installed} is not the signed app: quit it, then install again`,
  });
}

/** After `[activated enabled]`: the service answers and no crash report is newer than the install. */
async function proveDriverRuns(
  context: PipelineContext,
  step: { update(text: string): void },
  probe: DriverProbe | undefined,
  installStartedMs: number,
): Promise<Extract<DriverAnswer, { kind: "answered" }> | undefined> {
  const dextId = context.config.bundleIds.dext;
  let answer: DriverAnswer | undefined;
  if (probe === undefined) {
    const line = `not checked that ${dextId} answers: dextkit does not know its IORegistry name`;
    if (context.runner.dryRun) planNote(context, line);
    else context.progress.log(line);
  } else {
    answer = await waitForDriver(context, probe, step);
    if (answer.kind === "unavailable") {
      context.progress.log(`not checked that ${dextId} answers: ${answer.message}`);
    }
  }
  const crashes = await freshCrashReports(context, installStartedMs);
  const last = crashes.at(-1);
  if (last !== undefined) {
    throw new DriverNotRunningError(
      `${dextId} is [activated enabled] but crashed since the install (${crashes.length} ` +
        `crash report(s), the last ${describeCrash(last.report)}: ${last.path})`,
      '`dextkit doctor` explains the crash report; "Code Signature Invalid" means an ' +
        "entitlement the profile does not allow or a signature macOS does not accept",
    );
  }
  if (answer === undefined || answer.kind === "unavailable" || context.runner.dryRun) {
    return undefined;
  }
  if (answer.kind === "absent") {
    throw new DriverNotRunningError(
      `${dextId} is [activated enabled] but its service did not appear in the IORegistry within 30s`,
      "run `dextkit doctor` (it reads the logs and crash reports); `log show --last 5m " +
        "--predicate 'sender == \"" + dextId + '" OR eventMessage CONTAINS "DK:"\'` shows ' +
        "why the dext did not start",
    );
  }
  if (answer.kind === "failed") {
    throw new DriverNotRunningError(
      `${dextId} is [activated enabled] but the version handshake failed: ${answer.message}`,
      answer.hint,
    );
  }
  return answer;
}

/**
 * Why the answering driver is not the one just installed, or nothing: the handshake's driver
 * version is `DRIVER_VERSION`, which the build stamps as CFBundleShortVersionString. An old dext
 * keeps running until the Mac restarts, even while sysextd already lists the new one.
 */
function staleDriver(
  driver: Extract<DriverAnswer, { kind: "answered" }>,
  shortVersion: string,
): string | undefined {
  let installed: number;
  try {
    installed = parseVersion(shortVersion);
  } catch {
    return undefined; // Not dextkit's a.b.c scheme: nothing to compare with.
  }
  if (driver.driverVersion === installed) return undefined;
  return `the driver that answers is version ${formatVersion(driver.driverVersion)}, not the ` +
    `${shortVersion} just installed: the old one runs until the Mac restarts`;
}

/** Prints the approval instructions and opens System Settings, once. */
class ApprovalPrompt {
  readonly #context: PipelineContext;
  readonly #limitMs: number;
  #opening: Promise<void> | undefined;

  constructor(context: PipelineContext, limitMs: number) {
    this.#context = context;
    this.#limitMs = limitMs;
  }

  show(step: { update(text: string): void }): void {
    step.update("waiting for your approval in System Settings");
    if (this.#opening !== undefined) return;
    const { config, layout } = this.#context;
    for (const line of approvalInstructions(config.bundleIds.dext, layout.appName, this.#limitMs)) {
      this.#context.progress.log(line);
    }
    this.#opening = openApprovalSettings(this.#context).catch((error) => {
      this.#context.progress.log(
        `could not open System Settings: ${error instanceof Error ? error.message : error}`,
      );
    });
  }

  async settled(): Promise<void> {
    await this.#opening;
  }
}

async function activate(
  context: PipelineContext,
  step: { update(text: string): void },
  approval: ApprovalPrompt,
  force: boolean,
  limitMs: number,
): Promise<"done" | "reboot"> {
  const { layout } = context;
  const events: ManagerEvent[] = [];
  const result = await runCommand(context, {
    cmd: layout.installedManagerExecutable,
    args: [
      "activate",
      ...(force ? ["--force"] : []),
      "--approval-timeout",
      String(Math.ceil(limitMs / 1000)),
    ],
    // The manager stops waiting at its own limit; this one only catches a hung manager.
    timeoutMs: limitMs + 60_000,
  }, {
    onStdoutLine: (line) => {
      const event = parseManagerEvent(line);
      if (event === undefined) return;
      events.push(event);
      if (event.event === "needs-user-approval") approval.show(step);
      else if (event.event === "replacing") {
        const fields = event.fields;
        step.update(
          `replacing ${fields["existingShortVersion"]}/${fields["existingVersion"]} with ` +
            `${fields["newShortVersion"]}/${fields["newVersion"]}: ${fields["decision"]}`,
        );
      }
    },
  });
  await approval.settled();
  if (context.runner.dryRun) {
    planNote(
      context,
      "on needs-user-approval: print how to approve the driver and open System Settings " +
        "(sw_vers -productVersion; open x-apple.systempreferences:…)",
    );
    return "done";
  }
  if (result.timedOut) {
    throw new WaitTimeoutError(
      `the manager did not finish within ${formatElapsed(limitMs)}`,
      "approve the driver in System Settings, then run `dextkit install-dext` again",
    );
  }
  switch (result.code) {
    case 0:
      return "done";
    case 3:
      return "reboot";
    case 4:
      throw new WaitTimeoutError(
        `the driver was not approved in System Settings within ${formatElapsed(limitMs)}`,
        "approve it (General › Login Items & Extensions › Driver Extensions), then run " +
          "`dextkit status`; or run `dextkit install-dext` again",
      );
    case 1:
      throw activationFailure(
        "activate",
        events.findLast((event) => event.event === "failed"),
        result.stderr,
      );
    default:
      throw new ToolFailedError(
        layout.installedManagerExecutable,
        `exited with code ${result.code}`,
        "the manager and dextkit disagree on its command line; rebuild both",
      );
  }
}

async function followActivation(
  context: PipelineContext,
  step: { update(text: string): void },
  approval: ApprovalPrompt,
  bundleVersion: string,
  timing: { started: number; limitMs: number; pollIntervalMs: number },
): Promise<string[]> {
  while (true) {
    const rows = await listInstalledDriver(context);
    if (context.runner.dryRun) {
      planNote(
        context,
        `repeat every ${formatElapsed(timing.pollIntervalMs)} until ${bundleVersion} is ` +
          "[activated enabled]; then record the version for `dextkit status`",
      );
      return [];
    }
    const row = rows.find((entry) => entry.bundleVersion === bundleVersion);
    if (row !== undefined) {
      step.update(row.state.replaceAll("_", " "));
      if (row.phase === "enabled") {
        return rows.filter((entry) =>
          entry !== row && compareBundleVersions(entry.bundleVersion, bundleVersion) !== 0 &&
          (entry.phase === "reboot-pending" || entry.phase === "terminating" || entry.active)
        ).map((entry) =>
          `the previous version ${entry.shortVersion}/${entry.bundleVersion} keeps running until ` +
          `a restart (${entry.state.replaceAll("_", " ")})`
        ).slice(0, 1);
      }
      if (row.phase === "reboot-pending") {
        return [`macOS lists the new version as ${row.state.replaceAll("_", " ")}`];
      }
      if (row.phase === "waiting-for-user") approval.show(step);
      if (row.phase === "disabled") {
        throw new StepRefusedError(
          `${row.bundleId} ${row.shortVersion}/${row.bundleVersion} is installed but disabled`,
          "turn it on in System Settings › General › Login Items & Extensions › Driver Extensions",
        );
      }
    }
    const elapsed = context.clock.now() - timing.started;
    if (elapsed + timing.pollIntervalMs > timing.limitMs) {
      throw new WaitTimeoutError(
        `${context.config.bundleIds.dext} build ${bundleVersion} is not [activated enabled] ` +
          `after ${formatElapsed(elapsed)}` +
          (row === undefined ? " (not listed)" : ` (${row.state.replaceAll("_", " ")})`),
        "run `systemextensionsctl list` and `dextkit status`; approve the driver if macOS asks",
      );
    }
    await context.clock.sleep(timing.pollIntervalMs);
  }
}
