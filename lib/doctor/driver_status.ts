/**
 * `dextkit status`: where the driver stands right now — the installed versions and their states
 * (`systemextensionsctl list`), the version `install-dext` recorded and whether it is the one
 * running, the driver version answering over IOKit, whether its keyboard and pointing device
 * become ready, and the LED state. The {@linkcode DriverStatus} object is also the
 * `status --json` output (documented in docs/doctor.md).
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";
import { formatIOReturn, ioReturnLabel } from "../iokit/io_return.ts";
import { confirmDriverVersion } from "../pipeline/expected_version.ts";
import { Capability } from "../protocol/capability.ts";
import type { SystemExtensionEntry } from "../sysext/system_extension_list.ts";
import type { SystemExtensionPhase } from "../sysext/system_extension_state.ts";
import { readExpectedInstall, readExtensionRows, versionLabel } from "./check_system_extensions.ts";
import type { DoctorContext } from "./doctor_context.ts";
import type { DriverProbe } from "./driver_probe.ts";
import { formatDriverVersion } from "./format_driver.ts";

/**
 * The version of the `status --json` shape.
 *
 * @example
 * ```ts
 * import { DRIVER_STATUS_VERSION } from "./driver_status.ts";
 *
 * console.assert(DRIVER_STATUS_VERSION === 1);
 * ```
 */
export const DRIVER_STATUS_VERSION = 1;

/** One installed version (a `systemextensionsctl list` row). */
export interface InstalledVersion {
  /** CFBundleShortVersionString. */
  readonly shortVersion: string;
  /** CFBundleVersion (the build number). */
  readonly bundleVersion: string;
  /** The state, underscore form (`activated_enabled`). */
  readonly state: string;
  /** What the state means. */
  readonly phase: SystemExtensionPhase;
  /** The enabled column. */
  readonly enabled: boolean;
  /** The active column. */
  readonly active: boolean;
}

/** The driver as seen over IOKit. */
export interface DriverAnswer {
  /** The probe's outcome, or `not-checked` (no IOKit here, or an unknown driver). */
  readonly state: DriverProbe["kind"] | "not-checked";
  /** The version answering (`a.b.c`), when it answered. */
  readonly version: string | null;
  /** The protocol version, when it reports one. */
  readonly protocolVersion: number | null;
  /** The capability names it reports. */
  readonly capabilities: readonly string[];
  /** Why it did not answer, in one line; `null` when it did. */
  readonly message: string | null;
}

/** What install-dext recorded, compared with what runs. */
export interface ExpectedInstall {
  /** CFBundleShortVersionString recorded. */
  readonly shortVersion: string;
  /** CFBundleVersion recorded. */
  readonly bundleVersion: string;
  /** When (ISO 8601). */
  readonly recordedAt: string;
  /**
   * The comparison's verdict (`confirmed`, `old-driver-running`, `reboot-pending`, …), or
   * `unreadable` when install-dext's state file is malformed (the message says which file).
   */
  readonly verdict: string;
  /** The comparison in one line. */
  readonly message: string;
}

/** The status (the `status --json` document). */
export interface DriverStatus {
  /** {@linkcode DRIVER_STATUS_VERSION}. */
  readonly version: typeof DRIVER_STATUS_VERSION;
  /** The dext's bundle id. */
  readonly bundleId: string;
  /** The installed versions; `null` when they could not be read (see `installedError`). */
  readonly installed: readonly InstalledVersion[] | null;
  /** Why the installed versions could not be read. */
  readonly installedError: string | null;
  /** What install-dext recorded, when it recorded something for this bundle id. */
  readonly expected: ExpectedInstall | null;
  /** The driver over IOKit. */
  readonly driver: DriverAnswer;
  /** Whether each virtual device became ready; `null` when the driver did not answer. */
  readonly devices: { readonly keyboard: boolean | null; readonly pointing: boolean | null };
  /** The keyboard LEDs, for a driver that reports them. */
  readonly leds: { readonly capsLock: boolean; readonly numLock: boolean } | null;
}

