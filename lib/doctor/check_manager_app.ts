/**
 * Doctor check `manager-app`: the host (manager) app that activates the dext is installed in
 * /Applications — macOS refuses to activate an extension from anywhere else
 * (`OSSystemExtensionError` 3, unsupportedParentBundleLocation) unless developer mode is on —
 * and it carries the dext in `Contents/Library/SystemExtensions/<bundle id>.dext`
 * (error 4, extensionNotFound, otherwise).
 *
 * The app is found by its bundle id among the apps in /Applications (hidden ones included);
 * when it is not there, db.plist (if readable) tells where the dext was activated from.
 *
 * @module
 */
import { join } from "node:path";
import { DextkitError } from "../errors.ts";
import { OutputParseError } from "../sysext/output_parse_error.ts";
import { isPlistDictionary, parsePlist } from "../sysext/plist.ts";
import { type CheckOutcome, type DoctorCheck, fail, ok, skipped, warn } from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";
import { readDeveloperMode } from "./check_developer_mode.ts";
import { readExtensionDatabase } from "./check_extension_database.ts";
import { versionLabel } from "./check_system_extensions.ts";

/** Where the manager app is. */
export type ManagerAppLocation =
  | {
    /** Found in /Applications. */
    readonly kind: "installed";
    /** The app bundle. */
    readonly path: string;
    /** Its CFBundleShortVersionString (empty when absent). */
    readonly shortVersion: string;
    /** Its CFBundleVersion (empty when absent). */
    readonly bundleVersion: string;
    /** Other copies with the same bundle id in /Applications. */
    readonly otherCopies: readonly string[];
  }
  | {
    /** Not in /Applications; db.plist says the dext was activated from here. */
    readonly kind: "elsewhere";
    /** The app bundle named in db.plist. */
    readonly path: string;
  }
  | {
    /** Not found. */
    readonly kind: "missing";
  };

/**
 * Finds the manager app once per doctor run.
 *
 * @param context The doctor run.
 * @param managerId The manager's bundle id.
 * @param dextId The dext's bundle id (to look it up in db.plist).
 * @returns Where it is.
 *
 * @example No /Applications folder at all
 * ```ts
 * import { locateManagerApp } from "./check_manager_app.ts";
 * import { DoctorContext } from "./doctor_context.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 *
 * const context = new DoctorContext({
 *   runner: new DryRunRunner(),
 *   config: undefined,
 *   paths: { applications: "/nonexistent", systemExtensionsDb: "/nonexistent/db.plist" },
 * });
 * const location = await locateManagerApp(context, "com.example.app", "com.example.driver");
 * console.assert(location.kind === "missing");
 * ```
 */
export function locateManagerApp(
  context: DoctorContext,
  managerId: string,
  dextId: string,
): Promise<ManagerAppLocation> {
  return context.once(`manager-app:${managerId}`, async () => {
    const found: { path: string; shortVersion: string; bundleVersion: string }[] = [];
    for (const name of await appNames(context.paths.applications)) {
      const path = join(context.paths.applications, name);
      const info = await readInfoPlist(join(path, "Contents", "Info.plist"));
      if (info?.["CFBundleIdentifier"] === managerId) {
        found.push({
          path,
          shortVersion: stringValue(info["CFBundleShortVersionString"]),
          bundleVersion: stringValue(info["CFBundleVersion"]),
        });
      }
    }
    const first = found[0];
    if (first !== undefined) {
      return { kind: "installed", ...first, otherCopies: found.slice(1).map((app) => app.path) };
    }
    const read = await readExtensionDatabase(context).catch((error) => {
      if (error instanceof OutputParseError) return undefined;
      throw error;
    });
    const host = read?.kind === "read"
      ? read.db.extensions.find((record) => record.bundleId === dextId && record.hostAppPath)
        ?.hostAppPath
      : undefined;
    return host === undefined ? { kind: "missing" } : { kind: "elsewhere", path: host };
  });
}

