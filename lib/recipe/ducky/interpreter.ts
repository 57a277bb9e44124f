/**
 * The live DuckyScript interpreter: runs a checked program (`syntax_tree.ts`) statement by
 * statement against a live runtime (`../recipe_step.ts`): each key, text, pointer and wait
 * statement is performed when it is reached, and the host's lock state (`$_CAPSLOCK_ON`,
 * `$_NUMLOCK_ON`, `$_SCROLLLOCK_ON`, `$_RECEIVED_HOST_LOCK_LED_REPLY`) is what the runtime
 * answered last, so payloads that wait for the host's Caps Lock reply work. `WHILE TRUE` loops
 * until STOP_PAYLOAD or Ctrl-C, unless guards are set (dry runs set them).
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
 * - **Lock waits** (`WAIT_FOR_CAPS_ON` and friends) wait, interruptibly, for the LED state;
 *   SAVE/RESTORE_HOST_KEYBOARD_LOCK_STATE remember the LEDs and press the lock keys whose state
 *   differs. Scroll Lock has no LED here (see `LockState`), so its waits for ON never end.
 * - **`$_OS`** reads the OS constant of the host we type into: `MACOS` unless set.
 *
 * Guards, each a located `DuckyScriptError`, when set: a WHILE may loop at most
 * `maxLoopIterations` times per entry, and a run may execute at most `statementCount + 100 ×
 * maxLoopIterations` statements (this stops runaway REPEAT and recursion); at most `maxActions`
 * actions. Always: calls nest at most {@linkcode MAX_CALL_DEPTH} deep; division or remainder by
 * zero is an error.
 *
 * @module
 */
import type { Action, SourceLocation, TextAction } from "../action.ts";
import type { LockState, StepPerformer, StepReply } from "../recipe_step.ts";
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
 *   os: 2,
 * };
 * console.assert(options.maxActions === 500);
 * ```
 */
export interface RunOptions {
  /** Seed of RANDOM_* and `$_RANDOM_INT`. */
  readonly seed: number;
  /** How many times one WHILE may loop per entry; unbounded when Infinity. */
  readonly maxLoopIterations: number;
  /** How many actions the run may perform; unbounded when Infinity. */
  readonly maxActions: number;
  /** Where warnings go. */
  readonly warnings: WarningCollector;
  /** What `$_OS` reads before the payload sets it. */
  readonly os: number;
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

const LOOP_HINT = "make sure the loop condition becomes false, or raise --max-loop-iterations";
const SAVED_SLOTS: readonly (readonly [string, keyof LockState])[] = [
  ["$_SAVED_CAPSLOCK_ON", "capsLock"],
  ["$_SAVED_NUMLOCK_ON", "numLock"],
  ["$_SAVED_SCROLLLOCK_ON", "scrollLock"],
];
const MOUSE_PREFIX = "mouse button ";

/**
 * Runs a program live on a step performer.
 *
 * @param program The parsed program.
 * @param performer The live runtime (or the channel to it).
 * @param options The seed, the guards, `$_OS` and the warning collector.
 * @returns The actions performed, in order.
 * @throws {DuckyScriptError} When a guard trips (see the module documentation).
 * @throws {DextkitError} What the runtime throws for a step, located at its line.
 *
 * @example Run a loop on a performer that logs its steps
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
 * const locks = { capsLock: false, numLock: false, scrollLock: false };
 * const actions = await runProgram(program, {
 *   perform: () => Promise.resolve({ locks, ledReplies: 0 }),
 * }, { seed: 1, maxLoopIterations: 100, maxActions: 1000, warnings, os: 2 });
 * console.assert(actions.length === 2 && actions[0]?.type === "press");
 * ```
 */
