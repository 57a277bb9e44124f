/**
 * Runs DuckyScript for tests: checked, then interpreted as a bounded dry run (the simulated Mac
 * on a virtual clock, 60 s of virtual time at most) with the guards a dry run uses unless the
 * test sets its own. With `locks`, a performer that only records the actions and answers with
 * those lock states stands in for the Mac.
 *
 * @module
 */
import type { Action } from "../lib/recipe/action.ts";
import {
  checkDuckyScript,
  type DuckyCheckOptions,
  type DuckyRunOptions,
  runDuckyProgram,
} from "../lib/recipe/ducky/mod.ts";
import type { DuckyDiagnostic } from "../lib/recipe/ducky/diagnostics.ts";
import { localRecipeRunner } from "../lib/recipe/recipe_runtime.ts";
import type { LockState, StepPerformer } from "../lib/recipe/recipe_step.ts";
import { randomSeed } from "../lib/recipe/seeded_random.ts";

export type DuckyTestOptions = DuckyCheckOptions & DuckyRunOptions & {
  readonly locks?: LockState;
};

export interface DuckyTestRun {
  readonly actions: Action[];
  readonly warnings: readonly DuckyDiagnostic[];
  readonly keyboard?: { vendorId: number; productId: number };
  readonly seed: number;
}

export async function compileDucky(
  source: string,
  options: DuckyTestOptions = {},
): Promise<DuckyTestRun> {
  const program = checkDuckyScript(source, options);
  const seed = options.seed ?? randomSeed();
  const guards = { maxLoopIterations: 100_000, maxActions: 1_000_000, ...options, seed };
  let actions: Action[];
  if (options.locks !== undefined) {
    const locks = options.locks;
    actions = await runDuckyProgram(program, {
      perform: () => Promise.resolve({ locks, ledReplies: 0 }),
    }, guards);
  } else {
    const connection = await localRecipeRunner.open({ dryRun: true, seed });
    const performed: Action[] = [];
    const recording: StepPerformer = {
      perform: (step) => {
        if (step.type !== "locks" && step.type !== "waitForLedChange" && step.type !== "prompt") {
          performed.push(step);
        }
        return connection.perform(step);
      },
    };
    let failure: { error: unknown } | undefined;
    try {
      await runDuckyProgram(program, recording, guards);
    } catch (error) {
      failure = { error };
    }
    // Rethrows the failure unless it is the dry run's bound of virtual time.
    await connection.finish(failure);
    actions = performed;
  }
  const run = { actions, warnings: program.warnings, seed };
  return program.keyboard === undefined ? run : { ...run, keyboard: program.keyboard };
}
