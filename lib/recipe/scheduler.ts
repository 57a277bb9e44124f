/**
 * The second half of the scheduler: plays a {@linkcode Timeline} on a keyboard and a mouse,
 * each event at its time, on an injectable clock.
 *
 * Every event is due at `start + event.time`, an absolute time, so a late event never delays the
 * ones after it. To be on time without burning a core, the wait for each event has three stages:
 *
 * 1. sleep on the clock's timer until `leadMs` before the due time (timers wake late by a
 *    millisecond or more on a busy machine; the lead absorbs that);
 * 2. with the system clock only, block the thread (`Atomics.wait`, a kernel sleep with
 *    sub-millisecond wake-up) until `spinMs` before the due time;
 * 3. spin on `clock.now()` until the due time.
 *
 * Then the event is posted through the controllers' synchronous `down`/`up`/`move`/`scroll`, so
 * nothing is left to a promise between the due time and the report. With `spinMs >= leadMs` the
 * block stage is skipped (plain sleep-then-spin). With any other clock (a `VirtualClock` in tests)
 * the lead is 0 and nothing blocks or spins: `sleep` moves virtual time to the due time exactly.
 *
 * Events closer together than the lead are played without returning to the event loop, which
 * would also hold back Ctrl-C. So with the system clock the scheduler yields to the event loop at
 * least every {@linkcode MAX_BLOCKING_MS}, even if that makes one event late.
 *
 * @module
 */
import { type Clock, systemClock } from "../device/clock.ts";
import type { Timeline, TimelineButtonWaitEvent, TimelineEvent } from "./timeline.ts";

/** What the scheduler posts events to: the synchronous methods of `Keyboard` and `Mouse`. */
export interface TimelineTarget {
  /** The keyboard controller (or anything with the same `down`/`up`). */
  readonly keyboard: {
    down(name: string): void;
    up(name: string): void;
  };
  /** The mouse controller (or anything with the same methods). */
  readonly mouse: {
    down(button: number): void;
    up(button: number): void;
    move(dx: number, dy: number): void;
    scroll(vertical: number, horizontal: number): void;
  };
}

/** Options of {@linkcode playTimeline}. */
export interface PlayTimelineOptions {
  /** The clock; {@linkcode systemClock} when omitted. */
  readonly clock?: Clock;
  /**
   * Milliseconds before each due time at which the timer sleep ends; {@linkcode DEFAULT_LEAD_MS}
   * with the system clock, 0 with any other clock.
   */
  readonly leadMs?: number;
  /**
   * Milliseconds before each due time at which the system clock's blocking wait ends and the spin
   * starts; {@linkcode DEFAULT_SPIN_MS} when omitted. Ignored with other clocks.
   */
  readonly spinMs?: number;
  /**
   * Called at each `waitForButton` event; playing resumes when it resolves, and every later event
   * moves back by the time it took. Playing goes straight on when omitted.
   */
  readonly waitForButton?: (event: TimelineButtonWaitEvent) => Promise<void>;
}

/** What happened when a timeline was played. */
export interface PlayedTimeline {
  /**
   * When each event was posted, in milliseconds from the start, button waits taken out: the
   * event's deviation is `times[i] - timeline.events[i].time`.
   */
  readonly times: Float64Array;
  /** Milliseconds spent waiting for the button, in total. */
  readonly buttonWaitMs: number;
}

/** Timing deviations of a played timeline, in milliseconds (late is positive). */
export interface DeviationStats {
  /** The median deviation. */
  readonly p50: number;
  /** The 99th percentile. */
  readonly p99: number;
  /** The largest deviation. */
  readonly max: number;
}

/**
 * The default lead of the timer sleep with the system clock: 3 ms, above the timer's usual
 * lateness on a loaded machine.
 *
 * @example
 * ```ts
 * import { DEFAULT_LEAD_MS } from "./scheduler.ts";
 *
 * console.assert(DEFAULT_LEAD_MS === 3);
 * ```
 */
export const DEFAULT_LEAD_MS = 3;

/**
 * The default final spin with the system clock: 0.2 ms, above the blocking wait's wake-up
 * latency.
 *
 * @example
 * ```ts
 * import { DEFAULT_SPIN_MS } from "./scheduler.ts";
 *
 * console.assert(DEFAULT_SPIN_MS === 0.2);
 * ```
 */
export const DEFAULT_SPIN_MS = 0.2;

/**
 * The longest stretch the scheduler plays without returning to the event loop (where signal
 * listeners such as the session's Ctrl-C handler run): 50 ms.
 *
 * @example
 * ```ts
 * import { MAX_BLOCKING_MS } from "./scheduler.ts";
 *
 * console.assert(MAX_BLOCKING_MS === 50);
 * ```
 */
export const MAX_BLOCKING_MS = 50;

/** The cell `Atomics.wait` blocks on; nothing ever notifies it, so every wait times out. */
const BLOCK_CELL = new Int32Array(new SharedArrayBuffer(4));

