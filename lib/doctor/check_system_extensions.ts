/**
 * Doctor check `system-extensions`: the configured dext's rows in `systemextensionsctl list`,
 * and, when the driver can be probed, whether the version answering over IOKit is the one
 * enabled.
 *
 * Findings (driverkit-field-notes, driverkit-reference §7, macos-tooling-reference §4.1, §5):
 * none installed → install; waiting for user approval → approve in System Settings; several
 * versions active at once → sysextd crash risk → `systemextensionsctl reset`; terminated waiting
 * to uninstall on reboot → reboot; enabled but an older driver answering → reboot (replacing a
 * dext does not restart the running one); a row whose CFBundleVersion is not a kext version
 * (macos-corrections.md item 1) → it never loaded and blocks every valid build → uninstall it.
 *
 * @module
 */
import { counted } from "../plural.ts";
import {
  confirmDriverVersion,
  type ExpectedDriverVersion,
  ExpectedVersionFileError,
  expectedVersionPath,
  readExpectedVersion,
} from "../pipeline/expected_version.ts";
import { kextVersionProblem } from "../pipeline/kext_version.ts";
import { parseVersion } from "../protocol/version.ts";
import {
  parseSystemExtensionList,
  type SystemExtensionEntry,
} from "../sysext/system_extension_list.ts";
import type { SystemExtensionPhase } from "../sysext/system_extension_state.ts";
import {
  type CheckOutcome,
  type DoctorCheck,
  fail,
  type Problem,
  skipped,
  worstOf,
} from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";
import { formatDriverVersion } from "./format_driver.ts";
import { RESET_AND_REINSTALL } from "./known_problems.ts";

/**
 * Where macOS asks for approval of a driver extension.
 *
 * @example
 * ```ts
 * import { APPROVAL_PLACE } from "./check_system_extensions.ts";
 *
 * console.assert(APPROVAL_PLACE.startsWith("System Settings > General > Login Items & Extensions"));
 * ```
 */
export const APPROVAL_PLACE: string =
  "System Settings > General > Login Items & Extensions > Driver Extensions " +
  "(macOS 13–14: System Settings > Privacy & Security)";

const INSTALL = "`dextkit install-dext`";
const LIVE: ReadonlySet<SystemExtensionPhase> = new Set([
  "enabled",
  "disabled",
  "waiting-for-user",
  "activating",
]);

/**
 * The rows of one extension in `systemextensionsctl list` (once per doctor run).
 *
 * @param context The doctor run.
 * @param bundleId The extension's bundle id.
 * @returns Its rows, in output order, how many extensions the list shows in all, and what in
 * the list did not add up.
 * @throws {OutputParseError} When the list cannot be read.
 *
 * @example
 * ```ts
 * import { readExtensionRows } from "./check_system_extensions.ts";
 * import { DoctorContext } from "./doctor_context.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 *
 * const runner = new DryRunRunner({ respond: () => ({ stdout: "0 extension(s)\n" }) });
 * const rows = await readExtensionRows(new DoctorContext({ runner, config: undefined }), "com.example.driver");
 * console.assert(rows.rows.length === 0 && rows.total === 0);
 * ```
 */
export async function readExtensionRows(
  context: DoctorContext,
  bundleId: string,
): Promise<
  {
    readonly rows: readonly SystemExtensionEntry[];
    readonly total: number;
    readonly warnings: readonly string[];
  }
> {
  const result = await context.run({ cmd: "systemextensionsctl", args: ["list"] });
  const list = parseSystemExtensionList(result.stdout);
  return {
    rows: list.extensions.filter((row) => row.bundleId === bundleId),
    total: list.count,
    warnings: list.warnings,
  };
}

/**
 * A row's version as people read it: `1.2 (7)`.
 *
 * @param row A row (or anything with the two versions).
 * @returns The label.
 *
 * @example
 * ```ts
 * import { versionLabel } from "./check_system_extensions.ts";
 *
 * console.assert(versionLabel({ shortVersion: "1.2", bundleVersion: "7" }) === "1.2 (7)");
 * console.assert(versionLabel({ shortVersion: "", bundleVersion: "7" }) === "7");
 * ```
 */
export function versionLabel(
  row: { readonly shortVersion: string; readonly bundleVersion: string },
): string {
  return row.shortVersion === "" ? row.bundleVersion : `${row.shortVersion} (${row.bundleVersion})`;
}

