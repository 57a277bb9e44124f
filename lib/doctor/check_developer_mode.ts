/**
 * Doctor check `developer-mode`: whether system extension developer mode is on
 * (`systemextensionsctl developer`). Developer mode lifts the /Applications rule and makes every
 * activation replace the installed extension — handy while iterating, but it is not how the
 * driver installs on anyone else's Mac (macos-tooling-reference §5).
 *
 * @module
 */
import { parseDeveloperMode } from "../sysext/developer_mode.ts";
import { type CheckOutcome, type DoctorCheck, ok, warn } from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";

/**
 * Runs `systemextensionsctl developer` (once per doctor run) and parses it.
 *
 * @param context The doctor run.
 * @returns `true` when developer mode is on.
 * @throws {OutputParseError} When the output says neither on nor off.
 *
 * @example
 * ```ts
 * import { readDeveloperMode } from "./check_developer_mode.ts";
 * import { DoctorContext } from "./doctor_context.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 *
 * const runner = new DryRunRunner({ respond: () => ({ stdout: "Developer mode is off\n" }) });
 * console.assert(await readDeveloperMode(new DoctorContext({ runner, config: undefined })) === false);
 * ```
 */
export async function readDeveloperMode(context: DoctorContext): Promise<boolean> {
  const result = await context.run({ cmd: "systemextensionsctl", args: ["developer"] });
  return parseDeveloperMode(`${result.stdout}\n${result.stderr}`);
}

/**
 * The developer mode check.
 *
 * @example
 * ```ts
 * import { developerModeCheck } from "./check_developer_mode.ts";
 *
 * console.assert(developerModeCheck.id === "developer-mode");
 * ```
 */
export const developerModeCheck: DoctorCheck = {
  id: "developer-mode",
  title: "system extension developer mode",
  macOSOnly: "reads `systemextensionsctl developer`",
  needsConfig: false,
  run: checkDeveloperMode,
};

async function checkDeveloperMode(context: DoctorContext): Promise<CheckOutcome> {
  if (await readDeveloperMode(context)) {
    return warn(
      "developer mode is on: activation works from any folder and always replaces the " +
        "installed dext, which is not what happens on your users' Macs",
      "before testing the real install path run `systemextensionsctl developer off` " +
        "(needs SIP disabled)",
    );
  }
  return ok("developer mode is off: the manager app must be in /Applications to activate the dext");
}
