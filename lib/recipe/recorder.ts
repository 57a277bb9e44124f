/**
 * The recorder: runs a recipe function against stand-in keyboard and mouse objects with the
 * Playwright-like API, and writes down every step as an {@linkcode Action} instead of doing it.
 *
 * Nothing reaches a device while recording, so a recipe that fails (an unknown key name, a bad
 * argument, an exception of its own) fails before the first key goes down. Every step is checked
 * here and located at the recipe line that called it. Steps resolve at once: the recipe function
 * runs once, in a moment, and the scheduler plays the recorded list afterwards, so a recipe cannot
 * react to what happens on the screen.
 *
 * @module
 */
import { MAX_SPLIT_MOTION } from "../hid/pointing_report.ts";
import { parseCombo, resolveKey } from "../hid/key_names.ts";
import { MAX_POINTING_BUTTONS } from "../hid/report_ids.ts";
import { UnknownButtonError } from "../device/device_errors.ts";
import type { MouseButton } from "../device/mouse.ts";
import type { Action, SourceLocation } from "./action.ts";
import { RecipeError } from "./recipe_errors.ts";
import {
  callerLocation,
  defaultSourceName,
  locationInStack,
  type SourceNamer,
} from "./source_location.ts";

/** Options of a key press or of typed text. */
export interface RecipeDelayOptions {
  /**
   * Milliseconds: for `press`, how long the keys stay down; for `type`, between characters.
   * The recipe's `delay` (for `press`) or `typingDelay` (for `type`) when omitted.
   */
  readonly delay?: number;
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
  /** Milliseconds between down and up, and between clicks; the recipe's delay when omitted. */
  readonly delay?: number;
}

/** Options of {@linkcode RecipeMouse.drag}. */
export interface RecipeDragOptions {
  /** The button to drag with; `left` when omitted. */
  readonly button?: MouseButton;
  /** Split the move into this many moves, so apps see the drag happen; 1 when omitted. */
  readonly steps?: number;
}

/** The keyboard a recipe function gets. Every method records a step and resolves at once. */
export interface RecipeKeyboard {
  /**
   * Presses a combo: keys down in order, held for the delay, then up in reverse order.
   *
   * @param combo A `+` combo (`"Meta+Shift+4"`) or one key name (`"Enter"`, `"MediaPlayPause"`).
   * @param options How long the keys stay down.
   */
  press(combo: string, options?: RecipeDelayOptions): Promise<void>;
  /**
   * Types text through the recipe's layout; `\n` is Enter, `\t` is Tab.
   *
   * @param text The text.
   * @param options Milliseconds between characters.
   */
  type(text: string, options?: RecipeDelayOptions): Promise<void>;
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
   * Holds a combo while `fn` records more steps, then releases it.
   *
   * @param combo A `+` combo or one key name.
   * @param fn The steps to record while the keys are down.
   * @returns What `fn` returns.
   */
  hold<T>(combo: string, fn: () => T | Promise<T>): Promise<T>;
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
   * @param options Click count and delay.
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
  /** Releases every key and button that is down. */
  releaseAll(): Promise<void>;
}

/** A recipe: a function that drives the keyboard and mouse it is given. */
export type RecipeFunction = (context: RecipeContext) => void | Promise<void>;

/** Options of {@linkcode recordActions}. */
export interface RecordOptions {
  /** Turns a module URL into the file name actions are located in; the file path when omitted. */
  readonly sourceName?: SourceNamer;
}

const BUTTON_NAMES: Readonly<Record<string, number>> = { left: 1, right: 2, middle: 3 };

/**
 * Runs a recipe function and returns the steps it recorded. Each action carries the recipe line
 * it was called from.
 *
 * @param fn The recipe function.
 * @param options How file names are shown.
 * @returns The action list.
 * @throws {RecipeError} For a bad step (unknown key name, bad argument), located at its line, or
 * for an exception of the recipe function itself.
 *
 * @example Record a shortcut, a pause and some text
 * ```ts
 * import { recordActions } from "./recorder.ts";
 *
 * const actions = await recordActions(async ({ keyboard, wait }) => {
 *   await keyboard.press("Meta+Space");
 *   await wait(300);
 *   await keyboard.type("Terminal\n");
 * });
 * console.assert(actions.length === 3);
 * console.assert(actions[0]?.type === "press" && actions[0].keys.join("+") === "MetaLeft+Space");
 * ```
 */
