// The rule of tests/fixtures/fake_iokit_rule.ts: a test module that loads the fake IOKit
// registers every test through fakeIOKitTest (so the macOS job, where the FFI binds to the real
// IOKit, skips it) and never loads the fake unguarded at the top level.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const TESTS = fileURLToPath(new URL("./", import.meta.url));
const USES_FAKE =
  /fixtures\/iokit_fake\.ts|privateFakeIokitLibrary|\.fakeIokit\b|buildNative\(\)\)\.fakeIokit/;

async function testModules(): Promise<Map<string, string>> {
  const modules = new Map<string, string>();
  for await (const entry of Deno.readDir(TESTS)) {
    if (
      entry.isFile && entry.name.endsWith("_test.ts") && entry.name !== "fake_iokit_rule_test.ts"
    ) {
      modules.set(entry.name, await Deno.readTextFile(`${TESTS}${entry.name}`));
    }
  }
  return modules;
}

/** Why a module breaks the rule, or nothing. */
function ruleProblems(name: string, text: string): string[] {
  if (!USES_FAKE.test(text)) return [];
  const problems: string[] = [];
  if (/\bDeno\.test\(/.test(text)) {
    problems.push(`${name} uses the fake but registers a test with Deno.test, not fakeIOKitTest`);
  }
  if (!text.includes("fakeIOKitTest(")) {
    problems.push(`${name} uses the fake without fakeIOKitTest`);
  }
  for (const line of text.split("\n")) {
    if (/^const .*= await buildNative\(\)/.test(line) && !line.includes("FAKE_IOKIT_AVAILABLE")) {
      problems.push(`${name} builds the fake at the top level unguarded: ${line.trim()}`);
    }
  }
  return problems;
}

Deno.test("every test module that uses the fake IOKit follows the macOS skip rule", async () => {
  const modules = await testModules();
  const users = [...modules].filter(([, text]) => USES_FAKE.test(text)).map(([name]) => name);
  assert.ok(users.includes("iokit_device_test.ts") && users.includes("fake_iokit_test.ts"));
  assert.deepEqual([...modules].flatMap(([name, text]) => ruleProblems(name, text)), []);
});

Deno.test("the rule check reports a module that registers a fake test with Deno.test", () => {
  const text = 'import { loadFake } from "./fixtures/iokit_fake.ts";\n' +
    'const fake = await loadFake();\nDeno.test("x", () => {});\n';
  assert.deepEqual(ruleProblems("x_test.ts", text), [
    "x_test.ts uses the fake but registers a test with Deno.test, not fakeIOKitTest",
    "x_test.ts uses the fake without fakeIOKitTest",
  ]);
});
