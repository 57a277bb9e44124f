/**
 * A simulated macOS host: input reports in, key and pointer events and typed text out.
 *
 * It stands in for macOS's HID event system behind the `sim` device and serves tests as the
 * oracle for "what would the user see". Like macOS it keeps the pressed state of every report
 * id separately (each report carries the complete state of its page), turns key-downs into text
 * through the current keyboard layout and keyboard type (dead keys included, see `key_translator.ts`),
 * records Command/Control combinations as shortcuts, toggles Caps Lock and answers with the LED
 * output report. Return and Tab after a dead key type the dead key's text first; Backspace after a
 * dead key only cancels it.
 *
 * Lock keys, as macOS treats them: every Caps Lock key-down toggles Caps Lock and sends the LED
 * output report (id 5) with the new state at once, which is what a recipe's `keyboard.locks()`
 * and DuckyScript's lock waits read back (the driver echoes the report as input id 6; source:
 * `driverkit-reference.md` §3, "Post LED input report when LED is changed"). Num Lock (usage
 * 0x53) is Keypad Clear on a Mac (vk 0x47 in Apple's HID→ADB table, recipes-reference §4.1) and
 * Scroll Lock (0x47) is F14 (vk 0x6B): macOS keeps no state for either, so their LEDs stay off
 * here. Not verified on a Mac: whether macOS ever sets the Num Lock LED of an external keyboard,
 * and the Caps Lock key's press-and-hold delay of Apple's built-in keyboards (external USB
 * keyboards have none, as far as public sources say).
 *
 * Not modelled: key repeat, Option+Backspace word deletion, a text cursor.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";
import { ReportId } from "../hid/report_ids.ts";
import { HidReportError } from "../hid/report_errors.ts";
import { decodeKeyboardInput, KEYBOARD_USAGE_MAXIMUM } from "../hid/keyboard_report.ts";
import { ARRAY_USAGE_MAXIMUM, decodeArrayInput } from "../hid/array_report.ts";
import { decodePointingInput, MAX_POINTING_STEP } from "../hid/pointing_report.ts";
import { encodeLedReport } from "../hid/led_report.ts";
import type { KeyboardLayout } from "../layout/keyboard_layout.ts";
import type { KeyboardType } from "../layout/keyboard_type.ts";
import { KeyTranslator } from "../layout/key_translator.ts";
import { US_ANSI } from "../layout/us_ansi.ts";
import type { HostEvent } from "./host_events.ts";
import {
  checkKeyboardInputReport,
  checkPointingInputReport,
  type KeyboardInputReportId,
} from "./input_report_checks.ts";
import { keyCodeFor } from "./key_codes.ts";

/** Which device a report comes from. */
export type InputSource = "keyboard" | "pointing";

/** Screen size in points; the cursor stays within `0..width-1` × `0..height-1`. */
export interface ScreenSize {
  /** Width in points, a positive integer. */
  readonly width: number;
  /** Height in points, a positive integer. */
  readonly height: number;
}

/** A cursor position. */
export interface Point {
  /** Horizontal position, 0 at the left edge. */
  readonly x: number;
  /** Vertical position, 0 at the top edge. */
  readonly y: number;
}

/** Options of {@linkcode SimulatedHost}. */
export interface SimulatedHostOptions {
  /** Source of event timestamps in milliseconds; `performance` when omitted. */
  readonly clock?: { now(): number };
  /** The input source text goes through; {@linkcode US_ANSI} when omitted. */
  readonly layout?: KeyboardLayout;
  /**
   * How macOS classes the keyboard, which decides what usages 0x35 and 0x64 mean; the layout's
   * default keyboard type when omitted.
   */
  readonly keyboardType?: KeyboardType;
  /** The screen the cursor is clamped to; 1920 × 1080 when omitted. */
  readonly screen?: ScreenSize;
  /** Where the cursor starts; the middle of the screen when omitted. */
  readonly cursor?: Point;
  /**
   * Receives the LED output report (id 5, 2 bytes) the host sends to the keyboard when Caps Lock
   * toggles, as macOS does. The buffer is the host's own: copy it to keep it.
   */
  readonly onLedOutput?: (report: Uint8Array) => void;
}

const DEFAULT_SCREEN: ScreenSize = { width: 1920, height: 1080 };

const PAGE_OF_REPORT: Readonly<Record<KeyboardInputReportId, number>> = {
  [ReportId.Keyboard]: 0x07,
  [ReportId.Consumer]: 0x0c,
  [ReportId.AppleVendorTopCase]: 0x00ff,
  [ReportId.AppleVendorKeyboard]: 0xff01,
  [ReportId.GenericDesktop]: 0x01,
};

