/**
 * DuckyScript text → syntax tree (`syntax_tree.ts`). Every spelling is checked here: commands,
 * key names, expressions, block structure, variables and function names, also in branches that
 * never run. The parser throws only {@linkcode DuckyScriptError}; warnings go to a
 * {@linkcode WarningCollector}.
 *
 * Lines: leading spaces and tabs are indentation; blank lines, `REM …` lines, `//` lines and
 * `REM_BLOCK` … `END_REM` blocks are comments. A line is `COMMAND[ argument]`, split at the first
 * space or tab; a line whose first word is not a command is a key combo (`key_combo.ts`), an
 * assignment (`$X = …`), or a call (`NAME()`).
 *
 * @module
 */
import { closestNames } from "../../closest_names.ts";
import type { PressAction, SourceLocation } from "../action.ts";
import {
  type CommandKind,
  COMMANDS,
  IGNORED_COMMANDS,
  LOCK_WAITS,
  MOUSE_BUTTONS,
  RANDOM_CHARACTER_SETS,
} from "./command_table.ts";
import { DefineTable } from "./define_table.ts";
import type { WarningCollector } from "./diagnostics.ts";
import { MEDIA_KEYS } from "./ducky_key_names.ts";
import { DuckyScriptError } from "./ducky_script_error.ts";
import { type Expression, type ExpressionScope, parseExpression } from "./expression.ts";
import { INTERNAL_VARIABLES } from "./internal_variables.ts";
import { parseKeyCombo } from "./key_combo.ts";
import { columnAt, splitSourceLines } from "./source_lines.ts";
import type { FunctionDefinition, ParsedProgram, Statement, VariableSlot } from "./syntax_tree.ts";
import type { BinaryOperator } from "./uint16_math.ts";

/**
 * How {@linkcode parseDuckyScript} reads a file.
 *
 * @example Flipper-style trimming
 * ```ts
 * import { WarningCollector } from "./diagnostics.ts";
 * import type { ParseOptions } from "./parser.ts";
 *
 * const options: ParseOptions = {
 *   file: "payload.txt",
 *   trimStringTrailingWhitespace: true,
 *   warnings: new WarningCollector(),
 * };
 * console.assert(options.trimStringTrailingWhitespace);
 * ```
 */
export interface ParseOptions {
  /** The file name used in locations. */
  readonly file: string;
  /** Remove trailing spaces and tabs from STRING text and DEFINE values (Flipper behaviour). */
  readonly trimStringTrailingWhitespace: boolean;
  /** Where warnings go. */
  readonly warnings: WarningCollector;
}

/**
 * How deep IF, WHILE, FUNCTION, BUTTON_DEF and EXTENSION blocks may nest.
 *
 * @example Nesting deeper is an error
 * ```ts
 * import { MAX_BLOCK_NESTING } from "./parser.ts";
 *
 * console.assert(MAX_BLOCK_NESTING === 32);
 * ```
 */
export const MAX_BLOCK_NESTING = 32;

/**
 * The largest plain number a DELAY, DEFAULT_DELAY, STRING_DELAY, DEFAULT_STRING_DELAY or REPEAT
 * argument may be (about 24.8 days in milliseconds). A plain number may exceed 65535 because
 * DuckyScript 1.0 delays are not 16-bit; any other expression is uint16.
 *
 * @example The limit
 * ```ts
 * import { MAX_PLAIN_AMOUNT } from "./parser.ts";
 *
 * console.assert(MAX_PLAIN_AMOUNT === 2 ** 31 - 1);
 * ```
 */
export const MAX_PLAIN_AMOUNT = 0x7FFF_FFFF;

/** The largest mouse motion or scroll amount, either sign. */
const MAX_POINTER_AMOUNT = 0xFFFF;

/**
 * Parses DuckyScript source into a program.
 *
 * @param source The file's text (any line endings, optional byte order mark).
 * @param options The file name, the trailing-whitespace rule and the warning collector.
 * @returns The program.
 * @throws {DuckyScriptError} For the first problem in file order.
 *
 * @example Parse two lines
 * ```ts
 * import { WarningCollector } from "./diagnostics.ts";
 * import { parseDuckyScript } from "./parser.ts";
 *
 * const program = parseDuckyScript("GUI SPACE\nSTRING Terminal\n", {
 *   file: "a.txt",
 *   trimStringTrailingWhitespace: false,
 *   warnings: new WarningCollector(),
 * });
 * console.assert(program.main.length === 2 && program.main[0]?.kind === "press");
 * ```
 */
export function parseDuckyScript(source: string, options: ParseOptions): ParsedProgram {
  return new ProgramParser(source, options).parse();
}

/** One non-blank line, split into its command word and the rest. */
interface Line {
  readonly number: number;
  readonly text: string;
  /** Index of the first character after the indentation. */
  readonly start: number;
  /** The command word. */
  readonly word: string;
  /** Index just after the command word (the separator, or the end of the line). */
  readonly wordEnd: number;
  /** Where the rest of the line starts: after the one separator, or at a `(` right after IF/WHILE. */
  readonly restStart: number;
}

