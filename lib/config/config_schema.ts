/**
 * The shape of the `dextkit` configuration (the `dextkit` section of deno.json, or
 * dextkit.json), as a valibot schema. Every key is optional; {@linkcode DextkitConfigFile} is
 * what the file holds, before defaults and path resolution (`dextkit_config.ts`).
 *
 * ```json
 * {
 *   "dextkit": {
 *     "project": "dext",
 *     "bundleIds": { "dext": "com.example.hiddriver", "manager": "com.example.hiddriver.manager" },
 *     "teamId": "ABCDE12345",
 *     "signing": {
 *       "entitlements": "distribution",
 *       "developmentIdentity": "Apple Development: dev@example.com (XYZ9876543)",
 *       "distributionIdentity": "Developer ID Application: Example Corp (ABCDE12345)",
 *       "installerIdentity": "Developer ID Installer: Example Corp (ABCDE12345)"
 *     },
 *     "profiles": { "dext": "profiles/dext.provisionprofile", "manager": "profiles/manager.provisionprofile" },
 *     "version": "1.2.0",
 *     "buildVersion": "from-project",
 *     "notary": { "keychainProfile": "dextkit-notary" },
 *     "timeouts": { "command": "30m", "notarize": "2h", "staple": "10m", "activation": "10m" }
 *   }
 * }
 * ```
 *
 * `notary` is either `{ "keychainProfile": "<name>", "keychain"?: "<path>" }` (credentials saved
 * with `xcrun notarytool store-credentials`) or `{ "apiKey": { "keyIdEnv"?, "issuerEnv"?,
 * "keyPathEnv"? } }`: the NAMES of the environment variables that hold the App Store Connect API
 * key id, issuer and key file path (defaults `DEXTKIT_NOTARY_KEY_ID`, `DEXTKIT_NOTARY_ISSUER`,
 * `DEXTKIT_NOTARY_KEY_PATH`; an Individual key leaves the issuer unset), or `{ "appleId": {
 * "appleIdEnv"?, "teamIdEnv"?, "passwordEnv"? } }`: the names of the variables with the Apple ID,
 * team id and app-specific password (defaults `DEXTKIT_NOTARY_APPLE_ID`, `DEXTKIT_NOTARY_TEAM_ID`
 * (else `teamId`), `DEXTKIT_NOTARY_PASSWORD`). No secret value ever goes in the file.
 *
 * @module
 */
import { counted } from "../plural.ts";
import * as v from "../deps/valibot.ts";
import { closestNames } from "../closest_names.ts";
import { ConfigError, type ConfigProblem } from "./config_error.ts";
import { isDuration } from "./duration.ts";

const TEAM_ID = /^[A-Z0-9]{10}$/;
const BUNDLE_ID = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const SHA1 = /^[0-9A-Fa-f]{40}$/;
const VERSION = /^\d+(\.\d+){0,2}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Text matching a pattern, with one "expected …" message for every failure. */
function text(pattern: RegExp, expected: string) {
  return v.pipe(v.string(`expected ${expected}`), v.regex(pattern, `expected ${expected}`));
}

/**
 * A JSON object with exactly these keys. valibot's object schemas accept arrays (they are
 * objects too), so an array is refused first.
 */
function record<const TEntries extends v.ObjectEntries>(entries: TEntries, message: string) {
  return v.pipe(
    v.custom<Record<string, unknown>>(
      (input) => typeof input === "object" && input !== null && !Array.isArray(input),
      message,
    ),
    v.strictObject(entries, message),
  );
}

function nonEmpty(expected: string) {
  return v.pipe(v.string(`expected ${expected}`), v.minLength(1, `expected ${expected}`));
}

function identity(kinds: readonly string[]) {
  const names = kinds.map((kind) => `"${kind}: …"`).join(" or ");
  const pattern = new RegExp(`^(${kinds.join("|")}): .+$`);
  return v.pipe(
    v.string(`expected an identity name (${names}) or its SHA-1 hash`),
    v.check(
      (value) => pattern.test(value) || SHA1.test(value),
      `expected an identity name (${names}) or its 40-hex-digit SHA-1 hash`,
    ),
  );
}

const VERSION_FORM =
  'expected "from-project" or a version of one to three numbers such as 1.2 or 1.2.3';
const versionOrProject = v.pipe(
  v.string(VERSION_FORM),
  v.check((value) => value === "from-project" || VERSION.test(value), VERSION_FORM),
);

const duration = v.pipe(
  v.string("expected a duration such as 90s, 30m or 2h"),
  v.check(isDuration, "expected a duration such as 90s, 30m or 2h"),
);

const envName = text(ENV_NAME, "an environment variable NAME such as DEXTKIT_NOTARY_KEY_ID");

