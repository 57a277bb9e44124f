/**
 * The text form of a doctor report: one line per check (status, id, finding), the fix and the
 * details under each warning or failure, and a summary line. Off macOS the summary also says
 * how many checks need a Mac.
 *
 * @module
 */
import type { CheckResult, CheckStatus, DoctorReport } from "./doctor_report.ts";

const LABELS: Readonly<Record<CheckStatus, string>> = {
  ok: "ok  ",
  warn: "WARN",
  fail: "FAIL",
  skipped: "skip",
};

/**
 * The lines for one check.
 *
 * @param result The check's result.
 * @param idWidth The width of the id column.
 * @returns The status line, then `fix:` and detail lines for a warning or a failure.
 *
 * @example
 * ```ts
 * import { formatCheckResult } from "./format_doctor_report.ts";
 *
 * const lines = formatCheckResult({
 *   id: "sip", title: "System Integrity Protection", status: "warn",
 *   finding: "SIP has a custom configuration", fix: "run csrutil disable", details: [],
 * }, 4);
 * console.assert(lines[0] === "WARN  sip   SIP has a custom configuration");
 * console.assert(lines[1] === "            fix: run csrutil disable");
 * ```
 */
export function formatCheckResult(result: CheckResult, idWidth: number): string[] {
  const lines = [`${LABELS[result.status]}  ${result.id.padEnd(idWidth)}  ${result.finding}`];
  if (result.status === "warn" || result.status === "fail" || result.status === "skipped") {
    const indent = " ".repeat(6 + idWidth + 2);
    if (result.fix !== null) lines.push(`${indent}fix: ${result.fix}`);
    if (result.status !== "skipped") {
      for (const detail of result.details) lines.push(`${indent}· ${detail}`);
    }
  }
  return lines;
}

/**
 * The whole report as text.
 *
 * @param report The report.
 * @returns The lines to print.
 *
 * @example
 * ```ts
 * import { formatDoctorReport } from "./format_doctor_report.ts";
 * import { doctorReport } from "./doctor_report.ts";
 *
 * const lines = formatDoctorReport(doctorReport("linux", [
 *   { id: "sip", title: "SIP", status: "skipped", finding: "not checked off macOS", fix: null, details: [] },
 * ]));
 * console.assert(lines.at(-1) === "0 ok, 0 warnings, 0 failed, 1 skipped (1 need macOS)");
 * ```
 */
export function formatDoctorReport(report: DoctorReport): string[] {
  const width = Math.max(0, ...report.checks.map((check) => check.id.length));
  const lines = report.checks.flatMap((check) => formatCheckResult(check, width));
  lines.push(summaryLine(report));
  return lines;
}

/**
 * The summary line: counts per status.
 *
 * @param report The report.
 * @returns For example `9 ok, 1 warning, 0 failed, 3 skipped`.
 *
 * @example
 * ```ts
 * import { summaryLine } from "./format_doctor_report.ts";
 * import { doctorReport } from "./doctor_report.ts";
 *
 * console.assert(summaryLine(doctorReport("darwin", [])) === "0 ok, 0 warnings, 0 failed, 0 skipped");
 * ```
 */
export function summaryLine(report: DoctorReport): string {
  const { ok, warn, fail, skipped } = report.summary;
  const offMacOS =
    report.checks.filter((check) =>
      check.status === "skipped" && check.finding.startsWith("not checked off macOS")
    ).length;
  return `${ok} ok, ${warn} warning${warn === 1 ? "" : "s"}, ${fail} failed, ${skipped} skipped` +
    (offMacOS > 0 ? ` (${offMacOS} need macOS)` : "");
}
