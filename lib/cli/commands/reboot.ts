/**
 * `dextkit reboot [--yes]`: restarts the Mac, asking first unless `--yes`; without a terminal to
 * ask on and without `--yes` it refuses (see `lib/pipeline/reboot_step.ts`).
 *
 * @module
 */
import { rebootStep } from "../../pipeline/reboot_step.ts";
import {
  type PipelineCliDeps,
  type PipelineCommandOptions,
  runPipelineCommand,
} from "./pipeline_cli.ts";

/** Options of `dextkit reboot`. */
export interface RebootCommandOptions extends Omit<PipelineCommandOptions, "config"> {
  /** `--yes`. */
  readonly yes?: boolean | undefined;
}

/**
 * Runs `dextkit reboot`.
 *
 * @param options The command line.
 * @param deps The surroundings.
 * @returns The exit code.
 *
 * @example The plan
 * ```ts
 * import { runRebootCommand } from "./reboot.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const output = new CapturedOutput();
 * await runRebootCommand({ dryRun: true }, { output, env: {}, cwd: "/tmp" });
 * console.assert(output.outLines[1] === "osascript -e 'tell application \"System Events\" to restart'");
 * ```
 */
export function runRebootCommand(
  options: RebootCommandOptions,
  deps: PipelineCliDeps,
): Promise<number> {
  return runPipelineCommand(
    {
      name: "reboot",
      needsConfig: false,
      run: (context, ask) =>
        rebootStep(context, { yes: options.yes === true, ...(ask === undefined ? {} : { ask }) }),
      report: (restarting) => ({
        lines: [restarting ? "restarting" : "not restarting"],
        json: { restarting },
      }),
    },
    options,
    deps,
  );
}
