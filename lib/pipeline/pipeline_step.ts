/**
 * One progress step around a piece of work: started with a label, ended as succeeded with a
 * short result, or as failed with the error's message (the error itself is re-thrown for the
 * CLI to report).
 *
 * @module
 */
import type { ProgressStep } from "./pipeline_context.ts";
import type { PipelineContext } from "./pipeline_context.ts";

/**
 * Runs `body` as a progress step.
 *
 * @param context The step's context.
 * @param name The machine name (JSON events), e.g. `sign`.
 * @param label What people read, e.g. `Signing DextkitManager.app`.
 * @param body The work; it may update the step while it waits.
 * @param summary The text shown when it succeeds, from its result (a dry run shows "planned;
 * nothing ran" instead).
 * @returns What `body` returned.
 *
 * @example
 * ```ts
 * import { runStep } from "./pipeline_step.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { ScriptedRunner } from "../runner/scripted_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * let text = "";
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner: new ScriptedRunner([]),
 *   progress: new Progress({ mode: "plain", write: (chunk) => (text += chunk), timer: { now: () => 0, every: () => () => {} } }),
 * });
 * const value = await runStep(context, "demo", "Demonstrating", () => Promise.resolve(42), (n) => `got ${n}`);
 * console.assert(value === 42 && text === "Demonstrating...\nDemonstrating: got 42 (0.0s)\n");
 * ```
 */
export async function runStep<T>(
  context: PipelineContext,
  name: string,
  label: string,
  body: (step: ProgressStep) => Promise<T>,
  summary?: (result: T) => string,
): Promise<T> {
  const step = context.progress.start(name, label);
  try {
    const result = await body(step);
    step.succeed(context.runner.dryRun ? "planned; nothing ran" : summary?.(result));
    return result;
  } catch (error) {
    step.fail(error instanceof Error ? error.message : String(error));
    throw error;
  }
}
