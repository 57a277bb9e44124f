/**
 * The context a recipe function gets: the Playwright-like `keyboard`, `mouse`, `media`, `wait`,
 * and ways to read the host (`keyboard.locks()`, `waitForLocks`) and the user (`waitForButton`,
 * `prompt`). Every call is checked, located at the recipe line that made it, sent to the live
 * runtime as a step, and resolves when the runtime has performed it: `await keyboard.press()`
 * happens when it is awaited. A recipe that calls steps without awaiting them still gets them
 * one after the other, in call order.
 *
 * To loop until Ctrl-C, loop: `while (true) { …; await wait(1000); }`. Ctrl-C (or SIGTERM)
 * releases every key and button and ends the run with 130 (143); a dry run stops at its bound
 * of virtual time (`--dry-run-for`) and says so.
 *
 * @module
 */
import { MAX_SPLIT_MOTION } from "../hid/pointing_report.ts";
import { parseCombo, resolveKey } from "../hid/key_names.ts";
import { MAX_POINTING_BUTTONS } from "../hid/report_ids.ts";
import { UnknownButtonError } from "../device/device_errors.ts";
import type { MouseButton } from "../device/mouse.ts";
import type { SourceLocation } from "./action.ts";
import { RecipeError } from "./recipe_errors.ts";
import type { LockState, RecipeStep, StepPerformer, StepReply } from "./recipe_step.ts";
import { MAX_WAIT_MS } from "./scheduler.ts";
import { callerLocation, defaultSourceName, type SourceNamer } from "./source_location.ts";

/** Options of {@linkcode RecipeKeyboard.press}. */
export interface RecipePressOptions {
  /** Milliseconds the keys stay down; the recipe's `hold` when omitted. */
  readonly hold?: number;
}

/** Options of {@linkcode RecipeKeyboard.type}. */
export interface RecipeTypeOptions {
  /** Milliseconds between characters; the recipe's `typingDelay` when omitted. */
  readonly delay?: number;
  /** Milliseconds each key stays down; the recipe's `hold` when omitted. */
  readonly hold?: number;
}

/** Options of {@linkcode RecipeKeyboard.waitForLocks}. */
export interface WaitForLocksOptions {
  /** Milliseconds to wait at most; 10 s when omitted. A timeout is an error. */
  readonly timeout?: number;
}

/** Options of {@linkcode RecipeMouse.move}. */
export interface RecipeMoveOptions {
  /** Split the move into this many moves, the recipe's delay apart; 1 when omitted. */
  readonly steps?: number;
}

/** Options of {@linkcode RecipeMouse.click}. */
export interface RecipeClickOptions {
  /** How many clicks, at least 1; 1 when omitted. */
  readonly clickCount?: number;
  /** Milliseconds between clicks; the recipe's delay when omitted. */
  readonly delay?: number;
}

/** Options of {@linkcode RecipeMouse.drag}. */
export interface RecipeDragOptions {
  /** The button to drag with; `left` when omitted. */
  readonly button?: MouseButton;
  /** Split the move into this many moves, so apps see the drag happen; 1 when omitted. */
  readonly steps?: number;
}

/** The keyboard a recipe function gets. Every method resolves when the step was performed. */
export interface RecipeKeyboard {
  /**
   * Presses a combo: keys down in order, held, then up in reverse order.
   *
   * @param combo A `+` combo (`"Meta+Shift+4"`) or one key name (`"Enter"`, `"MediaPlayPause"`).
   * @param options How long the keys stay down.
   */
  press(combo: string, options?: RecipePressOptions): Promise<void>;
  /**
   * Types text through the recipe's layout; `\n` is Enter, `\t` is Tab.
   *
   * @param text The text.
   * @param options Milliseconds between characters, and of each hold.
   */
  type(text: string, options?: RecipeTypeOptions): Promise<void>;
  /**
   * Presses one key and keeps it down.
   *
   * @param key One key name.
   */
  down(key: string): Promise<void>;
  /**
   * Releases one key.
   *
   * @param key One key name.
   */
  up(key: string): Promise<void>;
  /**
   * Holds a combo while `fn` runs, then releases it, also when `fn` throws.
   *
   * @param combo A `+` combo or one key name.
   * @param fn The steps to run while the keys are down.
   * @returns What `fn` returns.
   */
  hold<T>(combo: string, fn: () => T | Promise<T>): Promise<T>;
  /**
   * The host's lock state, from the keyboard LEDs it set (on the simulated Mac, Caps Lock
   * toggles its LED as on macOS).
   *
   * @returns Caps, Num and Scroll Lock.
   */
  locks(): Promise<LockState>;
  /**
   * Waits until the lock state satisfies `predicate`.
   *
   * @param predicate Tested now and after every LED change.
   * @param options The timeout.
   * @returns The lock state that satisfied it.
   * @throws {RecipeError} When the timeout passes first.
   */
  waitForLocks(
    predicate: (locks: LockState) => boolean,
    options?: WaitForLocksOptions,
  ): Promise<LockState>;
}

