/**
 * Opens what a recipe plays on: the device (or, for a dry run, a fresh simulated Mac on a
 * virtual clock), a session that releases everything on every exit path, and the live runtime
 * over it. `recipe()`, `dextkit run` and `dextkit type` all start recipes here, so playing, dry
 * runs and traces take one path.
 *
 * @module
 */
import { getLogger } from "../deps/logtape.ts";
import { VirtualClock } from "../device/clock.ts";
import { ObservedDevice } from "../device/observed_device.ts";
import { selectDevice, type SelectDeviceOptions } from "../device/select_device.ts";
import { openSession, type Session } from "../device/session.ts";
import { SimDevice } from "../device/sim_device.ts";
import type { KeyboardParameters, VirtualHIDDevice } from "../device/virtual_hid_device.ts";
import type { SimulatedHost } from "../host/simulated_host.ts";
import { LiveRuntime } from "./live_runtime.ts";
import { formatSourceLocation } from "./recipe_errors.ts";
import type { ResolvedRecipeOptions } from "./recipe_options.ts";
import { TimeLimitReached } from "./scheduler.ts";
import type { Timeline } from "./timeline.ts";

/** What a finished recipe resolves to. */
export interface RecipeResult {
  /** What was played: every action, every report with its time, warnings. */
  readonly timeline: Timeline;
  /** Whether it played on a device (false for a dry run, which played on the simulated Mac). */
  readonly played: boolean;
  /** The device backend's name (`sim` for a dry run). */
  readonly device: string;
  /** What the Mac shows as typed: the simulated Mac's text, or the mirror of a real device's. */
  readonly text: string;
  /** Shortcuts the Mac saw, for example `Meta+KeyC`. */
  readonly shortcuts: readonly string[];
  /** Set when a dry run stopped at its bound of virtual time (milliseconds). */
  readonly stoppedAfterMs?: number;
  /** The host that saw the reports; only in the process that played them. */
  readonly host?: SimulatedHost;
}

/** How a recipe session plays, beyond the recipe's options. */
export interface RecipeSessionOptions {
  /** Environment variables for device selection (`DEXTKIT_DEVICE`). */
  readonly env?: SelectDeviceOptions["env"];
  /** The keyboard identity (DuckyScript's `ID` line). */
  readonly keyboardParameters?: KeyboardParameters;
  /** Called once the device is ready, before the first step (the CLI's countdown). */
  readonly beforePlay?: () => Promise<void>;
  /** Called for `waitForButton`. */
  readonly waitForButton?: () => Promise<void>;
  /** Called for `prompt`. */
  readonly prompt?: (message: string) => Promise<string | null>;
  /** Scheduler timer lead with the system clock. */
  readonly leadMs?: number;
  /** Scheduler spin with the system clock. */
  readonly spinMs?: number;
}

/** An open recipe session: perform steps on `runtime`, then `finish`. */
export interface RecipeSession {
  /** The runtime that performs the recipe's steps. */
  readonly runtime: LiveRuntime;
  /** The resolved options it plays with. */
  readonly options: ResolvedRecipeOptions;
  /**
   * Releases what is left down, closes the session and returns what was played. A
   * {@linkcode TimeLimitReached} failure is the bounded end of a dry run, not an error.
   *
   * @param failure What the recipe threw, if anything; rethrown after closing.
   * @returns The result.
   */
  finish(failure?: { readonly error: unknown }): Promise<RecipeResult>;
}

const logger = getLogger(["dextkit", "recipe"]);

/**
 * Opens a device (a fresh simulated Mac with a virtual clock for a dry run) and the runtime.
 *
 * @param options The resolved recipe options.
 * @param play Environment, keyboard identity, countdown, button wait, prompt.
 * @returns The session.
 * @throws {DextkitError} For an unknown or unavailable device.
 *
 * @example A dry run: the simulated Mac types, nothing waits
 * ```ts
 * import { openRecipeSession } from "./recipe_session.ts";
 * import { resolveRecipeOptions } from "./recipe_options.ts";
 *
 * const session = await openRecipeSession(resolveRecipeOptions({ dryRun: true, seed: 1 }));
 * await session.runtime.perform({ type: "text", text: "hi" });
 * await session.runtime.perform({ type: "wait", ms: 60_000 });
 * const result = await session.finish();
 * console.assert(result.text === "hi" && !result.played);
 * console.assert(result.timeline.duration > 60_000);
 * ```
 */
export async function openRecipeSession(
  options: ResolvedRecipeOptions,
  play: RecipeSessionOptions = {},
): Promise<RecipeSession> {
  const resolved = options.dryRun ? { ...options, clock: new VirtualClock() } : options;
  const { device, name, host } = openDevice(resolved, play.env);
  const session: Session = await openSession({
    device,
    clock: resolved.clock,
    layout: resolved.layout,
    keyboardType: resolved.keyboardType,
    ...(play.keyboardParameters === undefined
      ? {}
      : { keyboardParameters: play.keyboardParameters }),
  });
  try {
    if (!resolved.dryRun) await play.beforePlay?.();
  } catch (error) {
    session.close();
    throw error;
  }
  const runtime = new LiveRuntime(session, resolved, {
    ...(play.waitForButton === undefined || resolved.dryRun
      ? {}
      : { waitForButton: play.waitForButton }),
    ...(play.prompt === undefined || resolved.dryRun ? {} : { prompt: play.prompt }),
    ...(resolved.dryRun ? { limitMs: resolved.dryRunFor } : {}),
    ...(play.leadMs === undefined ? {} : { leadMs: play.leadMs }),
    ...(play.spinMs === undefined ? {} : { spinMs: play.spinMs }),
  });
  return {
    runtime,
    options: resolved,
    async finish(failure) {
      let timeline: Timeline;
      try {
        timeline = await runtime.finish();
      } finally {
        session.close();
      }
      const stopped = failure === undefined ? undefined : TimeLimitReached.in(failure.error);
      if (failure !== undefined && stopped === undefined) throw failure.error;
      for (const warning of timeline.warnings) {
        const where = warning.source === undefined
          ? ""
          : `${formatSourceLocation(warning.source)}: `;
        logger.warn(`${where}${warning.message}`);
      }
      return {
        timeline,
        played: !resolved.dryRun,
        device: name,
        text: host.text,
        shortcuts: host.shortcuts,
        host,
        ...(stopped === undefined ? {} : { stoppedAfterMs: stopped.limitMs }),
      };
    },
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
  if (options.dryRun) {
    const sim = new SimDevice(hostOptions);
    return { device: sim, name: "sim", host: sim.host };
  }
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
