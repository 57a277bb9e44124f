import assert from "node:assert/strict";
import { ExitCode } from "../lib/errors.ts";
import {
  type Collection,
  decodeReportWithLayout,
  findReportLayout,
  parseReportDescriptor,
  type ReportField,
  type ReportLayout,
  type ReportType,
} from "../lib/hid/descriptor_parser.ts";
import {
  KEYBOARD_REPORT_DESCRIPTOR,
  POINTING_REPORT_DESCRIPTOR,
} from "../lib/hid/report_descriptors.ts";
import { KEYBOARD_INPUT_FIELDS, KEYBOARD_USAGE_MAXIMUM } from "../lib/hid/keyboard_report.ts";
import { ARRAY_INPUT_FIELDS, ARRAY_USAGE_MAXIMUM } from "../lib/hid/array_report.ts";
import { POINTING_INPUT_FIELDS } from "../lib/hid/pointing_report.ts";
import { LED_FIELDS } from "../lib/hid/led_report.ts";
import { HidReportError, ReportDescriptorError } from "../lib/hid/report_errors.ts";
import { ReportSize } from "../lib/hid/report_ids.ts";

const keyboard = parseReportDescriptor(KEYBOARD_REPORT_DESCRIPTOR);
const pointing = parseReportDescriptor(POINTING_REPORT_DESCRIPTOR);

function layout(descriptor: typeof keyboard, type: ReportType, id: number): ReportLayout {
  const found = findReportLayout(descriptor, type, id);
  assert.ok(found, `the descriptor declares a ${type} report ${id}`);
  return found;
}

/** The placement of each field, to compare with the encoders' field tables. */
function placements(report: ReportLayout): { bitOffset: number; bitSize: number; count: number }[] {
  return report.fields.map(({ bitOffset, bitSize, count }) => ({ bitOffset, bitSize, count }));
}

function assertDescriptorError(bytes: readonly number[], message: RegExp, offset: number): void {
  assert.throws(() => parseReportDescriptor(new Uint8Array(bytes)), (error: unknown) => {
    assert.ok(error instanceof ReportDescriptorError, `expected ReportDescriptorError: ${error}`);
    assert.match(error.message, message);
    assert.match(error.message, new RegExp(`at byte offset ${offset} `));
    assert.equal(error.offset, offset);
    assert.equal(error.exitCode, ExitCode.Usage);
    assert.ok(error.hint.length > 0);
    return true;
  });
}

// The keyboard descriptor.

Deno.test("keyboard descriptor: seven application collections with ids 1..7", () => {
  assert.equal(keyboard.usesReportIds, true);
  assert.deepEqual(keyboard.notes, []);
  assert.deepEqual(
    keyboard.collections.map((c) => [c.typeName, c.usage, c.children.length]),
    [
      ["application", { page: 0x01, id: 0x06 }, 0],
      ["application", { page: 0x0c, id: 0x01 }, 0],
      ["application", { page: 0xff00, id: 0x01 }, 0],
      ["application", { page: 0xff00, id: 0x06 }, 0],
      ["application", { page: 0x01, id: 0x06 }, 0],
      ["application", { page: 0x01, id: 0x06 }, 0],
      ["application", { page: 0x01, id: 0x06 }, 0],
    ],
  );
  assert.deepEqual(
    keyboard.reports.map((r) => `${r.reportType} ${r.reportId}`),
    ["input 1", "input 2", "input 3", "input 4", "output 5", "input 6", "input 7"],
  );
  assert.deepEqual(
    keyboard.collections.map((c) => c.fields.map((f) => f.reportId)),
    [[1, 1, 1], [2], [3], [4], [5, 5], [6, 6], [7]],
  );
});

Deno.test("keyboard descriptor: report 1 matches the keyboard encoder", () => {
  const report = layout(keyboard, "input", 1);
  assert.equal(report.byteSize, ReportSize.Keyboard);
  assert.deepEqual(placements(report), [
    KEYBOARD_INPUT_FIELDS.modifiers,
    KEYBOARD_INPUT_FIELDS.reserved,
    KEYBOARD_INPUT_FIELDS.usages,
  ]);
  const [modifiers, reserved, usages] = report.fields as [ReportField, ReportField, ReportField];
  assert.equal(modifiers.usagePage, 0x07);
  assert.deepEqual([modifiers.usageMinimum, modifiers.usageMaximum], [
    { page: 0x07, id: 0xe0 },
    { page: 0x07, id: 0xe7 },
  ]);
  assert.deepEqual([modifiers.logicalMinimum, modifiers.logicalMaximum], [0, 1]);
  assert.deepEqual([modifiers.flags.variable, modifiers.flags.constant], [true, false]);
  assert.equal(reserved.flags.constant, true);
  assert.equal(usages.usagePage, 0x07);
  assert.deepEqual([usages.flags.variable, usages.flags.constant], [false, false]);
  assert.deepEqual([usages.logicalMinimum, usages.logicalMaximum], [0, KEYBOARD_USAGE_MAXIMUM]);
  assert.deepEqual([usages.usageMinimum?.id, usages.usageMaximum?.id], [0, KEYBOARD_USAGE_MAXIMUM]);
});

