import assert from "node:assert/strict";
import {
  ForbiddenEntitlementError,
  MissingArtifactError,
  ProfileMismatchError,
  SignatureCheckError,
  SigningIdentityNotFoundError,
} from "../lib/pipeline/pipeline_errors.ts";
import { formatXmlPlist } from "../lib/pipeline/plist_writer.ts";
import { entitlementsNotAllowed } from "../lib/pipeline/provisioning_profile.ts";
import { signStep } from "../lib/pipeline/sign_step.ts";
import type { CommandExpectation } from "../lib/runner/scripted_runner.ts";
import { parsePlist } from "../lib/sysext/plist.ts";
import {
  APP,
  DEXT,
  IDENTITY,
  macosFixture,
  MemoryFiles,
  pipelineFixture,
  projectFiles,
  rejection,
  scripted,
  testConfig,
} from "./fixtures/pipeline/pipeline_harness.ts";

const DEXT_PROFILE = "/src/profiles/dext.provisionprofile";
const MANAGER_PROFILE = "/src/profiles/manager.provisionprofile";
const DEXT_ENTITLEMENTS = "/src/dext/build/signing/dext.entitlements";
const APP_ENTITLEMENTS = "/src/dext/build/signing/manager.entitlements";

function codesign(entitlements: string, path: string): CommandExpectation {
  return {
    cmd: "codesign",
    args: [
      "--force",
      "--sign",
      IDENTITY,
      "--entitlements",
      entitlements,
      "--options",
      "runtime",
      "--timestamp",
      path,
    ],
  };
}

const FIND_IDENTITY: CommandExpectation = {
  cmd: "security",
  args: ["find-identity", "-v", "-p", "codesigning"],
  stdout: macosFixture("find_identity_valid.txt"),
};
const DEXT_PROFILE_READ: CommandExpectation = {
  cmd: "security",
  args: ["cms", "-D", "-i", DEXT_PROFILE],
  stdout: pipelineFixture("profile_dext_distribution.xml"),
};
const MANAGER_PROFILE_READ: CommandExpectation = {
  cmd: "security",
  args: ["cms", "-D", "-i", MANAGER_PROFILE],
  stdout: pipelineFixture("profile_manager.xml"),
};

function signing(): CommandExpectation[] {
  return [
    { cmd: "cp", args: [DEXT_PROFILE, `${DEXT}/embedded.provisionprofile`] },
    codesign(DEXT_ENTITLEMENTS, DEXT),
    { cmd: "cp", args: [MANAGER_PROFILE, `${APP}/Contents/embedded.provisionprofile`] },
    codesign(APP_ENTITLEMENTS, APP),
  ];
}

function shown(path: string, stdout: string): CommandExpectation {
  return { cmd: "codesign", args: ["-d", "--entitlements", "-", "--xml", path], stdout };
}

function displayed(path: string, stderr: string): CommandExpectation {
  return { cmd: "codesign", args: ["-dvvv", path], stderr };
}

function fullScript(): CommandExpectation[] {
  return [
    FIND_IDENTITY,
    DEXT_PROFILE_READ,
    MANAGER_PROFILE_READ,
    ...signing(),
    shown(DEXT, pipelineFixture("codesign_entitlements_dext_signed.xml")),
    displayed(DEXT, macosFixture("codesign_dvvv_developer_id.txt")),
    shown(APP, pipelineFixture("codesign_entitlements_manager_signed.xml")),
    displayed(APP, pipelineFixture("codesign_dvvv_manager.txt")),
    { cmd: "codesign", args: ["--verify", "--deep", "--strict", "--verbose=2", APP] },
  ];
}

Deno.test("sign: dext first, then the app, with the entitlements injected, then verified", async () => {
  const { context, runner, files } = scripted(fullScript());
  const result = await signStep(context);
  runner.assertAllUsed();
  assert.equal(result.identity, IDENTITY);
  assert.equal(result.entitlementsSet, "distribution");
  // What was injected is exactly what a correct signature shows (hand-written fixtures).
  assert.deepEqual(
    parsePlist(files.files.get(DEXT_ENTITLEMENTS) ?? "", "dext"),
    parsePlist(pipelineFixture("codesign_entitlements_dext_signed.xml"), "fixture"),
  );
  assert.deepEqual(
    parsePlist(files.files.get(APP_ENTITLEMENTS) ?? "", "app"),
    parsePlist(pipelineFixture("codesign_entitlements_manager_signed.xml"), "fixture"),
  );
  assert.ok(!(files.files.get(DEXT_ENTITLEMENTS) ?? "").includes("<!--"));
});

Deno.test("sign: entitlements codesign dropped silently are caught", async () => {
  const script = fullScript();
  script[7] = shown(DEXT, "");
  const { context, runner } = scripted(script.slice(0, 9));
  const error = await rejection(signStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof SignatureCheckError);
  assert.equal(
    error.message,
    `${DEXT} is missing the entitlements com.apple.application-identifier, ` +
      "com.apple.developer.driverkit, com.apple.developer.driverkit.family.hid.device, " +
      "com.apple.developer.team-identifier, com.apple.security.app-sandbox after signing " +
      "(codesign dropped them without failing)",
  );
});

