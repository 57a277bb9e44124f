/**
 * `dextkit sign`: signs the dext and then the app with the entitlements injected, hardened
 * runtime and a secure timestamp, and verifies what landed (see `lib/pipeline/sign_step.ts`).
 *
 * @module
 */
import { signStep } from "../../pipeline/sign_step.ts";
import {
  type PipelineCliDeps,
  type PipelineCommandOptions,
  runPipelineCommand,
} from "./pipeline_cli.ts";

/**
 * Runs `dextkit sign`.
 *
 * @param options The command line.
 * @param deps The surroundings.
 * @returns The exit code.
 *
 * @example Needs macOS without --dry-run
 * ```ts
 * import { runSignCommand } from "./sign.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * let message = "";
 * try {
 *   await runSignCommand({}, { output: new CapturedOutput(), env: {}, os: "linux" });
 * } catch (error) {
 *   message = (error as Error).message;
 * }
 * console.assert(message.startsWith("dextkit sign needs macOS"));
 * ```
 */
export function runSignCommand(
  options: PipelineCommandOptions,
  deps: PipelineCliDeps,
): Promise<number> {
  return runPipelineCommand(
    {
      name: "sign",
      needsConfig: true,
      run: (context) => signStep(context),
      report: (result) => ({
        lines: [
          `signed ${result.dext.path}`,
          `signed ${result.app.path}`,
          `with ${result.identity} and the ${result.entitlementsSet} entitlements; verified`,
        ],
        json: {
          identity: result.identity,
          entitlementsSet: result.entitlementsSet,
          dext: { path: result.dext.path, entitlements: Object.keys(result.dext.entitlements) },
          app: { path: result.app.path, entitlements: Object.keys(result.app.entitlements) },
        },
      }),
    },
    options,
    deps,
  );
}
