/**
 * Property: for random report contents, the struct encoder's bytes read through the published
 * descriptor's parsed layout give the same values as the struct decoder.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  decodeReportWithLayout,
  findReportLayout,
  parseReportDescriptor,
  type ReportLayout,
  type ReportType,
} from "../lib/hid/descriptor_parser.ts";
import {
  KEYBOARD_REPORT_DESCRIPTOR,
  POINTING_REPORT_DESCRIPTOR,
} from "../lib/hid/report_descriptors.ts";
import {
  decodeKeyboardInput,
  encodeKeyboardInput,
  KEYBOARD_USAGE_MAXIMUM,
} from "../lib/hid/keyboard_report.ts";
import {
  ARRAY_USAGE_MAXIMUM,
  decodeArrayInput,
  encodeArrayInput,
} from "../lib/hid/array_report.ts";
import { decodePointingInput, encodePointingInput } from "../lib/hid/pointing_report.ts";
import { decodeLedReport, encodeLedReport } from "../lib/hid/led_report.ts";

const RUNS = { numRuns: 1000 };

const keyboard = parseReportDescriptor(KEYBOARD_REPORT_DESCRIPTOR);
const pointing = parseReportDescriptor(POINTING_REPORT_DESCRIPTOR);

function layoutOf(
  descriptor: typeof keyboard,
  type: ReportType,
  id: number,
): ReportLayout {
  const layout = findReportLayout(descriptor, type, id);
  assert.ok(layout, `${type} report ${id} is declared`);
  return layout;
}

/** The values of every field, in layout order. */
function fieldValues(layout: ReportLayout, report: Uint8Array): (readonly number[])[] {
  return decodeReportWithLayout(layout, report).map((decoded) => decoded.values);
}

/** A bitmap from one-bit values, value i at bit i. */
function bitmap(bits: readonly number[]): number {
  return bits.reduce((sum, bit, index) => sum + bit * 2 ** index, 0);
}

/** The usages an array field holds: its non-zero values, in slot order. */
function held(values: readonly number[]): number[] {
  return values.filter((value) => value !== 0);
}

Deno.test("property: keyboard report 1 through the descriptor equals the struct decoder", () => {
  const layout = layoutOf(keyboard, "input", 1);
  const out = new Uint8Array(layout.byteSize);
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xff }),
      fc.array(fc.integer({ min: 1, max: KEYBOARD_USAGE_MAXIMUM }), { maxLength: 32, size: "max" }),
      (modifiers, usages) => {
        const report = encodeKeyboardInput(modifiers, usages, out);
        const expected = decodeKeyboardInput(report);
        const [modifierBits, reserved, slots] = fieldValues(layout, report) as [
          number[],
          number[],
          number[],
        ];
        assert.equal(bitmap(modifierBits), expected.modifiers);
        assert.deepEqual(reserved, [0]);
        assert.deepEqual(held(slots), expected.usages);
        assert.deepEqual(expected.usages, [...new Set(usages)]);
      },
    ),
    RUNS,
  );
});

for (const reportId of [2, 3, 4, 7] as const) {
  Deno.test(`property: array report ${reportId} through the descriptor equals the struct decoder`, () => {
    const layout = layoutOf(keyboard, "input", reportId);
    const out = new Uint8Array(layout.byteSize);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: ARRAY_USAGE_MAXIMUM[reportId] }), {
          maxLength: 32,
          size: "max",
        }),
        (usages) => {
          const report = encodeArrayInput(reportId, usages, out);
          const expected = decodeArrayInput(report);
          const [slots] = fieldValues(layout, report) as [number[]];
          assert.equal(expected.reportId, reportId);
          assert.deepEqual(held(slots), expected.usages);
          assert.deepEqual(expected.usages, [...new Set(usages)]);
          const field = layout.fields[0];
          assert.ok(field !== undefined && slots.every((v) => v <= field.logicalMaximum));
        },
      ),
      RUNS,
    );
  });
}

Deno.test("property: pointing report through the descriptor equals the struct decoder", () => {
  const layout = layoutOf(pointing, "input", 0);
  const out = new Uint8Array(layout.byteSize);
  const step = fc.integer({ min: -127, max: 127 });
  fc.assert(
    fc.property(
      fc.record({
        buttons: fc.integer({ min: 0, max: 0xffffffff }),
        x: step,
        y: step,
        vertical: step,
        horizontal: step,
      }),
      (input) => {
        const report = encodePointingInput(input, out);
        const expected = decodePointingInput(report);
        assert.deepEqual(expected, { ...input });
        const [buttons, motion, vertical, horizontal] = fieldValues(layout, report) as [
          number[],
          number[],
          number[],
          number[],
        ];
        assert.deepEqual(
          [bitmap(buttons), ...motion, ...vertical, ...horizontal],
          [expected.buttons, expected.x, expected.y, expected.vertical, expected.horizontal],
        );
      },
    ),
    RUNS,
  );
});

for (const [reportType, reportId] of [["output", 5], ["input", 6]] as const) {
  Deno.test(`property: LED ${reportType} report ${reportId} through the descriptor equals the struct decoder`, () => {
    const layout = layoutOf(keyboard, reportType, reportId);
    const out = new Uint8Array(layout.byteSize);
    fc.assert(
      fc.property(
        fc.record({ numLock: fc.boolean(), capsLock: fc.boolean() }),
        (state) => {
          const report = encodeLedReport(reportId, state, out);
          const expected = decodeLedReport(report);
          const [leds, padding] = fieldValues(layout, report) as [number[], number[]];
          assert.deepEqual(expected, { reportId, ...state });
          assert.deepEqual(leds, [Number(expected.numLock), Number(expected.capsLock)]);
          assert.deepEqual(padding, [0]);
        },
      ),
      RUNS,
    );
  });
}
