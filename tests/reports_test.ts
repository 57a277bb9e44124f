import assert from "node:assert/strict";
import fc from "fast-check";
import { ExitCode } from "../lib/errors.ts";
import { decodeKeyboardInput, encodeKeyboardInput } from "../lib/hid/keyboard_report.ts";
import { decodeArrayInput, encodeArrayInput, reportIdForPage } from "../lib/hid/array_report.ts";
import {
  buttonMask,
  decodePointingInput,
  encodePointingInput,
  type PointingInput,
  splitMotion,
} from "../lib/hid/pointing_report.ts";
import { decodeLedReport, encodeLedReport } from "../lib/hid/led_report.ts";
import { HidReportError } from "../lib/hid/report_errors.ts";
import type { ArrayReportId } from "../lib/hid/report_ids.ts";

/** A report of `size` bytes whose first bytes are `head` and the rest zero. */
function bytes(size: number, head: readonly number[]): Uint8Array {
  const report = new Uint8Array(size);
  report.set(head);
  return report;
}

/** Asserts that `run` throws a usage-exit HidReportError with a hint, whose message matches. */
function assertReportError(run: () => unknown, message: RegExp, hint = /./): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof HidReportError, `expected HidReportError, got ${String(error)}`);
    assert.equal(error.exitCode, ExitCode.Usage);
    assert.match(error.message, message);
    assert.match(error.hint, hint);
    return true;
  });
}

const noMotion = { x: 0, y: 0, vertical: 0, horizontal: 0 };

// Keyboard input report (id 1, 67 bytes).

Deno.test("keyboard: modifiers 0x0A with a and 1", () => {
  assert.deepEqual(
    encodeKeyboardInput(0x0a, [0x04, 0x1e]),
    bytes(67, [1, 0x0a, 0, 0x04, 0, 0x1e, 0]),
  );
});

Deno.test("keyboard: empty report releases everything", () => {
  assert.deepEqual(encodeKeyboardInput(0, []), bytes(67, [1]));
});

Deno.test("keyboard: 32 usages fill every slot, usage 255 and right command 0xE7 fit", () => {
  const usages = Array.from({ length: 32 }, (_, slot) => slot + 1);
  usages[30] = 0xe7;
  usages[31] = 0xff;
  const expected = [1, 0x80, 0];
  for (let slot = 1; slot <= 30; slot++) expected.push(slot, 0);
  expected.push(0xe7, 0, 0xff, 0);
  assert.equal(expected.length, 67);
  assert.deepEqual(encodeKeyboardInput(0x80, usages), new Uint8Array(expected));
});

Deno.test("keyboard: a duplicated usage takes one slot", () => {
  assert.deepEqual(
    encodeKeyboardInput(0, [0x04, 0x05, 0x04, 0x05, 0x06]),
    bytes(67, [1, 0, 0, 0x04, 0, 0x05, 0, 0x06, 0]),
  );
});

Deno.test("keyboard: 33 entries with 32 distinct usages fit", () => {
  const usages = [...Array.from({ length: 32 }, (_, slot) => slot + 1), 1];
  assert.deepEqual(decodeKeyboardInput(encodeKeyboardInput(0, usages)).usages, usages.slice(0, 32));
});

Deno.test("keyboard: a reused buffer is fully overwritten and returned", () => {
  const out = new Uint8Array(67).fill(0xaa);
  const report = encodeKeyboardInput(0x01, [0x2c], out);
  assert.equal(report, out);
  assert.deepEqual(out, bytes(67, [1, 0x01, 0, 0x2c, 0]));
});

