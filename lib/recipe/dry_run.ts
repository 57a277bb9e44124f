/**
 * `--dry-run`: what a recipe did when it was played on a fresh simulated Mac with a virtual clock
 * (nothing reaches a device, nothing waits). One line per action with its time, or, with
 * `--json`, one JSON object per action that lists every key stroke with its W3C code, HID usage
 * and the modifiers held for it. Both read the played timeline, as `--trace` does.
 *
 * A key stroke is a key going down. For an action that presses other keys, its modifier key-downs
 * are not strokes of their own: they are the modifiers of the strokes. An action that presses only
 * modifiers (`down("Shift")`, `press("Meta")`) has one stroke per modifier.
 *
 * @module
 */
import { counted } from "../plural.ts";
import { isModifier } from "../hid/key_names.ts";
import type { KeyboardType } from "../layout/keyboard_type.ts";
import type { Action } from "./action.ts";
import { formatSourceLocation } from "./recipe_errors.ts";
import type { Timeline, TimelineKeyEvent } from "./timeline.ts";

/** One key stroke of a dry-run record. */
export interface DryRunStroke {
  /** Milliseconds from the start. */
  readonly time: number;
  /** The key's canonical name: its W3C `KeyboardEvent.code`, or dextkit's name off the keyboard page. */
  readonly code: string;
  /** The HID usage page. */
  readonly page: number;
  /** The HID usage on that page. */
  readonly usage: number;
  /** The modifier keys held for the stroke, canonical names in press order. */
  readonly modifiers: readonly string[];
}

/** When an action runs, and its key strokes. */
export interface DryRunTiming {
  /** Index of the action in the timeline. */
  readonly index: number;
  /** Milliseconds from the start to the action's first event. */
  readonly time: number;
  /** Milliseconds from the start to the action's last event. */
  readonly end: number;
  /** Every key stroke of the action. */
  readonly strokes: readonly DryRunStroke[];
}

/** One line of `--dry-run --json`: the action's own fields plus its timing and strokes. */
export type DryRunRecord = Action & DryRunTiming;

/** The settings a dry run shows in its first line. */
export interface DryRunSettings {
  /** The layout text is typed with. */
  readonly layout: { readonly name: string };
  /** How macOS classes the keyboard. */
  readonly keyboardType: KeyboardType;
  /** Milliseconds between actions. */
  readonly delay: number;
  /** Milliseconds between typed strokes. */
  readonly typingDelay: number;
  /** Milliseconds keys stay down. */
  readonly hold: number;
  /** Milliseconds between reports at least. */
  readonly reportInterval: number;
  /** Random extra milliseconds per gap, at most. */
  readonly jitter: number;
  /** The jitter seed. */
  readonly seed: number;
}

/** The characters of a typed text a description shows; the rest is counted. */
const SHOWN_CHARACTERS = 60;

/**
 * A typed text for a listing: quoted, and a long one cut after 60 characters with its length said.
 *
 * @param text The text.
 * @returns The quoted text, e.g. `"hi"` or `"abcabc…" (9000 characters)`.
 *
 * @example
 * ```ts
 * import { quotedText } from "./dry_run.ts";
 *
 * console.assert(quotedText("hi") === '"hi"');
 * console.assert(quotedText("a".repeat(61)).endsWith('…" (61 characters)'));
 * ```
 */
export function quotedText(text: string): string {
  const characters = [...text];
  if (characters.length <= SHOWN_CHARACTERS) return JSON.stringify(text);
  const shown = JSON.stringify(characters.slice(0, SHOWN_CHARACTERS).join(""));
  return `${shown.slice(0, -1)}…" (${counted(characters.length, "character")})`;
}

/**
 * Describes an action in a few words, for dry runs and traces. A long typed text is cut after 60
 * characters, with its length said, so a dry run of a large file keeps lines a terminal can show
 * (`--json` keeps the whole text).
 *
 * @param action The action.
 * @returns For example `press MetaLeft+Space`, `type "hi"`, `wait 300 ms`.
 *
 * @example
 * ```ts
 * import { describeAction } from "./dry_run.ts";
 *
 * console.assert(describeAction({ type: "press", keys: ["MetaLeft", "Space"] }) === "press MetaLeft+Space");
 * console.assert(describeAction({ type: "click", button: 1, count: 2 }) === "double-click button 1");
 * ```
 */
export function describeAction(action: Action): string {
  switch (action.type) {
    case "keyDown":
      return `down ${action.key}`;
    case "keyUp":
      return `up ${action.key}`;
    case "press":
      return `press ${action.keys.join("+")}`;
    case "text":
      return `type ${quotedText(action.text)}`;
    case "wait":
      return `wait ${action.ms} ms`;
    case "mouseMove":
      return `move by ${action.dx},${action.dy}`;
    case "mouseDown":
      return `button ${action.button} down`;
    case "mouseUp":
      return `button ${action.button} up`;
    case "click":
      return action.count === 1
        ? `click button ${action.button}`
        : action.count === 2
        ? `double-click button ${action.button}`
        : `click button ${action.button} ×${action.count}`;
    case "scroll":
      return `scroll ${action.vertical},${action.horizontal}`;
    case "releaseAll":
      return "release all";
    case "waitForButton":
      return "wait for Enter";
  }
}

