/**
 * The steps a recipe asks the live runtime to perform, and what it answers. This is the whole
 * contract between recipe code and the device: the TypeScript API and the DuckyScript engine
 * send steps, the runtime performs each one when it arrives and answers when it is done. Steps
 * and replies are plain JSON data, so the same contract runs in one process (`deno run
 * recipe.ts`) and over the channel of `dextkit run` (`recipe_channel.ts`).
 *
 * @module
 */
import type { Action, ActionBase } from "./action.ts";

/** The host's lock-key state, from the keyboard LEDs the host last set. */
export interface LockState {
  /** Caps Lock is on. */
  readonly capsLock: boolean;
  /** Num Lock is on. */
  readonly numLock: boolean;
  /**
   * Scroll Lock is on. Our keyboard's report descriptor has no Scroll Lock LED (see
   * `lib/hid/led_report.ts`), and macOS keeps no Scroll Lock state, so this is always false.
   */
  readonly scrollLock: boolean;
}

/** Reads the lock state; performs nothing. */
export interface LocksStep extends ActionBase {
  /** Discriminant. */
  readonly type: "locks";
}

/** Waits until the host changes a keyboard LED, or the timeout passes. */
export interface WaitForLedChangeStep extends ActionBase {
  /** Discriminant. */
  readonly type: "waitForLedChange";
  /** Milliseconds at most. */
  readonly timeoutMs: number;
}

/** Shows a message on the terminal and reads one line. */
export interface PromptStep extends ActionBase {
  /** Discriminant. */
  readonly type: "prompt";
  /** The message. */
  readonly message: string;
}

/**
 * One step: an action, or a question about the host.
 *
 * @example
 * ```ts
 * import type { RecipeStep } from "./recipe_step.ts";
 *
 * const steps: RecipeStep[] = [{ type: "press", keys: ["CapsLock"] }, { type: "locks" }];
 * console.assert(steps.length === 2);
 * ```
 */
export type RecipeStep = Action | LocksStep | WaitForLedChangeStep | PromptStep;

/** What the runtime answers to every step, once the step is done. */
export interface StepReply {
  /** The lock state after the step. */
  readonly locks: LockState;
  /** How many LED changes the host sent since the recipe started. */
  readonly ledReplies: number;
  /** The line a prompt read; `null` when the input ended. Absent for other steps. */
  readonly line?: string | null;
}

/**
 * What performs steps: the live runtime, or the channel to it.
 *
 * @example A performer that does nothing
 * ```ts
 * import type { StepPerformer } from "./recipe_step.ts";
 *
 * const idle: StepPerformer = {
 *   perform: () =>
 *     Promise.resolve({
 *       locks: { capsLock: false, numLock: false, scrollLock: false },
 *       ledReplies: 0,
 *     }),
 * };
 * console.assert((await idle.perform({ type: "locks" })).ledReplies === 0);
 * ```
 */
export interface StepPerformer {
  /**
   * Performs a step and resolves when it is done.
   *
   * @param step The step.
   * @returns The lock state after it (and a prompt's line).
   * @throws {DextkitError} For a step that cannot be performed, before its first report.
   */
  perform(step: RecipeStep): Promise<StepReply>;
}
