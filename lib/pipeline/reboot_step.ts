/**
 * `dextkit reboot`: restarts the Mac, after asking, through System Events (`osascript -e 'tell
 * application "System Events" to restart'`): apps get to save and quit, and no administrator
 * password is needed. macOS may first ask whether the terminal may control System Events.
 *
 * @module
 */
import type { PipelineContext } from "./pipeline_context.ts";
import { StepRefusedError } from "./pipeline_errors.ts";
import { runStep } from "./pipeline_step.ts";
import { runTool } from "./run_tool.ts";

/** Options of {@linkcode rebootStep}. */
export interface RebootOptions {
  /** Restart without asking (`--yes`). */
  readonly yes?: boolean;
  /**
   * Asks a yes/no question and resolves with the answer; absent when nobody can be asked (no
   * terminal, `--json`).
   */
  readonly ask?: (question: string) => Promise<boolean>;
}

/** The question asked before restarting. */
export const REBOOT_QUESTION = "Restart the Mac now? Open apps are asked to quit. [y/N]";

/**
 * Restarts the Mac after confirmation.
 *
 * @param context The step's context.
 * @param options `yes`, or how to ask.
 * @returns `true` when the restart was requested, `false` when the user said no.
 * @throws {StepRefusedError} Without `yes` when nobody can be asked.
 * @throws {ToolFailedError} When osascript fails (e.g. the Automation permission was denied).
 *
 * @example Refused without a terminal
 * ```ts
 * import { rebootStep } from "./reboot_step.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { ScriptedRunner } from "../runner/scripted_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner: new ScriptedRunner([]),
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * let code = 0;
 * try {
 *   await rebootStep(context, {});
 * } catch (error) {
 *   code = (error as { exitCode: number }).exitCode;
 * }
 * console.assert(code === 2);
 * ```
 */
export async function rebootStep(
  context: PipelineContext,
  options: RebootOptions = {},
): Promise<boolean> {
  if (!options.yes && !context.runner.dryRun) {
    if (options.ask === undefined) {
      throw new StepRefusedError(
        "dextkit reboot needs a confirmation and there is no terminal to ask on",
        "pass --yes to restart without asking",
      );
    }
    if (!(await options.ask(REBOOT_QUESTION))) {
      context.progress.log("not restarting; run `dextkit reboot` when you are ready");
      return false;
    }
  }
  return runStep(context, "reboot", "Restarting the Mac", async () => {
    await runTool(context, {
      cmd: "osascript",
      args: ["-e", 'tell application "System Events" to restart'],
    }, {
      tool: "osascript",
      hint: "allow your terminal to control System Events (System Settings › Privacy & " +
        "Security › Automation), or restart from the Apple menu",
    });
    return true;
  }, () => "restart requested");
}
