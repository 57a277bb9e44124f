// The doctor as a whole: the `doctor --json` shape (version 1), the text report, what runs on
// Linux, a full "macOS" run through the scripted runner in which a broken tool output fails one
// check and the others go on, and each command running once however many checks use it.
import assert from "node:assert/strict";
import { join } from "node:path";
import { runDoctorCommand } from "../lib/cli/commands/doctor.ts";
import { CapturedOutput } from "../lib/cli/output.ts";
import { DOCTOR_CHECKS } from "../lib/doctor/doctor_checks.ts";
import { DoctorContext } from "../lib/doctor/doctor_context.ts";
import { doctorExitCode, type DoctorReport } from "../lib/doctor/doctor_report.ts";
import { formatDoctorReport } from "../lib/doctor/format_doctor_report.ts";
import { runDoctor } from "../lib/doctor/run_doctor.ts";
import { DryRunRunner } from "../lib/runner/dry_run_runner.ts";
import type { CommandExpectation } from "../lib/runner/scripted_runner.ts";
import {
  EXAMPLE_IDS,
  macContext,
  REPO_ROOT,
  tempDir,
  writeApp,
} from "./fixtures/doctor_fixtures.ts";
import { readFixture } from "./fixtures/macos/read_fixture.ts";

const CHECK_KEYS = ["details", "finding", "fix", "id", "status", "title"];

async function linuxReport(): Promise<{ report: DoctorReport; code: number }> {
  const output = new CapturedOutput();
  const code = await runDoctorCommand({ json: true }, {
    output,
    env: {},
    os: "linux",
    cwd: REPO_ROOT,
  });
  return { report: JSON.parse(output.stdout) as DoctorReport, code };
}

Deno.test("doctor --json: version 1, every check once, each with the documented fields", async () => {
  const { report, code } = await linuxReport();
  assert.deepEqual(Object.keys(report).sort(), ["checks", "os", "summary", "version"]);
  assert.equal(report.version, 1);
  assert.equal(report.os, "linux");
  assert.deepEqual(report.checks.map((check) => check.id), DOCTOR_CHECKS.map((check) => check.id));
  for (const check of report.checks) {
    assert.deepEqual(Object.keys(check).sort(), CHECK_KEYS);
    assert.ok(["ok", "warn", "fail", "skipped"].includes(check.status));
    assert.ok(check.fix === null || typeof check.fix === "string");
    assert.ok(Array.isArray(check.details));
  }
  const counted = { ok: 0, warn: 0, fail: 0, skipped: 0 };
  for (const check of report.checks) counted[check.status]++;
  assert.deepEqual(report.summary, counted);
  assert.equal(code, report.summary.fail > 0 ? 1 : 0);
});

Deno.test("doctor on Linux: says what needs macOS, checks the configuration, dext/ and entitlement files", async () => {
  const { report } = await linuxReport();
  const byId = new Map(report.checks.map((check) => [check.id, check]));
  for (const id of ["configuration", "dext-project", "entitlement-files"]) {
    assert.notEqual(byId.get(id)?.status, "skipped", id);
  }
  assert.equal(byId.get("dext-project")?.status, "ok");
  assert.equal(byId.get("entitlement-files")?.status, "ok");
  for (
    const id of [
      "macos-version",
      "sip",
      "developer-mode",
      "system-extensions",
      "extension-database",
      "manager-app",
      "signatures",
      "notarization",
      "crash-reports",
      "driver-connection",
      "karabiner",
    ]
  ) {
    const check = byId.get(id);
    assert.equal(check?.status, "skipped", id);
    assert.match(check?.finding ?? "", /^not checked off macOS \(this is linux\): /);
  }
});

Deno.test("doctor text output: a header, one line per check, the summary", async () => {
  const output = new CapturedOutput();
  const code = await runDoctorCommand({}, { output, env: {}, os: "linux", cwd: REPO_ROOT });
  assert.equal(output.outLines[0], "dextkit doctor: 14 checks on linux (system checks need macOS)");
  assert.ok(
    output.outLines.some((line) =>
      line.startsWith("skip  sip                 not checked off macOS")
    ),
  );
  assert.match(
    output.outLines.at(-1) ?? "",
    /^\d+ ok, \d+ warnings?, \d+ failed, 11 skipped \(11 need macOS\)$/,
  );
  assert.ok(code === 0 || code === 1);
});

Deno.test("format: fix and details under a failure, nothing extra under ok", () => {
  const lines = formatDoctorReport({
    version: 1,
    os: "darwin",
    summary: { ok: 1, warn: 0, fail: 1, skipped: 0 },
    checks: [
      {
        id: "sip",
        title: "SIP",
        status: "ok",
        finding: "SIP is disabled",
        fix: null,
        details: ["x"],
      },
      {
        id: "signatures",
        title: "Signatures",
        status: "fail",
        finding: "the dext is not signed at all",
        fix: "sign it",
        details: ["dext: /Applications/App.app/…"],
      },
    ],
  });
  assert.deepEqual(lines, [
    "ok    sip         SIP is disabled",
    "FAIL  signatures  the dext is not signed at all",
    "                  fix: sign it",
    "                  · dext: /Applications/App.app/…",
    "1 ok, 0 warnings, 1 failed, 0 skipped",
  ]);
});

