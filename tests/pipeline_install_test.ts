import assert from "node:assert/strict";
import { ExitCode } from "../lib/errors.ts";
import { parseExpectedVersion } from "../lib/pipeline/expected_version.ts";
import { installDextStep } from "../lib/pipeline/install_step.ts";
import type { DriverAnswer, DriverProbe } from "../lib/pipeline/driver_verification.ts";
import { InvalidBuildVersionError } from "../lib/pipeline/build_version_errors.ts";
import {
  ActivationFailedError,
  DriverNotRunningError,
  MissingArtifactError,
  StepRefusedError,
  ToolFailedError,
  WaitTimeoutError,
} from "../lib/pipeline/pipeline_errors.ts";
import { DRIVER_EXTENSIONS_SETTINGS_URL } from "../lib/pipeline/user_approval.ts";
import type { CommandExpectation } from "../lib/runner/scripted_runner.ts";
import {
  APP,
  DEXT,
  INSTALLED_APP,
  macosFixture,
  MANAGER,
  pipelineFixture,
  projectFiles,
  rejection,
  scripted,
  testConfig,
} from "./fixtures/pipeline/pipeline_harness.ts";

const ENV = { HOME: "/Users/dev", DEXTKIT_STATE_DIR: "/state" };
const STATE_FILE = "/state/expected-driver.json";

const READ_DEXT: CommandExpectation = {
  cmd: "plutil",
  args: ["-convert", "xml1", "-o", "-", `${DEXT}/Info.plist`],
  stdout: pipelineFixture("dext_info_plist.xml"),
};
const SIGNATURE: CommandExpectation = {
  cmd: "codesign",
  args: ["-dvvv", APP],
  stderr: pipelineFixture("codesign_dvvv_manager.txt"),
};
const SIP_ENABLED: CommandExpectation = {
  cmd: "csrutil",
  args: ["status"],
  stdout: macosFixture("csrutil_enabled.txt"),
};
const NOTARIZED: CommandExpectation = {
  cmd: "spctl",
  args: ["-a", "-vv", "-t", "exec", APP],
  stderr: macosFixture("spctl_accepted.txt"),
};
const VERIFY_COPY: CommandExpectation = {
  cmd: "codesign",
  args: ["--verify", "--deep", "--strict", "--verbose=2", INSTALLED_APP],
};
/** A Developer ID build, notarized, on a Mac with SIP on; then a fresh copy, verified. */
const COPY: CommandExpectation[] = [
  SIGNATURE,
  SIP_ENABLED,
  NOTARIZED,
  { cmd: "ditto", args: [APP, INSTALLED_APP] },
  VERIFY_COPY,
];

function activate(stdout: string, code = 0, extra: readonly string[] = []): CommandExpectation {
  return {
    cmd: MANAGER,
    args: ["activate", ...extra, "--approval-timeout", "600"],
    stdout,
    code,
    check: (command) => assert.equal(command.timeoutMs, 660_000),
  };
}

function list(fixture: string, times = 1): CommandExpectation {
  return { cmd: "systemextensionsctl", args: ["list"], stdout: pipelineFixture(fixture), times };
}

const OPEN_SETTINGS: CommandExpectation[] = [
  { cmd: "sw_vers", args: ["-productVersion"], stdout: "15.5\n" },
  { cmd: "open", args: [DRIVER_EXTENSIONS_SETTINGS_URL] },
];

function failedEvent(code: number, name: string): string {
  return `{"event":"submitted","extension":"com.example.hiddriver","force":false,"request":"activate"}\n` +
    JSON.stringify({
      code,
      domain: "OSSystemExtensionErrorDomain",
      event: "failed",
      message: `The operation couldn’t be completed. (OSSystemExtensionErrorDomain error ${code}.)`,
      name,
    }) + "\n";
}

