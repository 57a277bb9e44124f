// Inputs are checked before the first key goes down: output paths, the text's normalization and
// line endings; messages count positions from 1 and get their plurals right.
import assert from "node:assert/strict";
import { join } from "node:path";
import { VirtualClock } from "../lib/device/clock.ts";
import { checkWritable } from "../lib/cli/check_writable.ts";
import { main } from "../lib/cli/main.ts";
import { CapturedOutput } from "../lib/cli/output.ts";
import { ExitCode } from "../lib/errors.ts";
import { normalizedCharacters } from "../lib/layout/normalized_text.ts";
import { counted } from "../lib/plural.ts";

async function run(args: string[]) {
  const output = new CapturedOutput();
  const code = await main(args, {
    output,
    env: {},
    clock: new VirtualClock(),
    input: { readLine: () => Promise.resolve(null) },
  });
  return { code, output };
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dextkit-inputs-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("run: an unwritable --trace stops the run before anything is typed", async () => {
  await withTempDir(async (dir) => {
    const recipe = join(dir, "hello.txt");
    await Deno.writeTextFile(recipe, "STRING hello\nENTER\n");
    const trace = join(dir, "no-such-folder", "trace.json");
    const { code, output } = await run(["run", recipe, "--device", "sim", "--trace", trace]);
    assert.equal(code, ExitCode.Usage);
    assert.equal(output.stdout, "", "nothing was played");
    assert.equal(output.errLines.length, 2, output.stderr);
    assert.match(
      output.errLines[0] ?? "",
      /^error: cannot write .*trace\.json \(--trace\): .*nothing was typed$/,
    );
    assert.match(output.errLines[1] ?? "", /^hint: give --trace a path/);
  });
});

Deno.test("run: a --trace that is a folder is refused before anything is typed", async () => {
  await withTempDir(async (dir) => {
    const recipe = join(dir, "hello.txt");
    await Deno.writeTextFile(recipe, "STRING hello\n");
    const { code, output } = await run(["run", recipe, "--device", "sim", "--trace", dir]);
    assert.equal(code, ExitCode.Usage);
    assert.equal(output.stdout, "");
    assert.match(output.stderr, /it is a folder/);
  });
});

Deno.test("checkWritable leaves an existing file as it was and no new file behind", async () => {
  await withTempDir(async (dir) => {
    const existing = join(dir, "old.json");
    await Deno.writeTextFile(existing, "keep me");
    checkWritable(existing, "--trace");
    assert.equal(await Deno.readTextFile(existing), "keep me");
    const fresh = join(dir, "new.json");
    checkWritable(fresh, "--trace");
    await assert.rejects(Deno.stat(fresh), Deno.errors.NotFound);
  });
});

Deno.test("checkWritable refuses a path under a file, naming the path", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "plain.txt");
    await Deno.writeTextFile(file, "");
    assert.throws(
      () => checkWritable(join(file, "trace.json"), "--trace"),
      /^DextkitError: cannot write .*plain\.txt\/trace\.json \(--trace\): /,
    );
  });
});

Deno.test("type: a decomposed é is normalized and typed as é", async () => {
  const { code, output } = await run(["type", "cafe\u0301", "--device", "sim"]);
  assert.equal(code, 0, output.stderr);
  assert.ok(output.outLines.includes('text: "café"'), output.stdout);
});

Deno.test("type: an untypeable composed character is shown as it was written, 1-based", async () => {
  const { code, output } = await run(["type", "xe\u0323", "--device", "sim"]);
  assert.equal(code, ExitCode.Usage);
  assert.match(
    output.errLines[0] ?? "",
    /cannot type "ẹ" \(U\+1EB9, written "e\u0323": U\+0065 U\+0323\) at character 2; nothing was typed$/,
  );
});

Deno.test("type: positions in messages count from 1", async () => {
  const { output } = await run(["type", "ab漢", "--device", "sim"]);
  assert.match(output.errLines[0] ?? "", /"漢" \(U\+6F22\) at character 3;/);
});

Deno.test("type: \\r, \\r\\n and \\n each press Enter once", async () => {
  const { code, output } = await run(["type", "a\rb\r\nc\nd\r", "--device", "sim", "--json"]);
  assert.equal(code, 0, output.stderr);
  const result = JSON.parse(output.stdout) as {
    text: string;
    events: { type: string; code: string }[];
  };
  assert.equal(result.text, "a\nb\nc\nd\n");
  const enters = result.events.filter((event) => event.type === "down" && event.code === "Enter");
  assert.equal(enters.length, 4);
});

Deno.test("type: the summary says 1 character, 2 key events", async () => {
  const { output } = await run(["type", "a", "--device", "sim"]);
  assert.match(output.outLines.at(-1) ?? "", /^2 key events, 1 character, /);
});

Deno.test("normalizedCharacters keeps a typeable spelling, else composes, else decomposes", () => {
  const everything = () => true;
  assert.deepEqual(normalizedCharacters("ae\u0301", everything), [
    { char: "a", index: 0, written: "a" },
    { char: "e", index: 1, written: "e" },
    { char: "\u0301", index: 2, written: "\u0301" },
  ]);
  const noCombining = (char: string) => !/\p{M}/u.test(char);
  assert.deepEqual(normalizedCharacters("e\u0301x\r\n", noCombining), [
    { char: "é", index: 0, written: "e\u0301" },
    { char: "x", index: 2, written: "x" },
    { char: "\r", index: 3, written: "\r" },
    { char: "\n", index: 4, written: "\n" },
  ]);
  const noPrecomposed = (char: string) => char !== "é";
  assert.deepEqual(normalizedCharacters("é", noPrecomposed), [
    { char: "e", index: 0, written: "é" },
    { char: "\u0301", index: 0, written: "é" },
  ]);
  assert.deepEqual(normalizedCharacters("e\u0323", noCombining), [
    { char: "ẹ", index: 0, written: "e\u0323" },
  ]);
});

Deno.test("a layout that types combining accents types them as written", async () => {
  const { code, output } = await run([
    "type",
    "\u0205\u0327",
    "--device",
    "sim",
    "--layout",
    "abc-extended",
    "--json",
  ]);
  assert.equal(code, 0, output.stdout);
  assert.equal((JSON.parse(output.stdout) as { text: string }).text, "\u0205\u0327");
});

Deno.test("counted uses the singular for exactly one", () => {
  assert.deepEqual([0, 1, 2].map((n) => counted(n, "problem")), [
    "0 problems",
    "1 problem",
    "2 problems",
  ]);
});
