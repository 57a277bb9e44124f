/**
 * The live recipe runtime: performs each step on the device when it arrives, on time through the
 * {@linkcode ReportScheduler}, and resolves when it is done. A keystroke goes one straight way:
 * recipe step → this runtime → the keyboard/mouse controller → a HID report → the device.
 *
 * Timing rules (milliseconds):
 *
 * - Every report is at least the report interval after the one before it, and due relative to
 *   when the one before it was really posted, so lateness shifts what follows.
 * - An input step starts `delay` after the previous input step's last report; a `wait(ms)`
 *   replaces that gap (what a recipe waits is what it gets).
 * - `press` puts its keys down one report after the other, holds them `hold`, and releases
 *   them in reverse order; keys already down stay down.
 * - `text` types stroke after stroke, `typingDelay` apart: Shift/Option down, key down, held
 *   `hold`, key up, modifiers up, one report interval between each. Every character is checked
 *   against the layout before the first key goes down.
 * - `click` holds the button `hold`, and waits `delay` between clicks.
 * - Jitter lengthens every inserted gap (not waits, not holds) by a seeded random amount in
 *   [0, `jitter`).
 *
 * @module
 */
import type { LedState } from "../hid/led_report.ts";
import { type KeySpec, listKeys, resolveKey } from "../hid/key_names.ts";
import type { Keyboard } from "../device/keyboard.ts";
import type { Mouse } from "../device/mouse.ts";
import type { VirtualHIDDevice } from "../device/virtual_hid_device.ts";
import type { KeyStroke } from "../layout/keyboard_layout.ts";
import { strokesForText } from "../layout/text_strokes.ts";
import type { Action } from "./action.ts";
import { formatSourceLocation, RecipeError } from "./recipe_errors.ts";
import type { ResolvedRecipeOptions } from "./recipe_options.ts";
import type { LockState, RecipeStep, StepPerformer, StepReply } from "./recipe_step.ts";
import { ReportScheduler, TimeLimitReached } from "./scheduler.ts";
import { createSeededRandom } from "./seeded_random.ts";
import { type Timeline, TimelineRecorder } from "./timeline.ts";

/** The controllers and device the runtime plays on (a session has them). */
export interface RuntimeTarget {
  /** The keyboard controller. */
  readonly keyboard: Keyboard;
  /** The mouse controller. */
  readonly mouse: Mouse;
  /** The device, for its LED state. */
  readonly device: VirtualHIDDevice;
}

/** Options of {@linkcode LiveRuntime}. */
export interface LiveRuntimeOptions {
  /** Called for `waitForButton`; goes straight on when omitted. */
  readonly waitForButton?: () => Promise<void>;
  /** Called for `prompt`; answers `null` (no input) when omitted. */
  readonly prompt?: (message: string) => Promise<string | null>;
  /** Virtual-time bound (dry runs); none when omitted. */
  readonly limitMs?: number;
  /** Scheduler timer lead with the system clock. */
  readonly leadMs?: number;
  /** Scheduler spin with the system clock. */
  readonly spinMs?: number;
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
const LED_POLL_MS = 5;

/**
 * Performs recipe steps live and records what it played.
 *
 * @example Type on the simulated Mac with a virtual clock
 * ```ts
 * import { LiveRuntime } from "./live_runtime.ts";
 * import { resolveRecipeOptions } from "./recipe_options.ts";
 * import { openSession } from "../device/session.ts";
 * import { SimDevice } from "../device/sim_device.ts";
 * import { VirtualClock } from "../device/clock.ts";
 *
 * const clock = new VirtualClock();
 * const device = new SimDevice({ clock });
 * using session = await openSession({ device, clock });
 * const runtime = new LiveRuntime(session, resolveRecipeOptions({ clock, seed: 1 }));
 * await runtime.perform({ type: "text", text: "Hi" });
 * console.assert(device.host.text === "Hi");
 * const timeline = await runtime.finish();
 * console.assert(timeline.events.length === 6);
 * ```
 */
export class LiveRuntime implements StepPerformer {
  readonly #target: RuntimeTarget;
  readonly #options: ResolvedRecipeOptions;
  readonly #play: LiveRuntimeOptions;
  readonly #scheduler: ReportScheduler;
  readonly #log = new TimelineRecorder();
  readonly #random: () => number;
  /** Keys down now (canonical code), with the action that pressed them. */
  readonly #keys = new Map<string, { key: KeySpec; action: number }>();
  readonly #buttons = new Map<number, number>();
  #afterInput = false;
  #leds: LedState;
  #ledReplies = 0;
  #stopped: TimeLimitReached | undefined;