/**
 * One record per action: the action, when it runs, and its key strokes.
 *
 * @param timeline The played timeline.
 * @returns The records, in action order.
 *
 * @example The strokes of a shortcut
 * ```ts
 * import { dryRunRecords } from "./dry_run.ts";
 * import { recipe } from "./recipe.ts";
 *
 * const { timeline } = await recipe({ dryRun: true }, async ({ keyboard }) => {
 *   await keyboard.press("Meta+Shift+4");
 * });
 * const [record] = dryRunRecords(timeline);
 * console.assert(record?.strokes.length === 1);
 * console.assert(record?.strokes[0]?.code === "Digit4" && record.strokes[0].usage === 0x21);
 * console.assert(record?.strokes[0]?.modifiers.join(",") === "MetaLeft,ShiftLeft");
 * ```
 */
export function dryRunRecords(timeline: Timeline): DryRunRecord[] {
  const keyDowns = timeline.actions.map((): TimelineKeyEvent[] => []);
  const modifiersAt = new Map<TimelineKeyEvent, readonly string[]>();
  const held: string[] = [];
  for (const event of timeline.events) {
    if (event.kind !== "keyDown" && event.kind !== "keyUp") continue;
    const modifier = isModifier(event.key);
    if (event.kind === "keyUp") {
      if (modifier) held.splice(held.indexOf(event.key.code), 1);
      continue;
    }
    modifiersAt.set(event, [...held]);
    keyDowns[event.action]?.push(event);
    if (modifier) held.push(event.key.code);
  }
  return timeline.actions.map((action, index) => {
    const downs = keyDowns[index] ?? [];
    const others = downs.filter((event) => !isModifier(event.key));
    const strokes = (others.length > 0 ? others : downs).map((event) => ({
      time: event.time,
      code: event.key.code,
      page: event.key.page,
      usage: event.key.usage,
      modifiers: modifiersAt.get(event) ?? [],
    }));
    const span = timeline.spans[index] ?? { start: 0, end: 0 };
    return { ...action, index, time: span.start, end: span.end, strokes };
  });
}

/**
 * The text of a dry run: a settings line, one line per action (time, what, where), and a total.
 *
 * @param timeline The played timeline.
 * @param title What is being run, for example the recipe file name.
 * @param settings Layout, keyboard type, delays, jitter and seed.
 * @returns The lines.
 *
 * @example
 * ```ts
 * import { formatDryRun } from "./dry_run.ts";
 * import { recipe } from "./recipe.ts";
 * import { resolveRecipeOptions } from "./recipe_options.ts";
 *
 * const { timeline } = await recipe({ dryRun: true, hold: 20 }, async ({ keyboard, wait }) => {
 *   await keyboard.press("Enter");
 *   await wait(100);
 * });
 * const lines = formatDryRun(timeline, "demo", resolveRecipeOptions({ hold: 20, seed: 1 }));
 * console.assert(lines[1]?.trim() === "0.0 ms  press Enter");
 * console.assert(lines[2]?.trim() === "20.0 ms  wait 100 ms");
 * ```
 */
export function formatDryRun(
  timeline: Timeline,
  title: string,
  settings: DryRunSettings,
): string[] {
  const lines = [
    `dry run of ${title}: layout ${settings.layout.name} (${settings.keyboardType}), delay ${settings.delay} ms, typing delay ${settings.typingDelay} ms, hold ${settings.hold} ms, report interval ${settings.reportInterval} ms, jitter ${settings.jitter} ms, seed ${settings.seed}`,
  ];
  const records = dryRunRecords(timeline);
  for (const record of records) {
    let what = describeAction(record);
    if (record.type === "text") {
      what += ` (${record.strokes.length} stroke${record.strokes.length === 1 ? "" : "s"})`;
    }
    if (record.type === "releaseAll" && record.source === undefined) what += " (end of recipe)";
    const where = record.source === undefined ? "" : formatSourceLocation(record.source);
    const time = `${record.time.toFixed(1).padStart(10)} ms  `;
    lines.push(where === "" ? `${time}${what}` : `${time}${what.padEnd(44)} ${where}`);
  }
  const keyEvents =
    timeline.events.filter((event) => event.kind === "keyDown" || event.kind === "keyUp").length;
  lines.push(
    `${records.length} action${records.length === 1 ? "" : "s"}, ${keyEvents} key events, ${
      (timeline.duration / 1000).toFixed(2)
    } s; nothing was typed (dry run on the simulated Mac)`,
  );
  return lines;
}
