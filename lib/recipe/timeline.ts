/**
 * The record of a played recipe: every action that ran, the low-level events it posted (key
 * down/up, button down/up, moves, scrolls) with the times they were really posted, and
 * warnings. The live runtime writes it while it plays; the dry-run listing, `--json` and
 * `--trace` all read it, so what they show is what was played (on the simulated Mac with a
 * virtual clock, for a dry run).
 *
 * @module
 */
import type { KeySpec } from "../hid/key_names.ts";
import type { Action, SourceLocation } from "./action.ts";

/** A key went down or up. */
export interface TimelineKeyEvent {
  /** Discriminant. */
  readonly kind: "keyDown" | "keyUp";
  /** Milliseconds from the start. */
  readonly time: number;
  /** Index of the action in {@linkcode Timeline.actions}. */
  readonly action: number;
  /** The key. */
  readonly key: KeySpec;
}

/** A pointing button went down or up. */
export interface TimelineButtonEvent {
  /** Discriminant. */
  readonly kind: "buttonDown" | "buttonUp";
  /** Milliseconds from the start. */
  readonly time: number;
  /** Index of the action in {@linkcode Timeline.actions}. */
  readonly action: number;
  /** Button 1 (primary) to 32. */
  readonly button: number;
}

/** The pointer moves by a relative amount (the player splits it into reports). */
export interface TimelineMoveEvent {
  /** Discriminant. */
  readonly kind: "move";
  /** Milliseconds from the start. */
  readonly time: number;
  /** Index of the action in {@linkcode Timeline.actions}. */
  readonly action: number;
  /** Horizontal motion, positive to the right. */
  readonly dx: number;
  /** Vertical motion, positive downwards. */
  readonly dy: number;
}

/** The wheels turn. */
export interface TimelineScrollEvent {
  /** Discriminant. */
  readonly kind: "scroll";
  /** Milliseconds from the start. */
  readonly time: number;
  /** Index of the action in {@linkcode Timeline.actions}. */
  readonly action: number;
  /** Vertical wheel, positive away from the user. */
  readonly vertical: number;
  /** Horizontal wheel, positive to the right. */
  readonly horizontal: number;
}

/**
 * Playback stops until the user presses Enter; later events move back by however long that took.
 */
export interface TimelineButtonWaitEvent {
  /** Discriminant. */
  readonly kind: "waitForButton";
  /** Milliseconds from the start. */
  readonly time: number;
  /** Index of the action in {@linkcode Timeline.actions}. */
  readonly action: number;
}

/**
 * One low-level event of a timeline; switch on `kind`.
 *
 * @example A key tap at 10 ms
 * ```ts
 * import type { TimelineEvent } from "./timeline.ts";
 * import { resolveKey } from "../hid/key_names.ts";
 *
 * const key = resolveKey("KeyA");
 * const events: TimelineEvent[] = [
 *   { kind: "keyDown", time: 10, action: 0, key },
 *   { kind: "keyUp", time: 10, action: 0, key },
 * ];
 * console.assert(events.length === 2);
 * ```
 */
export type TimelineEvent =
  | TimelineKeyEvent
  | TimelineButtonEvent
  | TimelineMoveEvent
  | TimelineScrollEvent
  | TimelineButtonWaitEvent;

/** When an action starts and ends on the timeline. */
export interface ActionSpan {
  /** Time of the action's first event (for a wait: when it starts). */
  readonly start: number;
  /** Time of the action's last event (for a wait: when it ends). */
  readonly end: number;
}

/** Something about a recipe the user should know; playing goes on. */
export interface RecipeWarning {
  /** One sentence. */
  readonly message: string;
  /** The recipe line it is about, when known. */
  readonly source?: SourceLocation;
}

/** A played recipe: its actions, their low-level events with the times they were posted, and warnings. */
export interface Timeline {
  /** The actions in the order they ran, plus a final `releaseAll` when the recipe left keys or buttons down. */
  readonly actions: readonly Action[];
  /** The events in playing order; times never decrease. */
  readonly events: readonly TimelineEvent[];
  /** When each action starts and ends; same indexes as {@linkcode Timeline.actions}. */
  readonly spans: readonly ActionSpan[];
  /** Time of the last event, or the end of a final wait. */
  readonly duration: number;
  /** Warnings, for example keys left down at the end. */
  readonly warnings: readonly RecipeWarning[];
}

