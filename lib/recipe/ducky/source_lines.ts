/**
 * Splits DuckyScript source into lines and measures columns.
 *
 * Real payloads end their lines with LF, CRLF, a bare CR, or a mix of them in one file, and some
 * start with a UTF-8 byte order mark (recipes-reference.md §2). Every one of those endings ends a
 * line here, so a CR-only file does not collapse into one long line.
 *
 * @module
 */

const BYTE_ORDER_MARK = "\uFEFF";
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Splits source text into lines: strips a leading byte order mark and ends a line at every CRLF,
 * CR or LF. Line `n` of the file is element `n - 1`; a final line break adds no extra line of
 * content but an empty last element, which is blank and so skipped by the parser.
 *
 * @param source The whole file.
 * @returns The lines, without their line endings.
 *
 * @example Mixed line endings and a byte order mark
 * ```ts
 * import { splitSourceLines } from "./source_lines.ts";
 *
 * const lines = splitSourceLines("\uFEFFREM a\r\nENTER\rSTRING x\nTAB");
 * console.assert(lines.length === 4 && lines[0] === "REM a" && lines[3] === "TAB");
 * ```
 */
export function splitSourceLines(source: string): string[] {
  const text = source.startsWith(BYTE_ORDER_MARK) ? source.slice(BYTE_ORDER_MARK.length) : source;
  return text.split(LINE_BREAK);
}

/**
 * The 1-based column of a position in a line, counting Unicode code points (a tab is one
 * column), so an emoji before the position counts once.
 *
 * @param line The line.
 * @param index A UTF-16 index into the line.
 * @returns The column, from 1.
 *
 * @example Columns count code points
 * ```ts
 * import { columnAt } from "./source_lines.ts";
 *
 * console.assert(columnAt("  GUI r", 2) === 3);
 * console.assert(columnAt("😀 x", 3) === 3);
 * ```
 */
export function columnAt(line: string, index: number): number {
  let column = 1;
  for (let position = 0; position < index && position < line.length; position++) {
    const code = line.charCodeAt(position);
    // A high surrogate followed by a low one is a single code point.
    if (code >= 0xD800 && code <= 0xDBFF && position + 1 < index) {
      const next = line.charCodeAt(position + 1);
      if (next >= 0xDC00 && next <= 0xDFFF) position++;
    }
    column++;
  }
  return column;
}
