/**
 * The keyboard controller: key downs and ups by name, combos, text through a layout, and the
 * guarantee that what it pressed gets released.
 *
 * It keeps the pressed state of every report id itself (the modifier bitmap and keyboard-page
 * usages for report 1, the usages of reports 2, 3, 4 and 7) and posts the complete state of the
 * affected report after each change, because each report replaces the previous state of its page.
 * Each report id has one buffer, reused for every key event.
 *
 * @module
 */
import {
  isModifier,
  type KeySpec,
  listKeys,
  parseCombo,
  type Platform,
  resolveKey,
} from "../hid/key_names.ts";
import { encodeKeyboardInput } from "../hid/keyboard_report.ts";
import { encodeArrayInput, reportIdForPage } from "../hid/array_report.ts";
import { ReportId, ReportSize } from "../hid/report_ids.ts";
import type { KeyboardInputReportId } from "../host/input_report_checks.ts";
import { keyCodeFor } from "../host/key_codes.ts";
import type { KeyboardLayout, KeyStroke } from "../layout/keyboard_layout.ts";
import type { KeyboardType } from "../layout/keyboard_type.ts";
import { strokesForText } from "../layout/text_strokes.ts";
import { US_ANSI } from "../layout/us_ansi.ts";
import { checkDelay, type Clock, systemClock } from "./clock.ts";
import type { VirtualHIDDevice } from "./virtual_hid_device.ts";

/** Options of {@linkcode Keyboard}. */
export interface KeyboardOptions {
  /** Where the keys land; decides what `ControlOrMeta` means. `"macos"` when omitted. */
  readonly platform?: Platform;
  /** The layout {@linkcode Keyboard.type} types through; {@linkcode US_ANSI} when omitted. */
  readonly layout?: KeyboardLayout;
  /**
   * How macOS classes the device's keyboard, which decides the usages of the keys left of 1 and
   * left of Z; the layout's default keyboard type when omitted.
   */
  readonly keyboardType?: KeyboardType;
  /** The clock delays wait on; the system clock when omitted. */
  readonly clock?: Clock;
  /** Delay in milliseconds used when a method's `delay` is omitted; 0 when omitted. */
  readonly defaultDelay?: number;
}

/** Options of {@linkcode Keyboard.press} and {@linkcode Keyboard.type}. */
export interface KeyDelayOptions {
  /**
   * Milliseconds to wait: for `press`, between pressing the keys and releasing them; for `type`,
   * between key strokes (a character typed with a dead key takes two, a Caps Lock toggle one).
   */
  readonly delay?: number;
}

const KEYBOARD_PAGE = 0x07;
const FIRST_MODIFIER = 0xe0;

const KEYBOARD_KEYS: ReadonlyMap<number, KeySpec> = new Map(
  listKeys().filter((key) => key.page === KEYBOARD_PAGE).map((key) => [key.usage, key]),
);
const SHIFT_LEFT = resolveKey("ShiftLeft");
const ALT_LEFT = resolveKey("AltLeft");

/**
 * Drives the keyboard of a {@linkcode VirtualHIDDevice}.
 *
 * @example Type, press a shortcut, and hold a modifier on the simulated device
 * ```ts
 * import { Keyboard } from "./keyboard.ts";
 * import { SimDevice } from "./sim_device.ts";
 * import { VirtualClock } from "./clock.ts";
 * import { DEFAULT_KEYBOARD_PARAMETERS } from "./virtual_hid_device.ts";
 *
 * const device = new SimDevice();
 * await device.open();
 * await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
 * const keyboard = new Keyboard(device, { clock: new VirtualClock() });
 * await keyboard.type("Hello, World!");
 * await keyboard.press("Meta+A");
 * await keyboard.hold("Shift", () => keyboard.press("KeyB"));
 * console.assert(device.host.text === "Hello, World!B");
 * console.assert(device.host.shortcuts[0] === "Meta+KeyA");
 * console.assert(keyboard.pressed().length === 0);
 * ```
 */
export class Keyboard {
  readonly #device: VirtualHIDDevice;
  readonly #nameOptions: { readonly platform: Platform };
  readonly #layout: KeyboardLayout;
  readonly #keyboardType: KeyboardType;
  readonly #clock: Clock;
  readonly #defaultDelay: number;
  #modifiers = 0;
  readonly #usages = new Map<KeyboardInputReportId, number[]>();
  readonly #buffers = new Map<KeyboardInputReportId, Uint8Array>();
  readonly #pressed = new Map<number, KeySpec>();

