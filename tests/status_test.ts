// `dextkit status`: installed versions and states, what install-dext recorded, the driver
// answering, devices ready and LEDs — as text and as JSON — and its exit codes; with
// `systemextensionsctl list` scripted and the IOKit probe replaced.
import assert from "node:assert/strict";
import { join } from "node:path";
import { runStatusCommand } from "../lib/cli/commands/status.ts";
import { CapturedOutput } from "../lib/cli/output.ts";
import type { DriverProbe } from "../lib/doctor/driver_probe.ts";
import { ExitCode } from "../lib/errors.ts";
import { NeedsMacOSError } from "../lib/runner/runner_errors.ts";
import { ScriptedRunner } from "../lib/runner/scripted_runner.ts";
import { REPO_ROOT, tempDir } from "./fixtures/doctor_fixtures.ts";

const ID = "dev.dextkit.VirtualHIDDevice";

function list(...rows: string[]): string {
  return [
    `${rows.length} extension(s)`,
    "--- com.apple.system_extension.driver_extension",
    "enabled\tactive\tteamID\tbundleID (version)\tname\t[state]",
    ...rows,
  ].join("\n") + "\n";
}

const ENABLED = `*\t*\tABCDE12345\t${ID} (0.1.0/900)\t${ID}\t[activated enabled]`;
const RETAINED =
  `\t\tABCDE12345\t${ID} (0.0.9/800)\t${ID}\t[terminated waiting to uninstall on reboot]`;

type Answered = Extract<DriverProbe, { kind: "answered" }>;

function answered(driverVersion = 100, leds = { capsLock: true, numLock: false }): Answered {
  return {
    kind: "answered",
    driver: { driverVersion, protocolVersion: 1, capabilities: 7 },
    registryEntryId: 5n,
    keyboard: { ready: true, problem: undefined },
    pointing: { ready: true, problem: undefined },
    leds,
  };
}

const AUTO = {
  name: "karabiner",
  candidates: [
    { name: "iokit", available: false, reason: "dextkit's driver is not running" },
    { name: "karabiner", available: true, reason: "Karabiner's daemon socket is there" },
  ],
};
const AUTO_LINE = "auto device: karabiner (iokit: dextkit's driver is not running; karabiner: " +
  "Karabiner's daemon socket is there)";

async function status(
  stdout: string,
  probe: DriverProbe,
  options: { json?: boolean; env?: Record<string, string> } = {},
) {
  const output = new CapturedOutput();
  const runner = new ScriptedRunner([{ cmd: "systemextensionsctl", args: ["list"], stdout }]);
  const code = await runStatusCommand({ json: options.json }, {
    output,
    env: options.env ?? { DEXTKIT_STATE_DIR: "/nonexistent/dextkit-status-test" },
    os: "darwin",
    cwd: REPO_ROOT,
    runner,
    probeDriver: () => Promise.resolve(probe),
    explainAuto: () => AUTO,
  });
  runner.assertAllUsed();
  return { output, code };
}

Deno.test("status: installed versions, the driver answering, devices ready, LEDs", async () => {
  const { output, code } = await status(list(ENABLED, RETAINED), answered());
  assert.equal(code, ExitCode.Ok);
  assert.deepEqual(output.outLines, [
    ID,
    "  installed: 0.1.0 (900) activated enabled",
    "             0.0.9 (800) terminated waiting to uninstall on reboot",
    "  driver:    0.1.0 (protocol 1) answering",
    "  devices:   keyboard ready, pointing device ready",
    "  LEDs:      Caps Lock on, Num Lock off",
    AUTO_LINE,
  ]);
});

Deno.test("status --json: the documented shape", async () => {
  const { output } = await status(list(ENABLED), answered(), { json: true });
  assert.deepEqual(JSON.parse(output.stdout), {
    version: 1,
    bundleId: ID,
    installed: [{
      shortVersion: "0.1.0",
      bundleVersion: "900",
      state: "activated_enabled",
      phase: "enabled",
      enabled: true,
      active: true,
    }],
    installedError: null,
    expected: null,
    driver: {
      state: "answered",
      version: "0.1.0",
      protocolVersion: 1,
      capabilities: ["LedState", "ReleaseOnClose", "StrictValidation"],
      message: null,
    },
    devices: { keyboard: true, pointing: true },
    leds: { capsLock: true, numLock: false },
    autoDevice: AUTO,
  });
});

