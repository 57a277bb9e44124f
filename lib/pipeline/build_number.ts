/**
 * The build number (CFBundleVersion) of a build, by the rule in dext/README.md ("Versions"):
 * whole minutes from 2025-01-01T00:00:00Z to the HEAD commit's committer time when the work tree
 * is clean, or to the moment of the build when it has uncommitted changes (or is not in git).
 *
 * One commit therefore always gets the same number (reproducible release builds, shallow CI
 * checkouts work), every later commit a higher one, and an uncommitted rebuild a minute or more
 * after the last one a higher one too.
 *
 * @module
 */
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

/**
 * The build number for a moment.
 *
 * @param epochMs Milliseconds since the Unix epoch.
 * @returns Whole minutes since 2025-01-01T00:00:00Z, as text.
 *
 * @example
 * ```ts
 * import { buildNumberAt } from "./build_number.ts";
 *
 * console.assert(buildNumberAt(Date.UTC(2025, 0, 1, 1, 0, 59)) === "60");
 * ```
 */
export function buildNumberAt(epochMs: number): string {
  return String(Math.max(0, Math.floor((epochMs - BUILD_NUMBER_EPOCH_MS) / 60_000)));
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
 * console.assert(number.value === "60" && number.source === "commit");
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
