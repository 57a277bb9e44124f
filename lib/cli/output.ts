/**
 * Where the CLI writes: standard output for results, standard error for notices and errors.
 *
 * Commands take an {@linkcode CliOutput} instead of touching `Deno.stdout` so tests can capture
 * what a command printed.
 *
 * @module
 */

/** The two streams a command writes to. Each call writes one line (a newline is appended). */
export interface CliOutput {
  /** Writes a line of results to standard output. */
  out(line: string): void;
  /** Writes a line of notices or errors to standard error. */
  err(line: string): void;
  /** Whether both streams are a terminal; absent means they are not (captured, piped). */
  isTerminal?(): boolean;
}

const encoder = new TextEncoder();

function writeAll(stream: { writeSync(data: Uint8Array): number }, text: string): void {
  const bytes = encoder.encode(text);
  let written = 0;
  while (written < bytes.length) written += stream.writeSync(bytes.subarray(written));
}

/**
 * The process's real standard output and standard error, written synchronously so nothing is
 * lost when the process exits right after.
 *
 * @example Print a line
 * ```ts
 * import { processOutput } from "./output.ts";
 *
 * processOutput.out("hello");
 * ```
 */
export const processOutput: CliOutput = {
  out: (line) => writeAll(Deno.stdout, `${line}\n`),
  err: (line) => writeAll(Deno.stderr, `${line}\n`),
  isTerminal: () => Deno.stdout.isTerminal() && Deno.stderr.isTerminal(),
};

/**
 * Whether the CLI may colour what it prints: only on a terminal, and never when `NO_COLOR` is set
 * to anything but the empty string (no-color.org).
 *
 * @param output Where the CLI prints.
 * @param env The environment.
 * @returns Whether ANSI colours are allowed.
 *
 * @example
 * ```ts
 * import { CapturedOutput, colorsAllowed } from "./output.ts";
 *
 * console.assert(colorsAllowed(new CapturedOutput(), {}) === false);
 * console.assert(colorsAllowed({ out() {}, err() {}, isTerminal: () => true }, { NO_COLOR: "1" }) === false);
 * ```
 */
export function colorsAllowed(
  output: CliOutput,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  return !noColor && output.isTerminal?.() === true;
}

/**
 * An output that keeps every line in memory, for tests.
 *
 * @example Capture what a command prints
 * ```ts
 * import { CapturedOutput } from "./output.ts";
 *
 * const output = new CapturedOutput();
 * output.out("a");
 * output.err("b");
 * console.assert(output.stdout === "a\n" && output.stderr === "b\n");
 * ```
 */
export class CapturedOutput implements CliOutput {
  /** Lines written to standard output. */
  readonly outLines: string[] = [];
  /** Lines written to standard error. */
  readonly errLines: string[] = [];

  /** Records a standard output line. */
  out(line: string): void {
    this.outLines.push(line);
  }

  /** Records a standard error line. */
  err(line: string): void {
    this.errLines.push(line);
  }

  /** Everything written to standard output, one line per call. */
  get stdout(): string {
    return this.outLines.map((line) => `${line}\n`).join("");
  }

  /** Everything written to standard error, one line per call. */
  get stderr(): string {
    return this.errLines.map((line) => `${line}\n`).join("");
  }
}
