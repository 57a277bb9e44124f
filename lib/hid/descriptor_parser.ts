/**
 * A HID report-descriptor parser (HID 1.11 §6.2.2) and a generic report decoder driven by what
 * it finds.
 *
 * {@linkcode parseReportDescriptor} walks the items, keeps the global state (with PUSH/POP) and
 * the local state, builds the collection tree and lays out every Input, Output and Feature main
 * item as a field of its report. {@linkcode decodeReportWithLayout} then reads field values out of
 * a report, so a report can be checked against the descriptor that is supposed to describe it.
 *
 * Interpretation choices, where the specification leaves room:
 * - Logical and Physical Minimum are signed. A Maximum is read as signed when its Minimum is
 *   negative and as unsigned otherwise (as Linux does), so `0x25 0xFF` after `0x15 0x00` means
 *   255, not −1. The choice is made when the main item is laid out, whatever the item order.
 * - A one- or two-byte Usage, Usage Minimum or Usage Maximum takes the Usage Page that is current
 *   when the main item is reached; a four-byte one carries its own page in the high 16 bits.
 * - Unit Exponent values 0x0..0xF are the 4-bit signed nibble the usage tables use (0xF = −1).
 * - Long items are skipped with a note: HID 1.11 defines none. Items with unknown tags are
 *   skipped with a note. Designator, string and delimiter items are recorded in `items` only.
 * - When any Report ID item is present, every report starts with a report id byte, so a main
 *   item before the first Report ID is an error; without Report ID items, reports have id 0 and no
 *   id byte.
 *
 * @module
 */
import { HidReportError, ReportDescriptorError } from "./report_errors.ts";

/**
 * The three kinds of report a descriptor declares.
 *
 * @example Pick the input report
 * ```ts
 * import type { ReportType } from "./descriptor_parser.ts";
 *
 * const type: ReportType = "input";
 * console.assert(type === "input");
 * ```
 */
export type ReportType = "input" | "output" | "feature";

/**
 * A usage: a usage page and a usage id on that page.
 *
 * @example Generic desktop X
 * ```ts
 * import type { Usage } from "./descriptor_parser.ts";
 *
 * const x: Usage = { page: 0x01, id: 0x30 };
 * console.assert(x.id === 0x30);
 * ```
 */
export interface Usage {
  /** The usage page, 0..0xFFFF. */
  readonly page: number;
  /** The usage id on that page, 0..0xFFFF. */
  readonly id: number;
}

/**
 * The data bits of an Input, Output or Feature item, decoded.
 *
 * @example Read the flags of a relative axis
 * ```ts
 * import { parseReportDescriptor } from "./descriptor_parser.ts";
 *
 * const descriptor = parseReportDescriptor(new Uint8Array([0x75, 0x08, 0x95, 0x01, 0x81, 0x06]));
 * const flags = descriptor.reports[0]!.fields[0]!.flags;
 * console.assert(flags.variable && flags.relative && !flags.constant);
 * ```
 */
export interface MainItemFlags {
  /** The item's data bits as written. */
  readonly raw: number;
  /** Bit 0: constant (padding or fixed) rather than data. */
  readonly constant: boolean;
  /** Bit 1: one value per usage (variable) rather than an array of usage indexes. */
  readonly variable: boolean;
  /** Bit 2: relative to the previous report rather than absolute. */
  readonly relative: boolean;
  /** Bit 3: the value wraps around. */
  readonly wrap: boolean;
  /** Bit 4: the value is not linear in the measured quantity. */
  readonly nonLinear: boolean;
  /** Bit 5: the control has no preferred state (it does not spring back). */
  readonly noPreferredState: boolean;
  /** Bit 6: the control has a null state outside its logical range. */
  readonly nullState: boolean;
  /** Bit 7: the value can change without the host writing it (Output and Feature only). */
  readonly volatile: boolean;
  /** Bit 8: the field is a stream of bytes rather than a bit field. */
  readonly bufferedBytes: boolean;
}