/** The mouse a recipe function gets. Motions are relative, in points; positive y is down. */
export interface RecipeMouse {
  /**
   * Moves the pointer by (`dx`, `dy`).
   *
   * @param dx Points to the right, an integer.
   * @param dy Points down, an integer.
   * @param options How many moves to split it into.
   */
  move(dx: number, dy: number, options?: RecipeMoveOptions): Promise<void>;
  /**
   * Clicks a button.
   *
   * @param button The button; `left` when omitted.
   * @param options Click count, and the delay between clicks.
   */
  click(button?: MouseButton, options?: RecipeClickOptions): Promise<void>;
  /**
   * Double-clicks a button.
   *
   * @param button The button; `left` when omitted.
   * @param options The delay.
   */
  dblclick(button?: MouseButton, options?: { readonly delay?: number }): Promise<void>;
  /**
   * Presses a button, moves by (`dx`, `dy`), and releases it.
   *
   * @param dx Points to the right, an integer.
   * @param dy Points down, an integer.
   * @param options The button and the number of moves.
   */
  drag(dx: number, dy: number, options?: RecipeDragOptions): Promise<void>;
  /**
   * Turns the wheels.
   *
   * @param vertical Wheel steps, positive away from the user, an integer.
   * @param horizontal Horizontal wheel steps, positive to the right; 0 when omitted.
   */
  scroll(vertical: number, horizontal?: number): Promise<void>;
  /**
   * Presses a button and keeps it down.
   *
   * @param button The button; `left` when omitted.
   */
  down(button?: MouseButton): Promise<void>;
  /**
   * Releases a button.
   *
   * @param button The button; `left` when omitted.
   */
  up(button?: MouseButton): Promise<void>;
}

/**
 * Media and Apple keys by name, each a key press (`press("MediaPlayPause")` and so on).
 */
export interface RecipeMediaKeys {
  /** Play/pause (consumer 0xCD). */
  playPause(): Promise<void>;
  /** Next track (consumer 0xB5). */
  nextTrack(): Promise<void>;
  /** Previous track (consumer 0xB6). */
  previousTrack(): Promise<void>;
  /** Volume up one step (consumer 0xE9). */
  volumeUp(): Promise<void>;
  /** Volume down one step (consumer 0xEA). */
  volumeDown(): Promise<void>;
  /** Mute (consumer 0xE2). */
  mute(): Promise<void>;
  /** Display brightness up (Apple top case 0x04). */
  brightnessUp(): Promise<void>;
  /** Display brightness down (Apple top case 0x05). */
  brightnessDown(): Promise<void>;
  /** Mission Control (Apple vendor keyboard 0x10). */
  missionControl(): Promise<void>;
  /** Launchpad (Apple vendor keyboard 0x04). */
  launchpad(): Promise<void>;
}

