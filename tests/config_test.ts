import assert from "node:assert/strict";
import { join } from "node:path";
import { ConfigError } from "../lib/config/config_error.ts";
import { loadConfig } from "../lib/config/load_config.ts";
import {
  DEFAULT_DEXT_BUNDLE_ID,
  DEFAULT_MANAGER_BUNDLE_ID,
  resolveConfig,
} from "../lib/config/dextkit_config.ts";
import {
  notarySecrets,
  notarytoolAuthArgs,
  resolveNotaryCredentials,
} from "../lib/config/notary_credentials.ts";
import { requireProfile, requireTeamId, signingIdentity } from "../lib/config/required_settings.ts";
import {
  isSecretName,
  looksLikeSecretValue,
  REDACTED,
  redactSecrets,
  redactText,
} from "../lib/config/redact_secrets.ts";
import { isDuration, parseDuration } from "../lib/config/duration.ts";
import { ExitCode } from "../lib/errors.ts";

const ROOT = "/work/project";

function configError(run: () => unknown, message: string | RegExp, keyPath?: string): ConfigError {
  let caught: ConfigError | undefined;
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ConfigError, String(error));
    if (typeof message === "string") assert.equal(error.message, message);
    else assert.match(error.message, message);
    if (keyPath !== undefined) assert.equal(error.keyPath, keyPath);
    assert.equal(error.exitCode, ExitCode.Usage);
    caught = error;
    return true;
  });
  assert.ok(caught);
  return caught;
}

async function inTempDir(
  files: Record<string, string>,
  body: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(join(dir, name), text);
    }
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

// ---------------------------------------------------------------- resolving

Deno.test("config: an empty configuration is dextkit's own dext project with defaults", () => {
  assert.deepEqual(resolveConfig(undefined, { root: ROOT }), {
    source: undefined,
    root: ROOT,
    projectDir: `${ROOT}/dext`,
    isDefaultProject: true,
    bundleIds: {
      dext: "dev.dextkit.VirtualHIDDevice",
      manager: "dev.dextkit.VirtualHIDDeviceManager",
    },
    teamId: undefined,
    signing: {
      entitlements: "development",
      developmentIdentity: undefined,
      distributionIdentity: undefined,
      installerIdentity: undefined,
    },
    profiles: { dext: undefined, manager: undefined },
    version: "from-project",
    buildVersion: "from-project",
    notary: undefined,
    // 30 min, 2 h, 10 min, 10 min.
    timeouts: {
      commandMs: 1_800_000,
      notarizeMs: 7_200_000,
      stapleMs: 600_000,
      activationMs: 600_000,
    },
  });
  assert.equal(DEFAULT_DEXT_BUNDLE_ID, "dev.dextkit.VirtualHIDDevice");
  assert.equal(DEFAULT_MANAGER_BUNDLE_ID, "dev.dextkit.VirtualHIDDeviceManager");
});

