// The kext version rule for CFBundleVersion (macos-corrections.md item 1, xnu
// libkern/OSKextVersion.c): the validator, the build number generator over it, project.yml's
// pre-build check agreeing with it, and the dry run showing the computed number.
import assert from "node:assert/strict";
import fc from "fast-check";
import { parse as parseYaml } from "yaml";
import { fileURLToPath } from "node:url";
import {
  BUILD_NUMBER_EPOCH_MS,
  buildNumberAt,
  BuildNumberRangeError,
  LAST_BUILD_NUMBER_MS,
} from "../lib/pipeline/build_number.ts";
import { compareBundleVersions } from "../lib/pipeline/installed_driver.ts";
import {
  isKextVersion,
  kextVersionProblem,
  parseKextVersion,
} from "../lib/pipeline/kext_version.ts";
import { runBuildCommand } from "../lib/cli/commands/build.ts";
import { CapturedOutput } from "../lib/cli/output.ts";
import { checkKextVersionCli } from "../scripts/check_kext_version.ts";
import { DRIVER_VERSION } from "../lib/protocol/driver_version.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

const VALID = [
  "0",
  "1",
  "9999",
  "1.2",
  "1.2.3",
  "9999.9999.9999",
  "0001.0002",
  "1d1",
  "1.0a255",
  "1.0.0b7",
  "2.0f3",
  "2.0.1fc12",
  "365.0.0",
];
const INVALID = [
  "",
  "790000", // minutes since 2025: the defect this rule exists for
  "10000",
  "1.10000",
  "1.2.3.4",
  "1..2",
  ".1",
  "1.",
  "1.2b",
  "1.2b256",
  "1.2b1000",
  "1.2c1",
  "1.2B1",
  "1.2-3",
  " 1.2",
  "1.2 ",
  "v1",
  "12a",
  "1.2fcc1",
];

Deno.test("kext versions: up to three components of up to four digits, then a stage and level ≤ 255", () => {
  for (const version of VALID) assert.ok(isKextVersion(version), version);
  for (const version of INVALID) assert.ok(!isKextVersion(version), JSON.stringify(version));
  assert.deepEqual(parseKextVersion("2.0.1fc12"), {
    components: [2, 0, 1],
    stage: "candidate",
    level: 12,
  });
  assert.deepEqual(parseKextVersion("7"), { components: [7], stage: "release", level: 0 });
  assert.equal(
    kextVersionProblem("790000"),
    '"790000": component 1 (790000) has 6 digits; at most 4 are allowed',
  );
  assert.match(kextVersionProblem("1.2b256") ?? "", /level 256 is above 255/);
});

Deno.test("every build number until 2052 is a kext version and later moments get higher ones", () => {
  const moment = fc.integer({ min: BUILD_NUMBER_EPOCH_MS, max: LAST_BUILD_NUMBER_MS });
  fc.assert(fc.property(moment, moment, (a, b) => {
    const [early, late] = a <= b ? [a, b] : [b, a];
    const earlyNumber = buildNumberAt(early);
    const lateNumber = buildNumberAt(late);
    assert.ok(isKextVersion(earlyNumber), earlyNumber);
    assert.ok(isKextVersion(lateNumber), lateNumber);
    const order = compareBundleVersions(lateNumber, earlyNumber);
    // One second apart or more: strictly higher; within the same second: the same number.
    if (Math.floor(late / 1000) > Math.floor(early / 1000)) assert.ok(order > 0);
    else assert.equal(order, 0);
  }));
  assert.equal(buildNumberAt(LAST_BUILD_NUMBER_MS), "9999.1439.59");
  assert.throws(() => buildNumberAt(LAST_BUILD_NUMBER_MS + 1000), BuildNumberRangeError);
});

// project.yml's "Check version settings" script, run by sh with the given build number.
async function projectCheck(buildNumber: string): Promise<{ ok: boolean; stderr: string }> {
  const spec = parseYaml(await Deno.readTextFile(`${ROOT}dext/project.yml`));
  const script: string = spec.targetTemplates.VersionCheck.preBuildScripts[0].script;
  const result = await new Deno.Command("sh", {
    args: ["-c", script],
    env: {
      SRCROOT: `${ROOT}dext`,
      MARKETING_VERSION: DRIVER_VERSION,
      CURRENT_PROJECT_VERSION: buildNumber,
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { ok: result.code === 0, stderr: new TextDecoder().decode(result.stderr) };
}

Deno.test("project.yml's pre-build check accepts exactly the kext versions", async () => {
  for (const version of [...VALID, ...INVALID]) {
    const { ok, stderr } = await projectCheck(version);
    assert.equal(ok, isKextVersion(version), `${JSON.stringify(version)}: ${stderr}`);
    if (!ok) assert.match(stderr, /is not a kext version/);
  }
});

Deno.test("project.yml declares the scheme the build step builds", async () => {
  const spec = parseYaml(await Deno.readTextFile(`${ROOT}dext/project.yml`));
  assert.deepEqual(Object.keys(spec.schemes.Manager.build.targets).sort(), [
    "Manager",
    "VirtualHIDDevice",
  ]);
});

Deno.test("build --dry-run shows the CURRENT_PROJECT_VERSION of the HEAD commit", async () => {
  const cwd = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${cwd}/dext`);
    await Deno.writeTextFile(`${cwd}/dext/project.yml`, "name: x\n");
    // 2026-03-04T05:06:07Z: day 427 after 2025-01-01, minute 306, second 7.
    const date = "2026-03-04T05:06:07Z";
    const git = async (...args: string[]) => {
      const result = await new Deno.Command("git", {
        args,
        cwd,
        env: {
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_DATE: date,
          GIT_AUTHOR_NAME: "t",
          GIT_AUTHOR_EMAIL: "t@example.com",
          GIT_COMMITTER_NAME: "t",
          GIT_COMMITTER_EMAIL: "t@example.com",
        },
        stdout: "null",
        stderr: "piped",
      }).output();
      assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
    };
    await git("init", "-q");
    await git("add", ".");
    await git("commit", "-q", "-m", "x");
    const output = new CapturedOutput();
    assert.equal(await runBuildCommand({ dryRun: true }, { output, env: {}, cwd }), 0);
    const line = output.outLines.find((text) => text.includes("xcodebuild -scheme"));
    assert.match(line ?? "", / CURRENT_PROJECT_VERSION=427\.306\.7\)?$/);
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("the CI's CFBundleVersion check uses the validator", () => {
  const output = new CapturedOutput();
  assert.equal(checkKextVersionCli(["790000", "the built dext's CFBundleVersion"], output), 1);
  assert.match(
    output.errLines[0] ?? "",
    /the built dext's CFBundleVersion is not a kext version.*6 digits/,
  );
  assert.equal(checkKextVersionCli(["427.306.7"], output), 0);
  assert.equal(checkKextVersionCli([], output), 2);
});
