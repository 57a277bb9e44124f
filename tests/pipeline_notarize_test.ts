import assert from "node:assert/strict";
import { ExitCode } from "../lib/errors.ts";
import { notarizeStep } from "../lib/pipeline/notarize_step.ts";
import {
  NotarizationFailedError,
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

const ZIPPING: CommandExpectation[] = [
  { cmd: "mkdir", args: ["-p", "/src/dext/build/notarize"] },
  { cmd: "ditto", args: ["-c", "-k", "--keepParent", APP, ZIP] },
];

Deno.test("notarize: the app is zipped, submitted, polled until Accepted, and the app stapled", async () => {
  const { context, runner, clock, progressText } = scripted([
    ...ZIPPING,
    submit(ZIP),
    info(macosFixture("notary_info_inprogress.json"), { times: 2 }),
    info(pipelineFixture("notary_info_accepted.json")),
    staple(APP, macosFixture("stapler_staple_worked.txt")),
  ]);
  const result = await notarizeStep(context);
  runner.assertAllUsed();
  assert.deepEqual(result, { submissionId: ID, status: "Accepted", uploaded: ZIP, stapled: APP });
  // Two waits of the 20 s poll interval between the three status reads.
  assert.equal(clock.now(), 40_000);
  assert.match(progressText(), new RegExp(`dextkit notarize --resume ${ID}`));
});

Deno.test("notarize: Invalid with exit code 0 fails, and the notary log's issues are printed", async () => {
  const { context, runner, progressText } = scripted([
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
    submit(PKG),
    info(pipelineFixture("notary_info_accepted.json")),
    staple(PKG, macosFixture("stapler_staple_error65.txt"), 65),
    staple(PKG, macosFixture("stapler_staple_error65.txt"), 65),
    staple(PKG, macosFixture("stapler_staple_worked.txt")),
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
    submit(PKG),
    info(pipelineFixture("notary_info_accepted.json")),
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
    submit(PKG),
    info(pipelineFixture("notary_info_accepted.json")),
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
    submit(PKG),
    info(macosFixture("notary_info_inprogress.json"), { times: 4 }),
  ], { config: testConfig({ timeouts: { notarize: "1m" } }) });
  // Reads at 0, 20, 40 and 60 s; one more wait would pass 1 min.
  const error = await rejection(notarizeStep(context, { path: PKG }));
  runner.assertAllUsed();
  assert.ok(error instanceof WaitTimeoutError);
  assert.equal(error.exitCode, ExitCode.Timeout);
  assert.equal(error.message, `notarization ${ID} is still In Progress after 1m 00s`);
  assert.match(error.hint, new RegExp(`dextkit notarize --resume ${ID}`));
  assert.equal(clock.now(), 60_000);
});

Deno.test("notarize --resume waits for the earlier submission without submitting again", async () => {
  const { context, runner } = scripted([
    info(pipelineFixture("notary_info_accepted.json")),
    staple(PKG, macosFixture("stapler_staple_worked.txt")),
  ]);
  const result = await notarizeStep(context, { path: PKG, resumeId: ID });
  runner.assertAllUsed();
  assert.equal(result.submissionId, ID);
});

Deno.test("notarize: brief status-read failures are tolerated, three in a row are not", async () => {
  const ok = scripted([
    info("", { code: 1, times: 2 }),
    info(pipelineFixture("notary_info_accepted.json")),
    staple(PKG, macosFixture("stapler_staple_worked.txt")),
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
    submit(PKG),
    info(macosFixture("notary_info_inprogress.json"), { times: 2 }),
    info(pipelineFixture("notary_info_accepted.json")),
    staple(PKG, macosFixture("stapler_staple_worked.txt")),
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
