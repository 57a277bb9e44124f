/**
 * The report scheduler of the live runtime: posts each report when it is due, never two reports
 * closer than the report interval, and waits without ever blocking the thread for long.
 *
 * A report is due a gap after the previous report *as it was really posted*, so a report that
 * comes late (a busy machine, a slow device) moves every later report back instead of letting
 * them burst out together: what an application sees keeps the gaps and holds of a keyboard.
 *
 * To be on time without burning a core, a wait has three stages with the system clock:
 *
 * 1. sleep on timers until `leadMs` before the due time, in slices of at most
 *    {@linkcode YIELD_SLICE_MS}, so signal listeners (Ctrl-C) run at least that often;
 * 2. block the thread (`Atomics.wait`, sub-millisecond wake-up) until `spinMs` before it — at
 *    most `leadMs`, far below the yield slice;
 * 3. spin on `clock.now()` for the rest.
 *
 * Reports closer together than the lead would never return to the event loop, so the scheduler
 * also yields a macrotask whenever {@linkcode YIELD_SLICE_MS} passed without one; the report
 * after it may be late, and shifts the ones after it. With any other clock (a `VirtualClock`),
 * `sleep` moves time to the due time exactly and nothing blocks or spins.
 *
 * @module
 */
import { type Clock, systemClock } from "../device/clock.ts";
import { DextkitError, ExitCode } from "../errors.ts";

/**
 * The default report interval: 1 ms, a full-speed USB keyboard's polling interval. No two
 * reports are closer than this.
 *
 * @example
 * ```ts
 * import { DEFAULT_REPORT_INTERVAL_MS } from "./scheduler.ts";
 *
 * console.assert(DEFAULT_REPORT_INTERVAL_MS === 1);
 * ```
 */
export const DEFAULT_REPORT_INTERVAL_MS = 1;

/**
 * The default lead of the timer sleep with the system clock: 3 ms, above the timer's usual
 * lateness on a loaded machine. It is also the longest the thread ever blocks.
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
 * The yield slice: the longest the scheduler runs without returning to the event loop, where
 * the Ctrl-C and SIGTERM listeners run; also the longest single timer sleep. 50 ms.
 *
 * @example
 * ```ts
 * import { YIELD_SLICE_MS } from "./scheduler.ts";
 *
 * console.assert(YIELD_SLICE_MS === 50);
 * ```
 */
export const YIELD_SLICE_MS = 50;

/**
 * The longest single wait a recipe may ask for: one day. Longer waits are refused with a located
 * error; loop for longer.
 *
 * @example
 * ```ts
 * import { MAX_WAIT_MS } from "./scheduler.ts";
 *
 * console.assert(MAX_WAIT_MS === 86_400_000);
 * ```
 */
export const MAX_WAIT_MS = 86_400_000;

/** Options of {@linkcode ReportScheduler}. */
export interface ReportSchedulerOptions {
  /** The clock; {@linkcode systemClock} when omitted. */
  readonly clock?: Clock;
  /** Milliseconds between two reports at least; {@linkcode DEFAULT_REPORT_INTERVAL_MS} when omitted. */
  readonly reportInterval?: number;
  /** Timer-sleep lead with the system clock; {@linkcode DEFAULT_LEAD_MS} when omitted. */
  readonly leadMs?: number;
  /** Final spin with the system clock; {@linkcode DEFAULT_SPIN_MS} when omitted. */
  readonly spinMs?: number;
  /**
   * Stop with {@linkcode TimeLimitReached} once this many milliseconds from the start have
   * passed (dry runs of recipes that would run forever); no limit when omitted.
   */
  readonly limitMs?: number;
}

/**
 * Thrown by a wait or report that would go past the scheduler's time limit: the bounded end of a
 * dry run, not a failure.
 *
 * @example
 * ```ts
 * import { TimeLimitReached } from "./scheduler.ts";
 *
 * console.assert(new TimeLimitReached(60_000).exitCode === 0);
 * ```
 */
export class TimeLimitReached extends DextkitError {
  /** The limit, in milliseconds. */
  readonly limitMs: number;

  /**
   * Creates the signal.
   *
   * @param limitMs The limit that was reached.
   */
  constructor(limitMs: number) {
    super(`stopped after ${limitMs / 1000} s of virtual time`, {
      hint: "a longer --dry-run-for shows more",
      exitCode: ExitCode.Ok,
    });
    this.limitMs = limitMs;
  }

