/**
 * The first half of the scheduler: turns an action list into a timeline of low-level events (key
 * down/up, button down/up, moves, scrolls) with their times, applying the recipe's delays and
 * seeded jitter. The timeline is data: the scheduler plays it, `--dry-run` prints it, `--trace`
 * exports it, and tests compare it with times computed by hand.
 *
 * Timing rules (all times in milliseconds from the start of the recipe):
 *
 * - Consecutive actions are `delay` apart, from the last event of one to the first event of the
 *   next. A `wait(ms)` replaces that gap: what the recipe waits is exactly what it gets, and no
 *   delay is added before or after a wait.
 * - `press` puts its keys down in order, keeps them down for its `delay` (the recipe's `delay` when
 *   omitted), and releases them in reverse order. Keys that were already down stay down.
 * - `text` types one key stroke after the other, `typingDelay` apart (the action's `delay` when
 *   given). The events of one stroke (Shift or Option down, key down, key up, modifiers up) go out
 *   back to back at the stroke's time. A dead-key character is two strokes, and a Caps Lock
 *   toggle the layout planner adds (see `text_strokes.ts`) is one.
 * - `click` presses, waits its `delay`, releases, and waits its `delay` again before the next click.
 * - Moves, scrolls, single downs and ups, and `waitForButton` are one event each.
 * - Jitter: every gap the scheduler inserts (not the recipe's waits) is lengthened by a random
 *   amount in [0, `jitter`) drawn from a generator seeded with `seed`, one draw per gap in timeline
 *   order; the same seed gives the same timeline.
 * - A recipe that ends with keys or buttons still down gets a final `releaseAll` action, `delay`
 *   after the last event, and a warning.
 *
 * @module
 */
import { type KeySpec, listKeys, resolveKey } from "../hid/key_names.ts";
import type { KeyStroke } from "../layout/keyboard_layout.ts";
import type { Action, SourceLocation } from "./action.ts";
import { formatSourceLocation, RecipeError } from "./recipe_errors.ts";
import { createSeededRandom } from "./seeded_random.ts";

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

/** A planned recipe: its actions, their low-level events with times, and warnings. */
export interface Timeline {
  /** The actions, plus a final `releaseAll` when the recipe left keys or buttons down. */
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
 * Turns text into key strokes through a layout; throws (naming the character and its index)
 * when the layout cannot type a character, before anything is typed.
 */
export type TextPlanner = (text: string) => readonly KeyStroke[];

/** Options of {@linkcode buildTimeline}. */
export interface TimelineOptions {
  /** Turns the text of `text` actions into strokes. */
  readonly planText: TextPlanner;
  /** Milliseconds between actions, and how long `press` holds its keys; ≥ 0. */
  readonly delay: number;
  /** Milliseconds between the strokes of typed text; ≥ 0. */
  readonly typingDelay: number;
  /** Up to this many milliseconds added at random to each inserted gap; ≥ 0. */
  readonly jitter: number;
  /** Seed of the jitter generator, an unsigned 32-bit integer. */
  readonly seed: number;
}

const KEYBOARD_PAGE = 0x07;
const KEYS_BY_USAGE: ReadonlyMap<number, KeySpec> = new Map(
  listKeys().filter((info) => info.page === KEYBOARD_PAGE).map((info) => [
    info.usage,
    resolveKey(info.code),
  ]),
);
const SHIFT_LEFT = resolveKey("ShiftLeft");
const SHIFT_RIGHT = resolveKey("ShiftRight");
const ALT_LEFT = resolveKey("AltLeft");
const ALT_RIGHT = resolveKey("AltRight");

/**
 * Plans an action list: every low-level event with its time, following the timing rules in the
 * module documentation.
 *
 * @param actions The recorded or compiled actions.
 * @param options Text planner, delays, jitter and seed.
 * @returns The timeline.
 * @throws {RecipeError} When a text has a character the layout cannot type (located at its
 * action), or a key name in an action is unknown; nothing is planned then.
 *
 * @example Times of a shortcut, a wait and a key tap
 * ```ts
 * import { buildTimeline } from "./timeline.ts";
 *
 * const timeline = buildTimeline([
 *   { type: "press", keys: ["MetaLeft", "Space"] },
 *   { type: "wait", ms: 300 },
 *   { type: "press", keys: ["Enter"] },
 * ], { planText: () => [], delay: 20, typingDelay: 10, jitter: 0, seed: 1 });
 * const times = timeline.events.map((event) => event.time);
 * // Meta and Space down at 0, up after the 20 ms hold; Enter 300 ms later, held 20 ms.
 * console.assert(times.join(" ") === "0 0 20 20 320 340");
 * ```
 */
export function buildTimeline(actions: readonly Action[], options: TimelineOptions): Timeline {
  return new TimelinePlanner(options).plan(actions);
}

class TimelinePlanner {
  readonly #options: TimelineOptions;
  readonly #random: () => number;
  readonly #events: TimelineEvent[] = [];
  /** Keys down now, in press order, with the action that pressed them. */
  readonly #keys = new Map<KeySpec, number>();
  /** Buttons held now, with the action that pressed them. */
  readonly #buttons = new Map<number, number>();
  #time = 0;