Deno.test("keyboard descriptor: reports 2, 3, 4, 7 match the array encoder", () => {
  const pages = { 2: 0x0c, 3: 0x00ff, 4: 0xff01, 7: 0x01 } as const;
  for (const reportId of [2, 3, 4, 7] as const) {
    const report = layout(keyboard, "input", reportId);
    assert.equal(report.byteSize, ReportSize.Array, `report ${reportId} size`);
    assert.deepEqual(placements(report), [ARRAY_INPUT_FIELDS.usages], `report ${reportId}`);
    const field = report.fields[0] as ReportField;
    const maximum = ARRAY_USAGE_MAXIMUM[reportId];
    assert.equal(field.usagePage, pages[reportId]);
    assert.equal(field.flags.variable, false);
    assert.deepEqual([field.logicalMinimum, field.logicalMaximum], [0, maximum]);
    assert.deepEqual(
      [field.usageMinimum, field.usageMaximum],
      [{ page: pages[reportId], id: 0 }, { page: pages[reportId], id: maximum }],
    );
  }
  assert.equal(ARRAY_USAGE_MAXIMUM[2], 0x300);
});

Deno.test("keyboard descriptor: LED output 5 and LED input 6 match the LED encoder", () => {
  for (const [type, id] of [["output", 5], ["input", 6]] as const) {
    const report = layout(keyboard, type, id);
    assert.equal(report.byteSize, ReportSize.Led);
    assert.deepEqual(placements(report), [LED_FIELDS.leds, LED_FIELDS.padding]);
    const [leds, padding] = report.fields as [ReportField, ReportField];
    assert.deepEqual([leds.usageMinimum, leds.usageMaximum], [
      { page: 0x08, id: 1 },
      { page: 0x08, id: 2 },
    ]);
    assert.deepEqual([leds.logicalMinimum, leds.logicalMaximum], [0, 1]);
    assert.deepEqual([leds.flags.variable, padding.flags.constant], [true, true]);
  }
  assert.equal(findReportLayout(keyboard, "input", 5), undefined);
  assert.equal(findReportLayout(keyboard, "output", 6), undefined);
});

// The pointing descriptor.

Deno.test("pointing descriptor: the input report matches the pointing encoder", () => {
  assert.equal(pointing.usesReportIds, false);
  assert.deepEqual(pointing.notes, []);
  const report = layout(pointing, "input", 0);
  assert.equal(report.byteSize, ReportSize.Pointing);
  assert.deepEqual(placements(report), [
    POINTING_INPUT_FIELDS.buttons,
    POINTING_INPUT_FIELDS.motion,
    POINTING_INPUT_FIELDS.vertical,
    POINTING_INPUT_FIELDS.horizontal,
  ]);
  const [buttons, motion, vertical, horizontal] = report.fields as ReportField[] as [
    ReportField,
    ReportField,
    ReportField,
    ReportField,
  ];
  assert.deepEqual([buttons.usageMinimum, buttons.usageMaximum], [
    { page: 0x09, id: 1 },
    { page: 0x09, id: 32 },
  ]);
  assert.deepEqual(motion.usages, [{ page: 0x01, id: 0x30 }, { page: 0x01, id: 0x31 }]);
  assert.deepEqual(vertical.usages, [{ page: 0x01, id: 0x38 }]);
  assert.deepEqual(horizontal.usages, [{ page: 0x0c, id: 0x238 }]);
  for (const field of [motion, vertical, horizontal]) {
    assert.deepEqual([field.logicalMinimum, field.logicalMaximum], [-127, 127]);
    assert.deepEqual([field.flags.variable, field.flags.relative], [true, true]);
    assert.deepEqual([field.physicalMinimum, field.physicalMaximum], [0, 0]);
  }
  assert.equal(buttons.flags.relative, false);
});

