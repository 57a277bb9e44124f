/**
 * `dextkit uninstall`: the manager app deactivates the driver (`<App> deactivate`; a driver that
 * is not installed counts as done), then the app is removed from `/Applications` and the
 * recorded version is forgotten. A deactivation can complete only after a restart, like an
 * activation.
 *
 * @module
 */
import { formatElapsed } from "./format_elapsed.ts";
import { expectedVersionPath } from "./expected_version.ts";
import { activationFailure, type ManagerEvent, parseManagerEvent } from "./manager_events.ts";
import { type PipelineContext, planNote } from "./pipeline_context.ts";
import { ToolFailedError, WaitTimeoutError } from "./pipeline_errors.ts";
import { runStep } from "./pipeline_step.ts";
import { runCommand, runTool } from "./run_tool.ts";

/** The outcome of an uninstall. */
export interface UninstallResult {
  /** The manager deactivated the driver (or found it not installed). */
  readonly deactivated: boolean;
  /** The driver was not installed. */
  readonly notInstalled: boolean;
  /** The removal completes after a restart. */
  readonly rebootRequired: boolean;
}

/**
 * Deactivates the driver and removes the manager app.
 *
 * @param context The step's context.
 * @returns What happened.
 * @throws {ActivationFailedError} When the manager reports a failure.
 * @throws {WaitTimeoutError} When the deactivation is not approved in time.
 * @throws {ToolFailedError} When removing the app fails.
 *
 * @example The plan
 * ```ts
 * import { uninstallStep } from "./uninstall_step.ts";
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
 *   env: () => undefined,
 * });
 * await uninstallStep(context);
 * console.assert(runner.lines[1] === "rm -rf /Applications/DextkitManager.app");
 * ```
 */
export function uninstallStep(context: PipelineContext): Promise<UninstallResult> {
  const { config, layout } = context;
  return runStep(
    context,
    "uninstall",
    `Uninstalling ${config.bundleIds.dext}`,
    async (step) => {
      let result: UninstallResult = {
        deactivated: false,
        notInstalled: true,
        rebootRequired: false,
      };
      if (context.runner.dryRun || await context.files.exists(layout.installedManagerExecutable)) {
        step.update("deactivating");
        result = await deactivate(context, step);
      } else {
        context.progress.log(
          `${layout.installedAppPath} is not installed, so nothing can deactivate the driver; if ` +
            "`systemextensionsctl list` still shows it, `systemextensionsctl uninstall <team id> " +
            `${config.bundleIds.dext}\` removes it (with SIP disabled)`,
        );
      }
      await runTool(context, { cmd: "rm", args: ["-rf", layout.installedAppPath] }, {
        hint: "removing an app from /Applications needs an administrator account",
      });
      const stateFile = expectedVersionPath(context.env);
      if (stateFile !== undefined) {
        if (context.runner.dryRun) planNote(context, `remove ${stateFile}`);
        else await context.files.remove(stateFile);
      }
      return result;
    },
    (result) =>
      result.rebootRequired
        ? "removed; completes after a restart"
        : result.notInstalled
        ? "the driver was not installed; app removed"
        : "deactivated and removed",
  );
}

async function deactivate(
  context: PipelineContext,
  step: { update(text: string): void },
): Promise<UninstallResult> {
  const limitMs = context.config.timeouts.activationMs;
  const events: ManagerEvent[] = [];
  const result = await runCommand(context, {
    cmd: context.layout.installedManagerExecutable,
    args: ["deactivate", "--approval-timeout", String(Math.ceil(limitMs / 1000))],
    timeoutMs: limitMs + 60_000,
  }, {
    onStdoutLine: (line) => {
      const event = parseManagerEvent(line);
      if (event === undefined) return;
      events.push(event);
      if (event.event === "needs-user-approval") {
        step.update("waiting for your approval");
        context.progress.log("macOS asks you to approve removing the driver; answer its prompt");
      }
    },
  });
  if (context.runner.dryRun) {
    return { deactivated: true, notInstalled: false, rebootRequired: false };
  }
  const notInstalled = events.some((event) =>
    event.event === "completed" && event.fields["notInstalled"] === true
  );
  if (result.timedOut || result.code === 4) {
    throw new WaitTimeoutError(
      `the deactivation was not approved within ${formatElapsed(limitMs)}`,
      "run `dextkit uninstall` again and approve the prompt",
    );
  }
  switch (result.code) {
    case 0:
      return { deactivated: true, notInstalled, rebootRequired: false };
    case 3:
      return { deactivated: true, notInstalled: false, rebootRequired: true };
    case 1:
      throw activationFailure(
        "deactivate",
        events.findLast((event) => event.event === "failed"),
        result.stderr,
      );
    default:
      throw new ToolFailedError(
        context.layout.installedManagerExecutable,
        `exited with code ${result.code}`,
        "the manager and dextkit disagree on its command line; reinstall with a matching build",
      );
  }
}
