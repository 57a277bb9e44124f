import assert from "node:assert/strict";
import { ExitCode } from "../lib/errors.ts";
import { buildStep } from "../lib/pipeline/build_step.ts";
import { buildNumberAt } from "../lib/pipeline/build_number.ts";
import { compareBundleVersions } from "../lib/pipeline/installed_driver.ts";
import { ToolFailedError, VersionNotBumpedError } from "../lib/pipeline/pipeline_errors.ts";
import {
  InvalidBuildVersionError,
  InvalidInstalledVersionError,
} from "../lib/pipeline/build_version_errors.ts";
import {
  DEXT,
  macosFixture,
  rejection,
  scripted,
  testConfig,
} from "./fixtures/pipeline/pipeline_harness.ts";

const GIT_STATUS = { cmd: "git", args: ["-C", "/src/dext", "status", "--porcelain"] };
const GIT_LOG = { cmd: "git", args: ["-C", "/src/dext", "log", "-1", "--format=%ct"] };
const LIST = { cmd: "systemextensionsctl", args: ["list"] };
const XCODEGEN = { cmd: "xcodegen", args: ["generate"] };

function infoPlist(shortVersion: string, bundleVersion: string): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n' +
    "\t<key>CFBundleIdentifier</key>\n\t<string>com.example.hiddriver</string>\n" +
    `\t<key>CFBundleShortVersionString</key>\n\t<string>${shortVersion}</string>\n` +
    `\t<key>CFBundleVersion</key>\n\t<string>${bundleVersion}</string>\n</dict>\n</plist>\n`;
}

function xcodebuild(extra: readonly string[]) {
  return {
    cmd: "xcodebuild",
    args: ["-scheme", "Manager", "-configuration", "Release", "SYMROOT=/src/dext/build", ...extra],
    check: (command: { cwd?: string }) => assert.equal(command.cwd, "/src/dext"),
  };
}

Deno.test("build numbers are days, minute of the day and second since 2025-01-01T00:00:00Z", () => {
  assert.equal(buildNumberAt(Date.UTC(2025, 0, 1)), "0.0.0");
  assert.equal(buildNumberAt(Date.UTC(2025, 0, 1, 0, 1, 59)), "0.1.59");
  assert.equal(buildNumberAt(Date.UTC(2025, 0, 1, 23, 59, 59, 999)), "0.1439.59");
  // 2025 has 365 days.
  assert.equal(buildNumberAt(Date.UTC(2026, 0, 1)), "365.0.0");
});

Deno.test("bundle versions compare numerically, part by part", () => {
  assert.ok(compareBundleVersions("9", "10") < 0);
  assert.ok(compareBundleVersions("1.10", "1.9") > 0);
  assert.equal(compareBundleVersions("2", "2.0.0"), 0);
});

Deno.test("build: a clean tree gets its commit's build number, checked against the installed driver", async () => {
  // HEAD committed 2026-01-01T00:00:00Z = 1767225600 s → day 365 after 2025-01-01, 00:00:00.
  const { context, runner } = scripted([
    GIT_STATUS,
    { ...GIT_LOG, stdout: "1767225600\n" },
    { ...LIST, stdout: macosFixture("sysext_list_macos15.txt") },
    XCODEGEN,
    xcodebuild(["MARKETING_VERSION=0.1.0", "CURRENT_PROJECT_VERSION=365.0.0"]),
    {
      cmd: "plutil",
      args: ["-convert", "xml1", "-o", "-", `${DEXT}/Info.plist`],
      stdout: infoPlist("0.1.0", "365.0.0"),
    },
  ]);
  const result = await buildStep(context);
  runner.assertAllUsed();
  assert.deepEqual(result, {
    appPath: "/src/dext/build/Release/DextkitManager.app",
    dextPath: DEXT,
    shortVersion: "0.1.0",
    bundleVersion: "365.0.0",
    installedVersion: "1.2/7",
  });
  assert.equal(runner.calls[3]?.command.cwd, "/src/dext");
});

Deno.test("build: uncommitted changes use the moment of the build", async () => {
  // 2026-05-01T10:00Z: 365 + 120 days and 10 hours (minute 600 of the day) after 2025-01-01.
  const { context, runner } = scripted([
    { ...GIT_STATUS, stdout: " M driver/dextkit_VirtualHIDKeyboard.cpp\n" },
    { ...LIST, stdout: macosFixture("sysext_list_empty.txt") },
    XCODEGEN,
    xcodebuild(["MARKETING_VERSION=0.1.0", "CURRENT_PROJECT_VERSION=485.600.0"]),
    { cmd: "plutil", stdout: infoPlist("0.1.0", "485.600.0") },
  ], { wallTimeMs: Date.UTC(2026, 4, 1, 10) });
  const result = await buildStep(context);
  runner.assertAllUsed();
  assert.equal(result.bundleVersion, "485.600.0");
  assert.equal(result.installedVersion, undefined);
});

Deno.test("build: a build number not above the installed one is refused before building", async () => {
  for (const buildVersion of ["7", "6"]) {
    const { context, runner } = scripted([
      { ...LIST, stdout: macosFixture("sysext_list_macos15.txt") },
    ], { config: testConfig({ buildVersion }) });
    const error = await rejection(buildStep(context));
    runner.assertAllUsed();
    assert.ok(error instanceof VersionNotBumpedError);
    assert.equal(
      error.message,
      `build number ${buildVersion} is not above the installed com.example.hiddriver (1.2/7); ` +
        "macOS would not replace the driver",
    );
    assert.match(error.hint, /--skip-version-check/);
  }
});

