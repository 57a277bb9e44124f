/**
 * The `dextkit` command line, declared with Optique: commands, options, help text.
 *
 * @module
 */
import {
  argument,
  choice,
  command,
  constant,
  flag,
  float,
  type InferValue,
  integer,
  merge,
  message,
  multiple,
  object,
  option,
  optional,
  or,
  type Parser,
  type ParserContext,
  type ParserResult,
  string,
  type Suggestion,
  type ValueParser,
} from "../deps/optique_core.ts";
import { pipelineCommands } from "./commands/pipeline_parsers.ts";
import { pathValue } from "./path_value.ts";

/** A negative decimal or hexadecimal number: `-1`, `-536870174`, `-0x1f`, `-1.5`. */
const NEGATIVE_NUMBER = /^-(?:0x[0-9a-f]+|\d[\d_]*(?:\.\d+)?)$/i;

/**
 * Lets a positional argument take a negative number (`explain -536870174`): Optique reads any
 * `-…` token as an option, so the token is handed over as if `--` preceded it, and the options
 * after it are still options.
 */
function acceptingNegativeNumbers<TValue, TState>(
  parser: Parser<"sync", TValue, TState>,
): Parser<"sync", TValue, TState> {
  return {
    ...parser,
    parse(context: ParserContext<TState>): ParserResult<TState> {
      const token = context.buffer[0];
      if (context.optionsTerminated || token === undefined || !NEGATIVE_NUMBER.test(token)) {
        return parser.parse(context);
      }
      const result = parser.parse({ ...context, buffer: ["--", ...context.buffer] });
      if (!result.success) return result;
      return { ...result, next: { ...result.next, optionsTerminated: false }, consumed: [token] };
    },
  };
}

/**
 * What shell completion offers for `--layout` and `--device`. Empty unless `main` filled it in:
 * it does so only for a completion request, so parsing an ordinary command line loads neither
 * the layout tables nor the device backends.
 */
export const completionCandidates: { layouts: readonly string[]; devices: readonly string[] } = {
  layouts: [],
  devices: [],
};

/** A string value that completion completes from `candidates()`. */
function suggesting(
  metavar: "NAME" | "LAYOUT",
  candidates: () => readonly string[],
): ValueParser<"sync", string> {
  return {
    ...string({ metavar }),
    *suggest(prefix: string): Iterable<Suggestion> {
      for (const text of candidates()) {
        if (text.startsWith(prefix)) yield { kind: "literal", text };
      }
    },
  };
}

const verbose = object({
  verbose: optional(
    flag("-v", "--verbose", { description: message`show debug messages and stack traces` }),
  ),
});

const device = optional(option("--device", suggesting("NAME", () => completionCandidates.devices), {
  description: message`device backend: sim, iokit or auto (default: $DEXTKIT_DEVICE, else auto)`,
}));

const json = optional(flag("--json", { description: message`print JSON instead of text` }));

const layout = optional(
  option("--layout", suggesting("LAYOUT", () => completionCandidates.layouts), {
    description:
      message`the Mac's keyboard layout: auto, an id, input source or name (see dextkit layouts), or a .keylayout file (default: auto on macOS, else us)`,
  }),
);

const keyboardType = optional(
  option("--keyboard-type", choice(["ansi", "iso", "jis"], { caseInsensitive: true }), {
    description: message`how macOS classes the keyboard (default: the layout's usual type)`,
  }),
);

const dryRun = optional(flag("--dry-run", {
  description: message`show what would be typed, with times; type nothing`,
}));

const hold = optional(option("--hold", float({ min: 0, max: 10_000, metavar: "MS" }), {
  description: message`how long each key stays down in milliseconds (default 10)`,
}));

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
      description: message`the text to type`,
    }),
    device,
    layout,
    keyboardType,
    delay: optional(option("--delay", integer({ min: 0, max: 10_000, metavar: "MS" }), {
      description: message`pause between key strokes in milliseconds (default 10)`,
    })),
    hold,
    dryRun,
    json,
  }),
  { description: message`type text on the device and show the key events and the resulting text` },
);

const run = command(
  "run",
  object({
    command: constant("run"),
    file: argument(pathValue("FILE", "file"), {
      description:
        message`a TypeScript recipe (.ts, .js) or a DuckyScript file (.txt, .ducky, .dd)`,
    }),
    device,
    layout,
    keyboardType,
    dryRun,
    json,
    trace: optional(option("--trace", pathValue("OUT.json", "file"), {
      description:
        message`write the timeline as Chrome trace-event JSON (open it in ui.perfetto.dev)`,
    })),
    countdown: optional(option("--countdown", integer({ min: 0, max: 600, metavar: "N" }), {
      description:
        message`count N seconds down on stderr before typing, to focus the target window`,
    })),
    seed: optional(option("--seed", integer({ min: 0, max: 0xffff_ffff, metavar: "N" }), {
      description:
        message`seed of jitter and DuckyScript RANDOM_* (default: random, shown by --dry-run)`,
    })),
    buttonTimeout: optional(
      option("--button-timeout", float({ min: 0, max: 86_400, metavar: "SECONDS" }), {
        description:
          message`WAIT_FOR_BUTTON_PRESS goes on after this many seconds (default: waits for Enter)`,
      }),
    ),
    hold,
    dryRunFor: optional(
      option("--dry-run-for", float({ min: 0, max: 86_400, metavar: "SECONDS" }), {
        description: message`how much virtual time a dry run plays at most (default 60)`,
      }),
    ),
    allow: multiple(option("--allow", string({ metavar: "PERMISSION" }), {
      description:
        message`pass a permission to a TypeScript recipe: read, write, net, env, run, sys, import, each optionally =LIST (repeatable)`,
    })),
    maxLoopIterations: optional(
      option("--max-loop-iterations", integer({ min: 0, metavar: "N" }), {
        description: message`stop a DuckyScript WHILE after N rounds (dry runs: 100000)`,
      }),
    ),
    maxActions: optional(option("--max-actions", integer({ min: 0, metavar: "N" }), {
      description: message`stop DuckyScript after N actions (dry runs: 1000000)`,
    })),
    duckyOs: optional(
      option(
        "--ducky-os",
        choice(["WINDOWS", "MACOS", "LINUX", "IOS", "CHROMEOS", "ANDROID"]),
        { description: message`what DuckyScript's $_OS reads (default MACOS)` },
      ),
    ),
  }),
  {
    description:
      message`run a recipe file on the device, or show what it would type with --dry-run`,
  },
);

