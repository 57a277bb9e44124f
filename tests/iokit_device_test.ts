/**
 * The `iokit` backend end to end: controllers → IOKitDevice → Deno FFI → fake IOKit → dext/core.
 * Expected bytes are built by hand from the report layouts (driverkit-reference.md §2).
 */
import assert from "node:assert/strict";
import { fakeIOKitTest } from "./fixtures/fake_iokit_rule.ts";
import { IOKitDevice, type IOKitDeviceOptions } from "../lib/device/iokit_device.ts";
import { Keyboard } from "../lib/device/keyboard.ts";
import { Mouse } from "../lib/device/mouse.ts";
import { VirtualClock } from "../lib/device/clock.ts";
import { DeviceUnavailableError } from "../lib/device/device_errors.ts";
import { deviceBackends, selectDevice } from "../lib/device/select_device.ts";
import { DEFAULT_KEYBOARD_PARAMETERS } from "../lib/device/virtual_hid_device.ts";
import {
  DeviceNotReadyError,
  DriverCallError,
  DriverConnectionLostError,
  DriverNotFoundError,
  DriverOpenError,
  IOKitUnavailableError,
  NotPermittedError,
} from "../lib/iokit/iokit_errors.ts";
import { loadIOKitLibrary } from "../lib/iokit/iokit_library.ts";
import { openDriver } from "../lib/iokit/open_driver.ts";
import { IncompatibleDriverError } from "../lib/protocol/compatibility.ts";
import { defaultIdentity, karabinerIdentity } from "../lib/protocol/identity.ts";
import { Selector } from "../lib/protocol/selector.ts";
import { ExitCode } from "../lib/errors.ts";
import { arrayBytes, keyboardBytes, loadFake, pointingBytes } from "./fixtures/iokit_fake.ts";

const fake = await loadFake();
const controls = fake.controls;

const NOT_PERMITTED = 0xe00002e2 | 0;
const IO_RETURN_ERROR = 0xe00002bc | 0;
const BAD_ARGUMENT = 0xe00002c2 | 0;
const FOREVER = 0xffff_ffff;
const SHIFT = 0x02;
const COMMAND = 0x08;

/** A device on a freshly reset fake; no watcher unless asked for. */
function freshDevice(options: IOKitDeviceOptions = {}): IOKitDevice {
  controls.fakeiokit_reset();
  return new IOKitDevice({ library: fake.library, watchIntervalMs: 0, ...options });
}

async function openBoth(device: IOKitDevice): Promise<void> {
  await device.open();
  await device.initializeKeyboard({ vendorId: 0x16c0, productId: 0x27db, countryCode: 33 });
  await device.initializePointing();
}

function keyboardReports(): number[][] {
  return fake.reports().filter((report) => report.device === "keyboard").map((r) => r.bytes);
}

function assertNoLeaks(): void {
  assert.equal(controls.fakeiokit_open_connection_count(), 0, "connections left open");
  assert.equal(controls.fakeiokit_service_reference_count(), 0, "service references left");
}

async function waitFor(condition: () => boolean, limitMs: number): Promise<number> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return performance.now() - start;
}

fakeIOKitTest("iokit: typing reaches dext/core as exact keyboard reports", async () => {
  const device = freshDevice();
  await openBoth(device);
  assert.deepEqual(device.driver, { driverVersion: 100, protocolVersion: 1, capabilities: 7 });
  controls.fakeiokit_trace_clear();
  await new Keyboard(device, { clock: new VirtualClock() }).type("Hi!");
  const h = 0x0b, i = 0x0c, one = 0x1e;
  assert.deepEqual(keyboardReports(), [
    keyboardBytes(SHIFT),
    keyboardBytes(SHIFT, h),
    keyboardBytes(SHIFT),
    keyboardBytes(0),
    keyboardBytes(0, i),
    keyboardBytes(0),
    keyboardBytes(SHIFT),
    keyboardBytes(SHIFT, one),
    keyboardBytes(SHIFT),
    keyboardBytes(0),
  ]);
  assert.ok(fake.reports().every((report) => report.connection === device.connectionHandle));
  device.close();
  assertNoLeaks();
});

