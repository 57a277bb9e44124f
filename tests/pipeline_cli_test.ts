import assert from "node:assert/strict";
import { runInstallDextCommand } from "../lib/cli/commands/install_dext.ts";
import { runRebootCommand } from "../lib/cli/commands/reboot.ts";
import { main } from "../lib/cli/main.ts";
import { CapturedOutput } from "../lib/cli/output.ts";
import { VirtualClock } from "../lib/device/clock.ts";
import { ExitCode } from "../lib/errors.ts";
import { StepRefusedError } from "../lib/pipeline/pipeline_errors.ts";
import { type CommandExpectation, ScriptedRunner } from "../lib/runner/scripted_runner.ts";
import {
  macosFixture,
  MemoryFiles,
  pipelineFixture,
  rejection,
} from "./fixtures/pipeline/pipeline_harness.ts";

const COMMANDS = [
  "build",
  "sign",
  "notarize",
  "package",
  "install-dext",
  "reboot",
  "uninstall",
  "release",
];

async function projectDir(): Promise<string> {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/dextkit.json`,
    JSON.stringify({
      teamId: "ABCDE12345",
      bundleIds: { dext: "com.example.hiddriver", manager: "com.example.hiddriver.manager" },
    }),
  );
  return dir;
}

Deno.test({
  name: "on Linux every pipeline command fails at once with one line pointing at --dry-run",
  ignore: Deno.build.os === "darwin",
  fn: async () => {
    for (const command of COMMANDS) {
      const output = new CapturedOutput();
      const code = await main([command], { output, env: {} });
      assert.equal(code, ExitCode.NeedsMacOS, command);
      assert.equal(output.stdout, "");
      assert.deepEqual(output.errLines, [
        `error: dextkit ${command} needs macOS (this is ${Deno.build.os}); add --dry-run to see ` +
        "the plan it would run",
      ]);
    }
  },
});

Deno.test("dextkit install-dext --dry-run prints the whole plan on any system", async () => {
  const dir = await projectDir();
  try {
    const output = new CapturedOutput();
    const code = await main(["install-dext", "--dry-run", "--config", dir], {
      output,
      env: { DEXTKIT_STATE_DIR: "/state" },
    });
    assert.equal(code, 0);
    const app = `${dir}/dext/build/Release/DextkitManager.app`;
    assert.deepEqual(output.outLines.filter((line) => !line.startsWith("#")), [
      `plutil -convert xml1 -o - ${app}/Contents/Library/SystemExtensions/com.example.hiddriver.dext/Info.plist`,
      `codesign -dvvv ${app}`,
      `ditto ${app} /Applications/DextkitManager.app`,
      "codesign --verify --deep --strict --verbose=2 /Applications/DextkitManager.app",
      "/Applications/DextkitManager.app/Contents/MacOS/DextkitManager activate --approval-timeout 600",
      "systemextensionsctl list",
    ]);
    assert.equal(
      output.outLines[0],
      "# dextkit install-dext --dry-run: the commands it would run, in order",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

function installScript(dir: string): CommandExpectation[] {
  const app = `${dir}/dext/build/Release/DextkitManager.app`;
  return [
    { cmd: "plutil", stdout: pipelineFixture("dext_info_plist.xml") },
    // An Apple Development signature: no notarization needed.
    {
      cmd: "codesign",
      args: ["-dvvv", app],
      stderr: macosFixture("codesign_dvvv_no_timestamp.txt"),
    },
    { cmd: "ditto", args: [app, "/Applications/DextkitManager.app"] },
    {
      cmd: "codesign",
      args: ["--verify", "--deep", "--strict", "--verbose=2", "/Applications/DextkitManager.app"],
    },
    {
      cmd: "/Applications/DextkitManager.app/Contents/MacOS/DextkitManager",
      stdout: pipelineFixture("manager_activate_reboot.jsonl"),
      code: 3,
    },
  ];
}

async function installWith(
  script: (dir: string) => CommandExpectation[],
  options: { json?: boolean; interactive?: boolean; answer?: string },
) {
  const dir = await projectDir();
  const files = new MemoryFiles();
  files.directories.add(`${dir}/dext/build/Release/DextkitManager.app`);
  const clock = new VirtualClock();
  const runner = new ScriptedRunner(script(dir), { sleep: (ms) => clock.sleep(ms) });
  const output = new CapturedOutput();
  try {
    const code = await runInstallDextCommand({ config: dir, json: options.json }, {
      output,
      env: { DEXTKIT_STATE_DIR: "/state" },
      os: "darwin",
      runner,
      files,
      clock,
      interactive: options.interactive ?? false,
      input: { readLine: () => Promise.resolve(options.answer ?? null) },
    });
    runner.assertAllUsed();
    return { code, output, files };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("install-dext: a reboot-required install ends with exit code 3 and says what to do", async () => {
  const { code, output, files } = await installWith(installScript, {});
  assert.equal(code, ExitCode.RebootRequired);
  assert.match(output.stderr, /restart required: macOS completes the activation after a restart/);
  assert.equal(
    output.outLines.at(-1),
    "restart the Mac to finish (`dextkit reboot`), then check with `dextkit status`",
  );
  assert.ok(files.files.has("/state/expected-driver.json"));
});

Deno.test("install-dext offers the reboot on a terminal and restarts when the answer is yes", async () => {
  const script = (dir: string) => [
    ...installScript(dir),
    { cmd: "osascript", args: ["-e", 'tell application "System Events" to restart'] },
  ];
  const { code, output } = await installWith(script, { interactive: true, answer: "y" });
  assert.equal(code, ExitCode.Ok);
  assert.match(output.stderr, /Restart the Mac now\?/);
});

Deno.test("install-dext --json prints progress events and a result object on standard output", async () => {
  const { code, output } = await installWith(installScript, { json: true, interactive: true });
  assert.equal(code, ExitCode.RebootRequired);
  const events = output.outLines.map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(events[0], {
    event: "step",
    step: "install-dext",
    status: "started",
    elapsedMs: 0,
    message: "Installing com.example.hiddriver",
  });
  const result = events.at(-1);
  assert.equal(result?.["event"], "result");
  assert.equal(result?.["command"], "install-dext");
  assert.equal(result?.["rebootRequired"], true);
  assert.equal(result?.["restarting"], false);
  // No question is asked in JSON mode.
  assert.doesNotMatch(output.stderr, /Restart the Mac now/);
});

Deno.test("reboot without --yes and without a terminal is refused with a hint", async () => {
  const error = await rejection(runRebootCommand({}, {
    output: new CapturedOutput(),
    env: {},
    os: "darwin",
    runner: new ScriptedRunner([]),
    interactive: false,
  }));
  assert.ok(error instanceof StepRefusedError);
  assert.equal(error.exitCode, ExitCode.Usage);
});
