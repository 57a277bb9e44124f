/**
 * `dextkit status [--json] [--dry-run] [--config PATH]`: the installed versions and their
 * states, the version install-dext recorded, the driver version answering, whether the devices
 * become ready, and the LED state (see lib/doctor/driver_status.ts); then which device backend
 * `auto` would pick and why (dextkit's driver, else Karabiner's daemon). Exit code 0 when the driver
 * answers with a ready keyboard, 3 when an older driver still runs (reboot), 5 otherwise.
 *
 * Needs macOS; `--dry-run` prints the command it would run and what it would ask IOKit, on any
 * system.
 *
 * @module
 */
import {
  collectDriverStatus,
  driverStatusExitCode,
  formatDriverStatus,
} from "../../doctor/driver_status.ts";
import "../../device/iokit_device.ts";
import { probeIOKitDriver } from "../../device/iokit_probe.ts";
import "../../device/karabiner_device.ts";
import { probeKarabinerSocket } from "../../device/karabiner_probe.ts";
import { type AutoExplanation, explainAuto } from "../../device/select_device.ts";
import { DryRunRunner } from "../../runner/dry_run_runner.ts";
import { needsMacOS } from "../../runner/needs_macos.ts";
import { type DiagnosticsCliDeps, diagnosticsContext } from "./doctor.ts";

/** Options of `dextkit status`. */
export interface StatusCommandOptions {
  /** `--config`. */
  readonly config?: string | undefined;
  /** `--dry-run`. */
  readonly dryRun?: boolean | undefined;
  /** `--json`. */
  readonly json?: boolean | undefined;
}

/** What `dextkit status` needs besides the diagnostics' surroundings. */
export interface StatusCliDeps extends DiagnosticsCliDeps {
  /** Replaces the look at what `auto` would pick (tests). */
  readonly explainAuto?: (() => AutoExplanation) | undefined;
}

/**
 * The line that says which backend `auto` picks and why.
 *
 * @param explained What `explainAuto` found.
 * @returns The line.
 *
 * @example
 * ```ts
 * import { formatAutoChoice } from "./status.ts";
 *
 * const line = formatAutoChoice({
 *   name: "karabiner",
 *   candidates: [
 *     { name: "iokit", available: false, reason: "not running" },
 *     { name: "karabiner", available: true, reason: "socket there" },
 *   ],
 * });
 * console.assert(line === "auto device: karabiner (iokit: not running; karabiner: socket there)");
 * ```
 */
export function formatAutoChoice(explained: AutoExplanation): string {
  const reasons = explained.candidates.map((candidate) => `${candidate.name}: ${candidate.reason}`);
  return `auto device: ${explained.name ?? "none"} (${reasons.join("; ")})`;
}

/**
 * Runs `dextkit status`.
 *
 * @param options The command line.
 * @param deps The surroundings.
 * @returns 0, 3 or 5 (see the module documentation).
 * @throws {NeedsMacOSError} Off macOS without `--dry-run`.
 * @throws {ConfigError} When the configuration does not load.
 *
 * @example The plan, on any system
 * ```ts
 * import { runStatusCommand } from "./status.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const output = new CapturedOutput();
 * const dir = await Deno.makeTempDir();
 * await runStatusCommand({ dryRun: true }, { output, env: {}, os: "linux", cwd: dir });
 * console.assert(output.outLines.includes("systemextensionsctl list"));
 * await Deno.remove(dir);
 * ```
 */
export async function runStatusCommand(
  options: StatusCommandOptions,
  deps: StatusCliDeps,
): Promise<number> {
  const dryRun = options.dryRun === true;
  if (!dryRun) needsMacOS("status", deps.os ?? Deno.build.os);
  if (dryRun) {
    const runner = new DryRunRunner({ print: (line) => deps.output.out(line) });
    const context = await diagnosticsContext(options.config, { ...deps, runner });
    if (context.config === undefined) throw context.configError;
    deps.output.out("# dextkit status --dry-run: what it would run and ask");
    await runner.run({ cmd: "systemextensionsctl", args: ["list"] });
    runner.note(
      context.identity === undefined
        ? `no IOKit probe: the service name of ${context.config.bundleIds.dext} is unknown`
        : `open IOKit service ${context.identity.serviceName}, read its version, create the ` +
          "keyboard and pointing device, wait until ready, read the LED state, close",
    );
    runner.note(
      "for auto: look up dextkit's driver service, then stat Karabiner's daemon socket",
    );
    return 0;
  }
  const context = await diagnosticsContext(options.config, deps);
  const status = await collectDriverStatus(context);
  const auto = (deps.explainAuto ?? (() =>
    explainAuto({
      os: (deps.os ?? Deno.build.os) as typeof Deno.build.os,
      probes: new Map([
        ["iokit", () => probeIOKitDriver()],
        ["karabiner", () => probeKarabinerSocket({ env: { get: (name) => deps.env[name] } })],
      ]),
    })))();
  if (options.json === true) {
    deps.output.out(JSON.stringify({ ...status, autoDevice: auto }, null, 2));
  } else {
    for (const line of formatDriverStatus(status)) deps.output.out(line);
    deps.output.out(formatAutoChoice(auto));
  }
  return driverStatusExitCode(status);
}
