/**
 * The shape of one doctor check, and small constructors for its outcomes.
 *
 * A check looks at one thing and returns a {@linkcode CheckOutcome}: a status, a one-line
 * finding and, unless all is well, the fix. It may throw: `runDoctor` turns any error into a
 * failed outcome for that check alone (a parse error reads `could not parse … (line N)`), so one
 * unreadable tool output never stops the others.
 *
 * @module
 */
import type { DoctorContext } from "./doctor_context.ts";
import type { CheckStatus } from "./doctor_report.ts";

/** What a check found. */
export interface CheckOutcome {
  /** The verdict. */
  readonly status: CheckStatus;
  /** What was found, in one line. */
  readonly finding: string;
  /** What to do, in one line; absent when there is nothing to do. */
  readonly fix?: string;
  /** Further lines (every problem when there are several, versions, paths). */
  readonly details?: readonly string[];
}

/** One doctor check. */
export interface DoctorCheck {
  /** A stable identifier (part of the `doctor --json` contract). */
  readonly id: string;
  /** What it looks at, for the report. */
  readonly title: string;
  /**
   * Off macOS the check is skipped with this reason (what it would have read); `undefined` for
   * a check that runs anywhere.
   */
  readonly macOSOnly: string | undefined;
  /** Whether it needs the configuration (skipped when the configuration did not load). */
  readonly needsConfig: boolean;
  /**
   * Looks and decides.
   *
   * @param context The facts of this doctor run.
   * @returns The outcome.
   */
  run(context: DoctorContext): Promise<CheckOutcome>;
}

/**
 * An `ok` outcome.
 *
 * @param finding What was found.
 * @param details Further lines.
 * @returns The outcome.
 *
 * @example
 * ```ts
 * import { ok } from "./doctor_check.ts";
 *
 * console.assert(ok("SIP is disabled").status === "ok");
 * ```
 */
export function ok(finding: string, details: readonly string[] = []): CheckOutcome {
  return { status: "ok", finding, details };
}

/**
 * A `warn` outcome.
 *
 * @param finding What was found.
 * @param fix What to do.
 * @param details Further lines.
 * @returns The outcome.
 *
 * @example
 * ```ts
 * import { warn } from "./doctor_check.ts";
 *
 * console.assert(warn("a reboot is pending", "reboot").fix === "reboot");
 * ```
 */
export function warn(finding: string, fix: string, details: readonly string[] = []): CheckOutcome {
  return { status: "warn", finding, fix, details };
}

/**
 * A `fail` outcome.
 *
 * @param finding What was found.
 * @param fix What to do.
 * @param details Further lines.
 * @returns The outcome.
 *
 * @example
 * ```ts
 * import { fail } from "./doctor_check.ts";
 *
 * console.assert(fail("the dext is not installed", "install it").status === "fail");
 * ```
 */
export function fail(finding: string, fix: string, details: readonly string[] = []): CheckOutcome {
  return { status: "fail", finding, fix, details };
}

/**
 * A `skipped` outcome.
 *
 * @param finding Why the check could not run.
 * @param fix How to make it run, when something can be done.
 * @returns The outcome.
 *
 * @example
 * ```ts
 * import { skipped } from "./doctor_check.ts";
 *
 * console.assert(skipped("db.plist is readable by root only", "run `sudo dextkit doctor`").status === "skipped");
 * ```
 */
export function skipped(finding: string, fix?: string): CheckOutcome {
  return fix === undefined ? { status: "skipped", finding } : { status: "skipped", finding, fix };
}

/** One problem among several a check found; the worst decides the outcome. */
export interface Problem {
  /** `warn` or `fail`. */
  readonly severity: "warn" | "fail";
  /** The finding. */
  readonly finding: string;
  /** The fix. */
  readonly fix: string;
}

/**
 * Turns a list of problems into one outcome: the worst problem (the first `fail`, else the first
 * `warn`) gives the finding and fix, every problem is listed in the details. No problems is `ok`
 * with `finding`.
 *
 * @param problems Everything found, most important first.
 * @param finding The finding when there is no problem.
 * @param details Lines shown after the problems.
 * @returns The outcome.
 *
 * @example Two problems, the failure leads
 * ```ts
 * import { worstOf } from "./doctor_check.ts";
 *
 * const outcome = worstOf([
 *   { severity: "warn", finding: "no secure timestamp", fix: "sign with --timestamp" },
 *   { severity: "fail", finding: "forbidden entitlement", fix: "remove it" },
 * ], "signatures are fine");
 * console.assert(outcome.status === "fail");
 * console.assert(outcome.finding === "forbidden entitlement (and 1 more)");
 * console.assert(outcome.details?.length === 2);
 * ```
 */
export function worstOf(
  problems: readonly Problem[],
  finding: string,
  details: readonly string[] = [],
): CheckOutcome {
  const worst = problems.find((problem) => problem.severity === "fail") ?? problems[0];
  if (worst === undefined) return ok(finding, details);
  const listed = problems.length > 1
    ? problems.map((problem) => `${problem.severity}: ${problem.finding}`)
    : [];
  return {
    status: worst.severity,
    finding: problems.length > 1
      ? `${worst.finding} (and ${problems.length - 1} more)`
      : worst.finding,
    fix: worst.fix,
    details: [...listed, ...details],
  };
}
