/**
 * Report encoder benchmarks: the keyboard encoder runs on every keystroke, so it must stay far
 * below a microsecond with a reused buffer (target: 200 ns median for six keys).
 */
import { decodeKeyboardInput, encodeKeyboardInput } from "../lib/hid/keyboard_report.ts";
import { encodeArrayInput } from "../lib/hid/array_report.ts";
import { encodePointingInput } from "../lib/hid/pointing_report.ts";
import { ReportSize } from "../lib/hid/report_ids.ts";

const keyboardBuffer = new Uint8Array(ReportSize.Keyboard);
const sixKeys = [0x04, 0x05, 0x06, 0x07, 0x08, 0x09];

Deno.bench({
  name: "encode keyboard report, 6 keys, reused buffer",
  group: "keyboard",
  baseline: true,
  fn() {
    encodeKeyboardInput(0x02, sixKeys, keyboardBuffer);
  },
});

Deno.bench({
  name: "encode keyboard report, 6 keys, new buffer",
  group: "keyboard",
  fn() {
    encodeKeyboardInput(0x02, sixKeys);
  },
});

const fullKeys = Array.from({ length: 32 }, (_, slot) => slot + 4);

Deno.bench({
  name: "encode keyboard report, 32 keys, reused buffer",
  group: "keyboard",
  fn() {
    encodeKeyboardInput(0, fullKeys, keyboardBuffer);
  },
});

const encoded = encodeKeyboardInput(0x02, sixKeys);

Deno.bench({
  name: "decode keyboard report, 6 keys",
  group: "keyboard",
  fn() {
    decodeKeyboardInput(encoded);
  },
});

const arrayBuffer = new Uint8Array(ReportSize.Array);
const consumerKeys = [0xcd, 0xe2];

Deno.bench({
  name: "encode consumer report, 2 usages, reused buffer",
  fn() {
    encodeArrayInput(2, consumerKeys, arrayBuffer);
  },
});

const pointingBuffer = new Uint8Array(ReportSize.Pointing);
const move = { buttons: 1, x: 12, y: -7, vertical: 0, horizontal: 0 };

Deno.bench({
  name: "encode pointing report, reused buffer",
  fn() {
    encodePointingInput(move, pointingBuffer);
  },
});