Deno.test("pointing descriptor: the feature report holds two multipliers and padding", () => {
  const report = layout(pointing, "feature", 0);
  assert.equal(report.byteSize, 1);
  assert.deepEqual(placements(report), [
    { bitOffset: 0, bitSize: 2, count: 1 },
    { bitOffset: 2, bitSize: 2, count: 1 },
    { bitOffset: 4, bitSize: 4, count: 1 },
  ]);
  const [first, second, padding] = report.fields as [ReportField, ReportField, ReportField];
  // The second multiplier gets its ranges back from POP, not from the wheel before it.
  for (const multiplier of [first, second]) {
    assert.deepEqual(multiplier.usages, [{ page: 0x01, id: 0x48 }]);
    assert.deepEqual(
      [
        multiplier.logicalMinimum,
        multiplier.logicalMaximum,
        multiplier.physicalMinimum,
        multiplier.physicalMaximum,
      ],
      [0, 1, 1, 4],
    );
    assert.equal(multiplier.flags.constant, false);
  }
  assert.equal(padding.flags.constant, true);
});

Deno.test("pointing descriptor: mouse, pointer and one logical collection per wheel", () => {
  // Each field is listed as "<report type> <first usage id in hex, or -> <bit size>".
  const shape = (c: Collection): unknown => [
    c.typeName,
    c.usage?.id,
    c.fields.map((f) => `${f.reportType} ${f.usages[0]?.id.toString(16) ?? "-"} ${f.bitSize}`),
    c.children.map(shape),
  ];
  // The wheel collections have no usage: their Usage items come after the Collection item.
  assert.deepEqual(pointing.collections.map(shape), [
    ["application", 0x02, [], [["logical", 0x02, [], [["physical", 0x01, [
      "input - 1",
      "input 30 8",
    ], [
      ["logical", undefined, ["feature 48 2", "input 38 8"], []],
      ["logical", undefined, ["feature 48 2", "feature - 4", "input 238 8"], []],
    ]]]]]],
  ]);
});

// Parser rules, on small hand-written descriptors.

Deno.test("parser: signed minimum, maximum read as unsigned unless the minimum is negative", () => {
  const fieldOf = (bytes: number[]): ReportField =>
    parseReportDescriptor(new Uint8Array([...bytes, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02]))
      .reports[0]!.fields[0]!;
  const range = (f: ReportField) => [f.logicalMinimum, f.logicalMaximum];
  assert.deepEqual(range(fieldOf([0x15, 0x00, 0x25, 0xff])), [0, 255]);
  assert.deepEqual(range(fieldOf([0x25, 0xff, 0x15, 0x00])), [0, 255]);
  assert.deepEqual(range(fieldOf([0x15, 0x81, 0x25, 0x7f])), [-127, 127]);
  assert.deepEqual(range(fieldOf([0x15, 0x80, 0x25, 0xff])), [-128, -1]);
  assert.deepEqual(range(fieldOf([0x16, 0x00, 0x80, 0x26, 0xff, 0x7f])), [-32768, 32767]);
  assert.deepEqual(range(fieldOf([0x17, 0xff, 0xff, 0xff, 0xff, 0x27, 0xff, 0xff, 0xff, 0x7f])), [
    -1,
    0x7fffffff,
  ]);
  assert.deepEqual(range(fieldOf([0x14, 0x27, 0xff, 0xff, 0xff, 0xff])), [0, 0xffffffff]);
  const physical = fieldOf([0x35, 0xf6, 0x45, 0x0a, 0x55, 0x0e, 0x65, 0x11]);
  assert.deepEqual(
    [physical.physicalMinimum, physical.physicalMaximum, physical.unitExponent, physical.unit],
    [-10, 10, -2, 0x11],
  );
});

Deno.test("parser: usages take the page current at the main item unless extended", () => {
  // deno-fmt-ignore
  const descriptor = parseReportDescriptor(
    new Uint8Array([
      0x09, 0x30, //                   Usage (0x30), page not yet known
      0x0b, 0x38, 0x02, 0x0c, 0x00, // Usage (extended: page 0x0C, id 0x238)
      0x05, 0x01, //                   Usage Page (Generic Desktop)
      0x75, 0x08, 0x95, 0x02, 0x81, 0x02,
      0x81, 0x02, //                   second Input: no usages left (local state is cleared)
    ]),
  );
  const [first, second] = descriptor.reports[0]!.fields as [ReportField, ReportField];
  assert.deepEqual(first.usages, [{ page: 0x01, id: 0x30 }, { page: 0x0c, id: 0x238 }]);
  assert.deepEqual(second.usages, []);
  assert.equal(second.bitOffset, 16);
  assert.equal(descriptor.reports[0]!.byteSize, 4);
});