/** What a recipe function receives. */
export interface RecipeContext {
  /** The keyboard. */
  readonly keyboard: RecipeKeyboard;
  /** The mouse. */
  readonly mouse: RecipeMouse;
  /** Media and Apple keys by name. */
  readonly media: RecipeMediaKeys;
  /**
   * Pauses for `ms` milliseconds, exactly: the recipe's delay is not added before or after.
   *
   * @param ms Milliseconds, ≥ 0.
   */
  wait(ms: number): Promise<void>;
  /** Pauses until the user presses Enter on the terminal (or the CLI's `--button-timeout`). */
  waitForButton(): Promise<void>;
  /**
   * Shows `message` on the terminal and reads a line.
   *
   * @param message What to ask.
   * @returns The line, or `null` when there is no input (a dry run, or standard input ended).
   */
  prompt(message: string): Promise<string | null>;
  /** Releases every key and button that is down. */
  releaseAll(): Promise<void>;
}

/** A recipe: a function that drives the keyboard and mouse it is given. */
export type RecipeFunction = (context: RecipeContext) => void | Promise<void>;

const BUTTON_NAMES: Readonly<Record<string, number>> = { left: 1, right: 2, middle: 3 };

const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/**
 * Creates the context a recipe function gets, over a step performer.
 *
 * @param performer The live runtime, or the channel to it.
 * @param sourceName How recipe files are named in locations.
 * @returns The context.
 *
 * @example Send steps to a performer that logs them
 * ```ts
 * import { createRecipeContext } from "./recipe_context.ts";
 * import type { RecipeStep } from "./recipe_step.ts";
 *
 * const steps: RecipeStep[] = [];
 * const { keyboard, wait } = createRecipeContext({
 *   perform: (step) => {
 *     steps.push(step);
 *     return Promise.resolve({
 *       locks: { capsLock: false, numLock: false, scrollLock: false },
 *       ledReplies: 0,
 *     });
 *   },
 * });
 * await keyboard.press("Meta+Space");
 * await wait(300);
 * console.assert(steps.length === 2 && steps[0]?.type === "press");
 * ```
 */
export function createRecipeContext(
  performer: StepPerformer,
  sourceName: SourceNamer = defaultSourceName,
): RecipeContext {
  return new LiveContext(performer, sourceName).context;
}

type Source = { source?: SourceLocation };

