import assert from "node:assert/strict";
import { SimulatedHost } from "../lib/host/simulated_host.ts";
import type { HostEvent } from "../lib/host/host_events.ts";
import { HidReportError } from "../lib/hid/report_errors.ts";
import { VirtualClock } from "../lib/device/clock.ts";
import { US_ANSI } from "../lib/layout/us_ansi.ts";
import { strokesForCharacter } from "../lib/layout/character_strokes.ts";
import { virtualKeyForUsage } from "../lib/layout/virtual_keys.ts";

// Reports are built by hand from driverkit-reference.md §2, not with the encoders under test
// elsewhere: keyboard = [1, modifiers, 0, 32 × u16 LE usages]; array = [id, 32 × u16 LE];
// pointing = [buttons u32 LE, x, y, vertical, horizontal] as int8.
function keyboard(modifiers: number, ...usages: number[]): Uint8Array {
  const report = new Uint8Array(67);
  report[0] = 1;
  report[1] = modifiers;
  usages.forEach((usage, slot) => {
    report[3 + 2 * slot] = usage & 0xff;
    report[4 + 2 * slot] = usage >> 8;
  });
  return report;
}

function array(reportId: number, ...usages: number[]): Uint8Array {
  const report = new Uint8Array(65);
  report[0] = reportId;
  usages.forEach((usage, slot) => {
    report[1 + 2 * slot] = usage & 0xff;
    report[2 + 2 * slot] = usage >> 8;
  });
  return report;
}

function pointing(buttons: number, x = 0, y = 0, vertical = 0, horizontal = 0): Uint8Array {
  return new Uint8Array([
    buttons & 0xff,
    (buttons >>> 8) & 0xff,
    (buttons >>> 16) & 0xff,
    buttons >>> 24,
    x & 0xff,
    y & 0xff,
    vertical & 0xff,
    horizontal & 0xff,
  ]);
}

const LEFT_CTRL = 0x01;
const LEFT_SHIFT = 0x02;
const LEFT_OPTION = 0x04;
const LEFT_COMMAND = 0x08;
const RIGHT_SHIFT = 0x20;
const A = 0x04, C = 0x06, H = 0x0b, I = 0x0c, DIGIT1 = 0x1e, CAPS = 0x39;
const ENTER = 0x28, TAB = 0x2b, BACKSPACE = 0x2a, SPACE = 0x2c;

/** Taps each [modifiers, usage] pair: down then all keys up (modifiers kept for the up). */
function tap(host: SimulatedHost, ...strokes: [number, number][]): void {
  for (const [modifiers, usage] of strokes) {
    host.receive(keyboard(modifiers, usage), "keyboard");
    host.receive(keyboard(0), "keyboard");
  }
}

Deno.test("host types text with Shift, Option, Enter, Tab and Backspace", () => {
  const host = new SimulatedHost();
  tap(
    host,
    [LEFT_SHIFT, H],
    [0, I],
    [RIGHT_SHIFT, DIGIT1],
    [0, SPACE],
    [LEFT_OPTION, A],
    [0, ENTER],
    [0, TAB],
    [0, C],
    [0, BACKSPACE],
  );
  assert.equal(host.text, "Hi! å\n\t");
});

Deno.test("Backspace on empty text keeps it empty", () => {
  const host = new SimulatedHost();
  tap(host, [0, BACKSPACE], [0, A]);
  assert.equal(host.text, "a");
});

Deno.test("Caps Lock uppercases letters only, and Shift with Caps Lock still gives upper case", () => {
  const host = new SimulatedHost();
  tap(host, [0, CAPS], [0, A], [0, DIGIT1]);
  tap(host, [LEFT_SHIFT, A], [LEFT_SHIFT, DIGIT1]);
  tap(host, [0, CAPS], [0, A]);
  assert.equal(host.text, "A1A!a");
  assert.equal(host.capsLock, false);
});

Deno.test("Option with Caps Lock uses the layout's opt+caps characters", () => {
  const host = new SimulatedHost();
  tap(host, [0, CAPS], [LEFT_OPTION, 0x14], [LEFT_OPTION, 0x0a]);
  // CLDR en-t-k0-osx opt+caps: Q → Œ, G → © (not upper-cased).
  assert.equal(host.text, "Œ©");
});