Deno.test("config: another dext project with every key set", () => {
  const config = resolveConfig({
    project: "drivers/my-dext",
    bundleIds: { dext: "com.example.hiddriver", manager: "com.example.hiddriver.manager" },
    teamId: "ABCDE12345",
    signing: {
      entitlements: "distribution",
      developmentIdentity: "Apple Development: dev@example.com (XYZ9876543)",
      distributionIdentity: "Developer ID Application: Example Corp (ABCDE12345)",
      installerIdentity: "8D66E2C2B0A2E1F2A3B4C5D6E7F8091A2B3C6F22",
    },
    profiles: { dext: "profiles/dext.provisionprofile", manager: "/abs/manager.provisionprofile" },
    version: "1.2.3",
    buildVersion: "42",
    notary: { keychainProfile: "dextkit-notary", keychain: "ci.keychain-db" },
    timeouts: { command: "45m", notarize: "1h30m", staple: "90s", activation: "500ms" },
  }, { source: `${ROOT}/dextkit.json`, root: ROOT });
  assert.equal(config.projectDir, `${ROOT}/drivers/my-dext`);
  assert.equal(config.isDefaultProject, false);
  assert.deepEqual(config.profiles, {
    dext: `${ROOT}/profiles/dext.provisionprofile`,
    manager: "/abs/manager.provisionprofile",
  });
  assert.deepEqual(config.notary, {
    kind: "keychain-profile",
    profile: "dextkit-notary",
    keychain: `${ROOT}/ci.keychain-db`,
  });
  assert.deepEqual(config.timeouts, {
    commandMs: 2_700_000,
    notarizeMs: 5_400_000,
    stapleMs: 90_000,
    activationMs: 500,
  });
  assert.equal(config.version, "1.2.3");
  assert.equal(config.buildVersion, "42");
  assert.equal(signingIdentity(config), "Developer ID Application: Example Corp (ABCDE12345)");
  assert.equal(requireTeamId(config, "uninstall"), "ABCDE12345");
  assert.equal(requireProfile(config, "dext"), `${ROOT}/profiles/dext.provisionprofile`);
});

Deno.test("config: an API key is configured by environment variable NAMES, with defaults", () => {
  assert.deepEqual(resolveConfig({ notary: { apiKey: {} } }, { root: ROOT }).notary, {
    kind: "api-key",
    keyIdEnv: "DEXTKIT_NOTARY_KEY_ID",
    issuerEnv: "DEXTKIT_NOTARY_ISSUER",
    keyPathEnv: "DEXTKIT_NOTARY_KEY_PATH",
  });
  assert.deepEqual(
    resolveConfig({ notary: { apiKey: { keyIdEnv: "ASC_KEY_ID" } } }, { root: ROOT }).notary,
    {
      kind: "api-key",
      keyIdEnv: "ASC_KEY_ID",
      issuerEnv: "DEXTKIT_NOTARY_ISSUER",
      keyPathEnv: "DEXTKIT_NOTARY_KEY_PATH",
    },
  );
});

// ---------------------------------------------------------------- validation errors

Deno.test("config errors name the key path and the expected form", () => {
  const where = `${ROOT}/deno.json`;
  const check = (raw: unknown, message: string, keyPath: string) =>
    configError(
      () => resolveConfig(raw, { source: where, root: ROOT }),
      `${where}: ${message}`,
      keyPath,
    );
  check(
    { teamId: "abcde12345" },
    'dextkit.teamId is "abcde12345"; expected 10 upper-case letters or digits, such as ABCDE12345',
    "dextkit.teamId",
  );
  check(
    { teamId: 12345 },
    "dextkit.teamId is 12345; expected 10 upper-case letters or digits, such as ABCDE12345",
    "dextkit.teamId",
  );
  check(
    { bundleIds: { dext: "hiddriver" } },
    'dextkit.bundleIds.dext is "hiddriver"; expected a reverse-DNS bundle id such as com.example.hiddriver',
    "dextkit.bundleIds.dext",
  );
  check(
    { signing: { entitlements: "prod" } },
    'dextkit.signing.entitlements is "prod"; expected "development" or "distribution"',
    "dextkit.signing.entitlements",
  );
  check(
    { signing: { distributionIdentity: "Apple Development: x (Y)" } },
    'dextkit.signing.distributionIdentity is "Apple Development: x (Y)"; expected an identity name ("Developer ID Application: …") or its 40-hex-digit SHA-1 hash',
    "dextkit.signing.distributionIdentity",
  );
  check(
    { version: "1.2.3.4" },
    'dextkit.version is "1.2.3.4"; expected "from-project" or a version of one to three numbers such as 1.2 or 1.2.3',
    "dextkit.version",
  );
  check(
    { timeouts: { notarize: "2 hours" } },
    'dextkit.timeouts.notarize is "2 hours"; expected a duration such as 90s, 30m or 2h',
    "dextkit.timeouts.notarize",
  );
  check(
    { notary: { keychainProfile: "p", apiKey: {} } },
    "dextkit.notary is an object; expected exactly one of keychainProfile, apiKey or appleId",
    "dextkit.notary",
  );
  check(
    { notary: { apiKey: { keyIdEnv: "MY KEY" } } },
    'dextkit.notary.apiKey.keyIdEnv is "MY KEY"; expected an environment variable NAME such as DEXTKIT_NOTARY_KEY_ID',
    "dextkit.notary.apiKey.keyIdEnv",
  );
  check(
    { profiles: [] },
    "dextkit.profiles is an array; expected an object: { dext, manager }",
    "dextkit.profiles",
  );
  check("dext", 'dextkit is "dext"; expected an object', "dextkit");
});

