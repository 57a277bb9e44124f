import assert from "node:assert/strict";
import { Keyboard } from "../lib/device/keyboard.ts";
import { Mouse } from "../lib/device/mouse.ts";
import { SimDevice } from "../lib/device/sim_device.ts";
import { VirtualClock } from "../lib/device/clock.ts";
import { openSession, withSession } from "../lib/device/session.ts";
import {
  DEFAULT_KEYBOARD_PARAMETERS,
  type InitializeOptions,
  type KeyboardParameters,
  type VirtualHIDDevice,
} from "../lib/device/virtual_hid_device.ts";
import { DeviceUnavailableError, UnknownButtonError } from "../lib/device/device_errors.ts";
import { UnproducibleCharacterError } from "../lib/layout/layout_errors.ts";
import { HidReportError } from "../lib/hid/report_errors.ts";
import { UnknownKeyError } from "../lib/hid/key_names.ts";
import type { HostEvent, HostKeyEvent } from "../lib/host/host_events.ts";
import type { LedState } from "../lib/hid/led_report.ts";

/** A device that forwards to a SimDevice and records every posted report (and can fail posts). */
class RecordingDevice implements VirtualHIDDevice {
  readonly backend = "recording";
  readonly sim: SimDevice;
  readonly keyboardReports: { buffer: Uint8Array; bytes: number[] }[] = [];
  readonly pointingReports: number[][] = [];
  failPosts = false;

  constructor(sim: SimDevice) {
    this.sim = sim;
  }
  open(): Promise<void> {
    return this.sim.open();
  }
  initializeKeyboard(parameters: KeyboardParameters, options?: InitializeOptions): Promise<void> {
    return this.sim.initializeKeyboard(parameters, options);
  }
  initializePointing(options?: InitializeOptions): Promise<void> {
    return this.sim.initializePointing(options);
  }
  isKeyboardReady(): boolean {
    return this.sim.isKeyboardReady();
  }
  isPointingReady(): boolean {
    return this.sim.isPointingReady();
  }
  postKeyboardReport(report: Uint8Array): void {
    if (this.failPosts) throw new DeviceUnavailableError("post failed (test)", "none");
    this.sim.postKeyboardReport(report);
    this.keyboardReports.push({ buffer: report, bytes: [...report] });
  }
  postPointingReport(report: Uint8Array): void {
    if (this.failPosts) throw new DeviceUnavailableError("post failed (test)", "none");
    this.sim.postPointingReport(report);
    this.pointingReports.push([...report]);
  }
  resetKeyboard(): void {
    this.sim.resetKeyboard();
  }
  resetPointing(): void {
    this.sim.resetPointing();
  }
  ledState(): LedState {
    return this.sim.ledState();
  }
  close(): void {
    this.sim.close();
  }
}

async function setup(screen = { width: 1000, height: 800 }) {
  const clock = new VirtualClock(0);
  const sim = new SimDevice({ clock, screen, cursor: { x: 100, y: 100 } });
  const device = new RecordingDevice(sim);
  await device.open();
  await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
  await device.initializePointing();
  const keyboard = new Keyboard(device, { clock });
  const mouse = new Mouse(device, { clock });
  return { clock, sim, host: sim.host, device, keyboard, mouse };
}

function keyEvents(events: readonly HostEvent[]): string[] {
  return events
    .filter((event): event is HostKeyEvent => event.type === "down" || event.type === "up")
    .map((event) => `${event.time} ${event.type} ${event.code}`);
}

Deno.test("press: keys down in order, then up in reverse, after the delay", async () => {
  const { host, keyboard } = await setup();
  await keyboard.press("Meta+Shift+4", { delay: 30 });
  await keyboard.press("?");
  assert.deepEqual(keyEvents(host.events), [
    "0 down MetaLeft",
    "0 down ShiftLeft",
    "0 down Digit4",
    "30 up Digit4",
    "30 up ShiftLeft",
    "30 up MetaLeft",
    "30 down ShiftLeft",
    "30 down Slash",
    "30 up Slash",
    "30 up ShiftLeft",
  ]);
  assert.deepEqual(host.shortcuts, ["Shift+Meta+Digit4"]);
  assert.equal(host.text, "?");
});

