/**
 * Settings a step cannot do without: the signing identity for the configured entitlement set,
 * the team id, the provisioning profiles. Each accessor fails with a {@linkcode ConfigError} that
 * says which key to set, in which file, and why.
 *
 * @module
 */
import { ConfigError } from "./config_error.ts";
import type { DextkitConfig } from "./dextkit_config.ts";

/**
 * A "set this key" error for a setting a step needs.
 *
 * @param config The configuration (for the file name).
 * @param keyPath The key, e.g. `dextkit.teamId`.
 * @param purpose What needs it, e.g. `"package (productsign)"`.
 * @returns The error, to throw.
 *
 * @example
 * ```ts
 * import { missingSetting } from "./required_settings.ts";
 * import { resolveConfig } from "./dextkit_config.ts";
 *
 * const error = missingSetting(resolveConfig({}, { root: "/p" }), "dextkit.teamId", "sign");
 * console.assert(error.message === "dextkit.teamId is not set; sign needs it");
 * ```
 */
export function missingSetting(
  config: DextkitConfig,
  keyPath: string,
  purpose: string,
): ConfigError {
  return new ConfigError(`${keyPath} is not set; ${purpose} needs it`, {
    keyPath,
    hint: config.source === undefined
      ? `add a "dextkit" section with ${
        keyPath.replace(/^dextkit\./, "")
      } to deno.json (or create dextkit.json)`
      : `set ${keyPath} in ${config.source}`,
  });
}

/**
 * The identity to sign with: `developmentIdentity` for the development entitlement set,
 * `distributionIdentity` for distribution.
 *
 * @param config The configuration.
 * @returns The identity name or SHA-1.
 * @throws {ConfigError} When the needed identity is not configured.
 *
 * @example
 * ```ts
 * import { signingIdentity } from "./required_settings.ts";
 * import { resolveConfig } from "./dextkit_config.ts";
 *
 * const config = resolveConfig({
 *   signing: { entitlements: "distribution", distributionIdentity: "Developer ID Application: Example Corp (ABCDE12345)" },
 * }, { root: "/p" });
 * console.assert(signingIdentity(config).startsWith("Developer ID Application"));
 * ```
 */
export function signingIdentity(config: DextkitConfig): string {
  const key = config.signing.entitlements === "distribution"
    ? "distributionIdentity"
    : "developmentIdentity";
  const identity = config.signing[key];
  if (identity === undefined) {
    throw missingSetting(
      config,
      `dextkit.signing.${key}`,
      `signing with the ${config.signing.entitlements} entitlements`,
    );
  }
  return identity;
}

/**
 * The team id.
 *
 * @param config The configuration.
 * @param purpose What needs it.
 * @returns The team id.
 * @throws {ConfigError} When it is not configured.
 *
 * @example
 * ```ts
 * import { requireTeamId } from "./required_settings.ts";
 * import { resolveConfig } from "./dextkit_config.ts";
 *
 * console.assert(requireTeamId(resolveConfig({ teamId: "ABCDE12345" }, { root: "/p" }), "uninstall") === "ABCDE12345");
 * ```
 */
export function requireTeamId(config: DextkitConfig, purpose: string): string {
  if (config.teamId === undefined) throw missingSetting(config, "dextkit.teamId", purpose);
  return config.teamId;
}

/**
 * A provisioning profile path.
 *
 * @param config The configuration.
 * @param which `dext` or `manager`.
 * @returns The absolute path.
 * @throws {ConfigError} When it is not configured.
 *
 * @example
 * ```ts
 * import { requireProfile } from "./required_settings.ts";
 * import { resolveConfig } from "./dextkit_config.ts";
 *
 * const config = resolveConfig({ profiles: { dext: "profiles/dext.provisionprofile" } }, { root: "/p" });
 * console.assert(requireProfile(config, "dext") === "/p/profiles/dext.provisionprofile");
 * ```
 */
export function requireProfile(config: DextkitConfig, which: "dext" | "manager"): string {
  const profile = config.profiles[which];
  if (profile === undefined) {
    throw missingSetting(
      config,
      `dextkit.profiles.${which}`,
      `signing the ${which === "dext" ? "dext" : "manager app"}`,
    );
  }
  return profile;
}
