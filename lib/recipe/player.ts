/**
 * The player: plans an action list and plays it on a device, inside a session.
 *
 * Everything is checked before the device is touched: every key name, and every character of
 * every text against the layout. Then the session opens, the plan is made again for the Caps Lock
 * state the device reports, and the scheduler plays it. The session is what makes playing safe:
 * when the scheduler stops on a device error, an exception or Ctrl-C, the session releases every
 * key and button before the error propagates or the process exits. A recipe that ends with keys or
 * buttons down gets them released at the end, with a warning.
 *
 * @module
 */
import { getLogger } from "../deps/logtape.ts";
import { ObservedDevice } from "../device/observed_device.ts";
import { selectDevice, type SelectDeviceOptions } from "../device/select_device.ts";
import { withSession } from "../device/session.ts";
import { SimDevice } from "../device/sim_device.ts";
import type { KeyboardParameters, VirtualHIDDevice } from "../device/virtual_hid_device.ts";
import type { SimulatedHost } from "../host/simulated_host.ts";
import type { Action } from "./action.ts";
import { formatSourceLocation } from "./recipe_errors.ts";
import { type ResolvedRecipeOptions, timelineOptionsFor } from "./recipe_options.ts";
import type { RecipeResult } from "./recipe_runtime.ts";
import { playTimeline, type PlayTimelineOptions } from "./scheduler.ts";
import { buildTimeline, type Timeline } from "./timeline.ts";

/** Options of {@linkcode playRecipe} besides the recipe's own. */
export interface PlayRecipeOptions {
  /** Where `DEXTKIT_DEVICE` is read when the recipe names no device; see `selectDevice`. */
  readonly env?: SelectDeviceOptions["env"];
  /** The keyboard's identity (vendor id, product id, country code); the default when omitted. */
  readonly keyboardParameters?: KeyboardParameters;
  /**
   * Runs after the session is open, right before the first event: a countdown, for example.
   */
  readonly beforePlay?: () => Promise<void>;
  /** Called at each `waitForButton` action; playing goes straight on when omitted. */
  readonly waitForButton?: PlayTimelineOptions["waitForButton"];
  /** The scheduler's timer lead; see `playTimeline`. */
  readonly leadMs?: number;
  /** The scheduler's final spin; see `playTimeline`. */
  readonly spinMs?: number;
}

/** The outcome of {@linkcode playRecipe}: a {@linkcode RecipeResult} of a played recipe. */
export interface PlayedRecipe extends RecipeResult {
  /** Always true. */
  readonly played: true;
  /** The device backend's name. */
  readonly device: string;
  /** The host that saw the reports (the simulated Mac, or a mirror of a real device). */
  readonly host: SimulatedHost;
  /** When each timeline event was really posted. */
  readonly times: Float64Array;
}

const logger = getLogger(["dextkit", "recipe"]);

/**
 * Plans an action list without a device (Caps Lock assumed off) and logs its warnings: what a dry
 * run shows.
 *
 * @param actions The actions.
 * @param options The resolved recipe options.
 * @returns The timeline.
 * @throws {RecipeError} For an unknown key or a character the layout cannot type, located.
 *
 * @example
 * ```ts
 * import { planRecipe } from "./player.ts";
 * import { resolveRecipeOptions } from "./recipe_options.ts";
 *
 * const timeline = planRecipe([{ type: "text", text: "Hi" }], resolveRecipeOptions({ delay: 5 }));
 * console.assert(timeline.events.length === 6 && timeline.duration === 5);
 * ```
 */
export function planRecipe(actions: readonly Action[], options: ResolvedRecipeOptions): Timeline {
  const timeline = buildTimeline(actions, timelineOptionsFor(options, false));
  for (const warning of timeline.warnings) {
    const where = warning.source === undefined ? "" : `${formatSourceLocation(warning.source)}: `;
    logger.warn(`${where}${warning.message}`);
  }
  return timeline;
}