/**
 * The system extensions check.
 *
 * @example
 * ```ts
 * import { systemExtensionsCheck } from "./check_system_extensions.ts";
 *
 * console.assert(systemExtensionsCheck.id === "system-extensions" && systemExtensionsCheck.needsConfig);
 * ```
 */
export const systemExtensionsCheck: DoctorCheck = {
  id: "system-extensions",
  title: "installed system extension",
  macOSOnly: "reads `systemextensionsctl list`",
  needsConfig: true,
  run: checkSystemExtensions,
};

async function checkSystemExtensions(context: DoctorContext): Promise<CheckOutcome> {
  const config = context.config;
  if (config === undefined) return skipped("no configuration");
  const id = config.bundleIds.dext;
  const { rows, total, warnings } = await readExtensionRows(context, id);
  if (rows.length === 0) {
    return fail(
      `no version of ${id} is installed (systemextensionsctl lists ${
        counted(total, "other extension")
      })`,
      `install it with ${INSTALL}, then approve it in ${APPROVAL_PLACE}`,
    );
  }
  const details = rows.map((row) =>
    `${versionLabel(row)} [${row.state.replaceAll("_", " ")}]` +
    `${row.enabled ? " enabled" : ""}${row.active ? " active" : ""} team ${row.teamId}`
  );
  const problems: Problem[] = warnings.map((finding) => ({
    severity: "warn",
    finding,
    fix: "run `systemextensionsctl list` yourself; if the output looks complete, report it",
  }));
  const live = rows.filter((row) => LIVE.has(row.phase));
  const liveVersions = new Set(live.map(versionLabel));
  if (liveVersions.size >= 2) {
    problems.push({
      severity: "fail",
      finding: `${liveVersions.size} versions of ${id} are active at once (${
        live.map((row) => `${versionLabel(row)} ${row.state}`).join(", ")
      }): sysextd crashes (EXC_BAD_INSTRUCTION) or fails with "Activate found 2 extensions in ` +
        'active state"',
      fix: RESET_AND_REINSTALL,
    });
  }
  if (live.length === 0) {
    problems.push({
      severity: "fail",
      finding: `no version of ${id} is active; only ${
        rows.map((row) => `${versionLabel(row)} [${row.state.replaceAll("_", " ")}]`).join(", ")
      }`,
      fix: `reboot, then install again with ${INSTALL}`,
    });
  }
  for (const row of rows) problems.push(...rowProblems(id, row));
  const enabled = rows.find((row) => row.phase === "enabled");
  const stale = enabled === undefined ? undefined : await staleDriver(context, enabled);
  if (stale !== undefined) problems.push(stale);
  const expected = await expectedInstallProblem(context, id, rows);
  if (expected !== undefined && (stale === undefined || expected.severity !== "fail")) {
    problems.push(expected);
  }
  return worstOf(
    problems,
    enabled === undefined
      ? `${id} is installed`
      : `${id} ${versionLabel(enabled)} is activated and enabled`,
    details,
  );
}

function rowProblems(id: string, row: SystemExtensionEntry): Problem[] {
  const invalid = row.phase === "uninstalled" ? undefined : kextVersionProblem(row.bundleVersion);
  const version = invalid === undefined ? [] : [{
    severity: "fail" as const,
    finding: `${id} ${versionLabel(row)} has a CFBundleVersion that is not a kext version ` +
      `(${invalid}): the kernel refuses to load it, and new builds compare below it`,
    fix:
      `uninstall it (\`dextkit uninstall\`, or \`systemextensionsctl uninstall ${row.teamId} ${id}\`), ` +
      `restart, then build and install again with ${INSTALL}`,
  }];
  return [...version, ...phaseProblems(id, row)];
}

