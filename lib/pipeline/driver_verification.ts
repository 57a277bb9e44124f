/**
 * Proving after an install that the driver runs: `[activated enabled]` is sysextd's state, not
 * proof (macos-corrections.md item 20: a dext killed at launch with "Code Signature Invalid" can
 * still be listed as enabled). Two checks:
 *
 * - {@linkcode waitForDriver}: the driver's service appears in the IORegistry and answers a
 *   version handshake. The IOKit part is a {@linkcode DriverProbe} function given by the caller
 *   (the CLI passes the doctor's driver probe, which looks the service up by its registry name
 *   and reads the versions; tests pass a fake), because the pipeline does not load IOKit;
 * - {@linkcode freshCrashReports}: crash reports of the dext (`<bundle id>-….ips` in
 *   `/Library/Logs/DiagnosticReports`, where dexts' reports go: macos-tooling-reference §4.9)
 *   written since the install started.
 *
 * @module
 */
import { join } from "node:path";
import { formatElapsed } from "./format_elapsed.ts";
import { type CrashReport, parseCrashReport } from "../sysext/crash_report.ts";
import { OutputParseError } from "../sysext/output_parse_error.ts";
import { type PipelineContext, planNote } from "./pipeline_context.ts";

/** What one look at the running driver found. */
export type DriverAnswer =
  | {
    /** The service is in the registry and answered the version handshake. */
    readonly kind: "answered";
    /** Its driver version (selector 0). */
    readonly driverVersion: number;
    /** Its protocol version, or `null` for a driver without one. */
    readonly protocolVersion: number | null;
  }
  | {
    /** No service with the driver's registry name: not (yet) running. */
    readonly kind: "absent";
  }
  | {
    /** IOKit cannot be used from this process (no `--allow-ffi`, not macOS): not checked. */
    readonly kind: "unavailable";
    /** Why, in one line. */
    readonly message: string;
  }
  | {
    /** The service is there but the handshake failed or speaks another protocol. */
    readonly kind: "failed";
    /** Why, in one line. */
    readonly message: string;
    /** What to do. */
    readonly hint: string;
  };

/** Looks at the running driver once. */
export type DriverProbe = () => Promise<DriverAnswer>;

/** How long a freshly enabled driver may take to appear and answer. */
const DRIVER_START_LIMIT_MS = 30_000;
const DRIVER_POLL_MS = 1000;

/**
 * Where macOS writes the crash reports of dexts (they run as `_driverkit`, not as the user).
 *
 * @example
 * ```ts
 * import { SYSTEM_CRASH_REPORTS } from "./driver_verification.ts";
 *
 * console.assert(SYSTEM_CRASH_REPORTS === "/Library/Logs/DiagnosticReports");
 * ```
 */
export const SYSTEM_CRASH_REPORTS = "/Library/Logs/DiagnosticReports";

/**
 * Asks the probe until the driver answers, something other than "absent" comes back, or 30 s
 * have passed.
 *
 * @param context The step's context.
 * @param probe The IOKit look-up and handshake.
 * @param step The progress step, to say what it waits for.
 * @returns The last answer (`absent` after the time limit).
 *
 * @example The driver appears on the second look
 * ```ts
 * import { waitForDriver } from "./driver_verification.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { ScriptedRunner } from "../runner/scripted_runner.ts";
 * import { VirtualClock } from "../device/clock.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const answers = [{ kind: "absent" as const }, { kind: "answered" as const, driverVersion: 100, protocolVersion: 1 }];
 * const clock = new VirtualClock();
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner: new ScriptedRunner([]),
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 *   clock,
 * });
 * const answer = await waitForDriver(context, () => Promise.resolve(answers.shift() ?? { kind: "absent" }), { update: () => {} });
 * console.assert(answer.kind === "answered" && clock.now() === 1000);
 * ```
 */