Deno.test("parser: push saves and pop restores every global item", () => {
  // deno-fmt-ignore
  const descriptor = parseReportDescriptor(
    new Uint8Array([
      0x05, 0x09, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x04,
      0xa4, //                                     Push
      0x05, 0x01, 0x15, 0x81, 0x25, 0x7f, 0x75, 0x08, 0x95, 0x01, 0x81, 0x06,
      0xb4, //                                     Pop
      0x81, 0x02,
    ]),
  );
  const [changed, restored] = descriptor.reports[0]!.fields as [ReportField, ReportField];
  assert.deepEqual(
    [changed.usagePage, changed.logicalMinimum, changed.bitSize, changed.count],
    [0x01, -127, 8, 1],
  );
  assert.deepEqual(
    [
      restored.usagePage,
      restored.logicalMinimum,
      restored.logicalMaximum,
      restored.bitSize,
      restored.count,
    ],
    [0x09, 0, 1, 1, 4],
  );
  assert.equal(restored.bitOffset, 8);
});

Deno.test("parser: each report id and type gets its own layout and offsets", () => {
  // deno-fmt-ignore
  const descriptor = parseReportDescriptor(
    new Uint8Array([
      0x75, 0x08, 0x95, 0x01,
      0x85, 0x01, 0x81, 0x02, 0x91, 0x02, //       id 1: input byte, output byte
      0x85, 0x02, 0x95, 0x03, 0x81, 0x02, //       id 2: three input bytes
      0x85, 0x01, 0x95, 0x01, 0x81, 0x02, //       id 1 again: a second input byte
    ]),
  );
  const bytes = (bitOffset: number, count = 1) => ({ bitOffset, bitSize: 8, count });
  assert.deepEqual(
    descriptor.reports.map((r) => [r.reportType, r.reportId, r.byteSize, placements(r)]),
    [
      ["input", 1, 3, [bytes(0), bytes(8)]],
      ["output", 1, 2, [bytes(0)]],
      ["input", 2, 4, [bytes(0, 3)]],
    ],
  );
});

Deno.test("parser: every flag bit is decoded", () => {
  const flagsOf = (data: number[]) =>
    parseReportDescriptor(new Uint8Array([0x75, 0x01, 0x95, 0x01, 0xb0 | data.length, ...data]))
      .reports[0]!.fields[0]!.flags;
  assert.deepEqual(flagsOf([0xff, 0x01]), {
    raw: 0x1ff,
    constant: true,
    variable: true,
    relative: true,
    wrap: true,
    nonLinear: true,
    noPreferredState: true,
    nullState: true,
    volatile: true,
    bufferedBytes: true,
  });
  const some = flagsOf([0b0100_1010]);
  assert.deepEqual(
    [some.constant, some.variable, some.relative, some.wrap, some.nullState, some.bufferedBytes],
    [false, true, false, true, true, false],
  );
});

Deno.test("parser: items are listed with offsets, names and unsigned data", () => {
  const { items } = parseReportDescriptor(
    new Uint8Array([0x05, 0x0c, 0x0a, 0x38, 0x02, 0xa4, 0xb4]),
  );
  assert.deepEqual(items, [
    { offset: 0, kind: "global", tag: 0, name: "Usage Page", size: 1, data: 0x0c },
    { offset: 2, kind: "local", tag: 0, name: "Usage", size: 2, data: 0x238 },
    { offset: 5, kind: "global", tag: 0xa, name: "Push", size: 0, data: 0 },
    { offset: 6, kind: "global", tag: 0xb, name: "Pop", size: 0, data: 0 },
  ]);
});

Deno.test("parser: long items and reserved tags are skipped with a note", () => {
  // deno-fmt-ignore
  const descriptor = parseReportDescriptor(
    new Uint8Array([
      0xfe, 0x02, 0x10, 0xaa, 0xbb, //  long item, tag 0x10, 2 data bytes
      0xd4, //                          global item with the reserved tag 0xD
      0x75, 0x08, 0x95, 0x01, 0x81, 0x02,
    ]),
  );
  assert.deepEqual(descriptor.notes, [
    "long item (tag 0x10, 2 data bytes) at byte offset 0 skipped: HID 1.11 defines no long items",
    "global item with reserved tag 0x0D at byte offset 5 skipped",
  ]);
  assert.equal(descriptor.items[0]!.kind, "long");
  assert.equal(descriptor.reports[0]!.byteSize, 1);
});

