/**
 * The options of a recipe: device, layout, keyboard type, timing (delays, holds, report
 * interval, jitter, seed), dry run, clock; how the command line's options combine with a
 * recipe's own, and their defaults.
 *
 * The timing defaults type like a fast, steady typist on a USB keyboard: reports at least
 * {@linkcode DEFAULT_REPORT_INTERVAL_MS} apart, every key held {@linkcode DEFAULT_HOLD_MS}, and
 * {@linkcode DEFAULT_RECIPE_DELAY_MS} between strokes: about 50 characters a second for plain
 * letters (a shifted character takes two more report intervals), which applications keep up
 * with.
 *
 * @module
 */
import { type Clock, systemClock } from "../device/clock.ts";
import type { VirtualHIDDevice } from "../device/virtual_hid_device.ts";
import type { KeyboardLayout } from "../layout/keyboard_layout.ts";
import { type KeyboardType, parseKeyboardType } from "../layout/keyboard_type.ts";
import { resolveLayout } from "../layout/resolve_layout.ts";
import { RecipeError } from "./recipe_errors.ts";
import { DEFAULT_REPORT_INTERVAL_MS } from "./scheduler.ts";
import { MAX_SEED, randomSeed } from "./seeded_random.ts";

/** What a recipe can set; everything is optional. */
export interface RecipeOptions {
  /**
   * The device: a backend name (`"sim"`, `"iokit"`, `"auto"`) or a device instance. When omitted,
   * `DEXTKIT_DEVICE` or else `auto` decides.
   */
  readonly device?: string | VirtualHIDDevice;
  /**
   * The layout selected on the Mac: an id (`"de"`), a name (`"German"`), an input source
   * (`"com.apple.keylayout.German"`), `"auto"` (read from the Mac), a `.keylayout` path or a
   * layout; `auto` on macOS and U.S. elsewhere when omitted (see `resolve_layout.ts`).
   */
  readonly layout?: string | KeyboardLayout;
  /** How macOS classes the keyboard: `"ansi"`, `"iso"` or `"jis"`; the layout's usual type when omitted. */
  readonly keyboardType?: KeyboardType;
  /**
   * Milliseconds between actions and between clicks; {@linkcode DEFAULT_RECIPE_DELAY_MS} when
   * omitted.
   */
  readonly delay?: number;
  /** Milliseconds between the key strokes of typed text; `delay` when omitted. */
  readonly typingDelay?: number;
  /**
   * Milliseconds a pressed or typed key (and a clicked button) stays down, at least the report
   * interval; {@linkcode DEFAULT_HOLD_MS} when omitted.
   */
  readonly hold?: number;
  /** Milliseconds between two reports at least; {@linkcode DEFAULT_REPORT_INTERVAL_MS} when omitted. */
  readonly reportInterval?: number;
  /** Up to this many milliseconds added at random to every gap the scheduler inserts; 0 when omitted. */
  readonly jitter?: number;
  /** Seed of the jitter generator, an integer in 0..2^32−1; a random seed when omitted. */
  readonly seed?: number;
  /**
   * Play on a fresh simulated Mac with a virtual clock instead of the device: nothing is typed,
   * nothing waits, and the result carries what would have been played.
   */
  readonly dryRun?: boolean;
  /**
   * Milliseconds of virtual time a dry run plays at most (a recipe that loops until Ctrl-C stops
   * there, and says so); {@linkcode DEFAULT_DRY_RUN_FOR_MS} when omitted.
   */
  readonly dryRunFor?: number;
  /** The clock delays wait on; the system clock when omitted (tests pass a `VirtualClock`). */
  readonly clock?: Clock;
}

/** Every option with its default applied, the layout looked up and the values checked. */
export interface ResolvedRecipeOptions {
  /** The device name or instance; `undefined` means `DEXTKIT_DEVICE` or `auto`. */
  readonly device: string | VirtualHIDDevice | undefined;
  /** The layout. */
  readonly layout: KeyboardLayout;
  /** The keyboard type. */
  readonly keyboardType: KeyboardType;
  /** Milliseconds between actions and key holds. */
  readonly delay: number;
  /** Milliseconds between typed strokes. */
  readonly typingDelay: number;
  /** Milliseconds keys and buttons stay down, at least the report interval. */
  readonly hold: number;
  /** Milliseconds between reports at least. */
  readonly reportInterval: number;
  /** Random extra milliseconds per gap, at most. */
  readonly jitter: number;
  /** The jitter seed. */
  readonly seed: number;
  /** Whether to play on the simulated Mac with a virtual clock. */
  readonly dryRun: boolean;
  /** Virtual milliseconds a dry run plays at most. */
  readonly dryRunFor: number;
  /** The clock. */
  readonly clock: Clock;
}