/**
 * Collects the status. Problems reading one part are reported in that part; only a missing
 * configuration throws.
 *
 * @param context The doctor context (runner, configuration, probe).
 * @returns The status.
 * @throws {DextkitError} When the context has no configuration.
 *
 * @example The installed versions from a scripted `systemextensionsctl list`
 * ```ts
 * import { collectDriverStatus } from "./driver_status.ts";
 * import { DoctorContext } from "./doctor_context.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 *
 * const runner = new DryRunRunner({ respond: () => ({ stdout: "0 extension(s)\n" }) });
 * const context = new DoctorContext({
 *   runner, os: "darwin", env: {}, config: resolveConfig(undefined, { root: "/p" }),
 *   probeDriver: () => Promise.resolve({ kind: "absent" }),
 * });
 * const status = await collectDriverStatus(context);
 * console.assert(status.installed?.length === 0 && status.driver.state === "absent");
 * ```
 */
export async function collectDriverStatus(context: DoctorContext): Promise<DriverStatus> {
  const config = context.config;
  if (config === undefined) {
    throw context.configError instanceof DextkitError
      ? context.configError
      : new DextkitError("the configuration did not load");
  }
  const bundleId = config.bundleIds.dext;
  let rows: readonly SystemExtensionEntry[] | null = null;
  let installedError: string | null = null;
  try {
    rows = (await readExtensionRows(context, bundleId)).rows;
  } catch (error) {
    if (!(error instanceof DextkitError)) throw error;
    installedError = error.message;
  }
  const probe = context.identity !== undefined && context.canProbeDriver
    ? await context.probeDriver(context.identity)
    : undefined;
  const driver = driverAnswer(probe, context);
  let expected: ExpectedInstall | null = null;
  try {
    const record = await readExpectedInstall(context);
    if (record !== undefined && record.bundleId === bundleId) {
      const driverVersion = probe?.kind === "answered" || probe?.kind === "incompatible"
        ? probe.driver.driverVersion
        : undefined;
      const confirmation = confirmDriverVersion(record, {
        ...(rows === null ? {} : { installed: rows }),
        ...(driverVersion === undefined ? {} : { driverVersion }),
      });
      expected = {
        shortVersion: record.shortVersion,
        bundleVersion: record.bundleVersion,
        recordedAt: record.recordedAt,
        verdict: confirmation.verdict,
        message: confirmation.message,
      };
    }
  } catch (error) {
    if (!(error instanceof DextkitError)) throw error;
    expected = {
      shortVersion: "",
      bundleVersion: "",
      recordedAt: "",
      verdict: "unreadable",
      message: `${error.message}; ${error.hint}`,
    };
  }
  return {
    version: DRIVER_STATUS_VERSION,
    bundleId,
    installed: rows === null ? null : rows.map((row) => ({
      shortVersion: row.shortVersion,
      bundleVersion: row.bundleVersion,
      state: row.state,
      phase: row.phase,
      enabled: row.enabled,
      active: row.active,
    })),
    installedError,
    expected,
    driver,
    devices: probe?.kind === "answered"
      ? { keyboard: probe.keyboard.ready, pointing: probe.pointing.ready }
      : { keyboard: null, pointing: null },
    leds: probe?.kind === "answered" && probe.leds !== undefined
      ? { capsLock: probe.leds.capsLock, numLock: probe.leds.numLock }
      : null,
  };
}

/**
 * The status as text.
 *
 * @param status The status.
 * @returns The lines.
 *
 * @example
 * ```ts
 * import { formatDriverStatus } from "./driver_status.ts";
 *
 * const lines = formatDriverStatus({
 *   version: 1, bundleId: "dev.dextkit.VirtualHIDDevice",
 *   installed: [{ shortVersion: "0.1.0", bundleVersion: "7", state: "activated_enabled", phase: "enabled", enabled: true, active: true }],
 *   installedError: null, expected: null,
 *   driver: { state: "answered", version: "0.1.0", protocolVersion: 1, capabilities: ["LedState"], message: null },
 *   devices: { keyboard: true, pointing: true }, leds: { capsLock: false, numLock: true },
 * });
 * console.assert(lines[1] === "  installed: 0.1.0 (7) activated enabled");
 * console.assert(lines.at(-1) === "  LEDs:      Caps Lock off, Num Lock on");
 * ```
 */
