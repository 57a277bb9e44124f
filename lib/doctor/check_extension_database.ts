/**
 * Doctor check `extension-database`: the configured dext's records in the system extension
 * database, `/Library/SystemExtensions/db.plist` (binary or XML plist; readable by root only).
 * It knows more than `systemextensionsctl list`: which app activated each version and from
 * where, and the MDM policies that may forbid the extension.
 *
 * @module
 */
import { counted } from "../plural.ts";
import {
  parseSystemExtensionDb,
  type SystemExtensionDb,
  type SystemExtensionRecord,
} from "../sysext/system_extension_db.ts";
import {
  type CheckOutcome,
  type DoctorCheck,
  fail,
  type Problem,
  skipped,
  warn,
  worstOf,
} from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";
import { versionLabel } from "./check_system_extensions.ts";
import { RESET_AND_REINSTALL } from "./known_problems.ts";

/** What reading db.plist gave. */
export type DatabaseRead =
  | { readonly kind: "read"; readonly db: SystemExtensionDb }
  | { readonly kind: "missing" }
  | { readonly kind: "forbidden" };

/**
 * Reads and parses db.plist once per doctor run.
 *
 * @param context The doctor run (its `paths.systemExtensionsDb`).
 * @returns The database, or why it could not be read.
 * @throws {OutputParseError} When the file is not a readable plist.
 *
 * @example A missing file
 * ```ts
 * import { readExtensionDatabase } from "./check_extension_database.ts";
 * import { DoctorContext } from "./doctor_context.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 *
 * const context = new DoctorContext({
 *   runner: new DryRunRunner(),
 *   config: undefined,
 *   paths: { systemExtensionsDb: "/nonexistent/db.plist" },
 * });
 * console.assert((await readExtensionDatabase(context)).kind === "missing");
 * ```
 */
export function readExtensionDatabase(context: DoctorContext): Promise<DatabaseRead> {
  return context.once("db.plist", async () => {
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(context.paths.systemExtensionsDb);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return { kind: "missing" };
      if (error instanceof Deno.errors.PermissionDenied) return { kind: "forbidden" };
      throw error;
    }
    return { kind: "read", db: parseSystemExtensionDb(bytes) };
  });
}

/**
 * The extension database check.
 *
 * @example
 * ```ts
 * import { extensionDatabaseCheck } from "./check_extension_database.ts";
 *
 * console.assert(extensionDatabaseCheck.id === "extension-database");
 * ```
 */
export const extensionDatabaseCheck: DoctorCheck = {
  id: "extension-database",
  title: "system extension database (db.plist)",
  macOSOnly: "reads /Library/SystemExtensions/db.plist",
  needsConfig: true,
  run: checkDatabase,
};

const LIVE_STATES = /^(activated_|validating)/;

async function checkDatabase(context: DoctorContext): Promise<CheckOutcome> {
  const config = context.config;
  if (config === undefined) return skipped("no configuration");
  const path = context.paths.systemExtensionsDb;
  const read = await readExtensionDatabase(context);
  if (read.kind === "forbidden") {
    return skipped(`${path} is readable by root only`, "run `sudo dextkit doctor` to check it");
  }
  if (read.kind === "missing") {
    return warn(
      `there is no ${path}: macOS has no record of any system extension`,
      "install the dext with `dextkit install-dext`",
    );
  }
  const db = read.db;
  const id = config.bundleIds.dext;
  const records = db.extensions.filter((record) => record.bundleId === id);
  const details = [
    `developer mode: ${db.developerMode ? "on" : "off"}`,
    ...records.map((record) =>
      `${versionLabel(record)} ${record.state}` +
      (record.hostAppPath === undefined ? "" : ` from ${record.hostAppPath}`) +
      (record.stagedBundleUrl === undefined ? "" : `, staged at ${record.stagedBundleUrl}`)
    ),
  ];
  if (records.length === 0) {
    return fail(
      `db.plist has no record of ${id} (${counted(db.extensions.length, "other record")})`,
      "install the dext with `dextkit install-dext`, then approve it",
      details,
    );
  }
  const problems: Problem[] = [];
  const live = records.filter((record) => LIVE_STATES.test(record.state));
  const versions = new Set(live.map(versionLabel));
  if (versions.size >= 2) {
    problems.push({
      severity: "fail",
      finding: `db.plist holds ${versions.size} active versions of ${id} (${
        [...versions].join(", ")
      }): sysextd crashes or reports "Activate found 2 extensions in active state"`,
      fix: RESET_AND_REINSTALL,
    });
  }
  for (const record of live) {
    const host = record.hostAppPath;
    if (host !== undefined && !host.startsWith("/Applications/")) {
      problems.push({
        severity: db.developerMode ? "warn" : "fail",
        finding: `${id} ${versionLabel(record)} was activated from ${host}, outside ` +
          "/Applications: that only works in developer mode (OSSystemExtensionError 3 otherwise)",
        fix: "install the manager app into /Applications (`dextkit install-dext` does) and " +
          "activate from there",
      });
    }
  }
  const policyProblem = forbiddingPolicy(db, records[0], config.teamId);
  if (policyProblem !== undefined) problems.push(policyProblem);
  const first = live[0] ?? records[0];
  return worstOf(
    problems,
    first === undefined ? `${id} is recorded` : `db.plist records ${id} ${versionLabel(first)} ` +
      `${first.state}${first.hostAppPath === undefined ? "" : ` from ${first.hostAppPath}`}`,
    details,
  );
}

/** An MDM policy that neither allows this extension nor lets the user approve it. */
function forbiddingPolicy(
  db: SystemExtensionDb,
  record: SystemExtensionRecord | undefined,
  configuredTeam: string | undefined,
): Problem | undefined {
  if (record === undefined || db.policies.length === 0) return undefined;
  const team = record.teamId !== "" ? record.teamId : configuredTeam ?? "";
  const allowed = db.policies.some((policy) =>
    policy.allowUserOverrides ||
    policy.allowedTeamIds.includes(team) ||
    (Object.hasOwn(policy.allowedExtensions, team) &&
      (policy.allowedExtensions[team] ?? []).includes(record.bundleId))
  );
  if (allowed) return undefined;
  return {
    severity: "fail",
    finding: `an MDM system-extension policy allows neither team ${team || "(unknown)"} nor ` +
      `${record.bundleId}, and forbids user approval (OSSystemExtensionError 10)`,
    fix: "ask the Mac's administrator to add the team id or the bundle id to the policy",
  };
}
