/**
 * The mouse controller: relative moves, buttons, clicks, scrolls and drags over any
 * {@linkcode VirtualHIDDevice}.
 *
 * It keeps the held buttons itself and sends them with every report, because each pointing
 * report carries the complete button state. Moves and scrolls larger than ±127 are split into
 * several reports whose steps add up exactly; the host, not the controller, clamps the cursor to
 * the screen.
 *
 * @module
 */
import { buttonMask, encodePointingInput, splitMotion } from "../hid/pointing_report.ts";
import { MAX_POINTING_BUTTONS, ReportSize } from "../hid/report_ids.ts";
import { checkDelay, type Clock, systemClock } from "./clock.ts";
import { DeviceArgumentError, UnknownButtonError } from "./device_errors.ts";
import type { VirtualHIDDevice } from "./virtual_hid_device.ts";

/** A button by number (1 primary … 32) or by name: `left` = 1, `right` = 2, `middle` = 3. */
export type MouseButton = number | "left" | "right" | "middle";

/** Options of {@linkcode Mouse}. */
export interface MouseOptions {
  /** The clock delays wait on; the system clock when omitted. */
  readonly clock?: Clock;
  /** Delay in milliseconds used when a method's `delay` is omitted; 0 when omitted. */
  readonly defaultDelay?: number;
}

/** Options of {@linkcode Mouse.click}. */
export interface ClickOptions {
  /** How many clicks, at least 1; 1 when omitted. */
  readonly clickCount?: number;
  /** Milliseconds between down and up, and between clicks. */
  readonly delay?: number;
}

/** Options of {@linkcode Mouse.drag}. */
export interface DragOptions {
  /** The button to drag with; `left` when omitted. */
  readonly button?: MouseButton;
  /** Milliseconds after pressing the button and after moving, before releasing. */
  readonly delay?: number;
}

const BUTTON_NAMES: Readonly<Record<string, number>> = { left: 1, right: 2, middle: 3 };

/**
 * Drives the pointing device of a {@linkcode VirtualHIDDevice}.
 *
 * @example Move, click and drag on the simulated device
 * ```ts
 * import { Mouse } from "./mouse.ts";
 * import { SimDevice } from "./sim_device.ts";
 * import { VirtualClock } from "./clock.ts";
 *
 * const device = new SimDevice({ screen: { width: 800, height: 600 }, cursor: { x: 0, y: 0 } });
 * await device.open();
 * await device.initializePointing();
 * const mouse = new Mouse(device, { clock: new VirtualClock() });
 * mouse.move(300, 20);
 * await mouse.click("left");
 * await mouse.drag(-50, 0);
 * console.assert(device.host.cursor.x === 250 && device.host.cursor.y === 20);
 * console.assert(device.host.buttonsDown().length === 0);
 * ```
 */
export class Mouse {
  readonly #device: VirtualHIDDevice;
  readonly #clock: Clock;
  readonly #defaultDelay: number;
  readonly #report = new Uint8Array(ReportSize.Pointing);
  /** Reused for every report, like the buffer. */
  readonly #input = { buttons: 0, x: 0, y: 0, vertical: 0, horizontal: 0 };
  #buttons = 0;

  /**
   * Creates a controller with no button held.
   *
   * @param device A device whose pointing device is (or will be) initialized.
   * @param options The clock and the default delay.
   * @throws {DeviceArgumentError} When the default delay is negative or not a number.
   */
  constructor(device: VirtualHIDDevice, options: MouseOptions = {}) {
    this.#device = device;
    this.#clock = options.clock ?? systemClock;
    this.#defaultDelay = checkDelay(options.defaultDelay ?? 0);
  }

  /**
   * Moves the pointer relative to where it is, in as many reports as needed (each step within
   * ±127). Held buttons stay held, so this drags when a button is down.
   *
   * @param dx Pixels to the right (negative: left), an integer.
   * @param dy Pixels down (negative: up), an integer.
   * @throws {HidReportError} When `dx` or `dy` is not an integer.
   */
  move(dx: number, dy: number): void {
    for (const step of splitMotion(dx, dy)) this.#post(this.#buttons, step.x, step.y, 0, 0);
  }

  /**
   * Turns the wheels, split like {@linkcode Mouse.move}.
   *
   * @param vertical Wheel steps; positive turns the wheel away from the user.
   * @param horizontal Horizontal wheel steps; 0 when omitted.
   * @throws {HidReportError} When a value is not an integer.
   */
  scroll(vertical: number, horizontal = 0): void {
    for (const step of splitMotion(0, 0, vertical, horizontal)) {
      this.#post(this.#buttons, 0, 0, step.vertical, step.horizontal);
    }
  }

