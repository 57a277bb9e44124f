/**
 * The unified-log query behind `dextkit logs`: which messages matter for a dext and the `log`
 * command that shows or follows them as ndjson.
 *
 * The predicate generalises the one in driverkit-field-notes ("Log messages"):
 * sysextd (installs, approvals, replacements), kernelmanagerd (launches the dext), the kernel's
 * DriverKit lines (`DK: …`: entitlement and user-client checks), and everything the dext itself
 * logs (its messages show with the dext's bundle id as sender).
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";
import type { CommandSpec } from "../runner/command_runner.ts";

/** What to show. */
export interface LogQuery {
  /** The dext's bundle id. */
  readonly bundleId: string;
  /** How far back `log show` looks, e.g. `1h`, `30m`, `2d` or `boot`; `1h` when absent. */
  readonly last?: string;
  /** Follow new messages with `log stream` instead of showing past ones. */
  readonly follow?: boolean;
}

const LAST = /^(?:\d+[mhd]|boot)$/;

/**
 * `--last` in a form `log show` does not take.
 *
 * @example
 * ```ts
 * import { InvalidLogSpanError } from "./unified_log.ts";
 *
 * console.assert(new InvalidLogSpanError("an hour").exitCode === 2);
 * ```
 */
export class InvalidLogSpanError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param last The offending value.
   */
  constructor(last: string) {
    super(`--last ${JSON.stringify(last)} is not a time span \`log show\` takes`, {
      hint: "give minutes, hours or days, such as 30m, 1h or 2d, or `boot` for since the last boot",
      exitCode: ExitCode.Usage,
    });
  }
}

/**
 * The log predicate for a dext.
 *
 * @param bundleId The dext's bundle id.
 * @returns An NSPredicate for `log show` / `log stream`.
 *
 * @example
 * ```ts
 * import { logPredicate } from "./unified_log.ts";
 *
 * const predicate = logPredicate("dev.dextkit.VirtualHIDDevice");
 * console.assert(predicate.startsWith('sender == "sysextd"'));
 * console.assert(predicate.includes('sender CONTAINS "dev.dextkit.VirtualHIDDevice"'));
 * ```
 */
export function logPredicate(bundleId: string): string {
  const id = JSON.stringify(bundleId);
  return [
    'sender == "sysextd"',
    'process == "sysextd"',
    'process == "kernelmanagerd"',
    `sender CONTAINS ${id}`,
    `process CONTAINS ${id}`,
    '(process == "kernel" AND eventMessage CONTAINS "DK:")',
  ].join(" OR ");
}

/**
 * The `log` command for a query: `log show … --last <span>` or `log stream …`, always with info
 * and debug messages and ndjson output.
 *
 * @param query The bundle id, the span or follow.
 * @returns The command.
 * @throws {InvalidLogSpanError} When `last` is not `<n>m`, `<n>h`, `<n>d` or `boot`.
 *
 * @example
 * ```ts
 * import { logCommand } from "./unified_log.ts";
 *
 * const show = logCommand({ bundleId: "com.example.driver", last: "30m" });
 * console.assert(show.cmd === "log" && show.args[0] === "show" && show.args.at(-1) === "30m");
 * console.assert(logCommand({ bundleId: "com.example.driver", follow: true }).args[0] === "stream");
 * ```
 */
export function logCommand(query: LogQuery): CommandSpec {
  const predicate = ["--predicate", logPredicate(query.bundleId)];
  if (query.follow === true) {
    return {
      cmd: "log",
      args: ["stream", ...predicate, "--level", "debug", "--style", "ndjson"],
    };
  }
  const last = query.last ?? "1h";
  if (!LAST.test(last)) throw new InvalidLogSpanError(last);
  return {
    cmd: "log",
    args: ["show", ...predicate, "--info", "--debug", "--style", "ndjson", "--last", last],
  };
}
