/**
 * The `dextkit` command: parses the command line, sets up logging, runs the command, and turns
 * errors into one readable line and a documented exit code.
 *
 * @module
 */
import { message } from "../deps/optique_core.ts";
import { runSync } from "../deps/optique_run.ts";
import { ExitCode } from "../errors.ts";
import { type Clock, systemClock } from "../device/clock.ts";
import { runDoctorCommand } from "./commands/doctor.ts";
import { runExplainCommand } from "./commands/explain.ts";
import { runKeysCommand } from "./commands/keys.ts";
import { runLayoutsCommand } from "./commands/layouts.ts";
import { runLogsCommand } from "./commands/logs.ts";
import { runPipelineCliCommand } from "./commands/pipeline_dispatch.ts";
import { runRunCommand } from "./commands/run.ts";
import { runStatusCommand } from "./commands/status.ts";
import { runTypeCommand } from "./commands/type.ts";
import { configureCliLogging } from "./logging.ts";
import { type CliOutput, processOutput } from "./output.ts";
import { type CliCommand, cliParser } from "./parser.ts";
import { reportError } from "./report_error.ts";
import { type LineReader, StdinLineReader } from "./terminal_input.ts";
import denoJson from "../../deno.json" with { type: "json" };

/** The version `dextkit --version` prints. */
export const VERSION: string = denoJson.version;

/** What `main` needs from its surroundings; tests replace the defaults. */
export interface MainOptions {
  /** Where to print. */
  readonly output?: CliOutput;
  /** Environment variables (DEXTKIT_DEVICE…). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The clock delays, countdowns and timeouts wait on; tests pass a `VirtualClock`. */
  readonly clock?: Clock;
  /** Where `WAIT_FOR_BUTTON_PRESS` reads Enter from; standard input by default. */
  readonly input?: LineReader;
}

/** Thrown by Optique's exit hook so `main` can return the code instead of exiting. */
class ParserExit {
  constructor(readonly code: number) {}
}

function parseCommandLine(args: readonly string[], output: CliOutput): CliCommand | ParserExit {
  try {
    return runSync(cliParser, {
      programName: "dextkit",
      args,
      help: "both",
      version: VERSION,
      completion: "both",
      errorExitCode: ExitCode.Usage,
      brief: message`dextkit: drive a macOS DriverKit virtual keyboard and mouse.`,
      footer:
        message`Exit codes: 0 done, 1 failed, 2 bad input, 3 reboot required, 4 timeout, 5 device unavailable, 6 needs macOS, 130/143 interrupted.`,
      stdout: (text) => output.out(text.replace(/\n$/, "")),
      stderr: (text) => output.err(text.replace(/\n$/, "")),
      onExit: (code) => {
        throw new ParserExit(code);
      },
    });
  } catch (error) {
    if (error instanceof ParserExit) return error;
    throw error;
  }
}

/**
 * Runs `dextkit` with the given arguments and returns the exit code; never throws.
 *
 * @param args The command-line arguments, without the program name.
 * @param options Output and environment; the process's own by default.
 * @returns The exit code (see {@linkcode ExitCode}).
 *
 * @example List the keys whose name contains "escape"
 * ```ts
 * import { main } from "./main.ts";
 * import { CapturedOutput } from "./output.ts";
 *
 * const output = new CapturedOutput();
 * const code = await main(["keys", "--search", "escape"], { output });
 * console.assert(code === 0 && output.stdout.includes("Escape"));
 * ```
 */
export async function main(args: readonly string[], options: MainOptions = {}): Promise<number> {
  const output = options.output ?? processOutput;
  const env = options.env ?? Deno.env.toObject();
  const verbose = args.includes("-v") || args.includes("--verbose");
  try {
    const parsed = parseCommandLine(args, output);
    if (parsed instanceof ParserExit) return parsed.code;
    using _logging = configureCliLogging(output, { verbose: parsed.verbose === true });
    switch (parsed.command) {
      case "keys":
        return runKeysCommand(parsed, output);
      case "type":
        return await runTypeCommand(parsed, output, env, options.clock);
      case "run":
        return await runRunCommand(parsed, {
          output,
          env,
          clock: options.clock ?? systemClock,
          input: options.input ?? new StdinLineReader(),
        });
      case "layouts":
        return runLayoutsCommand(parsed, output);
      case "build":
      case "sign":
      case "notarize":
      case "package":
      case "install-dext":
      case "reboot":
      case "uninstall":
      case "release":
        return await runPipelineCliCommand(parsed, {
          output,
          env,
          clock: options.clock,
          input: options.input ?? new StdinLineReader(),
        });
      case "doctor":
        return await runDoctorCommand(parsed, { output, env });
      case "status":
        return await runStatusCommand(parsed, { output, env });
      case "logs":
        return await runLogsCommand(parsed, { output, env });
      case "explain":
        return runExplainCommand(parsed, output);
    }
  } catch (error) {
    // The reader of standard output went away (`dextkit run … --dry-run | head`): nothing is
    // left to say, and saying it on a closed pipe would fail again.
    if (error instanceof Deno.errors.BrokenPipe) return ExitCode.Ok;
    const report = reportError(error, verbose);
    for (const line of report.lines) output.err(line);
    return report.exitCode;
  }
}