Deno.test("install-dext: copy, activate with approval, follow the list until enabled, record the version", async () => {
  const { context, runner, files, clock, progressText } = scripted([
    READ_DEXT,
    ...COPY,
    activate(pipelineFixture("manager_activate_approved.jsonl")),
    ...OPEN_SETTINGS,
    list("sysext_list_enabling.txt"),
    list("sysext_list_enabled.txt"),
  ], { env: ENV, wallTimeMs: Date.UTC(2026, 4, 1, 10) });
  const result = await installDextStep(context);
  runner.assertAllUsed();
  assert.equal(result.rebootRequired, false);
  assert.deepEqual(result.rebootReasons, []);
  assert.equal(clock.now(), 2000);
  assert.deepEqual(parseExpectedVersion(files.files.get(STATE_FILE) ?? "", STATE_FILE), {
    bundleId: "com.example.hiddriver",
    teamId: "ABCDE12345",
    shortVersion: "1.3.0",
    bundleVersion: "8",
    recordedAt: "2026-05-01T10:00:00.000Z",
    rebootRequired: false,
  });
  const text = progressText();
  assert.match(text, /macOS needs your approval to enable the driver com\.example\.hiddriver:/);
  assert.match(text, /Login Items & Extensions › Driver Extensions/);
  assert.match(text, /Privacy & Security/);
});

Deno.test("install-dext: will-complete-after-reboot means a reboot is required", async () => {
  const { context, runner, files } = scripted([
    READ_DEXT,
    ...COPY,
    activate(pipelineFixture("manager_activate_reboot.jsonl"), 3),
  ], { env: ENV });
  const result = await installDextStep(context);
  runner.assertAllUsed();
  assert.equal(result.rebootRequired, true);
  assert.deepEqual(result.rebootReasons, [
    "macOS completes the activation after a restart (will-complete-after-reboot)",
  ]);
  assert.equal(
    parseExpectedVersion(files.files.get(STATE_FILE) ?? "", STATE_FILE).rebootRequired,
    true,
  );
});

Deno.test("install-dext: an old version still running until restart means a reboot is required", async () => {
  const { context, runner } = scripted([
    READ_DEXT,
    ...COPY,
    activate(pipelineFixture("manager_activate_approved.jsonl")),
    ...OPEN_SETTINGS,
    list("sysext_list_upgraded.txt"),
  ], { env: ENV });
  const result = await installDextStep(context);
  runner.assertAllUsed();
  assert.deepEqual(result.rebootReasons, [
    "the previous version 1.2/7 keeps running until a restart (terminated waiting to uninstall on reboot)",
  ]);
});

Deno.test("install-dext: the new version waiting to upgrade on reboot means a reboot is required", async () => {
  const { context, runner } = scripted([
    READ_DEXT,
    ...COPY,
    activate('{"event":"completed","notInstalled":false}\n'),
    list("sysext_list_upgrade_on_reboot.txt"),
  ], { env: ENV });
  const result = await installDextStep(context);
  runner.assertAllUsed();
  assert.deepEqual(result.rebootReasons, [
    "macOS lists the new version as activated waiting to upgrade on reboot",
  ]);
});

Deno.test("install-dext: a row waiting for the user prints the instructions and keeps following", async () => {
  const { context, runner, progressText } = scripted([
    READ_DEXT,
    ...COPY,
    activate('{"event":"completed","notInstalled":false}\n'),
    list("sysext_list_new_waiting_user.txt"),
    ...OPEN_SETTINGS,
    list("sysext_list_enabled.txt"),
  ], { env: ENV });
  const result = await installDextStep(context);
  runner.assertAllUsed();
  assert.equal(result.rebootRequired, false);
  assert.equal(progressText().split("macOS needs your approval").length - 1, 1);
});

Deno.test("install-dext --reset is refused while SIP is enabled, before anything is copied", async () => {
  const { context, runner } = scripted([READ_DEXT, SIGNATURE, SIP_ENABLED, NOTARIZED], {
    env: ENV,
  });
  const error = await rejection(installDextStep(context, { reset: true }));
  runner.assertAllUsed();
  assert.ok(error instanceof StepRefusedError);
  assert.equal(error.exitCode, ExitCode.Usage);
  assert.equal(
    error.message,
    "--reset needs System Integrity Protection disabled, and csrutil says it is enabled",
  );
});

Deno.test("install-dext --reset with SIP disabled resets, installs and asks for a reboot", async () => {
  const { context, runner } = scripted([
    READ_DEXT,
    SIGNATURE,
    { cmd: "csrutil", args: ["status"], stdout: macosFixture("csrutil_disabled.txt") },
    { cmd: "systemextensionsctl", args: ["reset"] },
    { cmd: "ditto", args: [APP, INSTALLED_APP] },
    VERIFY_COPY,
    activate(pipelineFixture("manager_activate_approved.jsonl"), 0, ["--force"]),
    ...OPEN_SETTINGS,
    list("sysext_list_enabled.txt"),
  ], { env: ENV });
  const result = await installDextStep(context, { reset: true, force: true });
  runner.assertAllUsed();
  assert.equal(result.rebootRequired, true);
  assert.match(result.rebootReasons[0] ?? "", /systemextensionsctl reset/);
});