Deno.test("config: every problem is listed, each with its key path", () => {
  const error = configError(
    () =>
      resolveConfig({ teamId: "x", version: "y", signing: { identiy: "z" } }, {
        source: "dextkit.json",
        root: ROOT,
      }),
    /^dextkit\.json: 3 problems:\n/,
  );
  const lines = error.message.split("\n").slice(1);
  assert.equal(lines.length, 3);
  assert.match(lines.join("\n"), /^ {2}dextkit\.teamId is "x"; /m);
  assert.match(lines.join("\n"), /^ {2}dextkit\.version is "y"; /m);
  assert.match(lines.join("\n"), /^ {2}dextkit\.signing\.identiy is not a known key/m);
  assert.deepEqual(
    error.problems.map((problem) => problem.keyPath).toSorted(),
    ["dextkit.signing.identiy", "dextkit.teamId", "dextkit.version"],
  );
  assert.equal(error.keyPath, error.problems[0]?.keyPath);
});

Deno.test("config: past ten problems the rest are counted, not listed", () => {
  const raw = {
    teamId: 1,
    version: 2,
    buildVersion: 3,
    project: 4,
    bundleIds: { dext: 5, manager: 6 },
    signing: {
      entitlements: 7,
      developmentIdentity: 8,
      distributionIdentity: 9,
      installerIdentity: 10,
    },
    profiles: { dext: 11, manager: 12 },
    timeouts: { command: 13 },
  };
  const error = configError(
    () => resolveConfig(raw, { root: ROOT }),
    /^the dextkit .*13 problems:/,
  );
  const lines = error.message.split("\n");
  assert.equal(lines.length, 1 + 10 + 1);
  assert.equal(lines.at(-1), "  … and 3 more");
  assert.equal(error.problems.length, 13);
});

Deno.test("config: an unknown key gets the closest valid names and the allowed list", () => {
  const error = configError(
    () =>
      resolveConfig({ signing: { distributionIdentiy: "x" } }, { source: "deno.json", root: ROOT }),
    "deno.json: dextkit.signing.distributionIdentiy is not a known key; did you mean distributionIdentity?",
    "dextkit.signing.distributionIdentiy",
  );
  assert.equal(
    error.hint,
    "keys allowed in dextkit.signing: entitlements, developmentIdentity, distributionIdentity, installerIdentity",
  );
  configError(
    () => resolveConfig({ teamID: "ABCDE12345" }, { root: ROOT }),
    "the dextkit configuration: dextkit.teamID is not a known key; did you mean teamId?",
  );
  configError(
    () => resolveConfig({ zzzzzzzz: 1 }, { root: ROOT }),
    "the dextkit configuration: dextkit.zzzzzzzz is not a known key",
  );
});

Deno.test("config: another project must name its bundle ids", () => {
  configError(
    () => resolveConfig({ project: "other", bundleIds: { dext: "com.example.x" } }, { root: ROOT }),
    'the dextkit configuration: dextkit.bundleIds.manager is required when dextkit.project is not "dext"',
    "dextkit.bundleIds.manager",
  );
  assert.equal(resolveConfig({ project: "./dext/" }, { root: ROOT }).isDefaultProject, true);
});

