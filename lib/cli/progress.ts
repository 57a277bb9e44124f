/**
 * Progress display for long waits (xcodebuild, notarization, activation): one API, three looks.
 *
 * - `tty`: a spinner line with the elapsed time, redrawn every `refreshMs` (at least 100 ms),
 *   replaced by a final `✔`/`✖` line; {@linkcode Progress.log} prints above it without
 *   breaking it. Lines are cut to the terminal width so `\r` can redraw them.
 * - `plain` (no TTY, e.g. CI): a line when a step starts and when it ends, and while it waits at
 *   most one line every `plainIntervalMs` (30 s): the latest update, or "still waiting", so a
 *   CI job that kills silent jobs sees a sign of life. Instructions that must show at once
 *   (approve the driver in System Settings) go through {@linkcode Progress.log}.
 * - `json` (`--json`): one JSON object per event, for pipelines:
 *   `{"event":"step","step":"notarize","status":"waiting","elapsedMs":61000,"message":"In Progress"}`;
 *   `status` is `started`, `waiting` (each update), `succeeded` or `failed`; `log` lines are
 *   `{"event":"log","message":…}`.
 *
 * Only one step runs at a time: starting a step stops the display of the one before (its later
 * calls print nothing). Every text shown is passed through `redactText`, so a password or key
 * that slipped into a message is not printed. Time and ticks come from a
 * {@linkcode ProgressTimer}, so tests drive the display with a virtual clock and a fake stream.
 * Hand-written rather than `ora`/`nanospinner`: those are tied to Node streams and real timers,
 * and have no plain or JSON mode.
 *
 * @module
 */
import { redactText } from "../config/redact_secrets.ts";
import { formatElapsed } from "../pipeline/format_elapsed.ts";
import type { PipelineProgress, ProgressStep } from "../pipeline/pipeline_context.ts";

/** Which look the display has. */
export type ProgressMode = "tty" | "plain" | "json";

/** The status field of a JSON step event. */
export type StepStatus = "started" | "waiting" | "succeeded" | "failed";

/** A source of time and of periodic ticks. */
export interface ProgressTimer {
  /** Milliseconds since an arbitrary origin. */
  now(): number;
  /**
   * Calls `tick` every `ms` milliseconds until the returned function is called.
   *
   * @param ms The period.
   * @param tick The callback.
   * @returns A function that stops the ticks.
   */
  every(ms: number, tick: () => void): () => void;
}

/**
 * The real clock and `setInterval`; the interval does not keep the process alive.
 *
 * @example
 * ```ts
 * import { systemTimer } from "./progress.ts";
 *
 * const stop = systemTimer.every(1000, () => {});
 * stop();
 * console.assert(systemTimer.now() > 0);
 * ```
 */
export const systemTimer: ProgressTimer = Object.freeze({
  now: () => performance.now(),
  every: (ms: number, tick: () => void) => {
    const id = setInterval(tick, ms);
    Deno.unrefTimer(id);
    return () => clearInterval(id);
  },
});

/** Options of {@linkcode Progress}. */
export interface ProgressOptions {
  /** The look. */
  readonly mode: ProgressMode;
  /** Writes raw text (it contains its own `\n` and, on a TTY, `\r`). */
  readonly write: (text: string) => void;
  /** Time and ticks; {@linkcode systemTimer} when absent. */
  readonly timer?: ProgressTimer;
  /** TTY redraw period in ms; 100 when absent, never less than 100. */
  readonly refreshMs?: number;
  /** Plain mode: at most one line per this many ms while waiting; 30 000 when absent. */
  readonly plainIntervalMs?: number;
  /** TTY width in columns, to cut the spinner line; 80 when absent. */
  readonly columns?: number;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const CLEAR_LINE = "\r\x1b[2K";

/**
 * Picks the look: `json` when `--json` was given, else `tty` on a terminal, else `plain`.
 *
 * @param options Whether `--json` was given and whether the output is a terminal.
 * @returns The mode.
 *
 * @example
 * ```ts
 * import { progressModeFor } from "./progress.ts";
 *
 * console.assert(progressModeFor({ json: false, isTerminal: false }) === "plain");
 * console.assert(progressModeFor({ json: true, isTerminal: true }) === "json");
 * ```
 */
export function progressModeFor(
  options: { readonly json: boolean; readonly isTerminal: boolean },
): ProgressMode {
  if (options.json) return "json";
  return options.isTerminal ? "tty" : "plain";
}

/**
 * The progress display.
 *
 * @example Plain lines for CI, on a virtual clock
 * ```ts
 * import { Progress, type ProgressTimer } from "./progress.ts";
 *
 * let now = 0;
 * const timer: ProgressTimer = { now: () => now, every: () => () => {} };
 * let text = "";
 * const progress = new Progress({ mode: "plain", write: (chunk) => (text += chunk), timer });
 * const step = progress.start("notarize", "Notarizing App.zip");
 * now = 95_000;
 * step.succeed("Accepted");
 * console.assert(text === "Notarizing App.zip...\nNotarizing App.zip: Accepted (1m 35s)\n");
 * ```
 */
export class Progress implements PipelineProgress {
  readonly #mode: ProgressMode;
  readonly #write: (text: string) => void;
  readonly #timer: ProgressTimer;
  readonly #refreshMs: number;
  readonly #plainIntervalMs: number;
  readonly #columns: number;
  readonly #internals: ProgressInternals;
  #active: ActiveStep | undefined;

