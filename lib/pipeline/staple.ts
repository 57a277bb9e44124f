/**
 * Stapling the notarization ticket to an app, pkg or dmg with `xcrun stapler staple`, retrying
 * error 65 with exponential backoff: right after `Accepted`, Apple's servers often have not
 * published the ticket yet ("Record not found"). Other errors fail at once with what they mean.
 * Exit code 0 is success whatever stapler printed: its wording may change between Xcode
 * releases, the exit code is what Apple's tool promises (a verdict it does not recognise is
 * printed as a warning).
 *
 * @module
 */
import { counted } from "../plural.ts";
import { formatElapsed } from "./format_elapsed.ts";
import {
  explainStaplerError,
  parseStaplerOutput,
  staplerErrorIsRetryable,
} from "../sysext/stapler.ts";
import { OutputParseError } from "../sysext/output_parse_error.ts";
import { oneLine } from "../sysext/text_lines.ts";
import { type PipelineContext, planNote } from "./pipeline_context.ts";
import { StapleFailedError, WaitTimeoutError } from "./pipeline_errors.ts";
import { runCommand } from "./run_tool.ts";

/** Backoff of {@linkcode stapleWithRetries}. */
export interface StapleBackoff {
  /** The first wait after error 65; 15 s when absent. */
  readonly initialDelayMs?: number;
  /** The longest wait; 2 min when absent. */
  readonly maxDelayMs?: number;
}

/**
 * Staples, retrying error 65 with waits of 15 s, 30 s, 60 s, then 2 min, until
 * `timeouts.staple` (10 min by default) is used up.
 *
 * @param context The step's context.
 * @param path The app, pkg or dmg (never the zip that was uploaded).
 * @param backoff Other waits.
 * @returns How many attempts it took (1 in a dry run).
 * @throws {WaitTimeoutError} When error 65 persists past the time limit.
 * @throws {StapleFailedError} For any other failure.
 *
 * @example Error 65, then success, on a virtual clock
 * ```ts
 * import { stapleWithRetries } from "./staple.ts";
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
 *     { cmd: "xcrun", stdout: "Processing: /b/X.pkg\nThe staple and validate action failed! Error 65.\n", code: 65 },
 *     { cmd: "xcrun", stdout: "Processing: /b/X.pkg\nThe staple and validate action worked!\n" },
 *   ]),
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 *   clock,
 * });
 * console.assert(await stapleWithRetries(context, "/b/X.pkg") === 2 && clock.now() === 15_000);
 * ```
 */
export async function stapleWithRetries(
  context: PipelineContext,
  path: string,
  backoff: StapleBackoff = {},
): Promise<number> {
  const limitMs = context.config.timeouts.stapleMs;
  const started = context.clock.now();
  let delay = backoff.initialDelayMs ?? 15_000;
  const maxDelay = backoff.maxDelayMs ?? 120_000;
  for (let attempt = 1;; attempt++) {
    const result = await runCommand(context, { cmd: "xcrun", args: ["stapler", "staple", path] });
    if (context.runner.dryRun) {
      planNote(
        context,
        `on stapler error 65, retry with backoff for up to ${formatElapsed(limitMs)}`,
      );
      return 1;
    }
    let parsed;
    try {
      parsed = parseStaplerOutput(`${result.stdout}\n${result.stderr}`);
    } catch (error) {
      if (!(error instanceof OutputParseError)) throw error;
      if (result.code === 0 && !result.timedOut) {
        context.progress.log(`warning: stapler exited 0 but ${error.detail}; taken as stapled`);
        return attempt;
      }
      const detail = oneLine(`${result.stderr} ${result.stdout}`.trim()) ||
        `exit code ${result.code}`;
      throw new StapleFailedError(path, undefined, detail);
    }
    if (parsed.ok || (result.code === 0 && !result.timedOut)) return attempt;
    if (!staplerErrorIsRetryable(parsed)) {
      const code = parsed.errorCode;
      throw new StapleFailedError(
        path,
        code,
        code === undefined ? "stapler gave no error number" : explainStaplerError(code),
      );
    }
    const elapsed = context.clock.now() - started;
    if (elapsed + delay > limitMs) {
      throw new WaitTimeoutError(
        `stapling ${path} still fails with error 65 after ${counted(attempt, "attempt")} ` +
          `(${formatElapsed(elapsed)}): Apple has not published the ticket`,
        `staple later with \`xcrun stapler staple ${path}\`, or raise dextkit.timeouts.staple`,
      );
    }
    context.progress.log(
      `stapler error 65 (${explainStaplerError(65)}); attempt ${attempt + 1} in ${
        formatElapsed(delay)
      }`,
    );
    await context.clock.sleep(delay);
    delay = Math.min(delay * 2, maxDelay);
  }
}
