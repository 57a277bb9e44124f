/**
 * Doctor check `crash-reports`: recent crash reports (`.ips`, last 7 days) of sysextd and of the
 * dext in the system and user DiagnosticReports folders (and their `Retired` subfolders), each
 * diagnosed by `crash_diagnosis.ts`. A report that cannot be parsed is listed as such; it does
 * not hide the others.
 *
 * @module
 */
import { join } from "node:path";
import { type CrashReport, parseCrashReport } from "../sysext/crash_report.ts";
import { OutputParseError } from "../sysext/output_parse_error.ts";
import {
  type CheckOutcome,
  type DoctorCheck,
  type Problem,
  skipped,
  worstOf,
} from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";
import { diagnoseCrash } from "./crash_diagnosis.ts";

/**
 * How far back crash reports count, in days.
 *
 * @example
 * ```ts
 * import { CRASH_REPORT_DAYS } from "./check_crash_reports.ts";
 *
 * console.assert(CRASH_REPORT_DAYS === 7);
 * ```
 */
export const CRASH_REPORT_DAYS = 7;
const DAY_MS = 86_400_000;
const MAX_REPORTS = 20;

/**
 * The crash reports check.
 *
 * @example
 * ```ts
 * import { crashReportsCheck } from "./check_crash_reports.ts";
 *
 * console.assert(crashReportsCheck.id === "crash-reports");
 * ```
 */
export const crashReportsCheck: DoctorCheck = {
  id: "crash-reports",
  title: "recent crash reports of sysextd and the dext",
  macOSOnly: "reads /Library/Logs/DiagnosticReports",
  needsConfig: true,
  run: checkCrashReports,
};

interface Candidate {
  readonly path: string;
  readonly name: string;
  readonly modified: Date | null;
}

async function checkCrashReports(context: DoctorContext): Promise<CheckOutcome> {
  const config = context.config;
  if (config === undefined) return skipped("no configuration");
  const dextId = config.bundleIds.dext;
  const prefixes = ["sysextd", dextId];
  const since = context.now.getTime() - CRASH_REPORT_DAYS * DAY_MS;
  const details: string[] = [];
  const candidates: Candidate[] = [];
  let readable = 0;
  for (const dir of context.paths.crashReports) {
    const listed = await listReports(dir, prefixes);
    if (listed === "forbidden") {
      details.push(`${dir}: not readable (run \`sudo dextkit doctor\` to include it)`);
      continue;
    }
    if (listed === "missing") continue;
    readable++;
    candidates.push(...listed);
  }
  if (readable === 0 && details.length > 0) {
    return skipped("no crash report folder is readable", "run `sudo dextkit doctor`");
  }
  const recent = candidates
    .filter((candidate) => candidate.modified === null || candidate.modified.getTime() >= since)
    .sort((a, b) =>
      (b.modified?.getTime() ?? 0) - (a.modified?.getTime() ?? 0) || b.name.localeCompare(a.name)
    )
    .slice(0, MAX_REPORTS);
  const problems: Problem[] = [];
  for (const candidate of recent) {
    let report: CrashReport;
    try {
      report = parseCrashReport(await Deno.readTextFile(candidate.path), candidate.name);
    } catch (error) {
      if (error instanceof Deno.errors.PermissionDenied) {
        details.push(`${candidate.path}: not readable`);
        continue;
      }
      if (!(error instanceof OutputParseError)) throw error;
      problems.push({
        severity: "warn",
        finding: error.message,
        fix: `open ${candidate.path} in Console.app to read it`,
      });
      continue;
    }
    if (!concerns(report, dextId)) continue;
    const time = report.time ?? candidate.modified;
    if (time !== null && time.getTime() < since) continue;
    const diagnosis = diagnoseCrash(report);
    problems.push({ severity: diagnosis.severity, finding: diagnosis.finding, fix: diagnosis.fix });
    details.push(candidate.path);
  }
  return worstOf(
    problems,
    `no crash report of sysextd or ${dextId} in the last ${CRASH_REPORT_DAYS} days`,
    details,
  );
}

function concerns(report: CrashReport, dextId: string): boolean {
  return report.processName === "sysextd" || report.processName === dextId ||
    report.bundleId === dextId;
}

async function listReports(
  dir: string,
  prefixes: readonly string[],
): Promise<Candidate[] | "missing" | "forbidden"> {
  const found: Candidate[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !entry.name.endsWith(".ips")) continue;
      if (!prefixes.some((prefix) => entry.name.startsWith(`${prefix}-`))) continue;
      const path = join(dir, entry.name);
      const info = await Deno.stat(path);
      found.push({ path, name: entry.name, modified: info.mtime });
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "missing";
    if (error instanceof Deno.errors.PermissionDenied) return "forbidden";
    throw error;
  }
  return found;
}
