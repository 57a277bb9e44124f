/**
 * `dextkit install-dext [--reset] [--force]`: installs the manager app in /Applications,
 * activates the driver, follows it until it is enabled, and records the version for
 * `dextkit status` (see `lib/pipeline/install_step.ts`). When a restart is required it says why
 * and, on a terminal, offers to restart; otherwise it ends with exit code 3.
 *
 * @module
 */
import { ExitCode } from "../../errors.ts";
import { installDextStep, type InstallResult } from "../../pipeline/install_step.ts";
import { rebootStep } from "../../pipeline/reboot_step.ts";
import { installDriverProbe } from "./install_driver_probe.ts";
import {
  type PipelineCliDeps,
  type PipelineCommandOptions,
  runPipelineCommand,
} from "./pipeline_cli.ts";

/** Options of `dextkit install-dext`. */
export interface InstallDextCommandOptions extends PipelineCommandOptions {
  /** `--reset`. */
  readonly reset?: boolean | undefined;
  /** `--force`. */
  readonly force?: boolean | undefined;
}

/**
 * Runs `dextkit install-dext`.
 *
 * @param options The command line.
 * @param deps The surroundings.
 * @returns 0 when the driver is enabled (or a restart was started), 3 when a restart is needed.
 *
 * @example The plan, on any system
 * ```ts
 * import { runInstallDextCommand } from "./install_dext.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const output = new CapturedOutput();
 * const cwd = await Deno.makeTempDir();
 * await runInstallDextCommand({ dryRun: true, reset: true }, { output, env: {}, cwd });
 * await Deno.remove(cwd);
 * console.assert(output.outLines.includes("systemextensionsctl reset"));
 * ```
 */
export function runInstallDextCommand(
  options: InstallDextCommandOptions,
  deps: PipelineCliDeps,
): Promise<number> {
  return runPipelineCommand<{ install: InstallResult; restarting: boolean }>(
    {
      name: "install-dext",
      needsConfig: true,
      run: async (context, ask) => {
        const probe = installDriverProbe(
          context.config.bundleIds.dext,
          deps.env,
          deps.os ?? Deno.build.os,
        );
        const install = await installDextStep(context, {
          reset: options.reset === true,
          force: options.force === true,
          ...(probe === undefined ? {} : { probe }),
        });
        let restarting = false;
        if (install.rebootRequired && !context.runner.dryRun) {
          for (const reason of install.rebootReasons) {
            context.progress.log(
              `restart required: ${reason}`,
            );
          }
          if (ask !== undefined) restarting = await rebootStep(context, { ask });
        }
        return { install, restarting };
      },
      report: ({ install, restarting }) => ({
        lines: [
          `installed ${install.expected.bundleId} ${install.expected.shortVersion} ` +
          `(build ${install.expected.bundleVersion}) from ${install.installedAppPath}`,
          ...(install.driver === undefined ? [] : [
            `the driver answers: driver version ${install.driver.driverVersion}, protocol ` +
            `${install.driver.protocolVersion ?? "(none)"}`,
          ]),
          ...(install.rebootRequired && !restarting
            ? ["restart the Mac to finish (`dextkit reboot`), then check with `dextkit status`"]
            : []),
        ],
        json: { ...install, restarting },
        exitCode: install.rebootRequired && !restarting ? ExitCode.RebootRequired : ExitCode.Ok,
      }),
    },
    options,
    deps,
  );
}
