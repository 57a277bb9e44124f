import assert from "node:assert/strict";
import { ConfigError } from "../lib/config/config_error.ts";
import { packageStep } from "../lib/pipeline/package_step.ts";
import { SigningIdentityNotFoundError, ToolFailedError } from "../lib/pipeline/pipeline_errors.ts";
import type { CommandExpectation } from "../lib/runner/scripted_runner.ts";
import { parsePlist } from "../lib/sysext/plist.ts";
import {
  APP,
  INSTALLER,
  pipelineFixture,
  rejection,
  scripted,
  testConfig,
} from "./fixtures/pipeline/pipeline_harness.ts";

const UNSIGNED = "/src/dext/build/DextkitManager-unsigned.pkg";
const SIGNED = "/src/dext/build/dist/DextkitManager-1.3.0-8.pkg";
const COMPONENTS = "/src/dext/build/pkg-components.plist";
const BASIC_IDENTITIES: CommandExpectation = {
  cmd: "security",
  args: ["find-identity", "-v", "-p", "basic"],
  stdout: pipelineFixture("find_identity_basic.txt"),
};

Deno.test("package: payload in /Applications, pkgbuild with a fixed location, productsign, check", async () => {
  const { context, runner, files } = scripted([
    BASIC_IDENTITIES,
    {
      cmd: "plutil",
      args: ["-convert", "xml1", "-o", "-", `${APP}/Contents/Info.plist`],
      stdout: pipelineFixture("app_info_plist.xml"),
    },
    { cmd: "rm", args: ["-rf", "/src/dext/build/pkgroot"] },
    { cmd: "mkdir", args: ["-p", "/src/dext/build/pkgroot/Applications", "/src/dext/build/dist"] },
    { cmd: "ditto", args: [APP, "/src/dext/build/pkgroot/Applications/DextkitManager.app"] },
    {
      cmd: "pkgbuild",
      args: [
        "--root",
        "/src/dext/build/pkgroot",
        "--component-plist",
        COMPONENTS,
        "--identifier",
        "com.example.hiddriver.manager",
        "--version",
        "1.3.0",
        "--install-location",
        "/",
        UNSIGNED,
      ],
    },
    { cmd: "productsign", args: ["--sign", INSTALLER, "--timestamp", UNSIGNED, SIGNED] },
    { cmd: "rm", args: ["-f", UNSIGNED] },
    { cmd: "pkgutil", args: ["--check-signature", SIGNED] },
  ]);
  const result = await packageStep(context);
  runner.assertAllUsed();
  assert.deepEqual(result, { path: SIGNED, version: "1.3.0" });
  assert.deepEqual(parsePlist(files.files.get(COMPONENTS) ?? "", "components"), [{
    RootRelativeBundlePath: "Applications/DextkitManager.app",
    BundleIsRelocatable: false,
    BundleIsVersionChecked: false,
    BundleHasStrictIdentifier: false,
    BundleOverwriteAction: "upgrade",
  }]);
});

Deno.test("package: an installer identity missing from the keychain is found before pkgbuild", async () => {
  const { context, runner } = scripted([{
    ...BASIC_IDENTITIES,
    stdout: pipelineFixture("find_identity_basic.txt").split("\n").filter((line) =>
      !line.includes("Installer")
    ).join("\n").replace("3 valid", "2 valid"),
  }]);
  const error = await rejection(
    packageStep(context, { versions: { shortVersion: "1.3.0", bundleVersion: "8" } }),
  );
  runner.assertAllUsed();
  assert.ok(error instanceof SigningIdentityNotFoundError);
  assert.match(error.message, /is not a valid installer identity in the keychain/);
  assert.match(error.hint, /security find-identity -v -p basic/);
});

Deno.test("package: productsign failing (keychain locked) fails the step", async () => {
  const { context, runner } = scripted([
    BASIC_IDENTITIES,
    { cmd: "rm" },
    { cmd: "mkdir" },
    { cmd: "ditto" },
    { cmd: "pkgbuild" },
    {
      cmd: "productsign",
      code: 1,
      stderr:
        "productsign: error: Could not find appropriate signing identity for “Developer ID Installer: Example Corp (ABCDE12345)”.\n",
    },
  ]);
  const error = await rejection(
    packageStep(context, { versions: { shortVersion: "1.3.0", bundleVersion: "8" } }),
  );
  runner.assertAllUsed();
  assert.ok(error instanceof ToolFailedError);
  assert.match(
    error.message,
    /^productsign exited with code 1: productsign: error: Could not find/,
  );
});

Deno.test("package: the installer identity is required", async () => {
  const config = testConfig({
    signing: {
      entitlements: "distribution",
      distributionIdentity: "Developer ID Application: Example Corp (ABCDE12345)",
    },
  });
  const { context } = scripted([], { config });
  const error = await rejection(packageStep(context));
  assert.ok(error instanceof ConfigError);
  assert.equal(error.keyPath, "dextkit.signing.installerIdentity");
});