/** A trimmed, DEFINE-substituted argument and a way to locate its characters. */
interface Argument {
  readonly text: string;
  readonly locate: (index: number) => SourceLocation;
}

/** What is open while a block is parsed. */
interface BlockContext {
  /** The words that close this block (`END_IF`, `ELSE`, …); empty at the top level. */
  readonly closers: ReadonlySet<string>;
  /** The line that opened the block, for the "never closed" error. */
  readonly opener: Line | undefined;
  readonly depth: number;
  readonly inFunction: boolean;
  readonly functionsAllowed: boolean;
}

type Branch = Extract<Statement, { kind: "if" }>["branches"][number];
type KeyboardIds = NonNullable<ParsedProgram["keyboard"]>;

/** A name check that waits until the whole file is read. */
interface PendingCheck {
  readonly kind: "variable" | "call";
  readonly name: string;
  readonly source: SourceLocation;
}

const TOP_LEVEL: BlockContext = {
  closers: new Set(),
  opener: undefined,
  depth: 0,
  inFunction: false,
  functionsAllowed: true,
};

const CALL_LINE = /^[A-Za-z_][A-Za-z0-9_]*\(\)$/;
const FUNCTION_HEADER = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*\([ \t]*\)$/;
const ASSIGNMENT = /^(\$[A-Za-z0-9_]*)[ \t]*(<<=|>>=|\+=|-=|\*=|\/=|%=|\^=|&=|\|=|=(?!=))?[ \t]*/;
const VARIABLE_NAME = /^\$[A-Za-z_][A-Za-z0-9_]*$/;
const PLAIN_NUMBER = /^[0-9]+$/;
const SIGNED_NUMBER = /^[+-]?[0-9]+$/;
const ID_ARGUMENT = /^([0-9A-Fa-f]{1,4}):([0-9A-Fa-f]{1,4})(?:[ \t].*)?$/;
const ATTACKMODE_ID = /^(VID|PID)_([0-9A-Fa-f]{1,4})$/;
const THEN_SUFFIX = /(^|[ \t)])THEN$/;
/** Augmented assignments and the operator each applies; plain `=` is not listed. */
const AUGMENTED_OPERATORS: ReadonlyMap<string, BinaryOperator> = new Map([
  ["+=", "+"],
  ["-=", "-"],
  ["*=", "*"],
  ["/=", "/"],
  ["%=", "%"],
  ["^=", "^"],
  ["&=", "&"],
  ["|=", "|"],
  ["<<=", "<<"],
  [">>=", ">>"],
]);

const BLOCK_HINT = "open blocks with IF/WHILE/FUNCTION/BUTTON_DEF/EXTENSION/REM_BLOCK/STRING and " +
  "close each with its END_ word (END_IF, END_WHILE, …) in reverse order";

class ProgramParser {
  readonly #lines: string[];
  readonly #file: string;
  readonly #trim: boolean;
  readonly #warnings: WarningCollector;
  readonly #defines = new DefineTable();
  readonly #slots = new Map<string, number>();
  readonly #variables: VariableSlot[] = [];
  readonly #declared = new Set<string>();
  readonly #functions = new Map<string, FunctionDefinition>();
  readonly #pending: PendingCheck[] = [];
  #next = 0;
  #statementCount = 0;
  /** The open IF_DEFINED_TRUE / IF_NOT_DEFINED_TRUE sections, and whether each keeps its lines. */
  readonly #conditions: { readonly line: Line; readonly keep: boolean }[] = [];
  #keyboard: KeyboardIds | undefined;

  constructor(source: string, options: ParseOptions) {
    this.#lines = splitSourceLines(source);
    this.#file = options.file;
    this.#trim = options.trimStringTrailingWhitespace;
    this.#warnings = options.warnings;
    for (const [name, variable] of INTERNAL_VARIABLES) {
      this.#slots.set(name, this.#variables.length);
      this.#variables.push({ name, initial: variable.initial });
    }
  }