Deno.test("config: a Developer ID identity of another team is refused", () => {
  configError(
    () =>
      resolveConfig({
        teamId: "ABCDE12345",
        signing: { installerIdentity: "Developer ID Installer: Other Corp (ZZZZZ99999)" },
      }, { root: ROOT }),
    "the dextkit configuration: dextkit.signing.installerIdentity is for team ZZZZZ99999 but dextkit.teamId is ABCDE12345",
  );
  // An Apple Development name carries a personal id in parentheses, not the team: no check.
  resolveConfig({
    teamId: "ABCDE12345",
    signing: { developmentIdentity: "Apple Development: dev@example.com (XYZ9876543)" },
  }, { root: ROOT });
});

// ---------------------------------------------------------------- secrets

Deno.test("config: a password or key material in the file is refused, without echoing it", () => {
  const cases: [unknown, string][] = [
    [{ notary: { password: "abcd-efgh-ijkl-mnop" } }, "dextkit.notary.password holds a secret"],
    [
      { notary: { apiKey: { key: "MIGTAgEAMBMGByqGSM49" } } },
      "dextkit.notary.apiKey.key holds a secret",
    ],
    [
      { notary: { apiKey: { contents: "MIGTAgEAMBMGByqGSM49" } } },
      "dextkit.notary.apiKey.contents holds a secret",
    ],
    [{ keychainPassword: "hunter2" }, "dextkit.keychainPassword holds a secret"],
    [{
      notary: {
        keychainProfile: "-----BEGIN PRIVATE KEY-----\nMIGTAgEA\n-----END PRIVATE KEY-----",
      },
    }, "dextkit.notary.keychainProfile looks like a password or private key"],
    [
      { signing: { developmentIdentity: "abcd-efgh-ijkl-mnop" } },
      "dextkit.signing.developmentIdentity looks like a password or private key",
    ],
  ];
  for (const [raw, start] of cases) {
    const error = configError(
      () => resolveConfig(raw, { source: "dextkit.json", root: ROOT }),
      `dextkit.json: ${start}; secrets never go in a configuration file`,
    );
    assert.ok(
      !error.message.includes("hunter2") && !error.message.includes("abcd-efgh") &&
        !error.message.includes("MIGT"),
    );
    assert.match(error.hint, /notarytool store-credentials/);
  }
});

Deno.test("config: the API key path variable name is not mistaken for a secret", () => {
  const config = resolveConfig({
    notary: { apiKey: { keyPathEnv: "APPLE_API_KEY_PATH", keyIdEnv: "APPLE_API_KEY_ID" } },
  }, { root: ROOT });
  assert.equal(config.notary?.kind, "api-key");
});