class LiveContext {
  readonly context: RecipeContext;
  readonly #performer: StepPerformer;
  readonly #sourceName: SourceNamer;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(performer: StepPerformer, sourceName: SourceNamer) {
    this.#performer = performer;
    this.#sourceName = sourceName;
    const keyboard: RecipeKeyboard = {
      press: (combo, options = {}) =>
        this.#steps((source) => {
          const keys = parseCombo(combo).map((key) => key.code);
          const hold = optionalMs("press hold", options.hold);
          return [{ type: "press", keys, ...hold, ...source }];
        }),
      type: (text, options = {}) =>
        this.#steps((source) => {
          if (typeof text !== "string") {
            throw new RecipeError(`keyboard.type needs a string, not ${describe(text)}`, {
              hint: 'pass the text to type, as in keyboard.type("Hello")',
            });
          }
          const delay = optionalMs("typing delay", options.delay);
          const hold = optionalMs("typing hold", options.hold);
          return [{ type: "text", text, ...delay, ...hold, ...source }];
        }),
      down: (key) =>
        this.#steps((source) => [
          { type: "keyDown", key: resolveKey(key).code, ...source },
        ]),
      up: (key) =>
        this.#steps((source) => [
          { type: "keyUp", key: resolveKey(key).code, ...source },
        ]),
      hold: async <T>(combo: string, fn: () => T | Promise<T>): Promise<T> => {
        let keys: string[] = [];
        // The releases belong to the hold() line too, not to wherever fn() ended.
        let holdSource: Source = {};
        await this.#steps((source) => {
          keys = parseCombo(combo).map((key) => key.code);
          holdSource = source;
          return keys.map((key) => ({ type: "keyDown", key, ...source }));
        });
        try {
          return await fn();
        } finally {
          await this.#steps(() =>
            keys.toReversed().map((key) => ({ type: "keyUp", key, ...holdSource }))
          );
        }
      },
      locks: async () => {
        const reply = await this.#ask((source) => [{ type: "locks", ...source }]);
        return reply.locks;
      },
      waitForLocks: async (predicate, options = {}) => {
        const location = callerLocation(this.#sourceName);
        const timeout = options.timeout ?? DEFAULT_LOCK_TIMEOUT_MS;
        if (typeof predicate !== "function" || !(timeout >= 0) || timeout > MAX_WAIT_MS) {
          throw new RecipeError(
            `waitForLocks needs a predicate and a timeout in 0..${MAX_WAIT_MS} ms`,
            {
              source: location,
              hint: "write keyboard.waitForLocks((locks) => locks.capsLock, { timeout: 1000 })",
            },
          );
        }
        const source = location === undefined ? {} : { source: location };
        let waited = 0;
        let reply = await this.#perform({ type: "locks", ...source }, location);
        while (!predicate(reply.locks)) {
          if (waited >= timeout) {
            throw new RecipeError(
              `the lock state did not change as waited for within ${timeout} ms`,
              { source: location, hint: "raise the timeout, or check the predicate" },
            );
          }
          const slice = Math.min(timeout - waited, 50);
          reply = await this.#perform(
            { type: "waitForLedChange", timeoutMs: slice, ...source },
            location,
          );
          waited += slice;
        }
        return reply.locks;
      },
    };
    const mouse: RecipeMouse = {
      move: (dx, dy, options = {}) =>
        this.#steps((source) => {
          checkMotion("mouse.move", dx, dy);
          return moves(dx, dy, stepCount("mouse.move", options.steps), source);
        }),
      click: (button = 1, options = {}) =>
        this.#steps((source) => {
          const count = options.clickCount ?? 1;
          if (!Number.isInteger(count) || count < 1) {
            throw new RecipeError(`click count ${count} is not a whole number of at least 1`, {
              hint: "pass clickCount: 2 for a double click, or use mouse.dblclick()",
            });
          }
          const delay = optionalMs("click delay", options.delay);
          return [{ type: "click", button: buttonNumber(button), count, ...delay, ...source }];
        }),
      dblclick: (button = 1, options = {}) =>
        this.#steps((source) => {
          const delay = optionalMs("click delay", options.delay);
          return [{ type: "click", button: buttonNumber(button), count: 2, ...delay, ...source }];
        }),
      drag: (dx, dy, options = {}) =>
        this.#steps((source) => {
          checkMotion("mouse.drag", dx, dy);
          const steps = stepCount("mouse.drag", options.steps);
          const button = buttonNumber(options.button ?? 1);
          return [
            { type: "mouseDown", button, ...source },
            ...moves(dx, dy, steps, source),
            { type: "mouseUp", button, ...source },
          ];
        }),
      scroll: (vertical, horizontal = 0) =>
        this.#steps((source) => {
          checkWhole("mouse.scroll", "vertical", vertical);
          checkWhole("mouse.scroll", "horizontal", horizontal);
          return [{ type: "scroll", vertical, horizontal, ...source }];
        }),
      down: (button = 1) =>
        this.#steps((source) => [
          { type: "mouseDown", button: buttonNumber(button), ...source },
        ]),
      up: (button = 1) =>
        this.#steps((source) => [
          { type: "mouseUp", button: buttonNumber(button), ...source },
        ]),
    };
    const pressKey = (key: string) => async () => {
      await this.#steps((source) => [{ type: "press", keys: [key], ...source }]);
    };
    const media: RecipeMediaKeys = {
      playPause: pressKey("MediaPlayPause"),
      nextTrack: pressKey("MediaTrackNext"),
      previousTrack: pressKey("MediaTrackPrevious"),
      volumeUp: pressKey("AudioVolumeUp"),
      volumeDown: pressKey("AudioVolumeDown"),
      mute: pressKey("AudioVolumeMute"),
      brightnessUp: pressKey("BrightnessUp"),
      brightnessDown: pressKey("BrightnessDown"),
      missionControl: pressKey("MissionControl"),
      launchpad: pressKey("Launchpad"),
    };
    this.context = Object.freeze({
      keyboard: Object.freeze(keyboard),
      mouse: Object.freeze(mouse),
      media: Object.freeze(media),
      wait: (ms: number) =>
        this.#steps((source) => {
          if (typeof ms !== "number" || !(ms >= 0) || ms > MAX_WAIT_MS) {
            throw new RecipeError(
              `wait ${describe(ms)} ms is not a number of milliseconds in 0..${MAX_WAIT_MS}`,
              {
                hint: `give waits in milliseconds, at most ${MAX_WAIT_MS} (a day); ` +
                  "loop for longer",
              },
            );
          }
          return [{ type: "wait", ms, ...source }];
        }),
      waitForButton: () => this.#steps((source) => [{ type: "waitForButton", ...source }]),
      prompt: async (message: string) => {
        const reply = await this.#ask((source) => [
          { type: "prompt", message: String(message), ...source },
        ]);
        return reply.line ?? null;
      },
      releaseAll: () => this.#steps((source) => [{ type: "releaseAll", ...source }]),
    });
  }

  /**
   * Checks a call's arguments now (errors located at the calling line), then performs its steps
   * after every earlier call's; resolves with the last step's reply.
   */
  async #steps(build: (source: Source) => RecipeStep[]): Promise<void> {
    await this.#ask(build);
  }

  #ask(build: (source: Source) => RecipeStep[]): Promise<StepReply> {
    const location = callerLocation(this.#sourceName);
    let steps: RecipeStep[];
    try {
      steps = build(location === undefined ? {} : { source: location });
    } catch (error) {
      return Promise.reject(RecipeError.locate(error, location));
    }
    const run = this.#queue.then(async () => {
      let reply: StepReply | undefined;
      for (const step of steps) reply = await this.#performNow(step, location);
      return reply ?? await this.#performNow({ type: "locks" }, location);
    });
    this.#queue = run.catch(() => {});
    return run.catch((error) => {
      throw RecipeError.locate(error, location);
    });
  }

  #perform(step: RecipeStep, location: SourceLocation | undefined): Promise<StepReply> {
    const run = this.#queue.then(() => this.#performNow(step, location));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #performNow(step: RecipeStep, location: SourceLocation | undefined): Promise<StepReply> {
    try {
      return await this.#performer.perform(step);
    } catch (error) {
      throw RecipeError.locate(error, location);
    }
  }
}