  /**
   * Finds a time bound in an error or its causes (a located error wraps it).
   *
   * @param error Any error.
   * @returns The bound, or `undefined`.
   */
  static in(error: unknown): TimeLimitReached | undefined {
    for (let at = error, depth = 0; at instanceof Error && depth < 8; depth++) {
      if (at instanceof TimeLimitReached) return at;
      at = at.cause;
    }
    return undefined;
  }
}

/** The cell `Atomics.wait` blocks on; nothing ever notifies it, so every wait times out. */
const BLOCK_CELL = new Int32Array(new SharedArrayBuffer(4));

/**
 * Posts reports on time, at least a report interval apart, shifting later reports when one is
 * late.
 *
 * @example Two key reports 1 ms apart at least, on a virtual clock
 * ```ts
 * import { ReportScheduler } from "./scheduler.ts";
 * import { VirtualClock } from "../device/clock.ts";
 *
 * const clock = new VirtualClock();
 * const scheduler = new ReportScheduler({ clock, reportInterval: 1 });
 * const first = await scheduler.report(0, () => {});
 * const second = await scheduler.report(0, () => {});
 * console.assert(first === 0 && second === 1);
 * await scheduler.wait(10);
 * console.assert(scheduler.elapsed() === 11);
 * ```
 */
export class ReportScheduler {
  readonly #clock: Clock;
  readonly #real: boolean;
  readonly #interval: number;
  readonly #lead: number;
  readonly #spin: number;
  readonly #limit: number;
  readonly #origin: number;
  #last = Number.NEGATIVE_INFINITY;
  #lastYield: number;

  /**
   * Creates a scheduler whose time starts now.
   *
   * @param options Clock, report interval, timing stages and time limit.
   */
  constructor(options: ReportSchedulerOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#real = this.#clock === systemClock;
    this.#interval = options.reportInterval ?? DEFAULT_REPORT_INTERVAL_MS;
    this.#lead = this.#real ? options.leadMs ?? DEFAULT_LEAD_MS : 0;
    this.#spin = Math.min(options.spinMs ?? DEFAULT_SPIN_MS, this.#lead);
    this.#limit = options.limitMs ?? Number.POSITIVE_INFINITY;
    this.#origin = this.#clock.now();
    this.#lastYield = this.#origin;
  }

  /** The report interval in milliseconds. */
  get reportInterval(): number {
    return this.#interval;
  }

  /** Milliseconds since the scheduler was created. */
  elapsed(): number {
    return this.#clock.now() - this.#origin;
  }

  /**
   * Waits until `gap` after the previous report (at least the report interval, and not before
   * now), then calls `post`.
   *
   * @param gap Milliseconds after the previous report.
   * @param post Posts the report, synchronously.
   * @returns When it was posted, in milliseconds since the start.
   * @throws {TimeLimitReached} When the due time is past the time limit; nothing is posted.
   */
  async report(gap: number, post: () => void): Promise<number> {
    const due = Math.max(this.#last + Math.max(gap, this.#interval), this.#clock.now());
    await this.#until(due);
    post();
    this.#last = this.#clock.now();
    return this.#last - this.#origin;
  }

  /**
   * Waits `ms` milliseconds, interruptible: the thread never blocks longer than the lead.
   *
   * @param ms Milliseconds.
   * @throws {TimeLimitReached} When the wait would end past the time limit (after waiting up to
   * the limit).
   */
  async wait(ms: number): Promise<void> {
    await this.#until(this.#clock.now() + ms);
  }

  async #until(due: number): Promise<void> {
    if (due - this.#origin > this.#limit) {
      await this.#until(this.#origin + this.#limit);
      throw new TimeLimitReached(this.#limit);
    }
    const clock = this.#clock;
    while (true) {
      const now = clock.now();
      const remaining = due - now;
      if (!this.#real) {
        if (remaining > 0) await clock.sleep(remaining);
        return;
      }
      if (remaining > this.#lead) {
        await clock.sleep(Math.min(remaining - this.#lead, YIELD_SLICE_MS));
        this.#lastYield = clock.now();
        continue;
      }
      if (now - this.#lastYield > YIELD_SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        this.#lastYield = clock.now();
        continue;
      }
      if (remaining > this.#spin) Atomics.wait(BLOCK_CELL, 0, 0, remaining - this.#spin);
      while (clock.now() < due) {
        // Spin: the last fraction of a millisecond, where no sleep wakes up on time.
      }
      return;
    }
  }
}
