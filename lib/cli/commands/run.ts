/**
 * `dextkit run FILE`: runs a recipe file, a TypeScript/JavaScript recipe module or a DuckyScript
 * file, on the selected device; or on a fresh simulated Mac with a virtual clock (`--dry-run`),
 * showing what was played; and exports what was played (`--trace`).
 *
 * The kind of file comes from its extension (`.ts .mts .tsx .js .mjs .jsx` are modules; `.txt
 * .ducky .dd` DuckyScript); any other file is DuckyScript when its text looks like it.
 *
 * A module runs in a **child Deno process** with only the permissions the user passes on with
 * `--allow` (by default: read the recipe's folder, and the one environment variable of the
 * recipe channel; no run, net, write, FFI). The device stays in this process, which performs the
 * steps the child asks for over the recipe channel (`recipe_channel.ts`). A dry run is the same
 * arrangement with the simulated Mac and a virtual clock, and grants the child nothing beyond
 * reading, so a recipe cannot type, spawn or write during one. DuckyScript is data: it is checked
 * whole, then interpreted here, statement by statement, on the same runtime.
 *
 * @module
 */
import { getLogger } from "../../deps/logtape.ts";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Clock } from "../../device/clock.ts";
import { DEFAULT_KEYBOARD_PARAMETERS } from "../../device/virtual_hid_device.ts";
import { DextkitError, ExitCode } from "../../errors.ts";
import type { KeyboardType } from "../../layout/keyboard_type.ts";
import {
  checkDuckyScript,
  type DuckyOs,
  looksLikeDuckyScript,
  runDuckyProgram,
} from "../../recipe/ducky/mod.ts";
import { formatSourceLocation } from "../../recipe/recipe_errors.ts";
import type { RecipeOptions } from "../../recipe/recipe_options.ts";
import { CHANNEL_ENV, serveRecipeChannel } from "../../recipe/recipe_channel.ts";
import { traceDocument } from "../../recipe/trace_export.ts";
import { checkWritable } from "../check_writable.ts";
import { CliRecipeRunner } from "../cli_recipe_runner.ts";
import type { CliOutput } from "../output.ts";
import type { LineReader } from "../terminal_input.ts";

/** Options of `dextkit run`. */
export interface RunCommandOptions {
  /** The recipe file. */
  readonly file: string;
  /** `--device`. */
  readonly device?: string | undefined;
  /** `--layout`. */
  readonly layout?: string | undefined;
  /** `--keyboard-type`. */
  readonly keyboardType?: KeyboardType | undefined;
  /** `--dry-run`. */
  readonly dryRun?: boolean | undefined;
  /** `--json`. */
  readonly json?: boolean | undefined;
  /** `--trace FILE`. */
  readonly trace?: string | undefined;
  /** `--countdown N`, seconds. */
  readonly countdown?: number | undefined;
  /** `--seed N`. */
  readonly seed?: number | undefined;
  /** `--button-timeout S`, seconds. */
  readonly buttonTimeout?: number | undefined;
  /** `--hold MS`: how long keys stay down. */
  readonly hold?: number | undefined;
  /** `--dry-run-for S`: seconds of virtual time a dry run plays at most. */
  readonly dryRunFor?: number | undefined;
  /** `--allow PERMISSION`, repeatable: permissions passed on to a TypeScript recipe. */
  readonly allow?: readonly string[] | undefined;
  /** `--max-loop-iterations N`: a DuckyScript dry run's WHILE guard. */
  readonly maxLoopIterations?: number | undefined;
  /** `--max-actions N`: a DuckyScript dry run's action guard. */
  readonly maxActions?: number | undefined;
  /** `--ducky-os NAME`: what DuckyScript's `$_OS` reads. */
  readonly duckyOs?: DuckyOs | undefined;
}

/** What `dextkit run` needs from its surroundings. */
export interface RunCommandContext {
  /** Where to print. */
  readonly output: CliOutput;
  /** Environment variables (`DEXTKIT_DEVICE`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock recipes, countdowns and button timeouts wait on. */
  readonly clock: Clock;
  /** Where Enter comes from for `WAIT_FOR_BUTTON_PRESS`. */
  readonly input: LineReader;
}

