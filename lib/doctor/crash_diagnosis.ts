/**
 * What a crash report of sysextd or of the dext means (driverkit-field-notes, "Errors"):
 *
 * - sysextd with `EXC_BAD_INSTRUCTION (SIGILL)` (on Apple silicon a Swift fatal error shows as
 *   `EXC_BREAKPOINT (SIGTRAP)`): several versions installed at once, or the dext crashing in
 *   init()/Start(); with `Activate found 2 extensions in active state` in its message, the first;
 * - the dext with `EXC_CRASH (Code Signature Invalid)`: forbidden entitlements, or not notarized
 *   while SIP is on;
 * - the dext crashing in init(), Start() or handleStart(): it dies before it registers;
 * - any other dext crash: a bug in the driver.
 *
 * @module
 */
import type { CrashReport } from "../sysext/crash_report.ts";
import { findKnownProblems, knownProblem } from "./known_problems.ts";

/** The verdict on one crash report. */
export interface CrashDiagnosis {
  /** How serious it is for the driver. */
  readonly severity: "warn" | "fail";
  /** What happened, in one line. */
  readonly finding: string;
  /** What to do. */
  readonly fix: string;
  /** The {@linkcode KNOWN_PROBLEMS} entry it matches, if any. */
  readonly problemId: string | undefined;
}

const START_FRAME = /::(?:init|Start(?:_Impl)?|handleStart)\(/;
const FRAMES_SEARCHED = 12;

/**
 * Diagnoses one crash report of sysextd or of the dext.
 *
 * @param report The parsed report.
 * @returns The verdict.
 *
 * @example sysextd stopped by a fatal error
 * ```ts
 * import { diagnoseCrash } from "./crash_diagnosis.ts";
 * import { parseCrashReport } from "../sysext/crash_report.ts";
 *
 * const report = parseCrashReport(
 *   '{"app_name":"sysextd","timestamp":"2026-05-01 10:12:13.00 +0200","bug_type":"309"}\n' +
 *     '{"procName":"sysextd","exception":{"type":"EXC_BAD_INSTRUCTION","signal":"SIGILL"}}',
 * );
 * const diagnosis = diagnoseCrash(report);
 * console.assert(diagnosis.severity === "fail" && diagnosis.problemId === "sysextd-bad-instruction");
 * ```
 */
export function diagnoseCrash(report: CrashReport): CrashDiagnosis {
  const when = report.timestamp === undefined ? "" : ` at ${report.timestamp}`;
  const exception = [report.exceptionType, report.signal ? `(${report.signal})` : undefined]
    .filter((part) => part !== undefined && part !== "").join(" ") || "an unknown exception";
  const version = report.version === undefined
    ? ""
    : ` ${report.version}${report.buildVersion === undefined ? "" : ` (${report.buildVersion})`}`;
  if (report.processName === "sysextd") {
    const text = report.messages.join("\n");
    if (findKnownProblems(text).some((problem) => problem.id === "activate-found-extensions")) {
      const problem = knownProblem("activate-found-extensions");
      return {
        severity: "fail",
        finding: `sysextd crashed${when}: "${problem.name}"`,
        fix: problem.fix,
        problemId: problem.id,
      };
    }
    const problem = knownProblem("sysextd-bad-instruction");
    const fatal = report.exceptionType === "EXC_BAD_INSTRUCTION" ||
      report.exceptionType === "EXC_BREAKPOINT" || /SIGILL|SIGTRAP/.test(report.signal ?? "");
    return {
      severity: fatal ? "fail" : "warn",
      finding: `sysextd crashed${when} with ${exception}` +
        (fatal
          ? ": several dext versions installed at once, or the dext crashing in init/Start"
          : ""),
      fix: problem.fix,
      problemId: fatal ? problem.id : undefined,
    };
  }
  const name = `the dext ${report.processName}${version}`;
  if (
    /Code Signature Invalid/i.test(`${report.signal ?? ""} ${report.terminationIndicator ?? ""}`) ||
    report.terminationNamespace === "CODESIGNING"
  ) {
    const problem = knownProblem("code-signature-invalid");
    return {
      severity: "fail",
      finding: `${name} was killed${when}: EXC_CRASH (Code Signature Invalid)`,
      fix: problem.fix,
      problemId: problem.id,
    };
  }
  const startFrame = report.crashedFrames.slice(0, FRAMES_SEARCHED)
    .find((symbol) => START_FRAME.test(symbol));
  if (startFrame !== undefined) {
    const problem = knownProblem("dext-crash-in-start");
    return {
      severity: "fail",
      finding: `${name} crashed${when} in ${startFrame} with ${exception}: it dies while starting`,
      fix: problem.fix,
      problemId: problem.id,
    };
  }
  const top = report.crashedFrames[0];
  return {
    severity: "warn",
    finding: `${name} crashed${when} with ${exception}${top === undefined ? "" : ` in ${top}`}` +
      (report.exceptionSubtype === undefined ? "" : ` (${report.exceptionSubtype})`),
    fix: "the kernel restarts it; read the crash report and `dextkit logs`, and report the " +
      "crash if it is dextkit's driver",
    problemId: undefined,
  };
}