  /**
   * Creates a runtime whose time starts now.
   *
   * @param target The controllers and the device.
   * @param options The resolved recipe options (layout, timing, seed, clock).
   * @param play Button wait, prompt, time limit, scheduler tuning.
   */
  constructor(
    target: RuntimeTarget,
    options: ResolvedRecipeOptions,
    play: LiveRuntimeOptions = {},
  ) {
    this.#target = target;
    this.#options = options;
    this.#play = play;
    this.#scheduler = new ReportScheduler({
      clock: options.clock,
      reportInterval: options.reportInterval,
      ...(play.limitMs === undefined ? {} : { limitMs: play.limitMs }),
      ...(play.leadMs === undefined ? {} : { leadMs: play.leadMs }),
      ...(play.spinMs === undefined ? {} : { spinMs: play.spinMs }),
    });
    this.#random = createSeededRandom(options.seed);
    this.#leds = target.device.ledState();
  }

  /** Milliseconds since the runtime started. */
  elapsed(): number {
    return this.#scheduler.elapsed();
  }

  /**
   * The host's lock state now.
   *
   * @returns Caps, Num and Scroll Lock.
   */
  locks(): LockState {
    this.#watchLeds();
    return { capsLock: this.#leds.capsLock, numLock: this.#leds.numLock, scrollLock: false };
  }

  /**
   * Performs one step and resolves when it is done.
   *
   * @param step The step.
   * @returns The lock state after it.
   * @throws {RecipeError} For an unknown key or an untypeable character, located at the step,
   * before its first report.
   * @throws {TimeLimitReached} When a bounded (dry) run reaches its limit.
   */
  async perform(step: RecipeStep): Promise<StepReply> {
    if (this.#stopped !== undefined) throw this.#stopped;
    try {
      switch (step.type) {
        case "locks":
          return this.#reply();
        case "waitForLedChange":
          await this.#waitForLedChange(step.timeoutMs);
          return this.#reply();
        case "prompt":
          return { ...this.#reply(), line: await (this.#play.prompt?.(step.message) ?? null) };
        default:
          await this.#action(step);
          return this.#reply();
      }
    } catch (error) {
      this.#stopped = TimeLimitReached.in(error);
      throw RecipeError.locate(error, step.source);
    }
  }

  /**
   * Releases whatever the recipe left down (recorded as a final `releaseAll`, with a warning)
   * one report interval after the last report, and returns what was played.
   *
   * @returns The timeline.
   */
  async finish(): Promise<Timeline> {
    if (this.#keys.size > 0 || this.#buttons.size > 0) {
      const held = [
        ...[...this.#keys.values()].map(({ key, action }) => ({ name: key.code, action })),
        ...[...this.#buttons].map(([button, action]) => ({ name: `button ${button}`, action })),
      ];
      const timeline = this.#log.finish(0);
      const names = held.map(({ name, action }) => {
        const source = timeline.actions[action]?.source;
        return source === undefined ? name : `${name} (from ${formatSourceLocation(source)})`;
      });
      const first = timeline.actions[held[0]?.action ?? -1]?.source;
      this.#log.warn({
        message: `the recipe ends with ${names.join(", ")} still down; released ${
          held.length === 1 ? "it" : "them"
        } at the end`,
        ...(first === undefined ? {} : { source: first }),
      });
      const index = this.#log.begin({ type: "releaseAll" }, this.elapsed());
      try {
        await this.#releaseOneByOne(index, 0);
      } catch {
        this.#releaseAllNow(index, this.elapsed()); // A dry run at its bound: release at once.
      }
    }
    return this.#log.finish(this.elapsed());
  }

  #reply(): StepReply {
    return { locks: this.locks(), ledReplies: this.#ledReplies };
  }

  #watchLeds(): void {
    const now = this.#target.device.ledState();
    if (now.capsLock !== this.#leds.capsLock || now.numLock !== this.#leds.numLock) {
      this.#ledReplies++;
      this.#leds = now;
    }
  }

  async #waitForLedChange(timeoutMs: number): Promise<void> {
    const start = this.elapsed();
    const replies = this.#ledReplies;
    while (true) {
      this.#watchLeds();
      if (this.#ledReplies !== replies) return;
      const left = timeoutMs - (this.elapsed() - start);
      if (left <= 0) return;
      await this.#scheduler.wait(Math.min(left, LED_POLL_MS));
    }
  }

  async #action(action: Action): Promise<void> {
    if (action.type === "wait") {
      const index = this.#log.begin(action, this.elapsed());
      await this.#scheduler.wait(action.ms);
      this.#log.end(index, this.elapsed());
      this.#afterInput = false;
      return;
    }
    if (action.type === "waitForButton") {
      const index = this.#log.begin(action, this.elapsed());
      this.#log.event({ kind: "waitForButton", time: this.elapsed(), action: index });
      await this.#play.waitForButton?.();
      this.#log.end(index, this.elapsed());
      this.#afterInput = false;
      return;
    }
    // Check everything first: nothing goes down for a step that cannot be played whole.
    const plan = this.#plan(action);
    const index = this.#log.begin(action, this.elapsed());
    let gap = this.#afterInput ? this.#gap(this.#options.delay) : 0;
    this.#afterInput = true;
    const next = (): number => {
      const value = gap;
      gap = 0;
      return value;
    };
    switch (action.type) {
      case "keyDown":
        await this.#keyDown(plan[0] as KeySpec, index, next());
        break;
      case "keyUp":
        await this.#keyUp(plan[0] as KeySpec, index, next());
        break;
      case "press": {
        const pressed: KeySpec[] = [];
        for (const key of plan as KeySpec[]) {
          if (await this.#keyDown(key, index, next())) pressed.push(key);
        }
        let hold = action.hold ?? this.#options.hold;
        for (const key of pressed.toReversed()) {
          await this.#keyUp(key, index, hold);
          hold = 0;
        }
        break;
      }
      case "text": {
        const strokes = plan as readonly KeyStroke[];
        const delay = action.delay ?? this.#options.typingDelay;
        const hold = Math.max(action.hold ?? this.#options.hold, this.#scheduler.reportInterval);
        for (let stroke = 0; stroke < strokes.length; stroke++) {
          if (stroke > 0) gap = this.#gap(delay);
          await this.#stroke(strokes[stroke] as KeyStroke, index, next(), hold);
        }
        break;
      }
      case "mouseMove":
        await this.#report(index, next(), () => this.#target.mouse.move(action.dx, action.dy), {
          kind: "move",
          dx: action.dx,
          dy: action.dy,
        });
        break;
      case "scroll":
        await this.#report(
          index,
          next(),
          () => this.#target.mouse.scroll(action.vertical, action.horizontal),
          { kind: "scroll", vertical: action.vertical, horizontal: action.horizontal },
        );
        break;
      case "mouseDown":
        await this.#buttonDown(action.button, index, next());
        break;
      case "mouseUp":
        await this.#buttonUp(action.button, index, next());
        break;
      case "click": {
        const delay = action.delay ?? this.#options.delay;
        for (let click = 0; click < action.count; click++) {
          if (click > 0) gap = this.#gap(delay);
          await this.#buttonDown(action.button, index, next());
          await this.#buttonUp(action.button, index, this.#options.hold);
        }
        break;
      }
      case "releaseAll":
        await this.#releaseOneByOne(index, next());
        break;
    }
    this.#log.end(index, this.elapsed());
  }

  /** Resolves keys, or plans text, before anything is posted. */
  #plan(action: Action): readonly (KeySpec | KeyStroke)[] {
    switch (action.type) {
      case "keyDown":
      case "keyUp":
        return [resolveKey(action.key)];
      case "press":
        return action.keys.map((key) => resolveKey(key));
      case "text":
        return strokesForText(action.text, {
          layout: this.#options.layout,
          keyboardType: this.#options.keyboardType,
          capsLock: this.locks().capsLock,
        });
      default:
        return [];
    }
  }

  async #stroke(stroke: KeyStroke, index: number, gap: number, hold: number): Promise<void> {
    const key = KEYS_BY_USAGE.get(stroke.usage);
    if (key === undefined) {
      throw new RecipeError(`the layout planned a stroke of keyboard usage ${stroke.usage}`, {
        hint: "this is a bug in the layout data; report it",
        exitCode: 1,
      });
    }
    const pressed: KeySpec[] = [];
    let next = gap;
    const down = async (spec: KeySpec) => {
      if (await this.#keyDown(spec, index, next)) pressed.push(spec);
      next = 0;
    };
    if (stroke.shift && !this.#keys.has(SHIFT_LEFT.code) && !this.#keys.has(SHIFT_RIGHT.code)) {
      await down(SHIFT_LEFT);
    }
    if (stroke.option && !this.#keys.has(ALT_LEFT.code) && !this.#keys.has(ALT_RIGHT.code)) {
      await down(ALT_LEFT);
    }
    await down(key);
    let after = hold;
    for (const spec of pressed.toReversed()) {
      await this.#keyUp(spec, index, after);
      after = 0;
    }
  }

  async #keyDown(key: KeySpec, index: number, gap: number): Promise<boolean> {
    if (this.#keys.has(key.code)) return false;
    await this.#report(index, gap, () => this.#target.keyboard.down(key.code), {
      kind: "keyDown",
      key,
    });
    this.#keys.set(key.code, { key, action: index });
    return true;
  }

  async #keyUp(key: KeySpec, index: number, gap: number): Promise<void> {
    if (!this.#keys.has(key.code)) return;
    await this.#report(index, gap, () => this.#target.keyboard.up(key.code), {
      kind: "keyUp",
      key,
    });
    this.#keys.delete(key.code);
  }

  async #buttonDown(button: number, index: number, gap: number): Promise<void> {
    if (this.#buttons.has(button)) return;
    await this.#report(index, gap, () => this.#target.mouse.down(button), {
      kind: "buttonDown",
      button,
    });
    this.#buttons.set(button, index);
  }

  async #buttonUp(button: number, index: number, gap: number): Promise<void> {
    if (!this.#buttons.has(button)) return;
    await this.#report(index, gap, () => this.#target.mouse.up(button), {
      kind: "buttonUp",
      button,
    });
    this.#buttons.delete(button);
  }

  async #report(
    index: number,
    gap: number,
    post: () => void,
    event:
      | { kind: "keyDown" | "keyUp"; key: KeySpec }
      | { kind: "buttonDown" | "buttonUp"; button: number }
      | { kind: "move"; dx: number; dy: number }
      | { kind: "scroll"; vertical: number; horizontal: number },
  ): Promise<void> {
    const time = await this.#scheduler.report(gap, post);
    this.#watchLeds();
    this.#log.event({ ...event, time, action: index });
  }

  /** Releases every key (last pressed first) and button, one report interval apart. */
  async #releaseOneByOne(index: number, gap: number): Promise<void> {
    let next = gap;
    for (const { key } of [...this.#keys.values()].toReversed()) {
      await this.#keyUp(key, index, next);
      next = 0;
    }
    for (const button of [...this.#buttons.keys()].sort((a, b) => a - b)) {
      await this.#buttonUp(button, index, next);
      next = 0;
    }
  }

  /**
   * Releases every key and button at once (one report per report id), and records it: only when
   * a dry run's bound leaves no time to release them one by one.
   */
  #releaseAllNow(index: number, time: number): void {
    for (const { key } of [...this.#keys.values()].toReversed()) {
      this.#log.event({ kind: "keyUp", time, action: index, key });
    }
    for (const button of [...this.#buttons.keys()].sort((a, b) => a - b)) {
      this.#log.event({ kind: "buttonUp", time, action: index, button });
    }
    this.#keys.clear();
    this.#buttons.clear();
    this.#target.keyboard.releaseAll();
    this.#target.mouse.releaseAll();
  }

  #gap(base: number): number {
    const jitter = this.#options.jitter;
    return jitter > 0 ? base + this.#random() * jitter : base;
  }
}