/**
 * One Input, Output or Feature main item, placed in its report.
 *
 * @example Find the modifier bitmap of the keyboard report
 * ```ts
 * import { findReportLayout, parseReportDescriptor } from "./descriptor_parser.ts";
 * import { KEYBOARD_REPORT_DESCRIPTOR } from "./report_descriptors.ts";
 *
 * const layout = findReportLayout(parseReportDescriptor(KEYBOARD_REPORT_DESCRIPTOR), "input", 1);
 * const modifiers = layout!.fields[0]!;
 * console.assert(modifiers.bitOffset === 0 && modifiers.bitSize === 1 && modifiers.count === 8);
 * ```
 */
export interface ReportField {
  /** The report the field belongs to. */
  readonly reportType: ReportType;
  /** The report id, or 0 when the descriptor uses no report ids. */
  readonly reportId: number;
  /** Bit offset of the field's first value, counted after the report id byte. */
  readonly bitOffset: number;
  /** Bits per value (Report Size). */
  readonly bitSize: number;
  /** How many values (Report Count). */
  readonly count: number;
  /** The Usage Page current when the main item was reached. */
  readonly usagePage: number;
  /** The usages declared one by one, in order. */
  readonly usages: readonly Usage[];
  /** The start of the declared usage range, when there is one. */
  readonly usageMinimum?: Usage;
  /** The end of the declared usage range, when there is one. */
  readonly usageMaximum?: Usage;
  /** Smallest value (a usage index for array fields). */
  readonly logicalMinimum: number;
  /** Largest value. */
  readonly logicalMaximum: number;
  /** Physical value of the logical minimum (0 with a 0 maximum: same as logical). */
  readonly physicalMinimum: number;
  /** Physical value of the logical maximum. */
  readonly physicalMaximum: number;
  /** The Unit item's value (0: none). */
  readonly unit: number;
  /** The Unit Exponent, a power of ten. */
  readonly unitExponent: number;
  /** The main item's flags. */
  readonly flags: MainItemFlags;
  /** Byte offset of the main item in the descriptor. */
  readonly itemOffset: number;
}

/**
 * The layout of one report: its fields in order and its size.
 *
 * @example Size of the pointing input report
 * ```ts
 * import { findReportLayout, parseReportDescriptor } from "./descriptor_parser.ts";
 * import { POINTING_REPORT_DESCRIPTOR } from "./report_descriptors.ts";
 *
 * const layout = findReportLayout(parseReportDescriptor(POINTING_REPORT_DESCRIPTOR), "input", 0);
 * console.assert(layout!.byteSize === 8);
 * ```
 */
export interface ReportLayout {
  /** Input, output or feature. */
  readonly reportType: ReportType;
  /** The report id, or 0 when the descriptor uses no report ids (then there is no id byte). */
  readonly reportId: number;
  /** The fields, in report order. */
  readonly fields: readonly ReportField[];
  /** Bits after the report id byte, padding included. */
  readonly bitSize: number;
  /** Whole report size in bytes, the report id byte included when there is one. */
  readonly byteSize: number;
}

/**
 * A collection and what it contains.
 *
 * @example The keyboard descriptor has seven application collections
 * ```ts
 * import { parseReportDescriptor } from "./descriptor_parser.ts";
 * import { KEYBOARD_REPORT_DESCRIPTOR } from "./report_descriptors.ts";
 *
 * const { collections } = parseReportDescriptor(KEYBOARD_REPORT_DESCRIPTOR);
 * console.assert(collections.length === 7 && collections[0]!.typeName === "application");
 * ```
 */
export interface Collection {
  /** The collection type: 0x00 physical, 0x01 application, 0x02 logical, …. */
  readonly type: number;
  /** The type's name, `vendor-defined` for 0x80..0xFF, `reserved` for other unknown values. */
  readonly typeName: string;
  /** The first usage declared before the collection, when there is one. */
  readonly usage?: Usage;
  /** Byte offset of the Collection item. */
  readonly offset: number;
  /** The fields declared directly inside, in order. */
  readonly fields: readonly ReportField[];
  /** Nested collections, in order. */
  readonly children: readonly Collection[];
}

