// `dextkit logs`: the predicate built from the configured bundle id, the `log show` / `log stream`
// command, ndjson parsed and shown readably (or as JSON lines), unreadable lines shown with a
// warning that names them, `log` failing, and the needs-macOS / --dry-run behaviour.
import assert from "node:assert/strict";
import { join } from "node:path";
import { FollowWithLastError, runLogsCommand } from "../lib/cli/commands/logs.ts";
import { main } from "../lib/cli/main.ts";
import { CapturedOutput } from "../lib/cli/output.ts";
import { InvalidLogSpanError, logCommand, logPredicate } from "../lib/doctor/unified_log.ts";
import { DextkitError, ExitCode } from "../lib/errors.ts";
import { NeedsMacOSError } from "../lib/runner/runner_errors.ts";
import { ScriptedRunner } from "../lib/runner/scripted_runner.ts";
import { REPO_ROOT, tempDir } from "./fixtures/doctor_fixtures.ts";
import { readFixture } from "./fixtures/macos/read_fixture.ts";

const PREDICATE = 'sender == "sysextd" OR process == "sysextd" OR process == "kernelmanagerd" OR ' +
  'sender CONTAINS "dev.dextkit.VirtualHIDDevice" OR process CONTAINS "dev.dextkit.VirtualHIDDevice" OR ' +
  '(process == "kernel" AND eventMessage CONTAINS "DK:")';

