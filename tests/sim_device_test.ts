import { InvalidKeyboardParametersError } from "../lib/protocol/keyboard_parameters.ts";
import assert from "node:assert/strict";
import { SimDevice } from "../lib/device/sim_device.ts";
import { DeviceUnavailableError, UnknownDeviceError } from "../lib/device/device_errors.ts";
import { DEFAULT_KEYBOARD_PARAMETERS } from "../lib/device/virtual_hid_device.ts";
import {
  AUTO_SIM_NOTICE,
  deviceBackends,
  type DeviceFactory,
  selectDevice,
} from "../lib/device/select_device.ts";
import { HidReportError } from "../lib/hid/report_errors.ts";
import { VirtualClock } from "../lib/device/clock.ts";

// Hand-built reports (driverkit-reference.md §2).
function keyboardReport(modifiers: number, ...usages: number[]): Uint8Array {
  const report = new Uint8Array(67);
  report[0] = 1;
  report[1] = modifiers;
  usages.forEach((usage, slot) => report[3 + 2 * slot] = usage);
  return report;
}

function arrayReport(reportId: number, usage: number): Uint8Array {
  const report = new Uint8Array(65);
  report[0] = reportId;
  report[1] = usage & 0xff;
  report[2] = usage >> 8;
  return report;
}

function isUnavailable(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof DeviceUnavailableError, String(error));
    assert.equal(error.exitCode, 5);
    assert.match(error.message, pattern);
    assert.notEqual(error.hint, "");
    return true;
  };
}

async function readyDevice(): Promise<SimDevice> {
  const device = new SimDevice({ clock: new VirtualClock() });
  await device.open();
  await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
  await device.initializePointing();
  return device;
}

Deno.test("posting before open, before initialize and after close is a DeviceUnavailable error", async () => {
  const device = new SimDevice();
  const report = keyboardReport(0, 0x04);
  assert.throws(() => device.postKeyboardReport(report), isUnavailable(/sim device is not open/));
  await assert.rejects(
    device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS),
    isUnavailable(/cannot initialize the keyboard: the sim device is not open/),
  );
  await device.open();
  await device.open();
  assert.throws(
    () => device.postKeyboardReport(report),
    isUnavailable(/virtual keyboard is not initialized/),
  );
  assert.throws(
    () => device.postPointingReport(new Uint8Array(8)),
    isUnavailable(/virtual pointing device is not initialized/),
  );
  assert.throws(() => device.resetKeyboard(), isUnavailable(/cannot reset the keyboard/));
  assert.equal(device.isKeyboardReady(), false);
  await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
  assert.equal(device.isKeyboardReady(), true);
  assert.equal(device.isPointingReady(), false);
  device.postKeyboardReport(report);
  device.close();
  device.close();
  assert.equal(device.isKeyboardReady(), false);
  assert.throws(() => device.postKeyboardReport(report), isUnavailable(/sim device is closed/));
  assert.throws(
    () => device.postPointingReport(new Uint8Array(8)),
    isUnavailable(/sim device is closed/),
  );
});

Deno.test("a closed device can be opened again and must be initialized again", async () => {
  const device = await readyDevice();
  device.close();
  await device.open();
  assert.equal(device.isKeyboardReady(), false);
  assert.equal(device.isPointingReady(), false);
  await device.initializePointing();
  device.postPointingReport(new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]));
  assert.deepEqual(device.host.buttonsDown(), [1]);
});

Deno.test("each post method takes only its own reports", async () => {
  const device = await readyDevice();
  assert.throws(() => device.postKeyboardReport(new Uint8Array(8)), HidReportError);
  assert.throws(() => device.postKeyboardReport(new Uint8Array([5, 2])), /report id 5/);
  assert.throws(() => device.postPointingReport(keyboardReport(0)), /8 bytes, got 67/);
  assert.deepEqual(device.host.events, []);
});

Deno.test("resetKeyboard releases every key on every report id", async () => {
  const device = await readyDevice();
  device.postKeyboardReport(keyboardReport(0x0a, 0x04, 0x05));
  device.postKeyboardReport(arrayReport(2, 0xe9));
  device.postKeyboardReport(arrayReport(4, 0x04));
  device.postKeyboardReport(arrayReport(7, 0x82));
  assert.equal(device.host.pressedKeys().length, 7);
  device.resetKeyboard();
  assert.deepEqual(device.host.pressedKeys(), []);
  const ups = device.host.events.filter((event) => event.type === "up");
  assert.equal(ups.length, 7);
});

Deno.test("resetPointing releases every button; close releases keys and buttons", async () => {
  const device = await readyDevice();
  device.postPointingReport(new Uint8Array([0b11, 0, 0x80, 0, 0, 0, 0, 0]));
  assert.deepEqual(device.host.buttonsDown(), [1, 2, 24]);
  device.resetPointing();
  assert.deepEqual(device.host.buttonsDown(), []);
  device.postPointingReport(new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]));
  device.postKeyboardReport(keyboardReport(0x02, 0x04));
  device.close();
  assert.deepEqual(device.host.buttonsDown(), []);
  assert.deepEqual(device.host.pressedKeys(), []);
  assert.deepEqual(device.host.events.slice(-3).map((event) => event.type), [
    "up",
    "up",
    "buttonUp",
  ]);
});

