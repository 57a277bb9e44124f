/**
 * Entry point of the pipeline tasks (`deno task build`, `sign`, `notarize`, `package`,
 * `install-dext`, `reboot`, `uninstall`, `release`): the task names the command, and any further
 * arguments (`--dry-run`, `--json`, …) follow it. The permissions are those the pipeline needs
 * (running Apple's tools, writing under the project's build folder and the state file), which
 * the general `dextkit` task does not grant.
 *
 * @module
 */
import { ExitCode } from "../lib/errors.ts";
import { main } from "../lib/cli/main.ts";
import { processOutput } from "../lib/cli/output.ts";

const PIPELINE_COMMANDS = new Set([
  "build",
  "sign",
  "notarize",
  "package",
  "install-dext",
  "reboot",
  "uninstall",
  "release",
]);

const [command] = Deno.args;
if (command === undefined || !PIPELINE_COMMANDS.has(command)) {
  processOutput.err(
    `error: scripts/pipeline.ts runs one of ${[...PIPELINE_COMMANDS].join(", ")}; got ${
      command === undefined ? "nothing" : JSON.stringify(command)
    }`,
  );
  processOutput.err("hint: use the deno tasks (`deno task install-dext --dry-run`)");
  Deno.exit(ExitCode.Usage);
}
Deno.exit(await main(Deno.args));
