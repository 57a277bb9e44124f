/**
 * `dextkit type TEXT`: types text on the selected device and shows the key timeline and the
 * text a Mac would produce (from the simulated host, or from a host mirroring the reports sent to
 * a real driver).
 *
 * @module
 */
import { getLogger } from "@logtape/logtape";
import type { HostEvent } from "../../host/host_events.ts";
import type { SimulatedHost } from "../../host/simulated_host.ts";
import { ObservedDevice } from "../../device/observed_device.ts";
import { withSession } from "../../device/session.ts";
import { SimDevice } from "../../device/sim_device.ts";
import { selectDevice } from "../../device/select_device.ts";
import type { VirtualHIDDevice } from "../../device/virtual_hid_device.ts";
import type { CliOutput } from "../output.ts";

/** Options of `dextkit type`. */
export interface TypeCommandOptions {
  /** The text to type. */
  readonly text: string;
  /** `--device`; `DEXTKIT_DEVICE` or `auto` when undefined. */
  readonly device?: string | undefined;
  /** Pause between key events in milliseconds. */
  readonly delay?: number | undefined;
  /** Print one JSON object instead of the timeline. */
  readonly json?: boolean | undefined;
}

const logger = getLogger(["dextkit", "cli", "type"]);

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
    `${events.length} key events, ${[...host.text].length} characters, ${
      elapsed.toFixed(2)
    } s on ${backend}`,
  );
}

/**
 * Types the text and prints what the host saw; returns the exit code.
 *
 * Every character is checked against the layout before the first key goes down, so a text with
 * an untypeable character types nothing.
 *
 * @param options The text, device, delay and output format.
 * @param output Where to print.
 * @param env Environment variables (`DEXTKIT_DEVICE`).
 * @returns 0 on success.
 * @throws {DextkitError} For an unknown device, an untypeable character, or a device failure.
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
): Promise<number> {
  const selection = selectDevice(options.device, { env: { get: (name) => env[name] } });
  if (selection.notice !== undefined) logger.info(selection.notice);
  const device: VirtualHIDDevice & { readonly host: SimulatedHost } =
    selection.device instanceof SimDevice ? selection.device : new ObservedDevice(selection.device);
  await withSession(
    { device, defaultDelay: options.delay ?? 0 },
    (session) => session.keyboard.type(options.text),
  );
  if (options.json) {
    output.out(JSON.stringify({
      device: selection.name,
      text: device.host.text,
      events: device.host.events,
    }));
  } else {
    printTimeline(options.text, device.host, selection.name, output);
  }
  return 0;
}
