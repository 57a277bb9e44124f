/**
 * Time for the controllers and the simulated host: the system clock, and a virtual clock that
 * tests advance without sleeping.
 *
 * @module
 */
import { DeviceArgumentError } from "./device_errors.ts";

/**
 * A source of time in milliseconds and a way to wait.
 *
 * @example Wait on any clock
 * ```ts
 * import { type Clock, VirtualClock } from "./clock.ts";
 *
 * const clock: Clock = new VirtualClock();
 * await clock.sleep(5);
 * console.assert(clock.now() === 5);
 * ```
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin; never goes backwards. */
  now(): number;
  /** Resolves after `ms` milliseconds; a non-positive or NaN `ms` waits no time. */
  sleep(ms: number): Promise<void>;
}

/**
 * The real clock: `performance.now()` and `setTimeout`.
 *
 * @example Measure a short wait
 * ```ts
 * import { systemClock } from "./clock.ts";
 *
 * const start = systemClock.now();
 * await systemClock.sleep(1);
 * console.assert(systemClock.now() >= start);
 * ```
 */
export const systemClock: Clock = Object.freeze({
  now: () => performance.now(),
  sleep: (ms: number) =>
    new Promise<void>((resolve) => {
      if (!(ms > 0)) resolve();
      else setTimeout(resolve, ms);
    }),
});

/**
 * A deterministic clock for tests: `sleep(ms)` moves time forward by `ms` at once, so a
 * sequence with delays runs instantly and timestamps are exact.
 *
 * @example Timestamps of a delayed sequence
 * ```ts
 * import { VirtualClock } from "./clock.ts";
 *
 * const clock = new VirtualClock(1000);
 * await clock.sleep(20);
 * clock.advance(5);
 * console.assert(clock.now() === 1025);
 * ```
 */
export class VirtualClock implements Clock {
  #now: number;

  /**
   * Creates a clock that reads `start`.
   *
   * @param start The initial time in milliseconds.
   */
  constructor(start = 0) {
    this.#now = start;
  }

  /** The current virtual time in milliseconds. */
  now(): number {
    return this.#now;
  }

  /**
   * Moves time forward by `ms` and resolves on the next microtask.
   *
   * @param ms How long to "wait"; a non-positive or NaN value waits no time.
   */
  sleep(ms: number): Promise<void> {
    this.advance(ms);
    return Promise.resolve();
  }

  /**
   * Moves time forward by `ms` without waiting.
   *
   * @param ms How far to move; a non-positive or NaN value changes nothing.
   */
  advance(ms: number): void {
    if (ms > 0) this.#now += ms;
  }
}

/**
 * Checks a delay a caller passed to a controller.
 *
 * @param delay Milliseconds.
 * @returns The delay, unchanged.
 * @throws {DeviceArgumentError} When it is negative or NaN.
 *
 * @example Accept 0, reject −1
 * ```ts
 * import { checkDelay } from "./clock.ts";
 *
 * console.assert(checkDelay(0) === 0);
 * let rejected = false;
 * try {
 *   checkDelay(-1);
 * } catch {
 *   rejected = true;
 * }
 * console.assert(rejected);
 * ```
 */
export function checkDelay(delay: number): number {
  if (!(delay >= 0)) {
    throw new DeviceArgumentError(
      `delay ${delay} ms is not a non-negative number`,
      "give delays in milliseconds, 0 for none",
    );
  }
  return delay;
}