  /**
   * Creates a display.
   *
   * @param options The look, the output and the clock.
   */
  constructor(options: ProgressOptions) {
    this.#mode = options.mode;
    this.#write = options.write;
    this.#timer = options.timer ?? systemTimer;
    this.#refreshMs = Math.max(100, options.refreshMs ?? 100);
    this.#plainIntervalMs = options.plainIntervalMs ?? 30_000;
    this.#columns = Math.max(20, options.columns ?? 80);
    this.#internals = {
      mode: this.#mode,
      write: this.#write,
      timer: this.#timer,
      refreshMs: this.#refreshMs,
      plainIntervalMs: this.#plainIntervalMs,
      columns: this.#columns,
      emit: (event) => this.#emit(event),
      finished: (step) => {
        if (this.#active === step) this.#active = undefined;
      },
    };
  }

  /**
   * Starts a step.
   *
   * @param step A short machine name (`notarize`, `activate`), used in JSON events.
   * @param label What people read (`Notarizing App.zip`); the step name when absent.
   * @returns The running step.
   */
  start(step: string, label: string = step): ProgressStep {
    this.#active?.stop();
    const active = new ActiveStep(this.#internals, step, redactText(label));
    this.#active = active;
    active.begin();
    return active;
  }

  /**
   * Prints a line of information (instructions, a warning) without breaking a spinner.
   *
   * @param line The text.
   */
  log(line: string): void {
    const text = redactText(line);
    if (this.#mode === "json") {
      this.#emit({ event: "log", message: text });
      return;
    }
    if (this.#mode === "tty" && this.#active?.running) {
      this.#write(`${CLEAR_LINE}${text}\n`);
      this.#active.render();
      return;
    }
    this.#write(`${text}\n`);
  }

  #emit(event: Record<string, unknown>): void {
    this.#write(`${JSON.stringify(event)}\n`);
  }
}

interface ProgressInternals {
  readonly mode: ProgressMode;
  readonly write: (text: string) => void;
  readonly timer: ProgressTimer;
  readonly refreshMs: number;
  readonly plainIntervalMs: number;
  readonly columns: number;
  readonly emit: (event: Record<string, unknown>) => void;
  readonly finished: (step: ActiveStep) => void;
}

class ActiveStep implements ProgressStep {
  readonly #display: ProgressInternals;
  readonly #step: string;
  readonly #label: string;
  readonly #started: number;
  #text = "";
  #frame = 0;
  #stopTicks: (() => void) | undefined;
  running = true;

  constructor(display: ProgressInternals, step: string, label: string) {
    this.#display = display;
    this.#step = step;
    this.#label = label;
    this.#started = this.#display.timer.now();
  }

  get elapsedMs(): number {
    return this.#display.timer.now() - this.#started;
  }

  begin(): void {
    const display = this.#display;
    if (display.mode === "json") {
      this.#event("started", this.#label);
    } else if (display.mode === "plain") {
      display.write(`${this.#label}...\n`);
      this.#stopTicks = display.timer.every(display.plainIntervalMs, () => this.#heartbeat());
    } else {
      this.render();
      this.#stopTicks = display.timer.every(display.refreshMs, () => {
        this.#frame = (this.#frame + 1) % FRAMES.length;
        this.render();
      });
    }
  }

  update(text: string): void {
    if (!this.running) return;
    this.#text = redactText(text);
    // Plain and TTY show the text at their next beat or frame; JSON reports every update.
    if (this.#display.mode === "json") this.#event("waiting", this.#text);
  }

  succeed(text?: string): void {
    this.#finish("succeeded", text);
  }

  fail(text?: string): void {
    this.#finish("failed", text);
  }

  /** Stops ticking and drawing without a final line (another step started). */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.#stopTicks?.();
    if (this.#display.mode === "tty") this.#display.write(CLEAR_LINE);
    this.#display.finished(this);
  }

  render(): void {
    if (!this.running) return;
    const detail = this.#text === "" ? "" : ` — ${this.#text}`;
    const line = `${FRAMES[this.#frame]} ${this.#label}${detail} (${
      formatElapsed(this.elapsedMs)
    })`;
    this.#display.write(`${CLEAR_LINE}${clip(line, this.#display.columns - 1)}`);
  }

  #heartbeat(): void {
    const text = this.#text === "" ? "still waiting" : this.#text;
    this.#display.write(`${this.#label}: ${text} (${formatElapsed(this.elapsedMs)})\n`);
  }

  #finish(status: "succeeded" | "failed", text: string | undefined): void {
    if (!this.running) return;
    const message = text === undefined ? undefined : redactText(text);
    const elapsed = formatElapsed(this.elapsedMs);
    const display = this.#display;
    this.running = false;
    this.#stopTicks?.();
    display.finished(this);
    if (display.mode === "json") {
      this.#event(status, message);
      return;
    }
    if (display.mode === "plain") {
      const outcome = status === "succeeded"
        ? message ?? "done"
        : `failed${message === undefined ? "" : `: ${message}`}`;
      display.write(`${this.#label}: ${outcome} (${elapsed})\n`);
    } else {
      const mark = status === "succeeded" ? "✔" : "✖";
      const detail = message === undefined ? "" : `: ${message}`;
      display.write(`${CLEAR_LINE}${mark} ${this.#label}${detail} (${elapsed})\n`);
    }
  }

  #event(status: StepStatus, message: string | undefined): void {
    this.#display.emit({
      event: "step",
      step: this.#step,
      status,
      elapsedMs: Math.round(this.elapsedMs),
      ...(message === undefined || message === "" ? {} : { message }),
    });
  }
}

function clip(line: string, width: number): string {
  const chars = [...line];
  return chars.length <= width ? line : `${chars.slice(0, width - 1).join("")}…`;
}
