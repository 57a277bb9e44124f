/**
 * The build number (CFBundleVersion) of a build, by the rule in dext/README.md ("Versions"):
 * `<days>.<minute of the day>.<second>` (UTC) from 2025-01-01T00:00:00Z to the HEAD commit's
 * committer time when the work tree is clean, or to the moment of the build when it has
 * uncommitted changes (or is not in git).
 *
 * The number must be a kext version (`kext_version.ts`: at most three components of at most four
 * digits), or the kernel rejects the dext. Days stay within four digits until 2052-05-18, minutes
 * of the day are 0–1439 and seconds 0–59, so every component fits, and comparing component by
 * component (as sysextd and the manager do) orders builds by time.
 *
 * One commit therefore always gets the same number (reproducible release builds, shallow CI
 * checkouts work), every later commit a higher one, and an uncommitted rebuild a second or more
 * after the last one a higher one too.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";
import type { DryRunResponse } from "../runner/dry_run_runner.ts";
import type { CommandSpec } from "../runner/command_runner.ts";
import { ToolNotFoundError } from "../runner/runner_errors.ts";
import type { PipelineContext } from "./pipeline_context.ts";
import { runCommand } from "./run_tool.ts";

/**
 * The origin of build numbers: 2025-01-01T00:00:00Z in Unix milliseconds.
 *
 * @example
 * ```ts
 * import { BUILD_NUMBER_EPOCH_MS } from "./build_number.ts";
 *
 * console.assert(new Date(BUILD_NUMBER_EPOCH_MS).toISOString() === "2025-01-01T00:00:00.000Z");
 * ```
 */
export const BUILD_NUMBER_EPOCH_MS: number = Date.UTC(2025, 0, 1);

/** Shown in a dry run when the build number depends on output that was not produced. */
export const BUILD_NUMBER_PLACEHOLDER = "<build-number>";

/** The last moment with a build number: day 9999 after the epoch, 23:59:59 UTC (2052-05-18). */
export const LAST_BUILD_NUMBER_MS: number = BUILD_NUMBER_EPOCH_MS + 10_000 * 86_400_000 - 1000;

/**
 * A moment past {@linkcode LAST_BUILD_NUMBER_MS}: its day count would need five digits, which no
 * kext version may have.
 *
 * @example
 * ```ts
 * import { BuildNumberRangeError } from "./build_number.ts";
 *
 * console.assert(new BuildNumberRangeError(Date.UTC(2060, 0, 1)).message.includes("2060"));
 * ```
 */
export class BuildNumberRangeError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param epochMs The moment, in milliseconds since the Unix epoch.
   */
  constructor(epochMs: number) {
    super(
      `no build number for ${new Date(epochMs).toISOString()}: the day count since 2025-01-01 ` +
        "would need five digits, and a kext version allows four per component",
      {
        hint: "set dextkit.buildVersion to a kext version (at most three components of at most " +
          "four digits) above the installed one, and move BUILD_NUMBER_EPOCH_MS",
        exitCode: ExitCode.Failure,
      },
    );
  }
}

/**
 * The build number for a moment: days since 2025-01-01 UTC, the minute of that day, the second
 * of that minute.
 *
 * @param epochMs Milliseconds since the Unix epoch (moments before 2025 get `0.0.0`).
 * @returns The build number, a valid kext version.
 * @throws {BuildNumberRangeError} After {@linkcode LAST_BUILD_NUMBER_MS}.
 *
 * @example
 * ```ts
 * import { buildNumberAt } from "./build_number.ts";
 *
 * console.assert(buildNumberAt(Date.UTC(2025, 0, 2, 1, 0, 59)) === "1.60.59");
 * ```
 */