Deno.test("logs: the predicate generalises the field notes' one to sysextd, kernelmanagerd, DK lines and the dext", () => {
  assert.equal(logPredicate("dev.dextkit.VirtualHIDDevice"), PREDICATE);
  assert.match(logPredicate('we"ird'), /sender CONTAINS "we\\"ird"/);
});

Deno.test("logs: log show with --last, log stream with --follow", () => {
  assert.deepEqual(logCommand({ bundleId: "dev.dextkit.VirtualHIDDevice" }), {
    cmd: "log",
    args: [
      "show",
      "--predicate",
      PREDICATE,
      "--info",
      "--debug",
      "--style",
      "ndjson",
      "--last",
      "1h",
    ],
  });
  assert.deepEqual(
    logCommand({ bundleId: "dev.dextkit.VirtualHIDDevice", last: "boot" }).args.slice(-2),
    ["--last", "boot"],
  );
  assert.deepEqual(logCommand({ bundleId: "dev.dextkit.VirtualHIDDevice", follow: true }), {
    cmd: "log",
    args: ["stream", "--predicate", PREDICATE, "--level", "debug", "--style", "ndjson"],
  });
  for (const last of ["an hour", "90s", "1h30m", ""]) {
    assert.throws(() => logCommand({ bundleId: "x", last }), InvalidLogSpanError, last);
  }
});

Deno.test("logs: off macOS it needs macOS; --dry-run prints the log command", async () => {
  await assert.rejects(
    runLogsCommand({}, { output: new CapturedOutput(), env: {}, os: "linux", cwd: REPO_ROOT }),
    (error: unknown) => {
      assert.ok(error instanceof NeedsMacOSError);
      assert.equal(error.exitCode, ExitCode.NeedsMacOS);
      assert.equal(
        error.message,
        "dextkit logs needs macOS (this is linux); add --dry-run to see the plan it would run",
      );
      return true;
    },
  );
  const viaMain = new CapturedOutput();
  assert.equal(await main(["logs", "--dry-run", "--last", "5m"], { output: viaMain, env: {} }), 0);
  assert.match(
    viaMain.outLines[0] ?? "",
    /^log show --predicate '.*' --info --debug --style ndjson --last 5m$/,
  );
  const output = new CapturedOutput();
  assert.equal(
    await runLogsCommand({ dryRun: true, last: "30m" }, {
      output,
      env: {},
      os: "linux",
      cwd: REPO_ROOT,
    }),
    0,
  );
  assert.deepEqual(output.outLines, [
    `log show --predicate '${PREDICATE}' --info --debug --style ndjson --last 30m`,
  ]);
});

Deno.test("logs: the predicate uses the configured bundle id", async () => {
  await using dir = await tempDir();
  await Deno.writeTextFile(
    join(dir.path, "dextkit.json"),
    JSON.stringify({
      project: "driver",
      bundleIds: { dext: "com.example.hiddriver", manager: "com.example.app" },
    }),
  );
  const output = new CapturedOutput();
  await runLogsCommand({ dryRun: true, follow: true }, {
    output,
    env: {},
    os: "linux",
    cwd: dir.path,
  });
  assert.match(
    output.outLines[0] ?? "",
    /^log stream --predicate '.*sender CONTAINS "com\.example\.hiddriver".*' --level debug --style ndjson$/,
  );
});

function macLogs(stdout: string, code = 0, stderr = ""): ScriptedRunner {
  return new ScriptedRunner([{
    cmd: "log",
    args: (args) => args[0] === "show",
    stdout,
    code,
    stderr,
  }]);
}

Deno.test("logs: ndjson is shown one readable line per entry", async () => {
  const output = new CapturedOutput();
  const runner = macLogs(readFixture("log_ndjson.txt"));
  assert.equal(
    await runLogsCommand({}, { output, env: {}, os: "darwin", cwd: REPO_ROOT, runner }),
    0,
  );
  assert.deepEqual(output.outLines, [
    "2026-05-01 10:12:11.171906+0200 kernel[0] Default: DK: MyHIDDevice-0x1002dd073: family entitlements check failed",
  ]);
  assert.deepEqual(output.errLines, []);
  runner.assertAllUsed();
});

Deno.test("logs --json: one normalised JSON object per entry", async () => {
  const output = new CapturedOutput();
  await runLogsCommand({ json: true }, {
    output,
    env: {},
    os: "darwin",
    cwd: REPO_ROOT,
    runner: macLogs(readFixture("log_ndjson.txt")),
  });
  assert.equal(output.outLines.length, 1);
  assert.deepEqual(JSON.parse(output.outLines[0] ?? ""), {
    timestamp: "2026-05-01 10:12:11.171906+0200",
    process: "kernel",
    processId: 0,
    sender: "kernel",
    subsystem: "",
    category: "",
    messageType: "Default",
    eventType: "logEvent",
    message: "DK: MyHIDDevice-0x1002dd073: family entitlements check failed",
  });
});

Deno.test("logs: an unreadable line is shown as it is, with a warning naming it, and the rest goes on", async () => {
  const lines = readFixture("log_ndjson.txt").trimEnd().split("\n");
  const output = new CapturedOutput();
  await runLogsCommand({}, {
    output,
    env: {},
    os: "darwin",
    cwd: REPO_ROOT,
    runner: macLogs([lines[0], '{"eventMessage":"cut', lines[1]].join("\n") + "\n"),
  });
  assert.equal(output.outLines.length, 2);
  assert.equal(output.outLines[0], '{"eventMessage":"cut');
  assert.match(output.outLines[1] ?? "", /family entitlements check failed$/);
  assert.equal(output.errLines.length, 1);
  assert.match(
    output.errLines[0] ?? "",
    /^warning: could not parse log ndjson output \(line 2\): malformed JSON/,
  );
});

Deno.test("logs: log failing is an error with its message; --follow with --last is refused", async () => {
  await assert.rejects(
    runLogsCommand({}, {
      output: new CapturedOutput(),
      env: {},
      os: "darwin",
      cwd: REPO_ROOT,
      runner: macLogs("", 64, "log: Invalid predicate: bad syntax\n"),
    }),
    (error: unknown) => {
      assert.ok(error instanceof DextkitError);
      assert.equal(
        error.message,
        "log show failed (exit code 64): log: Invalid predicate: bad syntax",
      );
      return true;
    },
  );
  await assert.rejects(
    runLogsCommand({ follow: true, last: "1h" }, {
      output: new CapturedOutput(),
      env: {},
      os: "darwin",
      cwd: REPO_ROOT,
    }),
    FollowWithLastError,
  );
});
