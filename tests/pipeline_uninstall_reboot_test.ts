import assert from "node:assert/strict";
import { ExitCode } from "../lib/errors.ts";
import { REBOOT_QUESTION, rebootStep } from "../lib/pipeline/reboot_step.ts";
import { uninstallStep } from "../lib/pipeline/uninstall_step.ts";
import { ActivationFailedError, StepRefusedError } from "../lib/pipeline/pipeline_errors.ts";
import {
  INSTALLED_APP,
  MANAGER,
  MemoryFiles,
  pipelineFixture,
  rejection,
  scripted,
} from "./fixtures/pipeline/pipeline_harness.ts";

const RESTART = { cmd: "osascript", args: ["-e", 'tell application "System Events" to restart'] };
const STATE_FILE = "/state/expected-driver.json";

function installed(): MemoryFiles {
  const files = new MemoryFiles();
  files.directories.add(MANAGER);
  files.files.set(STATE_FILE, "{}");
  return files;
}

Deno.test("uninstall: the manager deactivates, then the app and the recorded version go", async () => {
  const files = installed();
  const { context, runner } = scripted([
    {
      cmd: MANAGER,
      args: ["deactivate", "--approval-timeout", "600"],
      stdout:
        '{"event":"submitted","extension":"com.example.hiddriver","force":false,"request":"deactivate"}\n{"event":"completed","notInstalled":false}\n',
    },
    { cmd: "rm", args: ["-rf", INSTALLED_APP] },
  ], { files, env: { DEXTKIT_STATE_DIR: "/state" } });
  const result = await uninstallStep(context);
  runner.assertAllUsed();
  assert.deepEqual(result, { deactivated: true, notInstalled: false, rebootRequired: false });
  assert.equal(files.files.has(STATE_FILE), false);
});

Deno.test("uninstall: a driver that is not installed counts as done", async () => {
  const { context, runner } = scripted([
    { cmd: MANAGER, stdout: pipelineFixture("manager_deactivate_not_installed.jsonl") },
    { cmd: "rm", args: ["-rf", INSTALLED_APP] },
  ], { files: installed(), env: { DEXTKIT_STATE_DIR: "/state" } });
  const result = await uninstallStep(context);
  runner.assertAllUsed();
  assert.equal(result.notInstalled, true);
});

Deno.test("uninstall: a deactivation that completes after a restart says so", async () => {
  const { context } = scripted([
    { cmd: MANAGER, stdout: '{"event":"will-complete-after-reboot"}\n', code: 3 },
    { cmd: "rm" },
  ], { files: installed(), env: {} });
  assert.equal((await uninstallStep(context)).rebootRequired, true);
});

Deno.test("uninstall: a failed deactivation is explained", async () => {
  const { context } = scripted([
    {
      cmd: MANAGER,
      code: 1,
      stdout:
        '{"code":13,"domain":"OSSystemExtensionErrorDomain","event":"failed","message":"x","name":"authorizationRequired"}\n',
    },
  ], { files: installed(), env: {} });
  const error = await rejection(uninstallStep(context));
  assert.ok(error instanceof ActivationFailedError);
  assert.match(
    error.message,
    /^deactivate failed with OSSystemExtensionError 13 \(authorizationRequired\)/,
  );
});

Deno.test("uninstall: without the manager app it removes what is left and says how to clean up", async () => {
  const { context, runner, progressText } = scripted([
    { cmd: "rm", args: ["-rf", INSTALLED_APP] },
  ], { files: new MemoryFiles(), env: {} });
  const result = await uninstallStep(context);
  runner.assertAllUsed();
  assert.equal(result.deactivated, false);
  assert.match(progressText(), /systemextensionsctl uninstall <team id> com\.example\.hiddriver/);
});

Deno.test("reboot --yes restarts through System Events without asking", async () => {
  const { context, runner } = scripted([RESTART]);
  assert.equal(await rebootStep(context, { yes: true }), true);
  runner.assertAllUsed();
});

Deno.test("reboot asks, and does nothing when the answer is no", async () => {
  const questions: string[] = [];
  const { context, runner } = scripted([]);
  const result = await rebootStep(context, {
    ask: (question) => {
      questions.push(question);
      return Promise.resolve(false);
    },
  });
  runner.assertAllUsed();
  assert.equal(result, false);
  assert.deepEqual(questions, [REBOOT_QUESTION]);
});

Deno.test("reboot restarts when the answer is yes", async () => {
  const { context, runner } = scripted([RESTART]);
  assert.equal(await rebootStep(context, { ask: () => Promise.resolve(true) }), true);
  runner.assertAllUsed();
});

Deno.test("reboot without --yes and with nobody to ask is refused", async () => {
  const { context, runner } = scripted([]);
  const error = await rejection(rebootStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof StepRefusedError);
  assert.equal(error.exitCode, ExitCode.Usage);
  assert.equal(error.hint, "pass --yes to restart without asking");
});
