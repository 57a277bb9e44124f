/**
 * Checks that a CFBundleVersion is a valid kext version (lib/pipeline/kext_version.ts), for the
 * macOS CI job: `deno run scripts/check_kext_version.ts <CFBundleVersion> [what]`, where the
 * version is read from the built dext with `plutil -extract CFBundleVersion raw`. Exit 0 when
 * valid, 1 with the reason when not (the kernel would refuse the dext), 2 on bad usage.
 *
 * @module
 */
import { kextVersionProblem } from "../lib/pipeline/kext_version.ts";
import { type CliOutput, processOutput } from "../lib/cli/output.ts";

/**
 * Runs the check.
 *
 * @param args `[version, what?]`.
 * @param output Where to write.
 * @returns The exit code.
 *
 * @example
 * ```ts
 * import { checkKextVersionCli } from "./check_kext_version.ts";
 * import { CapturedOutput } from "../lib/cli/output.ts";
 *
 * const output = new CapturedOutput();
 * console.assert(checkKextVersionCli(["790000"], output) === 1);
 * console.assert(checkKextVersionCli(["427.306.7"], output) === 0);
 * ```
 */
export function checkKextVersionCli(args: readonly string[], output: CliOutput): number {
  const [version, what = "CFBundleVersion"] = args;
  if (version === undefined || args.length > 2) {
    output.err("usage: deno run scripts/check_kext_version.ts <CFBundleVersion> [what]");
    return 2;
  }
  const problem = kextVersionProblem(version);
  if (problem !== undefined) {
    output.err(
      `error: ${what} is not a kext version, so macOS would refuse to load the dext: ${problem}`,
    );
    return 1;
  }
  output.out(`${what} ${version} is a valid kext version`);
  return 0;
}

if (import.meta.main) Deno.exit(checkKextVersionCli(Deno.args, processOutput));