fakeIOKitTest("iokit: combos press in order and release in reverse", async () => {
  const device = freshDevice();
  await openBoth(device);
  controls.fakeiokit_trace_clear();
  const keyboard = new Keyboard(device, { clock: new VirtualClock() });
  await keyboard.press("Meta+Shift+KeyZ");
  await keyboard.hold("Shift", () => keyboard.press("ArrowLeft"));
  const z = 0x1d, left = 0x50;
  assert.deepEqual(keyboardReports(), [
    keyboardBytes(COMMAND),
    keyboardBytes(COMMAND | SHIFT),
    keyboardBytes(COMMAND | SHIFT, z),
    keyboardBytes(COMMAND | SHIFT),
    keyboardBytes(COMMAND),
    keyboardBytes(0),
    keyboardBytes(SHIFT),
    keyboardBytes(SHIFT, left),
    keyboardBytes(SHIFT),
    keyboardBytes(0),
  ]);
  device.close();
});

fakeIOKitTest("iokit: consumer, Apple vendor and top-case keys use their own reports", async () => {
  const device = freshDevice();
  await openBoth(device);
  controls.fakeiokit_trace_clear();
  const keyboard = new Keyboard(device, { clock: new VirtualClock() });
  await keyboard.press("AudioVolumeMute");
  await keyboard.press("Spotlight");
  await keyboard.press("Launchpad");
  await keyboard.hold("Fn", () => keyboard.press("MediaPlayPause"));
  assert.deepEqual(keyboardReports(), [
    arrayBytes(2, 0xe2),
    arrayBytes(2),
    arrayBytes(4, 0x01),
    arrayBytes(4),
    arrayBytes(4, 0x04),
    arrayBytes(4),
    arrayBytes(3, 0x03),
    arrayBytes(2, 0xcd),
    arrayBytes(2),
    arrayBytes(3),
  ]);
  device.close();
});

fakeIOKitTest("iokit: mouse moves, scrolls, clicks and drags as 8-byte reports", async () => {
  const device = freshDevice();
  await openBoth(device);
  controls.fakeiokit_trace_clear();
  const mouse = new Mouse(device, { clock: new VirtualClock() });
  mouse.move(10, -5);
  mouse.scroll(1, -1);
  await mouse.click("right");
  await mouse.drag(5, 0);
  assert.deepEqual(fake.reports().map((report) => [report.device, report.bytes]), [
    ["pointing", pointingBytes(0, 10, -5)],
    ["pointing", pointingBytes(0, 0, 0, 1, -1)],
    ["pointing", pointingBytes(2)],
    ["pointing", pointingBytes(0)],
    ["pointing", pointingBytes(1)],
    ["pointing", pointingBytes(1, 5, 0)],
    ["pointing", pointingBytes(0)],
  ]);
  device.close();
});

fakeIOKitTest("iokit: close resets both devices, then closes the connection", async () => {
  const device = freshDevice();
  await openBoth(device);
  const keyboard = new Keyboard(device);
  const mouse = new Mouse(device);
  keyboard.down("ShiftLeft");
  keyboard.down("KeyA");
  keyboard.down("AudioVolumeUp");
  mouse.down("left");
  controls.fakeiokit_trace_clear();
  device.close();
  assert.deepEqual(fake.reports().map((report) => report.bytes), [
    keyboardBytes(0),
    arrayBytes(2),
    arrayBytes(3),
    arrayBytes(4),
    arrayBytes(7),
    pointingBytes(0),
  ]);
  assertNoLeaks();
  assert.equal(device.isKeyboardReady(), false);
  device.close();
  assert.throws(() => device.postKeyboardReport(new Uint8Array(67)), DeviceUnavailableError);
});

fakeIOKitTest("iokit: a connection closed without reset ends released (dext/core's rule)", () => {
  controls.fakeiokit_reset();
  const { connection } = openDriver(fake.library, defaultIdentity);
  assert.equal(connection.callScalar(Selector.KeyboardInitialize, [0x16c0, 0x27db, 0], 0), 0);
  const held = new Uint8Array(keyboardBytes(SHIFT, 0x04));
  const consumer = new Uint8Array(arrayBytes(2, 0xe9));
  assert.equal(connection.postStruct(Selector.KeyboardPostReport, held), 0);
  assert.equal(connection.postStruct(Selector.KeyboardPostReport, consumer), 0);
  controls.fakeiokit_trace_clear();
  assert.equal(connection.close(), 0);
  assert.deepEqual(keyboardReports(), [keyboardBytes(0), arrayBytes(2)]);
  assertNoLeaks();
});

