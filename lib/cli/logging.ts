/**
 * Logging setup for the `dextkit` command. The library only ever calls LogTape's `getLogger`;
 * configuring sinks and levels is the application's job, and this is the application.
 *
 * @module
 */
import { configureSync, getTextFormatter, type LogRecord, resetSync } from "../deps/logtape.ts";
import type { CliOutput } from "./output.ts";

/** How much the CLI logs. */
export interface CliLoggingOptions {
  /** `-v/--verbose`: debug messages too. */
  readonly verbose: boolean;
}

/**
 * Sends dextkit's log records to standard error as plain lines (`warning: …`, `debug dextkit·device: …`).
 * Info records (one-line notices such as "using the simulated device") print without a prefix.
 *
 * @param output Where the lines go.
 * @param options The verbosity.
 *
 * @example Configure logging for a command run
 * ```ts
 * import { configureCliLogging } from "./logging.ts";
 * import { CapturedOutput } from "./output.ts";
 * import { getLogger } from "../deps/logtape.ts";
 *
 * const output = new CapturedOutput();
 * using _logging = configureCliLogging(output, { verbose: false });
 * getLogger(["dextkit", "example"]).info("hello");
 * console.assert(output.stderr === "hello\n");
 * ```
 */
export function configureCliLogging(output: CliOutput, options: CliLoggingOptions): Disposable {
  const detailed = getTextFormatter({
    timestamp: "none",
    level: "full",
    value: "bare",
    format: ({ level, category, message }) => `${level} ${category}: ${message}`,
  });
  const plain = getTextFormatter({ timestamp: "none", value: "bare", format: (v) => v.message });
  const sink = (record: LogRecord): void => {
    const text = options.verbose
      ? detailed(record)
      : record.level === "info"
      ? plain(record)
      : `${record.level}: ${plain(record)}`;
    output.err(text.trimEnd());
  };
  configureSync({
    reset: true,
    sinks: { stderr: sink },
    loggers: [
      { category: ["dextkit"], lowestLevel: options.verbose ? "debug" : "info", sinks: ["stderr"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["stderr"] },
    ],
  });
  return { [Symbol.dispose]: () => resetSync() };
}
