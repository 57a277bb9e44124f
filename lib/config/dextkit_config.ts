/**
 * The resolved dextkit configuration: what the pipeline steps read. {@linkcode resolveConfig}
 * turns the raw `dextkit` object of a file into a {@linkcode DextkitConfig}: secrets refused,
 * validated against the schema (errors name the key path and the expected form, with "did you
 * mean" for unknown keys), defaults filled in, paths made absolute.
 *
 * Defaults: the project is `dext` (dextkit's own driver) with bundle ids
 * {@linkcode DEFAULT_DEXT_BUNDLE_ID} and {@linkcode DEFAULT_MANAGER_BUNDLE_ID}; another project
 * must name its bundle ids. Entitlements `development`; versions `from-project`; timeouts
 * command 30m, notarize 2h, staple 10m, activation 10m.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { defaultIdentity } from "../protocol/identity.ts";
import { ConfigError } from "./config_error.ts";
import { type DextkitConfigFile, validateConfigFile } from "./config_schema.ts";
import { parseDuration } from "./duration.ts";
import { isReferenceName, isSecretName, looksLikeSecretValue } from "./redact_secrets.ts";

/**
 * The dext project directory when none is configured.
 *
 * @example
 * ```ts
 * import { DEFAULT_PROJECT } from "./dextkit_config.ts";
 *
 * console.assert(DEFAULT_PROJECT === "dext");
 * ```
 */
export const DEFAULT_PROJECT = "dext";

/**
 * The bundle id of dextkit's own dext (the one in `dext/`).
 *
 * @example
 * ```ts
 * import { DEFAULT_DEXT_BUNDLE_ID } from "./dextkit_config.ts";
 *
 * console.assert(DEFAULT_DEXT_BUNDLE_ID === "dev.dextkit.VirtualHIDDevice");
 * ```
 */
export const DEFAULT_DEXT_BUNDLE_ID: string = defaultIdentity.bundleId;

/**
 * The bundle id of dextkit's own manager app (the host app that activates the dext).
 *
 * @example
 * ```ts
 * import { DEFAULT_MANAGER_BUNDLE_ID } from "./dextkit_config.ts";
 *
 * console.assert(DEFAULT_MANAGER_BUNDLE_ID === "dev.dextkit.VirtualHIDDeviceManager");
 * ```
 */
export const DEFAULT_MANAGER_BUNDLE_ID = "dev.dextkit.VirtualHIDDeviceManager";

/**
 * The environment variables read for App Store Connect API key credentials when
 * `dextkit.notary.apiKey` does not name others. The issuer variable may be unset: an Individual
 * API key has no issuer (notarytool wants `--issuer` only for Team keys).
 *
 * @example
 * ```ts
 * import { DEFAULT_NOTARY_ENV } from "./dextkit_config.ts";
 *
 * console.assert(DEFAULT_NOTARY_ENV.keyPathEnv === "DEXTKIT_NOTARY_KEY_PATH");
 * ```
 */
export const DEFAULT_NOTARY_ENV: {
  readonly keyIdEnv: string;
  readonly issuerEnv: string;
  readonly keyPathEnv: string;
} = Object.freeze({
  keyIdEnv: "DEXTKIT_NOTARY_KEY_ID",
  issuerEnv: "DEXTKIT_NOTARY_ISSUER",
  keyPathEnv: "DEXTKIT_NOTARY_KEY_PATH",
});

/**
 * The environment variables read for Apple ID credentials when `dextkit.notary.appleId` does not
 * name others. The team id variable may be unset when `dextkit.teamId` is configured.
 *
 * @example
 * ```ts
 * import { DEFAULT_APPLE_ID_ENV } from "./dextkit_config.ts";
 *
 * console.assert(DEFAULT_APPLE_ID_ENV.passwordEnv === "DEXTKIT_NOTARY_PASSWORD");
 * ```
 */
export const DEFAULT_APPLE_ID_ENV: {
  readonly appleIdEnv: string;
  readonly teamIdEnv: string;
  readonly passwordEnv: string;
} = Object.freeze({
  appleIdEnv: "DEXTKIT_NOTARY_APPLE_ID",
  teamIdEnv: "DEXTKIT_NOTARY_TEAM_ID",
  passwordEnv: "DEXTKIT_NOTARY_PASSWORD",
});

/** Which entitlement set the sign step injects. */
export type EntitlementsSet = "development" | "distribution";

