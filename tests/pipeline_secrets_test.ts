import assert from "node:assert/strict";
import { runNotarizeCommand } from "../lib/cli/commands/notarize.ts";
import { runReleaseCommand } from "../lib/cli/commands/release.ts";
import { CapturedOutput } from "../lib/cli/output.ts";
import { reportError } from "../lib/cli/report_error.ts";
import { VirtualClock } from "../lib/device/clock.ts";
import { type CommandExpectation, ScriptedRunner } from "../lib/runner/scripted_runner.ts";
import { macosFixture, pipelineFixture } from "./fixtures/pipeline/pipeline_harness.ts";

// Values a CI job keeps in its secrets: the API key id and issuer (redacted from every printed
// command), and passwords that are in the environment but never used by dextkit.
const ENV = {
  DEXTKIT_NOTARY_KEY_ID: "K3YID12345",
  DEXTKIT_NOTARY_ISSUER: "69a6de7e-1111-47e3-e053-5b8c7c11a4d1",
  DEXTKIT_NOTARY_KEY_PATH: "/secrets/AuthKey_K3YID12345.p8",
  DEXTKIT_NOTARY_APPLE_ID: "release@example.com",
  DEXTKIT_NOTARY_PASSWORD: "wxyz-abcd-efgh-ijkl",
  KEYCHAIN_PASSWORD: "correct-horse-battery-staple",
  P12_PASSWORD: "abcd-efgh-ijkl-mnop",
};
const SECRETS = [
  ENV.DEXTKIT_NOTARY_APPLE_ID,
  ENV.DEXTKIT_NOTARY_PASSWORD,
  ENV.DEXTKIT_NOTARY_KEY_ID,
  ENV.DEXTKIT_NOTARY_ISSUER,
  ENV.KEYCHAIN_PASSWORD,
  ENV.P12_PASSWORD,
];
const PKG = "/b/DextkitManager-1.3.0-8.pkg";
const ID = "2efe2717-52ef-43a5-96dc-0797e4ca1041";

async function withProject<T>(
  body: (dir: string) => Promise<T>,
  notary: unknown = { apiKey: {} },
): Promise<T> {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/dextkit.json`,
    JSON.stringify({
      teamId: "ABCDE12345",
      signing: {
        entitlements: "distribution",
        distributionIdentity: "Developer ID Application: Example Corp (ABCDE12345)",
        installerIdentity: "Developer ID Installer: Example Corp (ABCDE12345)",
      },
      profiles: { dext: "dext.provisionprofile", manager: "manager.provisionprofile" },
      notary,
    }),
  );
  // The sign step reads the project's entitlement files, even in a dry run.
  await Deno.mkdir(`${dir}/dext/driver/entitlements`, { recursive: true });
  await Deno.mkdir(`${dir}/dext/manager`, { recursive: true });
  for (
    const path of ["driver/entitlements/distribution.entitlements", "manager/manager.entitlements"]
  ) {
    await Deno.copyFile(new URL(`../dext/${path}`, import.meta.url), `${dir}/dext/${path}`);
  }
  try {
    return await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function assertNoSecret(texts: readonly string[]): void {
  for (const text of texts) {
    for (const secret of SECRETS) {
      assert.ok(!text.includes(secret), `a secret leaked into: ${text}`);
    }
  }
}

async function notarizeScripted(
  dir: string,
  script: CommandExpectation[],
  json: boolean,
): Promise<string[]> {
  const output = new CapturedOutput();
  const clock = new VirtualClock();
  const runner = new ScriptedRunner(script, { sleep: (ms) => clock.sleep(ms) });
  const texts: string[] = [];
  try {
    // A real run writes the submission id and the notary log next to the package.
    await runNotarizeCommand({ config: dir, path: `${dir}/DextkitManager-1.3.0-8.pkg`, json }, {
      output,
      env: ENV,
      os: "darwin",
      runner,
      clock,
    });
  } catch (error) {
    texts.push(...reportError(error, true).lines);
  }
  return [...texts, output.stdout, output.stderr, ...runner.lines];
}

Deno.test("secrets: a dry-run plan shows the API key's id and issuer as [REDACTED]", async () => {
  await withProject(async (dir) => {
    for (const json of [false, true]) {
      const output = new CapturedOutput();
      await runNotarizeCommand({ config: dir, path: PKG, dryRun: true, json }, {
        output,
        env: ENV,
      });
      assertNoSecret([output.stdout, output.stderr]);
      assert.ok(output.outLines.includes(
        `xcrun notarytool submit ${PKG} --key '/secrets/AuthKey_[REDACTED].p8' --key-id [REDACTED] ` +
          "--issuer [REDACTED] --output-format json",
      ));
    }
  });
});

Deno.test("secrets: a failing tool that echoes the credentials is redacted in the error", async () => {
  await withProject(async (dir) => {
    const texts = await notarizeScripted(dir, [{ cmd: "pkgutil" }, {
      cmd: "xcrun",
      code: 1,
      stderr:
        `Error: HTTP status code: 401. Unable to authenticate key ${ENV.DEXTKIT_NOTARY_KEY_ID} ` +
        `for issuer ${ENV.DEXTKIT_NOTARY_ISSUER}.\n`,
    }], false);
    assertNoSecret(texts);
    assert.ok(texts.some((text) => text.includes("Unable to authenticate key [REDACTED]")));
  });
});

Deno.test("secrets: nothing leaks from a rejected notarization, in text or JSON", async () => {
  await withProject(async (dir) => {
    for (const json of [false, true]) {
      const texts = await notarizeScripted(dir, [
        { cmd: "pkgutil" },
        { cmd: "xcrun", stdout: macosFixture("notary_submit_nowait.txt") },
        { cmd: "xcrun", stdout: macosFixture("notary_info_inprogress.json") },
        { cmd: "xcrun", stdout: pipelineFixture("notary_info_invalid.json") },
        { cmd: "xcrun", stdout: macosFixture("notary_log_invalid.json") },
      ], json);
      assertNoSecret(texts);
      assert.ok(texts.some((text) => text.includes(`notarization ${ID} ended Invalid`)));
    }
  });
});

Deno.test("secrets: a release dry run prints none", async () => {
  await withProject(async (dir) => {
    const output = new CapturedOutput();
    await runReleaseCommand({ config: dir, dryRun: true, json: true }, { output, env: ENV });
    assertNoSecret([output.stdout, output.stderr]);
    assert.ok(output.outLines.some((line) => line.includes("--key-id [REDACTED]")));
  });
});

Deno.test("secrets: the Apple ID and its app-specific password never show, planned or failing", async () => {
  await withProject(async (dir) => {
    const output = new CapturedOutput();
    await runNotarizeCommand({ config: dir, path: PKG, dryRun: true, json: false }, {
      output,
      env: ENV,
    });
    assertNoSecret([output.stdout, output.stderr]);
    assert.ok(output.outLines.includes(
      `xcrun notarytool submit ${PKG} --apple-id [REDACTED] --team-id ABCDE12345 --password ` +
        "[REDACTED] --output-format json",
    ));
    const texts = await notarizeScripted(dir, [{ cmd: "pkgutil" }, {
      cmd: "xcrun",
      code: 1,
      stderr:
        `Error: HTTP status code: 401. Invalid credentials for ${ENV.DEXTKIT_NOTARY_APPLE_ID} ` +
        `(password ${ENV.DEXTKIT_NOTARY_PASSWORD}).\n`,
    }], true);
    assertNoSecret(texts);
    assert.ok(texts.some((text) => text.includes("Invalid credentials for [REDACTED]")));
  }, { appleId: {} });
});
