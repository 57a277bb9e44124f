/**
 * Turning the configured notary credentials into notarytool arguments, reading the App Store
 * Connect API key values from the environment at the moment they are needed. Only the key's
 * PATH is ever passed on the command line; notarytool reads the key itself from that file.
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
    /** The issuer id. */
    readonly issuer: string;
    /** The path of the `AuthKey_<id>.p8` file. */
    readonly keyPath: string;
  };

/**
 * Resolves the configured credentials, reading environment variables for an API key.
 *
 * @param config The whole configuration (for messages) or just its `notary` part.
 * @param env Reads an environment variable; `Deno.env.get` when omitted.
 * @returns The credentials.
 * @throws {ConfigError} When no credentials are configured, or a named variable is unset.
 *
 * @example An API key from the environment
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
 */
export function resolveNotaryCredentials(
  config: DextkitConfig | NotaryConfig | undefined,
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): NotaryCredentials {
  const notary = config !== undefined && "kind" in config ? config : config?.notary;
  if (notary === undefined) {
    throw new ConfigError("no notarization credentials are configured (dextkit.notary)", {
      keyPath: "dextkit.notary",
      hint: 'set dextkit.notary to { "keychainProfile": "<name>" } after `xcrun notarytool ' +
        'store-credentials <name>`, or to { "apiKey": {} } and export DEXTKIT_NOTARY_KEY_ID, ' +
        "DEXTKIT_NOTARY_ISSUER and DEXTKIT_NOTARY_KEY_PATH",
    });
  }
  if (notary.kind === "keychain-profile") {
    return { kind: "keychain-profile", profile: notary.profile, keychain: notary.keychain };
  }
  const read = (name: string, what: string): string => {
    const value = env(name);
    if (value === undefined || value.trim() === "") {
      throw new ConfigError(`environment variable ${name} is not set; it should hold the ${what}`, {
        keyPath: "dextkit.notary.apiKey",
        hint: `export ${name} (dextkit.notary.apiKey names the variables to read)`,
      });
    }
    return value.trim();
  };
  return {
    kind: "api-key",
    keyId: read(notary.keyIdEnv, "App Store Connect API key id"),
    issuer: read(notary.issuerEnv, "App Store Connect API issuer id"),
    keyPath: read(notary.keyPathEnv, "path of the AuthKey_<id>.p8 file"),
  };
}

/**
 * The notarytool options that authenticate with these credentials.
 *
 * @param credentials Resolved credentials.
 * @returns `--keychain-profile <name> [--keychain <path>]` or `--key <path> --key-id <id> --issuer <id>`.
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
  if (credentials.kind === "keychain-profile") {
    return [
      "--keychain-profile",
      credentials.profile,
      ...(credentials.keychain === undefined ? [] : ["--keychain", credentials.keychain]),
    ];
  }
  return [
    "--key",
    credentials.keyPath,
    "--key-id",
    credentials.keyId,
    "--issuer",
    credentials.issuer,
  ];
}