/** The kinds of recipe file. */
export type RecipeFileKind = "module" | "duckyscript";

const MODULE_EXTENSIONS = [".ts", ".mts", ".tsx", ".js", ".mjs", ".jsx"];
const DUCKY_EXTENSIONS = [".txt", ".ducky", ".dd"];

const logger = getLogger(["dextkit", "cli", "run"]);

/** The permissions `--allow` may pass on; FFI and `all` stay with dextkit. */
const PASSABLE_PERMISSIONS = ["read", "write", "net", "env", "run", "sys", "import"];

/**
 * Tells a recipe module from a DuckyScript file: by extension, else by content.
 *
 * @param file The file name.
 * @param text The file's text, read only when the extension does not decide (`undefined` then
 * means it could not be read).
 * @returns The kind, or `undefined` when neither the name nor the text tells.
 *
 * @example
 * ```ts
 * import { recipeFileKind } from "./run.ts";
 *
 * console.assert(recipeFileKind("a.ts", () => "") === "module");
 * console.assert(recipeFileKind("payload", () => "REM hi\nSTRING hello\n") === "duckyscript");
 * ```
 */
export function recipeFileKind(
  file: string,
  text: () => string | undefined,
): RecipeFileKind | undefined {
  const lower = file.toLowerCase();
  if (MODULE_EXTENSIONS.some((extension) => lower.endsWith(extension))) return "module";
  if (DUCKY_EXTENSIONS.some((extension) => lower.endsWith(extension))) return "duckyscript";
  const content = text();
  return content !== undefined && looksLikeDuckyScript(content) ? "duckyscript" : undefined;
}

/**
 * Runs a recipe file and returns the exit code.
 *
 * @param options The file and the command-line options.
 * @param context Output, environment, clock and terminal input.
 * @returns 0 on success.
 * @throws {DextkitError} For a file that cannot be read or loaded, a recipe error (located
 * `file:line:col`), an unknown device or layout, or a device failure.
 *
 * @example Dry-run a DuckyScript file
 * ```ts
 * import { runRunCommand } from "./run.ts";
 * import { CapturedOutput } from "../output.ts";
 * import { VirtualClock } from "../../device/clock.ts";
 *
 * const file = await Deno.makeTempFile({ suffix: ".txt" });
 * await Deno.writeTextFile(file, "STRING hi\nENTER\n");
 * const output = new CapturedOutput();
 * const code = await runRunCommand({ file, dryRun: true, seed: 1 }, {
 *   output,
 *   env: {},
 *   clock: new VirtualClock(),
 *   input: { readLine: () => Promise.resolve(null) },
 * });
 * console.assert(code === 0 && output.stdout.includes('type "hi"'));
 * await Deno.remove(file);
 * ```
 */
export async function runRunCommand(
  options: RunCommandOptions,
  context: RunCommandContext,
): Promise<number> {
  if (options.trace !== undefined) checkWritable(options.trace, "--trace");
  const path = resolve(options.file);
  let text: string | undefined;
  const readText = (): string => {
    text ??= readRecipe(options.file, path);
    return text;
  };
  const kind = recipeFileKind(options.file, () => {
    try {
      return readText();
    } catch {
      return undefined;
    }
  });
  if (kind === undefined) {
    readText();
    throw new DextkitError(
      `cannot tell whether ${options.file} is a TypeScript recipe or DuckyScript`,
      {
        hint: "name a TypeScript recipe .ts (or .js), a DuckyScript file .txt, .ducky or .dd",
        exitCode: ExitCode.Usage,
      },
    );
  }
  const runner = new CliRecipeRunner({
    file: options.file,
    overrides: overridesOf(options, context.clock),
    json: options.json === true,
    countdown: options.countdown ?? 0,
    buttonTimeout: options.buttonTimeout,
    output: context.output,
    env: context.env,
    clock: context.clock,
    input: context.input,
  });
  if (kind === "duckyscript") {
    await runDuckyScript(options, readText(), runner);
  } else {
    checkReadable(options.file, path);
    await runModule(options, path, runner, context.output);
  }
  if (options.trace !== undefined) {
    const document = traceDocument(runner.runs);
    try {
      await Deno.writeTextFile(options.trace, JSON.stringify(document));
    } catch (error) {
      throw new DextkitError(`cannot write the trace to ${options.trace}: ${messageOf(error)}`, {
        hint: "pick a writable path for --trace",
        cause: error,
      });
    }
    context.output.err(
      `wrote ${document.traceEvents.length} trace events to ${options.trace} (open it in ui.perfetto.dev)`,
    );
  }
  return 0;
}

