/**
 * `dextkit install-dext`: from a signed build to an activated driver.
 *
 * 1. With `reset`: `csrutil status` must say SIP is disabled, then `systemextensionsctl reset`
 *    clears every installed version (the "most reliable way to upgrade" in
 *    driverkit-field-notes.md: reset, install, reboot; approval is always asked again after it).
 * 2. Copy the manager app to `/Applications` (`rm -rf`, then `ditto`): activation fails with
 *    error 3 from anywhere else.
 * 3. Run `<App>.app/Contents/MacOS/<App> activate [--force] --approval-timeout <s>` and follow its
 *    JSON events: on `needs-user-approval`, print what to do and open System Settings; exit 3
 *    (`will-complete-after-reboot`) means a reboot is required; exit 4 is an approval timeout;
 *    exit 1 a failure, explained by its OSSystemExtensionError code.
 * 4. Follow `systemextensionsctl list` until the new build is `[activated enabled]`: a row waiting
 *    for the user repeats the instructions; a row waiting for a reboot, or an older version still
 *    running, means a reboot is required.
 * 5. Record the installed version (`expected_version.ts`) for `dextkit status`.
 *
 * The whole activation (approval included) is limited by `timeouts.activation`.
 *
 * @module
 */
import { formatElapsed } from "../cli/progress.ts";
import { parseCsrutilStatus } from "../sysext/csrutil.ts";
import { readBundleInfo } from "./bundle_info.ts";
import { InvalidBuildVersionError } from "./build_version_errors.ts";
import { kextVersionProblem } from "./kext_version.ts";
import {
  type ExpectedDriverVersion,
  expectedVersionPath,
  formatExpectedVersion,
} from "./expected_version.ts";
import { compareBundleVersions, listInstalledDriver } from "./installed_driver.ts";
import { activationFailure, type ManagerEvent, parseManagerEvent } from "./manager_events.ts";
import { type PipelineContext, planNote, writeGeneratedFile } from "./pipeline_context.ts";
import {
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
}

/**
 * Installs and activates the driver.
 *
 * @param context The step's context.
 * @param options Reset, force, polling.
 * @returns The installed version and whether a reboot is required.
 * @throws {MissingArtifactError} When the app was not built.
 * @throws {InvalidBuildVersionError} When the built dext's CFBundleVersion is not a kext version.
 * @throws {StepRefusedError} For `reset` while SIP is enabled.
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

    if (options.reset) {
      step.update("checking System Integrity Protection");
      await requireSipDisabled(context);
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
    const copyHint = "copying into /Applications needs an administrator account";
    await runTool(context, { cmd: "rm", args: ["-rf", layout.installedAppPath] }, {
      hint: copyHint,
    });
    await runTool(context, { cmd: "ditto", args: [layout.appPath, layout.installedAppPath] }, {
      hint: copyHint,
    });

    const started = context.clock.now();
    const limitMs = config.timeouts.activationMs;
    const approval = new ApprovalPrompt(context, limitMs);
    step.update("activating");
    const outcome = await activate(context, step, approval, options.force === true, limitMs);
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
    };
  }, (result) =>
    `${result.expected.shortVersion} (${result.expected.bundleVersion}) ` +
    (result.rebootRequired ? "installed; restart required" : "activated and enabled"));
}

async function requireSipDisabled(context: PipelineContext): Promise<void> {
  const result = await runTool(context, { cmd: "csrutil", args: ["status"] }, {
    tool: "csrutil status",
    hint: "run `csrutil status` yourself",
  });
  if (context.runner.dryRun) {
    planNote(context, "refuse --reset unless csrutil says System Integrity Protection is disabled");
    return;
  }
  const status = parseCsrutilStatus(result.stdout);
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
