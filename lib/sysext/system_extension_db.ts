/**
 * Parser for the system extension database, `/Library/SystemExtensions/db.plist` (readable by
 * root; binary on disk, XML after `plutil -convert xml1 -o - …`). It tells more than
 * `systemextensionsctl list`: the host app's path, the staged copy, the MDM policies and whether
 * developer mode is on.
 *
 * Keys read (macos-tooling-reference §4.2): top level `version`, `developerMode`, `bootUUID`,
 * `extensions`, `extensionPolicies`; per extension `identifier`, `teamID`, `state`,
 * `categories`, `bundleVersion` {CFBundleShortVersionString, CFBundleVersion}, `originPath`,
 * `container.bundlePath`, `stagedBundleURL.relative`, `uniqueID`, `references`. Other keys are
 * ignored; a key of the wrong type is an error naming its path.
 *
 * @module
 */
import { parsePlist, PlistFields } from "./plist.ts";
import { type SystemExtensionPhase, systemExtensionPhase } from "./system_extension_state.ts";

/** One extension record of db.plist. */
export interface SystemExtensionRecord {
  /** The bundle id (`identifier`). */
  readonly bundleId: string;
  /** `teamID`; empty when absent. */
  readonly teamId: string;
  /** `state`, underscore form, e.g. `activated_enabled`. */
  readonly state: string;
  /** What the state means for an install. */
  readonly phase: SystemExtensionPhase;
  /** `categories`, e.g. `["com.apple.system_extension.driver_extension"]`. */
  readonly categories: readonly string[];
  /** `bundleVersion.CFBundleShortVersionString`; empty when absent. */
  readonly shortVersion: string;
  /** `bundleVersion.CFBundleVersion`; empty when absent. */
  readonly bundleVersion: string;
  /** `originPath`: where the extension sat inside the host app when it was activated. */
  readonly originPath: string | undefined;
  /** `container.bundlePath`: the host app, e.g. `/Applications/App.app`. */
  readonly hostAppPath: string | undefined;
  /** `stagedBundleURL.relative`: the copy macOS runs, under `/Library/SystemExtensions/<UUID>/`. */
  readonly stagedBundleUrl: string | undefined;
  /** `uniqueID`: the UUID directory name of the staged copy. */
  readonly uniqueId: string | undefined;
  /** `references`: the apps that activated it. */
  readonly references: readonly { readonly appIdentifier: string; readonly teamId: string }[];
}

/** One MDM system-extension policy (`extensionPolicies[]`). */
export interface SystemExtensionPolicy {
  /** `allowUserOverrides`: whether users may approve extensions the policy does not list. */
  readonly allowUserOverrides: boolean;
  /** `allowedTeamIDs`: every extension of these teams is pre-approved. */
  readonly allowedTeamIds: readonly string[];
  /** `allowedExtensions`: team id → pre-approved bundle ids. */
  readonly allowedExtensions: Readonly<Record<string, readonly string[]>>;
  /** `allowedExtensionTypes`: team id → allowed categories. */
  readonly allowedExtensionTypes: Readonly<Record<string, readonly string[]>>;
}

/** The parsed database. */
export interface SystemExtensionDb {
  /** The format `version`, when present. */
  readonly version: number | undefined;
  /** `developerMode` (`systemextensionsctl developer on`); `false` when absent. */
  readonly developerMode: boolean;
  /** `bootUUID`, when present. */
  readonly bootUuid: string | undefined;
  /** Every extension record. */
  readonly extensions: readonly SystemExtensionRecord[];
  /** The MDM policies. */
  readonly policies: readonly SystemExtensionPolicy[];
}

const WHAT = "db.plist";

/**
 * Parses db.plist, binary or XML.
 *
 * @param input The file's bytes, or `plutil -convert xml1 -o -` output as text.
 * @returns The database.
 * @throws {OutputParseError} When it is not a plist, or a key has the wrong type or is missing
 * (`identifier`, `state`).
 *
 * @example One activated dext
 * ```ts
 * import { parseSystemExtensionDb } from "./system_extension_db.ts";
 *
 * const db = parseSystemExtensionDb(`<?xml version="1.0" encoding="UTF-8"?>
 * <plist version="1.0"><dict>
 *   <key>developerMode</key><false/>
 *   <key>extensions</key><array><dict>
 *     <key>identifier</key><string>com.example.hiddriver</string>
 *     <key>state</key><string>activated_enabled</string>
 *     <key>bundleVersion</key><dict><key>CFBundleVersion</key><string>7</string></dict>
 *   </dict></array>
 * </dict></plist>`);
 * console.assert(db.extensions[0]?.bundleVersion === "7");
 * console.assert(db.extensions[0]?.phase === "enabled");
 * ```
 */
export function parseSystemExtensionDb(input: string | Uint8Array): SystemExtensionDb {
  const root = new PlistFields(parsePlist(input, WHAT), WHAT, "");
  return {
    version: root.optionalInteger("version"),
    developerMode: root.optionalBoolean("developerMode") ?? false,
    bootUuid: root.optionalString("bootUUID"),
    extensions: root.dictionaryArray("extensions").map(readExtension),
    policies: root.dictionaryArray("extensionPolicies").map(readPolicy),
  };
}

function readExtension(entry: PlistFields): SystemExtensionRecord {
  const state = entry.string("state");
  const versions = entry.optionalDictionary("bundleVersion");
  return {
    bundleId: entry.string("identifier"),
    teamId: entry.optionalString("teamID") ?? "",
    state,
    phase: systemExtensionPhase(state),
    categories: entry.stringArray("categories"),
    shortVersion: versions?.optionalString("CFBundleShortVersionString") ?? "",
    bundleVersion: versions?.optionalString("CFBundleVersion") ?? "",
    originPath: entry.optionalString("originPath"),
    hostAppPath: entry.optionalDictionary("container")?.optionalString("bundlePath"),
    stagedBundleUrl: entry.optionalDictionary("stagedBundleURL")?.optionalString("relative"),
    uniqueId: entry.optionalString("uniqueID"),
    references: entry.dictionaryArray("references").map((reference) => ({
      appIdentifier: reference.optionalString("appIdentifier") ?? "",
      teamId: reference.optionalString("teamID") ?? "",
    })),
  };
}

function readPolicy(policy: PlistFields): SystemExtensionPolicy {
  return {
    allowUserOverrides: policy.optionalBoolean("allowUserOverrides") ?? false,
    allowedTeamIds: policy.stringArray("allowedTeamIDs"),
    allowedExtensions: readStringListMap(policy, "allowedExtensions"),
    allowedExtensionTypes: readStringListMap(policy, "allowedExtensionTypes"),
  };
}

function readStringListMap(
  policy: PlistFields,
  key: string,
): Readonly<Record<string, readonly string[]>> {
  const map = policy.optionalDictionary(key);
  const out: Record<string, readonly string[]> = {};
  if (map === undefined) return out;
  for (const team of Object.keys(map.dictionary)) {
    Object.defineProperty(out, team, {
      value: map.stringArray(team),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
