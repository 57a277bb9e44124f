/**
 * Runs doctor checks one after the other and collects a {@linkcode DoctorReport}.
 *
 * Off macOS a macOS-only check is skipped with what it would have read; a check that needs the
 * configuration is skipped when it did not load. A check that throws fails on its own: a parse
 * error gives its `could not parse … (line N)` message and the parser's hint, any other dextkit
 * error its message and hint; the remaining checks still run.
 *
 * @module
 */
import { DextkitError } from "../errors.ts";
import type { CheckOutcome, DoctorCheck } from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";
import { type CheckResult, type DoctorReport, doctorReport } from "./doctor_report.ts";

/**
 * Runs the checks.
 *
 * @param context The facts of this run.
 * @param checks The checks, in order.
 * @param onResult Called with each result as soon as it is known (for live output).
 * @returns The report.
 *
 * @example A check that throws fails alone
 * ```ts
 * import { runDoctor } from "./run_doctor.ts";
 * import { DoctorContext } from "./doctor_context.ts";
 * import { ok } from "./doctor_check.ts";
 * import { OutputParseError } from "../sysext/output_parse_error.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 *
 * const context = new DoctorContext({ runner: new DryRunRunner(), os: "darwin", config: undefined });
 * const report = await runDoctor(context, [
 *   { id: "a", title: "A", macOSOnly: undefined, needsConfig: false, run: () => Promise.reject(new OutputParseError("csrutil status", "garbage", 3)) },
 *   { id: "b", title: "B", macOSOnly: undefined, needsConfig: false, run: () => Promise.resolve(ok("fine")) },
 * ]);
 * console.assert(report.checks[0]?.finding === "could not parse csrutil status (line 3): garbage");
 * console.assert(report.checks[1]?.status === "ok");
 * ```
 */
export async function runDoctor(
  context: DoctorContext,
  checks: readonly DoctorCheck[],
  onResult?: (result: CheckResult) => void,
): Promise<DoctorReport> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const outcome = await outcomeOf(check, context);
    const result: CheckResult = {
      id: check.id,
      title: check.title,
      status: outcome.status,
      finding: outcome.finding,
      fix: outcome.fix === undefined || outcome.fix === "" ? null : outcome.fix,
      details: outcome.details ?? [],
    };
    results.push(result);
    onResult?.(result);
  }
  return doctorReport(context.os, results);
}

async function outcomeOf(check: DoctorCheck, context: DoctorContext): Promise<CheckOutcome> {
  if (check.macOSOnly !== undefined && !context.isMacOS) {
    return {
      status: "skipped",
      finding: `not checked off macOS (this is ${context.os}): ${check.macOSOnly}`,
    };
  }
  if (check.needsConfig && context.config === undefined) {
    return {
      status: "skipped",
      finding: "not checked: the configuration did not load (see the configuration check)",
    };
  }
  try {
    return await check.run(context);
  } catch (error) {
    if (error instanceof DextkitError) {
      return error.hint === ""
        ? { status: "fail", finding: error.message }
        : { status: "fail", finding: error.message, fix: error.hint };
    }
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof Deno.errors.NotCapable) {
      return {
        status: "fail",
        finding: `not allowed to run this check: ${message.split("\n", 1)[0] ?? message}`,
        fix: "give dextkit the permissions doctor needs: --allow-run for the macOS tools, " +
          "--allow-ffi for the IOKit check, --allow-read and --allow-env",
      };
    }
    return {
      status: "fail",
      finding: `the check itself failed: ${message.split("\n", 1)[0] ?? message}`,
      fix: "this is a bug in dextkit; run again with --verbose and report it",
    };
  }
}
