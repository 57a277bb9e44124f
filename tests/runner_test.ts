import assert from "node:assert/strict";
import fc from "fast-check";
import { DenoCommandRunner } from "../lib/runner/deno_command_runner.ts";
import { DryRunRunner } from "../lib/runner/dry_run_runner.ts";
import { ScriptedRunner } from "../lib/runner/scripted_runner.ts";
import { formatCommand, redactArgs, shellQuote } from "../lib/runner/format_command.ts";
import { needsMacOS } from "../lib/runner/needs_macos.ts";
import {
  NeedsMacOSError,
  ToolNotFoundError,
  UnexpectedCommandError,
  UnusedExpectationsError,
  WorkingDirectoryError,
} from "../lib/runner/runner_errors.ts";
import { ExitCode } from "../lib/errors.ts";
import { reportError } from "../lib/cli/report_error.ts";
import { readFixture } from "./fixtures/macos/read_fixture.ts";

const DENO = Deno.execPath();

function denoEval(code: string): { cmd: string; args: string[] } {
  return { cmd: DENO, args: ["eval", "--quiet", code] };
}

// ---------------------------------------------------------------- DenoCommandRunner

Deno.test("DenoCommandRunner: captures and streams stdout and stderr, returns the exit code", async () => {
  const out: string[] = [];
  const err: string[] = [];
  const result = await new DenoCommandRunner().run(
    denoEval(
      "console.log('one'); console.error('warn'); Deno.stdout.writeSync(new TextEncoder().encode('two\\r\\nlast')); Deno.exit(3)",
    ),
    { onStdoutLine: (line) => out.push(line), onStderrLine: (line) => err.push(line) },
  );
  assert.equal(result.code, 3);
  assert.equal(result.stdout, "one\ntwo\r\nlast");
  assert.equal(result.stderr, "warn\n");
  assert.deepEqual(out, ["one", "two", "last"]);
  assert.deepEqual(err, ["warn"]);
  assert.equal(result.timedOut, false);
  assert.ok(result.durationMs > 0);
});

Deno.test("DenoCommandRunner: stdin, env and cwd reach the program", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const result = await new DenoCommandRunner().run({
      ...denoEval(
        "const input = new TextDecoder().decode(await new Response(Deno.stdin.readable).arrayBuffer());" +
          "console.log(input.toUpperCase(), Deno.env.get('DEXTKIT_TEST_VALUE'), Deno.cwd())",
      ),
      cwd: dir,
      env: { DEXTKIT_TEST_VALUE: "from-env" },
      stdin: "from stdin",
    });
    assert.equal(result.stdout, `FROM STDIN from-env ${await Deno.realPath(dir)}\n`);
  } finally {
    await Deno.remove(dir);
  }
});

Deno.test("DenoCommandRunner: a missing executable names the tool and how to install it", async () => {
  await assert.rejects(
    new DenoCommandRunner().run({ cmd: "xcodegen-not-installed-here", args: [] }),
    (error) => {
      assert.ok(error instanceof ToolNotFoundError);
      assert.equal(error.message, "xcodegen-not-installed-here was not found");
      assert.match(error.hint, /xcode-select --install/);
      return true;
    },
  );
  const xcodegen = new ToolNotFoundError("xcodegen");
  assert.match(xcodegen.hint, /brew install xcodegen/);
  assert.match(new ToolNotFoundError("/usr/bin/xcrun").hint, /command-line tools/);
});

Deno.test("DenoCommandRunner: a missing working directory is its own error", async () => {
  await assert.rejects(
    new DenoCommandRunner().run({ ...denoEval("1"), cwd: "/nonexistent/dextkit-test" }),
    WorkingDirectoryError,
  );
});

Deno.test({
  name: "DenoCommandRunner: a timeout stops the program and the processes it started",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const started = performance.now();
    const result = await new DenoCommandRunner({ killGraceMs: 500 }).run({
      cmd: "sh",
      // The grandchild's pid is printed first; sh then waits on a second sleep.
      args: ["-c", "sleep 30 & echo $!; sleep 30"],
      timeoutMs: 400,
    });
    assert.equal(result.timedOut, true);
    assert.equal(result.code, 143);
    assert.ok(performance.now() - started < 5000, "must not wait for sleep 30");
    const grandchild = Number(result.stdout.trim());
    assert.ok(grandchild > 0, result.stdout);
    assert.equal(isRunning(grandchild), false, `sleep ${grandchild} survived`);
  },
});

Deno.test("DenoCommandRunner: a program that ignores SIGTERM is killed after the grace period", async () => {
  const result = await new DenoCommandRunner({ killGraceMs: 300 }).run({
    cmd: "sh",
    args: ["-c", "trap '' TERM; echo ready; while :; do sleep 0.1; done"],
    timeoutMs: 300,
  });
  assert.equal(result.timedOut, true);
  assert.equal(result.code, 137);
  assert.equal(result.stdout, "ready\n");
});

