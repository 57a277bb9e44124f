import assert from "node:assert/strict";
import { ObservedDevice } from "../lib/device/observed_device.ts";
import { SimDevice } from "../lib/device/sim_device.ts";
import { VirtualClock } from "../lib/device/clock.ts";
import { withSession } from "../lib/device/session.ts";
import { encodeKeyboardInput } from "../lib/hid/keyboard_report.ts";
import { DEFAULT_KEYBOARD_PARAMETERS } from "../lib/device/virtual_hid_device.ts";

Deno.test("the mirror host sees exactly what the wrapped device received", async () => {
  const inner = new SimDevice({ clock: { now: () => 0 } });
  const observed = new ObservedDevice(inner, { clock: { now: () => 0 } });
  await withSession(
    { device: observed, clock: new VirtualClock() },
    async ({ keyboard, mouse }) => {
      await keyboard.type("Hi there");
      await keyboard.press("Meta+KeyC");
      mouse.move(10, -5);
    },
  );
  assert.equal(observed.host.text, "Hi there");
  assert.equal(observed.host.text, inner.host.text);
  assert.deepEqual(observed.host.shortcuts, inner.host.shortcuts);
  assert.deepEqual(observed.host.events, inner.host.events);
  assert.equal(observed.backend, "sim");
});

Deno.test("a report the device refuses is not mirrored", async () => {
  const observed = new ObservedDevice(new SimDevice());
  await observed.open();
  assert.throws(() => observed.postKeyboardReport(encodeKeyboardInput(0, [0x04])));
  assert.equal(observed.host.events.length, 0);
  await observed.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
  observed.postKeyboardReport(encodeKeyboardInput(0, [0x04]));
  assert.deepEqual(observed.host.pressedKeys(), ["KeyA"]);
  observed.close();
  assert.deepEqual(observed.host.pressedKeys(), []);
});