fakeIOKitTest("iokit: ready and LED state come from the driver", async () => {
  const device = freshDevice();
  assert.equal(device.isKeyboardReady(), false);
  await openBoth(device);
  assert.equal(device.isKeyboardReady(), true);
  assert.equal(device.isPointingReady(), true);
  assert.deepEqual(device.ledState(), { numLock: false, capsLock: false });
  assert.equal(controls.fakeiokit_set_led(device.connectionHandle ?? 0, 0b10), 0);
  assert.deepEqual(device.ledState(), { numLock: false, capsLock: true });
  assert.deepEqual(keyboardReports().at(-1), [6, 0b10]);
  device.close();
});

fakeIOKitTest(
  "iokit: posting before initialize or with a bad shape is refused client-side",
  async () => {
    const device = freshDevice();
    await device.open();
    assert.throws(() => device.postKeyboardReport(new Uint8Array(67)), DeviceUnavailableError);
    await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
    assert.throws(() => device.postPointingReport(new Uint8Array(8)), /not initialized/);
    assert.throws(() => device.postKeyboardReport(new Uint8Array([5, 2])), /report id 5/);
    assert.equal(fake.reports().length, 0);
    device.close();
  },
);

fakeIOKitTest("iokit: driver absent → DriverNotFoundError with the install command", async () => {
  const device = freshDevice();
  controls.fakeiokit_set_driver_present(0);
  await assert.rejects(device.open(), (error: unknown) => {
    assert.ok(error instanceof DriverNotFoundError);
    assert.equal(error.exitCode, ExitCode.DeviceUnavailable);
    assert.match(error.message, /no IOKit service named dextkit_VirtualHIDDeviceRoot/);
    assert.match(error.hint, /deno task install-dext/);
    return true;
  });
  assertNoLeaks();
});

fakeIOKitTest(
  "iokit: NotPermitted on open explains both entitlements and points at doctor",
  async () => {
    const device = freshDevice();
    controls.fakeiokit_fail_next_opens(NOT_PERMITTED, 1);
    await assert.rejects(device.open(), (error: unknown) => {
      assert.ok(error instanceof NotPermittedError);
      assert.equal(error.exitCode, ExitCode.DeviceUnavailable);
      assert.match(error.message, /kIOReturnNotPermitted \(0xe00002e2\)/);
      assert.match(error.hint, /userclient-access listing dev\.dextkit\.VirtualHIDDevice/);
      assert.match(error.hint, /allow-any-userclient-access/);
      assert.match(error.hint, /dextkit doctor/);
      return true;
    });
    assertNoLeaks();
    controls.fakeiokit_fail_next_opens(IO_RETURN_ERROR, 1);
    await assert.rejects(device.open(), (error: unknown) => {
      assert.ok(error instanceof DriverOpenError);
      assert.equal(error.code, 0xe00002bc);
      assert.match(error.hint, /still starting/);
      return true;
    });
    await device.open();
    device.close();
  },
);

fakeIOKitTest("iokit: a protocol mismatch is refused with reboot-required guidance", async () => {
  const device = freshDevice();
  controls.fakeiokit_set_protocol_version(2);
  await assert.rejects(device.open(), (error: unknown) => {
    assert.ok(error instanceof IncompatibleDriverError);
    assert.equal(error.exitCode, ExitCode.RebootRequired);
    assert.match(error.message, /speaks protocol 2; this client needs protocol 1/);
    assert.match(error.hint, /reboot/);
    return true;
  });
  assertNoLeaks();
});

fakeIOKitTest("iokit: the established driver's identity checks selector 0 only", async () => {
  controls.fakeiokit_reset();
  controls.fakeiokit_set_driver_version(10800);
  const name = new TextEncoder().encode(`${karabinerIdentity.serviceName}\0`);
  assert.equal(controls.fakeiokit_set_service_name(name), 0);
  const device = new IOKitDevice({
    library: fake.library,
    identity: karabinerIdentity,
    watchIntervalMs: 0,
  });
  await device.open();
  assert.deepEqual(device.driver, { driverVersion: 10800, protocolVersion: null, capabilities: 0 });
  await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
  assert.deepEqual(device.ledState(), { numLock: false, capsLock: false });
  device.close();
  controls.fakeiokit_set_driver_version(10700);
  await assert.rejects(device.open(), /1\.7\.0 is running but this client expects 1\.8\.0/);
  assertNoLeaks();
});