Deno.test("sign: the CoreHID virtual-device entitlement in the dext is refused before signing", async () => {
  const files = projectFiles();
  const path = "/src/dext/driver/entitlements/distribution.entitlements";
  files.files.set(
    path,
    (files.files.get(path) ?? "").replace(
      "<dict>\n",
      "<dict>\n\t<key>com.apple.developer.hid.virtual.device</key>\n\t<true/>\n",
    ),
  );
  const { context, runner } = scripted([FIND_IDENTITY], { files });
  const error = await rejection(signStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof ForbiddenEntitlementError);
  assert.equal(error.key, "com.apple.developer.hid.virtual.device");
  assert.match(error.message, /EXC_CRASH \(Code Signature Invalid\)/);
  assert.match(error.hint, /family\.hid\.device/);
});

Deno.test("sign: a profile that lacks an entitlement is refused before signing", async () => {
  const { context, runner } = scripted([
    FIND_IDENTITY,
    { ...DEXT_PROFILE_READ, stdout: pipelineFixture("profile_dext_no_hid_device.xml") },
  ]);
  const error = await rejection(signStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof ProfileMismatchError);
  assert.equal(
    error.message,
    `${DEXT_PROFILE} does not allow com.apple.developer.driverkit.family.hid.device`,
  );
});

Deno.test("sign: an identity missing from the keychain suggests the closest one", async () => {
  const config = testConfig({
    signing: {
      entitlements: "distribution",
      distributionIdentity: "Developer ID Application: Exmple Corp (ABCDE12345)",
    },
  });
  const { context, runner } = scripted([FIND_IDENTITY], { config });
  const error = await rejection(signStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof SigningIdentityNotFoundError);
  assert.match(
    error.message,
    /did you mean "Developer ID Application: Example Corp \(ABCDE12345\)"/,
  );
});

Deno.test("sign: get-task-allow in a signature is refused", async () => {
  const script = fullScript();
  script[7] = shown(
    DEXT,
    pipelineFixture("codesign_entitlements_dext_signed.xml").replace(
      "<dict>\n",
      "<dict>\n\t<key>com.apple.security.get-task-allow</key>\n\t<true/>\n",
    ),
  );
  const { context, runner } = scripted(script.slice(0, 9));
  const error = await rejection(signStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof ForbiddenEntitlementError);
  assert.equal(error.key, "com.apple.security.get-task-allow");
});

Deno.test("sign: a signature without hardened runtime or secure timestamp is refused", async () => {
  const script = fullScript();
  script[8] = displayed(DEXT, macosFixture("codesign_dvvv_no_timestamp.txt"));
  const { context, runner } = scripted(script.slice(0, 9));
  const error = await rejection(signStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof SignatureCheckError);
  assert.equal(
    error.message,
    `${DEXT} has no hardened runtime (--options runtime) and has no secure timestamp ` +
      "(--timestamp needs network)",
  );
});

Deno.test("sign: an XML comment in an entitlements file is refused (codesign would drop it)", async () => {
  const files = projectFiles();
  const path = "/src/dext/manager/manager.entitlements";
  files.files.set(path, (files.files.get(path) ?? "").replace("<dict>", "<dict>\n<!-- note -->"));
  const { context } = scripted([FIND_IDENTITY], { files });
  const error = await rejection(signStep(context));
  assert.ok(error instanceof SignatureCheckError);
  assert.match(error.message, /XML comment/);
});

Deno.test("sign: without a built app it says to build first", async () => {
  const files = projectFiles();
  files.directories.clear();
  const { context } = scripted([], { files: files as MemoryFiles });
  const error = await rejection(signStep(context));
  assert.ok(error instanceof MissingArtifactError);
  assert.equal(error.hint, "run `dextkit build` first");
});

Deno.test("profiles allow by value, by wildcard prefix and by array membership", () => {
  const profile = {
    "com.apple.application-identifier": "ABCDE12345.*",
    "com.apple.developer.driverkit.userclient-access": ["com.example.a", "com.example.b"],
    "com.apple.developer.driverkit": true,
  };
  assert.deepEqual(
    entitlementsNotAllowed(profile, {
      "com.apple.application-identifier": "ABCDE12345.com.example.app",
      "com.apple.developer.driverkit.userclient-access": ["com.example.b"],
      "com.apple.developer.driverkit": true,
      "com.apple.security.app-sandbox": true,
    }),
    [],
  );
  assert.deepEqual(
    entitlementsNotAllowed(profile, {
      "com.apple.application-identifier": "XYZ9876543.com.example.app",
      "com.apple.developer.driverkit.userclient-access": ["com.example.c"],
      "com.apple.developer.driverkit": false,
    }),
    [
      "com.apple.application-identifier",
      "com.apple.developer.driverkit",
      "com.apple.developer.driverkit.userclient-access",
    ],
  );
});

Deno.test("the plist writer escapes text and writes Xcode's layout", () => {
  assert.equal(
    formatXmlPlist({ a: "x<&>y", b: [1, false], c: {} }),
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' +
      '<plist version="1.0">\n' +
      "<dict>\n" +
      "\t<key>a</key>\n\t<string>x&lt;&amp;&gt;y</string>\n" +
      "\t<key>b</key>\n\t<array>\n\t\t<integer>1</integer>\n\t\t<false/>\n\t</array>\n" +
      "\t<key>c</key>\n\t<dict/>\n" +
      "</dict>\n</plist>\n",
  );
  assert.throws(() => formatXmlPlist(null), TypeError);
});
