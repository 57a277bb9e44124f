import assert from "node:assert/strict";
import { VirtualClock } from "../lib/device/clock.ts";
import { main } from "../lib/cli/main.ts";
import { CapturedOutput } from "../lib/cli/output.ts";
import { ExitCode } from "../lib/errors.ts";
import type { DryRunRecord } from "../lib/recipe/dry_run.ts";

async function run(args: string[]) {
  const output = new CapturedOutput();
  const clock = new VirtualClock();
  const code = await main(args, { output, env: {}, clock });
  return { code, stdout: output.stdout, stderr: output.stderr, output, clock };
}

Deno.test("type --layout de types with the German keys", async () => {
  const { code, stdout, stderr } = await run(["type", "zy@", "--layout", "de", "--device", "sim"]);
  assert.equal(code, 0, stderr);
  const lines = stdout.trimEnd().split("\n");
  assert.equal(lines[0], 'typed "zy@" on sim');
  assert.deepEqual(lines.slice(1, -2).map((line) => line.replace(/^\s*[\d.]+ ms\s+/, "")), [
    "↓ KeyY",
    "↑ KeyY",
    "↓ KeyZ",
    "↑ KeyZ",
    "↓ AltLeft",
    "↓ KeyL",
    "↑ KeyL",
    "↑ AltLeft",
  ]);
  assert.equal(lines.at(-2), 'text: "zy@"');
});

Deno.test("type --delay and --hold space and hold the strokes on the clock", async () => {
  const { code, stdout, clock } = await run(["type", "abc", "--device", "sim", "--delay", "40"]);
  assert.equal(code, 0);
  const times = (out: string) =>
    out.split("\n").slice(1, 7).map((line) => Number(/^\s*([\d.]+) ms/.exec(line)?.[1]));
  // Each key held 10 ms (the default hold), the next one 40 ms after the previous release.
  assert.deepEqual(times(stdout), [0, 10, 50, 60, 100, 110]);
  assert.equal(clock.now(), 110);
  const held = await run(["type", "ab", "--device", "sim", "--delay", "0", "--hold", "25"]);
  assert.deepEqual(times(held.stdout).slice(0, 4), [0, 25, 26, 51]);
});

Deno.test("type --dry-run shows the plan and types nothing", async () => {
  const { code, output, clock } = await run(["type", "Hé", "--dry-run", "--delay", "5"]);
  assert.equal(code, 0);
  assert.deepEqual(output.outLines, [
    'dry run of "Hé": layout U.S. (ansi), delay 10 ms, typing delay 5 ms, hold 10 ms, ' +
    "report interval 1 ms, jitter 0 ms, seed 0",
    '       0.0 ms  type "Hé" (3 strokes)',
    "1 action, 10 key events, 0.04 s; nothing was typed (dry run on the simulated Mac)",
  ]);
  assert.equal(clock.now(), 0);
});

Deno.test("type --dry-run of 1 MB keeps every line short; the text is counted, not printed", async () => {
  const text = "abc ".repeat(250_000);
  const { code, output } = await run(["type", text, "--dry-run"]);
  assert.equal(code, 0);
  assert.ok(output.outLines.every((line) => line.length < 300), "a line of a terminal's size");
  // All of it was played (a text ends; only recipes are bounded), nothing left down.
  assert.match(output.outLines.at(-1) ?? "", /^1 action, 2000000 key events, /);
  assert.match(output.outLines[0] ?? "", /^dry run of "(abc ){15}…" \(1000000 characters\): /);
  assert.match(
    output.outLines[1] ?? "",
    /type "(abc ){15}…" \(1000000 characters\) \(1000000 strokes\)/,
  );
});

Deno.test("type --dry-run --json gives the strokes; --keyboard-type moves the ISO key", async () => {
  const usages: number[] = [];
  for (const keyboardType of ["iso", "ansi"]) {
    const { code, stdout } = await run([
      "type",
      "<",
      "--layout",
      "de",
      "--keyboard-type",
      keyboardType,
      "--dry-run",
      "--json",
    ]);
    assert.equal(code, 0);
    const [record, ...rest] = stdout.trimEnd().split("\n").map((line) =>
      JSON.parse(line) as DryRunRecord
    );
    assert.equal(rest.length, 0);
    assert.equal(record?.type, "text");
    assert.equal(record?.strokes.length, 1);
    usages.push(record?.strokes[0]?.usage ?? -1);
  }
  // German < is the key left of Z: usage 0x64 when macOS classes the keyboard ISO; with an ANSI
  // keyboard macOS reads that virtual key from usage 0x35.
  assert.deepEqual(usages, [0x64, 0x35]);
});

Deno.test("type with an unknown layout or keyboard type is a usage error", async () => {
  const layout = await run(["type", "x", "--layout", "gremn", "--device", "sim"]);
  assert.equal(layout.code, ExitCode.Usage);
  assert.match(layout.stderr, /^error: unknown keyboard layout "gremn"; did you mean "de"/);
  const keyboardType = await run(["type", "x", "--keyboard-type", "isa"]);
  assert.equal(keyboardType.code, ExitCode.Usage);
  assert.match(keyboardType.stderr, /isa/);
});