/**
 * One item as it appears in the descriptor.
 *
 * @example The first item of the keyboard descriptor
 * ```ts
 * import { parseReportDescriptor } from "./descriptor_parser.ts";
 * import { KEYBOARD_REPORT_DESCRIPTOR } from "./report_descriptors.ts";
 *
 * const item = parseReportDescriptor(KEYBOARD_REPORT_DESCRIPTOR).items[0]!;
 * console.assert(item.name === "Usage Page" && item.data === 0x01);
 * ```
 */
export interface DescriptorItem {
  /** Byte offset of the item's prefix. */
  readonly offset: number;
  /** Main, global, local, or a long item. */
  readonly kind: "main" | "global" | "local" | "long";
  /** The item tag (for long items, the long item tag). */
  readonly tag: number;
  /** The item's name, for example `Usage Page`; `Reserved` for unknown tags. */
  readonly name: string;
  /** Data bytes after the prefix. */
  readonly size: number;
  /** The data as an unsigned little-endian number (0 for long items). */
  readonly data: number;
}

/**
 * Everything the parser found in a report descriptor.
 *
 * @example List the report ids
 * ```ts
 * import { parseReportDescriptor } from "./descriptor_parser.ts";
 * import { KEYBOARD_REPORT_DESCRIPTOR } from "./report_descriptors.ts";
 *
 * const descriptor = parseReportDescriptor(KEYBOARD_REPORT_DESCRIPTOR);
 * console.assert(descriptor.usesReportIds);
 * console.assert(descriptor.reports.map((report) => report.reportId).join() === "1,2,3,4,5,6,7");
 * ```
 */
export interface ReportDescriptor {
  /** Every item, in order. */
  readonly items: readonly DescriptorItem[];
  /** The top-level collections. */
  readonly collections: readonly Collection[];
  /** One layout per (report type, report id), in order of first appearance. */
  readonly reports: readonly ReportLayout[];
  /** Whether the descriptor has Report ID items (then every report starts with its id). */
  readonly usesReportIds: boolean;
  /** What the parser skipped or did not interpret, one sentence each. */
  readonly notes: readonly string[];
}

/**
 * The values of one field in one report.
 *
 * @example Read the x axis of a pointing report
 * ```ts
 * import { decodeReportWithLayout, findReportLayout, parseReportDescriptor } from "./descriptor_parser.ts";
 * import { POINTING_REPORT_DESCRIPTOR } from "./report_descriptors.ts";
 *
 * const layout = findReportLayout(parseReportDescriptor(POINTING_REPORT_DESCRIPTOR), "input", 0)!;
 * const decoded = decodeReportWithLayout(layout, new Uint8Array([0, 0, 0, 0, 0xff, 2, 0, 0]));
 * console.assert(decoded[1]!.values.join() === "-1,2");
 * ```
 */
export interface FieldValues {
  /** The field. */
  readonly field: ReportField;
  /** Its `count` values, sign-extended when the field's logical minimum is negative. */
  readonly values: readonly number[];
}

const MAIN_NAMES: Readonly<Record<number, string>> = {
  0x8: "Input",
  0x9: "Output",
  0xa: "Collection",
  0xb: "Feature",
  0xc: "End Collection",
};

const GLOBAL_NAMES: Readonly<Record<number, string>> = {
  0x0: "Usage Page",
  0x1: "Logical Minimum",
  0x2: "Logical Maximum",
  0x3: "Physical Minimum",
  0x4: "Physical Maximum",
  0x5: "Unit Exponent",
  0x6: "Unit",
  0x7: "Report Size",
  0x8: "Report ID",
  0x9: "Report Count",
  0xa: "Push",
  0xb: "Pop",
};

const LOCAL_NAMES: Readonly<Record<number, string>> = {
  0x0: "Usage",
  0x1: "Usage Minimum",
  0x2: "Usage Maximum",
  0x3: "Designator Index",
  0x4: "Designator Minimum",
  0x5: "Designator Maximum",
  0x7: "String Index",
  0x8: "String Minimum",
  0x9: "String Maximum",
  0xa: "Delimiter",
};

const COLLECTION_TYPE_NAMES: readonly string[] = [
  "physical",
  "application",
  "logical",
  "report",
  "named array",
  "usage switch",
  "usage modifier",
];