  constructor(options: TimelineOptions) {
    this.#options = options;
    this.#random = createSeededRandom(options.seed);
  }

  plan(recorded: readonly Action[]): Timeline {
    const actions = [...recorded];
    const spans: ActionSpan[] = [];
    const warnings: RecipeWarning[] = [];
    let previous: "none" | "wait" | "action" = "none";
    for (let index = 0; index < actions.length; index++) {
      const action = actions[index] as Action;
      if (action.type === "wait") {
        const start = this.#time;
        this.#time += action.ms;
        spans.push({ start, end: this.#time });
        previous = "wait";
        continue;
      }
      if (previous === "action") this.#time += this.#gap(this.#options.delay);
      const start = this.#time;
      try {
        this.#planAction(action, index);
      } catch (error) {
        throw RecipeError.locate(error, action.source);
      }
      spans.push({ start, end: this.#time });
      previous = "action";
    }
    if (this.#keys.size > 0 || this.#buttons.size > 0) {
      warnings.push(this.#leftDownWarning(actions));
      if (previous === "action") this.#time += this.#gap(this.#options.delay);
      const start = this.#time;
      actions.push({ type: "releaseAll" });
      this.#releaseAll(actions.length - 1);
      spans.push({ start, end: this.#time });
    }
    return {
      actions,
      events: this.#events,
      spans,
      duration: this.#time,
      warnings,
    };
  }

  #planAction(action: Exclude<Action, { type: "wait" }>, index: number): void {
    switch (action.type) {
      case "keyDown":
        this.#keyDown(resolveKey(action.key), index);
        return;
      case "keyUp":
        this.#keyUp(resolveKey(action.key), index);
        return;
      case "press": {
        const pressed = action.keys.map((name) => resolveKey(name)).filter((key) =>
          this.#keyDown(key, index)
        );
        this.#time += this.#gap(action.delay ?? this.#options.delay);
        for (const key of pressed.toReversed()) this.#keyUp(key, index);
        return;
      }
      case "text":
        this.#text(action.text, action.delay ?? this.#options.typingDelay, index);
        return;
      case "mouseMove":
        this.#events.push({
          kind: "move",
          time: this.#time,
          action: index,
          dx: action.dx,
          dy: action.dy,
        });
        return;
      case "scroll":
        this.#events.push({
          kind: "scroll",
          time: this.#time,
          action: index,
          vertical: action.vertical,
          horizontal: action.horizontal,
        });
        return;
      case "mouseDown":
        this.#buttonDown(action.button, index);
        return;
      case "mouseUp":
        this.#buttonUp(action.button, index);
        return;
      case "click": {
        const delay = action.delay ?? this.#options.delay;
        for (let click = 0; click < action.count; click++) {
          if (click > 0) this.#time += this.#gap(delay);
          this.#buttonDown(action.button, index);
          this.#time += this.#gap(delay);
          this.#buttonUp(action.button, index);
        }
        return;
      }
      case "releaseAll":
        this.#releaseAll(index);
        return;
      case "waitForButton":
        this.#events.push({ kind: "waitForButton", time: this.#time, action: index });
        return;
    }
  }

  #text(text: string, delay: number, index: number): void {
    const strokes = this.#options.planText(text);
    for (let stroke = 0; stroke < strokes.length; stroke++) {
      if (stroke > 0) this.#time += this.#gap(delay);
      const { usage, shift, option } = strokes[stroke] as KeyStroke;
      const key = KEYS_BY_USAGE.get(usage);
      if (key === undefined) {
        throw new RecipeError(`the layout planned a stroke of keyboard usage ${usage}`, {
          hint: "this is a bug in the layout data; report it",
          exitCode: 1,
        });
      }
      const pressed: KeySpec[] = [];
      if (shift && !this.#keys.has(SHIFT_LEFT) && !this.#keys.has(SHIFT_RIGHT)) {
        this.#keyDown(SHIFT_LEFT, index);
        pressed.push(SHIFT_LEFT);
      }
      if (option && !this.#keys.has(ALT_LEFT) && !this.#keys.has(ALT_RIGHT)) {
        this.#keyDown(ALT_LEFT, index);
        pressed.push(ALT_LEFT);
      }
      if (this.#keyDown(key, index)) pressed.push(key);
      for (const down of pressed.toReversed()) this.#keyUp(down, index);
    }
  }

  /** Emits a key-down unless the key is down; returns whether it did. */
  #keyDown(key: KeySpec, index: number): boolean {
    if (this.#keys.has(key)) return false;
    this.#keys.set(key, index);
    this.#events.push({ kind: "keyDown", time: this.#time, action: index, key });
    return true;
  }

  #keyUp(key: KeySpec, index: number): void {
    if (!this.#keys.delete(key)) return;
    this.#events.push({ kind: "keyUp", time: this.#time, action: index, key });
  }

  #buttonDown(button: number, index: number): void {
    if (this.#buttons.has(button)) return;
    this.#buttons.set(button, index);
    this.#events.push({ kind: "buttonDown", time: this.#time, action: index, button });
  }

  #buttonUp(button: number, index: number): void {
    if (!this.#buttons.delete(button)) return;
    this.#events.push({ kind: "buttonUp", time: this.#time, action: index, button });
  }

  #releaseAll(index: number): void {
    for (const key of [...this.#keys.keys()].toReversed()) this.#keyUp(key, index);
    for (const button of [...this.#buttons.keys()].sort((a, b) => a - b)) {
      this.#buttonUp(button, index);
    }
  }

  #gap(base: number): number {
    const jitter = this.#options.jitter;
    return jitter > 0 ? base + this.#random() * jitter : base;
  }

  #leftDownWarning(actions: readonly Action[]): RecipeWarning {
    const held = [
      ...[...this.#keys].map(([key, index]) => ({ name: key.code, index })),
      ...[...this.#buttons].map(([button, index]) => ({ name: `button ${button}`, index })),
    ];
    const names = held.map(({ name, index }) => {
      const source = actions[index]?.source;
      return source === undefined ? name : `${name} (from ${formatSourceLocation(source)})`;
    });
    const first = actions[held[0]?.index ?? -1]?.source;
    return {
      message: `the recipe ends with ${names.join(", ")} still down; released ${
        held.length === 1 ? "it" : "them"
      } at the end`,
      ...(first === undefined ? {} : { source: first }),
    };
  }
}
