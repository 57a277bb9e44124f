/**
 * `dextkit release`: build, sign, package, notarize and staple with the distribution
 * configuration (see `lib/pipeline/release_step.ts`); what the CI release workflow runs.
 *
 * @module
 */
import { releaseStep } from "../../pipeline/release_step.ts";
import {
  type PipelineCliDeps,
  type PipelineCommandOptions,
  runPipelineCommand,
} from "./pipeline_cli.ts";

/**
 * Runs `dextkit release`.
 *
 * @param options The command line.
 * @param deps The surroundings.
 * @returns The exit code.
 *
 * @example Refused without the distribution entitlements
 * ```ts
 * import { runReleaseCommand } from "./release.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const cwd = await Deno.makeTempDir();
 * let code = 0;
 * try {
 *   await runReleaseCommand({ dryRun: true }, { output: new CapturedOutput(), env: {}, cwd });
 * } catch (error) {
 *   code = (error as { exitCode: number }).exitCode;
 * }
 * console.assert(code === 2);
 * await Deno.remove(cwd);
 * ```
 */
export function runReleaseCommand(
  options: PipelineCommandOptions,
  deps: PipelineCliDeps,
): Promise<number> {
  return runPipelineCommand(
    {
      name: "release",
      needsConfig: true,
      run: (context) => releaseStep(context),
      report: (result) => ({
        lines: [
          `released ${result.package.path} (${result.build.shortVersion}, build ${result.build.bundleVersion})`,
          `notarized as ${result.notarization.submissionId} and stapled`,
        ],
        json: {
          package: result.package.path,
          version: result.build.shortVersion,
          buildNumber: result.build.bundleVersion,
          submissionId: result.notarization.submissionId,
        },
      }),
    },
    options,
    deps,
  );
}
