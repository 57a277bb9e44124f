/**
 * Parser for `systemextensionsctl developer` without an argument, which prints whether system
 * extension developer mode is on (reported wording: `Developer mode is on`).
 *
 * Developer mode lifts the rule that the host app must be in /Applications and makes every
 * activation replace the installed extension; turning it on or off needs SIP disabled.
 *
 * @module
 */
import { OutputParseError } from "./output_parse_error.ts";
import { quoteExcerpt, splitLines } from "./text_lines.ts";

const STATE = /\bdeveloper mode(?: is)?:?\s+(on|off|enabled|disabled)\b/i;

/**
 * Parses the output of `systemextensionsctl developer`.
 *
 * @param stdout What the command printed (standard output and error together are fine).
 * @returns `true` when developer mode is on.
 * @throws {OutputParseError} When no line says `developer mode is on|off` (or enabled/disabled).
 *
 * @example
 * ```ts
 * import { parseDeveloperMode } from "./developer_mode.ts";
 *
 * console.assert(parseDeveloperMode("Developer mode is on\n") === true);
 * console.assert(parseDeveloperMode("Developer mode is off\n") === false);
 * ```
 */
export function parseDeveloperMode(stdout: string): boolean {
  const lines = splitLines(stdout);
  for (const line of lines) {
    const match = STATE.exec(line);
    if (match) return /^(on|enabled)$/i.test(match[1] ?? "");
  }
  const first = lines.findIndex((line) => line.trim() !== "");
  throw new OutputParseError(
    "systemextensionsctl developer",
    first < 0
      ? "the output is empty"
      : `expected "Developer mode is on" or "… off", found ${
        quoteExcerpt((lines[first] ?? "").trim())
      }`,
    first < 0 ? undefined : first + 1,
  );
}