Deno.test("ledState follows the Caps Lock LED the host sets", async () => {
  const device = await readyDevice();
  assert.deepEqual(device.ledState(), { numLock: false, capsLock: false });
  device.postKeyboardReport(keyboardReport(0, 0x39));
  device.postKeyboardReport(keyboardReport(0));
  assert.deepEqual(device.ledState(), { numLock: false, capsLock: true });
});

Deno.test("initializing the keyboard again with new parameters recreates it", async () => {
  const device = await readyDevice();
  device.postKeyboardReport(keyboardReport(0, 0x04));
  await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
  assert.deepEqual(device.host.pressedKeys(), ["KeyA"]);
  await device.initializeKeyboard({ ...DEFAULT_KEYBOARD_PARAMETERS, countryCode: 33 });
  assert.deepEqual(device.host.pressedKeys(), []);
  assert.equal(device.keyboardParameters?.countryCode, 33);
});

Deno.test("bad keyboard parameters and timeouts are usage errors", async () => {
  const device = new SimDevice();
  await device.open();
  const bad = [
    [{ ...DEFAULT_KEYBOARD_PARAMETERS, vendorId: 0x10000 }, /vendorId 65536/],
    [{ ...DEFAULT_KEYBOARD_PARAMETERS, productId: -1 }, /productId -1/],
    [{ ...DEFAULT_KEYBOARD_PARAMETERS, countryCode: 1.5 }, /countryCode 1.5/],
  ] as const;
  for (const [parameters, message] of bad) {
    await assert.rejects(device.initializeKeyboard(parameters), (error: unknown) => {
      assert.ok(error instanceof InvalidKeyboardParametersError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, message);
      return true;
    });
  }
  await assert.rejects(device.initializePointing({ timeoutMs: -1 }), /timeout -1 ms/);
  assert.equal(device.isKeyboardReady(), false);
});

const noEnv = { get: () => undefined };

Deno.test("selectDevice: sim by name, auto falls back to sim off macOS with a notice", () => {
  const sim = selectDevice("sim", { env: noEnv, os: "linux" });
  assert.equal(sim.name, "sim");
  assert.equal(sim.device.backend, "sim");
  assert.equal(sim.notice, undefined);
  const auto = selectDevice(undefined, { env: noEnv, os: "linux" });
  assert.equal(auto.name, "sim");
  assert.ok(auto.device instanceof SimDevice);
  assert.equal(auto.notice, "no macOS here: using the simulated device (sim)");
  assert.equal(auto.notice, AUTO_SIM_NOTICE);
  assert.notEqual(sim.device, auto.device);
  assert.equal(selectDevice("SIM", { env: noEnv }).name, "sim");
});

Deno.test("selectDevice: the flag beats DEXTKIT_DEVICE, which beats auto; empty means unset", () => {
  const env = (value: string) => ({
    get: (name: string) => name === "DEXTKIT_DEVICE" ? value : undefined,
  });
  const backends = new Map<string, DeviceFactory>([
    ...deviceBackends,
    ["iokit", () => new SimDevice()],
  ]);
  assert.equal(selectDevice(undefined, { env: env("iokit"), os: "linux", backends }).name, "iokit");
  assert.equal(selectDevice("sim", { env: env("iokit"), os: "linux", backends }).name, "sim");
  const unset = selectDevice(undefined, { env: env(" "), os: "linux", backends });
  assert.equal(unset.notice, AUTO_SIM_NOTICE);
});

Deno.test("selectDevice: auto on macOS picks iokit when it is registered", () => {
  const iokit = new SimDevice();
  const backends = new Map<string, DeviceFactory>([["sim", () => new SimDevice()], [
    "iokit",
    () => iokit,
  ]]);
  const selection = selectDevice("auto", { env: noEnv, os: "darwin", backends });
  assert.equal(selection.name, "iokit");
  assert.equal(selection.device, iokit);
  assert.equal(selection.notice, undefined);
});

Deno.test("selectDevice: iokit without a registered backend says to use --device sim", () => {
  for (const [name, os] of [["iokit", "linux"], ["auto", "darwin"]] as const) {
    assert.throws(() => selectDevice(name, { env: noEnv, os }), (error: unknown) => {
      assert.ok(error instanceof DeviceUnavailableError);
      assert.match(error.message, /IOKit backend is not available in this build/);
      assert.match(error.hint, /--device sim/);
      return true;
    });
  }
});

Deno.test("selectDevice: unknown names suggest the closest valid names", () => {
  const check = (name: string, suggestions: string[]) =>
    assert.throws(() => selectDevice(name, { env: noEnv, os: "linux" }), (error: unknown) => {
      assert.ok(error instanceof UnknownDeviceError);
      assert.equal(error.exitCode, 2);
      assert.deepEqual(error.suggestions, suggestions);
      assert.match(error.message, new RegExp(`unknown device "${name.toLowerCase()}"`));
      return true;
    });
  check("simm", ["sim"]);
  check("iokt", ["iokit"]);
  check("Auot", ["auto"]);
  check("bluetooth", []);
});