Deno.test("press: reports carry the modifier bitmap and the usages (bytes per the spec)", async () => {
  const { device, keyboard } = await setup();
  await keyboard.press("Control+Alt+Delete");
  const summary = device.keyboardReports.map(({ bytes }) => [bytes[0], bytes[1], bytes[3]]);
  // ControlLeft = bit 0x01, AltLeft = bit 0x04, Delete (forward) = usage 0x4C.
  assert.deepEqual(summary, [
    [1, 0x01, 0],
    [1, 0x05, 0],
    [1, 0x05, 0x4c],
    [1, 0x05, 0],
    [1, 0x01, 0],
    [1, 0x00, 0],
  ]);
});

Deno.test("press: keys on other pages go to their own report", async () => {
  const { device, host, keyboard } = await setup();
  await keyboard.press("Shift+AudioVolumeUp");
  const ids = device.keyboardReports.map(({ bytes }) => bytes[0]);
  assert.deepEqual(ids, [1, 2, 2, 1]);
  // Consumer report: [2, 0xE9, 0x00, …] while held.
  assert.deepEqual(device.keyboardReports[1]?.bytes.slice(0, 4), [2, 0xe9, 0, 0]);
  assert.deepEqual(host.pressedKeys(), []);
});

Deno.test("each report id reuses one buffer for every key event", async () => {
  const { device, keyboard } = await setup();
  await keyboard.type("ab");
  await keyboard.press("Shift+A");
  const buffers = new Set(device.keyboardReports.map(({ buffer }) => buffer));
  assert.equal(buffers.size, 1);
  assert.equal(device.keyboardReports.length, 8);
});

Deno.test("down and up are idempotent; pressed() lists keys in press order", async () => {
  const { device, host, keyboard } = await setup();
  keyboard.down("KeyB");
  keyboard.down("cmd");
  keyboard.down("KeyB");
  keyboard.down("mute");
  assert.deepEqual(keyboard.pressed(), ["KeyB", "MetaLeft", "AudioVolumeMute"]);
  assert.deepEqual(host.pressedKeys(), ["MetaLeft", "KeyB", "AudioVolumeMute"]);
  keyboard.up("KeyA");
  assert.equal(device.keyboardReports.length, 3);
  keyboard.releaseAll();
  assert.deepEqual(keyboard.pressed(), []);
  assert.deepEqual(host.pressedKeys(), []);
  assert.equal(device.keyboardReports.length, 5);
});

Deno.test("unknown key names fail before anything is pressed", async () => {
  const { host, keyboard } = await setup();
  await assert.rejects(keyboard.press("Shift+Entr"), UnknownKeyError);
  assert.throws(() => keyboard.down("Entr"), UnknownKeyError);
  assert.deepEqual(host.events, []);
});

Deno.test("type: the host's text equals the typed text", async () => {
  const { host, keyboard } = await setup();
  await keyboard.type("Hello, World!");
  assert.equal(host.text, "Hello, World!");
  await keyboard.type("\n\ta~b\r\nc\rå€ ");
  assert.equal(host.text, "Hello, World!\n\ta~b\nc\nå€ ");
  assert.deepEqual(host.pressedKeys(), []);
  assert.deepEqual(host.shortcuts, []);
});

Deno.test("type: the delay separates characters", async () => {
  const { host, keyboard } = await setup();
  await keyboard.type("aB", { delay: 10 });
  assert.deepEqual(keyEvents(host.events), [
    "0 down KeyA",
    "0 up KeyA",
    "10 down ShiftLeft",
    "10 down KeyB",
    "10 up KeyB",
    "10 up ShiftLeft",
  ]);
});

Deno.test("type: an unproducible character fails before anything is typed", async () => {
  const { host, keyboard } = await setup();
  await assert.rejects(keyboard.type("ok 😀 é"), (error: unknown) => {
    assert.ok(error instanceof UnproducibleCharacterError);
    assert.equal(error.character, "😀");
    assert.equal(error.index, 3);
    assert.equal(error.layout, "U.S.");
    assert.equal(error.exitCode, 2);
    assert.match(error.message, /"U\.S\." layout cannot type "😀" \(U\+1F600\) at character 4/);
    return true;
  });
  assert.deepEqual(host.events, []);
  assert.equal(host.text, "");
});

