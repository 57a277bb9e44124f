// The driver-connection check: each probe outcome turned into a finding with its fix, and the
// real probe (IOKitDevice over Deno FFI) against the fake IOKit library running dext/core.
import assert from "node:assert/strict";
import { fakeIOKitTest } from "./fixtures/fake_iokit_rule.ts";
import { VirtualClock } from "../lib/device/clock.ts";
import {
  driverConnectionCheck,
  driverConnectionOutcome,
} from "../lib/doctor/check_driver_connection.ts";
import { probeDriver } from "../lib/doctor/driver_probe.ts";
import { resolveConfig } from "../lib/config/dextkit_config.ts";
import { DoctorContext } from "../lib/doctor/doctor_context.ts";
import { defaultIdentity } from "../lib/protocol/identity.ts";
import { DryRunRunner } from "../lib/runner/dry_run_runner.ts";
import { CapturedOutput } from "../lib/cli/output.ts";
import { runDoctorCommand } from "../lib/cli/commands/doctor.ts";
import { REPO_ROOT, runCheck } from "./fixtures/doctor_fixtures.ts";
import { loadFake } from "./fixtures/iokit_fake.ts";

const fake = await loadFake();
const controls = fake.controls;
const SERVICE = "dextkit_VirtualHIDDeviceRoot";
const NOT_PERMITTED = 0xe00002e2 | 0;
const IO_RETURN_ERROR = 0xe00002bc | 0;
const FOREVER = 0xffff_ffff;

function assertNoLeaks(): void {
  assert.equal(controls.fakeiokit_open_connection_count(), 0, "connections left open");
  assert.equal(controls.fakeiokit_service_reference_count(), 0, "service references left");
}

// ---- outcomes ----

fakeIOKitTest("driver-connection: the driver answers with both devices ready and its LEDs", () => {
  const outcome = driverConnectionOutcome({
    kind: "answered",
    driver: { driverVersion: 100, protocolVersion: 1, capabilities: 7 },
    registryEntryId: 0x100000965n,
    keyboard: { ready: true, problem: undefined },
    pointing: { ready: true, problem: undefined },
    leds: { capsLock: true, numLock: false },
  }, SERVICE);
  assert.equal(outcome.status, "ok");
  assert.equal(
    outcome.finding,
    "dextkit_VirtualHIDDeviceRoot answers: driver 0.1.0 (protocol 1); keyboard and pointing device ready; Caps Lock on, Num Lock off",
  );
  assert.deepEqual(outcome.details, [
    "driver version 0.1.0 (protocol 1)",
    "capabilities: LedState, ReleaseOnClose, StrictValidation",
    "registry entry id 0x100000965",
  ]);
});

fakeIOKitTest("driver-connection: service absent → install, approve, reboot", () => {
  const outcome = driverConnectionOutcome({ kind: "absent" }, SERVICE);
  assert.equal(outcome.status, "fail");
  assert.equal(
    outcome.finding,
    "no IOKit service named dextkit_VirtualHIDDeviceRoot: the driver is not running",
  );
  assert.match(
    outcome.fix ?? "",
    /^install and approve it \(`dextkit install-dext`\); if systemextensionsctl already shows it enabled, reboot/,
  );
});

fakeIOKitTest("driver-connection: the open result is explained", () => {
  const refused = driverConnectionOutcome({ kind: "refused", code: 0xe00002e2 }, SERVICE);
  assert.equal(refused.status, "fail");
  assert.equal(
    refused.finding,
    "IOServiceOpen on dextkit_VirtualHIDDeviceRoot failed with kIOReturnNotPermitted (0xe00002e2): not permitted",
  );
  assert.match(refused.fix ?? "", /userclient-access/);
  const error = driverConnectionOutcome({ kind: "refused", code: 0xe00002bc }, SERVICE);
  assert.match(error.finding, /kIOReturnError \(0xe00002bc\): general error$/);
  assert.match(error.fix ?? "", /NewUserClient/);
});

fakeIOKitTest("driver-connection: an incompatible driver → reboot; devices not ready", () => {
  const incompatible = driverConnectionOutcome({
    kind: "incompatible",
    driver: { driverVersion: 300, protocolVersion: 2, capabilities: 7 },
    message:
      "driver dextkit_VirtualHIDDeviceRoot 0.3.0 speaks protocol 2; this client needs protocol 1",
  }, SERVICE);
  assert.equal(incompatible.status, "fail");
  assert.match(
    incompatible.fix ?? "",
    /^reboot the Mac: a replaced driver keeps running until then/,
  );
  const base = {
    kind: "answered" as const,
    driver: { driverVersion: 100, protocolVersion: 1, capabilities: 7 },
    registryEntryId: 1n,
    leds: undefined,
  };
  const keyboard = driverConnectionOutcome({
    ...base,
    keyboard: { ready: false, problem: "not ready within 3000 ms" },
    pointing: { ready: true, problem: undefined },
  }, SERVICE);
  assert.equal(keyboard.status, "fail");
  assert.equal(
    keyboard.finding,
    "driver 0.1.0 (protocol 1) answers, but its virtual keyboard did not become ready: not ready within 3000 ms",
  );
  assert.equal(
    keyboard.fix,
    "reboot the Mac; if it stays, read `dextkit logs` for the driver's messages",
  );
  const pointing = driverConnectionOutcome({
    ...base,
    keyboard: { ready: true, problem: undefined },
    pointing: { ready: false, problem: "rejected" },
  }, SERVICE);
  assert.equal(pointing.status, "warn");
});