/**
 * Plays an action list on the recipe's device: checks the plan, opens a session, plays, and
 * closes the session (which releases every key and button) whatever happens.
 *
 * A `sim` device is created with the recipe's clock, layout and keyboard type, so its host types
 * what a Mac with that input source would. Any other backend is wrapped in an
 * {@linkcode ObservedDevice}, so the result's `host` still shows what the Mac would type.
 *
 * @param actions The actions.
 * @param options The resolved recipe options (device, layout, delays, clock, …).
 * @param play Environment, keyboard identity, countdown hook, button wait, scheduler tuning.
 * @returns The outcome, with the host and the real posting times.
 * @throws {RecipeError} For a bad step, before the device is opened.
 * @throws {DextkitError} For an unknown or unavailable device, or a device error while playing
 * (after every key and button was released).
 *
 * @example Play a greeting on the simulated Mac with a virtual clock
 * ```ts
 * import { playRecipe } from "./player.ts";
 * import { resolveRecipeOptions } from "./recipe_options.ts";
 * import { VirtualClock } from "../device/clock.ts";
 *
 * const options = resolveRecipeOptions({ device: "sim", clock: new VirtualClock(), seed: 1 });
 * const result = await playRecipe([{ type: "text", text: "Hello!" }], options);
 * console.assert(result.host?.text === "Hello!");
 * console.assert(result.device === "sim" && result.played);
 * ```
 */
export async function playRecipe(
  actions: readonly Action[],
  options: ResolvedRecipeOptions,
  play: PlayRecipeOptions = {},
): Promise<PlayedRecipe> {
  planRecipe(actions, options);
  const { device, name, host } = openDevice(options, play.env);
  const result = await withSession({
    device,
    clock: options.clock,
    layout: options.layout,
    keyboardType: options.keyboardType,
    ...(play.keyboardParameters === undefined
      ? {}
      : { keyboardParameters: play.keyboardParameters }),
  }, async (session) => {
    const capsLock = session.device.ledState().capsLock;
    const timeline = buildTimeline(actions, timelineOptionsFor(options, capsLock));
    await play.beforePlay?.();
    const played = await playTimeline(timeline, session, {
      clock: options.clock,
      ...(play.waitForButton === undefined ? {} : { waitForButton: play.waitForButton }),
      ...(play.leadMs === undefined ? {} : { leadMs: play.leadMs }),
      ...(play.spinMs === undefined ? {} : { spinMs: play.spinMs }),
    });
    return { timeline, times: played.times };
  });
  return {
    actions,
    timeline: result.timeline,
    options,
    played: true,
    device: name,
    host,
    times: result.times,
  };
}

interface OpenedDevice {
  readonly device: VirtualHIDDevice;
  readonly name: string;
  readonly host: SimulatedHost;
}

function openDevice(
  options: ResolvedRecipeOptions,
  env: SelectDeviceOptions["env"] | undefined,
): OpenedDevice {
  const hostOptions = {
    clock: options.clock,
    layout: options.layout,
    keyboardType: options.keyboardType,
  };
  if (typeof options.device === "object") {
    const device = options.device;
    if (device instanceof SimDevice || device instanceof ObservedDevice) {
      return { device, name: device.backend, host: device.host };
    }
    const observed = new ObservedDevice(device, hostOptions);
    return { device: observed, name: device.backend, host: observed.host };
  }
  const selection = selectDevice(options.device, env === undefined ? {} : { env });
  if (selection.notice !== undefined) logger.info(selection.notice);
  if (selection.device instanceof SimDevice) {
    // A fresh simulated Mac on the recipe's clock, with the recipe's input source selected.
    const sim = new SimDevice(hostOptions);
    return { device: sim, name: selection.name, host: sim.host };
  }
  const observed = new ObservedDevice(selection.device, hostOptions);
  return { device: observed, name: selection.name, host: observed.host };
}