Deno.test("hold: keys stay down while fn runs, and are released after", async () => {
  const { host, keyboard } = await setup();
  const result = await keyboard.hold("Shift", async () => {
    assert.deepEqual(host.pressedKeys(), ["ShiftLeft"]);
    await keyboard.press("Shift+KeyA");
    assert.deepEqual(host.pressedKeys(), ["ShiftLeft"]);
    await keyboard.press("b");
    return 42;
  });
  assert.equal(result, 42);
  assert.equal(host.text, "AB");
  assert.deepEqual(host.pressedKeys(), []);
  assert.deepEqual(keyEvents(host.events).filter((event) => event.endsWith("ShiftLeft")), [
    "0 down ShiftLeft",
    "0 up ShiftLeft",
  ]);
});

Deno.test("hold: when fn throws, every key is released and the error propagates", async () => {
  const { host, keyboard, mouse } = await setup();
  const failure = new Error("boom");
  mouse.down();
  await assert.rejects(
    keyboard.hold("Meta+Shift+KeyA", () => {
      assert.equal(host.pressedKeys().length, 3);
      throw failure;
    }),
    (error) => error === failure,
  );
  assert.deepEqual(host.pressedKeys(), []);
  assert.deepEqual(keyboard.pressed(), []);
  assert.deepEqual(keyEvents(host.events).slice(-3), [
    "0 up KeyA",
    "0 up ShiftLeft",
    "0 up MetaLeft",
  ]);
  mouse.releaseAll();
});

Deno.test("withSession: when fn throws, keys and buttons are released and the device closed", async () => {
  const sim = new SimDevice({ clock: new VirtualClock() });
  const failure = new Error("recipe failed");
  await assert.rejects(
    withSession({ device: sim, clock: new VirtualClock() }, (session) => {
      session.keyboard.down("ControlLeft");
      session.keyboard.down("KeyX");
      session.keyboard.down("play");
      session.mouse.down("right");
      assert.equal(sim.host.pressedKeys().length, 3);
      throw failure;
    }),
    (error) => error === failure,
  );
  assert.deepEqual(sim.host.pressedKeys(), []);
  assert.deepEqual(sim.host.buttonsDown(), []);
  assert.equal(sim.isKeyboardReady(), false);
  const ups = sim.host.events.filter((event) => event.type === "up" || event.type === "buttonUp");
  assert.equal(ups.length, 4);
});

Deno.test("withSession returns fn's value; openSession sessions close once", async () => {
  const sim = new SimDevice();
  const value = await withSession({ device: sim }, async (session) => {
    await session.keyboard.type("x");
    return "done";
  });
  assert.equal(value, "done");
  assert.equal(sim.host.text, "x");
  const session = await openSession({ device: new SimDevice() });
  assert.equal(session.closed, false);
  session.close();
  session[Symbol.dispose]();
  assert.equal(session.closed, true);
  assert.equal(session.device.isKeyboardReady(), false);
});

Deno.test("openSession by name: sim with the notice off macOS", async () => {
  const session = await openSession({ device: "auto", env: { get: () => undefined }, os: "linux" });
  try {
    assert.equal(session.device.backend, "sim");
    assert.equal(session.notice, "no macOS here: using the simulated device (sim)");
  } finally {
    session.close();
  }
});

Deno.test("a failed post leaves the controller's state as it was", async () => {
  const { device, host, keyboard, mouse } = await setup();
  keyboard.down("KeyA");
  device.failPosts = true;
  assert.throws(() => keyboard.down("KeyB"), DeviceUnavailableError);
  assert.throws(() => keyboard.up("KeyA"), DeviceUnavailableError);
  assert.throws(() => mouse.down(), DeviceUnavailableError);
  assert.deepEqual(keyboard.pressed(), ["KeyA"]);
  assert.deepEqual(mouse.pressed(), []);
  device.failPosts = false;
  keyboard.up("KeyA");
  assert.deepEqual(host.pressedKeys(), []);
});

