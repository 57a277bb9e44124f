/**
 * `dextkit build`: xcodegen and xcodebuild with the versions stamped; refuses a build number
 * that is not above the installed driver's (see `lib/pipeline/build_step.ts`).
 *
 * @module
 */
import { buildStep } from "../../pipeline/build_step.ts";
import {
  type PipelineCliDeps,
  type PipelineCommandOptions,
  runPipelineCommand,
} from "./pipeline_cli.ts";

/** Options of `dextkit build`. */
export interface BuildCommandOptions extends PipelineCommandOptions {
  /** `--skip-version-check`. */
  readonly skipVersionCheck?: boolean | undefined;
}

/**
 * Runs `dextkit build`.
 *
 * @param options The command line.
 * @param deps The surroundings.
 * @returns The exit code.
 *
 * @example The plan, on any system
 * ```ts
 * import { runBuildCommand } from "./build.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const output = new CapturedOutput();
 * const cwd = await Deno.makeTempDir();
 * await runBuildCommand({ dryRun: true }, { output, env: {}, cwd });
 * await Deno.remove(cwd);
 * console.assert(output.outLines.some((line) => line.includes("xcodebuild -scheme Manager")));
 * ```
 */
export function runBuildCommand(
  options: BuildCommandOptions,
  deps: PipelineCliDeps,
): Promise<number> {
  return runPipelineCommand(
    {
      name: "build",
      needsConfig: true,
      run: (context) => buildStep(context, { skipVersionCheck: options.skipVersionCheck === true }),
      report: (result) => ({
        lines: [`built ${result.appPath} (${result.shortVersion}, build ${result.bundleVersion})`],
        json: { ...result },
      }),
    },
    options,
    deps,
  );
}