const REPORT_IDS_IN_ORDER: readonly KeyboardInputReportId[] = [1, 2, 3, 4, 7];

const FIRST_MODIFIER = 0xe0;
const LAST_MODIFIER = 0xe7;
const CAPS_LOCK = 0x39;
const ENTER = 0x28;
const KEYPAD_ENTER = 0x58;
const TAB = 0x2b;
const BACKSPACE = 0x2a;

// Modifier bits of the keyboard report (bit = usage − 0xE0), left | right.
const CONTROL_BITS = 0x11;
const SHIFT_BITS = 0x22;
const OPTION_BITS = 0x44;
const COMMAND_BITS = 0x88;

const EMPTY: ReadonlySet<number> = new Set();

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * A simulated macOS host that consumes the virtual devices' input reports.
 *
 * @example Type "Hi" with raw reports
 * ```ts
 * import { SimulatedHost } from "./simulated_host.ts";
 * import { encodeKeyboardInput } from "../hid/keyboard_report.ts";
 *
 * const host = new SimulatedHost({ clock: { now: () => 0 } });
 * host.receive(encodeKeyboardInput(0x02, [0x0b]), "keyboard"); // Shift + h
 * host.receive(encodeKeyboardInput(0x00, []), "keyboard");
 * host.receive(encodeKeyboardInput(0x00, [0x0c]), "keyboard"); // i
 * host.receive(encodeKeyboardInput(0x00, []), "keyboard");
 * console.assert(host.text === "Hi");
 * console.assert(host.pressedKeys().length === 0);
 * ```
 */
export class SimulatedHost {
  readonly #clock: { now(): number };
  #translator: KeyTranslator;
  readonly #screen: ScreenSize;
  readonly #onLedOutput: ((report: Uint8Array) => void) | undefined;
  readonly #ledReport = new Uint8Array(2);
  readonly #keys = new Map<KeyboardInputReportId, ReadonlySet<number>>();
  readonly #events: HostEvent[] = [];
  readonly #shortcuts: string[] = [];
  readonly #listeners = new Set<(event: HostEvent) => void>();
  #buttons = 0;
  #cursor: Point;
  #capsLock = false;
  #text = "";

