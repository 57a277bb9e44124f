/**
 * `dextkit uninstall`: deactivates the driver through the manager app and removes the app (see
 * `lib/pipeline/uninstall_step.ts`). Exit code 3 when the removal completes after a restart.
 *
 * @module
 */
import { ExitCode } from "../../errors.ts";
import { uninstallStep } from "../../pipeline/uninstall_step.ts";
import {
  type PipelineCliDeps,
  type PipelineCommandOptions,
  runPipelineCommand,
} from "./pipeline_cli.ts";

/**
 * Runs `dextkit uninstall`.
 *
 * @param options The command line.
 * @param deps The surroundings.
 * @returns The exit code.
 *
 * @example The plan
 * ```ts
 * import { runUninstallCommand } from "./uninstall.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const output = new CapturedOutput();
 * const cwd = await Deno.makeTempDir();
 * await runUninstallCommand({ dryRun: true }, { output, env: {}, cwd });
 * await Deno.remove(cwd);
 * console.assert(output.outLines.includes("rm -rf /Applications/DextkitManager.app"));
 * ```
 */
export function runUninstallCommand(
  options: PipelineCommandOptions,
  deps: PipelineCliDeps,
): Promise<number> {
  return runPipelineCommand(
    {
      name: "uninstall",
      needsConfig: true,
      run: (context) => uninstallStep(context),
      report: (result) => ({
        lines: [
          result.notInstalled
            ? "the driver was not installed; the manager app is removed"
            : result.rebootRequired
            ? "the driver is deactivated; it is removed when the Mac restarts"
            : "the driver is deactivated and the manager app removed",
        ],
        json: { ...result },
        exitCode: result.rebootRequired ? ExitCode.RebootRequired : ExitCode.Ok,
      }),
    },
    options,
    deps,
  );
}
