/**
 * Doctor check `configuration`: the dextkit configuration loads, its project folder exists, and
 * the signing identity for the chosen entitlement set is named. Runs on any system.
 *
 * @module
 */
import { signingIdentity } from "../config/required_settings.ts";
import { DextkitError } from "../errors.ts";
import {
  type CheckOutcome,
  type DoctorCheck,
  fail,
  type Problem,
  worstOf,
} from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";

/**
 * The configuration check.
 *
 * @example A configuration that did not load fails
 * ```ts
 * import { configurationCheck } from "./check_configuration.ts";
 * import { DoctorContext } from "./doctor_context.ts";
 * import { ConfigError } from "../config/config_error.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 *
 * const context = new DoctorContext({
 *   runner: new DryRunRunner(),
 *   config: undefined,
 *   configError: new ConfigError("dextkit.json: dextkit.teamId is \"abc\"", { hint: "use your 10-character team id" }),
 * });
 * const outcome = await configurationCheck.run(context);
 * console.assert(outcome.status === "fail" && outcome.fix === "use your 10-character team id");
 * ```
 */
export const configurationCheck: DoctorCheck = {
  id: "configuration",
  title: "dextkit configuration",
  macOSOnly: undefined,
  needsConfig: false,
  run: checkConfiguration,
};

async function checkConfiguration(context: DoctorContext): Promise<CheckOutcome> {
  const config = context.config;
  if (config === undefined) {
    const error = context.configError;
    if (error instanceof DextkitError) return fail(error.message, error.hint);
    return fail(
      `the configuration did not load: ${error instanceof Error ? error.message : String(error)}`,
      'check dextkit.json or the "dextkit" section of deno.json',
    );
  }
  const problems: Problem[] = [];
  if (!(await isDirectory(config.projectDir))) {
    problems.push({
      severity: "fail",
      finding: `the dext project folder ${config.projectDir} does not exist`,
      fix: "set dextkit.project to the folder that holds the dext's project.yml",
    });
  }
  try {
    signingIdentity(config);
  } catch (error) {
    if (!(error instanceof DextkitError)) throw error;
    problems.push({ severity: "warn", finding: error.message, fix: error.hint });
  }
  const source = config.source ?? "no configuration file (defaults)";
  return worstOf(
    problems,
    `${source}: dext ${config.bundleIds.dext}, manager ${config.bundleIds.manager}, ` +
      `${config.signing.entitlements} entitlements`,
    [
      `configuration: ${source}`,
      `project: ${config.projectDir}`,
      `team: ${config.teamId ?? "not set"}`,
    ],
  );
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