  /**
   * Creates a host with nothing pressed, Caps Lock off and empty text.
   *
   * @param options Clock, layout, keyboard type, screen, initial cursor and the LED output callback.
   * @throws {DextkitError} When the screen size is not two positive integers.
   */
  constructor(options: SimulatedHostOptions = {}) {
    this.#clock = options.clock ?? performance;
    this.#translator = new KeyTranslator(options.layout ?? US_ANSI, options.keyboardType);
    this.#screen = checkScreen(options.screen ?? DEFAULT_SCREEN);
    this.#onLedOutput = options.onLedOutput;
    const start = options.cursor ??
      { x: Math.floor(this.#screen.width / 2), y: Math.floor(this.#screen.height / 2) };
    this.#cursor = this.#clamp(start.x, start.y);
  }

  /** Every event so far, oldest first. */
  get events(): readonly HostEvent[] {
    return this.#events;
  }

  /** The text typed so far. */
  get text(): string {
    return this.#text;
  }

  /** Shortcuts pressed so far, for example `"Meta+KeyC"` (modifiers in the order Control, Alt, Shift, Meta). */
  get shortcuts(): readonly string[] {
    return this.#shortcuts;
  }

  /** The cursor position. */
  get cursor(): Point {
    return this.#cursor;
  }

  /** Whether Caps Lock is on. */
  get capsLock(): boolean {
    return this.#capsLock;
  }

  /** The layout text goes through. */
  get layout(): KeyboardLayout {
    return this.#translator.layout;
  }

  /** How the host classes the keyboard. */
  get keyboardType(): KeyboardType {
    return this.#translator.keyboardType;
  }

  /** The text of a dead key that waits for the next key, or `undefined`. */
  get pendingDeadKey(): string | undefined {
    return this.#translator.pendingDeadKey;
  }

  /**
   * Switches the input source, as the user can on a Mac; a waiting dead key is dropped.
   *
   * @param layout The new layout.
   * @param keyboardType How macOS classes the keyboard; the layout's default when omitted.
   */
  selectInputSource(layout: KeyboardLayout, keyboardType?: KeyboardType): void {
    this.#translator = new KeyTranslator(layout, keyboardType);
  }

  /**
   * Consumes one input report, updates the pressed state, and emits an event for every change.
   *
   * Within one report, releases come before presses; modifiers are pressed before other keys and
   * released after them, so a report that presses Shift and `a` together types `A`.
   *
   * @param report A keyboard input report (ids 1, 2, 3, 4, 7, report id first) or an 8-byte
   * pointing report.
   * @param source The device the report comes from.
   * @throws {HidReportError} On a wrong size or report id, a usage outside the descriptor's range,
   * or a motion of −128; the state is then unchanged.
   */
  receive(report: Uint8Array, source: InputSource): void {
    const emitted = source === "keyboard"
      ? this.#receiveKeyboard(report)
      : this.#receivePointing(report);
    for (const event of emitted) {
      for (const listener of this.#listeners) listener(event);
    }
  }

  /**
   * Calls `listener` with every event from now on.
   *
   * @param listener Called synchronously after the report that caused the event was applied.
   * @returns A function that removes the listener.
   */
  onEvent(listener: (event: HostEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The keys held now, as canonical names: the keyboard report's first (modifiers first), then
   * the consumer, top case, Apple vendor keyboard and generic desktop reports'.
   */
  pressedKeys(): string[] {
    const names: string[] = [];
    for (const reportId of REPORT_IDS_IN_ORDER) {
      const page = PAGE_OF_REPORT[reportId];
      for (const usage of this.#keys.get(reportId) ?? EMPTY) names.push(keyCodeFor(page, usage));
    }
    return names;
  }

  /** The pointing buttons held now, ascending. */
  buttonsDown(): number[] {
    const buttons: number[] = [];
    for (let button = 1; button <= 32; button++) {
      if (((this.#buttons >>> (button - 1)) & 1) === 1) buttons.push(button);
    }
    return buttons;
  }

  #receiveKeyboard(report: Uint8Array): HostEvent[] {
    const reportId = checkKeyboardInputReport(report);
    const page = PAGE_OF_REPORT[reportId];
    const next = reportId === ReportId.Keyboard
      ? keyboardUsages(report)
      : arrayUsages(report, reportId);
    const previous = this.#keys.get(reportId) ?? EMPTY;
    this.#keys.set(reportId, next);

    const time = this.#clock.now();
    const emitted: HostEvent[] = [];
    const released = [...previous].filter((usage) => !next.has(usage));
    const pressed = [...next].filter((usage) => !previous.has(usage));
    const modifiersLast = (a: number, b: number) => Number(isModifier(a)) - Number(isModifier(b));
    for (const usage of released.sort(modifiersLast)) {
      emitted.push({ time, type: "up", page, usage, code: keyCodeFor(page, usage) });
    }
    for (const usage of pressed.sort((a, b) => modifiersLast(b, a))) {
      const code = keyCodeFor(page, usage);
      emitted.push({ time, type: "down", page, usage, code });
      if (page === 0x07) this.#keyDown(usage, code);
    }
    this.#events.push(...emitted);
    return emitted;
  }

  #receivePointing(report: Uint8Array): HostEvent[] {
    checkPointingInputReport(report);
    const input = decodePointingInput(report);
    checkStep("x motion", input.x);
    checkStep("y motion", input.y);
    checkStep("vertical wheel", input.vertical);
    checkStep("horizontal wheel", input.horizontal);

    const time = this.#clock.now();
    const emitted: HostEvent[] = [];
    if (input.x !== 0 || input.y !== 0) {
      this.#cursor = this.#clamp(this.#cursor.x + input.x, this.#cursor.y + input.y);
      emitted.push({ time, type: "move", dx: input.x, dy: input.y, ...this.#cursor });
    }
    const previous = this.#buttons;
    this.#buttons = input.buttons;
    const changed = (previous ^ input.buttons) >>> 0;
    for (const wantDown of [false, true]) {
      for (let button = 1; button <= 32; button++) {
        const bit = button - 1;
        if (((changed >>> bit) & 1) === 1 && (((input.buttons >>> bit) & 1) === 1) === wantDown) {
          const type = wantDown ? "buttonDown" : "buttonUp";
          emitted.push({ time, type, button, ...this.#cursor });
        }
      }
    }
    if (input.vertical !== 0 || input.horizontal !== 0) {
      const { vertical, horizontal } = input;
      emitted.push({ time, type: "scroll", vertical, horizontal, ...this.#cursor });
    }
    this.#events.push(...emitted);
    return emitted;
  }

  #keyDown(usage: number, code: string): void {
    if (isModifier(usage)) return;
    if (usage === CAPS_LOCK) {
      this.#capsLock = !this.#capsLock;
      const state = { numLock: false, capsLock: this.#capsLock };
      this.#onLedOutput?.(encodeLedReport(ReportId.LedOutput, state, this.#ledReport));
      return;
    }
    const modifiers = this.#modifierBits();
    if ((modifiers & (COMMAND_BITS | CONTROL_BITS)) !== 0) {
      this.#shortcuts.push(shortcutName(modifiers, code));
      return;
    }
    switch (usage) {
      case ENTER:
      case KEYPAD_ENTER:
        this.#text += this.#translator.flush() + "\n";
        return;
      case TAB:
        this.#text += this.#translator.flush() + "\t";
        return;
      case BACKSPACE:
        if (this.#translator.pendingDeadKey === undefined) {
          this.#text = withoutLastGrapheme(this.#text);
        } else {
          this.#translator.cancel();
        }
        return;
    }
    this.#text += this.#translator.keyDown(usage, {
      shift: (modifiers & SHIFT_BITS) !== 0,
      option: (modifiers & OPTION_BITS) !== 0,
      capsLock: this.#capsLock,
    });
  }

  /** The modifier bitmap implied by the keyboard report's state (bits or modifier usages). */
  #modifierBits(): number {
    let bits = 0;
    for (const usage of this.#keys.get(ReportId.Keyboard) ?? EMPTY) {
      if (isModifier(usage)) bits |= 1 << (usage - FIRST_MODIFIER);
    }
    return bits;
  }

  #clamp(x: number, y: number): Point {
    return {
      x: Math.min(Math.max(x, 0), this.#screen.width - 1),
      y: Math.min(Math.max(y, 0), this.#screen.height - 1),
    };
  }
}

function isModifier(usage: number): boolean {
  return usage >= FIRST_MODIFIER && usage <= LAST_MODIFIER;
}

function keyboardUsages(report: Uint8Array): Set<number> {
  const { modifiers, usages } = decodeKeyboardInput(report);
  const next = new Set<number>();
  for (let bit = 0; bit < 8; bit++) {
    if ((modifiers & (1 << bit)) !== 0) next.add(FIRST_MODIFIER + bit);
  }
  for (const usage of usages) {
    checkUsage("keyboard", usage, KEYBOARD_USAGE_MAXIMUM);
    next.add(usage);
  }
  return next;
}

function arrayUsages(report: Uint8Array, reportId: Exclude<KeyboardInputReportId, 1>): Set<number> {
  const { usages } = decodeArrayInput(report);
  const maximum = ARRAY_USAGE_MAXIMUM[reportId];
  for (const usage of usages) checkUsage(`report id ${reportId}`, usage, maximum);
  return new Set(usages);
}

function checkUsage(what: string, usage: number, maximum: number): void {
  if (usage > maximum) {
    throw HidReportError.outOfRange(
      `${what} usage`,
      usage,
      1,
      maximum,
      "macOS ignores array values beyond the descriptor's logical maximum; fix the encoder",
      true,
    );
  }
}

function checkStep(what: string, value: number): void {
  if (value < -MAX_POINTING_STEP) {
    throw HidReportError.outOfRange(
      what,
      value,
      -MAX_POINTING_STEP,
      MAX_POINTING_STEP,
      "the descriptor's logical minimum is −127, so 0x80 is not a valid step",
    );
  }
}

function shortcutName(modifiers: number, code: string): string {
  let name = "";
  if ((modifiers & CONTROL_BITS) !== 0) name += "Control+";
  if ((modifiers & OPTION_BITS) !== 0) name += "Alt+";
  if ((modifiers & SHIFT_BITS) !== 0) name += "Shift+";
  if ((modifiers & COMMAND_BITS) !== 0) name += "Meta+";
  return name + code;
}

function withoutLastGrapheme(text: string): string {
  let last = 0;
  for (const segment of graphemes.segment(text)) last = segment.index;
  return text.slice(0, last);
}

function checkScreen(screen: ScreenSize): ScreenSize {
  const valid = (side: number) => Number.isInteger(side) && side > 0;
  if (!valid(screen.width) || !valid(screen.height)) {
    throw new DextkitError(`screen size ${screen.width} × ${screen.height} is not valid`, {
      hint: "give the width and height in points as positive integers, for example 1920 × 1080",
      exitCode: ExitCode.Usage,
    });
  }
  return { width: screen.width, height: screen.height };
}