const notary = v.pipe(
  record(
    {
      keychainProfile: v.optional(nonEmpty("the name of a notarytool keychain profile")),
      keychain: v.optional(nonEmpty("the path of the keychain that holds the profile")),
      apiKey: v.optional(
        record({
          keyIdEnv: v.optional(envName),
          issuerEnv: v.optional(envName),
          keyPathEnv: v.optional(envName),
        }, "expected an object naming environment variables: { keyIdEnv, issuerEnv, keyPathEnv }"),
      ),
      appleId: v.optional(
        record(
          {
            appleIdEnv: v.optional(envName),
            teamIdEnv: v.optional(envName),
            passwordEnv: v.optional(envName),
          },
          "expected an object naming environment variables: { appleIdEnv, teamIdEnv, passwordEnv }",
        ),
      ),
    },
    'expected an object: { "keychainProfile": "<name>" }, { "apiKey": { … } } or { "appleId": { … } }',
  ),
  v.check(
    (value) =>
      [value.keychainProfile, value.apiKey, value.appleId].filter((item) => item !== undefined)
        .length === 1,
    "expected exactly one of keychainProfile, apiKey or appleId",
  ),
  v.check(
    (value) => value.keychain === undefined || value.keychainProfile !== undefined,
    "keychain only goes with keychainProfile",
  ),
);

/** What a configuration file holds: every key optional, before defaults and path resolution. */
export interface DextkitConfigFile {
  /** The dext project directory, relative to the file. */
  readonly project?: string | undefined;
  /** Bundle ids of the dext and its manager (host) app. */
  readonly bundleIds?: {
    /** The dext's CFBundleIdentifier. */
    readonly dext?: string | undefined;
    /** The manager app's CFBundleIdentifier. */
    readonly manager?: string | undefined;
  } | undefined;
  /** The Apple team id (10 upper-case letters or digits). */
  readonly teamId?: string | undefined;
  /** Signing settings. */
  readonly signing?: {
    /** Which entitlement set to inject. */
    readonly entitlements?: "development" | "distribution" | undefined;
    /** "Apple Development: …" (or legacy "Mac Developer: …") name, or SHA-1. */
    readonly developmentIdentity?: string | undefined;
    /** "Developer ID Application: …" name, or SHA-1. */
    readonly distributionIdentity?: string | undefined;
    /** "Developer ID Installer: …" name, or SHA-1. */
    readonly installerIdentity?: string | undefined;
  } | undefined;
  /** Provisioning-profile paths, relative to the file. */
  readonly profiles?: {
    /** The dext's profile. */
    readonly dext?: string | undefined;
    /** The manager app's profile. */
    readonly manager?: string | undefined;
  } | undefined;
  /** CFBundleShortVersionString, or "from-project". */
  readonly version?: string | undefined;
  /** CFBundleVersion, or "from-project". */
  readonly buildVersion?: string | undefined;
  /** Notarization credentials: a keychain profile, or the names of API-key environment variables. */
  readonly notary?: {
    /** A notarytool keychain profile name. */
    readonly keychainProfile?: string | undefined;
    /** The keychain holding the profile. */
    readonly keychain?: string | undefined;
    /** Names of the environment variables with the API key id, issuer and key path. */
    readonly apiKey?: {
      /** Variable holding the key id. */
      readonly keyIdEnv?: string | undefined;
      /** Variable holding the issuer id. */
      readonly issuerEnv?: string | undefined;
      /** Variable holding the .p8 file path. */
      readonly keyPathEnv?: string | undefined;
    } | undefined;
    /** Names of the environment variables with the Apple ID, team id and app-specific password. */
    readonly appleId?: {
      /** Variable holding the Apple ID. */
      readonly appleIdEnv?: string | undefined;
      /** Variable holding the team id. */
      readonly teamIdEnv?: string | undefined;
      /** Variable holding the app-specific password. */
      readonly passwordEnv?: string | undefined;
    } | undefined;
  } | undefined;
  /** Durations such as "30m" or "2h". */
  readonly timeouts?: {
    /** Any single tool run. */
    readonly command?: string | undefined;
    /** Waiting for notarization. */
    readonly notarize?: string | undefined;
    /** All staple attempts. */
    readonly staple?: string | undefined;
    /** Waiting for activation. */
    readonly activation?: string | undefined;
  } | undefined;
}

const schema: v.GenericSchema<unknown, DextkitConfigFile> = record({
  project: v.optional(nonEmpty('the path of the dext project directory, such as "dext"')),
  bundleIds: v.optional(
    record({
      dext: v.optional(text(BUNDLE_ID, "a reverse-DNS bundle id such as com.example.hiddriver")),
      manager: v.optional(
        text(BUNDLE_ID, "a reverse-DNS bundle id such as com.example.hiddriver.manager"),
      ),
    }, "expected an object: { dext, manager }"),
  ),
  teamId: v.optional(text(TEAM_ID, "10 upper-case letters or digits, such as ABCDE12345")),
  signing: v.optional(
    record(
      {
        entitlements: v.optional(
          v.picklist(["development", "distribution"], 'expected "development" or "distribution"'),
        ),
        developmentIdentity: v.optional(identity(["Apple Development", "Mac Developer"])),
        distributionIdentity: v.optional(identity(["Developer ID Application"])),
        installerIdentity: v.optional(identity(["Developer ID Installer"])),
      },
      "expected an object: { entitlements, developmentIdentity, distributionIdentity, installerIdentity }",
    ),
  ),
  profiles: v.optional(
    record({
      dext: v.optional(nonEmpty("the path of the dext's .provisionprofile")),
      manager: v.optional(nonEmpty("the path of the manager app's .provisionprofile")),
    }, "expected an object: { dext, manager }"),
  ),
  version: v.optional(versionOrProject),
  buildVersion: v.optional(versionOrProject),
  notary: v.optional(notary),
  timeouts: v.optional(
    record({
      command: v.optional(duration),
      notarize: v.optional(duration),
      staple: v.optional(duration),
      activation: v.optional(duration),
    }, "expected an object: { command, notarize, staple, activation }"),
  ),
}, "expected an object");

