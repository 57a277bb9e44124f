/**
 * Dispatches a parsed pipeline command (`pipeline_parsers.ts`) to its handler.
 *
 * @module
 */
import { type BuildCommandOptions, runBuildCommand } from "./build.ts";
import { type InstallDextCommandOptions, runInstallDextCommand } from "./install_dext.ts";
import { type NotarizeCommandOptions, runNotarizeCommand } from "./notarize.ts";
import { runPackageCommand } from "./package.ts";
import type { PipelineCliDeps, PipelineCommandOptions } from "./pipeline_cli.ts";
import { type RebootCommandOptions, runRebootCommand } from "./reboot.ts";
import { runReleaseCommand } from "./release.ts";
import { runSignCommand } from "./sign.ts";
import { runUninstallCommand } from "./uninstall.ts";

/** A parsed pipeline command line (what `pipeline_parsers.ts` produces). */
export type PipelineCliCommand =
  | BuildCommandOptions & { readonly command: "build" }
  | PipelineCommandOptions & { readonly command: "sign" }
  | NotarizeCommandOptions & { readonly command: "notarize" }
  | PipelineCommandOptions & { readonly command: "package" }
  | InstallDextCommandOptions & { readonly command: "install-dext" }
  | RebootCommandOptions & { readonly command: "reboot" }
  | PipelineCommandOptions & { readonly command: "uninstall" }
  | PipelineCommandOptions & { readonly command: "release" };

/**
 * Runs a parsed pipeline command.
 *
 * @param parsed The parsed command line.
 * @param deps The surroundings.
 * @returns The exit code.
 *
 * @example
 * ```ts
 * import { runPipelineCliCommand } from "./pipeline_dispatch.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const output = new CapturedOutput();
 * const code = await runPipelineCliCommand({ command: "reboot", dryRun: true, yes: undefined, json: undefined }, { output, env: {}, cwd: "/tmp" });
 * console.assert(code === 0);
 * ```
 */
export function runPipelineCliCommand(
  parsed: PipelineCliCommand,
  deps: PipelineCliDeps,
): Promise<number> {
  switch (parsed.command) {
    case "build":
      return runBuildCommand(parsed, deps);
    case "sign":
      return runSignCommand(parsed, deps);
    case "notarize":
      return runNotarizeCommand(parsed, deps);
    case "package":
      return runPackageCommand(parsed, deps);
    case "install-dext":
      return runInstallDextCommand(parsed, deps);
    case "reboot":
      return runRebootCommand(parsed, deps);
    case "uninstall":
      return runUninstallCommand(parsed, deps);
    case "release":
      return runReleaseCommand(parsed, deps);
  }
}