fakeIOKitTest(
  "driver-connection: skipped off macOS, and for a driver whose service name is unknown",
  async () => {
    const linux = new DoctorContext({
      runner: new DryRunRunner(),
      os: "linux",
      env: {},
      config: resolveConfig(undefined, { root: REPO_ROOT }),
    });
    const skippedHere = await runCheck(driverConnectionCheck, linux);
    assert.equal(skippedHere.status, "skipped");
    assert.match(
      skippedHere.finding,
      /^not checked off macOS \(this is linux\): opens the driver over IOKit/,
    );
    const other = new DoctorContext({
      runner: new DryRunRunner(),
      os: "darwin",
      env: {},
      config: resolveConfig({
        bundleIds: { dext: "com.example.hiddriver", manager: "com.example.app" },
      }, { root: REPO_ROOT }),
    });
    const unknown = await runCheck(driverConnectionCheck, other);
    assert.equal(unknown.status, "skipped");
    assert.match(unknown.finding, /com\.example\.hiddriver is neither$/);
  },
);

// ---- the real probe over FFI, against the fake ----

fakeIOKitTest(
  "probe: the fake driver answers; the devices are released and the connection closed",
  async () => {
    controls.fakeiokit_reset();
    const probe = await probeDriver(defaultIdentity, { library: fake.library });
    assert.equal(probe.kind, "answered");
    if (probe.kind !== "answered") return;
    assert.equal(probe.driver.protocolVersion, defaultIdentity.protocolVersion);
    assert.equal(probe.driver.driverVersion, defaultIdentity.driverVersion);
    assert.deepEqual([probe.keyboard.ready, probe.pointing.ready], [true, true]);
    assert.deepEqual(probe.leds, { numLock: false, capsLock: false });
    assertNoLeaks();
  },
);

fakeIOKitTest("probe: absent, not permitted, another open error, another protocol", async () => {
  controls.fakeiokit_reset();
  controls.fakeiokit_set_driver_present(0);
  assert.deepEqual(await probeDriver(defaultIdentity, { library: fake.library }), {
    kind: "absent",
  });
  controls.fakeiokit_reset();
  controls.fakeiokit_fail_next_opens(NOT_PERMITTED, 1);
  assert.deepEqual(await probeDriver(defaultIdentity, { library: fake.library }), {
    kind: "refused",
    code: 0xe00002e2,
  });
  controls.fakeiokit_fail_next_opens(IO_RETURN_ERROR, 1);
  assert.deepEqual(await probeDriver(defaultIdentity, { library: fake.library }), {
    kind: "refused",
    code: 0xe00002bc,
  });
  controls.fakeiokit_set_protocol_version(2);
  const incompatible = await probeDriver(defaultIdentity, { library: fake.library });
  assert.equal(incompatible.kind, "incompatible");
  assertNoLeaks();
  controls.fakeiokit_reset();
});

fakeIOKitTest("probe: a keyboard that never becomes ready is reported, not thrown", async () => {
  controls.fakeiokit_reset();
  controls.fakeiokit_set_ready_delay_ms(FOREVER);
  const clock = new VirtualClock();
  const probe = await probeDriver(defaultIdentity, {
    library: fake.library,
    clock,
    readyTimeoutMs: 2000,
  });
  assert.equal(probe.kind, "answered");
  if (probe.kind !== "answered") return;
  assert.equal(probe.keyboard.ready, false);
  assert.match(probe.keyboard.problem ?? "", /virtual keyboard was not ready within 2000 ms/);
  assert.equal(probe.leds, undefined);
  assert.equal(clock.now(), 4000, "each device waited its 2 s, once");
  assertNoLeaks();
  controls.fakeiokit_reset();
});

fakeIOKitTest("probe: without IOKit the probe says so", async () => {
  const probe = await probeDriver(defaultIdentity, {
    load: { os: "linux", env: { get: () => undefined } },
  });
  assert.equal(probe.kind, "unavailable");
});

fakeIOKitTest(
  "doctor on Linux with DEXTKIT_IOKIT_LIBRARY checks the driver through the stand-in",
  async () => {
    const output = new CapturedOutput();
    await runDoctorCommand({ json: true }, {
      output,
      env: { DEXTKIT_IOKIT_LIBRARY: fake.builtPath },
      os: "linux",
      cwd: REPO_ROOT,
    });
    const report = JSON.parse(output.stdout);
    const check = report.checks.find((entry: { id: string }) => entry.id === "driver-connection");
    assert.equal(check.status, "ok", check.finding);
    assert.match(check.finding, /^dextkit_VirtualHIDDeviceRoot answers: driver /);
  },
);
