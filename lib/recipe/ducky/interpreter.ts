/**
 * Runs a parsed DuckyScript program (`syntax_tree.ts`) and records what it does as a flat,
 * finite action list (`../action.ts`). Control flow (IF, WHILE, FUNCTION, REPEAT, STOP_PAYLOAD)
 * is resolved here, so the list holds only key, text, pointer and wait actions.
 *
 * Semantics decided here:
 *
 * - **DEFAULT_DELAY** adds a wait after every later command that sends input: key combos,
 *   STRING-family commands, RANDOM_*, HOLD/RELEASE/RESET, pointer commands. It does not follow
 *   DELAY, WAIT_FOR_BUTTON_PRESS, the delay settings, language statements (VAR, IF, WHILE, calls)
 *   or skipped commands. 0 turns it off.
 * - **STRING_DELAY n** (Flipper) sets the per-character delay of the next STRING-family command
 *   only; **DEFAULT_STRING_DELAY n** sets it for all later ones. `STRING_DELAY n text` (1.0)
 *   uses its own delay. Without any of them a text action has no delay and the recipe's typing
 *   delay applies.
 * - **REPEAT n** runs the last executed command n more times: any statement except REPEAT, IF,
 *   WHILE, RETURN and STOP_PAYLOAD (a call repeats the whole call). n = 0 does nothing; REPEAT
 *   before any command is an error.
 * - **HOLD/RELEASE**: RELEASE of a key that is not held warns and sends nothing. Keys or buttons
 *   still held when the program ends are released by a final `releaseAll`, with a warning.
 * - **Variables** are global; a declared variable reads as 0 until assigned.
 *
 * Guards, each a located `DuckyScriptError`: a WHILE may loop at most `maxLoopIterations` times
 * per entry; a run may execute at most `statementCount + 100 × maxLoopIterations` statements
 * (this stops runaway REPEAT and recursion); calls nest at most {@linkcode MAX_CALL_DEPTH} deep;
 * the list holds at most `maxActions` actions; division or remainder by zero.
 *
 * @module
 */
import type { Action, SourceLocation, TextAction } from "../action.ts";
import { createSeededRandom } from "../seeded_random.ts";
import type { WarningCollector } from "./diagnostics.ts";
import { DuckyScriptError } from "./ducky_script_error.ts";
import type { Expression } from "./expression.ts";
import type { FunctionDefinition, ParsedProgram, Statement } from "./syntax_tree.ts";
import { applyBinary, applyUnary } from "./uint16_math.ts";

/**
 * How {@linkcode runProgram} runs.
 *
 * @example Tight guards for untrusted input
 * ```ts
 * import { WarningCollector } from "./diagnostics.ts";
 * import type { RunOptions } from "./interpreter.ts";
 *
 * const options: RunOptions = {
 *   seed: 1,
 *   maxLoopIterations: 50,
 *   maxActions: 500,
 *   warnings: new WarningCollector(),
 * };
 * console.assert(options.maxActions === 500);
 * ```
 */
export interface RunOptions {
  /** Seed of RANDOM_* and `$_RANDOM_INT`. */
  readonly seed: number;
  /** How many times one WHILE may loop per entry. */
  readonly maxLoopIterations: number;
  /** How many actions the run may produce. */
  readonly maxActions: number;
  /** Where warnings go. */
  readonly warnings: WarningCollector;
}

/**
 * How deep function calls may nest (recursion included).
 *
 * @example The limit
 * ```ts
 * import { MAX_CALL_DEPTH } from "./interpreter.ts";
 *
 * console.assert(MAX_CALL_DEPTH === 32);
 * ```
 */
export const MAX_CALL_DEPTH = 32;

/** Statements a run may execute per allowed loop iteration, on top of one pass over the file. */
const STEPS_PER_LOOP_ITERATION = 100;

const LOOP_HINT = "make sure the loop condition becomes false, or raise maxLoopIterations";
const MOUSE_PREFIX = "mouse button ";