Deno.test("status: not installed and not running → exit code 5", async () => {
  const { output, code } = await status("0 extension(s)\n", { kind: "absent" });
  assert.equal(code, ExitCode.DeviceUnavailable);
  assert.deepEqual(output.outLines, [
    ID,
    "  installed: not installed",
    "  driver:    not running (no IOKit service)",
    AUTO_LINE,
  ]);
});

Deno.test("status: the driver refuses the client; the list cannot be parsed", async () => {
  const { output, code } = await status("garbage\n", { kind: "refused", code: 0xe00002e2 });
  assert.equal(code, ExitCode.DeviceUnavailable);
  assert.match(
    output.outLines[1] ?? "",
    /^ {2}installed: unknown \(could not parse systemextensionsctl list \(line 1\): /,
  );
  assert.equal(
    output.outLines[2],
    "  driver:    refused the connection: kIOReturnNotPermitted (0xe00002e2) (`dextkit explain 0xe00002e2` tells why)",
  );
});

Deno.test("status: an older driver still running after install-dext → reboot, exit code 3", async () => {
  await using dir = await tempDir();
  await Deno.writeTextFile(
    join(dir.path, "expected-driver.json"),
    JSON.stringify({
      bundleId: ID,
      shortVersion: "0.2.0",
      bundleVersion: "900",
      recordedAt: "2026-05-01T10:00:00.000Z",
      rebootRequired: true,
    }),
  );
  const { output, code } = await status(
    list(ENABLED.replace("0.1.0/900", "0.2.0/900")),
    answered(100),
    { env: { DEXTKIT_STATE_DIR: dir.path } },
  );
  assert.equal(code, ExitCode.RebootRequired);
  assert.equal(
    output.outLines[2],
    "  expected:  the driver answering is 0.1.0, but install-dext installed " +
      "dev.dextkit.VirtualHIDDevice 0.2.0 (build 900); restart the Mac so the new driver runs",
  );
});

Deno.test("status: a keyboard that does not become ready → exit code 5", async () => {
  const probe: Answered = {
    ...answered(),
    keyboard: { ready: false, problem: "not ready within 3000 ms" },
    leds: undefined,
  };
  const { output, code } = await status(list(ENABLED), probe);
  assert.equal(code, ExitCode.DeviceUnavailable);
  assert.equal(output.outLines.at(-2), "  devices:   keyboard not ready, pointing device ready");
});

Deno.test("status: needs macOS; --dry-run shows what it would run and ask", async () => {
  await assert.rejects(
    runStatusCommand({}, { output: new CapturedOutput(), env: {}, os: "linux", cwd: REPO_ROOT }),
    NeedsMacOSError,
  );
  const output = new CapturedOutput();
  assert.equal(
    await runStatusCommand({ dryRun: true }, { output, env: {}, os: "linux", cwd: REPO_ROOT }),
    0,
  );
  assert.deepEqual(output.outLines, [
    "# dextkit status --dry-run: what it would run and ask",
    "systemextensionsctl list",
    "# open IOKit service dextkit_VirtualHIDDeviceRoot, read its version, create the keyboard and " +
    "pointing device, wait until ready, read the LED state, close",
    "# for auto: look up dextkit's driver service, then stat Karabiner's daemon socket",
  ]);
});

Deno.test("status: a malformed install-dext state file is named, not fatal", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, "expected-driver.json");
  await Deno.writeTextFile(path, "{ not json");
  const { output, code } = await status(list(ENABLED), answered(), {
    env: { DEXTKIT_STATE_DIR: dir.path },
  });
  assert.equal(code, ExitCode.Ok);
  assert.equal(
    output.outLines[2],
    `  expected:  ${path} is not JSON; delete it and run \`dextkit install-dext\` again to record the installed version`,
  );
});
