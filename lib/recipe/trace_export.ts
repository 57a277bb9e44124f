/**
 * `--trace out.json`: a recipe's timeline as Chrome trace-event JSON, which Perfetto
 * (ui.perfetto.dev) and `chrome://tracing` open.
 *
 * One process, `dextkit`, with these tracks (threads): `actions` (one span per action, named as in
 * the dry run), one track per key (`key KeyA`: a span from key-down to key-up), one per pointing
 * button, and `pointer` (moves and scrolls as instant events). Spans are complete events
 * (`"ph": "X"`) and moments instant events (`"ph": "i"`), with `ts` and `dur` in microseconds. A
 * key or button gets a track of its own because spans on one track must nest, and key presses
 * overlap. Every time is when the event was really posted (on the virtual clock, for a dry run).
 *
 * @module
 */
import { formatSourceLocation } from "./recipe_errors.ts";
import { describeAction } from "./dry_run.ts";
import type { Timeline, TimelineEvent } from "./timeline.ts";

/** One recipe run to put in a trace. */
export interface TraceRun {
  /** What ran, for example the recipe file; shown in the action spans' arguments. */
  readonly name: string;
  /** The played timeline. */
  readonly timeline: Timeline;
}

/** One trace event, as the Chrome trace-event format defines it. */
export interface TraceEvent {
  /** The event's name. */
  readonly name: string;
  /** Category. */
  readonly cat?: string;
  /** Phase: `X` complete, `i` instant, `M` metadata. */
  readonly ph: "X" | "i" | "M";
  /** Timestamp in microseconds. */
  readonly ts: number;
  /** Duration in microseconds (`X` only). */
  readonly dur?: number;
  /** Process id. */
  readonly pid: number;
  /** Thread (track) id. */
  readonly tid: number;
  /** Scope of an instant event: `t` thread. */
  readonly s?: "t";
  /** Extra data shown in the viewer. */
  readonly args?: Readonly<Record<string, string | number>>;
}

/** A trace file's content. */
export interface TraceDocument {
  /** The events. */
  readonly traceEvents: readonly TraceEvent[];
  /** How the viewer shows times. */
  readonly displayTimeUnit: "ms";
}

const PID = 1;
const ACTIONS_TID = 1;
const POINTER_TID = 2;
const FIRST_DEVICE_TID = 10;

/**
 * Builds the trace of one or more runs, laid out one after the other.
 *
 * @param runs The runs, in order.
 * @returns The trace document; `JSON.stringify` it into a file.
 *
 * @example A key tap becomes an action span and a key span
 * ```ts
 * import { traceDocument } from "./trace_export.ts";
 * import { recipe } from "./recipe.ts";
 *
 * const { timeline } = await recipe({ dryRun: true, hold: 25 }, async ({ keyboard }) => {
 *   await keyboard.press("KeyA");
 * });
 * const trace = traceDocument([{ name: "demo", timeline }]);
 * const spans = trace.traceEvents.filter((event) => event.ph === "X");
 * console.assert(spans.length === 2 && spans.every((span) => span.dur === 25_000));
 * ```
 */
export function traceDocument(runs: readonly TraceRun[]): TraceDocument {
  const events: TraceEvent[] = [
    metadata("process_name", 0, "dextkit"),
    metadata("thread_name", ACTIONS_TID, "actions"),
    metadata("thread_name", POINTER_TID, "pointer"),
  ];
  const tracks = new Map<string, number>();
  const trackOf = (name: string): number => {
    let tid = tracks.get(name);
    if (tid === undefined) {
      tid = FIRST_DEVICE_TID + tracks.size;
      tracks.set(name, tid);
      events.push(metadata("thread_name", tid, name));
    }
    return tid;
  };
  let offset = 0;
  for (const run of runs) {
    const { timeline } = run;
    const timeOf = (index: number): number =>
      offset + (timeline.events[index] as TimelineEvent).time;
    const actionTimes = timeline.spans.map((span) => ({
      start: offset + span.start,
      end: offset + span.end,
      hasEvents: false,
    }));
    timeline.events.forEach((event, index) => {
      const span = actionTimes[event.action];
      if (span === undefined) return;
      const time = timeOf(index);
      if (!span.hasEvents) {
        span.start = time;
        span.end = time;
        span.hasEvents = true;
      } else {
        span.end = Math.max(span.end, time);
      }
    });
    timeline.actions.forEach((action, index) => {
      const span = actionTimes[index];
      if (span === undefined) return;
      const args = {
        recipe: run.name,
        index,
        ...(action.source === undefined ? {} : { source: formatSourceLocation(action.source) }),
      };
      events.push(
        span.end > span.start
          ? complete(describeAction(action), "action", ACTIONS_TID, span.start, span.end, args)
          : instant(describeAction(action), "action", ACTIONS_TID, span.start, args),
      );
    });
    const downSince = new Map<string, number>();
    timeline.events.forEach((event, index) => {
      const time = timeOf(index);
      switch (event.kind) {
        case "keyDown":
          downSince.set(`key ${event.key.code}`, time);
          return;
        case "buttonDown":
          downSince.set(`button ${event.button}`, time);
          return;
        case "keyUp": {
          const track = `key ${event.key.code}`;
          const args = { page: hex(event.key.page), usage: hex(event.key.usage) };
          const since = downSince.get(track) ?? time;
          downSince.delete(track);
          events.push(complete(event.key.code, "key", trackOf(track), since, time, args));
          return;
        }
        case "buttonUp": {
          const track = `button ${event.button}`;
          const since = downSince.get(track) ?? time;
          downSince.delete(track);
          events.push(complete(track, "button", trackOf(track), since, time, {}));
          return;
        }
        case "move":
          events.push(
            instant(`move ${event.dx},${event.dy}`, "pointer", POINTER_TID, time, {
              dx: event.dx,
              dy: event.dy,
            }),
          );
          return;
        case "scroll":
          events.push(
            instant(`scroll ${event.vertical},${event.horizontal}`, "pointer", POINTER_TID, time, {
              vertical: event.vertical,
              horizontal: event.horizontal,
            }),
          );
          return;
        case "waitForButton":
          events.push(instant("wait for Enter", "action", ACTIONS_TID, time, {}));
          return;
      }
    });
    const lastEvent = timeline.events.length === 0 ? offset : timeOf(timeline.events.length - 1);
    offset = Math.max(offset + timeline.duration, lastEvent);
  }
  return { traceEvents: events, displayTimeUnit: "ms" };
}

function microseconds(ms: number): number {
  return Math.round(ms * 1_000_000) / 1000;
}

function complete(
  name: string,
  cat: string,
  tid: number,
  start: number,
  end: number,
  args: Readonly<Record<string, string | number>>,
): TraceEvent {
  const ts = microseconds(start);
  return { name, cat, ph: "X", ts, dur: microseconds(end - start), pid: PID, tid, args };
}

function instant(
  name: string,
  cat: string,
  tid: number,
  time: number,
  args: Readonly<Record<string, string | number>>,
): TraceEvent {
  return { name, cat, ph: "i", s: "t", ts: microseconds(time), pid: PID, tid, args };
}

function metadata(name: string, tid: number, value: string): TraceEvent {
  return { name, ph: "M", ts: 0, pid: PID, tid, args: { name: value } };
}

function hex(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(2, "0")}`;
}