Deno.test("secret names, values and redaction", () => {
  for (
    const name of [
      "password",
      "KEYCHAIN_PASSWORD",
      "apiKey",
      "NOTARY_KEY",
      "privateKey",
      "P12_BASE64",
      "BUILD_CERTIFICATE_BASE64",
      "APPLE_ID_PASSWORD",
      "githubToken",
      "clientSecret",
    ]
  ) {
    assert.ok(isSecretName(name), name);
  }
  for (
    const name of [
      "keyPath",
      "API_KEY_ID",
      "DEXTKIT_NOTARY_KEY_PATH",
      "keychainProfile",
      "keyIdEnv",
      "teamId",
      "keychain",
      "issuer",
      "CERTIFICATE_PATH",
      "",
    ]
  ) {
    assert.ok(!isSecretName(name), name);
  }
  assert.ok(
    looksLikeSecretValue("x -----BEGIN EC PRIVATE KEY-----\nAAA\n-----END EC PRIVATE KEY----- y"),
  );
  assert.ok(!looksLikeSecretValue("Developer ID Application: Example Corp (ABCDE12345)"));
  assert.equal(
    redactText(
      "pw=hunter2 and hunter22 -----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY----- abcd-efgh-ijkl-mnop",
      ["hunter2", "hunter22"],
    ),
    `pw=${REDACTED} and ${REDACTED} ${REDACTED} ${REDACTED}`,
  );
  assert.deepEqual(
    redactSecrets({
      teamId: "ABCDE12345",
      notary: { apiKey: { keyIdEnv: "ASC_KEY_ID", contents: "MIGT" }, password: 1234 },
      list: ["ok", "the password is hunter2"],
      env: { KEYCHAIN_PASSWORD: "x", HOME: "/Users/dev" },
    }, ["hunter2"]),
    {
      teamId: "ABCDE12345",
      notary: { apiKey: { keyIdEnv: "ASC_KEY_ID", contents: REDACTED }, password: REDACTED },
      list: ["ok", `the password is ${REDACTED}`],
      env: { KEYCHAIN_PASSWORD: REDACTED, HOME: "/Users/dev" },
    },
  );
  assert.equal(redactSecrets(42), 42);
});

// ---------------------------------------------------------------- notary credentials

Deno.test("notary credentials: keychain profile and API key arguments; unset variables", () => {
  const profile = resolveConfig({
    notary: { keychainProfile: "dextkit notary", keychain: "/tmp/ci.keychain-db" },
  }, { root: ROOT });
  assert.deepEqual(notarytoolAuthArgs(resolveNotaryCredentials(profile, () => undefined)), [
    "--keychain-profile",
    "dextkit notary",
    "--keychain",
    "/tmp/ci.keychain-db",
  ]);
  const apiKey = resolveConfig({ notary: { apiKey: {} } }, { root: ROOT });
  const env: Record<string, string> = {
    DEXTKIT_NOTARY_KEY_ID: "ABC123DEFG",
    DEXTKIT_NOTARY_ISSUER: " 69a6de7e-0000-47e3-e053-5b8c7c11a4d1\n",
  };
  configError(
    () => resolveNotaryCredentials(apiKey, (name) => env[name]),
    "environment variable DEXTKIT_NOTARY_KEY_PATH is not set; it should hold the path of the AuthKey_<id>.p8 file",
  );
  env["DEXTKIT_NOTARY_KEY_PATH"] = "/keys/AuthKey_ABC123DEFG.p8";
  assert.deepEqual(notarytoolAuthArgs(resolveNotaryCredentials(apiKey, (name) => env[name])), [
    "--key",
    "/keys/AuthKey_ABC123DEFG.p8",
    "--key-id",
    "ABC123DEFG",
    "--issuer",
    "69a6de7e-0000-47e3-e053-5b8c7c11a4d1",
  ]);
  configError(
    () => resolveNotaryCredentials(resolveConfig({}, { root: ROOT })),
    /no notarization credentials are configured/,
    "dextkit.notary",
  );
});

Deno.test("notary credentials: an Individual API key has no issuer", () => {
  const apiKey = resolveConfig({ notary: { apiKey: {} } }, { root: ROOT });
  const env: Record<string, string> = {
    DEXTKIT_NOTARY_KEY_ID: "ABC123DEFG",
    DEXTKIT_NOTARY_ISSUER: "  ",
    DEXTKIT_NOTARY_KEY_PATH: "/keys/AuthKey_ABC123DEFG.p8",
  };
  const credentials = resolveNotaryCredentials(apiKey, (name) => env[name]);
  assert.deepEqual(notarytoolAuthArgs(credentials), [
    "--key",
    "/keys/AuthKey_ABC123DEFG.p8",
    "--key-id",
    "ABC123DEFG",
  ]);
  assert.deepEqual(notarySecrets(credentials), ["ABC123DEFG"]);
});