const REPORT_TYPES: Readonly<Record<number, ReportType>> = {
  0x8: "input",
  0x9: "output",
  0xb: "feature",
};

/** A value whose Maximum reading (signed or unsigned) depends on the Minimum. */
interface Bound {
  readonly signed: number;
  readonly unsigned: number;
}

interface GlobalState {
  usagePage: number;
  logicalMinimum: number;
  logicalMaximum: Bound;
  physicalMinimum: number;
  physicalMaximum: Bound;
  unitExponent: number;
  unit: number;
  reportSize: number;
  reportId: number;
  reportCount: number;
}

/** A usage as written: `page` is set only by a four-byte (extended) usage. */
interface LocalUsage {
  readonly page?: number;
  readonly id: number;
}

interface LocalState {
  usages: LocalUsage[];
  usageMinimum?: LocalUsage;
  usageMaximum?: LocalUsage;
}

interface CollectionBuilder {
  readonly type: number;
  readonly usage: Usage | undefined;
  readonly offset: number;
  readonly fields: ReportField[];
  readonly children: CollectionBuilder[];
}

interface ReportBuilder {
  readonly reportType: ReportType;
  readonly reportId: number;
  readonly fields: ReportField[];
  bitSize: number;
}

/**
 * Parses a HID report descriptor.
 *
 * @param bytes The descriptor.
 * @returns Its items, collection tree, one layout per (report type, report id), and notes on
 * what was skipped.
 * @throws {ReportDescriptorError} On a truncated item, a reserved item prefix, a POP without a
 * PUSH, an END_COLLECTION with no open collection, a collection left open, report id 0 or above
 * 255, or a main item before the first Report ID of a descriptor that uses report ids.
 *
 * @example Parse three buttons and their padding
 * ```ts
 * import { parseReportDescriptor } from "./descriptor_parser.ts";
 *
 * // Usage Page (Button), Report Size (1), Report Count (3), Input (Data, Variable, Absolute),
 * // Report Size (5), Report Count (1), Input (Constant)
 * const descriptor = parseReportDescriptor(
 *   new Uint8Array([0x05, 0x09, 0x75, 0x01, 0x95, 0x03, 0x81, 0x02, 0x75, 0x05, 0x95, 0x01, 0x81, 0x01]),
 * );
 * console.assert(descriptor.reports[0]!.byteSize === 1);
 * console.assert(descriptor.reports[0]!.fields[1]!.bitOffset === 3);
 * ```
 */