Deno.test("install-dext: activation errors 1–13 are each explained", async () => {
  // Names from the OSSystemExtensionError.Code table (driverkit-field-notes.md).
  const names = [
    "unknown",
    "missingEntitlement",
    "unsupportedParentBundleLocation",
    "extensionNotFound",
    "extensionMissingIdentifier",
    "duplicateExtensionIdentifer",
    "unknownExtensionCategory",
    "codeSignatureInvalid",
    "validationFailed",
    "forbiddenBySystemPolicy",
    "requestCanceled",
    "requestSuperseded",
    "authorizationRequired",
  ];
  const explanations = new Set<string>();
  for (const [index, name] of names.entries()) {
    const code = index + 1;
    const { context, runner } = scripted([
      READ_DEXT,
      ...COPY,
      activate(failedEvent(code, name), 1),
    ], { env: ENV });
    const error = await rejection(installDextStep(context));
    runner.assertAllUsed();
    assert.ok(error instanceof ActivationFailedError, `code ${code}`);
    assert.equal(error.code, code);
    const prefix = `activate failed with OSSystemExtensionError ${code} (${name}): `;
    assert.ok(error.message.startsWith(prefix), error.message);
    assert.ok(error.message.length > prefix.length + 10);
    assert.ok(error.hint.length > 10);
    explanations.add(error.message.slice(prefix.length));
  }
  assert.equal(explanations.size, 13);
});

Deno.test("install-dext: the common activation errors say what to do", async () => {
  const cases: [number, string, RegExp, RegExp][] = [
    [3, "unsupportedParentBundleLocation", /not in \/Applications/, /\/Applications/],
    [8, "codeSignatureInvalid", /signature is invalid/, /notarize/],
    [9, "validationFailed", /entitlements/, /sysextd/],
    [13, "authorizationRequired", /authorization/, /logged-in user/],
  ];
  for (const [code, name, meaning, fix] of cases) {
    const { context } = scripted([READ_DEXT, ...COPY, activate(failedEvent(code, name), 1)], {
      env: ENV,
    });
    const error = await rejection(installDextStep(context));
    assert.match(error.message, meaning);
    assert.match((error as ActivationFailedError).hint, fix);
  }
});

Deno.test("install-dext: the same build number refused by the manager suggests --force", async () => {
  const { context } = scripted([
    READ_DEXT,
    ...COPY,
    activate(pipelineFixture("manager_activate_same_version.jsonl"), 1),
  ], { env: ENV });
  const error = await rejection(installDextStep(context));
  assert.ok(error instanceof ActivationFailedError);
  assert.match(
    error.message,
    /^activate failed with OSSystemExtensionError 11 \(requestCanceled\): the same build number/,
  );
  assert.match(error.hint, /--force/);
});

Deno.test("install-dext: no approval within the time limit is a timeout", async () => {
  const { context, runner } = scripted([
    READ_DEXT,
    ...COPY,
    activate(pipelineFixture("manager_activate_approval_timeout.jsonl"), 4),
    ...OPEN_SETTINGS,
  ], { env: ENV });
  const error = await rejection(installDextStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof WaitTimeoutError);
  assert.equal(error.exitCode, ExitCode.Timeout);
  assert.equal(error.message, "the driver was not approved in System Settings within 10m 00s");
});

Deno.test("install-dext: a driver that never becomes enabled is a timeout", async () => {
  const { context, runner } = scripted([
    READ_DEXT,
    ...COPY,
    {
      cmd: MANAGER,
      args: ["activate", "--approval-timeout", "10"],
      stdout: '{"event":"completed","notInstalled":false}\n',
    },
    list("sysext_list_enabling.txt", 6),
  ], { env: ENV, config: testConfig({ timeouts: { activation: "10s" } }) });
  // Reads at 0, 2, 4, 6, 8 and 10 s; one more wait would pass 10 s.
  const error = await rejection(installDextStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof WaitTimeoutError);
  assert.equal(
    error.message,
    "com.example.hiddriver build 8 is not [activated enabled] after 10.0s (activated enabling)",
  );
});