/**
 * Plays a timeline: waits for each event's time and posts it. An error from the target (a device
 * error) stops playing and propagates; the caller's session then releases every key and button.
 *
 * @param timeline The planned events.
 * @param target The keyboard and mouse controllers.
 * @param options Clock, timing stages, and the button wait.
 * @returns When each event was posted.
 * @throws Whatever the target or `waitForButton` throws.
 *
 * @example Play a key tap on the simulated host with a virtual clock
 * ```ts
 * import { playTimeline } from "./scheduler.ts";
 * import { buildTimeline } from "./timeline.ts";
 * import { openSession } from "../device/session.ts";
 * import { SimDevice } from "../device/sim_device.ts";
 * import { VirtualClock } from "../device/clock.ts";
 *
 * const clock = new VirtualClock();
 * const device = new SimDevice({ clock });
 * using session = await openSession({ device, clock });
 * const timeline = buildTimeline([{ type: "press", keys: ["KeyA"] }], {
 *   planText: () => [],
 *   delay: 30,
 *   typingDelay: 0,
 *   jitter: 0,
 *   seed: 0,
 * });
 * const played = await playTimeline(timeline, session, { clock });
 * console.assert(device.host.text === "a");
 * console.assert(played.times[1] === 30 && clock.now() === 30);
 * ```
 */
export async function playTimeline(
  timeline: Timeline,
  target: TimelineTarget,
  options: PlayTimelineOptions = {},
): Promise<PlayedTimeline> {
  const clock = options.clock ?? systemClock;
  const real = clock === systemClock;
  const lead = options.leadMs ?? (real ? DEFAULT_LEAD_MS : 0);
  const spin = real ? Math.min(options.spinMs ?? DEFAULT_SPIN_MS, lead) : lead;
  const events = timeline.events;
  const times = new Float64Array(events.length);
  let origin = clock.now();
  let lastYield = origin;
  let buttonWaitMs = 0;
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as TimelineEvent;
    const due = origin + event.time;
    let remaining = due - clock.now();
    if (remaining > lead) {
      await clock.sleep(remaining - lead);
      lastYield = clock.now();
      remaining = due - lastYield;
    } else if (real && clock.now() - lastYield > MAX_BLOCKING_MS) {
      await nextMacrotask();
      lastYield = clock.now();
      remaining = due - lastYield;
    }
    if (real && remaining > spin) Atomics.wait(BLOCK_CELL, 0, 0, remaining - spin);
    while (clock.now() < due) {
      // Spin: the last fraction of a millisecond, where no sleep wakes up on time.
    }
    const now = clock.now();
    times[index] = now - origin;
    if (event.kind === "waitForButton") {
      if (options.waitForButton !== undefined) {
        await options.waitForButton(event);
        lastYield = clock.now();
        origin += lastYield - now;
        buttonWaitMs += lastYield - now;
      }
      continue;
    }
    post(event, target);
  }
  return { times, buttonWaitMs };
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function post(
  event: Exclude<TimelineEvent, TimelineButtonWaitEvent>,
  target: TimelineTarget,
): void {
  switch (event.kind) {
    case "keyDown":
      target.keyboard.down(event.key.code);
      return;
    case "keyUp":
      target.keyboard.up(event.key.code);
      return;
    case "buttonDown":
      target.mouse.down(event.button);
      return;
    case "buttonUp":
      target.mouse.up(event.button);
      return;
    case "move":
      target.mouse.move(event.dx, event.dy);
      return;
    case "scroll":
      target.mouse.scroll(event.vertical, event.horizontal);
      return;
  }
}

/**
 * How far the posting times of a played timeline are from the planned times.
 *
 * @param timeline The planned timeline.
 * @param played What {@linkcode playTimeline} returned for it.
 * @returns Median, 99th percentile and largest deviation; all 0 for an empty timeline.
 *
 * @example Deviations of a virtual-clock run are 0
 * ```ts
 * import { deviationStats } from "./scheduler.ts";
 * import { resolveKey } from "../hid/key_names.ts";
 *
 * const key = resolveKey("KeyA");
 * const timeline = {
 *   actions: [],
 *   events: [{ kind: "keyDown" as const, time: 5, action: 0, key }],
 *   spans: [],
 *   duration: 5,
 *   warnings: [],
 * };
 * const stats = deviationStats(timeline, { times: new Float64Array([5.5]), buttonWaitMs: 0 });
 * console.assert(stats.p50 === 0.5 && stats.max === 0.5);
 * ```
 */
export function deviationStats(timeline: Timeline, played: PlayedTimeline): DeviationStats {
  const deviations = timeline.events.map((event, index) =>
    (played.times[index] ?? event.time) - event.time
  ).sort((a, b) => a - b);
  if (deviations.length === 0) return { p50: 0, p99: 0, max: 0 };
  const at = (fraction: number) =>
    deviations[Math.min(deviations.length - 1, Math.floor(fraction * deviations.length))] as number;
  return { p50: at(0.5), p99: at(0.99), max: deviations.at(-1) as number };
}
