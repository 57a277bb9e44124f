/**
 * A fake runner for tests: it replays a script of expected commands and their recorded outputs
 * (formats in `tests/fixtures/macos/`), in order, and fails clearly on anything else.
 *
 * Each expectation names the executable and, optionally, the arguments (exact strings or
 * regular expressions, or a predicate), and gives the output, exit code and an optional delay.
 * A delay longer than the command's `timeoutMs` ends as a timeout, exactly like the real runner
 * (`timedOut`, exit code 143), so timeout paths are testable without waiting: pass a virtual
 * `sleep`. `times` lets one expectation answer a polling loop.
 *
 * After the code under test ran, {@linkcode ScriptedRunner.assertAllUsed} checks that nothing
 * the script expected was skipped.
 *
 * @module
 */
import type { CommandResult, CommandRunner, CommandSpec, RunHandlers } from "./command_runner.ts";
import { formatCommand } from "./format_command.ts";
import { outputLines } from "./output_lines.ts";
import { UnexpectedCommandError, UnusedExpectationsError } from "./runner_errors.ts";

/** Matches a command's arguments. */
export type ArgsMatcher = readonly (string | RegExp)[] | ((args: readonly string[]) => boolean);

/** One expected command and what it answers. */
export interface CommandExpectation {
  /** The executable, compared exactly. */
  readonly cmd: string;
  /**
   * The arguments: a list (same length; each entry equal, or a RegExp tested against the
   * argument: anchor it with `^…$` to match all of it) or a predicate. Any arguments when absent.
   */
  readonly args?: ArgsMatcher;
  /** Standard output to replay; empty when absent. */
  readonly stdout?: string;
  /** Standard error to replay; empty when absent. */
  readonly stderr?: string;
  /** The exit code; 0 when absent. */
  readonly code?: number;
  /** How long the command "runs", in milliseconds (through the runner's `sleep`). */
  readonly delayMs?: number;
  /** How many consecutive runs this expectation answers; 1 when absent. */
  readonly times?: number;
  /** Extra checks on the command (cwd, env, stdin, timeout); throw to fail. */
  readonly check?: (command: CommandSpec) => void;
}

/** Options of {@linkcode ScriptedRunner}. */
export interface ScriptedRunnerOptions {
  /** How delays are waited for; `setTimeout` when absent. Pass a virtual clock's `sleep`. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A command the fake ran, with the result it gave. */
export interface ScriptedCall {
  /** The command as received. */
  readonly command: CommandSpec;
  /** The command as a redacted shell line. */
  readonly line: string;
  /** What the fake answered. */
  readonly result: CommandResult;
}

const TIMEOUT_EXIT_CODE = 143;

/**
 * The scripted fake runner.
 *
 * @example Notarization that ends Invalid although notarytool exits 0
 * ```ts
 * import { ScriptedRunner } from "./scripted_runner.ts";
 *
 * const runner = new ScriptedRunner([
 *   {
 *     cmd: "xcrun",
 *     args: ["notarytool", "submit", /\.zip$/, "--output-format", "json", "--wait"],
 *     stdout: '{"id":"2efe2717","status":"Invalid","message":"Processing complete"}\n',
 *   },
 * ]);
 * const result = await runner.run({
 *   cmd: "xcrun",
 *   args: ["notarytool", "submit", "App.zip", "--output-format", "json", "--wait"],
 * });
 * console.assert(result.code === 0 && result.stdout.includes('"Invalid"'));
 * runner.assertAllUsed();
 * ```
 */
export class ScriptedRunner implements CommandRunner {
  /** Always `false`: the fake plays a real run. */
  readonly dryRun = false;
  readonly #script: CommandExpectation[];
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #calls: ScriptedCall[] = [];
  #next = 0;
  #usedOfNext = 0;
  #failure: UnexpectedCommandError | undefined;

