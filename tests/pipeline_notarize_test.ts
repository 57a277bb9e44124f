import assert from "node:assert/strict";
import { ExitCode } from "../lib/errors.ts";
import { notarizeStep } from "../lib/pipeline/notarize_step.ts";
import {
  NotarizationFailedError,
  SignatureCheckError,
  StapleFailedError,
  StepRefusedError,
  ToolFailedError,
  WaitTimeoutError,
} from "../lib/pipeline/pipeline_errors.ts";
import type { CommandExpectation } from "../lib/runner/scripted_runner.ts";
import {
  APP,
  macosFixture,
  pipelineFixture,
  rejection,
  scripted,
  testConfig,
} from "./fixtures/pipeline/pipeline_harness.ts";

const ID = "2efe2717-52ef-43a5-96dc-0797e4ca1041";
const ZIP = "/src/dext/build/notarize/DextkitManager.zip";
const PKG = "/src/dext/build/dist/DextkitManager-1.3.0-8.pkg";
const AUTH = ["--keychain-profile", "dextkit-notary"];

function submit(file: string): CommandExpectation {
  return {
    cmd: "xcrun",
    args: ["notarytool", "submit", file, ...AUTH, "--output-format", "json"],
    stdout: macosFixture("notary_submit_nowait.txt"),
  };
}

function info(stdout: string, extra: Partial<CommandExpectation> = {}): CommandExpectation {
  return {
    cmd: "xcrun",
    args: ["notarytool", "info", ID, ...AUTH, "--output-format", "json"],
    stdout,
    ...extra,
  };
}

function log(stdout: string, code = 0): CommandExpectation {
  return { cmd: "xcrun", args: ["notarytool", "log", ID, ...AUTH], stdout, code };
}

function staple(path: string, stdout: string, code = 0): CommandExpectation {
  return { cmd: "xcrun", args: ["stapler", "staple", path], stdout, code };
}

const APP_CHECKS: CommandExpectation[] = [
  { cmd: "codesign", args: ["--verify", "--deep", "--strict", "--verbose=2", APP] },
  { cmd: "sw_vers", args: [], stdout: pipelineFixture("sw_vers_15.txt") },
  { cmd: "syspolicy_check", args: ["notary-submission", APP] },
];
const PKG_CHECK: CommandExpectation = { cmd: "pkgutil", args: ["--check-signature", PKG] };

const ACCEPTED_LOG = log(macosFixture("notary_log_accepted.json"));

function validated(path: string): CommandExpectation {
  return {
    cmd: "xcrun",
    args: ["stapler", "validate", path],
    stdout: macosFixture("stapler_validate_worked.txt"),
  };
}

function assessed(path: string, stderr: string, code = 0): CommandExpectation {
  const type = path.endsWith(".pkg") ? "install" : "exec";
  return { cmd: "spctl", args: ["-a", "-vvv", "-t", type, path], stderr, code };
}

/** After Accepted: the log, a staple that works, validate, Gatekeeper. */
function acceptedTail(path: string): CommandExpectation[] {
  return [
    ACCEPTED_LOG,
    staple(path, macosFixture("stapler_staple_worked.txt")),
    validated(path),
    assessed(
      path,
      path.endsWith(".pkg")
        ? pipelineFixture("spctl_install_accepted.txt")
        : macosFixture("spctl_accepted.txt"),
    ),
  ];
}

const ZIPPING: CommandExpectation[] = [
  { cmd: "mkdir", args: ["-p", "/src/dext/build/notarize"] },
  { cmd: "ditto", args: ["-c", "-k", "--keepParent", APP, ZIP] },
];

Deno.test("notarize: the app is zipped, submitted, polled until Accepted, and the app stapled", async () => {
  const { context, runner, clock, progressText, files } = scripted([
    ...APP_CHECKS,
    ...ZIPPING,
    submit(ZIP),
    info(macosFixture("notary_info_inprogress.json"), { times: 2 }),
    info(pipelineFixture("notary_info_accepted.json")),
    ...acceptedTail(APP),
  ]);
  const result = await notarizeStep(context);
  runner.assertAllUsed();
  const logPath = "/src/dext/build/Release/DextkitManager.notary-log.json";
  assert.deepEqual(result, {
    submissionId: ID,
    status: "Accepted",
    uploaded: ZIP,
    stapled: APP,
    notaryLogPath: logPath,
    warnings: 0,
    gatekeeperSource: "Notarized Developer ID",
  });
  // Two waits of the 20 s poll interval between the three status reads.
  assert.equal(clock.now(), 40_000);
  assert.match(progressText(), new RegExp(`dextkit notarize --resume ${ID} ${APP}`));
  // The id and the log are kept next to the artifact.
  assert.equal(files.files.get("/src/dext/build/Release/DextkitManager.submission-id"), `${ID}\n`);
  assert.equal(files.files.get(logPath), macosFixture("notary_log_accepted.json"));
});