  parse(): ParsedProgram {
    const { body } = this.#parseBlock(TOP_LEVEL);
    this.#checkPending();
    const keyboard = this.#keyboard;
    const variables = this.#variables.map((slot) =>
      slot.name === "$_CURRENT_VID" && keyboard !== undefined
        ? { name: slot.name, initial: keyboard.vendorId }
        : slot.name === "$_CURRENT_PID" && keyboard !== undefined
        ? { name: slot.name, initial: keyboard.productId }
        : slot
    );
    return {
      main: body,
      functions: this.#functions,
      variables,
      statementCount: this.#statementCount,
      keyboard,
    };
  }

  // --- Lines and locations -------------------------------------------------------------------

  /** The next line that is not blank and not a `//` comment. */
  #nextLine(): Line | undefined {
    while (this.#next < this.#lines.length) {
      const number = this.#next + 1;
      const text = this.#lines[this.#next++]!;
      let start = 0;
      while (start < text.length && (text[start] === " " || text[start] === "\t")) start++;
      if (start === text.length || text.startsWith("//", start)) continue;
      let wordEnd = start;
      while (wordEnd < text.length && text[wordEnd] !== " " && text[wordEnd] !== "\t") wordEnd++;
      // `IF($X)` and `WHILE($X)`, as real payloads write them: the word ends at the parenthesis.
      const paren = /^(IF|WHILE)\(/.exec(text.slice(start, wordEnd));
      const line = paren === null
        ? { number, text, start, word: text.slice(start, wordEnd), wordEnd, restStart: wordEnd + 1 }
        : {
          number,
          text,
          start,
          word: paren[1]!,
          wordEnd: start + paren[1]!.length,
          restStart: start + paren[1]!.length,
        };
      if (this.#skipsConditionally(line)) continue;
      return line;
    }
    if (this.#conditions.length > 0) {
      const open = this.#conditions.at(-1)!.line;
      this.#fail(
        this.#at(open, open.start),
        "block never closed (expected END_IF_DEFINED):",
        this.#statementText(open),
        BLOCK_HINT,
      );
    }
    return undefined;
  }

  /**
   * Conditional compilation: IF_DEFINED_TRUE #X / IF_NOT_DEFINED_TRUE #X … ELSE_DEFINED …
   * END_IF_DEFINED keep or drop the lines between them, by whether #X is DEFINEd to TRUE (or a
   * non-zero number) at that point of the file. Returns whether `line` is dropped (the
   * conditional lines themselves always are).
   */
  #skipsConditionally(line: Line): boolean {
    const active = this.#conditions.every((condition) => condition.keep);
    switch (line.word) {
      case "IF_DEFINED_TRUE":
      case "IF_NOT_DEFINED_TRUE": {
        const name = this.#rawRest(line).trim();
        if (name === "") {
          this.#fail(
            this.#at(line, line.start),
            "missing constant name after",
            line.word,
            `write ${line.word} #NAME`,
          );
        }
        const value = this.#defines.substitute(name).trim();
        const isTrue = value !== name && (value === "TRUE" || /^[1-9][0-9]*$/.test(value));
        this.#conditions.push({ line, keep: isTrue === (line.word === "IF_DEFINED_TRUE") });
        return true;
      }
      case "ELSE_DEFINED":
      case "END_IF_DEFINED": {
        const open = this.#conditions.at(-1);
        if (open === undefined) {
          this.#fail(
            this.#at(line, line.start),
            "no open IF_DEFINED_TRUE for",
            line.word,
            BLOCK_HINT,
          );
        }
        if (line.word === "END_IF_DEFINED") this.#conditions.pop();
        else this.#conditions[this.#conditions.length - 1] = { line: open.line, keep: !open.keep };
        return true;
      }
      default:
        return !active;
    }
  }

  #at(line: Line, index: number): SourceLocation {
    return { file: this.#file, line: line.number, column: columnAt(line.text, index) };
  }

  #statementText(line: Line): string {
    return trimTrailingBlanks(line.text.slice(line.start));
  }

  /** Everything after the command word and its one separator, untrimmed. */
  #rawRest(line: Line): string {
    return line.text.slice(line.restStart);
  }

  /** The trimmed, substituted argument of a command. */
  #argument(line: Line): Argument {
    const raw = this.#rawRest(line);
    const trimmed = raw.trim();
    const index = line.restStart + (raw.length - raw.trimStart().length);
    return this.#located(line, trimmed, index);
  }

  /** Substitutes constants in `text` (found at `index` in the line) and locates its characters. */
  #located(line: Line, text: string, index: number): Argument {
    const substituted = this.#defines.substitute(text);
    // After a substitution, positions no longer match the file; point at the argument's start.
    const locate = substituted === text
      ? (offset: number) => this.#at(line, index + offset)
      : () => this.#at(line, index);
    return { text: substituted, locate };
  }

  #fail(
    source: SourceLocation,
    what: string,
    text: string,
    hint: string,
    suggestions: readonly string[] = [],
  ): never {
    throw new DuckyScriptError({ source, what, text, hint, suggestions });
  }

  // --- Blocks --------------------------------------------------------------------------------

  #parseBlock(context: BlockContext): { body: Statement[]; end: Line | undefined } {
    const body: Statement[] = [];
    for (let line = this.#nextLine(); line !== undefined; line = this.#nextLine()) {
      if (COMMANDS.get(line.word) === "blockEnd") {
        if (context.closers.has(line.word)) return { body, end: line };
        this.#misplacedEnd(line, context);
      }
      this.#parseLine(line, body, context);
    }
    if (context.opener !== undefined) {
      const expected = [...context.closers].filter((word) => word !== "ELSE").join(" or ");
      this.#fail(
        this.#at(context.opener, context.opener.start),
        `block never closed (expected ${expected}):`,
        this.#statementText(context.opener),
        BLOCK_HINT,
      );
    }
    return { body, end: undefined };
  }

  #misplacedEnd(line: Line, context: BlockContext): never {
    const source = this.#at(line, line.start);
    if (context.opener === undefined) {
      this.#fail(source, "no open block for", line.word, BLOCK_HINT);
    }
    const expected = [...context.closers].join(" or ");
    this.#fail(
      source,
      `expected ${expected} to close the ${context.opener.word} of line ${context.opener.number}, got`,
      line.word,
      BLOCK_HINT,
    );
  }

  #enterBlock(opener: Line, context: BlockContext, closers: readonly string[], flags: {
    inFunction: boolean;
    functionsAllowed: boolean;
  }): { body: Statement[]; end: Line } {
    if (context.depth + 1 > MAX_BLOCK_NESTING) {
      this.#fail(
        this.#at(opener, opener.start),
        `blocks nest deeper than ${MAX_BLOCK_NESTING} levels at`,
        this.#statementText(opener),
        "move the inner part into a FUNCTION",
      );
    }
    const { body, end } = this.#parseBlock({
      closers: new Set(closers),
      opener,
      depth: context.depth + 1,
      inFunction: flags.inFunction,
      functionsAllowed: flags.functionsAllowed,
    });
    // #parseBlock only returns without an end line at the top level.
    return { body, end: end! };
  }

  /** Raw lines up to a line that is exactly `closer` (after trimming). */
  #rawBlock(opener: Line, closer: string): string[] {
    const lines: string[] = [];
    while (this.#next < this.#lines.length) {
      const text = this.#lines[this.#next++]!;
      if (text.trim() === closer) return lines;
      lines.push(text);
    }
    return this.#fail(
      this.#at(opener, opener.start),
      `block never closed (expected ${closer}):`,
      this.#statementText(opener),
      BLOCK_HINT,
    );
  }

  // --- Statements ----------------------------------------------------------------------------

  #add(body: Statement[], statement: Statement): void {
    this.#statementCount++;
    body.push(statement);
  }

  #parseLine(line: Line, body: Statement[], context: BlockContext): void {
    const kind = COMMANDS.get(line.word);
    if (kind === undefined) {
      this.#parseOther(line, body);
    } else if (kind !== "rem") {
      this.#parseCommand(kind, line, body, context);
    }
  }

  #parseCommand(kind: CommandKind, line: Line, body: Statement[], context: BlockContext): void {
    const source = this.#at(line, line.start);
    const text = this.#statementText(line);
    switch (kind) {
      case "rem":
        // #parseLine skips comments before any work is done for them.
        return;
      case "remBlock":
        this.#rawBlock(line, "END_REM");
        return;
      case "string":
        if (this.#rawRest(line).trim() === "") {
          this.#add(body, this.#stringBlock(line, source, text));
        } else {
          const newline = line.word === "STRINGLN" ? "\n" : "";
          const typed = this.#stringText(this.#rawRest(line)) + newline;
          this.#add(body, { kind: "text", typed, ownDelay: undefined, source, text });
        }
        return;
      case "stringBlock":
        this.#noArgument(line);
        this.#add(body, this.#stringBlock(line, source, text));
        return;
      case "stringDelay":
        this.#add(body, this.#stringDelay(line, source, text));
        return;
      case "delay":
      case "defaultDelay":
      case "defaultStringDelay":
      case "repeat":
        this.#add(body, { kind, amount: this.#amount(line), source, text });
        return;
      case "define":
        this.#define(line);
        return;
      case "var": {
        const argument = this.#argument(line);
        this.#add(body, this.#assignment(argument, true, source, text));
        return;
      }
      case "if":
        this.#add(body, this.#if(line, context, source, text));
        return;
      case "while": {
        const condition = this.#condition(line, this.#argument(line), false);
        const { body: loop } = this.#enterBlock(line, context, ["END_WHILE"], inner(context));
        this.#add(body, { kind: "while", condition, body: loop, source, text });
        return;
      }
      case "function":
        this.#function(line, context, source);
        return;
      case "return": {
        if (!context.inFunction) {
          this.#fail(source, "RETURN outside a FUNCTION:", text, "RETURN ends a FUNCTION body");
        }
        const argument = this.#argument(line);
        const value = argument.text === ""
          ? undefined
          : parseExpression(argument.text, this.#scope(argument));
        this.#add(body, { kind: "return", value, source, text });
        return;
      }
      case "stop":
        this.#noArgument(line);
        this.#add(body, { kind: "stop", source, text });
        return;
      case "extension": {
        const { body: code } = this.#enterBlock(line, context, ["END_EXTENSION"], {
          inFunction: context.inFunction,
          functionsAllowed: context.functionsAllowed,
        });
        // An extension is library code written inline: its statements belong where it stands.
        body.push(...code);
        return;
      }
      case "hold":
      case "release":
        this.#add(body, this.#holdOrRelease(kind, line, source, text));
        return;
      case "injectMod": {
        // Every modifier line already presses just the modifiers, so INJECT_MOD only
        // matters when it names the keys itself.
        const argument = this.#argument(line);
        if (argument.text === "") {
          this.#add(body, { kind: "nothing", source, text });
        } else {
          this.#add(body, this.#press(this.#combo(argument, false), source, text));
        }
        return;
      }
      case "reset":
        this.#noArgument(line);
        this.#add(body, { kind: "releaseAll", source, text });
        return;
      case "globe": {
        const argument = this.#argument(line);
        const keys = argument.text === "" ? [] : this.#combo(argument, false);
        this.#add(body, this.#press(["Fn", ...keys.filter((key) => key !== "Fn")], source, text));
        return;
      }
      case "media":
        this.#add(body, this.#media(line, source, text));
        return;
      case "mouseMove": {
        const argument = this.#argument(line);
        const parts = argument.text.split(/[ \t]+/);
        if (parts.length !== 2) {
          this.#fail(source, "expected MOUSEMOVE dx dy, got", text, "write MOUSEMOVE 100 -20");
        }
        const dx = this.#pointerAmount(parts[0]!, argument);
        const dy = this.#pointerAmount(parts[1]!, argument);
        this.#add(body, { kind: "mouseMove", dx, dy, source, text });
        return;
      }
      case "mouseScroll": {
        const argument = this.#argument(line);
        if (argument.text === "") {
          this.#fail(source, "missing number after", line.word, "write MOUSESCROLL -3");
        }
        const amount = this.#pointerAmount(argument.text, argument);
        this.#add(body, { kind: "scroll", amount, source, text });
        return;
      }
      case "click":
        this.#noArgument(line);
        this.#add(body, { kind: "click", button: MOUSE_BUTTONS.get(line.word)!, source, text });
        return;
      case "random":
        this.#noArgument(line);
        this.#add(body, {
          kind: "random",
          characters: RANDOM_CHARACTER_SETS.get(line.word)!,
          source,
          text,
        });
        return;
      case "waitForButton":
        this.#noArgument(line);
        this.#add(body, { kind: "waitForButton", source, text });
        return;
      case "buttonDef":
        this.#noArgument(line);
        this.#warnings.warn(
          "BUTTON_DEF defines what the device's button does; dextkit has none, so the block is " +
            "skipped",
          source,
        );
        this.#enterBlock(line, context, ["END_BUTTON"], {
          inFunction: false,
          functionsAllowed: false,
        });
        return;
      case "id":
        this.#id(line, source);
        return;
      case "attackMode":
        this.#attackMode(line, source);
        this.#add(body, { kind: "nothing", source, text });
        return;
      case "lockWait": {
        this.#noArgument(line);
        const { lock, until } = LOCK_WAITS.get(line.word)!;
        this.#add(body, { kind: "lockWait", lock, until, source, text });
        return;
      }
      case "lockState":
        this.#noArgument(line);
        this.#add(body, {
          kind: line.word.startsWith("SAVE") ? "saveLocks" : "restoreLocks",
          source,
          text,
        });
        return;
      case "injectVar": {
        const argument = this.#argument(line);
        const name = argument.text;
        if (!/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          this.#fail(
            argument.locate(0),
            name === "" ? "missing variable after" : "not a variable name:",
            name === "" ? "INJECT_VAR" : name,
            "write INJECT_VAR $COUNT",
          );
        }
        const read = this.#readVariable(name, argument.locate(0), text);
        if (read.kind !== "variable") {
          this.#fail(argument.locate(0), "INJECT_VAR cannot type", name, "inject a declared VAR");
        }
        this.#add(body, { kind: "injectVar", slot: read.slot, source, text });
        return;
      }
      case "ignored":
        this.#warnings.warn(`${line.word} ${IGNORED_COMMANDS.get(line.word)!}; skipped`, source);
        this.#add(body, { kind: "nothing", source, text });
        return;
      case "blockEnd":
        // #parseBlock handles block ends before dispatching.
        this.#misplacedEnd(line, context);
    }
  }

  /** A line that is not a command: an assignment, a call, or a key combo. */
  #parseOther(line: Line, body: Statement[]): void {
    const source = this.#at(line, line.start);
    const text = this.#statementText(line);
    if (line.word.startsWith("$")) {
      const argument = this.#located(line, text, line.start);
      this.#add(body, this.#assignment(argument, false, source, text));
      return;
    }
    if (line.word.endsWith("()") && CALL_LINE.test(line.word)) {
      this.#noArgument(line);
      const name = line.word.slice(0, -2);
      this.#pending.push({ kind: "call", name, source });
      this.#add(body, { kind: "call", name, source, text });
      return;
    }
    const argument = this.#located(line, text, line.start);
    const keys = parseKeyCombo(argument.text, {
      locate: argument.locate,
      requireModifiers: true,
      commandPosition: true,
    });
    this.#add(body, this.#press(keys, source, text));
  }

  #noArgument(line: Line): void {
    const raw = this.#rawRest(line);
    const extra = raw.trim();
    if (extra === "") return;
    const index = line.restStart + (raw.length - raw.trimStart().length);
    this.#fail(
      this.#at(line, index),
      `${line.word} takes no argument, got`,
      extra,
      `write ${line.word} alone on its line`,
    );
  }

  #press(keys: readonly string[], source: SourceLocation, text: string): Statement {
    const action: PressAction = { type: "press", keys, source };
    return { kind: "press", action, source, text };
  }

  #combo(argument: Argument, requireModifiers: boolean): readonly string[] {
    return parseKeyCombo(argument.text, {
      locate: argument.locate,
      requireModifiers,
      commandPosition: false,
    });
  }

  // --- Typing --------------------------------------------------------------------------------

  #stringText(raw: string): string {
    return this.#defines.substitute(this.#trim ? trimTrailingBlanks(raw) : raw);
  }

  #stringBlock(line: Line, source: SourceLocation, text: string): Statement {
    const newline = line.word.startsWith("STRINGLN");
    const lines = this.#rawBlock(line, newline ? "END_STRINGLN" : "END_STRING");
    const indentation = commonIndentation(lines);
    let typed = "";
    for (const raw of lines) {
      const content = raw.trim() === "" ? "" : this.#stringText(raw.slice(indentation));
      typed += newline ? content + "\n" : content;
    }
    return { kind: "text", typed, ownDelay: undefined, source, text };
  }

  /**
   * STRING_DELAY has two meanings, told apart by the argument's shape: a number followed by
   * text is DuckyScript 1.0's "type this text with n ms between characters"; a number (or an
   * expression) alone is Flipper's "n ms between characters for the next STRING only".
   */
  #stringDelay(line: Line, source: SourceLocation, text: string): Statement {
    const raw = this.#rawRest(line);
    const body = raw.trimStart();
    const number = /^[0-9]+(?=[ \t]|$)/.exec(body)?.[0];
    if (number !== undefined && body.slice(number.length).trim() !== "") {
      const ownDelay = this.#plainAmount(number, this.#argument(line).locate(0));
      const typed = this.#stringText(body.slice(number.length + 1));
      return { kind: "text", typed, ownDelay, source, text };
    }
    return { kind: "stringDelay", amount: this.#amount(line), source, text };
  }

  #holdOrRelease(
    kind: "hold" | "release",
    line: Line,
    source: SourceLocation,
    text: string,
  ): Statement {
    const argument = this.#argument(line);
    if (argument.text === "") {
      if (kind === "release") return { kind: "releaseAll", source, text };
      this.#fail(source, "missing key after", "HOLD", "write HOLD SHIFT, HOLD a or HOLD LEFTCLICK");
    }
    const button = MOUSE_BUTTONS.get(argument.text.toUpperCase());
    const keys = button === undefined ? this.#combo(argument, false) : [];
    return { kind, keys, button, source, text };
  }

  #media(line: Line, source: SourceLocation, text: string): Statement {
    const argument = this.#argument(line);
    const name = argument.text.toUpperCase();
    if (!MEDIA_KEYS.has(name)) {
      this.#fail(
        argument.locate(0),
        argument.text === "" ? "missing media key name after" : "unknown media key",
        argument.text === "" ? "MEDIA" : argument.text,
        "write MEDIA PLAY_PAUSE, MEDIA VOLUME_UP, …",
        closestNames(argument.text, MEDIA_KEYS.keys()),
      );
    }
    const code = MEDIA_KEYS.get(name);
    if (code === undefined) {
      this.#warnings.warn(
        `MEDIA ${name} is a consumer key macOS does not act on; dextkit has no key for it, skipped`,
        source,
      );
      return { kind: "nothing", source, text };
    }
    return this.#press([code], source, text);
  }

  // --- Numbers -------------------------------------------------------------------------------

  /** A duration or count: a plain number (up to 2^31 − 1) or a uint16 expression. */
  #amount(line: Line): Expression {
    const argument = this.#argument(line);
    if (argument.text === "") {
      this.#fail(
        this.#at(line, line.start),
        "missing number after",
        line.word,
        `write ${line.word} 500, or ${line.word} $VARIABLE`,
      );
    }
    if (PLAIN_NUMBER.test(argument.text)) {
      return { kind: "number", value: this.#plainAmount(argument.text, argument.locate(0)) };
    }
    return parseExpression(argument.text, this.#scope(argument));
  }

  #plainAmount(digits: string, source: SourceLocation): number {
    const value = Number(digits);
    if (value > MAX_PLAIN_AMOUNT) {
      this.#fail(
        source,
        `number above ${MAX_PLAIN_AMOUNT}:`,
        digits,
        "split a very long wait into several DELAY lines",
      );
    }
    return value;
  }

  /** A signed whole number of MOUSEMOVE or MOUSESCROLL, never empty. */
  #pointerAmount(digits: string, argument: Argument): number {
    const value = Number(digits);
    if (!SIGNED_NUMBER.test(digits) || Math.abs(value) > MAX_POINTER_AMOUNT) {
      this.#fail(
        argument.locate(Math.max(0, argument.text.indexOf(digits))),
        `expected a whole number from -${MAX_POINTER_AMOUNT} to ${MAX_POINTER_AMOUNT}, got`,
        digits,
        "write MOUSEMOVE 100 -20 or MOUSESCROLL -3",
      );
    }
    return value;
  }

  // --- Language ------------------------------------------------------------------------------

  #scope(argument: Argument): ExpressionScope {
    return {
      locate: argument.locate,
      variable: (name, source, text) => this.#readVariable(name, source, text),
      call: (name, source) => this.#pending.push({ kind: "call", name, source }),
      constants: () => this.#defines.names(),
    };
  }

  #slot(name: string): number {
    let slot = this.#slots.get(name);
    if (slot === undefined) {
      slot = this.#variables.length;
      this.#slots.set(name, slot);
      this.#variables.push({ name, initial: 0 });
    }
    return slot;
  }

  #readVariable(name: string, source: SourceLocation, text: string): Expression {
    const internal = INTERNAL_VARIABLES.get(name);
    if (internal?.kind === "randomInt") return { kind: "randomInt", source, text };
    if (internal === undefined) this.#pending.push({ kind: "variable", name, source });
    return { kind: "variable", name, slot: this.#slot(name) };
  }

  #assignment(
    argument: Argument,
    declaration: boolean,
    source: SourceLocation,
    text: string,
  ): Statement {
    const match = ASSIGNMENT.exec(argument.text);
    const name = match?.[1] ?? "";
    if (match === null || !VARIABLE_NAME.test(name)) {
      const offending = argument.text.split(/[ \t=]/)[0] || argument.text;
      this.#fail(
        argument.locate(0),
        "expected a variable name such as $COUNT, got",
        offending,
        "variable names start with $ and a letter or _",
      );
    }
    const written = match[2];
    const rest = argument.text.slice(match[0].length);
    if (written === undefined && !(declaration && rest === "")) {
      this.#fail(
        argument.locate(match[0].length),
        `expected "=" after ${name}, got`,
        rest === "" ? name : rest,
        `write ${declaration ? "VAR " : ""}${name} = 1`,
      );
    }
    if (declaration && written !== undefined && written !== "=") {
      this.#fail(
        argument.locate(match[0].indexOf(written, name.length)),
        "VAR takes =, got",
        written,
        `write VAR ${name} = 1`,
      );
    }
    if (declaration) this.#declared.add(name);
    this.#checkWritable(name, source, declaration);
    const value: Expression = rest === "" && written === undefined
      ? { kind: "number", value: 0 }
      : parseExpression(rest, {
        ...this.#scope(argument),
        locate: (index) => argument.locate(match[0].length + index),
      });
    const operator = written === undefined ? undefined : AUGMENTED_OPERATORS.get(written);
    return { kind: "assign", slot: this.#slot(name), operator, value, source, text };
  }

  #checkWritable(name: string, source: SourceLocation, declaration: boolean): void {
    const internal = INTERNAL_VARIABLES.get(name);
    if (internal === undefined) {
      if (!declaration) this.#pending.push({ kind: "variable", name, source });
      return;
    }
    switch (internal.kind) {
      case "randomBound":
        return;
      case "randomInt":
        this.#fail(source, "read-only variable", name, "set $_RANDOM_MIN and $_RANDOM_MAX instead");
        break;
      case "jitter":
        this.#warnings.warn(
          `${name} has no effect: dextkit does not add DuckyScript jitter; use the recipe's ` +
            "jitter option",
          source,
        );
        return;
      default:
        this.#warnings.warn(`${name} is device or host state; setting it has no effect`, source);
    }
  }

  #define(line: Line): void {
    const raw = this.#rawRest(line).trimStart();
    const name = /^[^ \t]*/.exec(raw)![0];
    const index = line.restStart + (this.#rawRest(line).length - raw.length);
    if (!DefineTable.isValidName(name)) {
      this.#fail(
        this.#at(line, name === "" ? line.start : index),
        name === "" ? "missing constant name after" : "invalid constant name",
        name === "" ? "DEFINE" : name,
        "write DEFINE #NAME value",
      );
    }
    const value = raw.slice(name.length + 1);
    this.#defines.define(name, this.#trim ? trimTrailingBlanks(value) : value);
  }

  /** The condition of IF, ELSE IF or WHILE; IF conditions may end in THEN. */
  #condition(line: Line, argument: Argument, allowThen: boolean): Expression {
    let text = argument.text;
    if (allowThen && THEN_SUFFIX.test(text)) text = text.slice(0, -4).trimEnd();
    if (text === "") {
      this.#fail(
        this.#at(line, line.start),
        "missing condition after",
        line.word,
        `write ${line.word} ($COUNT > 0)${allowThen ? " THEN" : ""}`,
      );
    }
    return parseExpression(text, this.#scope(argument));
  }

  #if(line: Line, context: BlockContext, source: SourceLocation, text: string): Statement {
    const branches: Branch[] = [];
    let condition = this.#condition(line, this.#argument(line), true);
    for (;;) {
      const { body, end } = this.#enterBlock(line, context, ["ELSE", "END_IF"], inner(context));
      branches.push({ condition, body });
      if (end.word === "END_IF") {
        return { kind: "if", branches, otherwise: undefined, source, text };
      }
      const argument = this.#argument(end);
      if (argument.text === "") {
        const { body: otherwise } = this.#enterBlock(end, context, ["END_IF"], inner(context));
        return { kind: "if", branches, otherwise, source, text };
      }
      if (!/^IF(?=[ \t(]|$)/.test(argument.text)) {
        this.#fail(
          argument.locate(0),
          "expected IF or nothing after ELSE, got",
          argument.text,
          "write ELSE IF (condition) THEN, or ELSE alone",
        );
      }
      const conditionText = argument.text.slice(2);
      const offset = argument.text.length - conditionText.trimStart().length;
      condition = this.#condition(end, {
        text: conditionText.trim(),
        locate: (index) => argument.locate(offset + index),
      }, true);
    }
  }

  #function(line: Line, context: BlockContext, source: SourceLocation): void {
    const text = this.#statementText(line);
    if (!context.functionsAllowed) {
      this.#fail(source, "FUNCTION inside a block:", text, "define functions at the top level");
    }
    const argument = this.#argument(line);
    const name = FUNCTION_HEADER.exec(argument.text)?.[1];
    if (name === undefined) {
      this.#fail(
        argument.text === "" ? source : argument.locate(0),
        "expected a function name such as NAME(), got",
        argument.text === "" ? text : argument.text,
        "write FUNCTION NAME() on its own line",
      );
    }
    const existing = this.#functions.get(name);
    if (existing !== undefined) {
      this.#fail(
        source,
        `function already defined on line ${existing.source.line}:`,
        name,
        "give each FUNCTION its own name",
      );
    }
    // Registered before the body is read, so the body may call itself.
    const definition: { name: string; source: SourceLocation; body: readonly Statement[] } = {
      name,
      source,
      body: [],
    };
    this.#functions.set(name, definition);
    definition.body = this.#enterBlock(line, context, ["END_FUNCTION"], {
      inFunction: true,
      functionsAllowed: false,
    }).body;
  }

  // --- Keyboard ids --------------------------------------------------------------------------

  #id(line: Line, source: SourceLocation): void {
    const argument = this.#argument(line);
    const match = ID_ARGUMENT.exec(argument.text);
    if (match === null) {
      this.#fail(
        argument.text === "" ? source : argument.locate(0),
        "expected ID VID:PID in hexadecimal, got",
        argument.text === "" ? "ID" : argument.text,
        "write ID 05ac:021e",
      );
    }
    this.#setKeyboard(parseInt(match[1]!, 16), parseInt(match[2]!, 16), source);
  }

  #attackMode(line: Line, source: SourceLocation): void {
    this.#warnings.warn(
      "ATTACKMODE configures the USB Rubber Ducky itself; skipped (its VID_ and PID_ set the " +
        "keyboard ids)",
      source,
    );
    let vendorId: number | undefined;
    let productId: number | undefined;
    for (const word of this.#argument(line).text.split(/[ \t]+/)) {
      const match = ATTACKMODE_ID.exec(word);
      if (match === null) continue;
      const value = parseInt(match[2]!, 16);
      if (match[1] === "VID") vendorId = value;
      else productId = value;
    }
    if (vendorId !== undefined && productId !== undefined) {
      this.#setKeyboard(vendorId, productId, source);
    }
  }

  #setKeyboard(vendorId: number, productId: number, source: SourceLocation): void {
    const current = this.#keyboard;
    if (current === undefined) {
      this.#keyboard = { vendorId, productId };
    } else if (current.vendorId !== vendorId || current.productId !== productId) {
      this.#warnings.warn(
        "a second, different keyboard id is ignored; the first one applies",
        source,
      );
    }
  }

  // --- Names checked once the whole file is read -------------------------------------------

  #checkPending(): void {
    for (const check of this.#pending) {
      if (check.kind === "call") {
        if (this.#functions.has(check.name)) continue;
        this.#fail(
          check.source,
          "unknown function",
          `${check.name}()`,
          "define it with FUNCTION NAME() … END_FUNCTION",
          closestNames(check.name, this.#functions.keys()).map((name) => `${name}()`),
        );
      }
      if (this.#declared.has(check.name)) continue;
      this.#fail(
        check.source,
        "unknown variable",
        check.name,
        `declare it with VAR ${check.name} = 0`,
        closestNames(check.name, [...this.#declared, ...INTERNAL_VARIABLES.keys()]),
      );
    }
  }
}

/** The flags of a block inside IF or WHILE: functions may not be defined there. */
function inner(context: BlockContext): { inFunction: boolean; functionsAllowed: boolean } {
  return { inFunction: context.inFunction, functionsAllowed: false };
}

/** Removes trailing spaces and tabs (not other white space, which STRING types). */
function trimTrailingBlanks(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** The longest run of leading spaces and tabs that every non-blank line starts with. */
function commonIndentation(lines: readonly string[]): number {
  let common: string | undefined;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const indentation = /^[ \t]*/.exec(line)![0];
    if (common === undefined) {
      common = indentation;
      continue;
    }
    let length = 0;
    while (length < common.length && common[length] === indentation[length]) length++;
    common = common.slice(0, length);
  }
  return common?.length ?? 0;
}