/**
 * The path of the dext inside a manager app.
 *
 * @param appPath The app bundle.
 * @param dextId The dext's bundle id.
 * @returns `<app>/Contents/Library/SystemExtensions/<dextId>.dext`.
 *
 * @example
 * ```ts
 * import { embeddedDextPath } from "./check_manager_app.ts";
 *
 * console.assert(embeddedDextPath("/Applications/M.app", "com.example.driver") ===
 *   "/Applications/M.app/Contents/Library/SystemExtensions/com.example.driver.dext");
 * ```
 */
export function embeddedDextPath(appPath: string, dextId: string): string {
  return join(appPath, "Contents", "Library", "SystemExtensions", `${dextId}.dext`);
}

/**
 * The manager app check.
 *
 * @example
 * ```ts
 * import { managerAppCheck } from "./check_manager_app.ts";
 *
 * console.assert(managerAppCheck.id === "manager-app");
 * ```
 */
export const managerAppCheck: DoctorCheck = {
  id: "manager-app",
  title: "manager app location",
  macOSOnly: "looks in /Applications",
  needsConfig: true,
  run: checkManagerApp,
};

async function checkManagerApp(context: DoctorContext): Promise<CheckOutcome> {
  const config = context.config;
  if (config === undefined) return skipped("no configuration");
  const { manager, dext } = config.bundleIds;
  const location = await locateManagerApp(context, manager, dext);
  const install = "install it with `dextkit install-dext`, which copies it into /Applications";
  if (location.kind === "missing") {
    return fail(`no app with bundle id ${manager} in ${context.paths.applications}`, install);
  }
  if (location.kind === "elsewhere") {
    // An unreadable developer mode is reported by its own check; here it counts as off.
    const developerMode = await readDeveloperMode(context).catch((error) => {
      if (error instanceof DextkitError) return false;
      throw error;
    });
    const finding = `${manager} is not in ${context.paths.applications}; the dext was activated ` +
      `from ${location.path}`;
    return developerMode
      ? warn(`${finding} (allowed only because developer mode is on)`, install)
      : fail(`${finding}: activation fails there with OSSystemExtensionError 3`, install);
  }
  const label = `${location.path} (${manager} ${versionLabel(location)})`;
  const dextPath = embeddedDextPath(location.path, dext);
  if (!(await exists(join(dextPath, "Info.plist")))) {
    return fail(
      `${label} does not carry ${dext}.dext in Contents/Library/SystemExtensions: activation ` +
        "fails with OSSystemExtensionError 4",
      "rebuild the manager with the dext embedded (`dextkit build`) and install it again",
    );
  }
  if (location.otherCopies.length > 0) {
    return warn(
      `${label} is installed, and ${location.otherCopies.length} more copy(ies) with the same ` +
        "bundle id: macOS may activate the dext from either",
      `delete the copies you do not use: ${location.otherCopies.join(", ")}`,
      location.otherCopies,
    );
  }
  return ok(`${label} is in /Applications and carries ${dext}.dext`, [dextPath]);
}

async function appNames(dir: string): Promise<string[]> {
  try {
    const names: string[] = [];
    for await (const entry of Deno.readDir(dir)) {
      if (entry.name.endsWith(".app")) names.push(entry.name);
    }
    return names.sort();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

async function readInfoPlist(
  path: string,
): Promise<{ readonly [key: string]: unknown } | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.PermissionDenied) {
      return undefined;
    }
    throw error;
  }
  try {
    const value = parsePlist(bytes, path);
    return isPlistDictionary(value) ? value : undefined;
  } catch (error) {
    // Another vendor's unreadable Info.plist is not this check's business.
    if (error instanceof OutputParseError) return undefined;
    throw error;
  }
}

function stringValue(value: unknown): string {
  return typeof value === "string" ? value : "";
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