  /**
   * Creates a fake that expects the script's commands in order.
   *
   * @param script The expected commands.
   * @param options How to wait for delays.
   */
  constructor(script: readonly CommandExpectation[], options: ScriptedRunnerOptions = {}) {
    this.#script = [...script];
    this.#sleep = options.sleep ??
      ((ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))));
  }

  /** Every command run so far, with its answer. */
  get calls(): readonly ScriptedCall[] {
    return this.#calls;
  }

  /** The commands run so far as redacted shell lines. */
  get lines(): readonly string[] {
    return this.#calls.map((call) => call.line);
  }

  /**
   * Answers the next expected command.
   *
   * @param command The command.
   * @param handlers Receive the replayed output line by line (standard output first).
   * @returns The scripted result.
   * @throws {UnexpectedCommandError} When the command is not the next one the script expects
   * (and for every command after that).
   */
  async run(command: CommandSpec, handlers: RunHandlers = {}): Promise<CommandResult> {
    const line = formatCommand(command);
    const index = this.#calls.length + 1;
    if (this.#failure !== undefined) throw this.#failure;
    const expectation = this.#script[this.#next];
    if (expectation === undefined || !matches(expectation, command)) {
      this.#failure = new UnexpectedCommandError(
        line,
        index,
        expectation === undefined ? undefined : describe(expectation),
      );
      throw this.#failure;
    }
    expectation.check?.(command);
    this.#usedOfNext++;
    if (this.#usedOfNext >= (expectation.times ?? 1)) {
      this.#next++;
      this.#usedOfNext = 0;
    }
    const delay = expectation.delayMs ?? 0;
    const timedOut = command.timeoutMs !== undefined && delay > command.timeoutMs;
    const durationMs = timedOut ? command.timeoutMs ?? 0 : delay;
    if (durationMs > 0) await this.#sleep(durationMs);
    const stdout = timedOut ? "" : expectation.stdout ?? "";
    const stderr = timedOut ? "" : expectation.stderr ?? "";
    for (const outLine of outputLines(stdout)) handlers.onStdoutLine?.(outLine);
    for (const errLine of outputLines(stderr)) handlers.onStderrLine?.(errLine);
    const result: CommandResult = {
      code: timedOut ? TIMEOUT_EXIT_CODE : expectation.code ?? 0,
      stdout,
      stderr,
      timedOut,
      durationMs,
    };
    this.#calls.push({ command, line, result });
    return result;
  }

  /**
   * Checks that every expectation was used (each as many `times` as given) and that no
   * unexpected command ran.
   *
   * @throws {UnexpectedCommandError} When an unexpected command ran (even if the code under test
   * caught the error).
   * @throws {UnusedExpectationsError} When expectations are left.
   */
  assertAllUsed(): void {
    if (this.#failure !== undefined) throw this.#failure;
    const left = this.#script.slice(this.#next).map((expectation, offset) => {
      const remaining = (expectation.times ?? 1) - (offset === 0 ? this.#usedOfNext : 0);
      return remaining > 1 ? `${describe(expectation)} (×${remaining})` : describe(expectation);
    });
    if (left.length > 0) throw new UnusedExpectationsError(left);
  }
}

function matches(expectation: CommandExpectation, command: CommandSpec): boolean {
  if (expectation.cmd !== command.cmd) return false;
  const args = expectation.args;
  if (args === undefined) return true;
  if (typeof args === "function") return args(command.args);
  return args.length === command.args.length &&
    args.every((pattern, index) => {
      const arg = command.args[index] ?? "";
      if (typeof pattern === "string") return pattern === arg;
      pattern.lastIndex = 0;
      return pattern.test(arg);
    });
}

function describe(expectation: CommandExpectation): string {
  const args = expectation.args;
  if (args === undefined) return `${expectation.cmd} …`;
  if (typeof args === "function") return `${expectation.cmd} <args matching a predicate>`;
  return [expectation.cmd, ...args.map((arg) => typeof arg === "string" ? arg : String(arg))].join(
    " ",
  );
}