Deno.test("keyboard: errors name the value and the range", () => {
  assertReportError(
    () => encodeKeyboardInput(0, [0]),
    /keyboard usage 0 \(0x00\) is outside 1\.\.255/,
  );
  assertReportError(() => encodeKeyboardInput(0, [256]), /keyboard usage 256 \(0x100\) is outside/);
  assertReportError(() => encodeKeyboardInput(0, [-1]), /keyboard usage -1 .*outside 1\.\.255/);
  assertReportError(() => encodeKeyboardInput(0, [4.5]), /keyboard usage 4\.5 is not an integer/);
  assertReportError(() => encodeKeyboardInput(0, [NaN]), /keyboard usage NaN is not an integer/);
  assertReportError(() => encodeKeyboardInput(0, { length: 1 }), /keyboard usage undefined/);
  assertReportError(() => encodeKeyboardInput(256, []), /modifier bitmap 256 \(0x100\)/);
  assertReportError(() => encodeKeyboardInput(-1, []), /modifier bitmap -1 .*0\.\.255/);
  assertReportError(() => encodeKeyboardInput(1.5, []), /modifier bitmap 1\.5 is not an integer/);
  assertReportError(
    () => encodeKeyboardInput(0, [], new Uint8Array(66)),
    /must be 67 bytes, got 66/,
  );
});

Deno.test("keyboard: the 33rd distinct usage is refused", () => {
  const usages = Array.from({ length: 33 }, (_, slot) => slot + 1);
  assertReportError(
    () => encodeKeyboardInput(0, usages),
    /keyboard usage 33 \(0x21\) is one too many: .* at most 32/,
  );
});

Deno.test("keyboard: a failed encode leaves the buffer untouched", () => {
  const out = encodeKeyboardInput(0x02, [0x04]);
  const before = out.slice();
  assert.throws(() => encodeKeyboardInput(0, [0x05, 300], out), HidReportError);
  assert.throws(() => encodeKeyboardInput(0, Array.from({ length: 40 }, (_, i) => i + 1), out));
  assert.deepEqual(out, before);
});

Deno.test("keyboard: decode reads modifiers and non-zero slots in slot order", () => {
  // Slot 0 empty, slot 1 = 0x1E, slot 5 = 0x0104 (a high byte the encoder never writes).
  const report = bytes(67, [1, 0x22, 0, 0, 0, 0x1e, 0, 0, 0, 0, 0, 0, 0, 0x04, 0x01]);
  assert.deepEqual(decodeKeyboardInput(report), { modifiers: 0x22, usages: [0x1e, 0x104] });
});

Deno.test("keyboard: decode round-trips encode", () => {
  const input = { modifiers: 0xe1, usages: [0x29, 0x04, 0xe0, 0x39] };
  assert.deepEqual(decodeKeyboardInput(encodeKeyboardInput(input.modifiers, input.usages)), input);
});

Deno.test("keyboard: decode refuses a wrong length or report id", () => {
  assertReportError(() => decodeKeyboardInput(new Uint8Array(65)), /67 bytes, got 65/);
  assertReportError(() => decodeKeyboardInput(bytes(67, [2])), /report id 2 is not the keyboard/);
});

// Array input reports (ids 2, 3, 4, 7; 65 bytes).

Deno.test("array: consumer play/pause 0xCD and the maximum 0x300", () => {
  assert.deepEqual(encodeArrayInput(2, [0xcd, 0x300]), bytes(65, [2, 0xcd, 0x00, 0x00, 0x03]));
});

Deno.test("array: Apple top case fn (0x03) and brightness up (0x04)", () => {
  assert.deepEqual(encodeArrayInput(3, [0x03, 0x04]), bytes(65, [3, 0x03, 0, 0x04, 0]));
});

Deno.test("array: Apple vendor keyboard Spotlight (0x01) and Launchpad (0x04)", () => {
  assert.deepEqual(encodeArrayInput(4, [0x01, 0x04]), bytes(65, [4, 0x01, 0, 0x04, 0]));
});

Deno.test("array: generic desktop system sleep (0x82) and do not disturb (0x9B)", () => {
  assert.deepEqual(encodeArrayInput(7, [0x82, 0x9b]), bytes(65, [7, 0x82, 0, 0x9b, 0]));
});

Deno.test("array: duplicates take one slot, a reused buffer is fully overwritten", () => {
  const out = new Uint8Array(65).fill(0x55);
  assert.equal(encodeArrayInput(2, [0xe2, 0x1e2, 0xe2, 0x1e2], out), out);
  assert.deepEqual(out, bytes(65, [2, 0xe2, 0x00, 0xe2, 0x01]));
});

