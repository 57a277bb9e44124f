/**
 * `dextkit package`: pkgbuild and productsign an installer package of the signed manager app
 * (see `lib/pipeline/package_step.ts`).
 *
 * @module
 */
import { packageStep } from "../../pipeline/package_step.ts";
import {
  type PipelineCliDeps,
  type PipelineCommandOptions,
  runPipelineCommand,
} from "./pipeline_cli.ts";

/**
 * Runs `dextkit package`.
 *
 * @param options The command line.
 * @param deps The surroundings.
 * @returns The exit code.
 *
 * @example The installer identity is required
 * ```ts
 * import { runPackageCommand } from "./package.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const cwd = await Deno.makeTempDir();
 * let message = "";
 * try {
 *   await runPackageCommand({ dryRun: true }, { output: new CapturedOutput(), env: {}, cwd });
 * } catch (error) {
 *   message = (error as Error).message;
 * }
 * console.assert(message === "dextkit.signing.installerIdentity is not set; package (productsign) needs it");
 * await Deno.remove(cwd);
 * ```
 */
export function runPackageCommand(
  options: PipelineCommandOptions,
  deps: PipelineCliDeps,
): Promise<number> {
  return runPipelineCommand(
    {
      name: "package",
      needsConfig: true,
      run: (context) => packageStep(context),
      report: (result) => ({ lines: [`packaged ${result.path}`], json: { ...result } }),
    },
    options,
    deps,
  );
}