Deno.test("notary credentials: Apple ID, team id and app-specific password from the environment", () => {
  const config = resolveConfig({ teamId: "ABCDE12345", notary: { appleId: {} } }, { root: ROOT });
  const env: Record<string, string> = { DEXTKIT_NOTARY_APPLE_ID: "dev@example.com" };
  configError(
    () => resolveNotaryCredentials(config, (name) => env[name]),
    "environment variable DEXTKIT_NOTARY_PASSWORD is not set; it should hold the app-specific " +
      "password of the Apple ID",
    "dextkit.notary.appleId",
  );
  env["DEXTKIT_NOTARY_PASSWORD"] = "abcd-efgh-ijkl-mnop";
  const credentials = resolveNotaryCredentials(config, (name) => env[name]);
  // The team id falls back to dextkit.teamId; the environment overrides it.
  assert.deepEqual(notarytoolAuthArgs(credentials), [
    "--apple-id",
    "dev@example.com",
    "--team-id",
    "ABCDE12345",
    "--password",
    "abcd-efgh-ijkl-mnop",
  ]);
  env["DEXTKIT_NOTARY_TEAM_ID"] = "XYZ9876543";
  assert.equal(
    notarytoolAuthArgs(resolveNotaryCredentials(config, (name) => env[name]))[3],
    "XYZ9876543",
  );
  assert.deepEqual(notarySecrets(credentials), ["abcd-efgh-ijkl-mnop", "dev@example.com"]);
  const noTeam = resolveConfig({ notary: { appleId: { teamIdEnv: "MY_TEAM" } } }, { root: ROOT });
  configError(
    () => resolveNotaryCredentials(noTeam, (name) => env[name]),
    "environment variable MY_TEAM is not set and dextkit.teamId is not configured",
  );
  // Only variable NAMES go in the file.
  configError(
    () =>
      resolveConfig({ notary: { appleId: { password: "abcd-efgh-ijkl-mnop" } } }, { root: ROOT }),
    /dextkit\.notary\.appleId\.password holds a secret/,
  );
});

Deno.test("required settings: the error says which key to set, and where", () => {
  const none = resolveConfig({}, { root: ROOT });
  const error = configError(
    () => signingIdentity(none),
    "dextkit.signing.developmentIdentity is not set; signing with the development entitlements needs it",
  );
  assert.match(
    error.hint,
    /add a "dextkit" section with signing\.developmentIdentity to deno\.json/,
  );
  const fromFile = resolveConfig({ signing: { entitlements: "distribution" } }, {
    source: "/p/dextkit.json",
    root: "/p",
  });
  const second = configError(
    () => signingIdentity(fromFile),
    /dextkit\.signing\.distributionIdentity is not set/,
  );
  assert.equal(second.hint, "set dextkit.signing.distributionIdentity in /p/dextkit.json");
  configError(
    () => requireTeamId(none, "uninstall"),
    "dextkit.teamId is not set; uninstall needs it",
  );
  configError(
    () => requireProfile(none, "manager"),
    "dextkit.profiles.manager is not set; signing the manager app needs it",
  );
});

Deno.test("durations", () => {
  assert.equal(parseDuration("90s"), 90_000);
  assert.equal(parseDuration("2h"), 7_200_000);
  assert.equal(parseDuration("1h30m15s"), 5_415_000);
  assert.equal(parseDuration("250ms"), 250);
  for (const bad of ["", "2", "h", "2 h", "1.5h", "-1s", "2hours"]) {
    assert.ok(!isDuration(bad), bad);
  }
});

// ---------------------------------------------------------------- loading files