Deno.test("array: 32 consumer usages fill every slot", () => {
  const usages = Array.from({ length: 32 }, (_, slot) => 0x2e0 + slot);
  const expected = [2];
  for (let slot = 0; slot < 32; slot++) expected.push(0xe0 + slot, 0x02);
  assert.deepEqual(encodeArrayInput(2, usages), new Uint8Array(expected));
});

Deno.test("array: usages beyond each page's maximum are refused", () => {
  assertReportError(
    () => encodeArrayInput(2, [0x301]),
    /consumer usage 769 \(0x301\) is outside 1\.\.768 \(0x01\.\.0x300\)/,
  );
  assertReportError(() => encodeArrayInput(3, [0x100]), /Apple top case usage 256 .*1\.\.255/);
  assertReportError(() => encodeArrayInput(4, [0x100]), /Apple vendor keyboard usage 256/);
  assertReportError(() => encodeArrayInput(7, [0x100]), /generic desktop usage 256/);
  assertReportError(() => encodeArrayInput(2, [0]), /consumer usage 0 \(0x00\) is outside/);
  assertReportError(() => encodeArrayInput(2, [205.5]), /consumer usage 205\.5 is not an integer/);
  assertReportError(() => encodeArrayInput(2, [0x10000]), /consumer usage 65536/);
});

Deno.test("array: unknown report ids, a 33rd usage and a wrong buffer are refused", () => {
  assertReportError(() => encodeArrayInput(1 as ArrayReportId, [4]), /report id 1 is not an array/);
  assertReportError(() => encodeArrayInput(5 as ArrayReportId, [4]), /report id 5 is not an array/);
  const usages = Array.from({ length: 33 }, (_, slot) => slot + 1);
  assertReportError(
    () => encodeArrayInput(7, usages),
    /generic desktop usage 33 \(0x21\) is one too many/,
  );
  assertReportError(() => encodeArrayInput(2, [], new Uint8Array(67)), /must be 65 bytes, got 67/);
});

Deno.test("array: a failed encode leaves the buffer untouched", () => {
  const out = encodeArrayInput(2, [0xcd]);
  const before = out.slice();
  assert.throws(() => encodeArrayInput(2, [0xe2, 0x301], out), HidReportError);
  assert.deepEqual(out, before);
});

Deno.test("array: decode reads the report id and the non-zero slots", () => {
  assert.deepEqual(decodeArrayInput(bytes(65, [2, 0, 0, 0x00, 0x03, 0xcd, 0])), {
    reportId: 2,
    usages: [0x300, 0xcd],
  });
  for (const reportId of [2, 3, 4, 7] as const) {
    assert.deepEqual(decodeArrayInput(encodeArrayInput(reportId, [0x10, 0x20])), {
      reportId,
      usages: [0x10, 0x20],
    });
  }
});

Deno.test("array: decode refuses a wrong length or report id", () => {
  assertReportError(() => decodeArrayInput(new Uint8Array(67)), /65 bytes, got 67/);
  assertReportError(() => decodeArrayInput(bytes(65, [1])), /report id 1 is not an array/);
  assertReportError(() => decodeArrayInput(bytes(65, [5])), /report id 5 is not an array/);
});

Deno.test("reportIdForPage maps each page to its report", () => {
  assert.equal(reportIdForPage(0x07), 1);
  assert.equal(reportIdForPage(0x0c), 2);
  assert.equal(reportIdForPage(0x00ff), 3);
  assert.equal(reportIdForPage(0xff01), 4);
  assert.equal(reportIdForPage(0x01), 7);
  assertReportError(() => reportIdForPage(0x0d), /no report carries usage page 0x0D/);
  assertReportError(() => reportIdForPage(0xff00), /no report carries usage page 0xFF00/);
});

// Pointing input report (no id, 8 bytes).

Deno.test("pointing: buttons 1 and 32 with x = -1", () => {
  assert.deepEqual(
    encodePointingInput({ ...noMotion, buttons: 0x80000001, x: -1 }),
    new Uint8Array([0x01, 0x00, 0x00, 0x80, 0xff, 0x00, 0x00, 0x00]),
  );
});

