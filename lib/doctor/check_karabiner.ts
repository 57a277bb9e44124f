/**
 * Doctor check `karabiner`: can dextkit type through Karabiner-Elements (`--device karabiner`)?
 * It reads, without root, the installed versions (the Info.plist of Karabiner-Elements, of the
 * driver's manager app and of the daemon) and the state of Karabiner's driver extension in
 * `systemextensionsctl list`; it connects to the daemon's socket and reads the status the daemon
 * pushes (karabiner-daemon-protocol.md), which only root may (otherwise it says to use sudo). It names the protocol versions dextkit speaks.
 *
 * The bundle locations are Karabiner-Elements' install layout as its package installs it; they
 * are not in the protocol notes and are unverified until run on a Mac.
 *
 * @module
 */
import { join } from "node:path";
import { handshakeKarabinerDaemon, type KarabinerHandshake } from "../device/karabiner_probe.ts";
import { DextkitError } from "../errors.ts";
import { KarabinerNotRootError } from "../karabiner/karabiner_errors.ts";
import { karabinerSocketPath } from "../karabiner/socket_path.ts";
import { SUPPORTED_PROTOCOLS } from "../karabiner/requests.ts";
import { isPlistDictionary, parsePlist } from "../sysext/plist.ts";
import { readExtensionRows, versionLabel } from "./check_system_extensions.ts";
import {
  type CheckOutcome,
  type DoctorCheck,
  type Problem,
  skipped,
  worstOf,
} from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";

/** The bundle id of Karabiner's driver extension. */
export const KARABINER_DEXT_ID = "org.pqrs.Karabiner-DriverKit-VirtualHIDDevice";

/** The daemon's app bundle. */
export const KARABINER_DAEMON_APP = "/Library/Application Support/org.pqrs/" +
  "Karabiner-DriverKit-VirtualHIDDevice/Applications/Karabiner-VirtualHIDDevice-Daemon.app";

const ELEMENTS_APP = "Karabiner-Elements.app";
const MANAGER_APP = ".Karabiner-VirtualHIDDevice-Manager.app";
const MINIMUM_ELEMENTS = [16, 1] as const;

/** What the check found installed. */
export interface KarabinerInstall {
  /** Karabiner-Elements' version, or `undefined` when it is not in the applications folder. */
  readonly elements: string | undefined;
  /** The driver manager app's version (the driver package's version). */
  readonly driver: string | undefined;
  /** The daemon's version. */
  readonly daemon: string | undefined;
}

/**
 * Reads the installed versions (no root needed).
 *
 * @param context The doctor run (its applications folder).
 * @param daemonApp The daemon's bundle; {@linkcode KARABINER_DAEMON_APP} when omitted.
 * @returns The versions found.
 *
 * @example Nothing installed
 * ```ts
 * import { readKarabinerInstall } from "./check_karabiner.ts";
 * import { DoctorContext } from "./doctor_context.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 *
 * const context = new DoctorContext({ runner: new DryRunRunner(), config: undefined, paths: { applications: "/nonexistent" } });
 * const install = await readKarabinerInstall(context, "/nonexistent/d.app");
 * console.assert(install.elements === undefined && install.daemon === undefined);
 * ```
 */
export async function readKarabinerInstall(
  context: DoctorContext,
  daemonApp: string = KARABINER_DAEMON_APP,
): Promise<KarabinerInstall> {
  const apps = context.paths.applications;
  const [elements, driver, daemon] = await Promise.all([
    bundleVersion(join(apps, ELEMENTS_APP)),
    bundleVersion(join(apps, MANAGER_APP)),
    bundleVersion(daemonApp),
  ]);
  return { elements, driver, daemon };
}

/**
 * Whether a Karabiner-Elements version speaks daemon protocol 7 (16.1 or later).
 *
 * @param version `CFBundleShortVersionString`, e.g. `15.3.0`.
 * @returns `true` for 16.1 and later; `undefined` when the version cannot be read.
 *
 * @example
 * ```ts
 * import { elementsSpeaksProtocol7 } from "./check_karabiner.ts";
 *
 * console.assert(elementsSpeaksProtocol7("16.1.0") === true);
 * console.assert(elementsSpeaksProtocol7("15.3.0") === false);
 * ```
 */
export function elementsSpeaksProtocol7(version: string): boolean | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (match === null) return undefined;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > MINIMUM_ELEMENTS[0] ||
    (major === MINIMUM_ELEMENTS[0] && minor >= MINIMUM_ELEMENTS[1]);
}

/**
 * The Karabiner check.
 *
 * @example
 * ```ts
 * import { karabinerCheck } from "./check_karabiner.ts";
 *
 * console.assert(karabinerCheck.id === "karabiner");
 * ```
 */
export const karabinerCheck: DoctorCheck = {
  id: "karabiner",
  title: "Karabiner-Elements (--device karabiner)",
  macOSOnly: "reads Karabiner-Elements' versions, its driver extension's state and its daemon",
  needsConfig: false,
  run: (context) => checkKarabiner(context),
};

/** Options of {@linkcode checkKarabiner} (tests). */
export interface CheckKarabinerOptions {
  /** The daemon's bundle. */
  readonly daemonApp?: string;
  /** Connects and reads the pushed status; {@linkcode handshakeKarabinerDaemon} when omitted. */
  readonly handshake?: (socketPath: string) => KarabinerHandshake;
}