  /**
   * Creates a controller with nothing pressed.
   *
   * @param device A device whose keyboard is (or will be) initialized.
   * @param options Platform, layout, keyboard type, clock and default delay.
   * @throws {DeviceArgumentError} When the default delay is negative or not a number.
   */
  constructor(device: VirtualHIDDevice, options: KeyboardOptions = {}) {
    this.#device = device;
    this.#nameOptions = { platform: options.platform ?? "macos" };
    this.#layout = options.layout ?? US_ANSI;
    this.#keyboardType = options.keyboardType ?? this.#layout.defaultKeyboardType;
    this.#clock = options.clock ?? systemClock;
    this.#defaultDelay = checkDelay(options.defaultDelay ?? 0);
    for (const reportId of [1, 2, 3, 4, 7] as const) {
      this.#usages.set(reportId, []);
      const size = reportId === ReportId.Keyboard ? ReportSize.Keyboard : ReportSize.Array;
      this.#buffers.set(reportId, new Uint8Array(size));
    }
  }

  /** The layout {@linkcode Keyboard.type} types through. */
  get layout(): KeyboardLayout {
    return this.#layout;
  }

  /** How macOS classes the device's keyboard, as {@linkcode Keyboard.type} assumes. */
  get keyboardType(): KeyboardType {
    return this.#keyboardType;
  }

  /**
   * Presses one key and keeps it down; does nothing when it is already down. A shifted character
   * (`"?"`) names its key without Shift: use {@linkcode Keyboard.press} for that.
   *
   * @param name A key name in any supported convention (`"KeyA"`, `"cmd"`, `"mute"`, …).
   * @throws {UnknownKeyError} For an unknown name, with the closest names.
   * @throws {HidReportError} When 32 keys of the same report are already down.
   */
  down(name: string): void {
    this.#down(resolveKey(name, this.#nameOptions));
  }

  /**
   * Releases one key; does nothing when it is not down.
   *
   * @param name A key name in any supported convention.
   * @throws {UnknownKeyError} For an unknown name, with the closest names.
   */
  up(name: string): void {
    this.#up(resolveKey(name, this.#nameOptions));
  }