Deno.test("install-dext: without a built app it says to build and sign first", async () => {
  const files = projectFiles();
  files.directories.clear();
  const { context } = scripted([], { env: ENV, files });
  const error = await rejection(installDextStep(context));
  assert.ok(error instanceof MissingArtifactError);
});

const ENABLED_FLOW: CommandExpectation[] = [
  activate(pipelineFixture("manager_activate_approved.jsonl")),
  ...OPEN_SETTINGS,
  list("sysext_list_enabled.txt"),
];
const CRASH_DIR = "/Library/Logs/DiagnosticReports";

function answers(...sequence: DriverAnswer[]): { probe: DriverProbe; calls: () => number } {
  let calls = 0;
  return {
    probe: () => {
      calls++;
      return Promise.resolve(sequence[Math.min(calls, sequence.length) - 1] ?? { kind: "absent" });
    },
    calls: () => calls,
  };
}

Deno.test("install-dext: a Developer ID build that is not notarized is refused while SIP is on", async () => {
  const { context, runner } = scripted([
    READ_DEXT,
    SIGNATURE,
    SIP_ENABLED,
    { ...NOTARIZED, stderr: macosFixture("spctl_rejected_unnotarized.txt"), code: 3 },
  ], { env: ENV });
  const error = await rejection(installDextStep(context));
  // Nothing was copied or activated.
  runner.assertAllUsed();
  assert.ok(error instanceof StepRefusedError);
  assert.equal(
    error.message,
    `${APP} is signed with Developer ID but not notarized (Gatekeeper: source=Unnotarized ` +
      "Developer ID), and System Integrity Protection is enabled: macOS would refuse to run its dext",
  );
  assert.match(error.hint, /dextkit notarize/);
});

Deno.test("install-dext: a development signature needs neither csrutil nor spctl", async () => {
  const { context, runner } = scripted([
    READ_DEXT,
    { ...SIGNATURE, stderr: macosFixture("codesign_dvvv_no_timestamp.txt") },
    { cmd: "ditto", args: [APP, INSTALLED_APP] },
    VERIFY_COPY,
    ...ENABLED_FLOW,
  ], { env: ENV });
  await installDextStep(context);
  runner.assertAllUsed();
});

Deno.test("install-dext: an installed app is replaced in place, never removed", async () => {
  const files = projectFiles();
  files.directories.add(INSTALLED_APP);
  const { context, runner } = scripted([
    READ_DEXT,
    SIGNATURE,
    SIP_ENABLED,
    NOTARIZED,
    { cmd: "rsync", args: ["-a", "--delete", `${APP}/`, `${INSTALLED_APP}/`] },
    VERIFY_COPY,
    ...ENABLED_FLOW,
  ], { env: ENV, files });
  await installDextStep(context);
  runner.assertAllUsed();
  assert.ok(!runner.lines.some((line) => line.startsWith("rm ")));
});

Deno.test("install-dext: Operation not permitted is explained (App Management, ownership)", async () => {
  const files = projectFiles();
  files.directories.add(INSTALLED_APP);
  const { context, runner } = scripted([
    READ_DEXT,
    SIGNATURE,
    SIP_ENABLED,
    NOTARIZED,
    {
      cmd: "rsync",
      code: 23,
      stderr: `rsync: [receiver] mkstempat: ${INSTALLED_APP}/Contents/.Info.plist.XXXXXX: ` +
        "Operation not permitted\n",
    },
  ], { env: ENV, files });
  const error = await rejection(installDextStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof ToolFailedError);
  assert.match(error.message, /^rsync exited with code 23: .*Operation not permitted$/);
  assert.match(error.hint, /App Management/);
  assert.match(error.hint, /ls -ld \/Applications\/DextkitManager\.app/);
  assert.match(error.hint, /Do not delete it while its driver is active/);
});

Deno.test("install-dext: after [activated enabled] the driver must answer the handshake", async () => {
  const driver = answers(
    { kind: "absent" },
    { kind: "absent" },
    { kind: "answered", driverVersion: 10300, protocolVersion: 1 },
  );
  const { context, runner, clock } = scripted([READ_DEXT, ...COPY, ...ENABLED_FLOW], {
    env: ENV,
  });
  const result = await installDextStep(context, { probe: driver.probe });
  runner.assertAllUsed();
  assert.equal(driver.calls(), 3);
  assert.deepEqual(result.driver, { kind: "answered", driverVersion: 10300, protocolVersion: 1 });
  assert.equal(result.rebootRequired, false, "the answering driver is the 1.3.0 just installed");
  // Two 1 s waits for the driver after the list showed it enabled.
  assert.equal(clock.now(), 2000);
});