/** How notarytool authenticates (no secret values: names and paths only). */
export type NotaryConfig =
  | {
    /** Credentials saved with `xcrun notarytool store-credentials <profile>`. */
    readonly kind: "keychain-profile";
    /** The profile name (`--keychain-profile`). */
    readonly profile: string;
    /** The keychain holding it (`--keychain`, absolute), e.g. a CI keychain; the login keychain when absent. */
    readonly keychain: string | undefined;
  }
  | {
    /** An App Store Connect API key, taken from the environment when notarizing. */
    readonly kind: "api-key";
    /** The variable holding the key id. */
    readonly keyIdEnv: string;
    /** The variable holding the issuer id (Team keys); unset for an Individual key. */
    readonly issuerEnv: string;
    /** The variable holding the path of the `AuthKey_<id>.p8` file. */
    readonly keyPathEnv: string;
  }
  | {
    /** An Apple ID with an app-specific password, all taken from the environment. */
    readonly kind: "apple-id";
    /** The variable holding the Apple ID (an e-mail address). */
    readonly appleIdEnv: string;
    /** The variable holding the team id; `dextkit.teamId` when it is unset. */
    readonly teamIdEnv: string;
    /** The variable holding the app-specific password. */
    readonly passwordEnv: string;
  };

/** The configuration every pipeline step reads. */
export interface DextkitConfig {
  /** The file it came from (absolute); `undefined` when no file configures dextkit. */
  readonly source: string | undefined;
  /** The directory relative paths were resolved against (the file's directory). */
  readonly root: string;
  /** The dext project directory (absolute). */
  readonly projectDir: string;
  /** Whether this is dextkit's own project (the default `dext`). */
  readonly isDefaultProject: boolean;
  /** The bundle ids. */
  readonly bundleIds: { readonly dext: string; readonly manager: string };
  /** The Apple team id, when configured. */
  readonly teamId: string | undefined;
  /** Signing settings. */
  readonly signing: {
    /** The entitlement set to inject. */
    readonly entitlements: EntitlementsSet;
    /** An "Apple Development: …" identity or SHA-1, for development signing. */
    readonly developmentIdentity: string | undefined;
    /** A "Developer ID Application: …" identity or SHA-1, for distribution signing. */
    readonly distributionIdentity: string | undefined;
    /** A "Developer ID Installer: …" identity or SHA-1, for productsign. */
    readonly installerIdentity: string | undefined;
  };
  /** Provisioning profiles (absolute paths), when configured. */
  readonly profiles: { readonly dext: string | undefined; readonly manager: string | undefined };
  /** CFBundleShortVersionString to stamp, or `"from-project"` to keep the project's. */
  readonly version: string;
  /** CFBundleVersion to stamp, or `"from-project"` to keep the project's. */
  readonly buildVersion: string;
  /** Notarization credentials, when configured. */
  readonly notary: NotaryConfig | undefined;
  /** Time limits in milliseconds. */
  readonly timeouts: {
    /** Any single tool run (xcodebuild, codesign, …). */
    readonly commandMs: number;
    /** Waiting for Apple's notary service. */
    readonly notarizeMs: number;
    /** All staple attempts together (retries for error 65). */
    readonly stapleMs: number;
    /** Waiting for the system extension to activate, user approval included. */
    readonly activationMs: number;
  };
}

/** Where a raw configuration came from, for messages and relative paths. */
export interface ConfigOrigin {
  /** The file (absolute), or `undefined` for defaults. */
  readonly source?: string;
  /** The directory relative paths are resolved against. */
  readonly root: string;
}

const DEFAULT_TIMEOUTS = { command: "30m", notarize: "2h", staple: "10m", activation: "10m" };

/**
 * Validates a raw `dextkit` configuration object and resolves it.
 *
 * @param raw The `dextkit` section of deno.json or the content of dextkit.json; `undefined` for
 * all defaults.
 * @param origin The file and the directory paths are relative to.
 * @returns The resolved configuration.
 * @throws {ConfigError} When a value holds a secret, a key is unknown, a value has the wrong
 * form, or another project than `dext` does not name its bundle ids.
 *
 * @example Defaults for dextkit's own driver
 * ```ts
 * import { resolveConfig } from "./dextkit_config.ts";
 *
 * const config = resolveConfig({ teamId: "ABCDE12345" }, { root: "/work/app" });
 * console.assert(config.projectDir === "/work/app/dext");
 * console.assert(config.bundleIds.dext === "dev.dextkit.VirtualHIDDevice");
 * console.assert(config.timeouts.notarizeMs === 7_200_000);
 * ```
 */
