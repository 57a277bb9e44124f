import assert from "node:assert/strict";
import {
  AmbiguousIdentityError,
  ForbiddenEntitlementError,
  MissingArtifactError,
  ProfileCheckError,
  ProfileMismatchError,
  SignatureCheckError,
  SigningIdentityNotFoundError,
  ToolFailedError,
} from "../lib/pipeline/pipeline_errors.ts";
import { formatXmlPlist } from "../lib/pipeline/plist_writer.ts";
import {
  checkProvisioningProfile,
  entitlementsNotAllowed,
  parseProvisioningProfile,
} from "../lib/pipeline/provisioning_profile.ts";
import { parseFindIdentity } from "../lib/sysext/find_identity.ts";
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

// The fixtures' certificates (make_signing_fixtures.sh): find-identity lists them by SHA-1.
const [APPLICATION, DEVELOPMENT] = parseFindIdentity(pipelineFixture("find_identity_release.txt"))
  .identities;
const APPLICATION_SHA1 = APPLICATION?.sha1 ?? "";
const DEVELOPMENT_SHA1 = DEVELOPMENT?.sha1 ?? "";
const RENEWED_SHA1 =
  parseFindIdentity(pipelineFixture("find_identity_renewed.txt")).identities[1]?.sha1 ?? "";
const DEXT_PROFILE = "/src/profiles/dext.provisionprofile";
const MANAGER_PROFILE = "/src/profiles/manager.provisionprofile";
const DEXT_ENTITLEMENTS = "/src/dext/build/signing/dext.entitlements";
const APP_ENTITLEMENTS = "/src/dext/build/signing/manager.entitlements";

