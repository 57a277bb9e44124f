/**
 * Errors of the command runners: a tool that is not installed, a working directory that does
 * not exist, and the scripted fake's "unexpected command" and "expected commands never ran".
 *
 * @module
 */
import { counted } from "../plural.ts";
import { DextkitError, ExitCode } from "../errors.ts";

/** Where each tool dextkit runs comes from, for the "install it" hint. */
const TOOL_SOURCES: Readonly<Record<string, string>> = {
  xcodegen: "install XcodeGen (`brew install xcodegen`)",
  xcodebuild: "install Xcode and select it with `sudo xcode-select -s /Applications/Xcode.app`",
  xcrun: "install Xcode or the command-line tools (`xcode-select --install`)",
  codesign: "install Xcode or the command-line tools (`xcode-select --install`)",
  pkgbuild: "install Xcode or the command-line tools (`xcode-select --install`)",
  productsign: "install Xcode or the command-line tools (`xcode-select --install`)",
  ditto: "it ships with macOS; run this on a Mac",
  systemextensionsctl: "it ships with macOS 10.15 and later; run this on a Mac",
  security: "it ships with macOS; run this on a Mac",
  spctl: "it ships with macOS; run this on a Mac",
  csrutil: "it ships with macOS; run this on a Mac",
  plutil: "it ships with macOS; run this on a Mac",
};

/**
 * The executable of a command does not exist (not installed, or not on `PATH`).
 *
 * @example
 * ```ts
 * import { ToolNotFoundError } from "./runner_errors.ts";
 *
 * const error = new ToolNotFoundError("xcodegen");
 * console.assert(error.message === "xcodegen was not found");
 * console.assert(error.hint.includes("brew install xcodegen"));
 * ```
 */
export class ToolNotFoundError extends DextkitError {
  /** The executable that was missing. */
  readonly tool: string;

  /**
   * Creates the error.
   *
   * @param tool The executable name or path.
   * @param cause The spawn error.
   */
  constructor(tool: string, cause?: unknown) {
    const name = tool.slice(tool.lastIndexOf("/") + 1);
    super(`${tool} was not found`, {
      hint: Object.hasOwn(TOOL_SOURCES, name)
        ? TOOL_SOURCES[name] ?? ""
        : `install ${name} or put it on PATH; Apple's tools come with Xcode or the ` +
          "command-line tools (`xcode-select --install`)",
      exitCode: ExitCode.Failure,
      cause,
    });
    this.tool = tool;
  }
}

/**
 * The working directory given for a command does not exist.
 *
 * @example
 * ```ts
 * import { WorkingDirectoryError } from "./runner_errors.ts";
 *
 * console.assert(new WorkingDirectoryError("xcodebuild", "/nope").message === 'cannot run xcodebuild in "/nope": no such directory');
 * ```
 */
export class WorkingDirectoryError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param tool The executable.
   * @param cwd The missing directory.
   * @param cause The spawn error.
   */
  constructor(tool: string, cwd: string, cause?: unknown) {
    super(`cannot run ${tool} in ${JSON.stringify(cwd)}: no such directory`, {
      hint: "check the dext project path (dextkit.project in the configuration)",
      exitCode: ExitCode.Failure,
      cause,
    });
  }
}

/**
 * The scripted fake runner was asked to run a command that its script does not expect next.
 *
 * @example
 * ```ts
 * import { UnexpectedCommandError } from "./runner_errors.ts";
 *
 * const error = new UnexpectedCommandError("codesign --verify App.app", 2, "xcrun stapler staple App.app");
 * console.assert(error.message === "unexpected command #2: codesign --verify App.app (expected: xcrun stapler staple App.app)");
 * ```
 */
export class UnexpectedCommandError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param line The command that ran, as a (redacted) shell line.
   * @param index Its 1-based position among the commands run.
   * @param expected What the script expected instead, or `undefined` when the script was used up.
   */
  constructor(line: string, index: number, expected: string | undefined) {
    super(
      `unexpected command #${index}: ${line} (${
        expected === undefined ? "no more commands were expected" : `expected: ${expected}`
      })`,
      { hint: "update the script or the code under test", exitCode: ExitCode.Failure },
    );
  }
}

/**
 * Expectations of the scripted fake runner that no command used.
 *
 * @example
 * ```ts
 * import { UnusedExpectationsError } from "./runner_errors.ts";
 *
 * console.assert(new UnusedExpectationsError(["xcrun stapler …"]).message === "1 expected command(s) never ran: xcrun stapler …");
 * ```
 */
export class UnusedExpectationsError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param descriptions The unused expectations, described.
   */
  constructor(descriptions: readonly string[]) {
    super(
      `${counted(descriptions.length, "expected command")} never ran: ${descriptions.join("; ")}`,
      {
        hint: "the code under test stopped early or took another path",
        exitCode: ExitCode.Failure,
      },
    );
  }
}

/**
 * A macOS-only command was started on another system. The message is the single line the CLI
 * prints; there is no separate hint.
 *
 * @example
 * ```ts
 * import { NeedsMacOSError } from "./runner_errors.ts";
 *
 * const error = new NeedsMacOSError("install-dext", "linux");
 * console.assert(error.exitCode === 6 && error.hint === "");
 * ```
 */
export class NeedsMacOSError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param commandName The dextkit command, e.g. `install-dext`.
   * @param os The system it was started on (`Deno.build.os`).
   */
  constructor(commandName: string, os: string) {
    super(
      `dextkit ${commandName} needs macOS (this is ${os}); add --dry-run to see the plan it would run`,
      { exitCode: ExitCode.NeedsMacOS },
    );
  }
}
