// The crash-reports check and the crash diagnosis: sysextd's EXC_BAD_INSTRUCTION (and the
// "Activate found 2 extensions" fatal error), a dext crashing in init/Start, Code Signature
// Invalid, an ordinary dext crash, old and foreign reports, and unreadable ones. Reports are
// variants of the recorded fixture written into a temporary DiagnosticReports folder.
import assert from "node:assert/strict";
import { join } from "node:path";
import { crashReportsCheck } from "../lib/doctor/check_crash_reports.ts";
import { diagnoseCrash } from "../lib/doctor/crash_diagnosis.ts";
import { knownProblem, RESET_AND_REINSTALL } from "../lib/doctor/known_problems.ts";
import { parseCrashReport } from "../lib/sysext/crash_report.ts";
import { macContext, runCheck, tempDir } from "./fixtures/doctor_fixtures.ts";
import { readFixture } from "./fixtures/macos/read_fixture.ts";

const FIXTURE = readFixture("crash_dext.ips");
const HEADER = JSON.parse(FIXTURE.slice(0, FIXTURE.indexOf("\n"))) as Record<string, unknown>;
const BODY = JSON.parse(FIXTURE.slice(FIXTURE.indexOf("\n") + 1)) as Record<string, unknown>;
const NOW = new Date("2026-05-02T12:00:00Z");

/** A report: the fixture with header and body fields replaced. */
function ips(header: Record<string, unknown>, body: Record<string, unknown>): string {
  return `${JSON.stringify({ ...HEADER, ...header })}\n${
    JSON.stringify({ ...BODY, ...body }, null, 2)
  }\n`;
}

const SYSEXTD_HEADER = { app_name: "sysextd", name: "sysextd", bundleID: "com.apple.sysextd" };

function sysextdCrash(body: Record<string, unknown>): string {
  return ips(SYSEXTD_HEADER, { procName: "sysextd", procPath: "/usr/libexec/sysextd", ...body });
}

async function check(files: Record<string, string>, modified = new Date("2026-05-01T08:12:13Z")) {
  await using dir = await tempDir();
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir.path, name);
    await Deno.writeTextFile(path, text);
    await Deno.utime(path, modified, modified);
  }
  const { context } = macContext({
    paths: { crashReports: [dir.path, join(dir.path, "Retired")] },
    now: NOW,
  });
  return await runCheck(crashReportsCheck, context);
}

Deno.test("crash-reports: none is ok", async () => {
  const result = await check({});
  assert.equal(result.status, "ok");
  assert.equal(
    result.finding,
    "no crash report of sysextd or com.example.hiddriver in the last 7 days",
  );
});

Deno.test("crash-reports: sysextd with EXC_BAD_INSTRUCTION (SIGILL)", async () => {
  const result = await check({
    "sysextd-2026-05-01-101213.ips": sysextdCrash({
      exception: { type: "EXC_BAD_INSTRUCTION", signal: "SIGILL" },
    }),
  });
  assert.equal(result.status, "fail");
  assert.equal(
    result.finding,
    "sysextd crashed at 2026-05-01 10:12:13.00 +0200 with EXC_BAD_INSTRUCTION (SIGILL): several " +
      "dext versions installed at once, or the dext crashing in init/Start",
  );
  assert.equal(result.fix, knownProblem("sysextd-bad-instruction").fix);
  assert.match(
    result.fix ?? "",
    /dextkit install-dext --reset.*add log lines to init\(\) and Start\(\)/,
  );
});

Deno.test('crash-reports: sysextd\'s "Activate found 2 extensions in active state" → reset', async () => {
  const result = await check({
    "sysextd-2026-05-01-101213.ips": sysextdCrash({
      exception: { type: "EXC_BREAKPOINT", signal: "SIGTRAP" },
      asi: {
        "libswiftCore.dylib": [
          "sysextd/Activation.swift:120: Fatal error: Activate found 2 extensions in active state, ID: 5C8F13A7",
        ],
      },
    }),
  });
  assert.equal(result.status, "fail");
  assert.equal(
    result.finding,
    'sysextd crashed at 2026-05-01 10:12:13.00 +0200: "Activate found 2 extensions in active state"',
  );
  assert.equal(result.fix, RESET_AND_REINSTALL);
});