Deno.test("Command and Control combinations are shortcuts and type nothing", () => {
  const host = new SimulatedHost();
  tap(host, [LEFT_COMMAND, C], [LEFT_CTRL | LEFT_SHIFT, A], [LEFT_COMMAND | LEFT_OPTION, I]);
  assert.equal(host.text, "");
  assert.deepEqual(host.shortcuts, ["Meta+KeyC", "Control+Shift+KeyA", "Alt+Meta+KeyI"]);
});

Deno.test("a modifier sent as an array usage acts like the modifier bit", () => {
  const host = new SimulatedHost();
  host.receive(keyboard(0, 0xe1), "keyboard");
  host.receive(keyboard(0, 0xe1, A), "keyboard");
  host.receive(keyboard(0), "keyboard");
  assert.equal(host.text, "A");
});

Deno.test("events carry the virtual clock's time, canonical codes, and a fixed order", () => {
  const clock = new VirtualClock(1000);
  const host = new SimulatedHost({ clock });
  host.receive(keyboard(LEFT_SHIFT, A), "keyboard");
  clock.advance(25);
  host.receive(keyboard(0), "keyboard");
  assert.deepEqual(host.events, [
    { time: 1000, type: "down", page: 0x07, usage: 0xe1, code: "ShiftLeft" },
    { time: 1000, type: "down", page: 0x07, usage: A, code: "KeyA" },
    { time: 1025, type: "up", page: 0x07, usage: A, code: "KeyA" },
    { time: 1025, type: "up", page: 0x07, usage: 0xe1, code: "ShiftLeft" },
  ]);
  assert.equal(host.text, "A");
});

Deno.test("each report id keeps its own state", () => {
  const host = new SimulatedHost({ clock: new VirtualClock() });
  host.receive(array(2, 0xcd), "keyboard");
  host.receive(keyboard(0, A), "keyboard");
  host.receive(array(3, 0x03), "keyboard");
  assert.deepEqual(host.pressedKeys(), ["KeyA", "MediaPlayPause", "Fn"]);
  host.receive(keyboard(0), "keyboard");
  assert.deepEqual(host.pressedKeys(), ["MediaPlayPause", "Fn"]);
  host.receive(array(2), "keyboard");
  host.receive(array(3), "keyboard");
  assert.deepEqual(host.pressedKeys(), []);
  const consumer = host.events.filter((event) => "page" in event && event.page === 0x0c);
  assert.deepEqual(consumer.map((event) => event.type), ["down", "up"]);
  assert.equal(host.text, "a");
});

Deno.test("pointer moves clamp to the screen, buttons and scroll carry the cursor", () => {
  const clock = new VirtualClock();
  const host = new SimulatedHost({
    clock,
    screen: { width: 100, height: 50 },
    cursor: { x: 10, y: 10 },
  });
  host.receive(pointing(0, 5, -3), "pointing");
  assert.deepEqual(host.cursor, { x: 15, y: 7 });
  host.receive(pointing(0, 127, 127), "pointing");
  assert.deepEqual(host.cursor, { x: 99, y: 49 });
  host.receive(pointing(0, -127, -127), "pointing");
  assert.deepEqual(host.cursor, { x: 0, y: 0 });
  clock.advance(7);
  host.receive(pointing(0b101), "pointing");
  assert.deepEqual(host.buttonsDown(), [1, 3]);
  host.receive(pointing(0x80000001, 0, 0, -2, 1), "pointing");
  assert.deepEqual(host.buttonsDown(), [1, 32]);
  host.receive(pointing(0), "pointing");
  assert.deepEqual(host.events.slice(3), [
    { time: 7, type: "buttonDown", button: 1, x: 0, y: 0 },
    { time: 7, type: "buttonDown", button: 3, x: 0, y: 0 },
    { time: 7, type: "buttonUp", button: 3, x: 0, y: 0 },
    { time: 7, type: "buttonDown", button: 32, x: 0, y: 0 },
    { time: 7, type: "scroll", vertical: -2, horizontal: 1, x: 0, y: 0 },
    { time: 7, type: "buttonUp", button: 1, x: 0, y: 0 },
    { time: 7, type: "buttonUp", button: 32, x: 0, y: 0 },
  ]);
  assert.deepEqual(host.events[0], { time: 0, type: "move", dx: 5, dy: -3, x: 15, y: 7 });
});