/**
 * Runs a program and returns its actions.
 *
 * @param program The parsed program.
 * @param options The seed, the guards and the warning collector.
 * @returns The actions, in order.
 * @throws {DuckyScriptError} When a guard trips (see the module documentation).
 *
 * @example Run a parsed program
 * ```ts
 * import { WarningCollector } from "./diagnostics.ts";
 * import { runProgram } from "./interpreter.ts";
 * import { parseDuckyScript } from "./parser.ts";
 *
 * const warnings = new WarningCollector();
 * const program = parseDuckyScript("VAR $N = 2\nWHILE ($N > 0)\nTAB\n$N -= 1\nEND_WHILE", {
 *   file: "a.txt",
 *   trimStringTrailingWhitespace: false,
 *   warnings,
 * });
 * const actions = runProgram(program, {
 *   seed: 1,
 *   maxLoopIterations: 100,
 *   maxActions: 1000,
 *   warnings,
 * });
 * console.assert(actions.length === 2 && actions[0]?.type === "press");
 * ```
 */
export function runProgram(program: ParsedProgram, options: RunOptions): Action[] {
  const interpreter = new Interpreter(program, options);
  try {
    interpreter.runBlock(program.main);
  } catch (error) {
    if (!(error instanceof StopSignal)) throw error;
  }
  interpreter.releaseLeftovers();
  return interpreter.actions;
}

/** Thrown by STOP_PAYLOAD and caught by {@linkcode runProgram}, wherever the statement was. */
class StopSignal {}

class Interpreter {
  readonly actions: Action[] = [];
  readonly #program: ParsedProgram;
  readonly #options: RunOptions;
  readonly #values: number[];
  /** The shared recipe generator (Mulberry32): numbers in [0, 1). */
  readonly #random: () => number;
  readonly #randomMin: number;
  readonly #randomMax: number;
  readonly #stepBudget: number;
  /** Held keys and buttons, with the HOLD that pressed them. */
  readonly #held = new Map<string, SourceLocation>();
  #steps = 0;
  #callDepth = 0;
  #returnValue = 0;
  #defaultDelay = 0;
  #nextStringDelay: number | undefined;
  #defaultStringDelay: number | undefined;
  #last: Statement | undefined;

  constructor(program: ParsedProgram, options: RunOptions) {
    this.#program = program;
    this.#options = options;
    this.#values = program.variables.map((slot) => slot.initial);
    this.#random = createSeededRandom(options.seed);
    this.#randomMin = program.variables.findIndex((slot) => slot.name === "$_RANDOM_MIN");
    this.#randomMax = program.variables.findIndex((slot) => slot.name === "$_RANDOM_MAX");
    this.#stepBudget = program.statementCount +
      STEPS_PER_LOOP_ITERATION * options.maxLoopIterations;
  }

  /** Runs statements in order; returns true when a RETURN ended them. */
  runBlock(body: readonly Statement[]): boolean {
    for (const statement of body) {
      if (this.#execute(statement)) return true;
    }
    return false;
  }

  releaseLeftovers(): void {
    const first = this.#held.entries().next();
    if (first.done === true) return;
    const [name, source] = first.value;
    this.#options.warnings.warn(
      `${name.startsWith(MOUSE_PREFIX) ? name : `key ${name}`} is still held when the program ` +
        "ends; everything is released",
      source,
    );
    this.actions.push({ type: "releaseAll", source });
    this.#held.clear();
  }

