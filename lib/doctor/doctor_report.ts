/**
 * What `dextkit doctor` reports: one {@linkcode CheckResult} per check, collected in a
 * {@linkcode DoctorReport}. The report is also the `doctor --json` output, so its shape is a
 * contract (documented in docs/doctor.md): fields are only ever added, and a change that
 * removes or renames one raises {@linkcode DOCTOR_REPORT_VERSION}.
 *
 * @module
 */
import { ExitCode } from "../errors.ts";

/**
 * The version of the `doctor --json` shape.
 *
 * @example
 * ```ts
 * import { DOCTOR_REPORT_VERSION } from "./doctor_report.ts";
 *
 * console.assert(DOCTOR_REPORT_VERSION === 1);
 * ```
 */
export const DOCTOR_REPORT_VERSION = 1;

/**
 * How a check came out:
 *
 * - `ok`: nothing to do;
 * - `warn`: works, but something will bite (a reboot is pending, developer mode is on…);
 * - `fail`: this is why the driver does not install, load or answer — or the check could not
 *   read what it needs (a parse error names the line);
 * - `skipped`: the check cannot run here (off macOS, not root, nothing to check); the finding
 *   says why.
 */
export type CheckStatus = "ok" | "warn" | "fail" | "skipped";

/** One check's outcome. */
export interface CheckResult {
  /** A stable identifier, e.g. `sip`, `system-extensions` (listed in docs/doctor.md). */
  readonly id: string;
  /** What the check looks at, e.g. `System Integrity Protection`. */
  readonly title: string;
  /** The verdict. */
  readonly status: CheckStatus;
  /** What was found, in one line. */
  readonly finding: string;
  /** What to do, in one line; `null` when there is nothing to do. */
  readonly fix: string | null;
  /** Further lines: every problem when there are several, versions, paths. */
  readonly details: readonly string[];
}

/** The whole report (the `doctor --json` document). */
export interface DoctorReport {
  /** {@linkcode DOCTOR_REPORT_VERSION}. */
  readonly version: typeof DOCTOR_REPORT_VERSION;
  /** The system doctor ran on: `darwin`, `linux`, … (`Deno.build.os`). */
  readonly os: string;
  /** How many checks ended in each status. */
  readonly summary: Readonly<Record<CheckStatus, number>>;
  /** Every check, in the order they ran. */
  readonly checks: readonly CheckResult[];
}

/**
 * Builds a report from check results, counting each status.
 *
 * @param os The system doctor ran on.
 * @param checks The results, in order.
 * @returns The report.
 *
 * @example
 * ```ts
 * import { doctorReport } from "./doctor_report.ts";
 *
 * const report = doctorReport("linux", [
 *   { id: "sip", title: "System Integrity Protection", status: "skipped", finding: "needs macOS", fix: null, details: [] },
 * ]);
 * console.assert(report.version === 1 && report.summary.skipped === 1 && report.summary.fail === 0);
 * ```
 */
export function doctorReport(os: string, checks: readonly CheckResult[]): DoctorReport {
  const summary: Record<CheckStatus, number> = { ok: 0, warn: 0, fail: 0, skipped: 0 };
  for (const check of checks) summary[check.status]++;
  return { version: DOCTOR_REPORT_VERSION, os, summary, checks };
}

/**
 * The exit code of `dextkit doctor`: {@linkcode ExitCode.Failure} when any check failed,
 * otherwise {@linkcode ExitCode.Ok} (warnings and skipped checks do not fail it).
 *
 * @param report The report.
 * @returns 0 or 1.
 *
 * @example
 * ```ts
 * import { doctorExitCode, doctorReport } from "./doctor_report.ts";
 *
 * console.assert(doctorExitCode(doctorReport("darwin", [])) === 0);
 * ```
 */
export function doctorExitCode(report: DoctorReport): ExitCode {
  return report.summary.fail > 0 ? ExitCode.Failure : ExitCode.Ok;
}
