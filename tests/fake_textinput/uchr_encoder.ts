/**
 * Test support: encodes a {@linkcode KeyboardLayout} as a `'uchr'` resource (the binary layout
 * format of UnicodeUtilities.h, what `kTISPropertyUnicodeKeyLayoutData` holds), so the fake
 * text-input library can serve a bundled layout and the real reader can rebuild it through
 * `UCKeyTranslate`. See README.md for the format and what the encoding uses of it.
 *
 * @module
 */
import type { KeyboardLayout } from "../../lib/layout/keyboard_layout.ts";

const VIRTUAL_KEYS = 128;
const NO_OUTPUT = 0xffff;
const SHIFT = 0x02;
const CAPS_LOCK = 0x04;
const OPTION = 0x08;
const RIGHT_SHIFT = 0x20;
const RIGHT_OPTION = 0x40;

/** Growable little-endian byte writer. */
class Writer {
  #bytes = new Uint8Array(1 << 16);
  #view = new DataView(this.#bytes.buffer);
  length = 0;

  #reserve(size: number): number {
    while (this.length + size > this.#bytes.length) {
      const bigger = new Uint8Array(this.#bytes.length * 2);
      bigger.set(this.#bytes);
      this.#bytes = bigger;
      this.#view = new DataView(bigger.buffer);
    }
    const at = this.length;
    this.length += size;
    return at;
  }
  u8(value: number): number {
    const at = this.#reserve(1);
    this.#view.setUint8(at, value);
    return at;
  }
  u16(value: number): number {
    const at = this.#reserve(2);
    this.#view.setUint16(at, value, true);
    return at;
  }
  u32(value: number): number {
    const at = this.#reserve(4);
    this.#view.setUint32(at, value, true);
    return at;
  }
  setU32(at: number, value: number): void {
    this.#view.setUint32(at, value, true);
  }
  setU16(at: number, value: number): void {
    this.#view.setUint16(at, value, true);
  }
  align4(): void {
    while (this.length % 4 !== 0) this.u8(0);
  }
  bytes(): Uint8Array<ArrayBuffer> {
    return this.#bytes.slice(0, this.length);
  }
}

/**
 * Encodes a layout's keys (virtual keys 0–127, eight states of Shift, Option and Caps Lock;
 * right-hand modifiers as left ones; Command and Control ignored) and its dead keys.
 *
 * @param layout The layout.
 * @returns The `'uchr'` bytes.
 */
export function encodeUchr(layout: KeyboardLayout): Uint8Array<ArrayBuffer> {
  const sequences: string[] = [];
  const charSeq = (text: string): number => {
    if (text === "") return NO_OUTPUT;
    const unit = text.charCodeAt(0);
    const plain = text.length === 1 && (unit < 0x4000 || unit >= 0xc000) && unit < 0xfffe;
    if (plain) return unit;
    let index = sequences.indexOf(text);
    if (index < 0) index = sequences.push(text) - 1;
    return 0x8000 | index;
  };

  // Dead states 1…n, one per dead-key text; composition tables by next text.
  const deadTexts = [...layout.deadKeys];
  const stateOf = (dead: string) => deadTexts.indexOf(dead) + 1;
  interface Record {
    zero: number;
    next: number;
    entries: [number, number][];
  }
  const records: Record[] = [];
  const recordIndex = new Map<string, number>();
  const recordFor = (key: string, zero: number, next: number, asNext: string): number => {
    let index = recordIndex.get(key);
    if (index !== undefined) return index;
    const entries: [number, number][] = [];
    for (const dead of deadTexts) {
      const composed = layout.compose(dead, asNext);
      if (composed !== undefined) entries.push([stateOf(dead), charSeq(composed)]);
    }
    index = records.push({ zero, next, entries }) - 1;
    recordIndex.set(key, index);
    return index;
  };

  const tables: number[][] = [];
  for (let state = 0; state < 8; state++) {
    const modifiers = { shift: (state & 1) !== 0, option: (state & 2) !== 0, capsLock: state >= 4 };
    const table: number[] = [];
    for (let virtualKey = 0; virtualKey < VIRTUAL_KEYS; virtualKey++) {
      const output = layout.output(virtualKey, modifiers);
      if (output === undefined) {
        table.push(NO_OUTPUT);
      } else if (output.dead) {
        const index = recordFor(
          `dead:${output.text}`,
          NO_OUTPUT,
          stateOf(output.text),
          output.text,
        );
        table.push(0x4000 | index);
      } else if (deadTexts.some((dead) => layout.compose(dead, output.text) !== undefined)) {
        table.push(0x4000 | recordFor(`key:${output.text}`, charSeq(output.text), 0, output.text));
      } else {
        table.push(charSeq(output.text));
      }
    }
    tables.push(table);
  }
  const terminators = deadTexts.map(charSeq);

  const out = new Writer();
  out.u16(0x1002); // kUCKeyLayoutHeaderFormat
  out.u16(0x0100); // keyLayoutDataVersion
  out.u32(0); // keyLayoutFeatureInfoOffset: none
  out.u32(1); // keyboardTypeCount
  const header = out.length;
  for (const value of [0, 255, 0, 0, 0, 0, 0]) out.u32(value);

  const modifiersAt = out.u16(0x3001);
  out.u16(0); // defaultTableNum
  out.u32(256);
  for (let modifier = 0; modifier < 256; modifier++) {
    const shift = (modifier & (SHIFT | RIGHT_SHIFT)) !== 0 ? 1 : 0;
    const option = (modifier & (OPTION | RIGHT_OPTION)) !== 0 ? 2 : 0;
    const caps = (modifier & CAPS_LOCK) !== 0 ? 4 : 0;
    out.u8(shift | option | caps);
  }
  out.align4();

  const charTablesAt = out.u16(0x4001);
  out.u16(VIRTUAL_KEYS);
  out.u32(tables.length);
  const tableOffsets = tables.map(() => out.u32(0));
  tables.forEach((table, index) => {
    out.setU32(tableOffsets[index] ?? 0, out.length);
    for (const value of table) out.u16(value);
  });
  out.align4();

  const recordsAt = out.u16(0x5001);
  out.u16(records.length);
  const recordOffsets = records.map(() => out.u32(0));
  records.forEach((record, index) => {
    out.setU32(recordOffsets[index] ?? 0, out.length);
    out.u16(record.zero);
    out.u16(record.next);
    out.u16(record.entries.length);
    out.u16(0x0001); // kUCKeyStateEntryTerminalFormat
    for (const [state, char] of record.entries) {
      out.u16(state);
      out.u16(char);
    }
  });
  out.align4();

  const terminatorsAt = out.u16(0x6001);
  out.u16(terminators.length);
  for (const terminator of terminators) out.u16(terminator);
  out.align4();

  const sequencesAt = out.u16(0x7001);
  out.u16(sequences.length);
  const offsetsAt = sequences.map(() => out.u16(0));
  const endAt = out.u16(0);
  sequences.forEach((text, index) => {
    out.setU16(offsetsAt[index] ?? 0, out.length - sequencesAt);
    for (let i = 0; i < text.length; i++) out.u16(text.charCodeAt(i));
  });
  out.setU16(endAt, out.length - sequencesAt);
  out.align4();

  out.setU32(header + 8, modifiersAt);
  out.setU32(header + 12, charTablesAt);
  out.setU32(header + 16, recordsAt);
  out.setU32(header + 20, terminatorsAt);
  out.setU32(header + 24, sequencesAt);
  return out.bytes();
}
