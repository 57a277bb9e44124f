/**
 * The `dextkit` command: parses the command line, sets up logging, runs the command, and turns
 * errors into one readable line and a documented exit code.
 *
 * Commands are imported when they run, so `dextkit --help` loads only the parser, and
 * `dextkit type` only what typing needs (`bench/startup_bench.ts` measures it).
 *
 * @module
 */
import {
  bash,
  fish,
  formatMessage,
  message,
  nu,
  pwsh,
  runParserSync,
  type ShellCompletion,
  zsh,
} from "../deps/optique_core.ts";
import type { Clock } from "../device/clock.ts";
import { ExitCode } from "../errors.ts";
import { commandLineError } from "./command_line_error.ts";
import { type CliOutput, colorsAllowed, processOutput } from "./output.ts";
import {
  type CliCommand,
  cliParser,
  commandNames,
  commandOptions,
  completionCandidates,
} from "./parser.ts";
import { errorDocument, reportError } from "./report_error.ts";
import type { LineReader } from "./terminal_input.ts";
import denoJson from "../../deno.json" with { type: "json" };

/** The version `dextkit --version` prints. */
export const VERSION: string = denoJson.version;

/** What `main` needs from its surroundings; tests replace the defaults. */
export interface MainOptions {
  /** Where to print. */
  readonly output?: CliOutput;
  /** Environment variables (DEXTKIT_DEVICE, NO_COLOR…). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The clock delays, countdowns and timeouts wait on; tests pass a `VirtualClock`. */
  readonly clock?: Clock;
  /** Where `WAIT_FOR_BUTTON_PRESS` reads Enter from; standard input by default. */
  readonly input?: LineReader;
}

/**
 * Thrown from Optique's callbacks (help, version or a completion script shown; a parse error,
 * with its message) so `main` returns an exit code instead of the process exiting.
 */
class ParserExit {
  constructor(readonly code: number, readonly error = "") {}
}

/** The command named on the command line (the first word that is one), if any. */
function commandOf(args: readonly string[]): string | undefined {
  const names = new Set([...commandNames(), "completion", "help"]);
  return args.find((arg) => names.has(arg));
}

function exit(code = 0): never {
  throw new ParserExit(code);
}

function parseCommandLine(
  args: readonly string[],
  output: CliOutput,
  env: Readonly<Record<string, string | undefined>>,
): CliCommand | ParserExit {
  try {
    return runParserSync(cliParser, "dextkit", args, {
      help: { command: true, option: true, onShow: exit },
      aboveError: "none",
      colors: colorsAllowed(output, env),
      version: { value: VERSION, option: true, onShow: exit },
      completion: { command: true, option: true, onShow: exit },
      // The error line is never coloured: it is one line, often read by a script.
      onError: (code, error) => {
        throw new ParserExit(
          code === 0 ? ExitCode.Usage : code,
          formatMessage(error, { colors: false, quotes: true }),
        );
      },
      brief: message`dextkit: drive a macOS DriverKit virtual keyboard and mouse.`,
      footer:
        message`Exit codes: 0 done, 1 failed, 2 bad input, 3 reboot required, 4 timeout, 5 device unavailable, 6 needs macOS, 130/143 interrupted.`,
      stdout: (text) => output.out(text.replace(/\n$/, "")),
      // Optique's own rendering of an error (usage, colours) is replaced by `onError`'s.
      stderr: () => {},
    });
  } catch (error) {
    if (!(error instanceof ParserExit)) throw error;
    if (error.code !== ExitCode.Ok) throw commandLineError(error.error, commandOf(args));
    return error;
  }
}

const SHELLS: Readonly<Record<string, ShellCompletion>> = { bash, zsh, fish, pwsh, nu };

/**
 * `dextkit completion SHELL completion PREFIX` is the shell completing the argument of
 * `dextkit completion` itself, which Optique answers with the commands; the answer is the shells.
 */
