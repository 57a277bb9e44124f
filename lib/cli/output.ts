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
};

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
