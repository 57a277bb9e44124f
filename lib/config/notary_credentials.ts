/**
 * Turning the configured notary credentials into notarytool arguments, reading the values from
 * the environment at the moment they are needed (notarytool help; macos-corrections.md item 15):
 *
 * - a keychain profile (`--keychain-profile <name> [--keychain <path>]`), saved with
 *   `xcrun notarytool store-credentials`: no secret passes through dextkit at all;
 * - an App Store Connect API key (`--key <path> --key-id <id> [--issuer <uuid>]`): `--issuer` is
 *   required for a Team key and must be left out for an Individual key, so it is passed only when
 *   its variable is set. Only the key's PATH is on the command line; notarytool reads the file;
 * - an Apple ID with an app-specific password (`--apple-id --team-id --password`). notarytool
 *   takes the password only as an argument, so it is visible to other processes of this Mac
 *   while notarytool runs; prefer a keychain profile where that matters.
 *
 * {@linkcode notarySecrets} lists what printed commands must redact.
 *
 * @module
 */
import { ConfigError } from "./config_error.ts";
import type { DextkitConfig, NotaryConfig } from "./dextkit_config.ts";

/** Credentials ready for notarytool. */
export type NotaryCredentials =
  | {
    /** A stored keychain profile. */
    readonly kind: "keychain-profile";
    /** The profile name. */
    readonly profile: string;
    /** The keychain path, when not the login keychain. */
    readonly keychain: string | undefined;
  }
  | {
    /** An App Store Connect API key. */
    readonly kind: "api-key";
    /** The key id. */
    readonly keyId: string;
    /** The issuer id of a Team key; `undefined` for an Individual key. */
    readonly issuer: string | undefined;
    /** The path of the `AuthKey_<id>.p8` file. */
    readonly keyPath: string;
  }
  | {
    /** An Apple ID and an app-specific password. */
    readonly kind: "apple-id";
    /** The Apple ID. */
    readonly appleId: string;
    /** The team id. */
    readonly teamId: string;
    /** The app-specific password. */
    readonly password: string;
  };

/**
 * Resolves the configured credentials, reading environment variables for an API key or an
 * Apple ID.
 *
 * @param config The whole configuration (for messages and the team id) or just its `notary` part.
 * @param env Reads an environment variable; `Deno.env.get` when omitted.
 * @returns The credentials.
 * @throws {ConfigError} When no credentials are configured, or a named variable is unset.
 *
 * @example A Team API key from the environment
 * ```ts
 * import { notarytoolAuthArgs, resolveNotaryCredentials } from "./notary_credentials.ts";
 *
 * const env: Record<string, string> = {
 *   DEXTKIT_NOTARY_KEY_ID: "ABC123DEFG",
 *   DEXTKIT_NOTARY_ISSUER: "69a6de7e-0000-47e3-e053-5b8c7c11a4d1",
 *   DEXTKIT_NOTARY_KEY_PATH: "/secrets/AuthKey_ABC123DEFG.p8",
 * };
 * const credentials = resolveNotaryCredentials(
 *   { kind: "api-key", keyIdEnv: "DEXTKIT_NOTARY_KEY_ID", issuerEnv: "DEXTKIT_NOTARY_ISSUER", keyPathEnv: "DEXTKIT_NOTARY_KEY_PATH" },
 *   (name) => env[name],
 * );
 * console.assert(notarytoolAuthArgs(credentials).join(" ") ===
 *   "--key /secrets/AuthKey_ABC123DEFG.p8 --key-id ABC123DEFG --issuer 69a6de7e-0000-47e3-e053-5b8c7c11a4d1");
 * ```
 *
 * @example An Individual API key has no issuer
 * ```ts
 * import { notarytoolAuthArgs, resolveNotaryCredentials } from "./notary_credentials.ts";
 *
 * const env: Record<string, string> = { KEY_ID: "ABC123DEFG", KEY_PATH: "/secrets/AuthKey_ABC123DEFG.p8" };
 * const credentials = resolveNotaryCredentials(
 *   { kind: "api-key", keyIdEnv: "KEY_ID", issuerEnv: "KEY_ISSUER", keyPathEnv: "KEY_PATH" },
 *   (name) => env[name],
 * );
 * console.assert(!notarytoolAuthArgs(credentials).includes("--issuer"));
 * ```
 */