export function parseReportDescriptor(bytes: Uint8Array): ReportDescriptor {
  const items: DescriptorItem[] = [];
  const notes: string[] = [];
  const roots: CollectionBuilder[] = [];
  const open: CollectionBuilder[] = [];
  const reports = new Map<string, ReportBuilder>();
  const stack: GlobalState[] = [];
  let global: GlobalState = {
    usagePage: 0,
    logicalMinimum: 0,
    logicalMaximum: { signed: 0, unsigned: 0 },
    physicalMinimum: 0,
    physicalMaximum: { signed: 0, unsigned: 0 },
    unitExponent: 0,
    unit: 0,
    reportSize: 0,
    reportId: 0,
    reportCount: 0,
  };
  let local: LocalState = { usages: [] };
  let usesReportIds = false;
  let firstIdlessMainItem: number | undefined;

  let offset = 0;
  while (offset < bytes.length) {
    const prefix = bytes[offset] as number;
    if (prefix === 0xfe) {
      offset = skipLongItem(bytes, offset, items, notes);
      continue;
    }
    const size = [0, 1, 2, 4][prefix & 0x03] as number;
    const type = (prefix >> 2) & 0x03;
    const tag = prefix >> 4;
    if (type === 3) {
      throw new ReportDescriptorError(
        `item prefix 0x${hex(prefix)} has the reserved item type 3`,
        offset,
        "check the bytes before this one: a wrong data size there shifts every item after it",
      );
    }
    if (offset + 1 + size > bytes.length) {
      throw truncated(offset, 1 + size, bytes.length - offset);
    }
    const unsigned = readUnsigned(bytes, offset + 1, size);
    const signed = size === 0 ? 0 : size === 4 ? unsigned | 0 : toSigned(unsigned, size * 8);
    const names = type === 0 ? MAIN_NAMES : type === 1 ? GLOBAL_NAMES : LOCAL_NAMES;
    const name = names[tag] ?? "Reserved";
    const kind = type === 0 ? "main" : type === 1 ? "global" : "local";
    items.push({ offset, kind, tag, name, size, data: unsigned });
    if (names[tag] === undefined) {
      notes.push(`${kind} item with reserved tag 0x${hex(tag)} at byte offset ${offset} skipped`);
    } else if (type === 1) {
      switch (tag) {
        case 0x0:
          global.usagePage = unsigned;
          break;
        case 0x1:
          global.logicalMinimum = signed;
          break;
        case 0x2:
          global.logicalMaximum = { signed, unsigned };
          break;
        case 0x3:
          global.physicalMinimum = signed;
          break;
        case 0x4:
          global.physicalMaximum = { signed, unsigned };
          break;
        case 0x5:
          global.unitExponent = unsigned <= 0xf ? toSigned(unsigned, 4) : signed;
          break;
        case 0x6:
          global.unit = unsigned;
          break;
        case 0x7:
          global.reportSize = unsigned;
          break;
        case 0x8:
          if (unsigned === 0 || unsigned > 0xff) {
            throw new ReportDescriptorError(
              `Report ID ${unsigned} is outside 1..255`,
              offset,
              "report id 0 is reserved and ids are one byte; number reports from 1",
            );
          }
          usesReportIds = true;
          global.reportId = unsigned;
          break;
        case 0x9:
          global.reportCount = unsigned;
          break;
        case 0xa:
          stack.push({ ...global });
          break;
        case 0xb: {
          const saved = stack.pop();
          if (saved === undefined) {
            throw new ReportDescriptorError(
              "Pop has no matching Push",
              offset,
              "every Pop (0xB4) must follow a Push (0xA4) that saved the global state",
            );
          }
          global = saved;
          break;
        }
      }
    } else if (type === 2) {
      const usage: LocalUsage = size === 4 ? { page: unsigned >>> 16, id: unsigned & 0xffff } : {
        id: unsigned,
      };
      if (tag === 0x0) local.usages.push(usage);
      else if (tag === 0x1) local.usageMinimum = usage;
      else if (tag === 0x2) local.usageMaximum = usage;
    } else {
      const reportType = REPORT_TYPES[tag];
      if (reportType !== undefined) {
        if (global.reportId === 0) firstIdlessMainItem ??= offset;
        const key = `${reportType}:${global.reportId}`;
        let report = reports.get(key);
        if (report === undefined) {
          report = { reportType, reportId: global.reportId, fields: [], bitSize: 0 };
          reports.set(key, report);
        }
        const field = makeField(report, global, local, unsigned, offset);
        report.fields.push(field);
        report.bitSize += field.bitSize * field.count;
        open.at(-1)?.fields.push(field);
      } else if (tag === 0xa) {
        const first = local.usages[0] ?? local.usageMinimum;
        const collection: CollectionBuilder = {
          type: unsigned,
          usage: first === undefined ? undefined : resolveUsage(first, global),
          offset,
          fields: [],
          children: [],
        };
        (open.at(-1)?.children ?? roots).push(collection);
        open.push(collection);
      } else if (open.pop() === undefined) {
        throw new ReportDescriptorError(
          "End Collection closes no open collection",
          offset,
          "remove the extra End Collection (0xC0) or add the Collection it should close",
        );
      }
      local = { usages: [] };
    }
    offset += 1 + size;
  }

  const unclosed = open.at(-1);
  if (unclosed !== undefined) {
    throw new ReportDescriptorError(
      `Collection is never closed (the descriptor ends after ${bytes.length} bytes)`,
      unclosed.offset,
      "add an End Collection (0xC0) for every Collection (0xA1 …)",
    );
  }
  if (usesReportIds && firstIdlessMainItem !== undefined) {
    throw new ReportDescriptorError(
      "main item comes before any Report ID, but the descriptor uses report ids",
      firstIdlessMainItem,
      "when one report has an id, every report needs one: add a Report ID (0x85) before it",
    );
  }
  return {
    items,
    collections: roots.map(freezeCollection),
    reports: [...reports.values()].map((report) => ({
      reportType: report.reportType,
      reportId: report.reportId,
      fields: report.fields,
      bitSize: report.bitSize,
      byteSize: Math.ceil(report.bitSize / 8) + (usesReportIds ? 1 : 0),
    })),
    usesReportIds,
    notes,
  };
}