fakeIOKitTest(
  "iokit: a crash → DriverConnectionLostError naming MACH_SEND_INVALID_DEST",
  async () => {
    const device = freshDevice();
    await openBoth(device);
    const keyboard = new Keyboard(device);
    controls.fakeiokit_crash_driver();
    assert.throws(() => keyboard.down("KeyA"), (error: unknown) => {
      assert.ok(error instanceof DriverConnectionLostError);
      assert.equal(error.exitCode, ExitCode.DeviceUnavailable);
      assert.equal(error.code, 0x10000003);
      assert.match(error.message, /MACH_SEND_INVALID_DEST \(0x10000003\)/);
      assert.match(error.message, /crashed, restarted or was replaced/);
      assert.match(error.hint, /crash report/);
      return true;
    });
    assert.deepEqual(keyboard.pressed(), [], "a report that failed is not counted as pressed");
    assert.throws(() => keyboard.down("KeyB"), DriverConnectionLostError);
    device.close();
    assertNoLeaks();
  },
);

fakeIOKitTest("iokit: a post right after a restart reconnects and is delivered", async () => {
  const device = freshDevice();
  await openBoth(device);
  const first = device.connectionHandle;
  const keyboard = new Keyboard(device);
  keyboard.down("ShiftLeft");
  controls.fakeiokit_restart_driver();
  controls.fakeiokit_trace_clear();
  keyboard.down("KeyA");
  assert.notEqual(device.connectionHandle, first);
  assert.equal(device.registryEntryId, controls.fakeiokit_registry_entry_id());
  assert.deepEqual(fake.reports(), [{
    connection: device.connectionHandle,
    device: "keyboard",
    bytes: keyboardBytes(SHIFT, 0x04),
  }]);
  keyboard.releaseAll();
  device.close();
  assertNoLeaks();
});

fakeIOKitTest(
  "iokit: after a restart the watcher reconnects within 1 s with the same parameters",
  async () => {
    const device = freshDevice({ watchIntervalMs: 250 });
    using trace = await fake.traceFile();
    const lines = trace.lines;
    await openBoth(device);
    const first = device.connectionHandle;
    controls.fakeiokit_restart_driver();
    const elapsed = await waitFor(() => device.connectionHandle !== first, 1000);
    assert.ok(elapsed < 1000);
    const handle = device.connectionHandle;
    assert.ok(lines().includes(`${handle} create-keyboard 5824 10203 33`), lines().join("\n"));
    assert.ok(lines().includes(`${handle} create-pointing`));
    assert.equal(device.isKeyboardReady(), true);
    controls.fakeiokit_trace_clear();
    new Mouse(device).move(1, 1);
    assert.deepEqual(fake.reports(), [{
      connection: handle,
      device: "pointing",
      bytes: pointingBytes(0, 1, 1),
    }]);
    device.close();
    assertNoLeaks();
  },
);

fakeIOKitTest("iokit: a crashed driver that relaunches later is picked up again", async () => {
  const device = freshDevice({ watchIntervalMs: 20 });
  await openBoth(device);
  controls.fakeiokit_set_restart_delay_ms(100);
  controls.fakeiokit_crash_driver();
  const keyboard = new Keyboard(device);
  assert.throws(() => keyboard.down("KeyA"), DriverConnectionLostError);
  await waitFor(() => device.isKeyboardReady(), 1000);
  controls.fakeiokit_trace_clear();
  await keyboard.press("KeyA");
  assert.deepEqual(keyboardReports(), [keyboardBytes(0, 0x04), keyboardBytes(0)]);
  device.close();
  assertNoLeaks();
});

fakeIOKitTest(
  "iokit: a restart into another protocol makes the next post ask for a reboot",
  async () => {
    const device = freshDevice();
    await openBoth(device);
    controls.fakeiokit_set_protocol_version(3);
    controls.fakeiokit_restart_driver();
    assert.throws(() => device.postKeyboardReport(new Uint8Array(keyboardBytes(0))), (error) => {
      assert.ok(error instanceof IncompatibleDriverError);
      assert.equal(error.exitCode, ExitCode.RebootRequired);
      return true;
    });
    device.close();
    assertNoLeaks();
  },
);