Deno.test("build: --skip-version-check does not read the installed versions", async () => {
  const { context, runner } = scripted([
    XCODEGEN,
    xcodebuild(["MARKETING_VERSION=1.4.0", "CURRENT_PROJECT_VERSION=7"]),
    { cmd: "plutil", stdout: infoPlist("1.4.0", "7") },
  ], { config: testConfig({ version: "1.4.0", buildVersion: "7" }) });
  const result = await buildStep(context, { skipVersionCheck: true });
  runner.assertAllUsed();
  assert.equal(result.installedVersion, undefined);
});

Deno.test("build: another project keeps its own versions and is checked after the build", async () => {
  const config = testConfig({ project: "other" });
  const dext =
    "/src/other/build/Release/DextkitManager.app/Contents/Library/SystemExtensions/com.example.hiddriver.dext";
  const { context, runner } = scripted([
    { ...LIST, stdout: macosFixture("sysext_list_macos15.txt") },
    { cmd: "xcodegen", args: ["generate"] },
    {
      cmd: "xcodebuild",
      args: ["-scheme", "Manager", "-configuration", "Release", "SYMROOT=/src/other/build"],
    },
    {
      cmd: "plutil",
      args: ["-convert", "xml1", "-o", "-", `${dext}/Info.plist`],
      stdout: infoPlist("1.2", "7"),
    },
  ], { config });
  const error = await rejection(buildStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof VersionNotBumpedError);
  assert.match(
    error.message,
    /^build number 7 is not above the installed com\.example\.hiddriver \(1\.2\/7\)/,
  );
});

Deno.test("build: an xcodebuild failure names the first compiler error and prints them", async () => {
  const { context, runner, progressText, files } = scripted([
    { ...LIST, stdout: macosFixture("sysext_list_empty.txt") },
    XCODEGEN,
    {
      cmd: "xcodebuild",
      code: 65,
      stdout: "CompileC /src/dext/build/x.o /src/dext/driver/a.cpp\n" +
        "/src/dext/driver/a.cpp:10:5: error: use of undeclared identifier 'foo'\n" +
        "/src/dext/driver/b.cpp:3:1: error: unknown type name 'bar'\n",
      stderr: "** BUILD FAILED **\n",
    },
  ], { config: testConfig({ buildVersion: "9" }) });
  const error = await rejection(buildStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof ToolFailedError);
  assert.equal(
    error.message,
    "xcodebuild exited with code 65: /src/dext/driver/a.cpp:10:5: error: use of undeclared identifier 'foo'",
  );
  assert.match(progressText(), /b\.cpp:3:1: error: unknown type name 'bar'/);
  // The whole output is kept for a CI job's artifacts.
  const log = "/src/dext/build/logs/xcodebuild.log";
  assert.match(error.hint, new RegExp(`full log is in ${log}`));
  assert.match(
    files.files.get(log) ?? "",
    /CompileC .*\n.*a\.cpp.*\n.*b\.cpp.*\n\*\* BUILD FAILED \*\*/,
  );
});

Deno.test("build: xcodebuild past the command time limit ends with the timeout exit code", async () => {
  const { context, runner } = scripted([
    XCODEGEN,
    { cmd: "xcodebuild", delayMs: 60_001 },
  ], { config: testConfig({ buildVersion: "9", timeouts: { command: "1m" } }) });
  const error = await rejection(buildStep(context, { skipVersionCheck: true }));
  runner.assertAllUsed();
  assert.ok(error instanceof ToolFailedError);
  assert.equal((error as ToolFailedError).exitCode, ExitCode.Timeout);
});

Deno.test("build: a build number that is not a kext version is refused, even without the version check", async () => {
  for (const skipVersionCheck of [false, true]) {
    const { context, runner } = scripted([], { config: testConfig({ buildVersion: "790000" }) });
    const error = await rejection(buildStep(context, { skipVersionCheck }));
    runner.assertAllUsed();
    assert.ok(error instanceof InvalidBuildVersionError);
    assert.match(error.message, /790000.*6 digits/);
    assert.match(error.hint, /dextkit\.buildVersion/);
  }
});

Deno.test("build: a built dext whose CFBundleVersion is not a kext version is refused", async () => {
  const config = testConfig({ project: "other" });
  const { context, runner } = scripted([
    { cmd: "xcodegen", args: ["generate"] },
    { cmd: "xcodebuild" },
    { cmd: "plutil", stdout: infoPlist("1.2", "1.2.3.4") },
  ], { config });
  const error = await rejection(buildStep(context, { skipVersionCheck: true }));
  runner.assertAllUsed();
  assert.ok(error instanceof InvalidBuildVersionError);
  assert.match(error.message, /CFBundleVersion of .*com\.example\.hiddriver\.dext/);
  assert.match(error.message, /4 components/);
});

Deno.test("build: an installed version that is not a kext version asks for an uninstall", async () => {
  const list = [
    "1 extension(s)",
    "--- com.apple.system_extension.driver_extension",
    "enabled\tactive\tteamID\tbundleID (version)\tname\t[state]",
    "*\t*\tABCDE12345\tcom.example.hiddriver (0.1.0/790000)\tcom.example.hiddriver\t[activated enabled]",
    "",
  ].join("\n");
  const { context, runner } = scripted([{ ...LIST, stdout: list }], {
    config: testConfig({ buildVersion: "700.1.2" }),
  });
  const error = await rejection(buildStep(context));
  runner.assertAllUsed();
  assert.ok(error instanceof InvalidInstalledVersionError);
  assert.match(error.message, /0\.1\.0 has a CFBundleVersion that is not a kext version/);
  assert.match(error.hint, /dextkit uninstall/);
});
