/**
 * The events the simulated host emits: key downs and ups on any page, pointer moves, button
 * changes and scrolls, each stamped with the host clock's time.
 *
 * @module
 */

/**
 * A key went down or up.
 *
 * @example A key-down of `a`
 * ```ts
 * import type { HostKeyEvent } from "./host_events.ts";
 *
 * const event: HostKeyEvent = { time: 0, type: "down", page: 0x07, usage: 0x04, code: "KeyA" };
 * console.assert(event.code === "KeyA");
 * ```
 */
export interface HostKeyEvent {
  /** Host time in milliseconds. */
  readonly time: number;
  /** Pressed or released. */
  readonly type: "down" | "up";
  /** HID usage page: 0x07 keyboard, 0x0C consumer, 0xFF top case, 0xFF01 Apple vendor, 0x01 desktop. */
  readonly page: number;
  /** HID usage on that page. */
  readonly usage: number;
  /**
   * The canonical key name (W3C `code` on the keyboard page, `MediaPlayPause`, `Fn`, …), else the
   * official usage name, else `"0xPAGE:0xUSAGE"`.
   */
  readonly code: string;
}

/**
 * A pointing button went down or up, at the cursor position.
 *
 * @example The primary button pressed at (10, 20)
 * ```ts
 * import type { HostButtonEvent } from "./host_events.ts";
 *
 * const event: HostButtonEvent = { time: 0, type: "buttonDown", button: 1, x: 10, y: 20 };
 * console.assert(event.button === 1);
 * ```
 */
export interface HostButtonEvent {
  /** Host time in milliseconds. */
  readonly time: number;
  /** Pressed or released. */
  readonly type: "buttonDown" | "buttonUp";
  /** Button number, 1 (primary) to 32. */
  readonly button: number;
  /** Cursor x when the button changed. */
  readonly x: number;
  /** Cursor y when the button changed. */
  readonly y: number;
}

/**
 * The pointer moved by a relative amount; `x`/`y` is the cursor after the move, clamped to the
 * screen.
 *
 * @example A move to the right
 * ```ts
 * import type { HostMoveEvent } from "./host_events.ts";
 *
 * const event: HostMoveEvent = { time: 0, type: "move", dx: 5, dy: 0, x: 105, y: 100 };
 * console.assert(event.x - event.dx === 100);
 * ```
 */
export interface HostMoveEvent {
  /** Host time in milliseconds. */
  readonly time: number;
  /** Always `"move"`. */
  readonly type: "move";
  /** Relative horizontal motion from the report, −127..127. */
  readonly dx: number;
  /** Relative vertical motion from the report, −127..127; positive is down. */
  readonly dy: number;
  /** Cursor x after the move. */
  readonly x: number;
  /** Cursor y after the move. */
  readonly y: number;
}

/**
 * The wheels turned.
 *
 * @example One notch away from the user
 * ```ts
 * import type { HostScrollEvent } from "./host_events.ts";
 *
 * const event: HostScrollEvent = { time: 0, type: "scroll", vertical: 1, horizontal: 0, x: 0, y: 0 };
 * console.assert(event.vertical === 1);
 * ```
 */
export interface HostScrollEvent {
  /** Host time in milliseconds. */
  readonly time: number;
  /** Always `"scroll"`. */
  readonly type: "scroll";
  /** Vertical wheel from the report, −127..127; positive turns the wheel away from the user. */
  readonly vertical: number;
  /** Horizontal wheel (AC Pan) from the report, −127..127. */
  readonly horizontal: number;
  /** Cursor x. */
  readonly x: number;
  /** Cursor y. */
  readonly y: number;
}

/**
 * Any event the simulated host emits; switch on `type`.
 *
 * @example Keep only key events
 * ```ts
 * import type { HostEvent, HostKeyEvent } from "./host_events.ts";
 *
 * const events: HostEvent[] = [{ time: 0, type: "scroll", vertical: 1, horizontal: 0, x: 0, y: 0 }];
 * const keys = events.filter((event): event is HostKeyEvent =>
 *   event.type === "down" || event.type === "up"
 * );
 * console.assert(keys.length === 0);
 * ```
 */
export type HostEvent = HostKeyEvent | HostButtonEvent | HostMoveEvent | HostScrollEvent;