Deno.test("crash-reports: the dext crashing in Start → add logs to init/Start", async () => {
  const result = await check({
    "com.example.hiddriver-2026-05-01-101213.ips": ips({}, {
      threads: [{
        triggered: true,
        frames: [
          { symbol: "OSDictionary::setObject(char const*, OSMetaClassBase const*)" },
          { symbol: "MyHIDDeviceRoot::Start_Impl(IOService*)" },
        ],
      }],
    }),
  });
  assert.equal(result.status, "fail");
  assert.equal(
    result.finding,
    "the dext com.example.hiddriver 1.2 (7) crashed at 2026-05-01 10:12:13.00 +0200 in " +
      "MyHIDDeviceRoot::Start_Impl(IOService*) with EXC_BAD_ACCESS (SIGSEGV): it dies while starting",
  );
  assert.equal(
    result.fix,
    "add log messages to init() and Start(), reinstall, and read them with `dextkit logs`",
  );
});

Deno.test("crash-reports: the dext killed with Code Signature Invalid", async () => {
  const result = await check({
    "com.example.hiddriver-2026-05-01-101213.ips": ips({}, {
      exception: { type: "EXC_CRASH", signal: "SIGKILL (Code Signature Invalid)" },
      termination: { namespace: "CODESIGNING", indicator: "Invalid Page", code: 1 },
      threads: [],
    }),
  });
  assert.equal(result.status, "fail");
  assert.equal(
    result.finding,
    "the dext com.example.hiddriver 1.2 (7) was killed at 2026-05-01 10:12:13.00 +0200: EXC_CRASH (Code Signature Invalid)",
  );
  assert.match(result.fix ?? "", /^remove the extra entitlements and sign again/);
  assert.match(result.fix ?? "", /with SIP on, notarize the app$/);
});

Deno.test("crash-reports: an ordinary dext crash (the recorded fixture) warns", async () => {
  const result = await check({ "com.example.hiddriver-2026-05-01-101213.ips": FIXTURE });
  assert.equal(result.status, "warn");
  assert.match(
    result.finding,
    /^the dext com\.example\.hiddriver 1\.2 \(7\) crashed at 2026-05-01 10:12:13\.00 \+0200 with EXC_BAD_ACCESS \(SIGSEGV\) in MyHIDDevice::handleReport/,
  );
  assert.match(result.finding, /\(KERN_INVALID_ADDRESS at 0x0000000000000000\)$/);
  assert.ok(
    result.details.some((line) => line.endsWith("com.example.hiddriver-2026-05-01-101213.ips")),
  );
});

Deno.test("crash-reports: old reports, other processes and reports older than their file are left out", async () => {
  const result = await check({
    "Safari-2026-05-01-101213.ips": ips(
      { app_name: "Safari", name: "Safari", bundleID: "com.apple.Safari" },
      { procName: "Safari" },
    ),
    // Named like sysextd's, but about another process.
    "sysextd-2026-05-01-101214.ips": ips(
      { app_name: "launchd", name: "launchd", bundleID: "com.apple.xpc.launchd" },
      { procName: "launchd" },
    ),
    // A recent file whose report is three weeks old.
    "com.example.hiddriver-2026-04-10-101213.ips": ips({
      timestamp: "2026-04-10 10:12:13.00 +0200",
    }, {}),
  });
  assert.equal(result.status, "ok");
  const old = await check(
    { "com.example.hiddriver-2026-04-10-101213.ips": FIXTURE },
    new Date("2026-04-10T08:12:13Z"),
  );
  assert.equal(old.status, "ok");
});

Deno.test("crash-reports: an unreadable report is named, the others still count", async () => {
  const result = await check({
    "com.example.hiddriver-2026-05-01-101213.ips": FIXTURE.slice(0, 300),
    "sysextd-2026-05-01-101213.ips": sysextdCrash({
      exception: { type: "EXC_BAD_INSTRUCTION", signal: "SIGILL" },
    }),
  });
  assert.equal(result.status, "fail");
  assert.match(result.finding, /^sysextd crashed/);
  assert.ok(
    result.details.some((line) =>
      /^warn: could not parse com\.example\.hiddriver-2026-05-01-101213\.ips \(line \d+\): malformed JSON/
        .test(line)
    ),
    result.details.join("\n"),
  );
});

Deno.test("crash diagnosis: another sysextd crash is a warning without a known cause", () => {
  const diagnosis = diagnoseCrash(
    parseCrashReport(sysextdCrash({ exception: { type: "EXC_BAD_ACCESS", signal: "SIGBUS" } })),
  );
  assert.equal(diagnosis.severity, "warn");
  assert.equal(diagnosis.problemId, undefined);
  assert.equal(
    diagnosis.finding,
    "sysextd crashed at 2026-05-01 10:12:13.00 +0200 with EXC_BAD_ACCESS (SIGBUS)",
  );
});