export async function runProgram(
  program: ParsedProgram,
  performer: StepPerformer,
  options: RunOptions,
): Promise<Action[]> {
  const interpreter = new Interpreter(program, performer, options);
  await interpreter.start();
  try {
    await interpreter.runBlock(program.main);
  } catch (error) {
    if (!(error instanceof StopSignal)) throw error;
  }
  await interpreter.releaseLeftovers();
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

  readonly #performer: StepPerformer;
  readonly #hostSlots: readonly (readonly [number, (reply: StepReply) => number])[];
  #saved: LockState | undefined;

  constructor(program: ParsedProgram, performer: StepPerformer, options: RunOptions) {
    this.#program = program;
    this.#performer = performer;
    this.#options = options;
    this.#values = program.variables.map((slot) => slot.initial);
    this.#random = createSeededRandom(options.seed);
    this.#randomMin = program.variables.findIndex((slot) => slot.name === "$_RANDOM_MIN");
    this.#randomMax = program.variables.findIndex((slot) => slot.name === "$_RANDOM_MAX");
    this.#stepBudget = program.statementCount +
      STEPS_PER_LOOP_ITERATION * options.maxLoopIterations;
    const slot = (name: string) =>
      program.variables.findIndex((variable) => variable.name === name);
    const osSlot = slot("$_OS");
    if (osSlot !== -1) this.#values[osSlot] = options.os;
    const readers: [string, (reply: StepReply) => number][] = [
      ["$_CAPSLOCK_ON", (reply) => Number(reply.locks.capsLock)],
      ["$_NUMLOCK_ON", (reply) => Number(reply.locks.numLock)],
      ["$_SCROLLLOCK_ON", (reply) => Number(reply.locks.scrollLock)],
      ["$_RECEIVED_HOST_LOCK_LED_REPLY", (reply) => Number(reply.ledReplies > 0)],
    ];
    this.#hostSlots = readers.map(([name, read]) => [slot(name), read] as const).filter((
      [index],
    ) => index !== -1);
  }

  /** Reads the host's lock state before the first statement. */
  async start(): Promise<void> {
    this.#update(await this.#performer.perform({ type: "locks" }));
  }

  #update(reply: StepReply): void {
    for (const [index, read] of this.#hostSlots) this.#values[index] = read(reply);
  }

  /** Runs statements in order; returns true when a RETURN ended them. */
  async runBlock(body: readonly Statement[]): Promise<boolean> {
    for (const statement of body) {
      if (await this.#execute(statement)) return true;
    }
    return false;
  }

  async releaseLeftovers(): Promise<void> {
    const first = this.#held.entries().next();
    if (first.done === true) return;
    const [name, source] = first.value;
    this.#options.warnings.warn(
      `${name.startsWith(MOUSE_PREFIX) ? name : `key ${name}`} is still held when the program ` +
        "ends; everything is released",
      source,
    );
    this.#held.clear();
    await this.#perform({ type: "releaseAll", source });
  }

  async #execute(statement: Statement): Promise<boolean> {
    this.#step(statement);
    switch (statement.kind) {
      case "if": {
        for (const branch of statement.branches) {
          if (await this.#evaluate(branch.condition) !== 0) return await this.runBlock(branch.body);
        }
        return statement.otherwise === undefined ? false : await this.runBlock(statement.otherwise);
      }
      case "while": {
        let iterations = 0;
        while (await this.#evaluate(statement.condition) !== 0) {
          if (++iterations > this.#options.maxLoopIterations) {
            this.#fail(
              statement,
              `WHILE loop ran more than ${this.#options.maxLoopIterations} times:`,
              LOOP_HINT,
            );
          }
          if (await this.runBlock(statement.body)) return true;
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
        const count = await this.#evaluate(statement.amount);
        for (let round = 0; round < count; round++) {
          this.#step(statement);
          await this.#run(target);
        }
        this.#last = target;
        return false;
      }
      case "return":
        this.#returnValue = statement.value === undefined
          ? 0
          : await this.#evaluate(statement.value);
        return true;
      case "stop":
        throw new StopSignal();
      default:
        await this.#run(statement);
        // Set after running, so a call is what REPEAT repeats, not the call's last statement.
        this.#last = statement;
        return false;
    }
  }

  /** Runs a statement that REPEAT may repeat. */
  async #run(statement: Statement): Promise<void> {
    const source = statement.source;
    switch (statement.kind) {
      case "press":
        await this.#push(statement.action, statement);
        break;
      case "text":
        await this.#text(statement.typed, statement.ownDelay, statement);
        break;
      case "random":
        await this.#push({
          type: "text",
          text: statement.characters.charAt(this.#below(statement.characters.length)),
          source,
        }, statement);
        break;
      case "hold":
        await this.#hold(statement.keys, statement.button, statement);
        break;
      case "release":
        await this.#release(statement.keys, statement.button, statement);
        break;
      case "releaseAll":
        this.#held.clear();
        await this.#push({ type: "releaseAll", source }, statement);
        break;
      case "click":
        await this.#push({ type: "click", button: statement.button, count: 1, source }, statement);
        break;
      case "mouseMove":
        await this.#push(
          { type: "mouseMove", dx: statement.dx, dy: statement.dy, source },
          statement,
        );
        break;
      case "scroll":
        await this.#push(
          { type: "scroll", vertical: statement.amount, horizontal: 0, source },
          statement,
        );
        break;
      case "delay": {
        const ms = await this.#evaluate(statement.amount);
        if (ms > 0) await this.#push({ type: "wait", ms, source }, statement);
        return;
      }
      case "defaultDelay":
        this.#defaultDelay = await this.#evaluate(statement.amount);
        return;
      case "stringDelay":
        this.#nextStringDelay = await this.#evaluate(statement.amount);
        return;
      case "defaultStringDelay":
        this.#defaultStringDelay = await this.#evaluate(statement.amount);
        return;
      case "waitForButton":
        await this.#push({ type: "waitForButton", source }, statement);
        return;
      case "assign":
        await this.#assign(statement);
        return;
      case "call":
        await this.#call(
          this.#program.functions.get(statement.name)!,
          statement.source,
          statement.text,
        );
        return;
      case "lockWait":
        await this.#lockWait(statement);
        return;
      case "saveLocks": {
        const reply = await this.#performer.perform({ type: "locks", source });
        this.#saved = reply.locks;
        this.#update(reply);
        for (const [name, lock] of SAVED_SLOTS) {
          const index = this.#program.variables.findIndex((slot) => slot.name === name);
          if (index !== -1) this.#values[index] = Number(reply.locks[lock]);
        }
        return;
      }
      case "restoreLocks":
        await this.#restoreLocks(statement);
        return;
      case "injectVar":
        await this.#text(String(this.#values[statement.slot]!), undefined, statement);
        break;
      case "nothing":
        return;
      default:
        // if, while, repeat, return and stop are handled by #execute and never repeated.
        return;
    }
    if (this.#defaultDelay > 0) {
      await this.#push({ type: "wait", ms: this.#defaultDelay, source }, statement);
    }
  }

  async #text(typed: string, ownDelay: number | undefined, statement: Statement): Promise<void> {
    const delay = ownDelay ?? this.#nextStringDelay ?? this.#defaultStringDelay;
    this.#nextStringDelay = undefined;
    if (typed === "") return;
    const action: TextAction = delay === undefined
      ? { type: "text", text: typed, source: statement.source }
      : { type: "text", text: typed, delay, source: statement.source };
    await this.#push(action, statement);
  }

  async #hold(
    keys: readonly string[],
    button: number | undefined,
    statement: Statement,
  ): Promise<void> {
    const source = statement.source;
    if (button !== undefined) {
      this.#held.set(`${MOUSE_PREFIX}${button}`, source);
      await this.#push({ type: "mouseDown", button, source }, statement);
      return;
    }
    for (const key of keys) {
      this.#held.set(key, source);
      await this.#push({ type: "keyDown", key, source }, statement);
    }
  }

  async #release(
    keys: readonly string[],
    button: number | undefined,
    statement: Statement,
  ): Promise<void> {
    const source = statement.source;
    if (button !== undefined) {
      if (this.#held.delete(`${MOUSE_PREFIX}${button}`)) {
        await this.#push({ type: "mouseUp", button, source }, statement);
      } else {
        this.#notHeld(`${MOUSE_PREFIX}${button}`, source);
      }
      return;
    }
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index]!;
      if (this.#held.delete(key)) {
        await this.#push({ type: "keyUp", key, source }, statement);
      } else {
        this.#notHeld(`key ${key}`, source);
      }
    }
  }

  #notHeld(what: string, source: SourceLocation): void {
    this.#options.warnings.warn(`RELEASE of ${what}, which is not held; nothing sent`, source);
  }

  async #assign(statement: Extract<Statement, { kind: "assign" }>): Promise<void> {
    const value = await this.#evaluate(statement.value);
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

  async #call(
    definition: FunctionDefinition,
    source: SourceLocation,
    text: string,
  ): Promise<number> {
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
    await this.runBlock(definition.body);
    this.#callDepth--;
    const value = this.#returnValue;
    this.#returnValue = 0;
    return value;
  }

  async #evaluate(expression: Expression): Promise<number> {
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
        return applyUnary(expression.operator, await this.#evaluate(expression.operand));
      case "call":
        return await this.#call(
          this.#program.functions.get(expression.name)!,
          expression.source,
          `${expression.name}()`,
        );
      case "chain":
        return await this.#chain(expression);
    }
  }

  async #chain(expression: Extract<Expression, { kind: "chain" }>): Promise<number> {
    const { operands, operators } = expression;
    if (operators[0] === "^") {
      // Exponents group from the right: 2 ^ 3 ^ 2 is 2 ^ 9. Operands still run left to right.
      const values: number[] = [];
      for (const operand of operands) values.push(await this.#evaluate(operand));
      let result = values[values.length - 1]!;
      for (let index = values.length - 2; index >= 0; index--) {
        result = applyBinary("^", values[index]!, result)!;
      }
      return result;
    }
    let result = await this.#evaluate(operands[0]!);
    for (let index = 0; index < operators.length; index++) {
      const operator = operators[index]!;
      const operand = operands[index + 1]!;
      if (operator === "&&") {
        result = result !== 0 && await this.#evaluate(operand) !== 0 ? 1 : 0;
      } else if (operator === "||") {
        result = result !== 0 || await this.#evaluate(operand) !== 0 ? 1 : 0;
      } else {
        const next = applyBinary(operator, result, await this.#evaluate(operand));
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

  async #push(action: Action, statement: Statement): Promise<void> {
    if (this.actions.length >= this.#options.maxActions) {
      this.#fail(
        statement,
        `the program performs more than ${this.#options.maxActions} actions at`,
        "look for a loop or REPEAT that runs longer than intended, or raise --max-actions",
      );
    }
    await this.#perform(action);
  }

  async #perform(action: Action): Promise<void> {
    this.actions.push(action);
    this.#update(await this.#performer.perform(action));
  }

  async #lockWait(statement: Extract<Statement, { kind: "lockWait" }>): Promise<void> {
    const source = statement.source;
    let reply = await this.#performer.perform({ type: "locks", source });
    const start = reply.locks[statement.lock];
    const done = (locks: LockState) =>
      statement.until === "change" ? locks[statement.lock] !== start : locks[statement.lock] ===
        (statement.until === "on");
    while (!done(reply.locks)) {
      reply = await this.#performer.perform({ type: "waitForLedChange", timeoutMs: 50, source });
    }
    this.#update(reply);
  }

  async #restoreLocks(statement: Statement): Promise<void> {
    const saved = this.#saved;
    if (saved === undefined) {
      this.#options.warnings.warn(
        "RESTORE_HOST_KEYBOARD_LOCK_STATE before any SAVE_HOST_KEYBOARD_LOCK_STATE; nothing to restore",
        statement.source,
      );
      return;
    }
    const now = (await this.#performer.perform({ type: "locks", source: statement.source })).locks;
    const keys: [keyof LockState, string][] = [["capsLock", "CapsLock"], ["numLock", "NumLock"]];
    for (const [lock, key] of keys) {
      if (now[lock] !== saved[lock]) {
        await this.#push({ type: "press", keys: [key], source: statement.source }, statement);
      }
    }
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
