/**
 * `dextkit notarize [PATH] [--resume ID]`: submits the app (zipped), a pkg or a dmg, waits,
 * prints the notary log's issues on failure, and staples (see `lib/pipeline/notarize_step.ts`).
 *
 * @module
 */
import { notarizeStep } from "../../pipeline/notarize_step.ts";
import {
  type PipelineCliDeps,
  type PipelineCommandOptions,
  runPipelineCommand,
} from "./pipeline_cli.ts";

/** Options of `dextkit notarize`. */
export interface NotarizeCommandOptions extends PipelineCommandOptions {
  /** The artifact; the built manager app when absent. */
  readonly path?: string | undefined;
  /** `--resume ID`. */
  readonly resume?: string | undefined;
}

/**
 * Runs `dextkit notarize`.
 *
 * @param options The command line.
 * @param deps The surroundings.
 * @returns The exit code.
 *
 * @example The plan for resuming a submission
 * ```ts
 * import { runNotarizeCommand } from "./notarize.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/dextkit.json`, JSON.stringify({ notary: { keychainProfile: "ci" } }));
 * const output = new CapturedOutput();
 * await runNotarizeCommand({ dryRun: true, resume: "2efe2717", path: "/b/X.pkg" }, { output, env: {}, cwd: dir });
 * console.assert(output.outLines[1] === "xcrun notarytool info 2efe2717 --keychain-profile ci --output-format json");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function runNotarizeCommand(
  options: NotarizeCommandOptions,
  deps: PipelineCliDeps,
): Promise<number> {
  return runPipelineCommand(
    {
      name: "notarize",
      needsConfig: true,
      run: (context) =>
        notarizeStep(context, {
          ...(options.path === undefined ? {} : { path: options.path }),
          ...(options.resume === undefined ? {} : { resumeId: options.resume }),
        }),
      report: (result) => ({
        lines: [
          `notarization ${result.submissionId}: ${result.status}` +
          (result.warnings > 0 ? ` with ${result.warnings} warning(s)` : ""),
          `stapled ${result.stapled}; Gatekeeper: ${result.gatekeeperSource}`,
          ...(result.notaryLogPath === undefined ? [] : [`notary log: ${result.notaryLogPath}`]),
        ],
        json: { ...result },
      }),
    },
    options,
    deps,
  );
}