export function formatDriverStatus(status: DriverStatus): string[] {
  const lines = [status.bundleId];
  const label = (name: string): string => `  ${`${name}:`.padEnd(11)}`;
  if (status.installed === null) {
    lines.push(`${label("installed")}unknown (${status.installedError ?? "not read"})`);
  } else if (status.installed.length === 0) {
    lines.push(`${label("installed")}not installed`);
  } else {
    status.installed.forEach((row, index) => {
      const text = `${versionLabel(row)} ${row.state.replaceAll("_", " ")}`;
      lines.push(`${index === 0 ? label("installed") : " ".repeat(13)}${text}`);
    });
  }
  if (status.expected !== null) {
    lines.push(`${label("expected")}${status.expected.message}`);
  }
  const driver = status.driver;
  lines.push(
    `${label("driver")}${
      driver.state === "answered"
        ? `${driver.version ?? "?"}${
          driver.protocolVersion === null ? "" : ` (protocol ${driver.protocolVersion})`
        } answering`
        : driver.message ?? driver.state
    }`,
  );
  if (status.devices.keyboard !== null) {
    lines.push(
      `${label("devices")}keyboard ${status.devices.keyboard ? "ready" : "not ready"}, ` +
        `pointing device ${status.devices.pointing ? "ready" : "not ready"}`,
    );
  }
  if (status.leds !== null) {
    lines.push(
      `${label("LEDs")}Caps Lock ${status.leds.capsLock ? "on" : "off"}, ` +
        `Num Lock ${status.leds.numLock ? "on" : "off"}`,
    );
  }
  return lines;
}

/**
 * The exit code of `dextkit status`: 0 when the driver answers and its keyboard is ready,
 * {@linkcode ExitCode.RebootRequired} when an older driver still runs, otherwise
 * {@linkcode ExitCode.DeviceUnavailable}.
 *
 * @param status The status.
 * @returns 0, 3 or 5.
 *
 * @example
 * ```ts
 * import { driverStatusExitCode } from "./driver_status.ts";
 *
 * console.assert(driverStatusExitCode({
 *   version: 1, bundleId: "b", installed: [], installedError: null, expected: null,
 *   driver: { state: "absent", version: null, protocolVersion: null, capabilities: [], message: "not running" },
 *   devices: { keyboard: null, pointing: null }, leds: null,
 * }) === 5);
 * ```
 */
export function driverStatusExitCode(status: DriverStatus): ExitCode {
  if (status.driver.state === "incompatible" || status.expected?.verdict === "old-driver-running") {
    return ExitCode.RebootRequired;
  }
  return status.driver.state === "answered" && status.devices.keyboard === true
    ? ExitCode.Ok
    : ExitCode.DeviceUnavailable;
}

function driverAnswer(probe: DriverProbe | undefined, context: DoctorContext): DriverAnswer {
  const none = { version: null, protocolVersion: null, capabilities: [] };
  if (probe === undefined) {
    return {
      state: "not-checked",
      ...none,
      message: context.identity === undefined
        ? "not checked: dextkit knows the IOKit names of its own and Karabiner's drivers only"
        : `not checked: no IOKit on ${context.os}`,
    };
  }
  switch (probe.kind) {
    case "answered":
    case "incompatible":
      return {
        state: probe.kind,
        version: formatDriverVersion(probe.driver.driverVersion),
        protocolVersion: probe.driver.protocolVersion,
        capabilities: Object.entries(Capability)
          .filter(([, bit]) => (probe.driver.capabilities & bit) !== 0)
          .map(([name]) => name),
        message: probe.kind === "incompatible" ? probe.message : null,
      };
    case "absent":
      return { state: "absent", ...none, message: "not running (no IOKit service)" };
    case "refused":
      return {
        state: "refused",
        ...none,
        message: `refused the connection: ${ioReturnLabel(probe.code)} (\`dextkit explain ` +
          `${formatIOReturn(probe.code)}\` tells why)`,
      };
    case "unavailable":
    case "failed":
      return { state: probe.kind, ...none, message: probe.message };
  }
}
