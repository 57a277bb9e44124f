import assert from "node:assert/strict";
import { ConfigError } from "../lib/config/config_error.ts";
import { ExitCode } from "../lib/errors.ts";
import { SigningIdentityNotFoundError, StepRefusedError } from "../lib/pipeline/pipeline_errors.ts";
import { releaseStep } from "../lib/pipeline/release_step.ts";
import type { CommandExpectation } from "../lib/runner/scripted_runner.ts";
import {
  APP,
  DEXT,
  macosFixture,
  pipelineFixture,
  rejection,
  scripted,
  testConfig,
} from "./fixtures/pipeline/pipeline_harness.ts";

const PKG = "/src/dext/build/dist/DextkitManager-1.3.0-8.pkg";

function releaseScript(): CommandExpectation[] {
  return [
    // The installer identity is in the keychain before anything is built.
    {
      cmd: "security",
      args: ["find-identity", "-v", "-p", "basic"],
      stdout: pipelineFixture("find_identity_basic.txt"),
    },
    { cmd: "xcodegen" },
    {
      cmd: "xcodebuild",
      args: [
        "-scheme",
        "Manager",
        "-configuration",
        "Release",
        "SYMROOT=/src/dext/build",
        "MARKETING_VERSION=1.3.0",
        "CURRENT_PROJECT_VERSION=8",
      ],
    },
    { cmd: "plutil", stdout: pipelineFixture("dext_info_plist.xml") },
    { cmd: "security", stdout: pipelineFixture("find_identity_release.txt") },
    { cmd: "security", stdout: pipelineFixture("profile_dext_distribution.xml") },
    { cmd: "security", stdout: pipelineFixture("profile_manager.xml") },
    { cmd: "cp" },
    { cmd: "codesign" },
    { cmd: "cp" },
    { cmd: "codesign" },
    { cmd: "codesign", stdout: pipelineFixture("codesign_entitlements_dext_signed.xml") },
    { cmd: "codesign", stderr: macosFixture("codesign_dvvv_developer_id.txt") },
    { cmd: "codesign", stdout: pipelineFixture("codesign_entitlements_manager_signed.xml") },
    { cmd: "codesign", stderr: pipelineFixture("codesign_dvvv_manager.txt") },
    { cmd: "codesign", args: ["--verify", "--deep", "--strict", "--verbose=2", APP] },
    { cmd: "rm" },
    { cmd: "mkdir" },
    { cmd: "ditto" },
    { cmd: "pkgbuild" },
    { cmd: "productsign" },
    { cmd: "rm" },
    { cmd: "pkgutil", args: ["--check-signature", PKG] },
    // Before the upload: the package, the app inside it, the notary's checks run locally.
    { cmd: "pkgutil", args: ["--check-signature", PKG] },
    { cmd: "codesign", args: ["--verify", "--deep", "--strict", "--verbose=2", APP] },
    { cmd: "sw_vers", stdout: pipelineFixture("sw_vers_15.txt") },
    { cmd: "syspolicy_check", args: ["notary-submission", APP] },
    {
      cmd: "xcrun",
      args: [
        "notarytool",
        "submit",
        PKG,
        "--keychain-profile",
        "dextkit-notary",
        "--output-format",
        "json",
      ],
      stdout: macosFixture("notary_submit_nowait.txt"),
    },
    { cmd: "xcrun", stdout: pipelineFixture("notary_info_accepted.json") },
    { cmd: "xcrun", stdout: macosFixture("notary_log_accepted.json") },
    {
      cmd: "xcrun",
      args: ["stapler", "staple", PKG],
      stdout: macosFixture("stapler_staple_worked.txt"),
    },
    { cmd: "xcrun", args: ["stapler", "validate", PKG] },
    {
      cmd: "spctl",
      args: ["-a", "-vvv", "-t", "install", PKG],
      stderr: pipelineFixture("spctl_install_accepted.txt"),
    },
  ];
}

Deno.test("release: build → sign → package → notarize → staple the package", async () => {
  const { context, runner } = scripted(releaseScript(), {
    config: testConfig({ version: "1.3.0", buildVersion: "8" }),
  });
  const result = await releaseStep(context);
  runner.assertAllUsed();
  assert.equal(result.build.dextPath, DEXT);
  assert.equal(result.package.path, PKG);
  assert.equal(result.notarization.submissionId, "2efe2717-52ef-43a5-96dc-0797e4ca1041");
  assert.equal(result.notarization.stapled, PKG);
});

Deno.test("release: refused before building without the distribution entitlements", async () => {
  const config = testConfig({
    signing: {
      entitlements: "development",
      developmentIdentity: "Apple Development: dev@example.com (XYZ9876543)",
    },
  });
  const { context, runner } = scripted([], { config });
  const error = await rejection(releaseStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof StepRefusedError);
  assert.equal(error.exitCode, ExitCode.Usage);
});

Deno.test("release: the installer identity and the notary credentials are checked before building", async () => {
  const noInstaller = scripted([], {
    config: testConfig({
      signing: {
        entitlements: "distribution",
        distributionIdentity: "Developer ID Application: Example Corp (ABCDE12345)",
      },
    }),
  });
  const first = await rejection(releaseStep(noInstaller.context));
  assert.ok(first instanceof ConfigError);
  assert.equal(first.keyPath, "dextkit.signing.installerIdentity");

  const noKey = scripted([], { config: testConfig({ notary: { apiKey: {} } }), env: {} });
  const second = await rejection(releaseStep(noKey.context));
  assert.ok(second instanceof ConfigError);
  assert.match(second.message, /^environment variable DEXTKIT_NOTARY_KEY_ID is not set/);
  noKey.runner.assertAllUsed();
});

Deno.test("release: an installer identity missing from the keychain stops it before the build", async () => {
  const { context, runner } = scripted([{
    cmd: "security",
    args: ["find-identity", "-v", "-p", "basic"],
    stdout: macosFixture("find_identity_none.txt"),
  }]);
  const error = await rejection(releaseStep(context));
  // Nothing after the lookup ran: no xcodegen, no xcodebuild.
  runner.assertAllUsed();
  assert.ok(error instanceof SigningIdentityNotFoundError);
  assert.equal(
    error.message,
    '"Developer ID Installer: Example Corp (ABCDE12345)" is not a valid installer identity in ' +
      "the keychain",
  );
});