/**
 * Writes a {@linkcode Timeline} while a recipe plays.
 *
 * @example Record a key tap
 * ```ts
 * import { TimelineRecorder } from "./timeline.ts";
 * import { resolveKey } from "../hid/key_names.ts";
 *
 * const recorder = new TimelineRecorder();
 * const key = resolveKey("KeyA");
 * const action = recorder.begin({ type: "press", keys: ["KeyA"] }, 0);
 * recorder.event({ kind: "keyDown", time: 0, action, key });
 * recorder.event({ kind: "keyUp", time: 10, action, key });
 * recorder.end(action, 10);
 * const timeline = recorder.finish(10);
 * console.assert(timeline.events.length === 2 && timeline.spans[0]?.end === 10);
 * ```
 */
export class TimelineRecorder {
  readonly #actions: Action[] = [];
  readonly #events: TimelineEvent[] = [];
  readonly #spans: { start: number; end: number }[] = [];
  readonly #warnings: RecipeWarning[] = [];
  readonly #hasEvents: boolean[] = [];

  /**
   * Notes that an action starts.
   *
   * @param action The action.
   * @param time Milliseconds from the start.
   * @returns Its index.
   */
  begin(action: Action, time: number): number {
    this.#actions.push(action);
    this.#spans.push({ start: time, end: time });
    return this.#actions.length - 1;
  }

  /**
   * Adds an event of the action it names.
   *
   * @param event The event.
   */
  event(event: TimelineEvent): void {
    this.#events.push(event);
    const span = this.#spans[event.action];
    if (span === undefined) return;
    if (this.#hasEvents[event.action] !== true) {
      this.#hasEvents[event.action] = true;
      span.start = event.time;
    }
    span.end = Math.max(span.end, event.time);
  }

  /**
   * Notes that an action ended.
   *
   * @param index The action's index.
   * @param time Milliseconds from the start.
   */
  end(index: number, time: number): void {
    const span = this.#spans[index];
    if (span !== undefined) span.end = Math.max(span.end, time);
  }

  /**
   * Adds a warning.
   *
   * @param warning The warning.
   */
  warn(warning: RecipeWarning): void {
    this.#warnings.push(warning);
  }

  /** How many actions ran so far. */
  get actionCount(): number {
    return this.#actions.length;
  }

  /**
   * The timeline so far.
   *
   * @param duration Milliseconds from the start to the end of the recipe.
   * @returns The timeline.
   */
  finish(duration: number): Timeline {
    return {
      actions: [...this.#actions],
      events: [...this.#events],
      spans: this.#spans.map((span) => ({ ...span })),
      duration,
      warnings: [...this.#warnings],
    };
  }
}

/**
 * The smallest gap between two reports and the shortest key hold of played events: the timing
 * invariants of the live runtime (gap ≥ report interval, hold ≥ the hold option).
 *
 * @param events The played events.
 * @returns Milliseconds; 0 when there are too few events.
 *
 * @example
 * ```ts
 * import { reportTiming } from "./timeline.ts";
 * import { resolveKey } from "../hid/key_names.ts";
 *
 * const key = resolveKey("KeyA");
 * const timing = reportTiming([
 *   { kind: "keyDown", time: 0, action: 0, key },
 *   { kind: "keyUp", time: 10, action: 0, key },
 * ]);
 * console.assert(timing.minGap === 10 && timing.minHold === 10);
 * ```
 */
export function reportTiming(
  events: readonly TimelineEvent[],
): { readonly minGap: number; readonly minHold: number } {
  let minGap = Number.POSITIVE_INFINITY;
  let minHold = Number.POSITIVE_INFINITY;
  const down = new Map<string, number>();
  let last: TimelineEvent | undefined;
  for (const event of events) {
    if (event.kind === "waitForButton") continue;
    if (last !== undefined) minGap = Math.min(minGap, event.time - last.time);
    last = event;
    if (event.kind === "keyDown") down.set(event.key.code, event.time);
    if (event.kind === "keyUp") {
      const since = down.get(event.key.code);
      if (since !== undefined) minHold = Math.min(minHold, event.time - since);
    }
  }
  return {
    minGap: Number.isFinite(minGap) ? minGap : 0,
    minHold: Number.isFinite(minHold) ? minHold : 0,
  };
}
