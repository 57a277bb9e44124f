import assert from "node:assert/strict";
import { main, VERSION } from "../lib/cli/main.ts";
import { CapturedOutput } from "../lib/cli/output.ts";
import { ExitCode } from "../lib/errors.ts";

async function run(args: string[], env: Record<string, string> = {}) {
  const output = new CapturedOutput();
  const code = await main(args, { output, env });
  return { code, stdout: output.stdout, stderr: output.stderr, output };
}

Deno.test("keys --search lists matching keys with page and usage", async () => {
  const { code, stdout } = await run(["keys", "--search", "arrowup"]);
  assert.equal(code, 0);
  const row = stdout.split("\n").find((line) => line.startsWith("ArrowUp "));
  assert.ok(row, stdout);
  assert.match(row, /0x0007\s+0x0052/);
});

Deno.test("keys --json gives every key with usage ids and aliases", async () => {
  const { code, stdout } = await run(["keys", "--json"]);
  assert.equal(code, 0);
  const keys = JSON.parse(stdout) as {
    code: string;
    page: number;
    usage: number;
    aliases: string[];
  }[];
  const keyA = keys.find((key) => key.code === "KeyA");
  assert.deepEqual([keyA?.page, keyA?.usage], [0x07, 0x04]);
  const play = keys.find((key) => key.code === "MediaPlayPause");
  assert.deepEqual([play?.page, play?.usage], [0x0c, 0xcd]);
  assert.ok(
    keys.find((key) => key.code === "MetaLeft")?.aliases.some((a) => a.toLowerCase() === "cmd"),
  );
});

Deno.test("keys --search with no match exits 1 and says so", async () => {
  const { code, stderr } = await run(["keys", "--search", "no-such-key-anywhere"]);
  assert.equal(code, 1);
  assert.match(stderr, /no key name matches/);
});

Deno.test("type on sim prints the key timeline and the resulting text", async () => {
  const { code, stdout } = await run(["type", "Hi!", "--device", "sim"]);
  assert.equal(code, 0);
  const lines = stdout.trimEnd().split("\n");
  assert.equal(lines[0], 'typed "Hi!" on sim');
  assert.deepEqual(
    lines.slice(1, 5).map((line) => line.replace(/^\s*[\d.]+ ms\s+/, "")),
    ["↓ ShiftLeft", "↓ KeyH", "↑ KeyH", "↑ ShiftLeft"],
  );
  assert.ok(lines.includes('text: "Hi!"'));
  assert.match(lines.at(-1) ?? "", /^10 key events, 3 characters, [\d.]+ s on sim$/);
});

Deno.test("type --json gives the text and every event", async () => {
  const { code, stdout } = await run(["type", "ab", "--device", "sim", "--json"]);
  assert.equal(code, 0);
  const result = JSON.parse(stdout) as {
    device: string;
    text: string;
    events: { type: string; code: string }[];
  };
  assert.equal(result.device, "sim");
  assert.equal(result.text, "ab");
  assert.deepEqual(result.events.map((e) => `${e.type} ${e.code}`), [
    "down KeyA",
    "up KeyA",
    "down KeyB",
    "up KeyB",
  ]);
});

Deno.test({
  name: "type with no device named picks sim off macOS and says so in one line",
  ignore: Deno.build.os === "darwin",
  fn: async () => {
    const { code, stderr } = await run(["type", "x"]);
    assert.equal(code, 0);
    assert.equal(stderr, "no macOS here: using the simulated device (sim)\n");
  },
});

Deno.test("DEXTKIT_DEVICE selects the device when --device is absent", async () => {
  const { code, stderr } = await run(["type", "x"], { DEXTKIT_DEVICE: "nope" });
  assert.equal(code, ExitCode.Usage);
  assert.match(stderr, /nope/);
});

Deno.test("an unknown device is one error line plus a hint, exit 2, no stack trace", async () => {
  const { code, output } = await run(["type", "x", "--device", "simm"]);
  assert.equal(code, ExitCode.Usage);
  assert.equal(output.errLines.length, 2, output.stderr);
  assert.match(output.errLines[0] ?? "", /^error: .*"simm".*sim/);
  assert.match(output.errLines[1] ?? "", /^hint: /);
});

Deno.test("--verbose adds the stack trace to an error", async () => {
  const { code, stderr } = await run(["type", "x", "--device", "simm", "--verbose"]);
  assert.equal(code, ExitCode.Usage);
  assert.match(stderr, /\n\s+at /);
});

Deno.test("a character the layout cannot type fails before anything is typed", async () => {
  const { code, stdout, stderr } = await run(["type", "ab漢", "--device", "sim"]);
  assert.equal(code, ExitCode.Usage);
  assert.match(stderr, /漢/);
  assert.doesNotMatch(stdout, /↓/);
});

Deno.test("a mistyped command is one error line and a hint suggesting the right one, exit 2", async () => {
  const { code, output } = await run(["tpye", "x"]);
  assert.equal(code, ExitCode.Usage);
  assert.deepEqual(output.errLines, [
    'error: unexpected option or argument: "tpye"',
    "hint: did you mean `type`? see `dextkit --help`",
  ]);
});

Deno.test("--version prints the version from deno.json", async () => {
  const { code, stdout } = await run(["--version"]);
  assert.equal(code, 0);
  assert.equal(stdout.trim(), VERSION);
  assert.match(VERSION, /^\d+\.\d+\.\d+/);
});

Deno.test("completion prints a shell script", async () => {
  const { code, stdout } = await run(["completion", "bash"]);
  assert.equal(code, 0);
  assert.match(stdout, /dextkit/);
  assert.match(stdout, /COMPREPLY/);
});

Deno.test("the dextkit entry point exits with the documented code and no stack trace", async () => {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-env",
      "--allow-read",
      "scripts/dextkit.ts",
      "type",
      "x",
      "--device",
      "nope",
    ],
    cwd: new URL("..", import.meta.url),
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stderr);
  assert.equal(code, ExitCode.Usage, text);
  assert.match(text, /^error: /m);
  assert.doesNotMatch(text, /\n\s+at /);
});

Deno.test("the README's `deno task demo` types the greeting into the simulated host", async () => {
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "demo"],
    cwd: new URL("..", import.meta.url),
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "null",
  }).output();
  const text = new TextDecoder().decode(stdout);
  assert.equal(code, 0, text);
  assert.match(text, /^text: "Hello from dextkit!"$/m);
  assert.match(text, /↓ ShiftLeft/);
});