Deno.test("DenoCommandRunner: a throwing line callback stops the program and rejects", async () => {
  const failure = new Error("stop reading");
  await assert.rejects(
    new DenoCommandRunner({ killGraceMs: 300 }).run(
      { cmd: "sh", args: ["-c", "echo first; sleep 30"] },
      {
        onStdoutLine: () => {
          throw failure;
        },
      },
    ),
    (error) => error === failure,
  );
});

function isRunning(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // Field 3 is the state; a zombie has exited and only waits to be reaped.
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- shell lines and redaction

Deno.test("shellQuote: a POSIX shell reads every quoted word back unchanged", async () => {
  const words = fc.sample(
    fc.string({ unit: "binary", maxLength: 20 }).filter((word) => !word.includes("\0")),
    200,
  );
  words.push(
    "",
    "it's",
    "a b",
    "$HOME",
    "`x`",
    "\\",
    "*",
    "Developer ID Application: Example (ABCDE12345)",
  );
  const script = `printf '%s\\0' ${words.map(shellQuote).join(" ")}`;
  const output = await new Deno.Command("sh", { args: ["-c", script], stdout: "piped" }).output();
  const echoed = new TextDecoder().decode(output.stdout).split("\0").slice(0, -1);
  assert.deepEqual(echoed, words);
});

Deno.test("formatCommand: cwd, environment, quoting and a stdin note", () => {
  assert.equal(
    formatCommand({
      cmd: "xcodebuild",
      args: ["-scheme", "Dext Kit", "CODE_SIGN_IDENTITY=", "build"],
      cwd: "/Users/dev/my project",
      env: { DEVELOPER_DIR: "/Applications/Xcode.app/Contents/Developer" },
      stdin: "héllo",
    }),
    "(cd '/Users/dev/my project' && DEVELOPER_DIR=/Applications/Xcode.app/Contents/Developer " +
      "xcodebuild -scheme 'Dext Kit' CODE_SIGN_IDENTITY= build)  # stdin: 6 bytes",
  );
});

Deno.test("redaction: passwords, security's password options, secret env names, known secrets, PEM", () => {
  const security = (args: string[]) => redactArgs({ cmd: "/usr/bin/security", args }).join(" ");
  assert.equal(
    security(["create-keychain", "-p", "pw1", "ci.keychain-db"]),
    "create-keychain -p [REDACTED] ci.keychain-db",
  );
  assert.equal(
    security([
      "import",
      "cert.p12",
      "-P",
      "pw2",
      "-A",
      "-t",
      "cert",
      "-f",
      "pkcs12",
      "-k",
      "ci.keychain-db",
    ]),
    "import cert.p12 -P [REDACTED] -A -t cert -f pkcs12 -k ci.keychain-db",
  );
  assert.equal(
    security([
      "set-key-partition-list",
      "-S",
      "apple-tool:,apple:,codesign:",
      "-s",
      "-k",
      "pw3",
      "ci.keychain-db",
    ]),
    "set-key-partition-list -S apple-tool:,apple:,codesign: -s -k [REDACTED] ci.keychain-db",
  );
  // -p of find-identity is a policy name, not a password.
  assert.equal(
    security(["find-identity", "-v", "-p", "codesigning"]),
    "find-identity -v -p codesigning",
  );

  const notary = formatCommand({
    cmd: "xcrun",
    args: [
      "notarytool",
      "submit",
      "App.zip",
      "--apple-id",
      "dev@example.com",
      "--password",
      "abcd-efgh-ijkl-mnop",
      "--team-id",
      "ABCDE12345",
    ],
  });
  assert.equal(
    notary,
    "xcrun notarytool submit App.zip --apple-id dev@example.com --password [REDACTED] --team-id ABCDE12345",
  );
  assert.equal(
    formatCommand({
      cmd: "xcrun",
      args: ["notarytool", "store-credentials", "p", "--password=abcd-efgh-ijkl-mnop"],
    }),
    "xcrun notarytool store-credentials p '--password=[REDACTED]'",
  );
  // notarytool's -p is the keychain profile; --key is the path of the API key file.
  assert.equal(
    formatCommand({
      cmd: "xcrun",
      args: [
        "notarytool",
        "info",
        "id",
        "-p",
        "dextkit",
        "--key",
        "/keys/AuthKey_ABC.p8",
        "--key-id",
        "ABC",
        "--issuer",
        "6053b7fe",
      ],
    }),
    "xcrun notarytool info id -p dextkit --key /keys/AuthKey_ABC.p8 --key-id ABC --issuer 6053b7fe",
  );
  assert.equal(
    formatCommand({
      cmd: "sh",
      args: ["-c", "echo $KEYCHAIN_PASSWORD | security unlock-keychain -p s3cr3t-value ci"],
      env: {
        KEYCHAIN_PASSWORD: "s3cr3t-value",
        BUILD_CERTIFICATE_BASE64: "MIIK...",
        APPLE_API_KEY_PATH: "/k.p8",
      },
      secrets: ["s3cr3t-value"],
    }),
    "KEYCHAIN_PASSWORD=[REDACTED] BUILD_CERTIFICATE_BASE64=[REDACTED] APPLE_API_KEY_PATH=/k.p8 sh -c " +
      "'echo $KEYCHAIN_PASSWORD | security unlock-keychain -p [REDACTED] ci'",
  );
  assert.equal(
    formatCommand({
      cmd: "tool",
      args: ["-----BEGIN PRIVATE KEY-----\nMIGTAgEA\n-----END PRIVATE KEY-----"],
    }),
    "tool [REDACTED]",
  );
});

// ---------------------------------------------------------------- DryRunRunner

Deno.test("DryRunRunner: prints and records the plan, runs nothing, answers success", async () => {
  const printed: string[] = [];
  const runner = new DryRunRunner({ print: (line) => printed.push(line) });
  assert.equal(runner.dryRun, true);
  const marker = await Deno.makeTempFile();
  await Deno.remove(marker);
  const result = await runner.run({ cmd: "touch", args: [marker] });
  assert.deepEqual(result, { code: 0, stdout: "", stderr: "", timedOut: false, durationMs: 0 });
  await assert.rejects(Deno.stat(marker), Deno.errors.NotFound);
  runner.note("copy App.app to /Applications");
  await runner.run({ cmd: "security", args: ["unlock-keychain", "-p", "pw", "k"], cwd: "/tmp" });
  const expected = [
    `touch ${marker}`,
    "# copy App.app to /Applications",
    "(cd /tmp && security unlock-keychain -p [REDACTED] k)",
  ];
  assert.deepEqual(printed, expected);
  assert.deepEqual(runner.lines, expected);
  assert.equal(runner.plan[1]?.command, undefined);
  assert.equal(runner.plan[2]?.command?.cmd, "security");
});

Deno.test("DryRunRunner: a responder scripts output, which reaches the line handlers", async () => {
  const runner = new DryRunRunner({
    respond: (command) =>
      command.args[1] === "submit"
        ? { stdout: readFixture("notary_submit_nowait.txt") }
        : undefined,
  });
  const lines: string[] = [];
  const submit = await runner.run({ cmd: "xcrun", args: ["notarytool", "submit", "App.zip"] }, {
    onStdoutLine: (line) => lines.push(line),
  });
  assert.match(submit.stdout, /"id":"2efe2717/);
  assert.equal(lines.length, 2);
  assert.equal(
    (await runner.run({ cmd: "xcrun", args: ["stapler", "staple", "App.app"] })).stdout,
    "",
  );
});

// ---------------------------------------------------------------- ScriptedRunner

Deno.test("ScriptedRunner: replays outputs in order, with regex and predicate matchers", async () => {
  const runner = new ScriptedRunner([
    {
      cmd: "xcrun",
      args: ["notarytool", "submit", /^.+\.zip$/, "--output-format", "json"],
      stdout: readFixture("notary_submit_nowait.txt"),
    },
    {
      cmd: "xcrun",
      args: (args) => args[0] === "stapler",
      stderr: readFixture("stapler_staple_error65.txt"),
      code: 65,
    },
    { cmd: "systemextensionsctl", stdout: readFixture("sysext_list_waiting_user.txt") },
  ]);
  const out: string[] = [];
  const submit = await runner.run(
    { cmd: "xcrun", args: ["notarytool", "submit", "build/App.zip", "--output-format", "json"] },
    { onStdoutLine: (line) => out.push(line) },
  );
  assert.equal(submit.code, 0);
  assert.equal(
    out[0],
    "Conducting pre-submission checks for App.zip and initiating connection to the Apple notary service...",
  );
  const staple = await runner.run({ cmd: "xcrun", args: ["stapler", "staple", "App.app"] });
  assert.equal(staple.code, 65);
  assert.match(staple.stderr, /Error 65/);
  const list = await runner.run({ cmd: "systemextensionsctl", args: ["list"] });
  assert.match(list.stdout, /activated waiting for user/);
  runner.assertAllUsed();
  assert.deepEqual(runner.lines, [
    "xcrun notarytool submit build/App.zip --output-format json",
    "xcrun stapler staple App.app",
    "systemextensionsctl list",
  ]);
});

Deno.test("ScriptedRunner: an unexpected command fails clearly, and keeps failing", async () => {
  const runner = new ScriptedRunner([{ cmd: "xcrun", args: ["stapler", "staple", "App.app"] }]);
  await assert.rejects(runner.run({ cmd: "codesign", args: ["--verify", "App.app"] }), (error) => {
    assert.ok(error instanceof UnexpectedCommandError);
    assert.equal(
      error.message,
      "unexpected command #1: codesign --verify App.app (expected: xcrun stapler staple App.app)",
    );
    return true;
  });
  await assert.rejects(
    runner.run({ cmd: "xcrun", args: ["stapler", "staple", "App.app"] }),
    UnexpectedCommandError,
  );
  assert.throws(() => runner.assertAllUsed(), UnexpectedCommandError);

  const done = new ScriptedRunner([]);
  await assert.rejects(
    done.run({ cmd: "security", args: ["unlock-keychain", "-p", "pw", "k"] }),
    (error) => {
      assert.ok(error instanceof UnexpectedCommandError);
      assert.equal(
        error.message,
        "unexpected command #1: security unlock-keychain -p [REDACTED] k (no more commands were expected)",
      );
      return true;
    },
  );
  const wrongArgs = new ScriptedRunner([{ cmd: "ditto", args: ["-c", "-k"] }]);
  await assert.rejects(
    wrongArgs.run({ cmd: "ditto", args: ["-c", "-k", "--keepParent"] }),
    UnexpectedCommandError,
  );
});

Deno.test("ScriptedRunner: assertAllUsed names the commands that never ran", async () => {
  const runner = new ScriptedRunner([
    { cmd: "systemextensionsctl", args: ["list"], times: 3 },
    { cmd: "xcrun", args: ["stapler", "staple", /App/] },
  ]);
  await runner.run({ cmd: "systemextensionsctl", args: ["list"] });
  assert.throws(() => runner.assertAllUsed(), (error: unknown) => {
    assert.ok(error instanceof UnusedExpectationsError);
    assert.equal(
      error.message,
      "2 expected commands never ran: systemextensionsctl list (×2); xcrun stapler staple /App/",
    );
    return true;
  });
  await runner.run({ cmd: "systemextensionsctl", args: ["list"] });
  await runner.run({ cmd: "systemextensionsctl", args: ["list"] });
  await runner.run({ cmd: "xcrun", args: ["stapler", "staple", "App.app"] });
  runner.assertAllUsed();
});

Deno.test("ScriptedRunner: a delay past the timeout ends as a timeout, on a virtual clock", async () => {
  let now = 0;
  const sleep = (ms: number): Promise<void> => {
    now += ms;
    return Promise.resolve();
  };
  const runner = new ScriptedRunner([
    {
      cmd: "xcrun",
      args: ["notarytool", "wait", "id"],
      delayMs: 7_200_000 + 1,
      stdout: "never seen",
    },
    {
      cmd: "xcrun",
      args: ["notarytool", "wait", "id"],
      delayMs: 60_000,
      stdout: readFixture("notary_submit_wait_accepted.json"),
    },
  ], { sleep });
  const first = await runner.run({
    cmd: "xcrun",
    args: ["notarytool", "wait", "id"],
    timeoutMs: 7_200_000,
  });
  assert.deepEqual(first, {
    code: 143,
    stdout: "",
    stderr: "",
    timedOut: true,
    durationMs: 7_200_000,
  });
  assert.equal(now, 7_200_000);
  const second = await runner.run({
    cmd: "xcrun",
    args: ["notarytool", "wait", "id"],
    timeoutMs: 7_200_000,
  });
  assert.equal(second.timedOut, false);
  assert.equal(second.durationMs, 60_000);
  assert.equal(now, 7_260_000);
});

Deno.test("ScriptedRunner: check() sees the whole command", async () => {
  const runner = new ScriptedRunner([{
    cmd: "xcodebuild",
    check: (command) => assert.equal(command.cwd, "/work/dext"),
  }]);
  await assert.rejects(
    runner.run({ cmd: "xcodebuild", args: [], cwd: "/elsewhere" }),
    assert.AssertionError,
  );
});

// ---------------------------------------------------------------- needsMacOS

Deno.test("needsMacOS: one line, exit code 6, points at --dry-run", () => {
  needsMacOS("install-dext", "darwin");
  assert.throws(() => needsMacOS("install-dext", "linux"), (error: unknown) => {
    assert.ok(error instanceof NeedsMacOSError);
    assert.equal(error.exitCode, ExitCode.NeedsMacOS);
    const report = reportError(error, false);
    assert.deepEqual(report.lines, [
      "error: dextkit install-dext needs macOS (this is linux); add --dry-run to see the plan it would run",
    ]);
    return true;
  });
});
