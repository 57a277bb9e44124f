/**
 * `--dry-run`: a runner that runs nothing. Each command is recorded in {@linkcode DryRunRunner.plan}
 * and printed as the exact shell line it would run, secrets redacted (see `format_command.ts`);
 * every command "succeeds" with empty output unless a responder scripts something else.
 *
 * Work that is not a command (writing a file, waiting for a reboot) is described with
 * {@linkcode DryRunRunner.note}, so the printed plan is complete.
 *
 * @module
 */
import type { CommandResult, CommandRunner, CommandSpec, RunHandlers } from "./command_runner.ts";
import { formatCommand } from "./format_command.ts";
import { outputLines } from "./output_lines.ts";

/** One entry of a dry-run plan. */
export interface PlannedStep {
  /** What is printed: a shell line, or `# <note>`. */
  readonly line: string;
  /** The command, for a command entry; absent for a note. */
  readonly command?: CommandSpec;
}

/** A scripted answer for a dry-run command (everything optional). */
export interface DryRunResponse {
  /** The exit code; 0 when absent. */
  readonly code?: number;
  /** Standard output; empty when absent. */
  readonly stdout?: string;
  /** Standard error; empty when absent. */
  readonly stderr?: string;
}

/** Options of {@linkcode DryRunRunner}. */
export interface DryRunOptions {
  /** Receives each plan line as it is added (e.g. the CLI's standard output); none when absent. */
  readonly print?: (line: string) => void;
  /**
   * Answers a command, for steps that read a tool's output even in a dry run (a notarization
   * id, say); a plain success when absent or when it returns `undefined`.
   */
  readonly respond?: (command: CommandSpec) => DryRunResponse | undefined;
}

/**
 * A runner that prints the plan and runs nothing.
 *
 * @example Print a signing plan with a keychain password redacted
 * ```ts
 * import { DryRunRunner } from "./dry_run_runner.ts";
 *
 * const lines: string[] = [];
 * const runner = new DryRunRunner({ print: (line) => lines.push(line) });
 * await runner.run({
 *   cmd: "security",
 *   args: ["unlock-keychain", "-p", "hunter2", "build.keychain-db"],
 * });
 * runner.note("copy App.app to /Applications");
 * console.assert(lines[0] === "security unlock-keychain -p [REDACTED] build.keychain-db");
 * console.assert(lines[1] === "# copy App.app to /Applications");
 * ```
 */
export class DryRunRunner implements CommandRunner {
  /** Always `true`: nothing is run. */
  readonly dryRun = true;
  readonly #plan: PlannedStep[] = [];
  readonly #print: (line: string) => void;
  readonly #respond: ((command: CommandSpec) => DryRunResponse | undefined) | undefined;

  /**
   * Creates a runner with an empty plan.
   *
   * @param options Where to print, and optional scripted answers.
   */
  constructor(options: DryRunOptions = {}) {
    this.#print = options.print ?? (() => {});
    this.#respond = options.respond;
  }

  /** Every command and note so far, in order. */
  get plan(): readonly PlannedStep[] {
    return this.#plan;
  }

  /** The plan as printed: one line per entry. */
  get lines(): readonly string[] {
    return this.#plan.map((step) => step.line);
  }

  /**
   * Records and prints a command, and answers with success (or the responder's answer, whose
   * output lines are also passed to the handlers).
   *
   * @param command The command that would run.
   * @param handlers Line callbacks.
   * @returns The scripted result; `durationMs` is 0.
   */
  run(command: CommandSpec, handlers: RunHandlers = {}): Promise<CommandResult> {
    const line = formatCommand(command);
    this.#plan.push({ line, command });
    this.#print(line);
    const response = this.#respond?.(command) ?? {};
    const stdout = response.stdout ?? "";
    const stderr = response.stderr ?? "";
    for (const outLine of outputLines(stdout)) handlers.onStdoutLine?.(outLine);
    for (const errLine of outputLines(stderr)) handlers.onStderrLine?.(errLine);
    return Promise.resolve({
      code: response.code ?? 0,
      stdout,
      stderr,
      timedOut: false,
      durationMs: 0,
    });
  }

  /**
   * Adds a step that is not a command, printed as `# <text>`.
   *
   * @param text What would happen, e.g. `write version 1.2 (7) into dext/Info.plist`.
   */
  note(text: string): void {
    const line = `# ${text}`;
    this.#plan.push({ line });
    this.#print(line);
  }
}
