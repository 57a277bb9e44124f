/**
 * Content sniffing for `dextkit run FILE`: does a file read as DuckyScript rather than
 * TypeScript?
 *
 * @module
 */
import { COMMANDS } from "./command_table.ts";
import { parseKeyCombo } from "./key_combo.ts";
import { splitSourceLines } from "./source_lines.ts";

/** How many meaningful lines the sniffing reads at most. */
const LINES_TO_READ = 20;
/** How much of the file it reads at most. */
const CHARACTERS_TO_READ = 16_384;
/** The share of meaningful lines that must read as DuckyScript. */
const REQUIRED_SHARE = 0.8;

const BLOCK_CLOSERS: ReadonlyMap<string, string> = new Map([
  ["REM_BLOCK", "END_REM"],
  ["STRING", "END_STRING"],
  ["STRINGLN", "END_STRINGLN"],
  ["STRING_BLOCK", "END_STRING"],
  ["STRINGLN_BLOCK", "END_STRINGLN"],
]);
const CALL_LINE = /^[A-Za-z_][A-Za-z0-9_]*\(\)$/;
const locate = () => ({ file: "", line: 1, column: 1 });

/**
 * Whether text looks like DuckyScript: its first meaningful line (not blank, not a `//` comment)
 * is a DuckyScript command, a key-combo line (`GUI r`, `ENTER`), an assignment (`$X = 1`) or a
 * call (`NAME()`), and so are at least 80 % of the first 20 meaningful lines. The contents of
 * STRING and REM blocks are not judged. TypeScript (`import …`, `await …`, `/** …`, a `#!`
 * line) does not pass.
 *
 * @param text The file's text (only its beginning is read).
 * @returns True when the text reads as DuckyScript.
 *
 * @example Tell DuckyScript from TypeScript
 * ```ts
 * import { looksLikeDuckyScript } from "./looks_like_ducky_script.ts";
 *
 * console.assert(looksLikeDuckyScript("REM hello\nGUI SPACE\nSTRING Terminal\nENTER\n"));
 * console.assert(!looksLikeDuckyScript('import { press } from "../mod.ts";\nawait press("Enter");'));
 * ```
 */
export function looksLikeDuckyScript(text: string): boolean {
  const lines = splitSourceLines(text.slice(0, CHARACTERS_TO_READ));
  let meaningful = 0;
  let ducky = 0;
  let closer: string | undefined;
  for (const line of lines) {
    const trimmed = line.trim();
    if (closer !== undefined) {
      if (trimmed === closer) closer = undefined;
      continue;
    }
    if (trimmed === "" || trimmed.startsWith("//")) continue;
    const word = trimmed.split(/[ \t]/, 1)[0]!;
    const isDucky = readsAsDucky(trimmed, word);
    if (meaningful === 0 && !isDucky) return false;
    meaningful++;
    if (isDucky) ducky++;
    if (isDucky && (trimmed === word || word === "REM_BLOCK")) closer = BLOCK_CLOSERS.get(word);
    if (meaningful === LINES_TO_READ) break;
  }
  return meaningful > 0 && ducky >= REQUIRED_SHARE * meaningful;
}

function readsAsDucky(trimmed: string, word: string): boolean {
  if (COMMANDS.has(word) || CALL_LINE.test(word) || /^\$[A-Za-z_]/.test(word)) return true;
  try {
    parseKeyCombo(trimmed, { locate, requireModifiers: true, commandPosition: true });
    return true;
  } catch {
    return false;
  }
}
