/**
 * The iokit client under each mode of the fake IOKit that models a rule of real macOS
 * (tests/fake_iokit/README.md, "Modes"; macos-corrections.md items 2–4):
 * - `dead-driver-code`: a dead dext answers kIOReturnOffline, kIOReturnIPCError,
 *   kIOReturnNotReady or MACH_SEND_INVALID_DEST, and every one must mean "connection lost";
 * - `async-user-client-close`: IOServiceClose returns before the user client's release runs, so
 *   the client's own close must leave nothing pressed;
 * - `set-report-completion`: the host's SET_REPORT (the LED) completes on every path.
 */
import assert from "node:assert/strict";
import { fakeIOKitTest } from "./fixtures/fake_iokit_rule.ts";
import { IOKitDevice } from "../lib/device/iokit_device.ts";
import { Keyboard } from "../lib/device/keyboard.ts";
import { Mouse } from "../lib/device/mouse.ts";
import { DriverConnectionLostError, isConnectionLost } from "../lib/iokit/iokit_errors.ts";
import { ioReturnLabel } from "../lib/iokit/io_return.ts";
import { arrayBytes, keyboardBytes, loadFake, pointingBytes } from "./fixtures/iokit_fake.ts";

const fake = await loadFake();
const controls = fake.controls;

// Written out from IOReturn.h and mach/message.h.
const DEAD_DRIVER_CODES = [
  ["MACH_SEND_INVALID_DEST", 0x10000003],
  ["kIOReturnOffline", 0xe00002d7],
  ["kIOReturnIPCError", 0xe00002bf],
  ["kIOReturnNotReady", 0xe00002d8],
] as const;
const SHIFT = 0x02;
const OUTPUT = 1;
const SUCCESS = 0;
const UNSUPPORTED = 0xe00002c7;
const BAD_ARGUMENT = 0xe00002c2;
const NOT_OPEN = 0xe00002cd;

function freshDevice(): IOKitDevice {
  controls.fakeiokit_reset();
  return new IOKitDevice({ library: fake.library, watchIntervalMs: 0 });
}

async function openBoth(device: IOKitDevice): Promise<void> {
  await device.open();
  await device.initializeKeyboard({ vendorId: 0x16c0, productId: 0x27db, countryCode: 33 });
  await device.initializePointing();
}

function assertNoLeaks(): void {
  assert.equal(controls.fakeiokit_open_connection_count(), 0, "connections left open");
  assert.equal(controls.fakeiokit_service_reference_count(), 0, "service references left");
}

// ---- dead-driver-code ----

for (const [name, code] of DEAD_DRIVER_CODES) {
  fakeIOKitTest(`dead-driver-code ${name}: the client reads it as connection lost`, () => {
    assert.ok(isConnectionLost(code));
    assert.ok(isConnectionLost(code | 0), "as FFI returns it, signed");
  });

  fakeIOKitTest(
    `dead-driver-code ${name}: a post after a restart reconnects and is delivered`,
    async () => {
      const device = freshDevice();
      assert.equal(controls.fakeiokit_set_dead_driver_code(code | 0), SUCCESS);
      await openBoth(device);
      const first = device.connectionHandle;
      const keyboard = new Keyboard(device);
      keyboard.down("ShiftLeft");
      controls.fakeiokit_crash_driver();
      controls.fakeiokit_restart_driver();
      controls.fakeiokit_trace_clear();
      keyboard.down("KeyA");
      assert.notEqual(device.connectionHandle, first);
      assert.deepEqual(fake.reports(), [{
        connection: device.connectionHandle,
        device: "keyboard",
        bytes: keyboardBytes(SHIFT, 0x04),
      }]);
      keyboard.releaseAll();
      device.close();
      assertNoLeaks();
    },
  );

  fakeIOKitTest(
    `dead-driver-code ${name}: with no driver to come back, the error names the code`,
    async () => {
      const device = freshDevice();
      assert.equal(controls.fakeiokit_set_dead_driver_code(code | 0), SUCCESS);
      await openBoth(device);
      controls.fakeiokit_crash_driver();
      assert.throws(() => new Mouse(device).move(1, 0), (error: unknown) => {
        assert.ok(error instanceof DriverConnectionLostError);
        assert.equal(error.code, code);
        assert.ok(error.message.includes(ioReturnLabel(code)), error.message);
        return true;
      });
      device.close();
      assertNoLeaks();
    },
  );
}

fakeIOKitTest("dead-driver-code: only the codes a dead dext really returns are accepted", () => {
  controls.fakeiokit_reset();
  assert.equal(controls.fakeiokit_set_dead_driver_code(0xe00002bc | 0) >>> 0, BAD_ARGUMENT);
});