function overridesOf(options: RunCommandOptions, clock: Clock): RecipeOptions {
  return {
    clock,
    ...(options.device === undefined ? {} : { device: options.device }),
    ...(options.layout === undefined ? {} : { layout: options.layout }),
    ...(options.keyboardType === undefined ? {} : { keyboardType: options.keyboardType }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.hold === undefined ? {} : { hold: options.hold }),
    ...(options.dryRunFor === undefined ? {} : { dryRunFor: options.dryRunFor * 1000 }),
    ...(options.dryRun ? { dryRun: true } : {}),
  };
}

function readRecipe(file: string, path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    throw unreadable(file, error);
  }
}

/** Fails like `readRecipe` for a module that is not there, before the import says it worse. */
function checkReadable(file: string, path: string): void {
  try {
    Deno.statSync(path);
  } catch (error) {
    throw unreadable(file, error);
  }
}

function unreadable(file: string, error: unknown): DextkitError {
  return new DextkitError(`cannot read the recipe ${file}: ${messageOf(error)}`, {
    hint: "check the path; recipes are .ts modules or DuckyScript text files",
    exitCode: ExitCode.Usage,
    cause: error,
  });
}

async function runDuckyScript(
  options: RunCommandOptions,
  source: string,
  runner: CliRecipeRunner,
): Promise<void> {
  const program = checkDuckyScript(source, { file: options.file });
  for (const warning of program.warnings) {
    logger.warn(`${formatSourceLocation(warning.source)}: ${warning.message}`);
  }
  if (program.keyboard !== undefined) {
    const { vendorId, productId } = program.keyboard;
    runner.keyboardParameters = { ...DEFAULT_KEYBOARD_PARAMETERS, vendorId, productId };
    logger.info(
      `the virtual keyboard identifies as ${hex4(vendorId)}:${
        hex4(productId)
      }, as ${options.file} asks`,
    );
  }
  const connection = await runner.open({});
  const guards = options.dryRun === true
    ? {
      maxLoopIterations: options.maxLoopIterations ?? DRY_RUN_MAX_LOOP_ITERATIONS,
      maxActions: options.maxActions ?? DRY_RUN_MAX_ACTIONS,
    }
    : {
      ...(options.maxLoopIterations === undefined
        ? {}
        : { maxLoopIterations: options.maxLoopIterations }),
      ...(options.maxActions === undefined ? {} : { maxActions: options.maxActions }),
    };
  try {
    await runDuckyProgram(program, connection, {
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.duckyOs === undefined ? {} : { os: options.duckyOs }),
      ...guards,
    });
  } catch (error) {
    await connection.finish({ error });
    return;
  }
  await connection.finish();
}

/** A dry run's guards; a real run loops until STOP_PAYLOAD or Ctrl-C unless the user sets them. */
const DRY_RUN_MAX_LOOP_ITERATIONS = 100_000;
const DRY_RUN_MAX_ACTIONS = 1_000_000;