fakeIOKitTest(
  "iokit: a report the driver refuses raises; nothing disappears silently",
  async () => {
    const device = freshDevice();
    await openBoth(device);
    controls.fakeiokit_fail_next_calls(BAD_ARGUMENT, 1);
    controls.fakeiokit_trace_clear();
    assert.throws(() => device.postPointingReport(new Uint8Array(8)), (error: unknown) => {
      assert.ok(error instanceof DriverCallError);
      assert.equal(error.exitCode, ExitCode.Failure);
      assert.equal(error.selectorName, "PointingPostReport");
      assert.match(error.message, /kIOReturnBadArgument \(0xe00002c2\)/);
      return true;
    });
    assert.equal(fake.reports().length, 0);
    device.close();
  },
);

fakeIOKitTest(
  "iokit: not ready → reopen after 5 s, DeviceNotReadyError at the timeout",
  async () => {
    const clock = new VirtualClock();
    const device = freshDevice({ clock });
    controls.fakeiokit_set_ready_delay_ms(FOREVER);
    await device.open();
    const first = device.connectionHandle ?? 0;
    await assert.rejects(
      device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS, { timeoutMs: 12_000 }),
      (error: unknown) => {
        assert.ok(error instanceof DeviceNotReadyError);
        assert.equal(error.exitCode, ExitCode.Timeout);
        assert.match(error.message, /virtual keyboard was not ready within 12000 ms/);
        return true;
      },
    );
    assert.equal(clock.now(), 12_000);
    // Two reopens: after 5 s and after 10 s without ready.
    assert.equal((device.connectionHandle ?? 0) - first, 2);
    device.close();
    assertNoLeaks();
  },
);

fakeIOKitTest("iokit: initialize waits for a device that becomes ready later", async () => {
  const device = freshDevice();
  controls.fakeiokit_set_ready_delay_ms(40);
  await device.open();
  const start = performance.now();
  await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
  assert.ok(performance.now() - start >= 30);
  assert.equal(device.isKeyboardReady(), true);
  device.close();
});

fakeIOKitTest("iokit: new keyboard parameters release every key and reconnect", async () => {
  const device = freshDevice();
  using trace = await fake.traceFile();
  const lines = trace.lines;
  await openBoth(device);
  const first = device.connectionHandle;
  new Keyboard(device).down("ShiftLeft");
  await device.initializeKeyboard({ vendorId: 0x05ac, productId: 0x0250, countryCode: 13 });
  const handle = device.connectionHandle;
  assert.notEqual(handle, first);
  assert.ok(lines().includes(`${first} reset keyboard`));
  assert.ok(lines().includes(`${handle} create-keyboard 1452 592 13`));
  assert.ok(lines().includes(`${handle} create-pointing`));
  assert.deepEqual(device.keyboardParameters, {
    vendorId: 0x05ac,
    productId: 0x0250,
    countryCode: 13,
  });
  device.close();
  assertNoLeaks();
});

fakeIOKitTest(
  "iokit: selectDevice finds the registered backend; off macOS it needs the fake",
  () => {
    assert.ok(deviceBackends.has("iokit"));
    const selection = selectDevice("iokit", { env: { get: () => undefined }, os: "linux" });
    assert.ok(selection.device instanceof IOKitDevice);
    assert.throws(
      () => loadIOKitLibrary({ os: "linux", env: { get: () => undefined } }),
      (error) => {
        assert.ok(error instanceof IOKitUnavailableError);
        assert.equal(error.exitCode, ExitCode.NeedsMacOS);
        assert.match(error.hint, /--device sim/);
        assert.match(error.hint, /DEXTKIT_IOKIT_LIBRARY/);
        return true;
      },
    );
    const fromEnv = loadIOKitLibrary({
      os: "linux",
      env: { get: (name) => name === "DEXTKIT_IOKIT_LIBRARY" ? fake.library.path : undefined },
    });
    assert.equal(fromEnv, fake.library, "loaded once per path");
    assert.equal(fromEnv.machTaskSelf, 0x203);
  },
);