// ---- async-user-client-close ----

fakeIOKitTest(
  "async-user-client-close: close() leaves nothing pressed before the driver's release runs",
  async () => {
    const device = freshDevice();
    controls.fakeiokit_set_async_close(1);
    using trace = await fake.traceFile();
    await openBoth(device);
    const handle = device.connectionHandle;
    const keyboard = new Keyboard(device);
    keyboard.down("ShiftLeft");
    keyboard.down("AudioVolumeUp");
    new Mouse(device).down("left");
    controls.fakeiokit_trace_clear();
    device.close();
    // The user client has not stopped yet: every release seen so far is the client's own.
    assert.ok(!trace.lines().includes(`${handle} release close`));
    assert.deepEqual(fake.reports().map((report) => report.bytes), [
      keyboardBytes(0),
      arrayBytes(2),
      arrayBytes(3),
      arrayBytes(4),
      arrayBytes(7),
      pointingBytes(0),
    ]);
    assertNoLeaks();
    assert.equal(controls.fakeiokit_finish_closes(), 1);
    const lines = trace.lines();
    assert.ok(lines.indexOf(`${handle} close`) < lines.indexOf(`${handle} release close`));
    assert.equal(fake.reports().length, 6, "the late release had nothing left to release");
  },
);

fakeIOKitTest(
  "async-user-client-close: new keyboard parameters release the old keys before the new connection",
  async () => {
    const device = freshDevice();
    controls.fakeiokit_set_async_close(1);
    using trace = await fake.traceFile();
    await openBoth(device);
    const first = device.connectionHandle;
    new Keyboard(device).down("ShiftLeft");
    controls.fakeiokit_trace_clear();
    await device.initializeKeyboard({ vendorId: 0x05ac, productId: 0x0250, countryCode: 13 });
    const second = device.connectionHandle;
    assert.notEqual(second, first);
    const lines = trace.lines();
    assert.ok(!lines.includes(`${first} release close`), "the old user client is still stopping");
    assert.deepEqual(fake.reports().filter((report) => report.connection === first)[0], {
      connection: first,
      device: "keyboard",
      bytes: keyboardBytes(0),
    });
    assert.ok(
      lines.indexOf(`${first} reset keyboard`) <
        lines.indexOf(`${second} create-keyboard 1452 592 13`),
    );
    device.close();
    assert.equal(controls.fakeiokit_finish_closes(), 2);
    assertNoLeaks();
  },
);

// ---- set-report-completion ----

fakeIOKitTest(
  "set-report-completion: the LED write completes and the client reads the state",
  async () => {
    const device = freshDevice();
    using trace = await fake.traceFile();
    await openBoth(device);
    const handle = device.connectionHandle ?? 0;
    assert.equal(controls.fakeiokit_set_led(handle, 0b10), SUCCESS);
    assert.deepEqual(device.ledState(), { numLock: false, capsLock: true });
    assert.ok(!trace.lines().some((line) => line.endsWith("set-report-aborted")));
    device.close();
  },
);

fakeIOKitTest(
  "set-report-completion: every report type and shape is completed, none aborted",
  async () => {
    const device = freshDevice();
    using trace = await fake.traceFile();
    await device.open();
    const handle = device.connectionHandle ?? 0;
    const report = (...bytes: number[]) => new Uint8Array(bytes);
    const send = (type: number, bytes: Uint8Array) =>
      controls.fakeiokit_set_report(handle, type, bytes, BigInt(bytes.length)) >>> 0;
    assert.equal(send(OUTPUT, report(5, 2)), NOT_OPEN, "no keyboard yet");
    await device.initializeKeyboard({ vendorId: 0x16c0, productId: 0x27db, countryCode: 33 });
    assert.equal(send(0, report(5, 2)), UNSUPPORTED, "input report");
    assert.equal(send(2, report(5, 2)), UNSUPPORTED, "feature report");
    assert.equal(send(OUTPUT, report(9, 2)), UNSUPPORTED, "another output report id");
    assert.equal(send(OUTPUT, report(5)), BAD_ARGUMENT, "too short");
    assert.equal(send(OUTPUT, report(5, 1)), SUCCESS);
    assert.deepEqual(device.ledState(), { numLock: true, capsLock: false });
    const lines = trace.lines();
    assert.ok(!lines.some((line) => line.endsWith("set-report-aborted")), lines.join("\n"));
    device.close();
    assertNoLeaks();
  },
);
