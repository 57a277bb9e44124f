/**
 * The `dextkit` command line, declared with Optique: commands, options, help text.
 *
 * @module
 */
import {
  argument,
  command,
  constant,
  flag,
  type InferValue,
  integer,
  merge,
  message,
  object,
  option,
  optional,
  or,
  string,
} from "@optique/core";

const verbose = object({
  verbose: optional(
    flag("-v", "--verbose", { description: message`show debug messages and stack traces` }),
  ),
});

const device = optional(option("--device", string({ metavar: "NAME" }), {
  description: message`device backend: sim, iokit or auto (default: $DEXTKIT_DEVICE, else auto)`,
}));

const json = optional(flag("--json", { description: message`print JSON instead of text` }));

const keys = command(
  "keys",
  object({
    command: constant("keys"),
    search: optional(option("--search", string({ metavar: "TEXT" }), {
      description: message`only names, HID names or aliases containing TEXT`,
    })),
    json,
  }),
  { description: message`list key names with their usage ids and aliases` },
);

const type = command(
  "type",
  object({
    command: constant("type"),
    text: argument(string({ metavar: "TEXT" }), {
      description: message`the text to type (U.S. layout)`,
    }),
    device,
    delay: optional(option("--delay", integer({ min: 0, max: 10_000, metavar: "MS" }), {
      description: message`pause between key events in milliseconds (default 0)`,
    })),
    json,
  }),
  { description: message`type text on the device and show the key events and the resulting text` },
);

/**
 * The whole `dextkit` parser: one of the commands, plus the global `-v/--verbose` flag.
 *
 * @example Parse a command line
 * ```ts
 * import { cliParser } from "./parser.ts";
 * import { parse } from "@optique/core";
 *
 * const result = parse(cliParser, ["keys", "--search", "arrow"]);
 * console.assert(result.success);
 * ```
 */
export const cliParser = merge(or(keys, type), verbose);

/** The parsed command line. */
export type CliCommand = InferValue<typeof cliParser>;
