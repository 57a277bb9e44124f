/**
 * Line splitting shared by the tool-output parsers: LF, CRLF and lone CR all end a line, so
 * output captured on another system or pasted from a terminal parses the same.
 *
 * @module
 */

/**
 * Splits text into lines. A final line terminator does not make an extra empty line.
 *
 * @param text Tool output.
 * @returns The lines without their terminators; line `N` (1-based) is at index `N - 1`.
 *
 * @example CRLF and a trailing newline
 * ```ts
 * import { splitLines } from "./text_lines.ts";
 *
 * const lines = splitLines("a\r\nb\n");
 * console.assert(lines.length === 2 && lines[0] === "a" && lines[1] === "b");
 * ```
 */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Quotes a piece of bad input for an error message, cut to 60 characters so a garbage line
 * cannot flood the terminal.
 *
 * @param text The offending text.
 * @returns It JSON-quoted, ending in `...` when it was cut.
 *
 * @example A long line is cut
 * ```ts
 * import { quoteExcerpt } from "./text_lines.ts";
 *
 * console.assert(quoteExcerpt("abc") === '"abc"');
 * console.assert(quoteExcerpt("x".repeat(100)).length === 62);
 * ```
 */
export function quoteExcerpt(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/**
 * Makes a library's error message fit in a one-line error: line breaks become spaces and it is
 * cut to 120 characters (JSON errors can quote the whole input).
 *
 * @param message The underlying message.
 * @returns One line.
 *
 * @example
 * ```ts
 * import { oneLine } from "./text_lines.ts";
 *
 * console.assert(oneLine("a\nb") === "a b");
 * ```
 */
export function oneLine(message: string): string {
  const flat = message.replace(/\s*[\r\n]+\s*/g, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