function codesign(entitlements: string, path: string, sha1 = APPLICATION_SHA1): CommandExpectation {
  return {
    cmd: "codesign",
    args: [
      "--force",
      "--sign",
      sha1,
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
  stdout: pipelineFixture("find_identity_release.txt"),
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
  assert.equal(result.identitySha1, APPLICATION_SHA1);
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

Deno.test("sign: two valid identities with the configured name are a finding, not a codesign failure", async () => {
  const { context, runner } = scripted([
    { ...FIND_IDENTITY, stdout: pipelineFixture("find_identity_renewed.txt") },
  ]);
  const error = await rejection(signStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof AmbiguousIdentityError);
  assert.deepEqual(error.sha1s, [APPLICATION_SHA1, RENEWED_SHA1]);
  assert.match(error.hint, /dextkit\.signing\.distributionIdentity to the SHA-1/);
});

Deno.test("sign: the renewed identity chosen by SHA-1 is not in the profile's certificates", async () => {
  const config = testConfig({
    signing: { entitlements: "distribution", distributionIdentity: RENEWED_SHA1.toLowerCase() },
  });
  const { context, runner } = scripted([
    { ...FIND_IDENTITY, stdout: pipelineFixture("find_identity_renewed.txt") },
    DEXT_PROFILE_READ,
  ], { config });
  const error = await rejection(signStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof ProfileCheckError);
  assert.equal(
    error.message,
    `${DEXT_PROFILE} does not contain the certificate of "${IDENTITY}" (SHA-1 ${RENEWED_SHA1}); ` +
      `it lists ${APPLICATION_SHA1}`,
  );
  assert.match(error.hint, /after a certificate renewal/);
});

function withExpiry(fixture: string, date: string): string {
  return pipelineFixture(fixture).replace(
    /<key>ExpirationDate<\/key>\n\t<date>[^<]*<\/date>/,
    `<key>ExpirationDate</key>\n\t<date>${date}</date>`,
  );
}

Deno.test("sign: an expired profile is refused; one that expires within 30 days is a warning", async () => {
  const expired = scripted([
    FIND_IDENTITY,
    {
      ...DEXT_PROFILE_READ,
      stdout: withExpiry("profile_dext_distribution.xml", "2026-04-30T09:00:00Z"),
    },
  ]);
  const error = await rejection(signStep(expired.context));
  expired.runner.assertAllUsed();
  assert.ok(error instanceof ProfileCheckError);
  assert.equal(
    error.message,
    `${DEXT_PROFILE} expired on 2026-04-30T09:00:00.000Z: macOS refuses to launch a bundle that ` +
      "embeds it",
  );

  const script = fullScript();
  script[1] = {
    ...DEXT_PROFILE_READ,
    stdout: withExpiry("profile_dext_distribution.xml", "2026-05-20T10:00:00Z"),
  };
  const soon = scripted(script);
  await signStep(soon.context);
  soon.runner.assertAllUsed();
  assert.match(
    soon.progressText(),
    /warning: \/src\/profiles\/dext\.provisionprofile expires in 19 days \(2026-05-20T10:00:00\.000Z\)/,
  );
});

Deno.test("sign: a profile of another team is refused", async () => {
  const { context, runner } = scripted([
    FIND_IDENTITY,
    {
      ...DEXT_PROFILE_READ,
      stdout: pipelineFixture("profile_dext_distribution.xml").replace(
        "<key>TeamIdentifier</key>\n\t<array>\n\t\t<string>ABCDE12345",
        "<key>TeamIdentifier</key>\n\t<array>\n\t\t<string>QRSTU67890",
      ),
    },
  ]);
  const error = await rejection(signStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof ProfileCheckError);
  assert.equal(
    error.message,
    `${DEXT_PROFILE} is for team QRSTU67890, not dextkit.teamId ABCDE12345`,
  );
});

Deno.test("sign: distribution with a development profile is refused (it lists devices)", async () => {
  const { context, runner } = scripted([
    FIND_IDENTITY,
    {
      ...DEXT_PROFILE_READ,
      // The development profile, but with the Developer ID certificate, so only the devices differ.
      stdout: pipelineFixture("profile_dext_development.xml").replace(
        /<key>DeveloperCertificates<\/key>\n\t<array>\n\t\t<data>[^<]*<\/data>/,
        pipelineFixture("profile_dext_distribution.xml").match(
          /<key>DeveloperCertificates<\/key>\n\t<array>\n\t\t<data>[^<]*<\/data>/,
        )?.[0] ?? "",
      ),
    },
  ]);
  const error = await rejection(signStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof ProfileCheckError);
  assert.match(error.message, /is not a Developer ID profile \(no ProvisionsAllDevices\)/);
});

const DEVELOPMENT_CONFIG = () =>
  testConfig({
    signing: {
      entitlements: "development",
      developmentIdentity: "Apple Development: dev@example.com (XYZ9876543)",
    },
  });

Deno.test("sign: development needs this Mac's provisioning UDID in the profile", async () => {
  const profiler = (stdout: string): CommandExpectation => ({
    cmd: "system_profiler",
    args: ["SPHardwareDataType"],
    stdout,
  });
  const devProfile = {
    ...DEXT_PROFILE_READ,
    stdout: pipelineFixture("profile_dext_development.xml"),
  };
  const otherMac = pipelineFixture("system_profiler_hardware_apple_silicon.txt").replace(
    "00008103-000A1B2C3D4E5F60",
    "00008112-0011223344556677",
  );
  const { context, runner } = scripted([FIND_IDENTITY, profiler(otherMac), devProfile], {
    config: DEVELOPMENT_CONFIG(),
  });
  const error = await rejection(signStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof ProfileCheckError);
  assert.equal(
    error.message,
    `${DEXT_PROFILE} does not list this Mac (provisioning UDID 00008112-0011223344556677) in ` +
      "ProvisionedDevices",
  );
  assert.match(error.hint, /system_profiler SPHardwareDataType/);

  // This Mac is listed: both profiles pass, and signing starts with the development SHA-1.
  const listed = scripted([
    FIND_IDENTITY,
    profiler(pipelineFixture("system_profiler_hardware_apple_silicon.txt")),
    devProfile,
    { ...MANAGER_PROFILE_READ, stdout: pipelineFixture("profile_manager_development.xml") },
    { cmd: "cp", args: [DEXT_PROFILE, `${DEXT}/embedded.provisionprofile`] },
    { ...codesign(DEXT_ENTITLEMENTS, DEXT, DEVELOPMENT_SHA1), code: 1, stderr: "stop here\n" },
  ], { config: DEVELOPMENT_CONFIG() });
  const stopped = await rejection(signStep(listed.context));
  listed.runner.assertAllUsed();
  assert.equal(stopped.message, "codesign exited with code 1: stop here");
});

Deno.test("provisioning profiles: every key of the fixtures is read; DER certificates by SHA-1", async () => {
  const profile = await parseProvisioningProfile(
    pipelineFixture("profile_dext_development.xml"),
    "dev.provisionprofile",
  );
  assert.deepEqual(profile.certificateSha1s, [DEVELOPMENT_SHA1]);
  assert.deepEqual(profile.provisionedDevices, [
    "00008103-000A1B2C3D4E5F60",
    "4C4C4544-0042-3910-8058-B7C04F385A31",
  ]);
  assert.equal(profile.provisionsAllDevices, false);
  assert.equal(profile.expirationDate?.toISOString(), "2027-01-10T09:00:00.000Z");
  assert.equal(profile.uuid, "9E4F5061-7283-494A-B5C6-D7E8F90A1B2C");
  // An Intel Mac is listed by its Hardware UUID.
  const warnings = checkProvisioningProfile(profile, "dev.provisionprofile", {
    now: new Date("2026-05-01T10:00:00Z"),
    teamId: "ABCDE12345",
    certificateSha1: DEVELOPMENT_SHA1,
    identityName: "Apple Development: dev@example.com (XYZ9876543)",
    set: "development",
    deviceUdid: "4C4C4544-0042-3910-8058-B7C04F385A31",
    entitlements: { "com.apple.developer.driverkit": true },
  });
  assert.deepEqual(warnings, []);
});

Deno.test("sign: the timestamp service failing once is retried; failing for good names the cause", async () => {
  const unavailable = `${DEXT}: The timestamp service is not available.\n`;
  const script = fullScript();
  script.splice(4, 0, { ...codesign(DEXT_ENTITLEMENTS, DEXT), code: 1, stderr: unavailable });
  const once = scripted(script);
  await signStep(once.context);
  once.runner.assertAllUsed();
  assert.equal(once.clock.now(), 10_000);
  assert.match(once.progressText(), /timestamp service is not available; attempt 2 in 10\.0s/);

  // 10 + 20 + 40 + 60 + 60 + 60 s of waits fit in 5 min; the next would not.
  const failing = scripted([
    FIND_IDENTITY,
    DEXT_PROFILE_READ,
    MANAGER_PROFILE_READ,
    { cmd: "cp", args: [DEXT_PROFILE, `${DEXT}/embedded.provisionprofile`] },
    { ...codesign(DEXT_ENTITLEMENTS, DEXT), code: 1, stderr: unavailable, times: 7 },
  ]);
  const error = await rejection(signStep(failing.context));
  failing.runner.assertAllUsed();
  assert.ok(error instanceof ToolFailedError);
  assert.match(
    error.message,
    /^codesign could not reach Apple's timestamp service in 7 attempt\(s\) over 4m 10s/,
  );
  assert.match(error.hint, /timestamp\.apple\.com/);
});
