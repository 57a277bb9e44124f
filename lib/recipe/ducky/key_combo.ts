/**
 * Key-combo lines and key arguments: `CTRL ALT DELETE`, `CTRL-SHIFT ESC`, `GUI-SHIFT 4`,
 * `COMMAND-OPTION ESC`, `GUI r`, `ENTER`, `?`.
 *
 * Tokens are separated by spaces, tabs or hyphens (a lone `-`, or a `-` after a hyphen as in
 * `CTRL--`, is the minus key). Each token is a DuckyScript key name, any name the shared resolver
 * knows (`lib/hid/key_names.ts`, case-insensitive), or a single character. In a combo every token
 * but the last must be a modifier (Control, Shift, Option/Alt, Command/GUI, either side, or fn);
 * keys go down left to right and come up right to left. A shifted character (`?`, `!`, `+`) adds
 * Shift before its key unless the combo already holds a Shift, exactly as the resolver's
 * `parseCombo` does.
 *
 * @module
 */
import { closestNames } from "../../closest_names.ts";
import {
  isModifier,
  type ResolvedKeyName,
  resolveKey,
  resolveKeyName,
  UnknownKeyError,
} from "../../hid/key_names.ts";
import type { SourceLocation } from "../action.ts";
import { COMMANDS } from "./command_table.ts";
import { DUCKY_KEY_ALIASES, DUCKY_KEY_NAMES } from "./ducky_key_names.ts";
import { DuckyScriptError } from "./ducky_script_error.ts";

/**
 * How {@linkcode parseKeyCombo} reads and reports.
 *
 * @example Options for HOLD's key list
 * ```ts
 * import { type KeyComboOptions, parseKeyCombo } from "./key_combo.ts";
 *
 * const options: KeyComboOptions = {
 *   locate: (index) => ({ file: "a.txt", line: 1, column: index + 6 }),
 *   requireModifiers: false,
 *   commandPosition: false,
 * };
 * console.assert(parseKeyCombo("a b", options).join(" ") === "KeyA KeyB");
 * ```
 */
export interface KeyComboOptions {
  /** Maps an index into the text to its place in the file, for errors. */
  readonly locate: (index: number) => SourceLocation;
  /** True for a combo (every key but the last is a modifier); false for a list such as HOLD's. */
  readonly requireModifiers: boolean;
  /** True when the first token stands where a command would, so an unknown one is a command. */
  readonly commandPosition: boolean;
}

interface Token {
  readonly text: string;
  readonly index: number;
}

const COMBO_HINT =
  "write modifiers first and the key last, separated by spaces or hyphens, as in " +
  '"CTRL ALT DELETE" or "GUI-SHIFT 4"; list key names with `dextkit keys`';
const COMMAND_AND_KEY_NAMES: readonly string[] = [...COMMANDS.keys(), ...DUCKY_KEY_NAMES];
const SHIFT_LEFT = "ShiftLeft";
const CACHE_LIMIT = 4096;
/** Parsed combos by text (the result does not depend on where the text is). */
const combos = new Map<string, readonly string[]>();
/** Parsed key lists (HOLD, RELEASE, GLOBE arguments) by text. */
const keyLists = new Map<string, readonly string[]>();
const SHIFT_RIGHT = "ShiftRight";

/**
 * Parses a key combo (or a list of keys) into canonical key names in press order.
 *
 * @param text The combo text; surrounding whitespace is ignored.
 * @param options Where the text is, and which rules apply.
 * @returns The canonical key names (`KeySpec.code`), in press order; empty for blank text.
 * @throws {DuckyScriptError} For an unknown key (with the closest names), a non-modifier before
 *   the last key, an empty name between hyphens, or a key named twice.
 *
 * @example A hyphen chain and a shifted character
 * ```ts
 * import { parseKeyCombo } from "./key_combo.ts";
 *
 * const locate = (index: number) => ({ file: "a.txt", line: 1, column: index + 1 });
 * const options = { locate, requireModifiers: true, commandPosition: true };
 * console.assert(parseKeyCombo("GUI-SHIFT 4", options).join(" ") === "MetaLeft ShiftLeft Digit4");
 * console.assert(parseKeyCombo("CTRL ?", options).join(" ") === "ControlLeft ShiftLeft Slash");
 * ```
 */
