/**
 * `dextkit doctor [--json] [--config PATH]`: runs every doctor check (lib/doctor/doctor_checks.ts)
 * and prints one line per check, with the fix under each warning or failure — or, with `--json`,
 * the report document (version 1, documented in docs/doctor.md). Exit code 1 when a check
 * failed, else 0. Off macOS the system checks are skipped with what they would have read, and
 * the checks that need no Mac (configuration, dext/ consistency, entitlement files) still run.
 *
 * Also home of what the diagnostics commands (`doctor`, `status`, `logs`) share: their
 * surroundings ({@linkcode DiagnosticsCliDeps}) and the doctor context. The command-line syntax
 * is declared in `../parser.ts`.
 *
 * @module
 */
import type { DextkitConfig } from "../../config/dextkit_config.ts";
import { loadConfig } from "../../config/load_config.ts";
import { DoctorContext, type DoctorPaths } from "../../doctor/doctor_context.ts";
import { DOCTOR_CHECKS } from "../../doctor/doctor_checks.ts";
import { doctorExitCode } from "../../doctor/doctor_report.ts";
import type { DriverProbe } from "../../doctor/driver_probe.ts";
import { formatCheckResult, summaryLine } from "../../doctor/format_doctor_report.ts";
import { runDoctor } from "../../doctor/run_doctor.ts";
import type { ProtocolIdentity } from "../../protocol/identity.ts";
import type { CommandRunner } from "../../runner/command_runner.ts";
import { DenoCommandRunner } from "../../runner/deno_command_runner.ts";
import type { CliOutput } from "../output.ts";

/** What `doctor`, `status` and `logs` need from their surroundings; tests replace the defaults. */
export interface DiagnosticsCliDeps {
  /** Where to print. */
  readonly output: CliOutput;
  /** The environment (`HOME`, `DEXTKIT_IOKIT_LIBRARY`, `DEXTKIT_STATE_DIR`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The operating system; `Deno.build.os` when absent. */
  readonly os?: string | undefined;
  /** The runner; `DenoCommandRunner` when absent. */
  readonly runner?: CommandRunner | undefined;
  /** The directory `--config` defaults to; the current directory when absent. */
  readonly cwd?: string | undefined;
  /** Replaces some file locations (db.plist, /Applications, crash reports). */
  readonly paths?: Partial<DoctorPaths> | undefined;
  /** Replaces the IOKit driver probe. */
  readonly probeDriver?: ((identity: ProtocolIdentity) => Promise<DriverProbe>) | undefined;
  /** "Now", for the age of crash reports; the current time when absent. */
  readonly now?: Date | undefined;
}

/** Options of `dextkit doctor`. */
export interface DoctorCommandOptions {
  /** `--config`. */
  readonly config?: string | undefined;
  /** `--json`. */
  readonly json?: boolean | undefined;
}

/**
 * Builds the doctor context: loads the configuration (a failure is kept for the configuration
 * check, not thrown) and wires the runner, paths and probe.
 *
 * @param configPath `--config`, or `undefined` for the current directory.
 * @param deps The surroundings.
 * @returns The context.
 *
 * @example Defaults for a folder without configuration
 * ```ts
 * import { diagnosticsContext } from "./doctor.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const dir = await Deno.makeTempDir();
 * const context = await diagnosticsContext(undefined, { output: new CapturedOutput(), env: {}, cwd: dir });
 * console.assert(context.config?.bundleIds.dext === "dev.dextkit.VirtualHIDDevice");
 * await Deno.remove(dir);
 * ```
 */
export async function diagnosticsContext(
  configPath: string | undefined,
  deps: DiagnosticsCliDeps,
): Promise<DoctorContext> {
  let config: DextkitConfig | undefined;
  let configError: unknown;
  try {
    config = await loadConfig(configPath ?? deps.cwd ?? Deno.cwd());
  } catch (error) {
    configError = error;
  }
  return new DoctorContext({
    runner: deps.runner ?? new DenoCommandRunner(),
    config,
    configError,
    env: deps.env,
    ...(deps.os === undefined ? {} : { os: deps.os }),
    ...(deps.paths === undefined ? {} : { paths: deps.paths }),
    ...(deps.probeDriver === undefined ? {} : { probeDriver: deps.probeDriver }),
    ...(deps.now === undefined ? {} : { now: deps.now }),
  });
}

/**
 * Runs `dextkit doctor`.
 *
 * @param options The command line.
 * @param deps The surroundings.
 * @returns 1 when a check failed, else 0.
 *
 * @example On Linux, the system checks are skipped
 * ```ts
 * import { runDoctorCommand } from "./doctor.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const output = new CapturedOutput();
 * await runDoctorCommand({ json: true }, { output, env: {}, os: "linux", cwd: new URL("../../..", import.meta.url).pathname });
 * const report = JSON.parse(output.stdout);
 * console.assert(report.version === 1);
 * console.assert(report.checks.find((check: { id: string }) => check.id === "sip").status === "skipped");
 * ```
 */
export async function runDoctorCommand(
  options: DoctorCommandOptions,
  deps: DiagnosticsCliDeps,
): Promise<number> {
  const context = await diagnosticsContext(options.config, deps);
  const width = Math.max(...DOCTOR_CHECKS.map((check) => check.id.length));
  const json = options.json === true;
  if (!json) {
    deps.output.out(
      `dextkit doctor: ${DOCTOR_CHECKS.length} checks on ${
        context.isMacOS ? "macOS" : `${context.os} (system checks need macOS)`
      }`,
    );
  }
  const report = await runDoctor(context, DOCTOR_CHECKS, (result) => {
    if (!json) { for (const line of formatCheckResult(result, width)) deps.output.out(line); }
  });
  if (json) deps.output.out(JSON.stringify(report, null, 2));
  else deps.output.out(summaryLine(report));
  return doctorExitCode(report);
}