/**
 * The layout of one report of a parsed descriptor.
 *
 * @param descriptor A parsed descriptor.
 * @param reportType Input, output or feature.
 * @param reportId The report id; 0 for a descriptor without report ids.
 * @returns The layout, or `undefined` when the descriptor declares no such report.
 *
 * @example The LED output report
 * ```ts
 * import { findReportLayout, parseReportDescriptor } from "./descriptor_parser.ts";
 * import { KEYBOARD_REPORT_DESCRIPTOR } from "./report_descriptors.ts";
 *
 * const layout = findReportLayout(parseReportDescriptor(KEYBOARD_REPORT_DESCRIPTOR), "output", 5);
 * console.assert(layout?.byteSize === 2);
 * ```
 */
export function findReportLayout(
  descriptor: ReportDescriptor,
  reportType: ReportType,
  reportId: number,
): ReportLayout | undefined {
  return descriptor.reports.find((report) =>
    report.reportType === reportType && report.reportId === reportId
  );
}

/**
 * Reads every field's values out of a report, following a parsed layout. Values are read
 * little-endian, least significant bit first, and sign-extended when the field's logical minimum
 * is negative.
 *
 * @param layout The report's layout, from {@linkcode parseReportDescriptor}.
 * @param report The whole report, report id byte included when the layout has an id.
 * @returns One entry per field, in layout order.
 * @throws {HidReportError} When the report's length or id byte does not match the layout, or a
 * field is wider than 32 bits.
 *
 * @example Read the LED bits of an LED input report
 * ```ts
 * import { decodeReportWithLayout, findReportLayout, parseReportDescriptor } from "./descriptor_parser.ts";
 * import { KEYBOARD_REPORT_DESCRIPTOR } from "./report_descriptors.ts";
 *
 * const layout = findReportLayout(parseReportDescriptor(KEYBOARD_REPORT_DESCRIPTOR), "input", 6)!;
 * const [leds] = decodeReportWithLayout(layout, new Uint8Array([6, 0b10]));
 * console.assert(leds!.values.join() === "0,1"); // Num Lock off, Caps Lock on
 * ```
 */
export function decodeReportWithLayout(layout: ReportLayout, report: Uint8Array): FieldValues[] {
  if (report.length !== layout.byteSize) {
    throw new HidReportError(
      `${layout.reportType} report ${layout.reportId} is ${layout.byteSize} bytes by its ` +
        `descriptor, got ${report.length}`,
      "pass the whole report, report id byte included when the descriptor uses report ids",
    );
  }
  const hasIdByte = layout.reportId !== 0;
  if (hasIdByte && report[0] !== layout.reportId) {
    throw new HidReportError(
      `report id ${report[0]} does not match the layout's report id ${layout.reportId}`,
      "look the layout up with findReportLayout(descriptor, type, report[0])",
    );
  }
  const base = hasIdByte ? 8 : 0;
  return layout.fields.map((field) => {
    if (field.bitSize > 32) {
      throw new HidReportError(
        `the field at bit offset ${field.bitOffset} is ${field.bitSize} bits wide, above the 32 ` +
          "bits decodeReportWithLayout reads",
        "read buffered-bytes fields straight from the report bytes",
      );
    }
    const values: number[] = [];
    for (let index = 0; index < field.count; index++) {
      const value = readBits(report, base + field.bitOffset + index * field.bitSize, field.bitSize);
      values.push(field.logicalMinimum < 0 ? toSigned(value, field.bitSize) : value);
    }
    return { field, values };
  });
}