Deno.test("notarize: Invalid with exit code 0 fails, and the notary log's issues are printed", async () => {
  const { context, runner, progressText } = scripted([
    ...APP_CHECKS,
    ...ZIPPING,
    submit(ZIP),
    info(pipelineFixture("notary_info_invalid.json")),
    log(macosFixture("notary_log_invalid.json")),
  ]);
  const error = await rejection(notarizeStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof NotarizationFailedError);
  assert.equal(error.message, `notarization ${ID} ended Invalid with 2 issues`);
  const lines = progressText().split("\n");
  assert.ok(
    lines.includes(
      "notarization of App.zip: Invalid (4000, Archive contains critical validation errors)",
    ),
  );
  assert.ok(
    lines.includes(
      "  error: App.zip/App.app/Contents/Library/SystemExtensions/com.example.hiddriver.dext/" +
        "com.example.hiddriver (arm64): The executable does not have the hardened runtime enabled.",
    ),
  );
  assert.ok(
    lines.includes(
      "  error: App.zip/App.app/Contents/MacOS/App (x86_64): The signature does not include a " +
        "secure timestamp.",
    ),
  );
});

Deno.test("notarize: Rejected fails with the log's status summary", async () => {
  const { context, runner, progressText } = scripted([
    PKG_CHECK,
    submit(PKG),
    info(pipelineFixture("notary_info_rejected.json")),
    log(pipelineFixture("notary_log_rejected.json")),
  ]);
  const error = await rejection(notarizeStep(context, { path: PKG }));
  runner.assertAllUsed();
  assert.equal(error.message, `notarization ${ID} ended Rejected with 0 issues`);
  assert.match(progressText(), /Rejected \(7000, Team is not yet configured for notarization\)/);
});

Deno.test("notarize: a notary log that cannot be fetched still fails the submission", async () => {
  const { context, runner } = scripted([
    PKG_CHECK,
    submit(PKG),
    info(pipelineFixture("notary_info_invalid.json")),
    log("", 69),
  ]);
  const error = await rejection(notarizeStep(context, { path: PKG }));
  runner.assertAllUsed();
  assert.ok(error instanceof NotarizationFailedError);
  assert.match(error.message, /\(the notary log could not be read\)$/);
  assert.match(error.hint, new RegExp(`xcrun notarytool log ${ID}`));
});

Deno.test("notarize: staple error 65 is retried with backoff until the ticket is there", async () => {
  const { context, runner, clock, progressText } = scripted([
    PKG_CHECK,
    submit(PKG),
    info(pipelineFixture("notary_info_accepted.json")),
    ACCEPTED_LOG,
    staple(PKG, macosFixture("stapler_staple_error65.txt"), 65),
    staple(PKG, macosFixture("stapler_staple_error65.txt"), 65),
    staple(PKG, macosFixture("stapler_staple_worked.txt")),
    validated(PKG),
    assessed(PKG, pipelineFixture("spctl_install_accepted.txt")),
  ]);
  const result = await notarizeStep(context, { path: PKG });
  runner.assertAllUsed();
  assert.equal(result.stapled, PKG);
  // Waits of 15 s, then 30 s.
  assert.equal(clock.now(), 45_000);
  assert.match(progressText(), /stapler error 65 .*; attempt 2 in 15\.0s/);
  assert.match(progressText(), /attempt 3 in 30\.0s/);
});

Deno.test("notarize: staple error 65 past the staple time limit is a timeout", async () => {
  const { context, runner } = scripted([
    PKG_CHECK,
    submit(PKG),
    info(pipelineFixture("notary_info_accepted.json")),
    ACCEPTED_LOG,
    staple(PKG, macosFixture("stapler_staple_error65.txt"), 65),
    staple(PKG, macosFixture("stapler_staple_error65.txt"), 65),
    staple(PKG, macosFixture("stapler_staple_error65.txt"), 65),
  ], { config: testConfig({ timeouts: { staple: "1m" } }) });
  // Attempts at 0 s, 15 s and 45 s; the next wait (60 s) would pass the 1 min limit.
  const error = await rejection(notarizeStep(context, { path: PKG }));
  runner.assertAllUsed();
  assert.ok(error instanceof WaitTimeoutError);
  assert.equal(error.exitCode, ExitCode.Timeout);
  assert.match(error.message, /after 3 attempts /);
});

Deno.test("notarize: other staple errors fail at once with what they mean", async () => {
  const { context, runner } = scripted([
    PKG_CHECK,
    submit(PKG),
    info(pipelineFixture("notary_info_accepted.json")),
    ACCEPTED_LOG,
    staple(PKG, `Processing: ${PKG}\nThe staple and validate action failed! Error 66.\n`, 66),
  ]);
  const error = await rejection(notarizeStep(context, { path: PKG }));
  runner.assertAllUsed();
  assert.ok(error instanceof StapleFailedError);
  assert.match(
    error.message,
    /^stapling .*\.pkg failed with error 66: this kind of file cannot be stapled/,
  );
});