Deno.test("bad reports are rejected and leave the state unchanged", () => {
  const host = new SimulatedHost();
  host.receive(keyboard(0, A), "keyboard");
  const rejects = (report: Uint8Array, source: "keyboard" | "pointing", message: RegExp) =>
    assert.throws(() => host.receive(report, source), (error: unknown) => {
      assert.ok(error instanceof HidReportError);
      assert.match(error.message, message);
      assert.equal(error.exitCode, 2);
      return true;
    });
  rejects(new Uint8Array(0), "keyboard", /empty keyboard report/);
  rejects(keyboard(0).subarray(0, 65), "keyboard", /report id 1 is 67 bytes, got 65/);
  rejects(array(2).subarray(0, 64), "keyboard", /report id 2 is 65 bytes, got 64/);
  rejects(new Uint8Array([5, 2]), "keyboard", /report id 5 is not a keyboard input report id/);
  rejects(array(9), "keyboard", /report id 9 is not a keyboard input report id/);
  rejects(keyboard(0, 0x100), "keyboard", /keyboard usage 256 \(0x100\) is outside 1\.\.255/);
  rejects(array(2, 0x301), "keyboard", /report id 2 usage 769/);
  rejects(new Uint8Array(7), "pointing", /pointing input report is 8 bytes, got 7/);
  rejects(pointing(0, -128), "pointing", /x motion -128/);
  assert.deepEqual(host.pressedKeys(), ["KeyA"]);
  assert.deepEqual(host.cursor, { x: 960, y: 540 });
  assert.equal(host.events.length, 1);
});

Deno.test("Caps Lock sends the LED output report to the keyboard, as macOS does", () => {
  const leds: number[][] = [];
  const host = new SimulatedHost({ onLedOutput: (report) => leds.push([...report]) });
  tap(host, [0, CAPS]);
  host.receive(keyboard(LEFT_COMMAND, CAPS), "keyboard");
  host.receive(keyboard(0), "keyboard");
  assert.deepEqual(leds, [[5, 0x02], [5, 0x00]]);
  assert.deepEqual(host.shortcuts, []);
});

Deno.test("onEvent listeners see every event until removed", () => {
  const host = new SimulatedHost();
  const seen: HostEvent[] = [];
  const remove = host.onEvent((event) => seen.push(event));
  host.receive(keyboard(0, A), "keyboard");
  remove();
  host.receive(keyboard(0), "keyboard");
  assert.equal(seen.length, 1);
  assert.equal(host.events.length, 2);
});

Deno.test("a bad screen size is a usage error", () => {
  assert.throws(
    () => new SimulatedHost({ screen: { width: 0, height: 10 } }),
    /screen size 0 × 10 is not valid/,
  );
});

Deno.test("U.S. layout: every character's strokes type that character", () => {
  const samples = "abcxyzABCXYZ0123456789`~!@#$%^&*()-_=+[]{}\\|;:'\",.<>/? åßç€±§«»æÆ\u{A0}";
  for (const char of samples) {
    const strokes = strokesForCharacter(US_ANSI, char);
    assert.ok(strokes !== undefined && strokes.length === 1, `no strokes for ${char}`);
    const [stroke] = strokes;
    assert.ok(stroke !== undefined);
    const virtualKey = virtualKeyForUsage(stroke.usage, "ansi");
    assert.ok(virtualKey !== undefined);
    assert.equal(US_ANSI.output(virtualKey, { ...stroke, capsLock: false })?.text, char);
  }
  // § and ± come from keys that do not move between ANSI and ISO (Option+6, Option+Shift+=).
  const strokes = (char: string) => strokesForCharacter(US_ANSI, char);
  assert.deepEqual(strokes("§"), [{ usage: 0x23, shift: false, option: true }]);
  assert.deepEqual(strokes("±"), [{ usage: 0x2e, shift: true, option: true }]);
  assert.deepEqual(strokes("\\"), [{ usage: 0x31, shift: false, option: false }]);
});

Deno.test("U.S. layout: the Option dead keys wait, non-character keys type nothing", () => {
  const option = { shift: false, option: true, capsLock: false };
  // Option+` E I U N (virtual keys 0x32 0x0E 0x22 0x20 0x2D) are dead keys in en-t-k0-osx.xml.
  for (const virtualKey of [0x32, 0x0e, 0x22, 0x20, 0x2d]) {
    assert.equal(US_ANSI.output(virtualKey, option)?.dead, true);
  }
  assert.equal(US_ANSI.output(0x24, { ...option, option: false }), undefined); // Return
  assert.deepEqual(strokesForCharacter(US_ANSI, "é"), [
    { usage: 0x08, shift: false, option: true },
    { usage: 0x08, shift: false, option: false },
  ]);
  assert.equal(strokesForCharacter(US_ANSI, "\n"), undefined);
});
