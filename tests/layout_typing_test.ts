/**
 * Layouts end to end: the keyboard controller types through a layout and keyboard type on the
 * simulated device, and the simulated host reads the reports back with the same model.
 */
import assert from "node:assert/strict";
import { Keyboard } from "../lib/device/keyboard.ts";
import { SimDevice, type SimDeviceOptions } from "../lib/device/sim_device.ts";
import { VirtualClock } from "../lib/device/clock.ts";
import { openSession } from "../lib/device/session.ts";
import { DEFAULT_KEYBOARD_PARAMETERS } from "../lib/device/virtual_hid_device.ts";
import { UnproducibleCharacterError } from "../lib/layout/layout_errors.ts";
import { encodeKeyboardInput } from "../lib/hid/keyboard_report.ts";
import { getLayout } from "../lib/layout/layout_registry.ts";
import type { KeyboardType } from "../lib/layout/keyboard_type.ts";
import type { HostKeyEvent } from "../lib/host/host_events.ts";

async function setUp(
  layoutId: string,
  keyboardType?: KeyboardType,
  hostOptions: SimDeviceOptions = {},
): Promise<{ device: SimDevice; keyboard: Keyboard }> {
  const layout = getLayout(layoutId);
  const device = new SimDevice({
    layout,
    ...(keyboardType === undefined ? {} : { keyboardType }),
    ...hostOptions,
  });
  await device.open();
  await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
  const keyboard = new Keyboard(device, {
    layout,
    clock: new VirtualClock(),
    ...(keyboardType === undefined ? {} : { keyboardType }),
  });
  return { device, keyboard };
}

/** The keyboard-page usages pressed, modifiers and Caps Lock left out. */
function typedUsages(device: SimDevice): number[] {
  return device.host.events
    .filter((event): event is HostKeyEvent => event.type === "down" && event.page === 0x07)
    .map((event) => event.usage)
    .filter((usage) => usage < 0xe0 && usage !== 0x39);
}

Deno.test("German on an ISO keyboard: < is the key left of Z, ^ the key left of 1", async () => {
  const { device, keyboard } = await setUp("de");
  assert.equal(keyboard.keyboardType, "iso");
  assert.equal(device.host.keyboardType, "iso");
  await keyboard.type("<^@zy");
  assert.equal(device.host.text, "<^@zy");
  // ^ is the dead key left of 1 followed by Space; @ is Option+L; z and y are swapped.
  assert.deepEqual(typedUsages(device), [0x64, 0x35, 0x2c, 0x0f, 0x1c, 0x1d]);
});

Deno.test("German on an ANSI keyboard types the same text with other usages", async () => {
  const { device, keyboard } = await setUp("de", "ansi");
  await keyboard.type("<^");
  assert.equal(device.host.text, "<^");
  assert.deepEqual(typedUsages(device), [0x35, 0x23, 0x2c]);
});

Deno.test("a keyboard type mismatch between controller and Mac garbles < into a dead ^", async () => {
  const { device, keyboard } = await setUp("de", undefined, { keyboardType: "ansi" });
  assert.equal(keyboard.keyboardType, "iso");
  assert.equal(device.host.keyboardType, "ansi");
  await keyboard.type("<a");
  // 0x64 is virtual key 0x0A (dead ^) for an ANSI-classed keyboard, so "<a" comes out as "â".
  assert.equal(device.host.text, "â");
});

Deno.test("dead keys: ABC – Extended types accents as Option+key, then the letter", async () => {
  const { device, keyboard } = await setUp("abc-extended");
  const text = "über naïve café, ā ǎ ñ";
  await keyboard.type(text);
  assert.equal(device.host.text, text);
  assert.equal(device.host.pendingDeadKey, undefined);
  // ü: Option+U then U.
  const [first, second] = device.host.events.filter((event) => event.type === "down");
  assert.equal(first?.type === "down" ? first.code : undefined, "AltLeft");
  assert.equal(second?.type === "down" ? second.code : undefined, "KeyU");
});

Deno.test("Caps Lock from the LED state: letters come out right and Caps Lock stays on", async () => {
  const { device, keyboard } = await setUp("us");
  await keyboard.press("CapsLock");
  assert.equal(device.ledState().capsLock, true);
  await keyboard.type("Hello World");
  assert.equal(device.host.text, "Hello World");
  assert.equal(device.host.capsLock, true);
  assert.equal(device.ledState().capsLock, true);
  const capsPresses = device.host.events.filter((event) =>
    event.type === "down" && event.page === 0x07 && event.usage === 0x39
  );
  // One press by the test, then off before "e" and on again at the end.
  assert.equal(capsPresses.length, 3);
});

Deno.test("Caps Lock on, all capitals: no toggle, no Shift", async () => {
  const { device, keyboard } = await setUp("fr");
  await keyboard.press("CapsLock");
  await keyboard.type("AZERTY");
  assert.equal(device.host.text, "AZERTY");
  const downs = device.host.events.filter((event) => event.type === "down");
  assert.deepEqual(
    downs.map((event) => event.type === "down" ? event.code : ""),
    ["CapsLock", "KeyQ", "KeyW", "KeyE", "KeyR", "KeyT", "KeyY"],
  );
});

Deno.test("an unproducible character is reported with index and layout before anything is typed", async () => {
  const { device, keyboard } = await setUp("de");
  await assert.rejects(() => keyboard.type("a€😀"), (error: unknown) => {
    assert.ok(error instanceof UnproducibleCharacterError);
    assert.equal(error.character, "😀");
    assert.equal(error.index, 2);
    assert.equal(error.layout, "German");
    return true;
  });
  assert.equal(device.host.events.length, 0);
});

Deno.test("the host: Return after a dead key types the accent first, Backspace cancels it", async () => {
  const { device } = await setUp("de");
  const tap = (modifiers: number, usage: number) => {
    device.postKeyboardReport(encodeKeyboardInput(modifiers, [usage]));
    device.postKeyboardReport(encodeKeyboardInput(0, []));
  };
  tap(0, 0x04); // a
  tap(0, 0x2e); // dead ´
  tap(0, 0x2a); // Backspace: cancels the accent, keeps the a
  assert.equal(device.host.text, "a");
  tap(0, 0x2e); // dead ´
  tap(0, 0x28); // Return
  assert.equal(device.host.text, "a´\n");
  tap(0x08, 0x2e); // Command+´ is a shortcut and leaves no accent waiting
  assert.equal(device.host.pendingDeadKey, undefined);
  assert.deepEqual(device.host.shortcuts, ["Meta+Equal"]);
});

Deno.test("a session created from a device name puts its layout and keyboard type on the sim host", async () => {
  const session = await openSession({
    device: "sim",
    layout: getLayout("fr"),
    keyboardType: "ansi",
    clock: new VirtualClock(),
  });
  try {
    assert.ok(session.device instanceof SimDevice);
    assert.equal(session.device.host.layout.id, "fr");
    assert.equal(session.device.host.keyboardType, "ansi");
    assert.equal(session.keyboard.keyboardType, "ansi");
    await session.keyboard.type("a1@");
    assert.equal(session.device.host.text, "a1@");
  } finally {
    session.close();
  }
});

Deno.test("a device instance passed to a session keeps its own input source", async () => {
  const device = new SimDevice();
  const session = await openSession({ device, layout: getLayout("fr"), clock: new VirtualClock() });
  try {
    await session.keyboard.type("a");
    // French "a" is the Q key; the U.S. host reads it as "q".
    assert.equal(device.host.layout.id, "us");
    assert.equal(device.host.text, "q");
  } finally {
    session.close();
  }
});
