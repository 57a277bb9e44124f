// The macOS job of .github/workflows/ci.yml does what Linux cannot (issue 11): the test suite on
// macOS, the DriverKit SDK check, XcodeGen, an unsigned build of the scheme project.yml declares,
// plutil -lint, and the built dext's CFBundleVersion through the kext version validator.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
}

async function macosJob(): Promise<
  { "runs-on": string; env: Record<string, string>; steps: Step[] }
> {
  const workflow = parseYaml(await Deno.readTextFile(`${ROOT}.github/workflows/ci.yml`));
  return workflow.jobs.macos;
}

Deno.test("ci: the macOS job runs on macos-15 with a pinned Xcode", async () => {
  const job = await macosJob();
  assert.equal(job["runs-on"], "macos-15");
  assert.match(job.env.XCODE_VERSION ?? "", /^\d+\.\d+(\.\d+)?$/);
  const runs = job.steps.map((step) => step.run ?? "");
  assert.ok(
    runs.some((run) =>
      run.includes('xcode-select --switch "/Applications/Xcode_${XCODE_VERSION}.app')
    ),
  );
});

Deno.test("ci: the macOS job tests, checks the SDK first, builds unsigned, lints plists, checks the version", async () => {
  const job = await macosJob();
  const runs = job.steps.map((step) => step.run ?? "");
  const index = (pattern: RegExp) => {
    const found = runs.findIndex((run) => pattern.test(run));
    assert.notEqual(found, -1, `no step runs ${pattern}`);
    return found;
  };
  const test = index(/^deno task test$/m);
  const sdk = index(/xcodebuild -showsdks/);
  const generate = index(/xcodegen generate/);
  const build = index(/xcodebuild -project dextkit\.xcodeproj -scheme (\w+)/);
  const lint = index(/plutil -lint/);
  const version = index(/scripts\/check_kext_version\.ts/);
  assert.ok(test < sdk && sdk < generate && generate < build && build < lint && lint < version);
  assert.match(runs[sdk] ?? "", /::error::.*DriverKit SDK/);
  assert.match(runs[build] ?? "", /CODE_SIGNING_ALLOWED=NO/);
  const scheme = /-scheme (\w+)/.exec(runs[build] ?? "")?.[1] ?? "";
  const project = parseYaml(await Deno.readTextFile(`${ROOT}dext/project.yml`));
  assert.ok(
    Object.hasOwn(project.schemes ?? {}, scheme),
    `project.yml declares no scheme ${scheme}`,
  );
});

Deno.test("ci: .ci/run needs nothing of the macOS job", async () => {
  const run = await Deno.readTextFile(`${ROOT}.ci/run`);
  for (const word of ["xcodebuild", "xcodegen", "plutil", "check_kext_version"]) {
    assert.ok(!run.includes(word), `.ci/run mentions ${word}`);
  }
});