  #execute(statement: Statement): boolean {
    this.#step(statement);
    switch (statement.kind) {
      case "if": {
        for (const branch of statement.branches) {
          if (this.#evaluate(branch.condition) !== 0) return this.runBlock(branch.body);
        }
        return statement.otherwise === undefined ? false : this.runBlock(statement.otherwise);
      }
      case "while": {
        let iterations = 0;
        while (this.#evaluate(statement.condition) !== 0) {
          if (++iterations > this.#options.maxLoopIterations) {
            this.#fail(
              statement,
              `WHILE loop ran more than ${this.#options.maxLoopIterations} times:`,
              LOOP_HINT,
            );
          }
          if (this.runBlock(statement.body)) return true;
        }
        return false;
      }
      case "repeat": {
        const target = this.#last;
        if (target === undefined) {
          this.#fail(
            statement,
            "REPEAT without an earlier command to repeat:",
            "REPEAT n runs the command before it n more times",
          );
        }
        const count = this.#evaluate(statement.amount);
        for (let round = 0; round < count; round++) {
          this.#step(statement);
          this.#run(target);
        }
        this.#last = target;
        return false;
      }
      case "return":
        this.#returnValue = statement.value === undefined ? 0 : this.#evaluate(statement.value);
        return true;
      case "stop":
        throw new StopSignal();
      default:
        this.#run(statement);
        // Set after running, so a call is what REPEAT repeats, not the call's last statement.
        this.#last = statement;
        return false;
    }
  }

  /** Runs a statement that REPEAT may repeat. */
  #run(statement: Statement): void {
    const source = statement.source;
    switch (statement.kind) {
      case "press":
        this.#push(statement.action, statement);
        break;
      case "text":
        this.#text(statement.typed, statement.ownDelay, statement);
        break;
      case "random":
        this.#push({
          type: "text",
          text: statement.characters.charAt(this.#below(statement.characters.length)),
          source,
        }, statement);
        break;
      case "hold":
        this.#hold(statement.keys, statement.button, statement);
        break;
      case "release":
        this.#release(statement.keys, statement.button, statement);
        break;
      case "releaseAll":
        this.#held.clear();
        this.#push({ type: "releaseAll", source }, statement);
        break;
      case "click":
        this.#push({ type: "click", button: statement.button, count: 1, source }, statement);
        break;
      case "mouseMove":
        this.#push({ type: "mouseMove", dx: statement.dx, dy: statement.dy, source }, statement);
        break;
      case "scroll":
        this.#push(
          { type: "scroll", vertical: statement.amount, horizontal: 0, source },
          statement,
        );
        break;
      case "delay": {
        const ms = this.#evaluate(statement.amount);
        if (ms > 0) this.#push({ type: "wait", ms, source }, statement);
        return;
      }
      case "defaultDelay":
        this.#defaultDelay = this.#evaluate(statement.amount);
        return;
      case "stringDelay":
        this.#nextStringDelay = this.#evaluate(statement.amount);
        return;
      case "defaultStringDelay":
        this.#defaultStringDelay = this.#evaluate(statement.amount);
        return;
      case "waitForButton":
        this.#push({ type: "waitForButton", source }, statement);
        return;
      case "assign":
        this.#assign(statement);
        return;
      case "call":
        this.#call(this.#program.functions.get(statement.name)!, statement.source, statement.text);
        return;
      case "nothing":
        return;
      default:
        // if, while, repeat, return and stop are handled by #execute and never repeated.
        return;
    }
    if (this.#defaultDelay > 0) {
      this.#push({ type: "wait", ms: this.#defaultDelay, source }, statement);
    }
  }

  #text(typed: string, ownDelay: number | undefined, statement: Statement): void {
    const delay = ownDelay ?? this.#nextStringDelay ?? this.#defaultStringDelay;
    this.#nextStringDelay = undefined;
    if (typed === "") return;
    const action: TextAction = delay === undefined
      ? { type: "text", text: typed, source: statement.source }
      : { type: "text", text: typed, delay, source: statement.source };
    this.#push(action, statement);
  }

  #hold(keys: readonly string[], button: number | undefined, statement: Statement): void {
    const source = statement.source;
    if (button !== undefined) {
      this.#held.set(`${MOUSE_PREFIX}${button}`, source);
      this.#push({ type: "mouseDown", button, source }, statement);
      return;
    }
    for (const key of keys) {
      this.#held.set(key, source);
      this.#push({ type: "keyDown", key, source }, statement);
    }
  }

  #release(keys: readonly string[], button: number | undefined, statement: Statement): void {
    const source = statement.source;
    if (button !== undefined) {
      if (this.#held.delete(`${MOUSE_PREFIX}${button}`)) {
        this.#push({ type: "mouseUp", button, source }, statement);
      } else {
        this.#notHeld(`${MOUSE_PREFIX}${button}`, source);
      }
      return;
    }
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index]!;
      if (this.#held.delete(key)) {
        this.#push({ type: "keyUp", key, source }, statement);
      } else {
        this.#notHeld(`key ${key}`, source);
      }
    }
  }

  #notHeld(what: string, source: SourceLocation): void {
    this.#options.warnings.warn(`RELEASE of ${what}, which is not held; nothing sent`, source);
  }

  #assign(statement: Extract<Statement, { kind: "assign" }>): void {
    const value = this.#evaluate(statement.value);
    if (statement.operator === undefined) {
      this.#values[statement.slot] = value;
      return;
    }
    const result = applyBinary(statement.operator, this.#values[statement.slot]!, value);
    if (result === undefined) {
      this.#fail(statement, "division by zero in", "make sure the divisor is not 0");
    }
    this.#values[statement.slot] = result;
  }

  #call(definition: FunctionDefinition, source: SourceLocation, text: string): number {
    if (this.#callDepth >= MAX_CALL_DEPTH) {
      throw new DuckyScriptError({
        source,
        what: `function calls nest deeper than ${MAX_CALL_DEPTH} levels at`,
        text,
        hint: "a function that calls itself needs a condition that ends the recursion",
      });
    }
    this.#callDepth++;
    this.#returnValue = 0;
    this.runBlock(definition.body);
    this.#callDepth--;
    const value = this.#returnValue;
    this.#returnValue = 0;
    return value;
  }

  #evaluate(expression: Expression): number {
    switch (expression.kind) {
      case "number":
        return expression.value;
      case "variable":
        return this.#values[expression.slot]!;
      case "randomInt": {
        const min = this.#values[this.#randomMin]!;
        const max = this.#values[this.#randomMax]!;
        if (min > max) {
          throw new DuckyScriptError({
            source: expression.source,
            what: `$_RANDOM_MIN (${min}) is above $_RANDOM_MAX (${max}) in`,
            text: expression.text,
            hint: "set $_RANDOM_MIN no higher than $_RANDOM_MAX",
          });
        }
        return min + this.#below(max - min + 1);
      }
      case "unary":
        return applyUnary(expression.operator, this.#evaluate(expression.operand));
      case "call":
        return this.#call(
          this.#program.functions.get(expression.name)!,
          expression.source,
          `${expression.name}()`,
        );
      case "chain":
        return this.#chain(expression);
    }
  }

  #chain(expression: Extract<Expression, { kind: "chain" }>): number {
    const { operands, operators } = expression;
    if (operators[0] === "^") {
      // Exponents group from the right: 2 ^ 3 ^ 2 is 2 ^ 9. Operands still run left to right.
      const values = operands.map((operand) => this.#evaluate(operand));
      let result = values[values.length - 1]!;
      for (let index = values.length - 2; index >= 0; index--) {
        result = applyBinary("^", values[index]!, result)!;
      }
      return result;
    }
    let result = this.#evaluate(operands[0]!);
    for (let index = 0; index < operators.length; index++) {
      const operator = operators[index]!;
      const operand = operands[index + 1]!;
      if (operator === "&&") {
        result = result !== 0 && this.#evaluate(operand) !== 0 ? 1 : 0;
      } else if (operator === "||") {
        result = result !== 0 || this.#evaluate(operand) !== 0 ? 1 : 0;
      } else {
        const next = applyBinary(operator, result, this.#evaluate(operand));
        if (next === undefined) {
          throw new DuckyScriptError({
            source: expression.sources[index]!,
            what: "division by zero in",
            text: expression.text,
            hint: "make sure the divisor is not 0",
          });
        }
        result = next;
      }
    }
    return result;
  }

  /** A random whole number in [0, count). */
  #below(count: number): number {
    return Math.floor(this.#random() * count);
  }

  #push(action: Action, statement: Statement): void {
    if (this.actions.length >= this.#options.maxActions) {
      this.#fail(
        statement,
        `the program produces more than ${this.#options.maxActions} actions at`,
        "look for a loop or REPEAT that runs longer than intended, or raise maxActions",
      );
    }
    this.actions.push(action);
  }

  #step(statement: Statement): void {
    if (++this.#steps > this.#stepBudget) {
      this.#fail(
        statement,
        `the program runs more than ${this.#stepBudget} statements at`,
        LOOP_HINT,
      );
    }
  }

  #fail(statement: Statement, what: string, hint: string): never {
    throw new DuckyScriptError({ source: statement.source, what, text: statement.text, hint });
  }
}
