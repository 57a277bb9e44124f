import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeKeyboardInput } from "../lib/hid/keyboard_report.ts";
import { encodeArrayInput } from "../lib/hid/array_report.ts";
import { encodePointingInput } from "../lib/hid/pointing_report.ts";
import {
  encodeFrame,
  HEALTH_CHECK_RESPONSE_FRAME,
  HEARTBEAT_FRAME,
  MessageType,
} from "../lib/karabiner/frame.ts";
import { FrameDecoder } from "../lib/karabiner/frame_decoder.ts";
import { KarabinerFrameError } from "../lib/karabiner/karabiner_errors.ts";
import {
  encodeServiceRequest,
  keyboardInitializeStruct,
  postRequestForReport,
  readKeyboardInitializeStruct,
  REQUEST_STRUCT_SIZES,
  ServiceRequestFrame,
} from "../lib/karabiner/payloads.ts";
import {
  type KarabinerRequest,
  REQUEST_TABLES,
  requestName,
  requestNumber,
} from "../lib/karabiner/requests.ts";
import {
  applyStatusPairs,
  encodeStatusPairs,
  type KarabinerStatus,
} from "../lib/karabiner/status.ts";

const hex = (bytes: Uint8Array) =>
  [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");

Deno.test("frames: golden bytes of heartbeat, health check, its response, user data", () => {
  assert.equal(hex(HEARTBEAT_FRAME), "00 00 00 01 00");
  assert.equal(hex(encodeFrame(MessageType.HealthCheck)), "00 00 00 01 02");
  assert.equal(hex(HEALTH_CHECK_RESPONSE_FRAME), "00 00 00 01 03");
  assert.equal(
    hex(encodeFrame(MessageType.UserData, 0, new Uint8Array([0xab]))),
    "00 00 00 02 01 ab",
  );
});

Deno.test("frames: golden bytes of a response with status pairs and of an empty answer", () => {
  const pairs = encodeStatusPairs({
    driverActivated: true,
    driverConnected: true,
    driverVersionMismatched: false,
    virtualHidKeyboardReady: false,
    virtualHidPointingReady: true,
  });
  assert.equal(
    hex(encodeFrame(MessageType.Response, 0x0102030405, pairs)),
    "00 00 00 13 05 00 00 00 01 02 03 04 05 01 01 02 01 03 00 04 00 05 01",
  );
  assert.equal(hex(encodeFrame(MessageType.Response, 9)), "00 00 00 09 05 00 00 00 00 00 00 00 09");
});

Deno.test("requests: protocol 7 numbers, protocol 6 one higher with get_status at 0", () => {
  const seven = [...REQUEST_TABLES[7]].map(([name, number]) => `${number}:${name}`);
  assert.deepEqual(seven, [
    "0:virtual_hid_keyboard_initialize",
    "1:virtual_hid_keyboard_terminate",
    "2:virtual_hid_keyboard_reset",
    "3:virtual_hid_pointing_initialize",
    "4:virtual_hid_pointing_terminate",
    "5:virtual_hid_pointing_reset",
    "6:post_keyboard_input_report",
    "7:post_consumer_input_report",
    "8:post_apple_vendor_keyboard_input_report",
    "9:post_apple_vendor_top_case_input_report",
    "10:post_generic_desktop_input_report",
    "11:post_pointing_input_report",
  ]);
  for (const [name, number] of REQUEST_TABLES[7]) assert.equal(requestNumber(6, name), number + 1);
  assert.equal(requestNumber(6, "get_status"), 0);
  assert.throws(() => requestNumber(7, "get_status"), RangeError);
  assert.equal(requestName(7, 11), "post_pointing_input_report");
  assert.equal(requestName(6, 12), "post_pointing_input_report");
  assert.equal(requestName(7, 12), undefined);
});

Deno.test("payloads: golden bytes of every request frame, protocol 7", () => {
  const header = (id: number, length: number) =>
    `${hex(new Uint8Array([0, 0, 0, length]))} 04 00 00 00 00 00 00 00 ${
      id.toString(16).padStart(2, "0")
    }`;
  const init = encodeServiceRequest(
    7,
    "virtual_hid_keyboard_initialize",
    1,
    keyboardInitializeStruct({ vendorId: 0x16c0, productId: 0x27db, countryCode: 33 }),
  );
  assert.equal(
    hex(init),
    `${
      header(1, 12 + 24)
    } 07 00 00 c0 16 00 00 00 00 00 00 db 27 00 00 00 00 00 00 21 00 00 00 00 00 00 00`,
  );
  const empty: [KarabinerRequest, number][] = [
    ["virtual_hid_keyboard_terminate", 1],
    ["virtual_hid_keyboard_reset", 2],
    ["virtual_hid_pointing_initialize", 3],
    ["virtual_hid_pointing_terminate", 4],
    ["virtual_hid_pointing_reset", 5],
  ];
  for (const [request, number] of empty) {
    assert.equal(
      hex(encodeServiceRequest(7, request, 2, undefined)),
      `${header(2, 12)} 07 00 0${number}`,
    );
  }
  const keyboard = new ServiceRequestFrame(7, "post_keyboard_input_report");
  encodeKeyboardInput(0x02, [0x04], keyboard.struct);
  keyboard.setRequestId(3);
  assert.equal(
    hex(keyboard.bytes.subarray(0, 21)),
    `${header(3, 12 + 67)} 07 00 06 01 02 00 04 00`,
  );
  assert.equal(keyboard.bytes.length, 13 + 3 + 67);
  const arrays: [number, number, number][] = [[2, 7, 0xe9], [4, 8, 0x01], [3, 9, 0x03], [
    7,
    10,
    0x82,
  ]];
  for (const [reportId, number, usage] of arrays) {
    const request = postRequestForReport(reportId);
    assert.ok(request !== undefined);
    const frame = new ServiceRequestFrame(7, request);
    encodeArrayInput(reportId as 2 | 3 | 4 | 7, [usage], frame.struct);
    frame.setRequestId(4);
    assert.equal(
      hex(frame.bytes.subarray(0, 19)),
      `${header(4, 12 + 65)} 07 00 ${number.toString(16).padStart(2, "0")} 0${reportId} ${
        usage.toString(16).padStart(2, "0")
      } 00`,
      `report id ${reportId}`,
    );
  }
  const pointing = new ServiceRequestFrame(7, "post_pointing_input_report");
  encodePointingInput({ buttons: 1, x: -1, y: 2, vertical: 0, horizontal: 0 }, pointing.struct);
  pointing.setRequestId(5);
  assert.equal(hex(pointing.bytes), `${header(5, 12 + 8)} 07 00 0b 01 00 00 00 ff 02 00 00`);
  assert.equal(hex(encodeServiceRequest(6, "get_status", 6)), `${header(6, 12)} 06 00 00`);
  assert.equal(
    hex(encodeServiceRequest(6, "post_pointing_input_report", 7).subarray(13, 16)),
    "06 00 0c",
  );
});

Deno.test("payloads: report ids 3 and 4 go to the top case and the vendor keyboard requests", () => {
  assert.equal(postRequestForReport(1), "post_keyboard_input_report");
  assert.equal(postRequestForReport(2), "post_consumer_input_report");
  assert.equal(postRequestForReport(3), "post_apple_vendor_top_case_input_report");
  assert.equal(postRequestForReport(4), "post_apple_vendor_keyboard_input_report");
  assert.equal(postRequestForReport(7), "post_generic_desktop_input_report");
  for (const id of [0, 5, 6, 8]) assert.equal(postRequestForReport(id), undefined);
  assert.equal(REQUEST_STRUCT_SIZES.post_pointing_input_report, 8);
  assert.throws(
    () => encodeServiceRequest(7, "virtual_hid_keyboard_reset", 1, new Uint8Array(1)),
    RangeError,
  );
  const parameters = { vendorId: 0x05ac, productId: 0x0250, countryCode: 13 };
  assert.deepEqual(readKeyboardInitializeStruct(keyboardInitializeStruct(parameters)), parameters);
});

Deno.test("payloads: request ids above 32 bits are written as big-endian u64", () => {
  const frame = new ServiceRequestFrame(7, "virtual_hid_keyboard_reset");
  frame.setRequestId(2 ** 40 + 2 ** 33 + 7);
  assert.equal(hex(frame.bytes.subarray(5, 13)), "00 00 01 02 00 00 00 07");
  const decoder = new FrameDecoder();
  decoder.push(frame.bytes);
  assert.ok(decoder.next());
  assert.equal(decoder.frame.requestId, 2 ** 40 + 2 ** 33 + 7);
});

Deno.test("status: pairs update the five flags; unknown kinds and an odd byte are skipped", () => {
  const status: KarabinerStatus = {};
  assert.equal(applyStatusPairs(status, new Uint8Array([1, 1, 9, 1, 0, 1, 4, 1, 3])), 2);
  assert.deepEqual(status, { driverActivated: true, virtualHidKeyboardReady: true });
  applyStatusPairs(status, new Uint8Array([0xff, 4, 0, 5, 1]), 1, 4);
  assert.deepEqual(status, {
    driverActivated: true,
    virtualHidKeyboardReady: false,
    virtualHidPointingReady: true,
  });
  assert.equal(hex(encodeStatusPairs(status)), "01 01 04 00 05 01");
});

function frames() {
  const keyboard = new ServiceRequestFrame(7, "post_keyboard_input_report");
  encodeKeyboardInput(0, [0x04], keyboard.struct);
  keyboard.setRequestId(77);
  return [
    HEARTBEAT_FRAME,
    encodeFrame(MessageType.Request, 1, new Uint8Array([4, 1])),
    encodeFrame(MessageType.HealthCheck),
    keyboard.bytes,
    encodeFrame(MessageType.Response, 2 ** 35, new Uint8Array([1, 1, 2, 0])),
    encodeFrame(MessageType.UserData, 0, new Uint8Array(1024)),
  ];
}

function decodeAll(decoder: FrameDecoder, into: string[]): void {
  while (decoder.next()) {
    into.push(`${decoder.frame.type}/${decoder.frame.requestId}/${hex(decoder.payload())}`);
  }
}

const expected = frames().map((frame) => {
  const decoder = new FrameDecoder();
  decoder.push(frame);
  const out: string[] = [];
  decodeAll(decoder, out);
  assert.equal(out.length, 1);
  return out[0];
});

Deno.test("decoder: several frames in one read, and the same frames byte by byte", () => {
  const stream = new Uint8Array(frames().flatMap((frame) => [...frame]));
  const whole = new FrameDecoder();
  whole.push(stream);
  const out: string[] = [];
  decodeAll(whole, out);
  assert.deepEqual(out, expected);
  assert.equal(whole.pending, 0);
  const bytewise = new FrameDecoder(16);
  const slow: string[] = [];
  for (const byte of stream) {
    bytewise.push(new Uint8Array([byte]));
    decodeAll(bytewise, slow);
  }
  assert.deepEqual(slow, expected);
  assert.equal(out[1], "4/1/04 01");
  assert.equal(out[4], `5/${2 ** 35}/01 01 02 00`);
});

Deno.test("decoder: any split of the stream into reads gives the same frames", () => {
  const stream = new Uint8Array(frames().flatMap((frame) => [...frame]));
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 1200 }), { minLength: 1, maxLength: 40 }),
      (sizes) => {
        const decoder = new FrameDecoder(32);
        const out: string[] = [];
        let offset = 0;
        let turn = 0;
        const chunk = new Uint8Array(1200);
        while (offset < stream.length) {
          const size = Math.min(sizes[turn++ % sizes.length] ?? 1, stream.length - offset);
          chunk.set(stream.subarray(offset, offset + size));
          decoder.push(chunk, size);
          offset += size;
          decodeAll(decoder, out);
        }
        assert.deepEqual(out, expected);
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("decoder: oversize, empty, unknown-type and short request frames are typed errors at once", () => {
  const cases: [number[], RegExp][] = [
    [[0, 0, 0x04, 0x0a], /body of 1034 bytes/],
    [[0xff, 0xff, 0xff, 0xff], /body of 4294967295 bytes/],
    [[0, 0, 0, 0], /body of 0 bytes/],
    [[0, 0, 0, 1, 6], /message type 6/],
    [[0, 0, 0, 5, 4, 0, 0, 0, 0], /too short for its 8-byte request id/],
  ];
  for (const [bytes, message] of cases) {
    const decoder = new FrameDecoder();
    decoder.push(new Uint8Array(bytes));
    assert.throws(() => decoder.next(), (error: unknown) => {
      assert.ok(error instanceof KarabinerFrameError);
      assert.match(error.message, message);
      assert.equal(error.exitCode, 5);
      return true;
    });
    // The stream cannot be resynchronized: every later call says the same.
    decoder.push(HEARTBEAT_FRAME);
    assert.throws(() => decoder.next(), message);
  }
});

Deno.test("decoder: random garbage ends in frames or a typed error, never a wait past the data", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 3000 }), (garbage) => {
      const decoder = new FrameDecoder();
      decoder.push(garbage);
      try {
        while (decoder.next()) { /* frames */ }
      } catch (error) {
        assert.ok(error instanceof KarabinerFrameError);
        return;
      }
      // What is left is the start of one valid frame: at most a header and a maximal body.
      assert.ok(decoder.pending < 4 + 1033, `${decoder.pending} bytes pending`);
    }),
    { numRuns: 300 },
  );
});