function completeShellNames(args: readonly string[], output: CliOutput): boolean {
  const [first, shellName, command, prefix, ...rest] = args;
  const shell = SHELLS[shellName ?? ""];
  if (first !== "completion" || shell === undefined || command !== "completion") return false;
  if (prefix === undefined || rest.length > 0) return false;
  const names = Object.keys(SHELLS).filter((name) => name.startsWith(prefix));
  for (const chunk of shell.encodeSuggestions(names.map((text) => ({ kind: "literal", text })))) {
    output.out(chunk.replace(/\n$/, ""));
  }
  return true;
}

/** Loads what completion offers for `--layout` and `--device`, only when completion asks. */
async function loadCompletionCandidates(args: readonly string[]): Promise<void> {
  if (args[0] !== "completion" && !args[0]?.startsWith("--completion")) return;
  // The session module registers every device backend (iokit, …) with select_device.ts.
  const [{ listLayouts }, { deviceBackends }] = await Promise.all([
    import("../layout/layout_registry.ts"),
    import("../device/select_device.ts"),
    import("../device/session.ts"),
  ]);
  completionCandidates.layouts = ["auto", ...listLayouts().map((layout) => layout.id)];
  completionCandidates.devices = ["auto", ...deviceBackends.keys()];
}

async function runCommand(
  parsed: CliCommand,
  output: CliOutput,
  env: Readonly<Record<string, string | undefined>>,
  options: MainOptions,
): Promise<number> {
  const input = async (): Promise<LineReader> =>
    options.input ?? new (await import("./terminal_input.ts")).StdinLineReader();
  switch (parsed.command) {
    case "keys":
      return (await import("./commands/keys.ts")).runKeysCommand(parsed, output);
    case "type":
      return await (await import("./commands/type.ts")).runTypeCommand(
        parsed,
        output,
        env,
        options.clock,
      );
    case "run":
      return await (await import("./commands/run.ts")).runRunCommand(parsed, {
        output,
        env,
        clock: options.clock ?? (await import("../device/clock.ts")).systemClock,
        input: await input(),
      });
    case "layouts":
      return (await import("./commands/layouts.ts")).runLayoutsCommand(parsed, output);
    case "build":
    case "sign":
    case "notarize":
    case "package":
    case "install-dext":
    case "reboot":
    case "uninstall":
    case "release":
      return await (await import("./commands/pipeline_dispatch.ts")).runPipelineCliCommand(
        parsed,
        { output, env, clock: options.clock, input: await input() },
      );
    case "doctor":
      return await (await import("./commands/doctor.ts")).runDoctorCommand(parsed, {
        output,
        env,
      });
    case "status":
      return await (await import("./commands/status.ts")).runStatusCommand(parsed, {
        output,
        env,
      });
    case "logs":
      return await (await import("./commands/logs.ts")).runLogsCommand(parsed, { output, env });
    case "explain":
      return (await import("./commands/explain.ts")).runExplainCommand(parsed, output);
  }
}

/**
 * Runs `dextkit` with the given arguments and returns the exit code; never throws.
 *
 * Errors are one `error:` line and one `hint:` line on standard error (a stack trace only with
 * `--verbose`); a command given `--json` answers an error with one JSON object on standard
 * output instead (`{"error":{"name","message","hint","exitCode"}}`), the exit code unchanged.
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
  const command = commandOf(args);
  const json = args.includes("--json") && command !== undefined &&
    commandOptions(command).includes("--json");
  try {
    if (completeShellNames(args, output)) return ExitCode.Ok;
    await loadCompletionCandidates(args);
    const parsed = parseCommandLine(args, output, env);
    if (parsed instanceof ParserExit) return parsed.code;
    const { configureCliLogging } = await import("./logging.ts");
    using _logging = configureCliLogging(output, { verbose: parsed.verbose === true });
    return await runCommand(parsed, output, env, options);
  } catch (error) {
    // The reader of standard output went away (`dextkit run … --dry-run | head`): nothing is
    // left to say, and saying it on a closed pipe would fail again.
    if (error instanceof Deno.errors.BrokenPipe) return ExitCode.Ok;
    if (json) {
      const document = errorDocument(error, verbose);
      output.out(JSON.stringify(document));
      return document.error.exitCode;
    }
    const report = reportError(error, verbose);
    for (const line of report.lines) output.err(line);
    return report.exitCode;
  }
}