Deno.test("pointing: every byte at its offset", () => {
  assert.deepEqual(
    encodePointingInput({ buttons: 0x04030201, x: 127, y: -127, vertical: 1, horizontal: -2 }),
    new Uint8Array([0x01, 0x02, 0x03, 0x04, 0x7f, 0x81, 0x01, 0xfe]),
  );
  assert.deepEqual(
    encodePointingInput({ ...noMotion, buttons: 0xffffffff }),
    new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]),
  );
});

Deno.test("pointing: a reused buffer is fully overwritten and returned", () => {
  const out = new Uint8Array(8).fill(0x33);
  assert.equal(encodePointingInput({ ...noMotion, buttons: 2 }, out), out);
  assert.deepEqual(out, new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0]));
});

Deno.test("pointing: out-of-range motion and buttons are refused, with splitMotion as the hint", () => {
  const base: PointingInput = { ...noMotion, buttons: 0 };
  assertReportError(
    () => encodePointingInput({ ...base, x: 300 }),
    /x motion 300 is outside -127\.\.127/,
    /splitMotion/,
  );
  assertReportError(() => encodePointingInput({ ...base, x: 128 }), /x motion 128 is outside/);
  assertReportError(() => encodePointingInput({ ...base, y: -128 }), /y motion -128 is outside/);
  assertReportError(
    () => encodePointingInput({ ...base, vertical: 1.5 }),
    /vertical wheel 1\.5 is not an integer/,
  );
  assertReportError(
    () => encodePointingInput({ ...base, horizontal: 200 }),
    /horizontal wheel 200/,
  );
  assertReportError(
    () => encodePointingInput({ ...base, buttons: -1 }),
    /button bitmap -1 .*0\.\.4294967295/,
  );
  assertReportError(
    () => encodePointingInput({ ...base, buttons: 2 ** 32 }),
    /button bitmap 4294967296/,
  );
  assertReportError(() => encodePointingInput({ ...base, buttons: 0.5 }), /button bitmap 0\.5/);
  assertReportError(() => encodePointingInput(base, new Uint8Array(9)), /must be 8 bytes, got 9/);
});

Deno.test("pointing: decode sign-extends motion and keeps buttons unsigned", () => {
  assert.deepEqual(
    decodePointingInput(new Uint8Array([0x01, 0x02, 0x03, 0x84, 0x80, 0x7f, 0xff, 0x00])),
    { buttons: 0x84030201, x: -128, y: 127, vertical: -1, horizontal: 0 },
  );
  const input = { buttons: 0x80000005, x: -100, y: 50, vertical: -3, horizontal: 4 };
  assert.deepEqual(decodePointingInput(encodePointingInput(input)), input);
  assertReportError(() => decodePointingInput(new Uint8Array(9)), /8 bytes, got 9/);
});

Deno.test("buttonMask: bit n-1 for button n, 1..32 only", () => {
  assert.equal(buttonMask(1), 0x1);
  assert.equal(buttonMask(2), 0x2);
  assert.equal(buttonMask(3), 0x4);
  assert.equal(buttonMask(32), 0x80000000);
  assertReportError(() => buttonMask(0), /pointing button 0 is outside 1\.\.32/);
  assertReportError(() => buttonMask(33), /pointing button 33 is outside 1\.\.32/);
  assertReportError(() => buttonMask(1.5), /pointing button 1\.5 is not an integer/);
});

// splitMotion.

const step = (x: number, y: number, vertical = 0, horizontal = 0): PointingInput => ({
  buttons: 0,
  x,
  y,
  vertical,
  horizontal,
});

Deno.test("splitMotion: 300 right and 10 down in three even steps", () => {
  assert.deepEqual(splitMotion(300, 10), [step(100, 3), step(100, 3), step(100, 4)]);
});

Deno.test("splitMotion: a move that fits is one step; no move is no step", () => {
  assert.deepEqual(splitMotion(127, -127), [step(127, -127)]);
  assert.deepEqual(splitMotion(0, 0), []);
});