function makeField(
  report: ReportBuilder,
  global: GlobalState,
  local: LocalState,
  data: number,
  itemOffset: number,
): ReportField {
  return {
    reportType: report.reportType,
    reportId: report.reportId,
    bitOffset: report.bitSize,
    bitSize: global.reportSize,
    count: global.reportCount,
    usagePage: global.usagePage,
    usages: local.usages.map((usage) => resolveUsage(usage, global)),
    ...(local.usageMinimum === undefined
      ? {}
      : { usageMinimum: resolveUsage(local.usageMinimum, global) }),
    ...(local.usageMaximum === undefined
      ? {}
      : { usageMaximum: resolveUsage(local.usageMaximum, global) }),
    logicalMinimum: global.logicalMinimum,
    logicalMaximum: global.logicalMinimum < 0
      ? global.logicalMaximum.signed
      : global.logicalMaximum.unsigned,
    physicalMinimum: global.physicalMinimum,
    physicalMaximum: global.physicalMinimum < 0
      ? global.physicalMaximum.signed
      : global.physicalMaximum.unsigned,
    unit: global.unit,
    unitExponent: global.unitExponent,
    flags: decodeFlags(data),
    itemOffset,
  };
}

function decodeFlags(data: number): MainItemFlags {
  const bit = (n: number): boolean => (data & (1 << n)) !== 0;
  return {
    raw: data,
    constant: bit(0),
    variable: bit(1),
    relative: bit(2),
    wrap: bit(3),
    nonLinear: bit(4),
    noPreferredState: bit(5),
    nullState: bit(6),
    volatile: bit(7),
    bufferedBytes: bit(8),
  };
}

function resolveUsage(usage: LocalUsage, global: GlobalState): Usage {
  return { page: usage.page ?? global.usagePage, id: usage.id };
}

function freezeCollection(collection: CollectionBuilder): Collection {
  const typeName = COLLECTION_TYPE_NAMES[collection.type] ??
    (collection.type >= 0x80 && collection.type <= 0xff ? "vendor-defined" : "reserved");
  return {
    type: collection.type,
    typeName,
    ...(collection.usage === undefined ? {} : { usage: collection.usage }),
    offset: collection.offset,
    fields: collection.fields,
    children: collection.children.map(freezeCollection),
  };
}

function skipLongItem(
  bytes: Uint8Array,
  offset: number,
  items: DescriptorItem[],
  notes: string[],
): number {
  if (offset + 3 > bytes.length) throw truncated(offset, 3, bytes.length - offset);
  const size = bytes[offset + 1] as number;
  const tag = bytes[offset + 2] as number;
  if (offset + 3 + size > bytes.length) throw truncated(offset, 3 + size, bytes.length - offset);
  items.push({ offset, kind: "long", tag, name: "Long Item", size, data: 0 });
  notes.push(
    `long item (tag 0x${hex(tag)}, ${size} data bytes) at byte offset ${offset} skipped: ` +
      "HID 1.11 defines no long items",
  );
  return offset + 3 + size;
}

function truncated(offset: number, needed: number, left: number): ReportDescriptorError {
  return new ReportDescriptorError(
    `item needs ${needed} bytes but only ${left} remain`,
    offset,
    "the descriptor is cut short, or a wrong size bit in this item's prefix claims too many bytes",
  );
}

function readUnsigned(bytes: Uint8Array, start: number, size: number): number {
  let value = 0;
  for (let i = size - 1; i >= 0; i--) value = value * 256 + (bytes[start + i] as number);
  return value;
}

function readBits(report: Uint8Array, bitPosition: number, bitSize: number): number {
  let value = 0;
  let done = 0;
  while (done < bitSize) {
    const position = bitPosition + done;
    const shift = position & 7;
    const take = Math.min(8 - shift, bitSize - done);
    const chunk = ((report[position >>> 3] as number) >>> shift) & ((1 << take) - 1);
    value += chunk * 2 ** done;
    done += take;
  }
  return value;
}

function toSigned(value: number, bits: number): number {
  return value >= 2 ** (bits - 1) ? value - 2 ** bits : value;
}

function hex(value: number): string {
  return value.toString(16).toUpperCase().padStart(2, "0");
}
