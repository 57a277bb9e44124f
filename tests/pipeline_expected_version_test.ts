import assert from "node:assert/strict";
import {
  confirmDriverVersion,
  type ExpectedDriverVersion,
  ExpectedVersionFileError,
  expectedVersionPath,
  formatExpectedVersion,
  parseExpectedVersion,
  readExpectedVersion,
} from "../lib/pipeline/expected_version.ts";
import { parseSystemExtensionList } from "../lib/sysext/system_extension_list.ts";
import {
  macosFixture,
  MemoryFiles,
  pipelineFixture,
} from "./fixtures/pipeline/pipeline_harness.ts";

const EXPECTED: ExpectedDriverVersion = {
  bundleId: "com.example.hiddriver",
  teamId: "ABCDE12345",
  shortVersion: "1.3.0",
  bundleVersion: "8",
  recordedAt: "2026-05-01T10:00:00.000Z",
  rebootRequired: true,
};

function rows(fixture: string) {
  return parseSystemExtensionList(pipelineFixture(fixture)).extensions;
}

Deno.test("the state file lives in the state directory the environment names", () => {
  const env = (values: Record<string, string>) => (name: string) => values[name];
  assert.equal(
    expectedVersionPath(env({ DEXTKIT_STATE_DIR: "/s", XDG_STATE_HOME: "/x", HOME: "/h" })),
    "/s/expected-driver.json",
  );
  assert.equal(
    expectedVersionPath(env({ XDG_STATE_HOME: "/x", HOME: "/h" })),
    "/x/dextkit/expected-driver.json",
  );
  assert.equal(
    expectedVersionPath(env({ HOME: "/Users/dev" }), "darwin"),
    "/Users/dev/Library/Application Support/dextkit/expected-driver.json",
  );
  assert.equal(
    expectedVersionPath(env({ HOME: "/home/dev" }), "linux"),
    "/home/dev/.local/state/dextkit/expected-driver.json",
  );
  assert.equal(expectedVersionPath(env({})), undefined);
});

Deno.test("the state file round-trips, and a damaged one is reported", async () => {
  const files = new MemoryFiles();
  files.files.set("/s/expected-driver.json", formatExpectedVersion(EXPECTED));
  assert.deepEqual(await readExpectedVersion("/s/expected-driver.json", files), EXPECTED);
  assert.equal(await readExpectedVersion("/s/other.json", files), undefined);
  assert.throws(() => parseExpectedVersion("{", "/s/f.json"), ExpectedVersionFileError);
  assert.throws(
    () => parseExpectedVersion('{"bundleId":"a.b","shortVersion":"1.0.0"}', "/s/f.json"),
    (error: Error) => error.message === "/s/f.json has no bundleVersion",
  );
});

Deno.test("status confirms the installed build when it is activated and enabled", () => {
  const result = confirmDriverVersion(EXPECTED, { installed: rows("sysext_list_upgraded.txt") });
  assert.equal(result.verdict, "confirmed");
  assert.equal(result.message, "com.example.hiddriver 1.3.0 (build 8) is activated and enabled");
});

Deno.test("status with the driver's answer confirms it is the installed version", () => {
  // 1.3.0 → 1 × 10000 + 3 × 100 + 0 = 10300.
  const result = confirmDriverVersion(EXPECTED, {
    driverVersion: 10300,
    installed: rows("sysext_list_enabled.txt"),
  });
  assert.equal(result.verdict, "confirmed");
  assert.equal(
    result.message,
    "the driver answering is com.example.hiddriver 1.3.0 (build 8), the version install-dext installed",
  );
});

Deno.test("status sees the old driver still answering before the reboot", () => {
  const result = confirmDriverVersion(EXPECTED, {
    driverVersion: 10200,
    installed: rows("sysext_list_upgraded.txt"),
  });
  assert.equal(result.verdict, "old-driver-running");
  assert.match(result.message, /^the driver answering is 1\.2\.0, but install-dext installed/);
  assert.match(result.message, /restart the Mac/);
});

Deno.test("status reports a build waiting for reboot, for approval, or missing", () => {
  assert.equal(
    confirmDriverVersion(EXPECTED, { installed: rows("sysext_list_upgrade_on_reboot.txt") })
      .verdict,
    "reboot-pending",
  );
  assert.equal(
    confirmDriverVersion(EXPECTED, { installed: rows("sysext_list_new_waiting_user.txt") }).verdict,
    "waiting-for-user",
  );
  assert.equal(
    confirmDriverVersion(EXPECTED, { installed: rows("sysext_list_enabling.txt") }).verdict,
    "activating",
  );
  const empty = parseSystemExtensionList(macosFixture("sysext_list_empty.txt")).extensions;
  assert.equal(confirmDriverVersion(EXPECTED, { installed: empty }).verdict, "not-installed");
});
