/**
 * The DuckyScript engine's two steps: `checkDuckyScript` parses and checks a whole file (every
 * command, key, label and variable, with located errors and suggestions) before any key goes
 * down; `runDuckyProgram` interprets it statement by statement on a live runtime.
 *
 * @module
 */
import type { Action } from "../action.ts";
import type { StepPerformer } from "../recipe_step.ts";
import { randomSeed } from "../seeded_random.ts";
import { type DuckyDiagnostic, WarningCollector } from "./diagnostics.ts";
import { OS_CONSTANTS } from "./internal_variables.ts";
import { runProgram } from "./interpreter.ts";
import { parseDuckyScript } from "./parser.ts";
import type { ParsedProgram } from "./syntax_tree.ts";

/**
 * Options of {@linkcode checkDuckyScript}.
 *
 * @example Flipper-style trimming
 * ```ts
 * import type { DuckyCheckOptions } from "./run_ducky.ts";
 *
 * const options: DuckyCheckOptions = { file: "a.txt", trimStringTrailingWhitespace: true };
 * console.assert(options.file === "a.txt");
 * ```
 */
export interface DuckyCheckOptions {
  /** The file name used in locations; `"<input>"` when omitted. */
  readonly file?: string;
  /**
   * Remove trailing spaces and tabs from STRING text, STRING block lines and DEFINE values, as
   * Flipper does. Default false: DuckyScript 1.0 and hak5 type them.
   */
  readonly trimStringTrailingWhitespace?: boolean;
}

/**
 * A checked DuckyScript file, ready to run.
 *
 * @example Keyboard ids from ID
 * ```ts
 * import { checkDuckyScript, type DuckyProgram } from "./run_ducky.ts";
 *
 * const program: DuckyProgram = checkDuckyScript("ID 05ac:021e Apple:Keyboard\nENTER");
 * console.assert(program.keyboard?.vendorId === 0x05AC && program.keyboard.productId === 0x021E);
 * ```
 */
export interface DuckyProgram {
  /** How many statements the file holds. */
  readonly statements: number;
  /** Warnings found while checking; running adds its own to the same list. */
  readonly warnings: readonly DuckyDiagnostic[];
  /** The keyboard ids from `ID VID:PID` or `ATTACKMODE … VID_x PID_y`, if the file names them. */
  readonly keyboard?: { vendorId: number; productId: number };
}

/** The parsed form and warning collector behind each checked program. */
const CHECKED = new WeakMap<
  DuckyProgram,
  { readonly parsed: ParsedProgram; readonly collector: WarningCollector }
>();

/** The OS names `$_OS` can be set to. */
export type DuckyOs = "WINDOWS" | "MACOS" | "LINUX" | "IOS" | "CHROMEOS" | "ANDROID";

/**
 * Options of {@linkcode runDuckyProgram}.
 *
 * @example Guards for a dry run
 * ```ts
 * import type { DuckyRunOptions } from "./run_ducky.ts";
 *
 * const options: DuckyRunOptions = { seed: 1, maxLoopIterations: 1000, maxActions: 10_000 };
 * console.assert(options.seed === 1);
 * ```
 */
export interface DuckyRunOptions {
  /**
   * Seed of RANDOM_* and `$_RANDOM_INT` (taken modulo 2^32): the same seed gives the same
   * output; a fresh random seed when omitted.
   */
  readonly seed?: number;
  /**
   * How many times one WHILE may loop per entry; more is a located error, and a run also stops
   * after `statements in the file + 100 × maxLoopIterations` statements. Unbounded when omitted
   * (a real run loops until STOP_PAYLOAD or Ctrl-C); dry runs set it.
   */
  readonly maxLoopIterations?: number;
  /** How many actions the program may perform; unbounded when omitted. */
  readonly maxActions?: number;
  /** What `$_OS` reads until the payload sets it; `MACOS` when omitted. */
  readonly os?: DuckyOs;
}

/**
 * Parses and checks a DuckyScript file (1.0, Flipper Zero BadUSB, and the DuckyScript 3.0
 * subset described in `mod.ts`). Nothing runs.
 *
 * @param source The file's text: LF, CRLF, CR or mixed line endings; a UTF-8 BOM is ignored.
 * @param options File name and trailing-whitespace rule.
 * @returns The checked program, its warnings and keyboard ids.
 * @throws {DuckyScriptError} For the first problem, located as `file:line:column`; nothing else.
 *
 * @example
 * ```ts
 * import { checkDuckyScript } from "./run_ducky.ts";
 *
 * const program = checkDuckyScript("GUI SPACE\nDELAY 300\nSTRINGLN Terminal", { file: "a.txt" });
 * console.assert(program.statements === 3 && program.warnings.length === 0);
 * ```
 */
export function checkDuckyScript(source: string, options: DuckyCheckOptions = {}): DuckyProgram {
  const collector = new WarningCollector();
  const parsed = parseDuckyScript(source, {
    file: options.file ?? "<input>",
    trimStringTrailingWhitespace: options.trimStringTrailingWhitespace ?? false,
    warnings: collector,
  });
  const program: DuckyProgram = {
    statements: parsed.statementCount,
    get warnings() {
      return collector.list();
    },
    ...(parsed.keyboard === undefined ? {} : { keyboard: { ...parsed.keyboard } }),
  };
  CHECKED.set(program, { parsed, collector });
  return program;
}

/**
 * Runs a checked program live, statement by statement, on a step performer (the live runtime of
 * a recipe session, or the channel to it).
 *
 * @param program The checked program.
 * @param performer What performs each step.
 * @param options Seed, guards and `$_OS`.
 * @returns The actions it performed.
 * @throws {DuckyScriptError} When a guard trips, located.
 * @throws {TypeError} For a program that did not come from {@linkcode checkDuckyScript}.
 * @throws {DextkitError} What the runtime throws for a step, located at its line.
 *
 * @example Dry-run a payload on the simulated Mac
 * ```ts
 * import { checkDuckyScript, runDuckyProgram } from "./run_ducky.ts";
 * import { localRecipeRunner } from "../recipe_runtime.ts";
 *
 * const program = checkDuckyScript("STRING hi\nENTER");
 * const connection = await localRecipeRunner.open({ dryRun: true });
 * await runDuckyProgram(program, connection, { seed: 1 });
 * const result = await connection.finish();
 * console.assert(result.text === "hi\n");
 * ```
 */
export function runDuckyProgram(
  program: DuckyProgram,
  performer: StepPerformer,
  options: DuckyRunOptions = {},
): Promise<Action[]> {
  const checked = CHECKED.get(program);
  if (checked === undefined) {
    return Promise.reject(new TypeError("run a program that checkDuckyScript() returned"));
  }
  return runProgram(checked.parsed, performer, {
    seed: options.seed ?? randomSeed(),
    maxLoopIterations: limit(options.maxLoopIterations),
    maxActions: limit(options.maxActions),
    warnings: checked.collector,
    os: OS_CONSTANTS.get(options.os ?? "MACOS") ?? 0,
  });
}

/** A guard: whole and non-negative; unbounded when omitted or NaN. */
function limit(value: number | undefined): number {
  return value === undefined || Number.isNaN(value)
    ? Number.POSITIVE_INFINITY
    : Math.max(0, Math.floor(value));
}
