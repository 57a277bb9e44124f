/**
 * Recognising secrets so they are never printed: names that look secret (`KEYCHAIN_PASSWORD`,
 * `apiKey`, `BUILD_CERTIFICATE_BASE64`), values that look like key material (PEM blocks, Apple
 * app-specific passwords), and a redaction that replaces them with {@linkcode REDACTED}.
 *
 * A name that ends in a *reference* word (`…_PATH`, `…File`, `…Id`, `…Issuer`, `…Profile`,
 * `…Name`) is not secret: the path to an API key is fine to print, its contents never are.
 * The same rules serve the configuration loader (which rejects secrets in files) and the command
 * runners (which redact printed commands and logged environments).
 *
 * @module
 */

/**
 * What replaces a secret in printed output.
 *
 * @example
 * ```ts
 * import { REDACTED } from "./redact_secrets.ts";
 *
 * console.assert(REDACTED === "[REDACTED]");
 * ```
 */
export const REDACTED = "[REDACTED]";

const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "passphrase",
  "pwd",
  "secret",
  "secrets",
  "token",
  "credential",
  "credentials",
  "privatekey",
  "apikey",
  "p12",
  "pkcs12",
  "p8",
  "certificate",
  "cert",
  "base64",
]);

const REFERENCE_WORDS = new Set([
  "path",
  "file",
  "dir",
  "directory",
  "id",
  "issuer",
  "name",
  "profile",
  "env",
  "var",
  "url",
]);

/**
 * Splits a name into lower-case words at `_`, `-`, `.`, spaces and camelCase humps.
 *
 * @param name A key or environment variable name.
 * @returns Its words.
 */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word.toLowerCase());
}

/**
 * Whether a configuration key, option or environment variable name looks like it holds a secret.
 *
 * @param name The name, in any case convention.
 * @returns `true` for names like `password`, `KEYCHAIN_PASSWORD`, `apiKey`, `NOTARY_KEY`,
 * `P12_BASE64`; `false` for references such as `keyPath`, `API_KEY_ID`, `keychainProfile`.
 *
 * @example
 * ```ts
 * import { isSecretName } from "./redact_secrets.ts";
 *
 * console.assert(isSecretName("KEYCHAIN_PASSWORD"));
 * console.assert(isSecretName("apiKey"));
 * console.assert(!isSecretName("DEXTKIT_NOTARY_KEY_PATH"));
 * console.assert(!isSecretName("keychainProfile"));
 * ```
 */
export function isSecretName(name: string): boolean {
  const parts = words(name);
  const last = parts[parts.length - 1];
  if (last === undefined || isReferenceName(name)) return false;
  if (last === "key") return true;
  for (let index = 0; index < parts.length; index++) {
    const word = parts[index] ?? "";
    if (SECRET_WORDS.has(word)) return true;
    const pair = word + (parts[index + 1] ?? "");
    if (pair === "privatekey" || pair === "apikey") return true;
  }
  return false;
}

/**
 * Whether a name refers to where something is rather than holding it: it ends in `path`, `file`,
 * `dir`, `id`, `issuer`, `name`, `profile`, `env`, `var` or `url` (`keyPath`, `API_KEY_ID`,
 * `keyIdEnv`).
 *
 * @param name The name, in any case convention.
 * @returns `true` for a reference name.
 *
 * @example
 * ```ts
 * import { isReferenceName } from "./redact_secrets.ts";
 *
 * console.assert(isReferenceName("keyPathEnv"));
 * console.assert(!isReferenceName("apiKey"));
 * ```
 */
export function isReferenceName(name: string): boolean {
  const parts = words(name);
  const last = parts[parts.length - 1];
  return last !== undefined && REFERENCE_WORDS.has(last);
}

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]*-----[\s\S]*?(?:-----END [A-Z0-9 ]*-----|$)/g;
const APP_SPECIFIC_PASSWORD = /\b[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}\b/g;

