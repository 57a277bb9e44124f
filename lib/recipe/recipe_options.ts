/**
 * The options of a recipe: device, layout, keyboard type, delays, jitter, seed, dry run, clock;
 * how the command line's options combine with a recipe's own, and their defaults.
 *
 * @module
 */
import { type Clock, systemClock } from "../device/clock.ts";
import type { VirtualHIDDevice } from "../device/virtual_hid_device.ts";
import type { KeyboardLayout } from "../layout/keyboard_layout.ts";
import { type KeyboardType, parseKeyboardType } from "../layout/keyboard_type.ts";
import { resolveLayout } from "../layout/resolve_layout.ts";
import { strokesForText } from "../layout/text_strokes.ts";
import { RecipeError } from "./recipe_errors.ts";
import { MAX_SEED, randomSeed } from "./seeded_random.ts";
import type { TimelineOptions } from "./timeline.ts";

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
   * Milliseconds between actions, how long `press` holds its keys, and the click delay;
   * {@linkcode DEFAULT_RECIPE_DELAY_MS} when omitted.
   */
  readonly delay?: number;
  /** Milliseconds between the key strokes of typed text; `delay` when omitted. */
  readonly typingDelay?: number;
  /** Up to this many milliseconds added at random to every gap the scheduler inserts; 0 when omitted. */
  readonly jitter?: number;
  /** Seed of the jitter generator, an integer in 0..2^32−1; a random seed when omitted. */
  readonly seed?: number;
  /** Plan only: nothing is typed, and the result carries the timeline. */
  readonly dryRun?: boolean;
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
  /** Random extra milliseconds per gap, at most. */
  readonly jitter: number;
  /** The jitter seed. */
  readonly seed: number;
  /** Whether to plan only. */
  readonly dryRun: boolean;
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
 * @throws {RecipeError} For a delay, jitter or seed out of range.
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
  const jitter = milliseconds("jitter", options.jitter ?? 0);
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
    jitter,
    seed,
    dryRun: options.dryRun ?? false,
    clock: options.clock ?? systemClock,
  };
}

/**
 * The options the timeline planner needs from resolved recipe options: delays, jitter, seed, and
 * text planned through the layout and keyboard type for a Caps Lock state.
 *
 * @param options Resolved recipe options.
 * @param capsLock Whether Caps Lock is on before the recipe starts (the device's LED state).
 * @returns The planner's options.
 *
 * @example Plan `z` on German: the Y key
 * ```ts
 * import { resolveRecipeOptions, timelineOptionsFor } from "./recipe_options.ts";
 *
 * const options = timelineOptionsFor(resolveRecipeOptions({ layout: "de" }), false);
 * console.assert(options.planText("z")[0]?.usage === 0x1c);
 * ```
 */
export function timelineOptionsFor(
  options: ResolvedRecipeOptions,
  capsLock: boolean,
): TimelineOptions {
  const { layout, keyboardType } = options;
  return {
    planText: (text) => strokesForText(text, { layout, keyboardType, capsLock }),
    delay: options.delay,
    typingDelay: options.typingDelay,
    jitter: options.jitter,
    seed: options.seed,
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