Deno.test("install-dext: an older driver still answering means a restart is required", async () => {
  const driver = answers({ kind: "answered", driverVersion: 10200, protocolVersion: 1 });
  const { context, runner } = scripted([READ_DEXT, ...COPY, ...ENABLED_FLOW], { env: ENV });
  const result = await installDextStep(context, { probe: driver.probe });
  runner.assertAllUsed();
  assert.equal(result.rebootRequired, true);
  assert.deepEqual(result.rebootReasons, [
    "the driver that answers is version 1.2.0, not the 1.3.0 just installed: the old one runs " +
    "until the Mac restarts",
  ]);
  assert.equal(result.expected.rebootRequired, true);
});

Deno.test("install-dext: an enabled driver whose service never appears fails after 30 s", async () => {
  const driver = answers({ kind: "absent" });
  const { context, runner, clock } = scripted([READ_DEXT, ...COPY, ...ENABLED_FLOW], {
    env: ENV,
  });
  const error = await rejection(installDextStep(context, { probe: driver.probe }));
  runner.assertAllUsed();
  assert.ok(error instanceof DriverNotRunningError);
  assert.equal(
    error.message,
    "com.example.hiddriver is [activated enabled] but its service did not appear in the " +
      "IORegistry within 30s",
  );
  assert.equal(clock.now(), 30_000);
  assert.equal(driver.calls(), 31);
});

Deno.test("install-dext: a crash report newer than the install fails it, an older one does not", async () => {
  const files = projectFiles();
  // From an earlier build, before this install began (08:12 UTC < 10:00 UTC).
  files.files.set(
    `${CRASH_DIR}/com.example.hiddriver-2026-05-01-101213.ips`,
    macosFixture("crash_dext.ips"),
  );
  const older = scripted([READ_DEXT, ...COPY, ...ENABLED_FLOW], { env: ENV, files });
  await installDextStep(older.context, {
    probe: answers({ kind: "answered", driverVersion: 1, protocolVersion: 1 }).probe,
  });
  older.runner.assertAllUsed();

  files.files.set(
    `${CRASH_DIR}/com.example.hiddriver-2026-05-01-120031.ips`,
    pipelineFixture("crash_dext_code_signature_invalid.ips"),
  );
  files.files.set(`${CRASH_DIR}/sysextd-2026-05-01-120031.ips`, "not a crash report");
  const { context, runner } = scripted([READ_DEXT, ...COPY, ...ENABLED_FLOW], { env: ENV, files });
  const error = await rejection(
    installDextStep(context, {
      probe: answers({ kind: "answered", driverVersion: 1, protocolVersion: 1 }).probe,
    }),
  );
  runner.assertAllUsed();
  assert.ok(error instanceof DriverNotRunningError);
  assert.equal(
    error.message,
    "com.example.hiddriver is [activated enabled] but crashed since the install (1 crash " +
      "report(s), the last EXC_CRASH (SIGKILL (Code Signature Invalid)), CODESIGNING: Invalid " +
      `Page: ${CRASH_DIR}/com.example.hiddriver-2026-05-01-120031.ips)`,
  );
});

Deno.test("install-dext: a failed handshake (an old driver still running) fails with its hint", async () => {
  const driver = answers({
    kind: "failed",
    message: "the driver speaks protocol 1, this dextkit protocol 2",
    hint: "restart the Mac: the old driver keeps running until then",
  });
  const { context } = scripted([READ_DEXT, ...COPY, ...ENABLED_FLOW], { env: ENV });
  const error = await rejection(installDextStep(context, { probe: driver.probe }));
  assert.ok(error instanceof DriverNotRunningError);
  assert.match(error.message, /but the version handshake failed: the driver speaks protocol 1/);
  assert.equal(error.hint, "restart the Mac: the old driver keeps running until then");
});

Deno.test("install-dext: a dext whose CFBundleVersion is not a kext version is not installed", async () => {
  const { context, runner } = scripted([{
    ...READ_DEXT,
    stdout: pipelineFixture("dext_info_plist.xml").replace(
      "<string>8</string>",
      "<string>790000</string>",
    ),
  }], { env: ENV });
  const error = await rejection(installDextStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof InvalidBuildVersionError);
  assert.match(error.message, /790000.*6 digits/);
});