  /**
   * Presses a combo: its keys down in order, a delay, then up in reverse order. Keys that were
   * already down stay down. Every key it pressed is released, also when waiting fails.
   *
   * @param combo A `+` combo such as `"Meta+Shift+4"`, or one key name.
   * @param options The delay between down and up.
   * @throws {UnknownKeyError} For an unknown name, before anything is pressed.
   * @throws {InvalidKeyComboError} For a malformed combo, before anything is pressed.
   */
  async press(combo: string, options: KeyDelayOptions = {}): Promise<void> {
    const keys = parseCombo(combo, this.#nameOptions);
    const delay = checkDelay(options.delay ?? this.#defaultDelay);
    await this.#withKeysDown(keys, () => this.#clock.sleep(delay));
  }

  /**
   * Types text through the layout, one character after the other. `"\n"` (and `"\r\n"` or a
   * lone `"\r"`) presses Enter, `"\t"` presses Tab. Characters may take a dead key and a second
   * key (`é` on ABC – Extended is Option+E, then E). Every character is checked first: when the
   * layout cannot produce one, nothing is typed.
   *
   * Caps Lock is read from the device's LED state: strokes are chosen for it, and when a character
   * needs the other state (a lower-case letter with Caps Lock on) Caps Lock is pressed before it
   * and pressed again at the end, so the user's state is kept. It assumes no modifier is held.
   *
   * @param text The text.
   * @param options The delay between key strokes.
   * @throws {UnproducibleCharacterError} Naming the first character the layout cannot produce,
   * its index and the layout.
   */
  async type(text: string, options: KeyDelayOptions = {}): Promise<void> {
    const delay = checkDelay(options.delay ?? this.#defaultDelay);
    const strokes = strokesForText(text, {
      layout: this.#layout,
      keyboardType: this.#keyboardType,
      capsLock: this.#device.ledState().capsLock,
    });
    for (let index = 0; index < strokes.length; index++) {
      if (index > 0) await this.#clock.sleep(delay);
      this.#stroke(strokes[index] as KeyStroke);
    }
  }

  /**
   * Holds a combo while `fn` runs, and releases it afterwards whatever happens.
   *
   * @param combo A `+` combo, or one key name.
   * @param fn What to do while the keys are down.
   * @returns What `fn` returns.
   * @throws Whatever `fn` throws, after the keys are released.
   */
  async hold<T>(combo: string, fn: () => T | Promise<T>): Promise<T> {
    const keys = parseCombo(combo, this.#nameOptions);
    return await this.#withKeysDown(keys, fn);
  }

  /** The keys down now, canonical names in press order. */
  pressed(): string[] {
    return [...this.#pressed.values()].map((key) => key.code);
  }

  /**
   * Releases every key this controller holds, one report per affected report id. The state is
   * cleared even when a report cannot be delivered; the first such error is rethrown after the
   * other reports were tried.
   */
  releaseAll(): void {
    if (this.#pressed.size === 0) return;
    const affected = new Set<KeyboardInputReportId>();
    for (const key of this.#pressed.values()) {
      affected.add(isModifier(key) ? ReportId.Keyboard : reportIdForPage(key.page));
    }
    this.#pressed.clear();
    this.#modifiers = 0;
    for (const usages of this.#usages.values()) usages.length = 0;
    let failure: { error: unknown } | undefined;
    for (const reportId of affected) {
      try {
        this.#post(reportId);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
  }

  #stroke(stroke: KeyStroke): void {
    const key = KEYBOARD_KEYS.get(stroke.usage) ??
      { code: keyCodeFor(KEYBOARD_PAGE, stroke.usage), page: KEYBOARD_PAGE, usage: stroke.usage };
    const pressed: KeySpec[] = [];
    try {
      if (stroke.shift) this.#downTracked(SHIFT_LEFT, pressed);
      if (stroke.option) this.#downTracked(ALT_LEFT, pressed);
      this.#downTracked(key, pressed);
    } catch (error) {
      this.#release(pressed);
      throw error;
    }
    const failure = this.#release(pressed);
    if (failure !== undefined) throw failure.error;
  }

  async #withKeysDown<T>(keys: readonly KeySpec[], body: () => T | Promise<T>): Promise<T> {
    const pressed: KeySpec[] = [];
    let result: T;
    try {
      for (const key of keys) this.#downTracked(key, pressed);
      result = await body();
    } catch (error) {
      this.#release(pressed);
      throw error;
    }
    const failure = this.#release(pressed);
    if (failure !== undefined) throw failure.error;
    return result;
  }

  /** Presses `key` unless it is down, and remembers it in `pressed` when it was pressed here. */
  #downTracked(key: KeySpec, pressed: KeySpec[]): void {
    if (this.#pressed.has(keyOf(key))) return;
    this.#down(key);
    pressed.push(key);
  }

  /** Releases `keys` in reverse order, trying each; returns the first failure. */
  #release(keys: readonly KeySpec[]): { error: unknown } | undefined {
    let failure: { error: unknown } | undefined;
    for (let index = keys.length - 1; index >= 0; index--) {
      try {
        this.#up(keys[index] as KeySpec);
      } catch (error) {
        failure ??= { error };
      }
    }
    return failure;
  }

  // The revert paths below are inline on purpose: a closure per key event would allocate.
  #down(key: KeySpec): void {
    const id = keyOf(key);
    if (this.#pressed.has(id)) return;
    if (isModifier(key)) {
      const previous = this.#modifiers;
      this.#modifiers = previous | (1 << (key.usage - FIRST_MODIFIER));
      try {
        this.#post(ReportId.Keyboard);
      } catch (error) {
        this.#modifiers = previous;
        throw error;
      }
    } else {
      const reportId = reportIdForPage(key.page);
      const usages = this.#usages.get(reportId) as number[];
      usages.push(key.usage);
      try {
        this.#post(reportId);
      } catch (error) {
        usages.pop();
        throw error;
      }
    }
    this.#pressed.set(id, key);
  }

  #up(key: KeySpec): void {
    const id = keyOf(key);
    if (!this.#pressed.has(id)) return;
    if (isModifier(key)) {
      const previous = this.#modifiers;
      this.#modifiers = previous & ~(1 << (key.usage - FIRST_MODIFIER));
      try {
        this.#post(ReportId.Keyboard);
      } catch (error) {
        this.#modifiers = previous;
        throw error;
      }
    } else {
      const reportId = reportIdForPage(key.page);
      const usages = this.#usages.get(reportId) as number[];
      const index = usages.indexOf(key.usage);
      removeAt(usages, index);
      try {
        this.#post(reportId);
      } catch (error) {
        insertAt(usages, index, key.usage);
        throw error;
      }
    }
    this.#pressed.delete(id);
  }

  #post(reportId: KeyboardInputReportId): void {
    const buffer = this.#buffers.get(reportId) as Uint8Array;
    const usages = this.#usages.get(reportId) as number[];
    if (reportId === ReportId.Keyboard) encodeKeyboardInput(this.#modifiers, usages, buffer);
    else encodeArrayInput(reportId, usages, buffer);
    this.#device.postKeyboardReport(buffer);
  }
}

function keyOf(key: KeySpec): number {
  return key.page * 0x10000 + key.usage;
}

/** Removes `usages[index]` in place, without the allocation of `splice`. */
function removeAt(usages: number[], index: number): void {
  for (let i = index; i < usages.length - 1; i++) usages[i] = usages[i + 1] as number;
  usages.length--;
}

function insertAt(usages: number[], index: number, usage: number): void {
  usages.push(usage);
  for (let i = usages.length - 1; i > index; i--) usages[i] = usages[i - 1] as number;
  usages[index] = usage;
}
