/**
 * `dextkit type TEXT`: types text on the selected device and shows the key timeline and the
 * text a Mac would produce (from the simulated host, or from a host mirroring the reports sent to
 * a real driver). With `--dry-run` it shows the planned key strokes instead and types nothing.
 *
 * The text goes through the same live runtime as a recipe's `keyboard.type()`: a dry run plays it
 * on a fresh simulated Mac with a virtual clock.
 *
 * @module
 */
import type { Clock } from "../../device/clock.ts";
import type { HostEvent } from "../../host/host_events.ts";
import type { SimulatedHost } from "../../host/simulated_host.ts";
import type { KeyboardType } from "../../layout/keyboard_type.ts";
import { dryRunRecords, formatDryRun, quotedText } from "../../recipe/dry_run.ts";
import { resolveRecipeOptions } from "../../recipe/recipe_options.ts";
import { counted } from "../../plural.ts";
import { openRecipeSession } from "../../recipe/recipe_session.ts";
import type { CliOutput } from "../output.ts";

/** Options of `dextkit type`. */
export interface TypeCommandOptions {
  /** The text to type. */
  readonly text: string;
  /** `--device`; `DEXTKIT_DEVICE` or `auto` when undefined. */
  readonly device?: string | undefined;
  /** Pause between key strokes in milliseconds; the recipe default when undefined. */
  readonly delay?: number | undefined;
  /** How long each key stays down, in milliseconds; the recipe default when undefined. */
  readonly hold?: number | undefined;
  /** `--layout`: `auto`, an id, input source, name or `.keylayout` file; see `resolve_layout.ts`. */
  readonly layout?: string | undefined;
  /** `--keyboard-type`; the layout's usual type when undefined. */
  readonly keyboardType?: KeyboardType | undefined;
  /** `--dry-run`: show the planned strokes, type nothing. */
  readonly dryRun?: boolean | undefined;
  /** Print JSON instead of the timeline. */
  readonly json?: boolean | undefined;
}

function describeEvent(event: HostEvent): string {
  switch (event.type) {
    case "down":
      return `↓ ${event.code}`;
    case "up":
      return `↑ ${event.code}`;
    case "buttonDown":
      return `↓ button ${event.button}`;
    case "buttonUp":
      return `↑ button ${event.button}`;
    case "move":
      return `move to ${event.x},${event.y}`;
    case "scroll":
      return `scroll ${event.vertical},${event.horizontal}`;
  }
}

function printTimeline(
  text: string,
  host: SimulatedHost,
  backend: string,
  output: CliOutput,
): void {
  output.out(`typed ${JSON.stringify(text)} on ${backend}`);
  const events = host.events;
  const start = events[0]?.time ?? 0;
  for (const event of events) {
    output.out(`${(event.time - start).toFixed(1).padStart(9)} ms  ${describeEvent(event)}`);
  }
  const elapsed = ((events.at(-1)?.time ?? start) - start) / 1000;
  output.out(`text: ${JSON.stringify(host.text)}`);
  output.out(
    `${counted(events.length, "key event")}, ${counted([...host.text].length, "character")}, ${
      elapsed.toFixed(2)
    } s on ${backend}`,
  );
}

/**
 * Types the text and prints what the host saw (or, with `--dry-run`, what would be typed);
 * returns the exit code.
 *
 * Every character is checked against the layout before the first key goes down, so a text with
 * an untypeable character types nothing.
 *
 * @param options The text, device, delay, layout, keyboard type, dry run and output format.
 * @param output Where to print.
 * @param env Environment variables (`DEXTKIT_DEVICE`).
 * @param clock The clock delays wait on; the system clock when omitted.
 * @returns 0 on success.
 * @throws {DextkitError} For an unknown device or layout, an untypeable character, or a device
 * failure.
 *
 * @example Type on the simulated device
 * ```ts
 * import { runTypeCommand } from "./type.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const output = new CapturedOutput();
 * await runTypeCommand({ text: "hi", device: "sim" }, output, {});
 * console.assert(output.stdout.includes('text: "hi"'));
 * ```
 */
export async function runTypeCommand(
  options: TypeCommandOptions,
  output: CliOutput,
  env: Readonly<Record<string, string | undefined>>,
  clock?: Clock,
): Promise<number> {
  const recipeOptions = resolveRecipeOptions({
    ...(options.device === undefined ? {} : { device: options.device }),
    ...(options.layout === undefined ? {} : { layout: options.layout }),
    ...(options.keyboardType === undefined ? {} : { keyboardType: options.keyboardType }),
    ...(clock === undefined ? {} : { clock }),
    ...(options.delay === undefined ? {} : { typingDelay: options.delay }),
    ...(options.hold === undefined ? {} : { hold: options.hold }),
    dryRun: options.dryRun === true,
    // A text ends: its dry run plays all of it, however long (the bound is for recipes that loop).
    dryRunFor: Number.MAX_SAFE_INTEGER,
    seed: 0,
  });
  const session = await openRecipeSession(recipeOptions, { env: { get: (name) => env[name] } });
  let failure: { error: unknown } | undefined;
  try {
    await session.runtime.perform({ type: "text", text: options.text });
  } catch (error) {
    failure = { error };
  }
  const result = await session.finish(failure);
  if (options.dryRun) {
    if (options.json) {
      for (const record of dryRunRecords(result.timeline)) output.out(JSON.stringify(record));
    } else {
      for (
        const line of formatDryRun(result.timeline, quotedText(options.text), recipeOptions)
      ) {
        output.out(line);
      }
    }
    return 0;
  }
  const { device } = result;
  const host = result.host as SimulatedHost;
  if (options.json) {
    output.out(JSON.stringify({ device, text: host.text, events: host.events }));
  } else {
    printTimeline(options.text, host, device, output);
  }
  return 0;
}