export function resolveConfig(raw: unknown, origin: ConfigOrigin): DextkitConfig {
  const where = origin.source ?? "the dextkit configuration";
  rejectSecrets(raw ?? {}, "dextkit", false, where);
  const file = validateConfigFile(raw ?? {}, where);
  const project = file.project ?? DEFAULT_PROJECT;
  const isDefaultProject = resolve(origin.root, project) === resolve(origin.root, DEFAULT_PROJECT);
  if (!isDefaultProject) {
    for (const key of ["dext", "manager"] as const) {
      if (file.bundleIds?.[key] === undefined) {
        throw new ConfigError(
          `${where}: dextkit.bundleIds.${key} is required when dextkit.project is not "${DEFAULT_PROJECT}"`,
          {
            keyPath: `dextkit.bundleIds.${key}`,
            hint: `set the ${key === "dext" ? "dext's" : "manager app's"} CFBundleIdentifier ` +
              `in dextkit.bundleIds.${key}`,
          },
        );
      }
    }
  }
  checkTeamMatches(file, where);
  const path = (value: string | undefined): string | undefined =>
    value === undefined ? undefined : isAbsolute(value) ? value : resolve(origin.root, value);
  const apiKey = file.notary?.apiKey;
  const appleId = file.notary?.appleId;
  return {
    source: origin.source,
    root: origin.root,
    projectDir: resolve(origin.root, project),
    isDefaultProject,
    bundleIds: {
      dext: file.bundleIds?.dext ?? DEFAULT_DEXT_BUNDLE_ID,
      manager: file.bundleIds?.manager ?? DEFAULT_MANAGER_BUNDLE_ID,
    },
    teamId: file.teamId,
    signing: {
      entitlements: file.signing?.entitlements ?? "development",
      developmentIdentity: file.signing?.developmentIdentity,
      distributionIdentity: file.signing?.distributionIdentity,
      installerIdentity: file.signing?.installerIdentity,
    },
    profiles: { dext: path(file.profiles?.dext), manager: path(file.profiles?.manager) },
    version: file.version ?? "from-project",
    buildVersion: file.buildVersion ?? "from-project",
    notary: file.notary === undefined ? undefined : file.notary.keychainProfile !== undefined
      ? {
        kind: "keychain-profile",
        profile: file.notary.keychainProfile,
        keychain: path(file.notary.keychain),
      }
      : appleId !== undefined
      ? {
        kind: "apple-id",
        appleIdEnv: appleId.appleIdEnv ?? DEFAULT_APPLE_ID_ENV.appleIdEnv,
        teamIdEnv: appleId.teamIdEnv ?? DEFAULT_APPLE_ID_ENV.teamIdEnv,
        passwordEnv: appleId.passwordEnv ?? DEFAULT_APPLE_ID_ENV.passwordEnv,
      }
      : {
        kind: "api-key",
        keyIdEnv: apiKey?.keyIdEnv ?? DEFAULT_NOTARY_ENV.keyIdEnv,
        issuerEnv: apiKey?.issuerEnv ?? DEFAULT_NOTARY_ENV.issuerEnv,
        keyPathEnv: apiKey?.keyPathEnv ?? DEFAULT_NOTARY_ENV.keyPathEnv,
      },
    timeouts: {
      commandMs: parseDuration(file.timeouts?.command ?? DEFAULT_TIMEOUTS.command),
      notarizeMs: parseDuration(file.timeouts?.notarize ?? DEFAULT_TIMEOUTS.notarize),
      stapleMs: parseDuration(file.timeouts?.staple ?? DEFAULT_TIMEOUTS.staple),
      activationMs: parseDuration(file.timeouts?.activation ?? DEFAULT_TIMEOUTS.activation),
    },
  };
}

const SECRET_HINT =
  "store notary credentials with `xcrun notarytool store-credentials <profile>` " +
  "and set dextkit.notary.keychainProfile, or give dextkit.notary.apiKey the NAMES of the " +
  "environment variables that hold the key id, issuer and key path";

/** Refuses secret values anywhere in the raw object; the message names the key, never the value. */
function rejectSecrets(value: unknown, path: string, underSecret: boolean, where: string): void {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    if (underSecret) {
      throw new ConfigError(
        `${where}: ${path} holds a secret; secrets never go in a configuration file`,
        { keyPath: path, hint: SECRET_HINT },
      );
    }
    if (typeof value === "string" && looksLikeSecretValue(value)) {
      throw new ConfigError(
        `${where}: ${path} looks like a password or private key; secrets never go in a ` +
          "configuration file",
        { keyPath: path, hint: SECRET_HINT },
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => rejectSecrets(item, `${path}[${index}]`, underSecret, where));
    return;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const secret = (underSecret || isSecretName(key)) && !isReferenceName(key);
      rejectSecrets(item, `${path}.${key}`, secret, where);
    }
  }
}

const DEVELOPER_ID = /^Developer ID (Application|Installer): .*\(([A-Z0-9]{10})\)$/;

/** A Developer ID identity names its team in parentheses; it must be the configured team. */
function checkTeamMatches(file: DextkitConfigFile, where: string): void {
  if (file.teamId === undefined) return;
  for (const key of ["distributionIdentity", "installerIdentity"] as const) {
    const team = DEVELOPER_ID.exec(file.signing?.[key] ?? "")?.[2];
    if (team !== undefined && team !== file.teamId) {
      throw new ConfigError(
        `${where}: dextkit.signing.${key} is for team ${team} but dextkit.teamId is ${file.teamId}`,
        {
          keyPath: `dextkit.signing.${key}`,
          hint:
            "use an identity of your team (`security find-identity -v -p codesigning` lists them)",
        },
      );
    }
  }
}