export function resolveNotaryCredentials(
  config: DextkitConfig | NotaryConfig | undefined,
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): NotaryCredentials {
  const notary = config !== undefined && "kind" in config ? config : config?.notary;
  const configuredTeam = config !== undefined && "kind" in config ? undefined : config?.teamId;
  if (notary === undefined) {
    throw new ConfigError("no notarization credentials are configured (dextkit.notary)", {
      keyPath: "dextkit.notary",
      hint: 'set dextkit.notary to { "keychainProfile": "<name>" } after `xcrun notarytool ' +
        'store-credentials <name>`; or to { "apiKey": {} } and export DEXTKIT_NOTARY_KEY_ID, ' +
        "DEXTKIT_NOTARY_KEY_PATH (and DEXTKIT_NOTARY_ISSUER for a Team key); or to " +
        '{ "appleId": {} } and export DEXTKIT_NOTARY_APPLE_ID and DEXTKIT_NOTARY_PASSWORD ' +
        "(an app-specific password)",
    });
  }
  if (notary.kind === "keychain-profile") {
    return { kind: "keychain-profile", profile: notary.profile, keychain: notary.keychain };
  }
  const optional = (name: string): string | undefined => {
    const value = env(name)?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const read = (name: string, what: string, keyPath: string): string => {
    const value = optional(name);
    if (value === undefined) {
      throw new ConfigError(`environment variable ${name} is not set; it should hold the ${what}`, {
        keyPath,
        hint: `export ${name} (${keyPath} names the variables to read)`,
      });
    }
    return value;
  };
  if (notary.kind === "apple-id") {
    const where = "dextkit.notary.appleId";
    const teamId = optional(notary.teamIdEnv) ?? configuredTeam;
    if (teamId === undefined) {
      throw new ConfigError(
        `environment variable ${notary.teamIdEnv} is not set and dextkit.teamId is not configured`,
        { keyPath: where, hint: `export ${notary.teamIdEnv}, or set dextkit.teamId` },
      );
    }
    return {
      kind: "apple-id",
      appleId: read(notary.appleIdEnv, "Apple ID (an e-mail address)", where),
      teamId,
      password: read(notary.passwordEnv, "app-specific password of the Apple ID", where),
    };
  }
  const where = "dextkit.notary.apiKey";
  return {
    kind: "api-key",
    keyId: read(notary.keyIdEnv, "App Store Connect API key id", where),
    issuer: optional(notary.issuerEnv),
    keyPath: read(notary.keyPathEnv, "path of the AuthKey_<id>.p8 file", where),
  };
}

/**
 * The notarytool options that authenticate with these credentials.
 *
 * @param credentials Resolved credentials.
 * @returns `--keychain-profile <name> [--keychain <path>]`, `--key <path> --key-id <id>
 * [--issuer <id>]` or `--apple-id <id> --team-id <team> --password <password>`.
 *
 * @example A keychain profile
 * ```ts
 * import { notarytoolAuthArgs } from "./notary_credentials.ts";
 *
 * const args = notarytoolAuthArgs({ kind: "keychain-profile", profile: "dextkit", keychain: undefined });
 * console.assert(args.join(" ") === "--keychain-profile dextkit");
 * ```
 */
export function notarytoolAuthArgs(credentials: NotaryCredentials): string[] {
  switch (credentials.kind) {
    case "keychain-profile":
      return [
        "--keychain-profile",
        credentials.profile,
        ...(credentials.keychain === undefined ? [] : ["--keychain", credentials.keychain]),
      ];
    case "api-key":
      return [
        "--key",
        credentials.keyPath,
        "--key-id",
        credentials.keyId,
        ...(credentials.issuer === undefined ? [] : ["--issuer", credentials.issuer]),
      ];
    case "apple-id":
      return [
        "--apple-id",
        credentials.appleId,
        "--team-id",
        credentials.teamId,
        "--password",
        credentials.password,
      ];
  }
}

/**
 * The values a printed notarytool command must hide: the API key id and issuer, or the Apple ID
 * and its password. A keychain profile has none.
 *
 * @param credentials Resolved credentials.
 * @returns The values to pass as `CommandSpec.secrets`.
 *
 * @example
 * ```ts
 * import { notarySecrets } from "./notary_credentials.ts";
 *
 * const secrets = notarySecrets({ kind: "apple-id", appleId: "dev@example.com", teamId: "ABCDE12345", password: "abcd-efgh-ijkl-mnop" });
 * console.assert(secrets.includes("abcd-efgh-ijkl-mnop") && secrets.includes("dev@example.com"));
 * ```
 */
export function notarySecrets(credentials: NotaryCredentials): string[] {
  switch (credentials.kind) {
    case "keychain-profile":
      return [];
    case "api-key":
      return [credentials.keyId, ...(credentials.issuer === undefined ? [] : [credentials.issuer])];
    case "apple-id":
      return [credentials.password, credentials.appleId];
  }
}