Deno.test("notarize: In Progress past the time limit is a timeout that says how to resume", async () => {
  const { context, runner, clock } = scripted([
    PKG_CHECK,
    submit(PKG),
    info(macosFixture("notary_info_inprogress.json"), { times: 4 }),
  ], { config: testConfig({ timeouts: { notarize: "1m" } }) });
  // Reads at 0, 20, 40 and 60 s; one more wait would pass 1 min.
  const error = await rejection(notarizeStep(context, { path: PKG }));
  runner.assertAllUsed();
  assert.ok(error instanceof WaitTimeoutError);
  assert.equal(error.exitCode, ExitCode.Timeout);
  assert.equal(error.message, `notarization ${ID} is still In Progress after 1m 00s`);
  // The resume command names the artifact, which is not the default (the built app).
  assert.ok(error.hint.includes(`dextkit notarize --resume ${ID} ${PKG}`), error.hint);
  assert.equal(clock.now(), 60_000);
});

Deno.test("notarize --resume waits for the earlier submission without submitting again", async () => {
  const { context, runner } = scripted([
    info(pipelineFixture("notary_info_accepted.json")),
    ...acceptedTail(PKG),
  ]);
  const result = await notarizeStep(context, { path: PKG, resumeId: ID });
  runner.assertAllUsed();
  assert.equal(result.submissionId, ID);
});

Deno.test("notarize: brief status-read failures are tolerated, three in a row are not", async () => {
  const ok = scripted([
    info("", { code: 1, times: 2 }),
    info(pipelineFixture("notary_info_accepted.json")),
    ...acceptedTail(PKG),
  ]);
  await notarizeStep(ok.context, { path: PKG, resumeId: ID });
  ok.runner.assertAllUsed();

  const failing = scripted([info("", { code: 1, times: 3 })]);
  const error = await rejection(notarizeStep(failing.context, { path: PKG, resumeId: ID }));
  failing.runner.assertAllUsed();
  assert.ok(error instanceof ToolFailedError);
  assert.match(error.hint, new RegExp(`--resume ${ID}`));
});

Deno.test("notarize: a zip is refused (it cannot be stapled)", async () => {
  const { context } = scripted([]);
  const error = await rejection(notarizeStep(context, { path: "/b/App.zip" }));
  assert.ok(error instanceof StepRefusedError);
});

Deno.test("notarize --json reports each status read with the elapsed time", async () => {
  const { context, progressText } = scripted([
    PKG_CHECK,
    submit(PKG),
    info(macosFixture("notary_info_inprogress.json"), { times: 2 }),
    info(pipelineFixture("notary_info_accepted.json")),
    ...acceptedTail(PKG),
  ], { mode: "json" });
  await notarizeStep(context, { path: PKG });
  const events = progressText().trim().split("\n").map((line) => JSON.parse(line));
  const waits = events.filter((event) =>
    event.status === "waiting" && /^In Progress/.test(event.message)
  );
  assert.deepEqual(waits.map((event) => event.elapsedMs), [0, 20_000]);
  assert.deepEqual(events.at(-1), {
    event: "step",
    step: "notarize",
    status: "succeeded",
    elapsedMs: 40_000,
    message: `Accepted (${ID})`,
  });
});

Deno.test("notarize: the release's app is verified and checked with syspolicy_check before the upload", async () => {
  const { context, runner, progressText } = scripted([
    PKG_CHECK,
    { cmd: "codesign", args: ["--verify", "--deep", "--strict", "--verbose=2", APP] },
    { cmd: "sw_vers", args: [], stdout: pipelineFixture("sw_vers_15.txt") },
    {
      cmd: "syspolicy_check",
      args: ["notary-submission", APP],
      stdout: pipelineFixture("syspolicy_check_fail.txt"),
      code: 1,
    },
  ]);
  const error = await rejection(notarizeStep(context, { path: PKG, app: APP }));
  runner.assertAllUsed();
  assert.ok(error instanceof SignatureCheckError);
  assert.equal(
    error.message,
    `${APP} fails the notary service's checks (syspolicy_check notary-submission exited with ` +
      "code 1: App has failed one or more pre-submission checks)",
  );
  // Nothing was uploaded; what syspolicy_check said is shown as it is.
  assert.match(progressText(), /does not include a secure timestamp/);
});