export function parseKeyCombo(text: string, options: KeyComboOptions): readonly string[] {
  const cache = options.requireModifiers ? combos : keyLists;
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const codes = parseUncached(text, options);
  // Payloads repeat the same few combos; a bounded cache saves re-resolving them.
  if (cache.size < CACHE_LIMIT) cache.set(text, codes);
  return codes;
}

function parseUncached(text: string, options: KeyComboOptions): readonly string[] {
  const tokens = splitTokens(text, options);
  const resolved = tokens.map((token, position) =>
    resolveToken(token, options, options.commandPosition && position === 0)
  );
  const codes: string[] = [];
  const hasShift = resolved.some(({ key }) => key.code === SHIFT_LEFT || key.code === SHIFT_RIGHT);
  for (let position = 0; position < resolved.length; position++) {
    const { key, shifted } = resolved[position]!;
    const token = tokens[position]!;
    const last = position === resolved.length - 1;
    if (options.requireModifiers && !last && !isModifier(key) && key.code !== "Fn") {
      throw new DuckyScriptError({
        source: options.locate(token.index),
        what: "expected a modifier before the last key of the combo, got",
        text: token.text,
        hint: COMBO_HINT,
      });
    }
    if (shifted && !hasShift && !codes.includes(SHIFT_LEFT)) codes.push(SHIFT_LEFT);
    if (codes.includes(key.code)) {
      throw new DuckyScriptError({
        source: options.locate(token.index),
        what: "the combo names this key twice:",
        text: token.text,
        hint: COMBO_HINT,
      });
    }
    codes.push(key.code);
  }
  return codes;
}

/** Splits on whitespace, then splits each word on hyphens. */
function splitTokens(text: string, options: KeyComboOptions): Token[] {
  const tokens: Token[] = [];
  const words = /[^ \t]+/g;
  for (let match = words.exec(text); match !== null; match = words.exec(text)) {
    const word = match[0];
    if (word === "-") {
      tokens.push({ text: word, index: match.index });
      continue;
    }
    const minusLast = word.endsWith("--");
    const parts = (minusLast ? word.slice(0, -2) : word).split("-");
    let offset = match.index;
    for (const part of parts) {
      if (part === "") {
        throw new DuckyScriptError({
          source: options.locate(match.index),
          what: "empty key name between hyphens in",
          text: word,
          hint: COMBO_HINT,
        });
      }
      tokens.push({ text: part, index: offset });
      offset += part.length + 1;
    }
    if (minusLast) tokens.push({ text: "-", index: match.index + word.length - 1 });
  }
  return tokens;
}

function resolveToken(
  token: Token,
  options: KeyComboOptions,
  commandPosition: boolean,
): ResolvedKeyName {
  const alias = DUCKY_KEY_ALIASES.get(token.text.toUpperCase());
  if (alias !== undefined) return { key: resolveKey(alias), shifted: false };
  try {
    return resolveKeyName(token.text);
  } catch (error) {
    if (!(error instanceof UnknownKeyError)) throw error;
    const own = closestNames(token.text, commandPosition ? COMMAND_AND_KEY_NAMES : DUCKY_KEY_NAMES);
    throw new DuckyScriptError({
      source: options.locate(token.index),
      what: commandPosition ? "unknown command" : "unknown key",
      text: token.text,
      suggestions: own.length > 0 ? own : error.suggestions,
      hint: commandPosition
        ? "commands are upper case (STRING, DELAY, GUI r, …); a line that is not a command is a " +
          "key combo; list key names with `dextkit keys`"
        : "list key names with `dextkit keys`, or search them with `dextkit keys --search <text>`",
    });
  }
}
