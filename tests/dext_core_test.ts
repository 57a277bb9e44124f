// Builds and runs the dext/core C++ unit tests, and checks that their runner can report failure.
import assert from "node:assert/strict";
import { buildNative } from "../scripts/build_native.ts";

const SUMMARY = /^(\d+) passed, (\d+) failed$/m;

async function run(binary: string): Promise<{ code: number; stdout: string }> {
  const result = await new Deno.Command(binary, { stdout: "piped", stderr: "piped" }).output();
  return {
    code: result.code,
    stdout: new TextDecoder().decode(result.stdout) + new TextDecoder().decode(result.stderr),
  };
}

Deno.test("dext/core unit tests pass", async () => {
  const { coreTests } = await buildNative();
  const { code, stdout } = await run(coreTests);
  const summary = SUMMARY.exec(stdout);
  assert.ok(summary, `no summary line in:\n${stdout}`);
  assert.equal(Number(summary[2]), 0, stdout);
  assert.ok(Number(summary[1]) >= 50, `only ${summary[1]} cases ran`);
  assert.equal(code, 0, stdout);
});

Deno.test("the C++ test runner reports a failing case and exits non-zero", async () => {
  const root = new URL("..", import.meta.url).pathname;
  const directory = await Deno.makeTempDir({ prefix: "dext-core-runner-" });
  try {
    await Deno.writeTextFile(
      `${directory}/failing_test.cpp`,
      [
        '#include "test_runner.hpp"',
        "DEXTKIT_TEST(passes) { CHECK_EQ(1 + 1, 2); }",
        "DEXTKIT_TEST(fails) { CHECK_EQ(2 + 2, 5); }",
        "",
      ].join("\n"),
    );
    const compiler = Deno.env.get("CXX") ?? "g++";
    const binary = `${directory}/runner`;
    const compiled = await new Deno.Command(compiler, {
      args: [
        "-std=c++17",
        `-I${root}dext/core/tests`,
        `${root}dext/core/tests/test_main.cpp`,
        `${directory}/failing_test.cpp`,
        "-o",
        binary,
      ],
      stderr: "piped",
    }).output();
    assert.ok(compiled.success, new TextDecoder().decode(compiled.stderr));
    const { code, stdout } = await run(binary);
    assert.match(stdout, /^1 passed, 1 failed$/m);
    assert.match(stdout, /FAIL fails\n.*2 \+ 2 == 5: got 4 .*expected 5/);
    assert.notEqual(code, 0);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});