export function buildNumberAt(epochMs: number): string {
  if (epochMs > LAST_BUILD_NUMBER_MS) throw new BuildNumberRangeError(epochMs);
  const seconds = Math.max(0, Math.floor((epochMs - BUILD_NUMBER_EPOCH_MS) / 1000));
  const days = Math.floor(seconds / 86_400);
  const minute = Math.floor((seconds % 86_400) / 60);
  return `${days}.${minute}.${seconds % 60}`;
}

/** A build number and where it came from. */
export interface BuildNumber {
  /** The number, or {@linkcode BUILD_NUMBER_PLACEHOLDER} in a dry run without git output. */
  readonly value: string;
  /** `commit`: the clean HEAD's committer time; `build-time`: now (uncommitted changes or no git). */
  readonly source: "commit" | "build-time" | "unknown";
}

/**
 * Works out the build number of the project in the context by asking git (`git status
 * --porcelain`, then `git log -1 --format=%ct`).
 *
 * @param context The step's context (project directory, runner, wall time).
 * @returns The build number.
 *
 * @example A clean work tree
 * ```ts
 * import { projectBuildNumber } from "./build_number.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { ScriptedRunner } from "../runner/scripted_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner: new ScriptedRunner([
 *     { cmd: "git", args: ["-C", "/src/dext", "status", "--porcelain"] },
 *     { cmd: "git", args: ["-C", "/src/dext", "log", "-1", "--format=%ct"], stdout: "1735693200\n" },
 *   ]),
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * const number = await projectBuildNumber(context);
 * console.assert(number.value === "0.60.0" && number.source === "commit");
 * ```
 */
export async function projectBuildNumber(context: PipelineContext): Promise<BuildNumber> {
  const dir = context.layout.projectDir;
  const now = (): BuildNumber => ({
    value: buildNumberAt(context.wallTimeMs()),
    source: "build-time",
  });
  try {
    const status = await runCommand(context, {
      cmd: "git",
      args: ["-C", dir, "status", "--porcelain"],
    });
    if (status.code !== 0) return now();
    if (status.stdout.trim() !== "") return now();
    const log = await runCommand(context, {
      cmd: "git",
      args: ["-C", dir, "log", "-1", "--format=%ct"],
    });
    const seconds = Number(log.stdout.trim());
    if (log.code === 0 && log.stdout.trim() !== "" && Number.isInteger(seconds)) {
      return { value: buildNumberAt(seconds * 1000), source: "commit" };
    }
    if (context.runner.dryRun) return { value: BUILD_NUMBER_PLACEHOLDER, source: "unknown" };
    return now();
  } catch (error) {
    if (error instanceof ToolNotFoundError) return now();
    throw error;
  }
}

const GIT_QUERIES: readonly (readonly string[])[] = [
  ["status", "--porcelain"],
  ["log", "-1", "--format=%ct"],
];

/**
 * Answers the two read-only git queries of {@linkcode projectBuildNumber} for real during a dry
 * run (a `DryRunRunner` responder), so the plan shows the build number the build would stamp.
 * Every other command gets no answer (the dry run's default).
 *
 * @param command A command of the plan.
 * @returns git's real output for the two queries, else `undefined`.
 *
 * @example Other commands are not run
 * ```ts
 * import { answerBuildNumberQueries } from "./build_number.ts";
 *
 * console.assert(answerBuildNumberQueries({ cmd: "xcodebuild", args: [] }) === undefined);
 * ```
 */
export function answerBuildNumberQueries(command: CommandSpec): DryRunResponse | undefined {
  const args = command.args ?? [];
  if (command.cmd !== "git" || args[0] !== "-C" || args.length < 3) return undefined;
  const query = args.slice(2);
  if (!GIT_QUERIES.some((known) => known.join(" ") === query.join(" "))) return undefined;
  try {
    const output = new Deno.Command("git", { args: [...args], stdout: "piped", stderr: "piped" })
      .outputSync();
    const decoder = new TextDecoder();
    return {
      code: output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
    };
  } catch {
    return { code: 127, stdout: "", stderr: "git not found" };
  }
}
