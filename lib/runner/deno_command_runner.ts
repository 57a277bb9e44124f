/**
 * The real runner: `Deno.Command` with output streamed line by line (to the caller's callbacks
 * and to the `dextkit·runner` debug log), captured in full, and a timeout that stops the whole
 * process tree.
 *
 * On timeout the program and every process it started (found through `ps`) get SIGTERM, the
 * deepest first, so that e.g. xcodebuild's compilers stop with it; whatever still runs after
 * the grace period gets SIGKILL, and the output pipes are closed so the run cannot hang on a
 * straggler that inherited them. Logged lines have the command's
 * {@linkcode CommandSpec.secrets} redacted; the captured output is returned as it is (parsers
 * need it).
 *
 * @module
 */
import { getLogger } from "../deps/logtape.ts";
import { redactText } from "../config/redact_secrets.ts";
import type { CommandResult, CommandRunner, CommandSpec, RunHandlers } from "./command_runner.ts";
import { formatCommand } from "./format_command.ts";
import { ToolNotFoundError, WorkingDirectoryError } from "./runner_errors.ts";

/** Options of {@linkcode DenoCommandRunner}. */
export interface DenoCommandRunnerOptions {
  /** How long a timed-out process tree gets between SIGTERM and SIGKILL; 3000 ms when absent. */
  readonly killGraceMs?: number;
}

const logger = getLogger(["dextkit", "runner"]);

/**
 * Runs commands for real.
 *
 * @example Run a command and read its output
 * ```ts
 * import { DenoCommandRunner } from "./deno_command_runner.ts";
 *
 * const runner = new DenoCommandRunner();
 * const lines: string[] = [];
 * const result = await runner.run(
 *   { cmd: Deno.execPath(), args: ["eval", "console.log('hello')"] },
 *   { onStdoutLine: (line) => lines.push(line) },
 * );
 * console.assert(result.code === 0 && result.stdout === "hello\n" && lines[0] === "hello");
 * ```
 */
export class DenoCommandRunner implements CommandRunner {
  /** Always `false`: commands really run. */
  readonly dryRun = false;
  readonly #killGraceMs: number;

  /**
   * Creates a runner.
   *
   * @param options The kill grace period.
   */
  constructor(options: DenoCommandRunnerOptions = {}) {
    this.#killGraceMs = options.killGraceMs ?? 3000;
  }

  /**
   * Runs a program to completion or until its timeout.
   *
   * @param command What to run.
   * @param handlers Called with each output line as it arrives. If one throws, the program is
   * stopped and `run` rejects with that error.
   * @returns How it ended.
   * @throws {ToolNotFoundError} When the executable does not exist.
   * @throws {WorkingDirectoryError} When `cwd` does not exist.
   */
  async run(command: CommandSpec, handlers: RunHandlers = {}): Promise<CommandResult> {
    const secrets = command.secrets ?? [];
    logger.debug("run: {line}", { line: formatCommand(command) });
    const start = performance.now();
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command(command.cmd, {
        args: [...command.args],
        ...(command.cwd === undefined ? {} : { cwd: command.cwd }),
        ...(command.env === undefined ? {} : { env: { ...command.env } }),
        stdin: command.stdin === undefined ? "null" : "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        if (command.cwd !== undefined && /cwd/i.test(error.message)) {
          throw new WorkingDirectoryError(command.cmd, command.cwd, error);
        }
        throw new ToolNotFoundError(command.cmd, error);
      }
      throw error;
    }