type SchemaNode = {
  readonly type: string;
  readonly entries?: Readonly<Record<string, SchemaNode>>;
  readonly wrapped?: SchemaNode;
  readonly pipe?: readonly SchemaNode[];
  readonly options?: readonly SchemaNode[];
};

/**
 * Validates a raw `dextkit` configuration object against the schema.
 *
 * @param raw The parsed JSON.
 * @param where The file, for messages.
 * @returns The same object, typed.
 * @throws {ConfigError} For the first problem, naming the key path (`dextkit.signing.entitlements`)
 * and the expected form; an unknown key gets "did you mean" suggestions and the list of allowed
 * keys.
 *
 * @example
 * ```ts
 * import { validateConfigFile } from "./config_schema.ts";
 *
 * let message = "";
 * try {
 *   validateConfigFile({ signing: { entitlement: "development" } }, "deno.json");
 * } catch (error) {
 *   message = (error as Error).message;
 * }
 * console.assert(message === "deno.json: dextkit.signing.entitlement is not a known key; did you mean entitlements?");
 * ```
 */
export function validateConfigFile(raw: unknown, where: string): DextkitConfigFile {
  const parsed = v.safeParse(schema, raw);
  if (parsed.success) return parsed.output;
  throw issueError(parsed.issues, where);
}

/** How many problems one error lists; the rest are counted. */
const MAX_LISTED_PROBLEMS = 10;

function issueError(issues: readonly v.BaseIssue<unknown>[], where: string): ConfigError {
  const described = issues.map(describeIssue);
  const problems = described.map(({ keyPath, message }) => ({ keyPath, message }));
  const [first] = described;
  if (first === undefined) return new ConfigError(`${where}: invalid dextkit configuration`);
  if (problems.length === 1) {
    return new ConfigError(`${where}: ${first.message}`, {
      keyPath: first.keyPath,
      hint: first.hint,
      problems,
    });
  }
  const listed = described.slice(0, MAX_LISTED_PROBLEMS).map((problem) => `  ${problem.message}`);
  const rest = problems.length - listed.length;
  return new ConfigError(
    [
      `${where}: ${counted(problems.length, "problem")}:`,
      ...listed,
      ...(rest > 0 ? [`  … and ${rest} more`] : []),
    ].join("\n"),
    {
      keyPath: first.keyPath,
      hint: "fix each key above; the keys and their forms are in lib/config/config_schema.ts",
      problems,
    },
  );
}

/** One schema issue as a message that starts with its key path. */
function describeIssue(issue: v.BaseIssue<unknown>): ConfigProblem & { hint: string } {
  const keys = (issue.path ?? []).map((item) => String(item.key));
  const keyPath = ["dextkit", ...keys].join(".");
  const last = issue.path?.[issue.path.length - 1];
  if (last !== undefined && last.origin === "key") {
    const parentKeys = configKeysAt(keys.slice(0, -1));
    const suggestions = closestNames(String(last.key), parentKeys);
    return {
      keyPath,
      message: `${keyPath} is not a known key` +
        (suggestions.length > 0 ? `; did you mean ${suggestions.join(", ")}?` : ""),
      hint: `keys allowed in ${["dextkit", ...keys.slice(0, -1)].join(".")}: ${
        parentKeys.join(", ")
      }`,
    };
  }
  return {
    keyPath,
    message: `${keyPath} is ${describeValue(issue.input)}; ${issue.message}`,
    hint: "see the configuration keys in lib/config/config_schema.ts",
  };
}

function describeValue(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  return String(value);
}

/** The keys an object in the configuration may have, by walking the schema along a key path. */
function configKeysAt(path: readonly string[]): string[] {
  let node: SchemaNode | undefined = objectNode(schema as unknown as SchemaNode);
  for (const key of path) {
    const child: SchemaNode | undefined = node?.entries?.[key];
    node = child === undefined ? undefined : objectNode(child);
  }
  return Object.keys(node?.entries ?? {});
}

function objectNode(node: SchemaNode): SchemaNode | undefined {
  if (node.entries !== undefined) return node;
  if (node.wrapped !== undefined) return objectNode(node.wrapped);
  for (const item of node.pipe ?? []) {
    const found = item === node ? undefined : objectNode(item);
    if (found !== undefined) return found;
  }
  return undefined;
}