Deno.test("parser: an empty descriptor has nothing in it", () => {
  assert.deepEqual(parseReportDescriptor(new Uint8Array()), {
    items: [],
    collections: [],
    reports: [],
    usesReportIds: false,
    notes: [],
  });
});

Deno.test("parser: malformed descriptors fail with the byte offset", () => {
  assertDescriptorError([0x05, 0x01, 0x26, 0xff], /item needs 3 bytes but only 2 remain/, 2);
  assertDescriptorError([0x05, 0x01, 0x27, 0xff, 0xff], /item needs 5 bytes but only 3 remain/, 2);
  assertDescriptorError([0x05, 0x01, 0xfe, 0x04, 0x00, 0x01], /item needs 7 bytes/, 2);
  assertDescriptorError([0x05, 0x01, 0xfe], /item needs 3 bytes but only 1 remain/, 2);
  assertDescriptorError([0xa4, 0xb4, 0xb4], /Pop has no matching Push/, 2);
  assertDescriptorError([0xa1, 0x01, 0xc0, 0xc0], /End Collection closes no open collection/, 3);
  assertDescriptorError(
    [0xa1, 0x01, 0xa1, 0x02, 0xc0],
    /Collection is never closed \(the descriptor ends after 5 bytes\)/,
    0,
  );
  assertDescriptorError([0x85, 0x00], /Report ID 0 is outside 1\.\.255/, 0);
  assertDescriptorError([0x86, 0x00, 0x01], /Report ID 256 is outside 1\.\.255/, 0);
  assertDescriptorError([0x05, 0x01, 0x0c], /item prefix 0x0C has the reserved item type 3/, 2);
  assertDescriptorError(
    [0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0x85, 0x01, 0x81, 0x02],
    /main item comes before any Report ID, but the descriptor uses report ids/,
    4,
  );
});

// decodeReportWithLayout.

Deno.test("decodeReportWithLayout: bit fields across byte boundaries, signed when min < 0", () => {
  // Report id 3; fields: 3 bits unsigned, 7 bits signed (-64..63), 12 bits unsigned, 2 bits pad.
  // deno-fmt-ignore
  const descriptor = parseReportDescriptor(
    new Uint8Array([
      0x85, 0x03, 0x95, 0x01,
      0x15, 0x00, 0x25, 0x07, 0x75, 0x03, 0x81, 0x02,
      0x15, 0xc0, 0x25, 0x3f, 0x75, 0x07, 0x81, 0x02,
      0x15, 0x00, 0x26, 0xff, 0x0f, 0x75, 0x0c, 0x81, 0x02,
      0x75, 0x02, 0x81, 0x01,
    ]),
  );
  const report = layout(descriptor, "input", 3);
  assert.equal(report.byteSize, 4);
  // a = 5 (bits 0-2), b = -3 = 0b1111101 (bits 3-9), c = 0xABC (bits 10-21):
  // byte 1 = a | (b & 0x1F) << 3 = 0b101 | 0b11101 << 3 = 0xED;
  // byte 2 = b >> 5 | (c & 0x3F) << 2 = 0b11 | 0x3C << 2 = 0xF3; byte 3 = c >> 6 = 0x2A.
  const values = decodeReportWithLayout(report, new Uint8Array([3, 0xed, 0xf3, 0x2a]));
  assert.deepEqual(values.map((v) => v.values), [[5], [-3], [0xabc], [0]]);
});

Deno.test("decodeReportWithLayout: refuses a wrong length, a wrong id, or a field over 32 bits", () => {
  const report = layout(keyboard, "input", 6);
  assert.throws(
    () => decodeReportWithLayout(report, new Uint8Array([6])),
    /input report 6 is 2 bytes/,
  );
  assert.throws(
    () => decodeReportWithLayout(report, new Uint8Array([5, 0])),
    (error: unknown) =>
      error instanceof HidReportError && /report id 5 does not match/.test(error.message),
  );
  const wide = parseReportDescriptor(new Uint8Array([0x75, 0x28, 0x95, 0x01, 0x81, 0x02]));
  assert.throws(
    () => decodeReportWithLayout(wide.reports[0]!, new Uint8Array(5)),
    /40 bits wide, above the 32 bits/,
  );
});
