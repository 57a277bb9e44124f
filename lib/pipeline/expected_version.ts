/**
 * The driver version `install-dext` installed, kept in a small state file so that `dextkit status`
 * (after the reboot an upgrade needs) can confirm that the driver answering is that version: a
 * replaced dext keeps running until the Mac restarts.
 *
 * The file is `expected-driver.json` in `$DEXTKIT_STATE_DIR`, else `$XDG_STATE_HOME/dextkit`, else
 * `~/Library/Application Support/dextkit` on macOS (`~/.local/state/dextkit` elsewhere).
 *
 * What can be confirmed: the driver reports its marketing version (selector 0, e.g. 0.1.0 → 100),
 * not its build number; `systemextensionsctl list` shows the build number and whether that build
 * is `[activated enabled]`. {@linkcode confirmDriverVersion} uses both, whichever it is given.
 *
 * @module
 */
import { join } from "node:path";
import { DextkitError, ExitCode } from "../errors.ts";
import { formatVersion, parseVersion } from "../protocol/version.ts";
import type { SystemExtensionEntry } from "../sysext/system_extension_list.ts";
import { denoFiles, type PipelineFiles } from "./pipeline_files.ts";

/** What install-dext installed. */
export interface ExpectedDriverVersion {
  /** The dext's bundle id. */
  readonly bundleId: string;
  /** The team id, when configured. */
  readonly teamId: string | undefined;
  /** CFBundleShortVersionString, e.g. `0.1.0`. */
  readonly shortVersion: string;
  /** CFBundleVersion (the build number). */
  readonly bundleVersion: string;
  /** When it was installed (ISO 8601). */
  readonly recordedAt: string;
  /** Whether install-dext said a restart is needed before this version runs. */
  readonly rebootRequired: boolean;
}

/** The file name of the state file. */
export const EXPECTED_VERSION_FILE = "expected-driver.json";

/**
 * The state file's path.
 *
 * @param env Reads an environment variable.
 * @param os The operating system (`Deno.build.os`).
 * @returns The path, or `undefined` when neither a state directory nor `HOME` is set.
 *
 * @example
 * ```ts
 * import { expectedVersionPath } from "./expected_version.ts";
 *
 * const env: Record<string, string> = { HOME: "/Users/dev" };
 * console.assert(expectedVersionPath((name) => env[name], "darwin") ===
 *   "/Users/dev/Library/Application Support/dextkit/expected-driver.json");
 * console.assert(expectedVersionPath((name) => ({ DEXTKIT_STATE_DIR: "/tmp/s" } as Record<string, string>)[name], "linux") ===
 *   "/tmp/s/expected-driver.json");
 * ```
 */
export function expectedVersionPath(
  env: (name: string) => string | undefined,
  os: string = Deno.build.os,
): string | undefined {
  const explicit = env("DEXTKIT_STATE_DIR");
  if (explicit) return join(explicit, EXPECTED_VERSION_FILE);
  const xdg = env("XDG_STATE_HOME");
  if (xdg) return join(xdg, "dextkit", EXPECTED_VERSION_FILE);
  const home = env("HOME");
  if (!home) return undefined;
  return os === "darwin"
    ? join(home, "Library", "Application Support", "dextkit", EXPECTED_VERSION_FILE)
    : join(home, ".local", "state", "dextkit", EXPECTED_VERSION_FILE);
}

/**
 * The state file is not what install-dext writes.
 *
 * @example
 * ```ts
 * import { ExpectedVersionFileError } from "./expected_version.ts";
 *
 * console.assert(new ExpectedVersionFileError("/s/expected-driver.json", "is not JSON").exitCode === 1);
 * ```
 */
export class ExpectedVersionFileError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param path The file.
   * @param problem What is wrong with it.
   */
  constructor(path: string, problem: string) {
    super(`${path} ${problem}`, {
      hint: "delete it and run `dextkit install-dext` again to record the installed version",
      exitCode: ExitCode.Failure,
    });
  }
}

/**
 * Parses the state file.
 *
 * @param text Its contents.
 * @param path Its path, for errors.
 * @returns The record.
 * @throws {ExpectedVersionFileError} When it is not JSON or lacks a field.
 *
 * @example
 * ```ts
 * import { parseExpectedVersion } from "./expected_version.ts";
 *
 * const record = parseExpectedVersion(JSON.stringify({
 *   bundleId: "com.example.hiddriver", shortVersion: "1.2.0", bundleVersion: "7",
 *   recordedAt: "2026-05-01T10:00:00.000Z", rebootRequired: true,
 * }), "/s/expected-driver.json");
 * console.assert(record.bundleVersion === "7" && record.teamId === undefined);
 * ```
 */
export function parseExpectedVersion(text: string, path: string): ExpectedDriverVersion {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ExpectedVersionFileError(path, "is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ExpectedVersionFileError(path, "is not a JSON object");
  }
  const record = value as Record<string, unknown>;
  const field = (key: string): string => {
    const value = record[key];
    if (typeof value !== "string" || value === "") {
      throw new ExpectedVersionFileError(path, `has no ${key}`);
    }
    return value;
  };
  const teamId = record["teamId"];
  return {
    bundleId: field("bundleId"),
    teamId: typeof teamId === "string" ? teamId : undefined,
    shortVersion: field("shortVersion"),
    bundleVersion: field("bundleVersion"),
    recordedAt: field("recordedAt"),
    rebootRequired: record["rebootRequired"] === true,
  };
}