  /**
   * Presses a button; does nothing when it is already held.
   *
   * @param button The button; `left` when omitted.
   * @throws {UnknownButtonError} For an unknown button.
   */
  down(button: MouseButton = 1): void {
    const mask = maskOf(button);
    if ((this.#buttons & mask) !== 0) return;
    this.#post((this.#buttons | mask) >>> 0, 0, 0, 0, 0);
  }

  /**
   * Releases a button; does nothing when it is not held.
   *
   * @param button The button; `left` when omitted.
   * @throws {UnknownButtonError} For an unknown button.
   */
  up(button: MouseButton = 1): void {
    const mask = maskOf(button);
    if ((this.#buttons & mask) === 0) return;
    this.#post((this.#buttons & ~mask) >>> 0, 0, 0, 0, 0);
  }

  /**
   * Clicks a button `clickCount` times. The button is always released, also when a delay is
   * interrupted by an error.
   *
   * @param button The button; `left` when omitted.
   * @param options Click count and delay.
   * @throws {UnknownButtonError} For an unknown button.
   * @throws {DeviceArgumentError} For a click count below 1 or a negative delay.
   */
  async click(button: MouseButton = 1, options: ClickOptions = {}): Promise<void> {
    const clickCount = options.clickCount ?? 1;
    if (!Number.isInteger(clickCount) || clickCount < 1) {
      throw new DeviceArgumentError(
        `click count ${clickCount} is not a whole number of at least 1`,
        "pass clickCount: 2 for a double click",
      );
    }
    const delay = checkDelay(options.delay ?? this.#defaultDelay);
    maskOf(button);
    for (let click = 0; click < clickCount; click++) {
      if (click > 0) await this.#clock.sleep(delay);
      this.down(button);
      try {
        await this.#clock.sleep(delay);
      } finally {
        this.up(button);
      }
    }
  }

  /**
   * Double-clicks a button.
   *
   * @param button The button; `left` when omitted.
   * @param options The delay between down, up and the second click.
   * @throws {UnknownButtonError} For an unknown button.
   */
  dblclick(button: MouseButton = 1, options: { readonly delay?: number } = {}): Promise<void> {
    return this.click(button, { ...options, clickCount: 2 });
  }

  /**
   * Presses a button, moves by (`dx`, `dy`), and releases the button, also when the move fails.
   *
   * @param dx Pixels to the right, an integer.
   * @param dy Pixels down, an integer.
   * @param options The button and the delay.
   * @throws {UnknownButtonError} For an unknown button.
   * @throws {HidReportError} When `dx` or `dy` is not an integer.
   */
  async drag(dx: number, dy: number, options: DragOptions = {}): Promise<void> {
    const button = options.button ?? 1;
    const delay = checkDelay(options.delay ?? this.#defaultDelay);
    splitMotion(dx, dy);
    this.down(button);
    try {
      await this.#clock.sleep(delay);
      this.move(dx, dy);
      await this.#clock.sleep(delay);
    } finally {
      this.up(button);
    }
  }

  /** The buttons held, ascending. */
  pressed(): number[] {
    const buttons: number[] = [];
    for (let button = 1; button <= MAX_POINTING_BUTTONS; button++) {
      if (((this.#buttons >>> (button - 1)) & 1) === 1) buttons.push(button);
    }
    return buttons;
  }

  /** Releases every held button in one report; does nothing when none is held. */
  releaseAll(): void {
    if (this.#buttons !== 0) this.#post(0, 0, 0, 0, 0);
  }

  #post(buttons: number, x: number, y: number, vertical: number, horizontal: number): void {
    const input = this.#input;
    input.buttons = buttons;
    input.x = x;
    input.y = y;
    input.vertical = vertical;
    input.horizontal = horizontal;
    encodePointingInput(input, this.#report);
    this.#device.postPointingReport(this.#report);
    this.#buttons = buttons;
  }
}

function maskOf(button: MouseButton): number {
  const number = typeof button === "string" ? BUTTON_NAMES[button] : button;
  if (
    typeof number !== "number" || !Number.isInteger(number) || number < 1 ||
    number > MAX_POINTING_BUTTONS
  ) {
    throw new UnknownButtonError(button);
  }
  return buttonMask(number);
}