/** Splits a move into `steps` moves whose sizes differ by at most one and add up exactly. */
function moves(dx: number, dy: number, steps: number, source: Source): RecipeStep[] {
  const list: RecipeStep[] = [];
  for (let step = 1; step <= steps; step++) {
    const stepX = Math.round((dx * step) / steps) - Math.round((dx * (step - 1)) / steps);
    const stepY = Math.round((dy * step) / steps) - Math.round((dy * (step - 1)) / steps);
    list.push({ type: "mouseMove", dx: stepX, dy: stepY, ...source });
  }
  return list;
}

function optionalMs(
  what: string,
  value: number | undefined,
): Partial<Record<"delay" | "hold", number>> {
  if (value === undefined) return {};
  if (typeof value !== "number" || !(value >= 0) || value > MAX_WAIT_MS) {
    throw new RecipeError(`${what} ${describe(value)} ms is not a non-negative number`, {
      hint: "give delays and holds in milliseconds, 0 for the shortest",
    });
  }
  return what.endsWith("hold") ? { hold: value } : { delay: value };
}

function checkMotion(step: string, dx: number, dy: number): void {
  checkWhole(step, "dx", dx);
  checkWhole(step, "dy", dy);
}

function checkWhole(step: string, what: string, value: number): void {
  if (!Number.isInteger(value) || Math.abs(value) > MAX_SPLIT_MOTION) {
    throw new RecipeError(`${step}: ${what} ${describe(value)} is not a whole number of points`, {
      hint: `give relative motion in whole points within ±${MAX_SPLIT_MOTION}`,
    });
  }
}

function stepCount(step: string, steps: number | undefined): number {
  const count = steps ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10_000) {
    throw new RecipeError(`${step}: steps ${describe(count)} is not a whole number in 1..10000`, {
      hint: "split a move into at most 10000 steps",
    });
  }
  return count;
}

function buttonNumber(button: MouseButton): number {
  const number = typeof button === "string" ? BUTTON_NAMES[button] : button;
  if (
    typeof number !== "number" || !Number.isInteger(number) || number < 1 ||
    number > MAX_POINTING_BUTTONS
  ) {
    throw new UnknownButtonError(button);
  }
  return number;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