async function runModule(
  options: RunCommandOptions,
  path: string,
  runner: CliRecipeRunner,
  output: CliOutput,
): Promise<void> {
  const config = configFor(path);
  const args = [
    "run",
    "--no-prompt",
    ...(config === undefined ? [] : ["--config", config]),
    ...recipePermissions(options, path),
    pathToFileURL(path).href,
  ];
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(Deno.execPath(), {
      args,
      env: { [CHANNEL_ENV]: "stdio", NO_COLOR: "1" },
      stdin: "piped",
      stdout: "inherit",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    throw new DextkitError(
      `cannot start the recipe process for ${options.file}: ${messageOf(error)}`,
      {
        hint:
          `dextkit run starts the recipe in its own Deno process; allow it with --allow-run=${Deno.execPath()}`,
        exitCode: ExitCode.Usage,
        cause: error,
      },
    );
  }
  const cwd = `${resolve(".")}/`;
  const served = await serveRecipeChannel(
    child,
    runner,
    (line) => output.err(line),
    (file) => file === path ? options.file : file.startsWith(cwd) ? file.slice(cwd.length) : file,
  );
  const status = await child.status;
  if (served.failure !== undefined) throw served.failure.error;
  if (!status.success) {
    throw new DextkitError(
      `the recipe process of ${options.file} ended with exit code ${status.code}`,
      {
        hint: options.dryRun
          ? "its error is above; in a dry run a recipe may only read its folder"
          : "its error is above; pass what it needs with --allow (net, env=NAME, write=PATH, …)",
        exitCode: ExitCode.Usage,
      },
    );
  }
  if (served.results.length === 0) {
    throw new DextkitError(`${options.file} did not call recipe(): nothing to run`, {
      hint:
        'wrap the steps in recipe({ … }, async ({ keyboard, mouse, wait }) => { … }) from "mod.ts"',
      exitCode: ExitCode.Usage,
    });
  }
}

/**
 * The configuration (import map) the recipe process uses: the recipe's own `deno.json` when a
 * folder above it has one (Deno finds it then), else dextkit's own when dextkit runs from its
 * source, so a recipe anywhere can import dextkit's `mod.ts`.
 */
function configFor(path: string): string | undefined {
  for (let dir = dirname(path);; dir = dirname(dir)) {
    if (exists(`${dir}/deno.json`) || exists(`${dir}/deno.jsonc`)) return undefined;
    if (dirname(dir) === dir) break;
  }
  const own = new URL("../../../deno.json", import.meta.url);
  return own.protocol === "file:" && exists(own.pathname)
    ? decodeURIComponent(own.pathname)
    : undefined;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The child's permission flags: read the recipe's folder, read the channel variable, and what
 * `--allow` passes on (nothing but reading in a dry run).
 *
 * @param options The command line.
 * @param path The recipe's absolute path.
 * @returns Deno permission flags.
 * @throws {DextkitError} For an `--allow` value that is not a permission dextkit passes on.
 *
 * @example
 * ```ts
 * import { recipePermissions } from "./run.ts";
 *
 * const flags = recipePermissions({ file: "r.ts", allow: ["net=example.com"] }, "/home/me/r.ts");
 * console.assert(flags.includes("--allow-net=example.com"));
 * console.assert(flags.includes("--allow-read=/home/me"));
 * ```
 */
export function recipePermissions(options: RunCommandOptions, path: string): string[] {
  const granted = new Map<string, string[] | true>([
    ["read", [dirname(path)]],
    ["env", [CHANNEL_ENV]],
  ]);
  for (const spec of options.allow ?? []) {
    const [name = "", list] = spec.split(/=(.*)/s);
    if (!PASSABLE_PERMISSIONS.includes(name)) {
      throw new DextkitError(`--allow ${spec} is not a permission dextkit passes to a recipe`, {
        hint: name === "ffi" || name === "all"
          ? "FFI stays with dextkit: the recipe asks it for every key"
          : `use one of ${PASSABLE_PERMISSIONS.join(", ")}, optionally =LIST`,
        exitCode: ExitCode.Usage,
      });
    }
    if (options.dryRun && name !== "read" && name !== "env") {
      logger.warn(`--allow ${spec} is not granted in a dry run: a dry run touches nothing`);
      continue;
    }
    const previous = granted.get(name);
    if (list === undefined || previous === true) granted.set(name, true);
    else granted.set(name, [...(previous ?? []), ...list.split(",").filter((item) => item !== "")]);
  }
  return [...granted].map(([name, list]) =>
    list === true ? `--allow-${name}` : `--allow-${name}=${list.join(",")}`
  );
}

function hex4(id: number): string {
  return id.toString(16).padStart(4, "0");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