Deno.test("a 33rd key of one report is refused and the 32 others stay down", async () => {
  const { host, keyboard } = await setup();
  const names = "abcdefghijklmnopqrstuvwxyz0123456".split("").map((char) => char);
  for (const name of names.slice(0, 32)) keyboard.down(name);
  assert.throws(() => keyboard.down(names[32] as string), HidReportError);
  assert.equal(keyboard.pressed().length, 32);
  assert.equal(host.pressedKeys().length, 32);
  keyboard.releaseAll();
  assert.deepEqual(host.pressedKeys(), []);
});

Deno.test("mouse.move(300, 0) posts steps of at most 127 that add up to 300", async () => {
  const { device, host, mouse } = await setup();
  mouse.move(300, -5);
  const xs = device.pointingReports.map((report) => (report[4] as number) << 24 >> 24);
  const ys = device.pointingReports.map((report) => (report[5] as number) << 24 >> 24);
  assert.ok(xs.length >= 3);
  assert.ok(xs.every((x) => Math.abs(x) <= 127));
  assert.equal(xs.reduce((sum, x) => sum + x, 0), 300);
  assert.equal(ys.reduce((sum, y) => sum + y, 0), -5);
  assert.deepEqual(host.cursor, { x: 400, y: 95 });
  assert.throws(() => mouse.move(1.5, 0), HidReportError);
});

Deno.test("mouse.scroll splits too and keeps held buttons", async () => {
  const { device, host, mouse } = await setup();
  mouse.down("middle");
  mouse.scroll(-200, 3);
  const scrolls = host.events.filter((event) => event.type === "scroll");
  assert.equal(scrolls.reduce((sum, event) => sum + event.vertical, 0), -200);
  assert.equal(scrolls.reduce((sum, event) => sum + event.horizontal, 0), 3);
  // Every report after the press still carries button 3 (bit 2).
  assert.ok(device.pointingReports.every((report) => report[0] === 0b100));
  mouse.releaseAll();
  assert.deepEqual(host.buttonsDown(), []);
});

Deno.test("mouse click, dblclick and named buttons", async () => {
  const { host, mouse } = await setup();
  await mouse.click("left", { delay: 5 });
  await mouse.click("right");
  await mouse.dblclick(1, { delay: 2 });
  await mouse.click(32, { clickCount: 1 });
  const buttons = host.events.map((event) =>
    "button" in event ? `${event.time} ${event.type} ${event.button}` : event.type
  );
  assert.deepEqual(buttons, [
    "0 buttonDown 1",
    "5 buttonUp 1",
    "5 buttonDown 2",
    "5 buttonUp 2",
    "5 buttonDown 1",
    "7 buttonUp 1",
    "9 buttonDown 1",
    "11 buttonUp 1",
    "11 buttonDown 32",
    "11 buttonUp 32",
  ]);
});

Deno.test("mouse rejects unknown buttons and bad click counts before pressing", async () => {
  const { host, mouse } = await setup();
  assert.throws(() => mouse.down("rigth" as "right"), (error: unknown) => {
    assert.ok(error instanceof UnknownButtonError);
    assert.match(error.message, /did you mean "right"/);
    return true;
  });
  assert.throws(() => mouse.down(0), UnknownButtonError);
  assert.throws(() => mouse.down(33), UnknownButtonError);
  await assert.rejects(mouse.click(1, { clickCount: 0 }), /click count 0/);
  await assert.rejects(mouse.click(1, { delay: -1 }), /delay -1 ms/);
  assert.deepEqual(host.events, []);
});

Deno.test("mouse.drag presses, moves and releases at the end point", async () => {
  const { host, mouse } = await setup();
  await mouse.drag(150, 20, { button: "left", delay: 3 });
  const summary = host.events.map((event) =>
    "x" in event ? `${event.type} ${event.x},${event.y}` : event.type
  );
  assert.deepEqual(summary, [
    "buttonDown 100,100",
    "move 175,110",
    "move 250,120",
    "buttonUp 250,120",
  ]);
  assert.equal(host.events.at(-1)?.time, 6);
  await assert.rejects(mouse.drag(0.5, 0), HidReportError);
  assert.deepEqual(host.buttonsDown(), []);
  assert.equal(host.events.length, 4);
});