/**
 * Formats a record for the state file.
 *
 * @param record The record.
 * @returns Pretty JSON with a final newline.
 *
 * @example
 * ```ts
 * import { formatExpectedVersion, parseExpectedVersion } from "./expected_version.ts";
 *
 * const record = { bundleId: "b.c", teamId: undefined, shortVersion: "1.0.0", bundleVersion: "3", recordedAt: "2026-01-01T00:00:00.000Z", rebootRequired: false };
 * console.assert(parseExpectedVersion(formatExpectedVersion(record), "f").bundleVersion === "3");
 * ```
 */
export function formatExpectedVersion(record: ExpectedDriverVersion): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/**
 * Reads the state file.
 *
 * @param path The file ({@linkcode expectedVersionPath}).
 * @param files File access; the real file system when absent.
 * @returns The record, or `undefined` when install-dext has not recorded one.
 * @throws {ExpectedVersionFileError} When the file is malformed.
 *
 * @example
 * ```ts
 * import { readExpectedVersion } from "./expected_version.ts";
 *
 * console.assert(await readExpectedVersion("/nonexistent/expected-driver.json") === undefined);
 * ```
 */
export async function readExpectedVersion(
  path: string,
  files: PipelineFiles = denoFiles,
): Promise<ExpectedDriverVersion | undefined> {
  if (!(await files.exists(path))) return undefined;
  return parseExpectedVersion(await files.readText(path), path);
}

/** How the running driver compares with what install-dext installed. */
export type DriverVersionVerdict =
  | "confirmed"
  | "old-driver-running"
  | "reboot-pending"
  | "waiting-for-user"
  | "not-installed"
  | "activating";

/** A verdict and the sentence explaining it. */
export interface DriverVersionConfirmation {
  /** The verdict. */
  readonly verdict: DriverVersionVerdict;
  /** One line for people, naming the versions. */
  readonly message: string;
}

/** What `dextkit status` observed; give what is available. */
export interface DriverObservation {
  /** The version number the driver answered with (selector 0), when it answered. */
  readonly driverVersion?: number;
  /** The rows of `systemextensionsctl list` (any extensions; filtered by bundle id here). */
  readonly installed?: readonly SystemExtensionEntry[];
}

/**
 * Confirms that the driver answering is the version install-dext installed.
 *
 * Checks, in order: the `systemextensionsctl list` row of the expected build (missing → not
 * installed; waiting for approval; waiting for a reboot; still activating); then the version the
 * driver answered with (another one → the old driver still runs: restart the Mac).
 *
 * @param expected What install-dext recorded.
 * @param observed What was observed.
 * @returns The verdict.
 *
 * @example After an upgrade, before the reboot
 * ```ts
 * import { confirmDriverVersion } from "./expected_version.ts";
 *
 * const expected = { bundleId: "dev.dextkit.VirtualHIDDevice", teamId: undefined, shortVersion: "0.2.0", bundleVersion: "900", recordedAt: "", rebootRequired: true };
 * const result = confirmDriverVersion(expected, { driverVersion: 100 });
 * console.assert(result.verdict === "old-driver-running");
 * console.assert(confirmDriverVersion(expected, { driverVersion: 200 }).verdict === "confirmed");
 * ```
 */
export function confirmDriverVersion(
  expected: ExpectedDriverVersion,
  observed: DriverObservation,
): DriverVersionConfirmation {
  const name = `${expected.bundleId} ${expected.shortVersion} (build ${expected.bundleVersion})`;
  if (observed.installed !== undefined) {
    const row = observed.installed.find((entry) =>
      entry.bundleId === expected.bundleId && entry.bundleVersion === expected.bundleVersion &&
      (expected.teamId === undefined || entry.teamId === expected.teamId)
    );
    if (row === undefined) {
      return {
        verdict: "not-installed",
        message: `systemextensionsctl does not list ${name}, which install-dext installed; ` +
          "run `dextkit install-dext` again",
      };
    }
    const state = row.state.replaceAll("_", " ");
    switch (row.phase) {
      case "waiting-for-user":
        return {
          verdict: "waiting-for-user",
          message: `${name} waits for your approval in System Settings (${state})`,
        };
      case "reboot-pending":
        return {
          verdict: "reboot-pending",
          message: `${name} is installed but runs only after a restart (${state}); restart the Mac`,
        };
      case "enabled":
        break;
      default:
        return {
          verdict: "activating",
          message: `${name} is not enabled yet (${state})`,
        };
    }
  }
  if (observed.driverVersion !== undefined) {
    const expectedNumber = versionNumber(expected.shortVersion);
    if (expectedNumber !== undefined && observed.driverVersion !== expectedNumber) {
      return {
        verdict: "old-driver-running",
        message: `the driver answering is ${describeNumber(observed.driverVersion)}, but ` +
          `install-dext installed ${name}; restart the Mac so the new driver runs`,
      };
    }
  }
  return {
    verdict: "confirmed",
    message: observed.driverVersion === undefined
      ? `${name} is activated and enabled`
      : `the driver answering is ${name}, the version install-dext installed`,
  };
}

function versionNumber(version: string): number | undefined {
  try {
    return parseVersion(version);
  } catch {
    return undefined;
  }
}

function describeNumber(number: number): string {
  try {
    return formatVersion(number);
  } catch {
    return `version number ${number}`;
  }
}