    let timedOut = false;
    let callbackError: unknown;
    const readers: ReadableStreamDefaultReader<string>[] = [];
    let timeoutTimer: ReturnType<typeof setTimeout> | undefined;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    let stopping: Promise<number[]> | undefined;
    const stopTree = (): void => {
      if (stopping !== undefined) return;
      stopping = processTree(child.pid).then((tree) => {
        signalAll(tree, "SIGTERM");
        graceTimer = setTimeout(() => {
          signalAll(tree, "SIGKILL");
          for (const reader of readers) reader.cancel().catch(() => {});
        }, this.#killGraceMs);
        return tree;
      });
    };
    if (command.timeoutMs !== undefined) {
      timeoutTimer = setTimeout(() => {
        timedOut = true;
        logger.debug("timeout after {ms} ms: {cmd}", { ms: command.timeoutMs, cmd: command.cmd });
        stopTree();
      }, command.timeoutMs);
    }
    const onLine =
      (stream: "stdout" | "stderr", callback: ((line: string) => void) | undefined) =>
      (line: string): void => {
        logger.debug("{cmd} {stream}: {line}", {
          cmd: command.cmd,
          stream,
          line: redactText(line, secrets),
        });
        if (callback === undefined || callbackError !== undefined) return;
        try {
          callback(line);
        } catch (error) {
          callbackError = error;
          stopTree();
        }
      };

    try {
      const writing = command.stdin === undefined
        ? Promise.resolve()
        : writeStdin(child, command.stdin);
      const [stdout, stderr] = await Promise.all([
        collectLines(child.stdout, readers, onLine("stdout", handlers.onStdoutLine)),
        collectLines(child.stderr, readers, onLine("stderr", handlers.onStderrLine)),
        // A program that exits without reading its input must not fail the run.
        writing.catch(() => {}),
      ]);
      const status = await child.status;
      if (callbackError !== undefined) throw callbackError;
      return {
        code: status.code,
        stdout,
        stderr,
        timedOut,
        durationMs: performance.now() - start,
      };
    } finally {
      clearTimeout(timeoutTimer);
      if (stopping !== undefined) {
        const tree = await stopping;
        clearTimeout(graceTimer);
        // The program is gone; anything it started that outlived SIGTERM goes now.
        signalAll(tree.slice(0, -1), "SIGKILL");
      }
    }
  }
}

async function writeStdin(child: Deno.ChildProcess, input: string | Uint8Array): Promise<void> {
  const writer = child.stdin.getWriter();
  try {
    await writer.write(typeof input === "string" ? new TextEncoder().encode(input) : input);
  } finally {
    await writer.close().catch(() => {});
  }
}

async function collectLines(
  stream: ReadableStream<Uint8Array>,
  readers: ReadableStreamDefaultReader<string>[],
  onLine: (line: string) => void,
): Promise<string> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  readers.push(reader);
  let all = "";
  let pending = "";
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      all += value;
      pending += value;
      let newline = pending.indexOf("\n");
      while (newline >= 0) {
        onLine(pending.slice(0, newline).replace(/\r$/, ""));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf("\n");
      }
    }
  } catch {
    // Cancelled after a kill: keep what arrived.
  }
  if (pending !== "") onLine(pending.replace(/\r$/, ""));
  return all;
}

/** Sends a signal to each process, ignoring those already gone. */
function signalAll(pids: readonly number[], signal: Deno.Signal): void {
  for (const pid of pids) {
    try {
      Deno.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/**
 * A process and all its descendants, deepest first, the process itself last. Descendants come
 * from one `ps -A -o pid=,ppid=` call; without `ps` the list is just the process.
 */
async function processTree(pid: number): Promise<number[]> {
  return [...await descendants(pid), pid];
}

async function descendants(root: number): Promise<number[]> {
  let table: string;
  try {
    const output = await new Deno.Command("ps", {
      args: ["-A", "-o", "pid=,ppid="],
      stdout: "piped",
      stderr: "null",
    }).output();
    table = new TextDecoder().decode(output.stdout);
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const line of table.split("\n")) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid === undefined || ppid === undefined || Number.isNaN(pid) || Number.isNaN(ppid)) {
      continue;
    }
    children.set(ppid, [...children.get(ppid) ?? [], pid]);
  }
  // Breadth-first, then reversed: grandchildren before children.
  const found: number[] = [];
  const queue = [...children.get(root) ?? []];
  while (queue.length > 0) {
    const pid = queue.shift() ?? 0;
    if (found.includes(pid)) continue;
    found.push(pid);
    queue.push(...children.get(pid) ?? []);
  }
  return found.reverse();
}