Deno.test("loadConfig: dextkit.json, deno.json's section, or defaults", async () => {
  await inTempDir({
    "dextkit.json": JSON.stringify({
      teamId: "ABCDE12345",
      profiles: { dext: "p/dext.provisionprofile" },
    }),
  }, async (dir) => {
    const config = await loadConfig(dir);
    assert.equal(config.source, join(dir, "dextkit.json"));
    assert.equal(config.teamId, "ABCDE12345");
    assert.equal(config.profiles.dext, join(dir, "p/dext.provisionprofile"));
    assert.equal(config.projectDir, join(dir, "dext"));
  });
  await inTempDir(
    { "deno.json": JSON.stringify({ tasks: {}, dextkit: { teamId: "ZZZZZ99999" } }) },
    async (dir) => {
      const config = await loadConfig(dir);
      assert.equal(config.source, join(dir, "deno.json"));
      assert.equal(config.teamId, "ZZZZZ99999");
      assert.equal((await loadConfig(join(dir, "deno.json"))).teamId, "ZZZZZ99999");
    },
  );
  await inTempDir({ "deno.json": JSON.stringify({ tasks: {} }) }, async (dir) => {
    const config = await loadConfig(dir);
    assert.equal(config.source, undefined);
    assert.equal(config.root, dir);
    assert.equal(config.bundleIds.dext, DEFAULT_DEXT_BUNDLE_ID);
  });
});

Deno.test("loadConfig: an explicit other file is the configuration itself", async () => {
  await inTempDir(
    { "release.json": JSON.stringify({ signing: { entitlements: "distribution" } }) },
    async (dir) => {
      const config = await loadConfig(join(dir, "release.json"));
      assert.equal(config.signing.entitlements, "distribution");
      assert.equal(config.root, dir);
    },
  );
});

Deno.test("loadConfig: two configurations in one directory is an error, not a silent choice", async () => {
  await inTempDir({
    "dextkit.json": JSON.stringify({ teamId: "ABCDE12345" }),
    "deno.json": JSON.stringify({ dextkit: { teamId: "ZZZZZ99999" } }),
  }, async (dir) => {
    await assert.rejects(loadConfig(dir), (error) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(
        error.message,
        `both ${join(dir, "dextkit.json")} and the "dextkit" section of ${
          join(dir, "deno.json")
        } configure dextkit`,
      );
      return true;
    });
  });
});

Deno.test("loadConfig: bad JSON names the line; a missing file; errors name the file", async () => {
  await inTempDir(
    { "dextkit.json": '{\n  "teamId": "ABCDE12345",\n  "version": 1.2.3\n}\n' },
    async (dir) => {
      await assert.rejects(loadConfig(dir), (error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(
          error.message,
          new RegExp(`^${join(dir, "dextkit.json")} \\(line 3\\) is not valid JSON: `),
        );
        return true;
      });
    },
  );
  await assert.rejects(loadConfig("/nonexistent/dextkit.json"), (error) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, "configuration file /nonexistent/dextkit.json does not exist");
    return true;
  });
  await inTempDir({ "deno.json": JSON.stringify({ dextkit: { teamid: "x" } }) }, async (dir) => {
    await assert.rejects(loadConfig(dir), (error) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(
        error.message,
        `${join(dir, "deno.json")}: dextkit.teamid is not a known key; did you mean teamId?`,
      );
      return true;
    });
  });
});

Deno.test("this repository's deno.json loads (with or without a dextkit section)", async () => {
  const repo = new URL("..", import.meta.url).pathname;
  const config = await loadConfig(repo);
  assert.equal(config.projectDir, join(repo, "dext"));
});

Deno.test("loadConfig: a byte-order mark at the start of dextkit.json or deno.json is accepted", async () => {
  await inTempDir(
    { "dextkit.json": `\uFEFF${JSON.stringify({ teamId: "ABCDE12345" })}` },
    async (dir) => {
      assert.equal((await loadConfig(dir)).teamId, "ABCDE12345");
    },
  );
  await inTempDir(
    { "deno.json": `\uFEFF${JSON.stringify({ dextkit: { teamId: "ABCDE12345" } })}` },
    async (dir) => {
      assert.equal((await loadConfig(dir)).teamId, "ABCDE12345");
    },
  );
});