/**
 * The default delay between actions, and of key holds and clicks: 10 ms, short enough to type
 * fast and long enough that no app sees a press and its release in the same instant.
 *
 * @example
 * ```ts
 * import { DEFAULT_RECIPE_DELAY_MS } from "./recipe_options.ts";
 *
 * console.assert(DEFAULT_RECIPE_DELAY_MS === 10);
 * ```
 */
export const DEFAULT_RECIPE_DELAY_MS = 10;

/**
 * The default key hold: 10 ms, ten report intervals, long enough that every application sees the
 * key down in a frame of its own.
 *
 * @example
 * ```ts
 * import { DEFAULT_HOLD_MS } from "./recipe_options.ts";
 *
 * console.assert(DEFAULT_HOLD_MS === 10);
 * ```
 */
export const DEFAULT_HOLD_MS = 10;

/**
 * How much virtual time a dry run shows at most by default: 60 s.
 *
 * @example
 * ```ts
 * import { DEFAULT_DRY_RUN_FOR_MS } from "./recipe_options.ts";
 *
 * console.assert(DEFAULT_DRY_RUN_FOR_MS === 60_000);
 * ```
 */
export const DEFAULT_DRY_RUN_FOR_MS = 60_000;

/**
 * Combines a recipe's own options with the ones given on the command line: an option the command
 * line set wins, every other option is the recipe's.
 *
 * @param own The options the recipe passes to `recipe()`.
 * @param overrides The options the user set explicitly (`--device`, `--layout`, `--seed`, …).
 * @returns The combined options.
 *
 * @example `--layout fr` beats the recipe's German, the recipe's delay stays
 * ```ts
 * import { mergeRecipeOptions } from "./recipe_options.ts";
 *
 * const merged = mergeRecipeOptions({ layout: "de", delay: 20 }, { layout: "fr" });
 * console.assert(merged.layout === "fr" && merged.delay === 20);
 * ```
 */
export function mergeRecipeOptions(own: RecipeOptions, overrides: RecipeOptions): RecipeOptions {
  const merged: Record<string, unknown> = { ...own };
  for (const [name, value] of Object.entries(overrides)) {
    if (value !== undefined) merged[name] = value;
  }
  return merged as RecipeOptions;
}

/**
 * Applies the defaults, looks the layout up and checks every value.
 *
 * @param options The recipe's options.
 * @returns The resolved options.
 * @throws {RecipeError} For a delay, hold, interval, jitter or seed out of range.
 * @throws {UnknownLayoutError} For an unknown layout, with the closest ids.
 * @throws {UnknownKeyboardTypeError} For a keyboard type other than ansi, iso and jis.
 *
 * @example German on its usual ISO keyboard, typing delay from the delay
 * ```ts
 * import { resolveRecipeOptions } from "./recipe_options.ts";
 *
 * const options = resolveRecipeOptions({ layout: "de", delay: 20, seed: 7 });
 * console.assert(options.layout.name === "German" && options.keyboardType === "iso");
 * console.assert(options.typingDelay === 20 && options.jitter === 0 && options.seed === 7);
 * ```
 */
export function resolveRecipeOptions(options: RecipeOptions): ResolvedRecipeOptions {
  const layout = typeof options.layout === "object" ? options.layout : resolveLayout(
    options.layout,
    options.keyboardType === undefined ? {} : { keyboardType: options.keyboardType },
  );
  const keyboardType = options.keyboardType === undefined
    ? layout.defaultKeyboardType
    : parseKeyboardType(String(options.keyboardType));
  const delay = milliseconds("delay", options.delay ?? DEFAULT_RECIPE_DELAY_MS);
  const typingDelay = milliseconds("typingDelay", options.typingDelay ?? delay);
  const reportInterval = milliseconds(
    "reportInterval",
    options.reportInterval ?? DEFAULT_REPORT_INTERVAL_MS,
  );
  const hold = Math.max(milliseconds("hold", options.hold ?? DEFAULT_HOLD_MS), reportInterval);
  const jitter = milliseconds("jitter", options.jitter ?? 0);
  const dryRunFor = milliseconds("dryRunFor", options.dryRunFor ?? DEFAULT_DRY_RUN_FOR_MS);
  const seed = options.seed ?? randomSeed();
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RecipeError(`recipe option seed ${seed} is not an integer in 0..${MAX_SEED}`, {
      hint: "pass a whole number such as 42, or leave the seed out for a random one",
    });
  }
  return {
    device: options.device,
    layout,
    keyboardType,
    delay,
    typingDelay,
    hold,
    reportInterval,
    jitter,
    seed,
    dryRun: options.dryRun ?? false,
    dryRunFor,
    clock: options.clock ?? systemClock,
  };
}

function milliseconds(name: string, value: number): number {
  if (typeof value !== "number" || !(value >= 0) || value === Infinity) {
    throw new RecipeError(
      `recipe option ${name} ${String(value)} is not a non-negative number of milliseconds`,
      { hint: "give delays and jitter in milliseconds, 0 for none" },
    );
  }
  return value;
}