Deno.test("notarize: before macOS 14 syspolicy_check is skipped with a line saying so", async () => {
  const { context, runner, progressText } = scripted([
    APP_CHECKS[0] as CommandExpectation,
    { cmd: "sw_vers", args: [], stdout: pipelineFixture("sw_vers_13.txt") },
    ...ZIPPING,
    submit(ZIP),
    info(pipelineFixture("notary_info_accepted.json")),
    ...acceptedTail(APP),
  ]);
  await notarizeStep(context);
  runner.assertAllUsed();
  assert.match(progressText(), /syspolicy_check needs macOS 14 or later/);
});

Deno.test("notarize: a signature that does not verify is never uploaded", async () => {
  const { context, runner } = scripted([{
    ...APP_CHECKS[0] as CommandExpectation,
    code: 1,
    stderr: `${APP}: a sealed resource is missing or invalid\n`,
  }]);
  const error = await rejection(notarizeStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof ToolFailedError);
  assert.equal(
    error.message,
    `codesign --verify exited with code 1: ${APP}: a sealed resource is missing or invalid`,
  );
});

Deno.test("notarize: an accepted submission's warnings are shown and the log saved", async () => {
  const { context, runner, progressText, files } = scripted([
    info(pipelineFixture("notary_info_accepted.json")),
    log(pipelineFixture("notary_log_accepted_warning.json")),
    staple(PKG, macosFixture("stapler_staple_worked.txt")),
    validated(PKG),
    assessed(PKG, pipelineFixture("spctl_install_accepted.txt")),
  ]);
  const result = await notarizeStep(context, { path: PKG, resumeId: ID });
  runner.assertAllUsed();
  assert.equal(result.warnings, 1);
  assert.match(
    progressText(),
    /warning: .*DextkitManager \(x86_64\): The binary uses an SDK older/,
  );
  assert.ok(files.files.has("/src/dext/build/dist/DextkitManager-1.3.0-8.notary-log.json"));
  assert.match(progressText(), /Accepted \(2efe2717-[^)]*\), 1 warning\(s\) in the notary log/);
});

Deno.test("notarize: a stapled package Gatekeeper does not accept as notarized fails", async () => {
  const { context, runner } = scripted([
    info(pipelineFixture("notary_info_accepted.json")),
    ACCEPTED_LOG,
    staple(PKG, macosFixture("stapler_staple_worked.txt")),
    validated(PKG),
    assessed(PKG, pipelineFixture("spctl_install_unnotarized.txt"), 3),
  ]);
  const error = await rejection(notarizeStep(context, { path: PKG, resumeId: ID }));
  runner.assertAllUsed();
  assert.ok(error instanceof SignatureCheckError);
  assert.equal(
    error.message,
    `${PKG} is rejected by Gatekeeper with source=Unnotarized Developer ID, not as notarized: a ` +
      "user's Mac would refuse it",
  );
});

Deno.test("notarize: stapler validate failing after a staple fails the step", async () => {
  const { context, runner } = scripted([
    info(pipelineFixture("notary_info_accepted.json")),
    ACCEPTED_LOG,
    staple(PKG, macosFixture("stapler_staple_worked.txt")),
    {
      ...validated(PKG),
      stdout: macosFixture("stapler_validate_not_stapled.txt"),
      code: 65,
    },
  ]);
  const error = await rejection(notarizeStep(context, { path: PKG, resumeId: ID }));
  runner.assertAllUsed();
  assert.ok(error instanceof StapleFailedError);
  assert.match(error.message, /stapler validate exited with code 65: .*does not have a ticket/);
});

Deno.test("drift: an unknown notary status keeps polling with one warning", async () => {
  const { context, runner, progressText, clock } = scripted([
    info(macosFixture("notary_info_unknown_status.json"), { times: 2 }),
    info(pipelineFixture("notary_info_accepted.json")),
    ...acceptedTail(PKG),
  ]);
  const result = await notarizeStep(context, { path: PKG, resumeId: ID });
  runner.assertAllUsed();
  assert.equal(result.status, "Accepted");
  assert.equal(clock.now(), 40_000);
  const warnings = progressText().split("\n").filter((line) =>
    line.includes('status "Queued for Review", which dextkit does not know')
  );
  assert.equal(warnings.length, 1);
});

Deno.test("drift: stapler exit 0 is success whatever it prints", async () => {
  const { context, runner, progressText } = scripted([
    info(pipelineFixture("notary_info_accepted.json")),
    ACCEPTED_LOG,
    staple(PKG, macosFixture("stapler_staple_reworded.txt")),
    { ...validated(PKG), stdout: "Validated the ticket of /b/X.pkg.\n" },
    assessed(PKG, pipelineFixture("spctl_install_accepted.txt")),
  ]);
  const result = await notarizeStep(context, { path: PKG, resumeId: ID });
  runner.assertAllUsed();
  assert.equal(result.stapled, PKG);
  assert.match(progressText(), /warning: stapler exited 0 but no verdict line; .*taken as stapled/);
});
