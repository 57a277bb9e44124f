/**
 * Splitting captured output into the lines the runners pass to their line callbacks.
 *
 * @module
 */

/**
 * Splits output at LF or CRLF; a final line break does not make an extra empty line.
 *
 * @param text Captured output.
 * @returns The lines.
 *
 * @example
 * ```ts
 * import { outputLines } from "./output_lines.ts";
 *
 * console.assert(outputLines("a\r\nb\n").join("|") === "a|b");
 * console.assert(outputLines("").length === 0);
 * ```
 */
export function outputLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
