/**
 * Actions: what a recipe does, as data. The TypeScript recipe API and the DuckyScript engine
 * send them one at a time to the live runtime, which performs each when it arrives; the played
 * timeline keeps them for the dry-run listing and `--trace`.
 *
 * Key names in actions are canonical (W3C `KeyboardEvent.code` or dextkit's name for a non-keyboard
 * page key, as `resolveKey` returns them), already checked. Text stays text: the layout turns it
 * into key strokes when the action list is played, and every character is checked before the
 * first key goes down.
 *
 * @module
 */

/** Where an action came from in a recipe file; `line` and `column` count from 1. */
export interface SourceLocation {
  /** The recipe file as the user named it. */
  readonly file: string;
  /** Line number, from 1. */
  readonly line: number;
  /** Column number, from 1. */
  readonly column: number;
}

/** Fields every action may carry. */
export interface ActionBase {
  /** The recipe line the action came from, when it came from a file. */
  readonly source?: SourceLocation;
}

/** Presses a key and keeps it down. */
export interface KeyDownAction extends ActionBase {
  /** Discriminant. */
  readonly type: "keyDown";
  /** Canonical key name. */
  readonly key: string;
}

/** Releases a key. */
export interface KeyUpAction extends ActionBase {
  /** Discriminant. */
  readonly type: "keyUp";
  /** Canonical key name. */
  readonly key: string;
}

/** Presses keys in order and releases them in reverse order: a shortcut or a single key tap. */
export interface PressAction extends ActionBase {
  /** Discriminant. */
  readonly type: "press";
  /** Canonical key names in press order. */
  readonly keys: readonly string[];
  /** Milliseconds the keys stay down; the recipe's hold when omitted. */
  readonly hold?: number;
}

/** Types text through the keyboard layout. */
export interface TextAction extends ActionBase {
  /** Discriminant. */
  readonly type: "text";
  /** The text; `\n` is Enter and `\t` is Tab. */
  readonly text: string;
  /** Milliseconds between characters; the recipe's typing delay when omitted. */
  readonly delay?: number;
  /** Milliseconds each key stays down; the recipe's hold when omitted. */
  readonly hold?: number;
}

/** Waits. */
export interface WaitAction extends ActionBase {
  /** Discriminant. */
  readonly type: "wait";
  /** Milliseconds, ≥ 0. */
  readonly ms: number;
}

/** Moves the pointer by a relative amount (any size; the mouse controller splits it into reports). */
export interface MouseMoveAction extends ActionBase {
  /** Discriminant. */
  readonly type: "mouseMove";
  /** Horizontal motion, positive to the right. */
  readonly dx: number;
  /** Vertical motion, positive downwards. */
  readonly dy: number;
}

/** Presses or releases a pointing button. */
export interface MouseButtonAction extends ActionBase {
  /** Discriminant. */
  readonly type: "mouseDown" | "mouseUp";
  /** Button 1 (primary) to 32. */
  readonly button: number;
}

/** Clicks a pointing button `count` times. */
export interface ClickAction extends ActionBase {
  /** Discriminant. */
  readonly type: "click";
  /** Button 1 (primary) to 32. */
  readonly button: number;
  /** 1 for a click, 2 for a double click. */
  readonly count: number;
  /** Milliseconds between clicks; the recipe's delay when omitted. */
  readonly delay?: number;
}

/** Turns the wheels. */
export interface ScrollAction extends ActionBase {
  /** Discriminant. */
  readonly type: "scroll";
  /** Vertical wheel, positive away from the user. */
  readonly vertical: number;
  /** Horizontal wheel, positive to the right. */
  readonly horizontal: number;
}

/** Releases every key and button. */
export interface ReleaseAllAction extends ActionBase {
  /** Discriminant. */
  readonly type: "releaseAll";
}

/** Waits until the user presses Enter on the terminal (DuckyScript's WAIT_FOR_BUTTON_PRESS). */
export interface WaitForButtonAction extends ActionBase {
  /** Discriminant. */
  readonly type: "waitForButton";
}

/**
 * One step of a recipe.
 *
 * @example A shortcut, a pause and some text
 * ```ts
 * import type { Action } from "./action.ts";
 *
 * const actions: Action[] = [
 *   { type: "press", keys: ["MetaLeft", "Space"] },
 *   { type: "wait", ms: 300 },
 *   { type: "text", text: "Terminal\n" },
 * ];
 * console.assert(actions.length === 3);
 * ```
 */
export type Action =
  | KeyDownAction
  | KeyUpAction
  | PressAction
  | TextAction
  | WaitAction
  | MouseMoveAction
  | MouseButtonAction
  | ClickAction
  | ScrollAction
  | ReleaseAllAction
  | WaitForButtonAction;