Deno.test("checks that need the configuration are skipped when it did not load", async () => {
  const context = new DoctorContext({
    runner: new DryRunRunner(),
    os: "darwin",
    env: {},
    config: undefined,
    configError: new Error("boom"),
  });
  const report = await runDoctor(
    context,
    DOCTOR_CHECKS.filter((check) =>
      check.id === "system-extensions" || check.id === "configuration"
    ),
  );
  assert.equal(report.checks[0]?.status, "fail");
  assert.equal(report.checks[0]?.finding, "the configuration did not load: boom");
  assert.equal(report.checks[1]?.status, "skipped");
  assert.equal(
    report.checks[1]?.finding,
    "not checked: the configuration did not load (see the configuration check)",
  );
});

Deno.test("a full run on macOS: a garbled tool output fails one check, the others go on, each command runs once", async () => {
  await using dir = await tempDir();
  const applications = join(dir.path, "Applications");
  const app = writeApp(applications, "App.app", EXAMPLE_IDS.manager, EXAMPLE_IDS.dext);
  const dext = join(app, "Contents", "Library", "SystemExtensions", `${EXAMPLE_IDS.dext}.dext`);
  const db = join(dir.path, "db.plist");
  await Deno.writeTextFile(db, readFixture("db.plist.sample.xml"));
  const developerId = readFixture("codesign_dvvv_developer_id.txt");
  const script: CommandExpectation[] = [
    {
      cmd: "sw_vers",
      args: [],
      stdout: "ProductName:\tmacOS\nProductVersion:\t15.4\nBuildVersion:\t24E248\n",
    },
    // csrutil runs once although the SIP and notarization checks both need it.
    { cmd: "csrutil", args: ["status"], stdout: readFixture("csrutil_enabled.txt") },
    { cmd: "systemextensionsctl", args: ["developer"], stdout: "%%% garbage %%%\n" },
    { cmd: "systemextensionsctl", args: ["list"], stdout: readFixture("sysext_list_macos15.txt") },
    { cmd: "codesign", args: ["--verify", "--deep", "--strict", "--verbose=2", app] },
    { cmd: "codesign", args: ["-dvvv", dext], stderr: developerId },
    {
      cmd: "codesign",
      args: ["-d", "--entitlements", "-", "--xml", dext],
      stdout: readFixture("codesign_entitlements_dext.xml"),
    },
    { cmd: "codesign", args: ["-dvvv", app], stderr: developerId },
    {
      cmd: "codesign",
      args: ["-d", "--entitlements", "-", "--xml", app],
      stdout:
        '<?xml version="1.0"?><plist version="1.0"><dict><key>com.apple.developer.system-extension.install</key><true/></dict></plist>',
    },
    {
      cmd: "spctl",
      args: ["-a", "-vv", app],
      code: 3,
      stderr: readFixture("spctl_rejected_unnotarized.txt"),
    },
  ];
  const { context, runner } = macContext({
    script,
    paths: { applications, systemExtensionsDb: db },
    config: { bundleIds: EXAMPLE_IDS, signing: { entitlements: "distribution" } },
  });
  const report = await runDoctor(context, DOCTOR_CHECKS);
  runner.assertAllUsed();
  const status = Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
  assert.deepEqual(status, {
    "configuration": "warn",
    "dext-project": "warn",
    "entitlement-files": "ok",
    "macos-version": "ok",
    "sip": "ok",
    "developer-mode": "fail",
    "system-extensions": "warn",
    "extension-database": "ok",
    "manager-app": "ok",
    "signatures": "ok",
    "notarization": "fail",
    "crash-reports": "ok",
    "karabiner": "skipped",
    "driver-connection": "skipped",
  });
  const developer = report.checks.find((check) => check.id === "developer-mode");
  assert.match(
    developer?.finding ?? "",
    /^could not parse systemextensionsctl developer \(line 1\): /,
  );
  assert.equal(doctorExitCode(report), 1);
});

Deno.test("a check without the permission it needs fails with the permission to give", async () => {
  const context = new DoctorContext({
    runner: new DryRunRunner(),
    os: "darwin",
    env: {},
    config: undefined,
  });
  const report = await runDoctor(context, [{
    id: "x",
    title: "X",
    macOSOnly: undefined,
    needsConfig: false,
    run: () => Promise.reject(new Deno.errors.NotCapable('Requires run access to "csrutil"')),
  }]);
  assert.equal(report.checks[0]?.status, "fail");
  assert.equal(
    report.checks[0]?.finding,
    'not allowed to run this check: Requires run access to "csrutil"',
  );
  assert.match(report.checks[0]?.fix ?? "", /--allow-run/);
});