function phaseProblems(id: string, row: SystemExtensionEntry): Problem[] {
  const what = `${id} ${versionLabel(row)}`;
  const state = `[${row.state.replaceAll("_", " ")}]`;
  switch (row.phase) {
    case "enabled":
      return [];
    case "waiting-for-user":
      return [{
        severity: "warn",
        finding: `${what} is waiting for your approval ${state}`,
        fix: `approve it in ${APPROVAL_PLACE}`,
      }];
    case "reboot-pending":
      return [{
        severity: "warn",
        finding: `${what} is ${state}: it changes only when the Mac restarts`,
        fix: "reboot the Mac",
      }];
    case "disabled":
      return [{
        severity: "warn",
        finding: `${what} is installed but disabled ${state}`,
        fix: `enable it in ${APPROVAL_PLACE}`,
      }];
    case "activating":
    case "terminating":
      return [{
        severity: "warn",
        finding: `${what} is in transition ${state}`,
        fix: "wait a few seconds and run `dextkit doctor` again; if it does not settle, reboot",
      }];
    case "uninstalled":
      return [];
    case "unknown":
      return [{
        severity: "warn",
        finding: `${what} is in a state dextkit does not know: ${state}`,
        fix: "run `dextkit logs` to see what sysextd is doing, and report the state to dextkit",
      }];
  }
}

/**
 * What `dextkit install-dext` recorded as installed (the pipeline's state file), once per
 * doctor run.
 *
 * @param context The doctor run (its environment locates the file).
 * @returns The record, or `undefined` when there is none.
 * @throws {ExpectedVersionFileError} When the file is malformed.
 *
 * @example No state directory, no record
 * ```ts
 * import { readExpectedInstall } from "./check_system_extensions.ts";
 * import { DoctorContext } from "./doctor_context.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 *
 * const context = new DoctorContext({
 *   runner: new DryRunRunner(),
 *   config: undefined,
 *   env: { DEXTKIT_STATE_DIR: "/nonexistent" },
 * });
 * console.assert(await readExpectedInstall(context) === undefined);
 * ```
 */
export function readExpectedInstall(
  context: DoctorContext,
): Promise<ExpectedDriverVersion | undefined> {
  return context.once("expected-install", () => {
    const path = expectedVersionPath((name) => context.env[name], context.os);
    return path === undefined ? Promise.resolve(undefined) : readExpectedVersion(path);
  });
}

/** How the installed rows and the driver compare with what install-dext recorded. */
async function expectedInstallProblem(
  context: DoctorContext,
  id: string,
  rows: readonly SystemExtensionEntry[],
): Promise<Problem | undefined> {
  let expected: ExpectedDriverVersion | undefined;
  try {
    expected = await readExpectedInstall(context);
  } catch (error) {
    if (!(error instanceof ExpectedVersionFileError)) throw error;
    return { severity: "warn", finding: error.message, fix: error.hint };
  }
  if (expected === undefined || expected.bundleId !== id) return undefined;
  const probe = context.identity !== undefined && context.canProbeDriver
    ? await context.probeDriver(context.identity)
    : undefined;
  const driverVersion = probe?.kind === "answered" || probe?.kind === "incompatible"
    ? probe.driver.driverVersion
    : undefined;
  const confirmation = confirmDriverVersion(expected, {
    installed: rows,
    ...(driverVersion === undefined ? {} : { driverVersion }),
  });
  switch (confirmation.verdict) {
    case "not-installed":
      return { severity: "warn", finding: confirmation.message, fix: `run ${INSTALL} again` };
    case "old-driver-running":
      return { severity: "fail", finding: confirmation.message, fix: "reboot the Mac" };
    default:
      // Approval, reboot and transition states are reported from the rows themselves.
      return undefined;
  }
}

/** An enabled row whose version is newer than the driver that answers: the old one still runs. */
async function staleDriver(
  context: DoctorContext,
  enabled: SystemExtensionEntry,
): Promise<Problem | undefined> {
  const identity = context.identity;
  if (identity === undefined || !context.canProbeDriver) return undefined;
  const probe = await context.probeDriver(identity);
  if (probe.kind !== "answered" && probe.kind !== "incompatible") return undefined;
  let enabledNumber: number;
  try {
    enabledNumber = parseVersion(enabled.shortVersion);
  } catch {
    // A version outside the a.b.c scheme cannot be compared with the driver's number.
    return undefined;
  }
  const running = probe.driver.driverVersion;
  if (running >= enabledNumber) return undefined;
  return {
    severity: "fail",
    finding: `${enabled.bundleId} ${versionLabel(enabled)} is enabled, but the driver answering ` +
      `is ${formatDriverVersion(running)}: the replaced dext keeps running until the Mac restarts`,
    fix: "reboot the Mac",
  };
}