export async function waitForDriver(
  context: PipelineContext,
  probe: DriverProbe,
  step: { update(text: string): void },
): Promise<DriverAnswer> {
  if (context.runner.dryRun) {
    planNote(
      context,
      `wait up to ${formatElapsed(DRIVER_START_LIMIT_MS)} for the driver's service in the ` +
        "IORegistry and its version handshake (IOKit)",
    );
    return { kind: "absent" };
  }
  const started = context.clock.now();
  step.update("waiting for the driver to answer");
  while (true) {
    const answer = await probe();
    if (answer.kind !== "absent") return answer;
    if (context.clock.now() - started + DRIVER_POLL_MS > DRIVER_START_LIMIT_MS) return answer;
    await context.clock.sleep(DRIVER_POLL_MS);
  }
}

/** A crash report of the dext written after the install began. */
export interface FreshCrash {
  /** The report's path. */
  readonly path: string;
  /** What it says. */
  readonly report: CrashReport;
}

/**
 * The dext's crash reports whose timestamp is at or after `sinceMs`.
 *
 * @param context The step's context.
 * @param sinceMs When the install began (wall time, ms since the epoch).
 * @returns The reports, oldest first. Unreadable reports are skipped with a printed line.
 *
 * @example No crash report folder: nothing found
 * ```ts
 * import { freshCrashReports } from "./driver_verification.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { ScriptedRunner } from "../runner/scripted_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner: new ScriptedRunner([]),
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 *   files: { exists: () => Promise.resolve(false), readText: () => Promise.reject(new Error()), writeText: () => Promise.resolve(), remove: () => Promise.resolve(), listDirectory: () => Promise.resolve([]) },
 * });
 * console.assert((await freshCrashReports(context, Date.now())).length === 0);
 * ```
 */
export async function freshCrashReports(
  context: PipelineContext,
  sinceMs: number,
): Promise<FreshCrash[]> {
  const dextId = context.config.bundleIds.dext;
  if (context.runner.dryRun) {
    planNote(
      context,
      `look for ${SYSTEM_CRASH_REPORTS}/${dextId}-*.ips written since the install began`,
    );
    return [];
  }
  let names: string[];
  try {
    names = await context.files.listDirectory(SYSTEM_CRASH_REPORTS);
  } catch (error) {
    if (!(error instanceof Deno.errors.PermissionDenied)) throw error;
    context.progress.log(
      `${SYSTEM_CRASH_REPORTS} is not readable; \`sudo dextkit doctor\` looks for crash reports`,
    );
    return [];
  }
  const found: FreshCrash[] = [];
  for (const name of names) {
    if (!name.startsWith(`${dextId}-`) || !name.endsWith(".ips")) continue;
    const path = join(SYSTEM_CRASH_REPORTS, name);
    let report: CrashReport;
    try {
      report = parseCrashReport(await context.files.readText(path), name);
    } catch (error) {
      if (error instanceof OutputParseError || error instanceof Deno.errors.PermissionDenied) {
        context.progress.log(`${path} could not be read: ${(error as Error).message}`);
        continue;
      }
      throw error;
    }
    if (report.time !== undefined && report.time.getTime() >= sinceMs) {
      found.push({ path, report });
    }
  }
  return found.sort((a, b) => (a.report.time?.getTime() ?? 0) - (b.report.time?.getTime() ?? 0));
}

/**
 * One line on how a crash ended: the exception, its signal and the termination reason.
 *
 * @param report The crash report.
 * @returns E.g. `EXC_CRASH (SIGKILL (Code Signature Invalid)), CODESIGNING: Invalid Page`.
 *
 * @example
 * ```ts
 * import { describeCrash } from "./driver_verification.ts";
 * import { parseCrashReport } from "../sysext/crash_report.ts";
 *
 * const report = parseCrashReport('{"app_name":"x","timestamp":"2026-05-01 10:12:13.00 +0200"}\n{"exception":{"type":"EXC_BAD_ACCESS","signal":"SIGSEGV"}}');
 * console.assert(describeCrash(report) === "EXC_BAD_ACCESS (SIGSEGV)");
 * ```
 */
export function describeCrash(report: CrashReport): string {
  const exception = report.exceptionType === undefined
    ? "a crash"
    : `${report.exceptionType}${report.signal === undefined ? "" : ` (${report.signal})`}`;
  const termination = [report.terminationNamespace, report.terminationIndicator]
    .filter((part) => part !== undefined).join(": ");
  return termination === "" ? exception : `${exception}, ${termination}`;
}