/**
 * Runs the Karabiner check.
 *
 * @param context The doctor run.
 * @param options The daemon's bundle and the handshake (tests).
 * @returns The outcome.
 *
 * @example Not installed: skipped, with how to install
 * ```ts
 * import { checkKarabiner } from "./check_karabiner.ts";
 * import { DoctorContext } from "./doctor_context.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 *
 * const runner = new DryRunRunner({ respond: () => ({ stdout: "0 extension(s)\n" }) });
 * const context = new DoctorContext({
 *   runner,
 *   config: undefined,
 *   paths: { applications: "/nonexistent" },
 *   env: { DEXTKIT_KARABINER_SOCKET: "/nonexistent/k.sock" },
 * });
 * const outcome = await checkKarabiner(context, { daemonApp: "/nonexistent/d.app" });
 * console.assert(outcome.status === "skipped");
 * ```
 */
export async function checkKarabiner(
  context: DoctorContext,
  options: CheckKarabinerOptions = {},
): Promise<CheckOutcome> {
  const install = await readKarabinerInstall(context, options.daemonApp);
  const { rows } = await readExtensionRows(context, KARABINER_DEXT_ID);
  const socketPath = karabinerSocketPath({ get: (name) => context.env[name] });
  const details = [
    `Karabiner-Elements ${install.elements ?? "not installed"}, driver ${
      install.driver ?? "not installed"
    }, daemon ${install.daemon ?? "not installed"}`,
    ...rows.map((row) => `driver extension ${versionLabel(row)}: ${row.state}`),
    `dextkit speaks daemon protocol ${
      SUPPORTED_PROTOCOLS.join(" and ")
    } (7: Karabiner-Elements 16.1+, driver 8.0.0+; 6: driver 7.x)`,
  ];
  if (install.elements === undefined && install.daemon === undefined && rows.length === 0) {
    return skipped(
      "Karabiner-Elements is not installed: --device karabiner needs it",
      "to type without building a driver, install Karabiner-Elements 16.1 or later",
    );
  }
  const problems: Problem[] = [];
  if (install.elements !== undefined && elementsSpeaksProtocol7(install.elements) === false) {
    problems.push({
      severity: "fail",
      finding: `Karabiner-Elements ${install.elements} uses the old datagram sockets`,
      fix: "update Karabiner-Elements to 16.1 or later",
    });
  }
  const active = rows.find((row) => row.active) ?? rows[0];
  if (active === undefined) {
    problems.push({
      severity: "fail",
      finding: "Karabiner's driver extension is not in `systemextensionsctl list`",
      fix: "open Karabiner-Elements once and allow its driver extension",
    });
  } else if (active.state !== "activated_enabled") {
    problems.push({
      severity: "fail",
      finding: `Karabiner's driver extension is ${active.state.replaceAll("_", " ")}`,
      fix: "approve it in System Settings › General › Login Items & Extensions › Driver " +
        "Extensions, or run Karabiner-VirtualHIDDevice-Manager forceActivate",
    });
  }
  if (install.daemon === undefined) {
    problems.push({
      severity: "fail",
      finding: "Karabiner's daemon (Karabiner-VirtualHIDDevice-Daemon) is not installed",
      fix: "install Karabiner-Elements 16.1 or later (it installs and starts the daemon)",
    });
  }
  const handshake = (options.handshake ?? handshakeKarabinerDaemon)(socketPath);
  if (!handshake.ok && handshake.error instanceof KarabinerNotRootError) {
    details.push(`socket not checked (${socketPath} is root-only): run \`sudo dextkit doctor\``);
  } else {
    if (!handshake.ok) {
      problems.push({
        severity: "fail",
        finding: handshake.error.message,
        fix: handshake.error instanceof DextkitError && handshake.error.hint !== ""
          ? handshake.error.hint
          : "restart Karabiner-Elements, then run `sudo dextkit doctor` again",
      });
    } else {
      const { status } = handshake;
      details.push(
        `daemon at ${socketPath}: driver ${
          status.driverActivated ? "activated" : "not activated"
        }, ${status.driverConnected ? "connected" : "not connected"}${
          status.driverVersionMismatched ? ", version mismatched" : ""
        }`,
      );
      if (status.driverVersionMismatched) {
        problems.push({
          severity: "fail",
          finding: "the daemon reports driver_version_mismatched",
          fix: "reboot the Mac (Karabiner-Elements was updated)",
        });
      }
      if (status.driverActivated === false) {
        problems.push({
          severity: "fail",
          finding: "the daemon reports the driver extension as not activated",
          fix: "approve it in System Settings, or run Karabiner-VirtualHIDDevice-Manager " +
            "forceActivate",
        });
      }
    }
  }
  return worstOf(
    problems,
    "Karabiner-Elements is ready: `sudo deno task dextkit type … --device karabiner` types " +
      "through its driver",
    details,
  );
}

async function bundleVersion(bundle: string): Promise<string | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(join(bundle, "Contents", "Info.plist"));
  } catch {
    return undefined;
  }
  try {
    const value = parsePlist(bytes, bundle);
    if (!isPlistDictionary(value)) return undefined;
    const version = value.CFBundleShortVersionString;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}
