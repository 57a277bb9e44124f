/**
 * The error for a command line the parser refused: one line saying what is wrong, and a hint
 * pointing at the command's `--help` (never the whole usage).
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";

/** A command line the parser refused (exit code 2). */
export class CommandLineError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param message What is wrong, naming the offending option or value.
   * @param hint What to do; usually "see `dextkit X --help`".
   */
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.Usage });
  }
}

/**
 * Turns the parser's error message (its first line says what is wrong, maybe followed by a
 * "Did you mean" paragraph) into one {@linkcode CommandLineError}: the first line is the message,
 * the suggestion goes into the hint with the pointer to `--help`, anything else is dropped.
 *
 * @param text The parser's error message, as plain text (an `Error: ` prefix is dropped).
 * @param command The command the line was for, if one was named; the hint points at its help.
 * @returns The error.
 *
 * @example
 * ```ts
 * import { commandLineError } from "./command_line_error.ts";
 *
 * const error = commandLineError('Error: Unexpected option or argument: "tpye".\n\nDid you mean `type`?\n', undefined);
 * console.assert(error.message === 'unexpected option or argument: "tpye"');
 * console.assert(error.hint === "did you mean `type`? see `dextkit --help`");
 * ```
 */
export function commandLineError(text: string, command: string | undefined): CommandLineError {
  const lines = text.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  const first = (lines[0] ?? "the command line is not valid").replace(/^Error:\s*/, "");
  const suggestion = lines.find((line) => /^Did you mean\b/.test(line));
  const help = `see \`dextkit ${command === undefined ? "" : `${command} `}--help\``;
  return new CommandLineError(
    lowerFirst(first.replace(/\.$/, "")),
    suggestion === undefined ? help : `${lowerFirst(suggestion)} ${help}`,
  );
}

/** "Expected a …" → "expected a …" (after a leading "`--delay`: " too); "FILE …" stays. */
function lowerFirst(text: string): string {
  return text.replace(
    /^(`[^`]*`: )?([A-Z])(?=[a-z])/,
    (_, option = "", letter: string) => `${option}${letter.toLowerCase()}`,
  );
}
