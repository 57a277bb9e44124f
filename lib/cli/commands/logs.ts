/**
 * `dextkit logs [--last 1h] [--follow] [--json] [--dry-run] [--config PATH]`: the unified log of
 * sysextd, kernelmanagerd, the kernel's DriverKit lines and the dext's own messages (predicate in
 * lib/doctor/unified_log.ts), read as ndjson and printed one readable line per entry — or, with
 * `--json`, one JSON object per entry (`{timestamp, process, processId, sender, subsystem,
 * category, messageType, eventType, message}`).
 *
 * A line `log` prints that cannot be parsed is shown as it is, with a warning on standard error
 * that names the line; it never stops the output. Needs macOS; `--dry-run` prints the `log`
 * command on any system.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../../errors.ts";
import { logCommand } from "../../doctor/unified_log.ts";
import { DenoCommandRunner } from "../../runner/deno_command_runner.ts";
import { DryRunRunner } from "../../runner/dry_run_runner.ts";
import { needsMacOS } from "../../runner/needs_macos.ts";
import { formatLogEntry, type LogEntry, parseLogLine } from "../../sysext/log_ndjson.ts";
import { OutputParseError } from "../../sysext/output_parse_error.ts";
import { splitLines } from "../../sysext/text_lines.ts";
import { type DiagnosticsCliDeps, diagnosticsContext } from "./doctor.ts";

/** Options of `dextkit logs`. */
export interface LogsCommandOptions {
  /** `--last`. */
  readonly last?: string | undefined;
  /** `--follow`. */
  readonly follow?: boolean | undefined;
  /** `--config`. */
  readonly config?: string | undefined;
  /** `--dry-run`. */
  readonly dryRun?: boolean | undefined;
  /** `--json`. */
  readonly json?: boolean | undefined;
}

/**
 * `--last` and `--follow` together: `log stream` cannot look back.
 *
 * @example
 * ```ts
 * import { FollowWithLastError } from "./logs.ts";
 *
 * console.assert(new FollowWithLastError("1h").exitCode === 2);
 * ```
 */
export class FollowWithLastError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param last The `--last` value given.
   */
  constructor(last: string) {
    super(`--follow shows new messages only; it cannot be combined with --last ${last}`, {
      hint: "run `dextkit logs --last <span>` for the past, `dextkit logs --follow` for what comes",
      exitCode: ExitCode.Usage,
    });
  }
}

/**
 * Runs `dextkit logs`.
 *
 * @param options The command line.
 * @param deps The surroundings.
 * @returns 0.
 * @throws {NeedsMacOSError} Off macOS without `--dry-run`.
 * @throws {InvalidLogSpanError} For a `--last` that `log show` does not take.
 * @throws {DextkitError} When `log` fails (its message is named).
 *
 * @example The command it would run
 * ```ts
 * import { runLogsCommand } from "./logs.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const output = new CapturedOutput();
 * const dir = await Deno.makeTempDir();
 * await runLogsCommand({ dryRun: true, last: "10m" }, { output, env: {}, os: "linux", cwd: dir });
 * console.assert(output.outLines[0]?.startsWith("log show --predicate "));
 * await Deno.remove(dir);
 * ```
 */
export async function runLogsCommand(
  options: LogsCommandOptions,
  deps: DiagnosticsCliDeps,
): Promise<number> {
  const dryRun = options.dryRun === true;
  if (options.follow === true && options.last !== undefined) {
    throw new FollowWithLastError(options.last);
  }
  if (!dryRun) needsMacOS("logs", deps.os ?? Deno.build.os);
  const context = await diagnosticsContext(options.config, deps);
  const config = context.config;
  if (config === undefined) throw context.configError;
  const spec = logCommand({
    bundleId: config.bundleIds.dext,
    ...(options.last === undefined ? {} : { last: options.last }),
    ...(options.follow === undefined ? {} : { follow: options.follow }),
  });
  const runner = dryRun
    ? new DryRunRunner({ print: (line) => deps.output.out(line) })
    : deps.runner ?? new DenoCommandRunner();
  let lineNumber = 0;
  const print = (entry: LogEntry): void => {
    deps.output.out(
      options.json === true ? JSON.stringify(entryJson(entry)) : formatLogEntry(entry),
    );
  };
  const onLine = (line: string): void => {
    lineNumber++;
    try {
      const entry = parseLogLine(line, lineNumber);
      if (entry !== undefined) print(entry);
    } catch (error) {
      if (!(error instanceof OutputParseError)) throw error;
      deps.output.err(`warning: ${error.message}`);
      if (options.json !== true) deps.output.out(line);
    }
  };
  const result = await runner.run(spec, { onStdoutLine: onLine });
  if (result.code !== 0 && !dryRun) {
    const reason = splitLines(result.stderr).find((line) => line.trim() !== "")?.trim();
    throw new DextkitError(
      `log ${spec.args[0]} failed (exit code ${result.code})${
        reason === undefined ? "" : `: ${reason}`
      }`,
      {
        hint: "run the command by hand (`dextkit logs --dry-run` prints it); reading some " +
          "messages needs an administrator account",
      },
    );
  }
  return 0;
}

function entryJson(entry: LogEntry): Record<string, unknown> {
  return {
    timestamp: entry.timestamp,
    process: entry.process,
    processId: entry.processId ?? null,
    sender: entry.sender,
    subsystem: entry.subsystem,
    category: entry.category,
    messageType: entry.messageType,
    eventType: entry.eventType,
    message: entry.message,
  };
}
