/**
 * `compileDuckyScript`: DuckyScript text → the action list every recipe produces.
 *
 * @module
 */
import type { Action } from "../action.ts";
import { type DuckyDiagnostic, WarningCollector } from "./diagnostics.ts";
import { runProgram } from "./interpreter.ts";
import { parseDuckyScript } from "./parser.ts";
import { randomSeed } from "../seeded_random.ts";

/**
 * Options of {@linkcode compileDuckyScript}.
 *
 * @example Reproducible, Flipper-style trimming
 * ```ts
 * import { compileDuckyScript, type DuckyCompileOptions } from "./compile.ts";
 *
 * const options: DuckyCompileOptions = { file: "a.txt", seed: 7, trimStringTrailingWhitespace: true };
 * const { actions } = compileDuckyScript("STRING hi   ", options);
 * console.assert(actions[0]?.type === "text" && actions[0].text === "hi");
 * ```
 */
export interface DuckyCompileOptions {
  /** The file name used in locations; `"<input>"` when omitted. */
  readonly file?: string;
  /**
   * Seed of RANDOM_* and `$_RANDOM_INT` (taken modulo 2^32): the same seed gives the same
   * output. When omitted a fresh random seed is used; {@linkcode DuckyProgram.seed} tells which.
   */
  readonly seed?: number;
  /**
   * Remove trailing spaces and tabs from STRING text, STRING block lines and DEFINE values, as
   * Flipper does. Default false: DuckyScript 1.0 and hak5 type them.
   */
  readonly trimStringTrailingWhitespace?: boolean;
  /**
   * How many times one WHILE may loop per entry (default 100,000); more is a located error. A
   * run also stops after `statements in the file + 100 × maxLoopIterations` statement
   * executions, which bounds REPEAT and recursion.
   */
  readonly maxLoopIterations?: number;
  /**
   * How many actions the program may produce (default 1,000,000); more is a located error.
   * Both guards are rounded down to whole numbers; NaN counts as omitted.
   */
  readonly maxActions?: number;
}

/**
 * A compiled DuckyScript file.
 *
 * @example Keyboard ids from ID
 * ```ts
 * import { compileDuckyScript, type DuckyProgram } from "./compile.ts";
 *
 * const program: DuckyProgram = compileDuckyScript("ID 05ac:021e Apple:Keyboard\nENTER");
 * console.assert(program.keyboard?.vendorId === 0x05AC && program.keyboard.productId === 0x021E);
 * ```
 */
export interface DuckyProgram {
  /** The actions: flat and finite, DEFAULT_DELAY already expanded into wait actions. */
  readonly actions: readonly Action[];
  /** Warnings: device-only and Windows-only commands, state unknown when compiling, … */
  readonly warnings: readonly DuckyDiagnostic[];
  /** The keyboard ids from `ID VID:PID` or `ATTACKMODE … VID_x PID_y`, if the file names them. */
  readonly keyboard?: { vendorId: number; productId: number };
  /** The seed RANDOM_* used, so a run can be reproduced. */
  readonly seed: number;
}

const DEFAULT_MAX_LOOP_ITERATIONS = 100_000;
const DEFAULT_MAX_ACTIONS = 1_000_000;

/**
 * Compiles DuckyScript (1.0, Flipper Zero BadUSB, and the DuckyScript 3.0 subset described in
 * `mod.ts`) into actions.
 *
 * @param source The file's text: LF, CRLF, CR or mixed line endings; a UTF-8 BOM is ignored.
 * @param options File name, seed, trailing-whitespace rule and guards.
 * @returns The actions, the warnings and the keyboard ids.
 * @throws {DuckyScriptError} For the first problem, located as `file:line:column`; nothing else.
 *
 * @example Compile a short payload
 * ```ts
 * import { compileDuckyScript } from "./compile.ts";
 *
 * const program = compileDuckyScript("GUI SPACE\nDELAY 300\nSTRINGLN Terminal", {
 *   file: "hello.txt",
 * });
 * console.assert(program.actions.length === 3);
 * console.assert(program.actions[2]?.type === "text");
 * ```
 */
export function compileDuckyScript(
  source: string,
  options: DuckyCompileOptions = {},
): DuckyProgram {
  const warnings = new WarningCollector();
  const program = parseDuckyScript(source, {
    file: options.file ?? "<input>",
    trimStringTrailingWhitespace: options.trimStringTrailingWhitespace ?? false,
    warnings,
  });
  const seed = options.seed ?? randomSeed();
  const actions = runProgram(program, {
    seed,
    maxLoopIterations: limit(options.maxLoopIterations, DEFAULT_MAX_LOOP_ITERATIONS),
    maxActions: limit(options.maxActions, DEFAULT_MAX_ACTIONS),
    warnings,
  });
  const result = { actions, warnings: warnings.list(), seed };
  return program.keyboard === undefined ? result : { ...result, keyboard: program.keyboard };
}

/** A guard from the options: whole and non-negative; NaN counts as omitted, so no run is endless. */
function limit(value: number | undefined, fallback: number): number {
  return value === undefined || Number.isNaN(value) ? fallback : Math.max(0, Math.floor(value));
}