/**
 * Whether a value looks like key material or a password: a PEM block (`-----BEGIN … KEY-----`)
 * or an Apple app-specific password (`abcd-efgh-ijkl-mnop`).
 *
 * @param value Any string.
 * @returns `true` when it contains one.
 *
 * @example
 * ```ts
 * import { looksLikeSecretValue } from "./redact_secrets.ts";
 *
 * console.assert(looksLikeSecretValue("-----BEGIN PRIVATE KEY-----\nMIGT..."));
 * console.assert(looksLikeSecretValue("abcd-efgh-ijkl-mnop"));
 * console.assert(!looksLikeSecretValue("com.example.hiddriver"));
 * ```
 */
export function looksLikeSecretValue(value: string): boolean {
  PEM_BLOCK.lastIndex = 0;
  APP_SPECIFIC_PASSWORD.lastIndex = 0;
  return PEM_BLOCK.test(value) || APP_SPECIFIC_PASSWORD.test(value);
}

/**
 * Replaces secrets in text: every occurrence of a known secret value, every PEM block and every
 * app-specific password.
 *
 * @param text Text to print or log.
 * @param secrets Values known to be secret (e.g. a keychain password read from the environment).
 * @returns The text with each secret replaced by {@linkcode REDACTED}.
 *
 * @example
 * ```ts
 * import { redactText } from "./redact_secrets.ts";
 *
 * console.assert(redactText("unlock with hunter2", ["hunter2"]) === "unlock with [REDACTED]");
 * ```
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets].filter((s) => s !== "").sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(REDACTED);
  }
  return out.replace(PEM_BLOCK, REDACTED).replace(APP_SPECIFIC_PASSWORD, REDACTED);
}

/**
 * Returns a copy of a value with its secrets replaced by {@linkcode REDACTED}: strings are passed
 * through {@linkcode redactText}; in objects, every string, number or boolean under a key that
 * {@linkcode isSecretName} (at any depth below it) is replaced, except under a key that
 * {@linkcode isReferenceName} (`apiKey.keyPathEnv` stays visible). Arrays and nested objects are
 * walked; other values are returned as they are.
 *
 * @param value A configuration, an environment, an event to print.
 * @param secrets Values known to be secret.
 * @returns The redacted copy.
 *
 * @example Redact a configuration before printing it
 * ```ts
 * import { redactSecrets } from "./redact_secrets.ts";
 *
 * const shown = redactSecrets({ teamId: "ABCDE12345", notary: { password: "hunter2" } });
 * console.assert(JSON.stringify(shown) === '{"teamId":"ABCDE12345","notary":{"password":"[REDACTED]"}}');
 * ```
 */
export function redactSecrets(value: string, secrets?: readonly string[]): string;
/**
 * Returns a copy of any value with its secrets replaced (see the string overload).
 *
 * @param value A configuration, an environment, an event to print.
 * @param secrets Values known to be secret.
 * @returns The redacted copy.
 *
 * @example Redact an environment
 * ```ts
 * import { redactSecrets } from "./redact_secrets.ts";
 *
 * const env = redactSecrets({ HOME: "/Users/dev", KEYCHAIN_PASSWORD: "hunter2" }) as Record<string, string>;
 * console.assert(env.KEYCHAIN_PASSWORD === "[REDACTED]" && env.HOME === "/Users/dev");
 * ```
 */
export function redactSecrets(value: unknown, secrets?: readonly string[]): unknown;
export function redactSecrets(value: unknown, secrets: readonly string[] = []): unknown {
  return redactValue(value, secrets, false);
}

function redactValue(value: unknown, secrets: readonly string[], underSecret: boolean): unknown {
  if (typeof value === "string") return underSecret ? REDACTED : redactText(value, secrets);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return underSecret ? REDACTED : value;
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, underSecret));
  if (
    typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype
  ) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const secret = (underSecret || isSecretName(key)) && !isReferenceName(key);
      Object.defineProperty(out, key, {
        value: redactValue(item, secrets, secret),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}
