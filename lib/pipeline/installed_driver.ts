/**
 * Which versions of the dext macOS knows, from `systemextensionsctl list` (readable without
 * root, unlike db.plist), and how build numbers compare.
 *
 * @module
 */
import {
  parseSystemExtensionList,
  type SystemExtensionEntry,
} from "../sysext/system_extension_list.ts";
import type { PipelineContext } from "./pipeline_context.ts";
import { runTool } from "./run_tool.ts";

/**
 * Compares two CFBundleVersion values the way the manager and sysextd do: dot-separated numbers,
 * numerically, a missing part counting as 0 (`"7" < "10"`, `"1.2" == "1.2.0"`). A part that is
 * not a number is compared as text.
 *
 * @param a One version.
 * @param b The other.
 * @returns A negative number when `a` is lower, 0 when equal, positive when higher.
 *
 * @example
 * ```ts
 * import { compareBundleVersions } from "./installed_driver.ts";
 *
 * console.assert(compareBundleVersions("7", "10") < 0);
 * console.assert(compareBundleVersions("1.2", "1.2.0") === 0);
 * console.assert(compareBundleVersions("812346", "812345") > 0);
 * ```
 */
export function compareBundleVersions(a: string, b: string): number {
  const left = a.trim().split(".");
  const right = b.trim().split(".");
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const x = left[index] ?? "0";
    const y = right[index] ?? "0";
    const nx = Number(x);
    const ny = Number(y);
    const order = /^\d+$/.test(x) && /^\d+$/.test(y) ? nx - ny : x.localeCompare(y);
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * Runs `systemextensionsctl list` and returns the rows of the configured dext (and team, when
 * one is configured). In a dry run the list is empty. A count line that disagrees with the rows
 * is printed as a warning.
 *
 * @param context The step's context.
 * @returns Every row of the dext, in output order.
 * @throws {ToolFailedError} When systemextensionsctl fails.
 * @throws {OutputParseError} When its output cannot be read.
 *
 * @example
 * ```ts
 * import { listInstalledDriver } from "./installed_driver.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { ScriptedRunner } from "../runner/scripted_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner: new ScriptedRunner([{ cmd: "systemextensionsctl", args: ["list"], stdout: "0 extension(s)\n" }]),
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * console.assert((await listInstalledDriver(context)).length === 0);
 * ```
 */
export async function listInstalledDriver(
  context: PipelineContext,
): Promise<SystemExtensionEntry[]> {
  const result = await runTool(context, { cmd: "systemextensionsctl", args: ["list"] }, {
    tool: "systemextensionsctl list",
    hint: "run `systemextensionsctl list` yourself to see what fails",
  });
  if (context.runner.dryRun) return [];
  const { bundleIds, teamId } = context.config;
  const list = parseSystemExtensionList(result.stdout);
  for (const warning of list.warnings) context.progress.log(`warning: ${warning}`);
  return list.extensions.filter((entry) =>
    entry.bundleId === bundleIds.dext && (teamId === undefined || entry.teamId === teamId)
  );
}

/**
 * The highest version among rows that are installed or on their way (every phase but
 * `uninstalled`): what a new build must exceed for macOS to replace it.
 *
 * @param entries Rows of one dext.
 * @returns The row with the highest CFBundleVersion, or `undefined`.
 *
 * @example
 * ```ts
 * import { highestInstalledVersion } from "./installed_driver.ts";
 * import { parseSystemExtensionList } from "../sysext/system_extension_list.ts";
 *
 * const list = parseSystemExtensionList([
 *   "2 extension(s)",
 *   "--- com.apple.system_extension.driver_extension",
 *   "enabled\tactive\tteamID\tbundleID (version)\tname\t[state]",
 *   "*\t*\tABCDE12345\tcom.example.hiddriver (1.2/7)\tcom.example.hiddriver\t[activated enabled]",
 *   "\t\tABCDE12345\tcom.example.hiddriver (1.1/6)\tcom.example.hiddriver\t[terminated waiting to uninstall on reboot]",
 * ].join("\n"));
 * console.assert(highestInstalledVersion(list.extensions)?.bundleVersion === "7");
 * ```
 */
export function highestInstalledVersion(
  entries: readonly SystemExtensionEntry[],
): SystemExtensionEntry | undefined {
  let highest: SystemExtensionEntry | undefined;
  for (const entry of entries) {
    if (entry.phase === "uninstalled") continue;
    if (
      highest === undefined || compareBundleVersions(entry.bundleVersion, highest.bundleVersion) > 0
    ) {
      highest = entry;
    }
  }
  return highest;
}