export async function recordActions(
  fn: RecipeFunction,
  options: RecordOptions = {},
): Promise<Action[]> {
  const recorder = new ActionRecorder(options.sourceName ?? defaultSourceName);
  try {
    await fn(recorder.context);
  } catch (error) {
    throw RecipeError.locate(error, locationOfError(error, options.sourceName));
  } finally {
    recorder.close();
  }
  return recorder.actions;
}

/** Where a recipe's own exception was thrown, when its stack shows a frame of the recipe. */
function locationOfError(
  error: unknown,
  sourceName: SourceNamer | undefined,
): SourceLocation | undefined {
  if (error instanceof RecipeError) return error.source;
  if (!(error instanceof Error)) return undefined;
  return locationInStack(error.stack, sourceName ?? defaultSourceName);
}

class ActionRecorder {
  readonly actions: Action[] = [];
  readonly context: RecipeContext;
  readonly #sourceName: SourceNamer;
  #closed = false;

  constructor(sourceName: SourceNamer) {
    this.#sourceName = sourceName;
    const keyboard: RecipeKeyboard = {
      press: (combo, options = {}) =>
        this.#step("keyboard.press", (source) => {
          const keys = parseCombo(combo).map((key) => key.code);
          const delay = optionalDelay("press delay", options.delay);
          this.#push({ type: "press", keys, ...delay, ...source });
        }),
      type: (text, options = {}) =>
        this.#step("keyboard.type", (source) => {
          if (typeof text !== "string") {
            throw new RecipeError(`keyboard.type needs a string, not ${describe(text)}`, {
              hint: 'pass the text to type, as in keyboard.type("Hello")',
            });
          }
          const delay = optionalDelay("typing delay", options.delay);
          this.#push({ type: "text", text, ...delay, ...source });
        }),
      down: (key) =>
        this.#step("keyboard.down", (source) => {
          this.#push({ type: "keyDown", key: resolveKey(key).code, ...source });
        }),
      up: (key) =>
        this.#step("keyboard.up", (source) => {
          this.#push({ type: "keyUp", key: resolveKey(key).code, ...source });
        }),
      hold: async <T>(combo: string, fn: () => T | Promise<T>): Promise<T> => {
        let keys: string[] = [];
        // The releases belong to the hold() line too, not to wherever fn() ended.
        let holdSource: { source?: SourceLocation } = {};
        await this.#step("keyboard.hold", (source) => {
          keys = parseCombo(combo).map((key) => key.code);
          holdSource = source;
          for (const key of keys) this.#push({ type: "keyDown", key, ...source });
        });
        const result = await fn();
        await this.#step("keyboard.hold", () => {
          for (const key of keys.toReversed()) this.#push({ type: "keyUp", key, ...holdSource });
        });
        return result;
      },
    };
    const mouse: RecipeMouse = {
      move: (dx, dy, options = {}) =>
        this.#step("mouse.move", (source) => {
          checkMotion("mouse.move", dx, dy);
          this.#pushMoves(dx, dy, stepCount("mouse.move", options.steps), source);
        }),
      click: (button = 1, options = {}) =>
        this.#step("mouse.click", (source) => {
          const count = options.clickCount ?? 1;
          if (!Number.isInteger(count) || count < 1) {
            throw new RecipeError(`click count ${count} is not a whole number of at least 1`, {
              hint: "pass clickCount: 2 for a double click, or use mouse.dblclick()",
            });
          }
          const delay = optionalDelay("click delay", options.delay);
          this.#push({ type: "click", button: buttonNumber(button), count, ...delay, ...source });
        }),
      dblclick: (button = 1, options = {}) =>
        this.#step("mouse.dblclick", (source) => {
          const delay = optionalDelay("click delay", options.delay);
          this.#push({
            type: "click",
            button: buttonNumber(button),
            count: 2,
            ...delay,
            ...source,
          });
        }),
      drag: (dx, dy, options = {}) =>
        this.#step("mouse.drag", (source) => {
          checkMotion("mouse.drag", dx, dy);
          const steps = stepCount("mouse.drag", options.steps);
          const button = buttonNumber(options.button ?? 1);
          this.#push({ type: "mouseDown", button, ...source });
          this.#pushMoves(dx, dy, steps, source);
          this.#push({ type: "mouseUp", button, ...source });
        }),
      scroll: (vertical, horizontal = 0) =>
        this.#step("mouse.scroll", (source) => {
          checkWhole("mouse.scroll", "vertical", vertical);
          checkWhole("mouse.scroll", "horizontal", horizontal);
          this.#push({ type: "scroll", vertical, horizontal, ...source });
        }),
      down: (button = 1) =>
        this.#step("mouse.down", (source) => {
          this.#push({ type: "mouseDown", button: buttonNumber(button), ...source });
        }),
      up: (button = 1) =>
        this.#step("mouse.up", (source) => {
          this.#push({ type: "mouseUp", button: buttonNumber(button), ...source });
        }),
    };
    const pressKey = (step: string, key: string) => () =>
      this.#step(step, (source) => this.#push({ type: "press", keys: [key], ...source }));
    const media: RecipeMediaKeys = {
      playPause: pressKey("media.playPause", "MediaPlayPause"),
      nextTrack: pressKey("media.nextTrack", "MediaTrackNext"),
      previousTrack: pressKey("media.previousTrack", "MediaTrackPrevious"),
      volumeUp: pressKey("media.volumeUp", "AudioVolumeUp"),
      volumeDown: pressKey("media.volumeDown", "AudioVolumeDown"),
      mute: pressKey("media.mute", "AudioVolumeMute"),
      brightnessUp: pressKey("media.brightnessUp", "BrightnessUp"),
      brightnessDown: pressKey("media.brightnessDown", "BrightnessDown"),
      missionControl: pressKey("media.missionControl", "MissionControl"),
      launchpad: pressKey("media.launchpad", "Launchpad"),
    };
    this.context = Object.freeze({
      keyboard: Object.freeze(keyboard),
      mouse: Object.freeze(mouse),
      media: Object.freeze(media),
      wait: (ms: number) =>
        this.#step("wait", (source) => {
          if (typeof ms !== "number" || !(ms >= 0) || ms === Infinity) {
            throw new RecipeError(`wait ${describe(ms)} ms is not a non-negative number`, {
              hint: "give waits in milliseconds, for example wait(300)",
            });
          }
          this.#push({ type: "wait", ms, ...source });
        }),
      waitForButton: () =>
        this.#step("waitForButton", (source) => this.#push({ type: "waitForButton", ...source })),
      releaseAll: () =>
        this.#step("releaseAll", (source) => this.#push({ type: "releaseAll", ...source })),
    });
  }

  close(): void {
    this.#closed = true;
  }

  /** Runs one step's checks and recording; errors come out located at the calling line. */
  #step(name: string, record: (source: { source?: SourceLocation }) => void): Promise<void> {
    const location = callerLocation(this.#sourceName);
    try {
      if (this.#closed) {
        throw new RecipeError(`${name} was called after the recipe function had returned`, {
          hint: "await every step inside the recipe function",
        });
      }
      record(location === undefined ? {} : { source: location });
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(RecipeError.locate(error, location));
    }
  }

  #push(action: Action): void {
    this.actions.push(action);
  }

  /** Splits a move into `steps` moves whose sizes differ by at most one and add up exactly. */
  #pushMoves(dx: number, dy: number, steps: number, source: { source?: SourceLocation }): void {
    for (let step = 1; step <= steps; step++) {
      const stepX = Math.round((dx * step) / steps) - Math.round((dx * (step - 1)) / steps);
      const stepY = Math.round((dy * step) / steps) - Math.round((dy * (step - 1)) / steps);
      this.#push({ type: "mouseMove", dx: stepX, dy: stepY, ...source });
    }
  }
}

function optionalDelay(what: string, delay: number | undefined): { delay?: number } {
  if (delay === undefined) return {};
  if (typeof delay !== "number" || !(delay >= 0) || delay === Infinity) {
    throw new RecipeError(`${what} ${describe(delay)} ms is not a non-negative number`, {
      hint: "give delays in milliseconds, 0 for none",
    });
  }
  return { delay };
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