Deno.test("splitMotion: negative moves and zero axes (no -0)", () => {
  const steps = splitMotion(-255, 0);
  assert.deepEqual(steps, [step(-85, 0), step(-85, 0), step(-85, 0)]);
  assert.ok(steps.every((s) => Object.is(s.y, 0)));
});

Deno.test("splitMotion: wheels spread their remainder evenly", () => {
  // 1000 needs 8 steps of 125; -5 over 8 steps: floor((i+1)*5/8) - floor(i*5/8) per step.
  assert.deepEqual(
    splitMotion(0, 0, 1000, -5),
    [0, -1, 0, -1, -1, 0, -1, -1].map((h) => step(0, 0, 125, h)),
  );
});

Deno.test("splitMotion: every step fits and the steps sum to the input", () => {
  const axis = fc.integer({ min: -5000, max: 5000 });
  fc.assert(
    fc.property(axis, axis, axis, axis, (dx, dy, vertical, horizontal) => {
      const steps = splitMotion(dx, dy, vertical, horizontal);
      const largest = Math.max(
        Math.abs(dx),
        Math.abs(dy),
        Math.abs(vertical),
        Math.abs(horizontal),
      );
      assert.equal(steps.length, Math.ceil(largest / 127));
      const sum = (pick: (s: PointingInput) => number) => steps.reduce((t, s) => t + pick(s), 0);
      assert.deepEqual(
        [sum((s) => s.x), sum((s) => s.y), sum((s) => s.vertical), sum((s) => s.horizontal)],
        [dx, dy, vertical, horizontal],
      );
      for (const s of steps) encodePointingInput(s);
    }),
    { numRuns: 300 },
  );
});

Deno.test("splitMotion: refuses non-integers and moves beyond 32 bits", () => {
  assertReportError(() => splitMotion(1.5, 0), /x motion 1\.5 is not an integer/);
  assertReportError(() => splitMotion(0, NaN), /y motion NaN is not an integer/);
  assertReportError(() => splitMotion(0, 0, 2 ** 31), /vertical wheel 2147483648 is outside/);
  assertReportError(() => splitMotion(0, 0, 0, Infinity), /horizontal wheel Infinity/);
});

// LED reports (id 5 output, id 6 input; 2 bytes).

Deno.test("led: bit 0 Num Lock, bit 1 Caps Lock", () => {
  assert.deepEqual(
    encodeLedReport(5, { numLock: true, capsLock: false }),
    new Uint8Array([5, 0x01]),
  );
  assert.deepEqual(
    encodeLedReport(5, { numLock: false, capsLock: true }),
    new Uint8Array([5, 0x02]),
  );
  assert.deepEqual(
    encodeLedReport(6, { numLock: true, capsLock: true }),
    new Uint8Array([6, 0x03]),
  );
  assert.deepEqual(
    encodeLedReport(6, { numLock: false, capsLock: false }),
    new Uint8Array([6, 0x00]),
  );
});

Deno.test("led: a reused buffer is overwritten and returned", () => {
  const out = new Uint8Array([0xff, 0xff]);
  assert.equal(encodeLedReport(6, { numLock: false, capsLock: true }, out), out);
  assert.deepEqual(out, new Uint8Array([6, 0x02]));
});

Deno.test("led: decode ignores the padding bits", () => {
  assert.deepEqual(decodeLedReport(new Uint8Array([6, 0xfe])), {
    reportId: 6,
    numLock: false,
    capsLock: true,
  });
  assert.deepEqual(decodeLedReport(new Uint8Array([5, 0x01])), {
    reportId: 5,
    numLock: true,
    capsLock: false,
  });
});

Deno.test("led: wrong report ids, lengths and buffers are refused", () => {
  const state = { numLock: true, capsLock: true };
  assertReportError(() => encodeLedReport(7 as 5, state), /report id 7 is not an LED report id/);
  assertReportError(() => encodeLedReport(5, state, new Uint8Array(3)), /must be 2 bytes, got 3/);
  assertReportError(() => decodeLedReport(new Uint8Array([4, 0])), /report id 4 is not an LED/);
  assertReportError(() => decodeLedReport(new Uint8Array([5, 0, 0])), /2 bytes, got 3/);
});