const layouts = command(
  "layouts",
  object({ command: constant("layouts"), json }),
  { description: message`list the keyboard layouts --layout accepts` },
);

// The diagnostics commands (lib/cli/commands/{doctor,status,logs,explain}.ts; docs/doctor.md).
const projectConfig = optional(option("--config", pathValue("PATH", "any"), {
  description:
    message`the project directory, or its dextkit.json or deno.json (default: the current directory)`,
}));

const doctor = command(
  "doctor",
  object({
    command: constant("doctor"),
    config: projectConfig,
    json: optional(flag("--json", {
      description: message`print the report as one JSON document (shape: docs/doctor.md)`,
    })),
  }),
  {
    description:
      message`check the Mac, the installed driver and the project; each finding with its fix`,
  },
);

const status = command(
  "status",
  object({
    command: constant("status"),
    config: projectConfig,
    dryRun: optional(flag("--dry-run", {
      description: message`print what status would run and ask, and run nothing`,
    })),
    json: optional(flag("--json", {
      description: message`print the status as one JSON document (shape: docs/doctor.md)`,
    })),
  }),
  {
    description:
      message`installed versions and states, the driver answering, devices ready, LED state`,
  },
);

const logs = command(
  "logs",
  object({
    command: constant("logs"),
    last: optional(option("--last", string({ metavar: "SPAN" }), {
      description: message`how far back: 30m, 1h, 2d or boot (default 1h)`,
    })),
    follow: optional(flag("--follow", {
      description: message`follow new messages (log stream) until Ctrl-C`,
    })),
    config: projectConfig,
    dryRun: optional(flag("--dry-run", {
      description: message`print the log command and run nothing`,
    })),
    json: optional(flag("--json", { description: message`one JSON object per entry` })),
  }),
  {
    description:
      message`the unified log of sysextd, kernelmanagerd, DriverKit and the dext, readable`,
  },
);

const explain = command(
  "explain",
  object({
    command: constant("explain"),
    code: acceptingNegativeNumbers(argument(string({ metavar: "CODE" }), {
      description:
        message`a code (3, 0xe00002e2, -536870174), a name (kIOReturnNotPermitted, Invalid) or a message`,
    })),
    json,
  }),
  {
    description:
      message`explain a system extension error, IOReturn, notarization status or known message`,
  },
);

const diagnostics = or(doctor, status, logs, explain);

/**
 * The whole `dextkit` parser: one of the commands, plus the global `-v/--verbose` flag.
 *
 * @example Parse a command line
 * ```ts
 * import { cliParser } from "./parser.ts";
 * import { parse } from "../deps/optique_core.ts";
 *
 * const result = parse(cliParser, ["keys", "--search", "arrow"]);
 * console.assert(result.success);
 * ```
 */
export const cliParser = merge(
  or(keys, type, run, layouts, pipelineCommands, diagnostics),
  verbose,
);

/** The parsed command line. */
export type CliCommand = InferValue<typeof cliParser>;

type UsageTerm = (typeof cliParser.usage)[number];

/** The commands of the command line, each with every option name it takes. */
function commandTable(): ReadonlyMap<string, readonly string[]> {
  const table = new Map<string, string[]>();
  const optionNames = (terms: readonly UsageTerm[], into: string[]): void => {
    for (const term of terms) {
      if (term.type === "option") into.push(...term.names);
      else if (term.type === "optional" || term.type === "multiple") {
        optionNames(term.terms, into);
      } else if (term.type === "exclusive") {
        for (const alternative of term.terms) optionNames(alternative, into);
      }
    }
  };
  const visit = (terms: readonly UsageTerm[]): void => {
    for (const term of terms) {
      if (term.type !== "exclusive") continue;
      for (const alternative of term.terms) {
        const [first, ...rest] = alternative;
        if (first?.type === "command") {
          const names: string[] = [];
          optionNames(rest, names);
          table.set(first.name, names);
        } else {
          visit(alternative);
        }
      }
    }
  };
  visit(cliParser.usage);
  return table;
}

const COMMANDS = commandTable();

/**
 * The names of `dextkit`'s commands, in the order `--help` lists them (without Optique's own
 * `help` and `completion`).
 *
 * @example
 * ```ts
 * import { commandNames } from "./parser.ts";
 *
 * console.assert(commandNames().includes("type"));
 * ```
 */
export function commandNames(): string[] {
  return [...COMMANDS.keys()];
}

/**
 * The option names a command takes (`["--search", "--json"]` for `keys`); empty for an unknown
 * command.
 *
 * @param command The command name.
 * @returns Its options' names.
 *
 * @example
 * ```ts
 * import { commandOptions } from "./parser.ts";
 *
 * console.assert(commandOptions("explain").includes("--json"));
 * ```
 */
export function commandOptions(command: string): readonly string[] {
  return COMMANDS.get(command) ?? [];
}
