/**
 * Running `codesign --sign … --timestamp` with retries for the one failure that fixes itself:
 * Apple's timestamp service not answering ("The timestamp service is not available."). Release
 * pipelines retry it with backoff (macos-corrections.md item 14); dextkit waits 10 s, 20 s, 40 s,
 * … (at most 1 min each) until {@linkcode CODESIGN_RETRY_LIMIT_MS} in all, then fails with a hint
 * that names the cause. Any other codesign failure fails at once.
 *
 * @module
 */
import { formatElapsed } from "./format_elapsed.ts";
import type { CommandResult, CommandSpec } from "../runner/command_runner.ts";
import { oneLine, splitLines } from "../sysext/text_lines.ts";
import { type PipelineContext, planNote } from "./pipeline_context.ts";
import { ToolFailedError } from "./pipeline_errors.ts";
import { runCommand } from "./run_tool.ts";

/**
 * How long codesign is retried for the timestamp service, in all.
 *
 * @example
 * ```ts
 * import { CODESIGN_RETRY_LIMIT_MS } from "./codesign_retry.ts";
 *
 * console.assert(CODESIGN_RETRY_LIMIT_MS === 300_000);
 * ```
 */
export const CODESIGN_RETRY_LIMIT_MS = 300_000;
const FIRST_DELAY_MS = 10_000;
const MAX_DELAY_MS = 60_000;
const TIMESTAMP_UNAVAILABLE = /timestamp service is not available/i;

/**
 * Whether codesign failed because the timestamp service did not answer.
 *
 * @param result codesign's result.
 * @returns `true` for that transient failure.
 *
 * @example
 * ```ts
 * import { isTimestampServiceFailure } from "./codesign_retry.ts";
 *
 * console.assert(isTimestampServiceFailure({ code: 1, stdout: "", stderr: "X.app: The timestamp service is not available.\n", timedOut: false, durationMs: 0 }));
 * ```
 */
export function isTimestampServiceFailure(result: CommandResult): boolean {
  return result.code !== 0 && TIMESTAMP_UNAVAILABLE.test(`${result.stderr}\n${result.stdout}`);
}

/**
 * Runs a codesign command, retrying the timestamp-service failure with backoff.
 *
 * @param context The step's context.
 * @param command The codesign command.
 * @param hint What to do when it fails for another reason.
 * @returns How many attempts it took.
 * @throws {ToolFailedError} When it fails otherwise, or the service stays unavailable.
 *
 * @example The timestamp service answers on the second try
 * ```ts
 * import { codesignWithRetries } from "./codesign_retry.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { ScriptedRunner } from "../runner/scripted_runner.ts";
 * import { VirtualClock } from "../device/clock.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const clock = new VirtualClock();
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner: new ScriptedRunner([
 *     { cmd: "codesign", code: 1, stderr: "/b/X.app: The timestamp service is not available.\n" },
 *     { cmd: "codesign" },
 *   ]),
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 *   clock,
 * });
 * const attempts = await codesignWithRetries(context, { cmd: "codesign", args: ["--sign", "X", "/b/X.app"] }, "sign again");
 * console.assert(attempts === 2 && clock.now() === 10_000);
 * ```
 */
export async function codesignWithRetries(
  context: PipelineContext,
  command: CommandSpec,
  hint: string,
): Promise<number> {
  const started = context.clock.now();
  let delay = FIRST_DELAY_MS;
  for (let attempt = 1;; attempt++) {
    const result = await runCommand(context, command);
    if (context.runner.dryRun) {
      if (attempt === 1) {
        planNote(
          context,
          '"The timestamp service is not available": retry with backoff for up to ' +
            formatElapsed(CODESIGN_RETRY_LIMIT_MS),
        );
      }
      return 1;
    }
    if (result.code === 0 && !result.timedOut) return attempt;
    const last = lastLine(result);
    if (!isTimestampServiceFailure(result)) {
      throw new ToolFailedError(
        "codesign",
        result.timedOut
          ? `timed out after ${formatElapsed(result.durationMs)}`
          : `exited with code ${result.code}${last === undefined ? "" : `: ${oneLine(last)}`}`,
        hint,
        result.timedOut,
      );
    }
    const elapsed = context.clock.now() - started;
    if (elapsed + delay > CODESIGN_RETRY_LIMIT_MS) {
      throw new ToolFailedError(
        "codesign",
        `could not reach Apple's timestamp service in ${attempt} attempt(s) over ` +
          `${formatElapsed(elapsed)}: ${
            oneLine(last ?? "The timestamp service is not available.")
          }`,
        "the secure timestamp (--timestamp) comes from Apple's timestamp server " +
          "(timestamp.apple.com) over the network; it fails now and then for minutes: check the " +
          "network or proxy, then sign again (notarization rejects a signature without it)",
      );
    }
    context.progress.log(
      `codesign: Apple's timestamp service is not available; attempt ${attempt + 1} in ` +
        formatElapsed(delay),
    );
    await context.clock.sleep(delay);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}

function lastLine(result: CommandResult): string | undefined {
  const lines = splitLines(`${result.stdout}\n${result.stderr}`).map((line) => line.trim())
    .filter((line) => line !== "");
  return lines[lines.length - 1];
}
