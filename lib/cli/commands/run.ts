/**
 * `dextkit run FILE`: runs a recipe file, a TypeScript/JavaScript recipe module or a DuckyScript
 * file, on the selected device; or shows what it would type (`--dry-run`), or exports its timeline
 * (`--trace`).
 *
 * The kind of file comes from its extension (`.ts .mts .tsx .js .mjs .jsx` are modules; `.txt
 * .ducky .dd` DuckyScript); any other file is DuckyScript when its text looks like it. A module is
 * imported with a recipe runner installed (`recipe_runtime.ts`): every `recipe()` call in it is
 * recorded and handed to the runner. Options set on the command line win over a recipe's own.
 *
 * @module
 */
import { getLogger } from "../../deps/logtape.ts";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Clock } from "../../device/clock.ts";
import { DEFAULT_KEYBOARD_PARAMETERS } from "../../device/virtual_hid_device.ts";
import { DextkitError, ExitCode } from "../../errors.ts";
import type { KeyboardType } from "../../layout/keyboard_type.ts";
import { compileDuckyScript, looksLikeDuckyScript } from "../../recipe/ducky/mod.ts";
import { formatSourceLocation } from "../../recipe/recipe_errors.ts";
import { type RecipeOptions, resolveRecipeOptions } from "../../recipe/recipe_options.ts";
import { installRecipeRunner } from "../../recipe/recipe_runtime.ts";
import { defaultSourceName } from "../../recipe/source_location.ts";
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

/** Counts imports, so that running the same module twice in one process runs it twice. */
let importCount = 0;

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
  const url = pathToFileURL(path).href;
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
  const cwd = `${pathToFileURL(resolve(".")).href}/`;
  const runner = new CliRecipeRunner({
    file: options.file,
    overrides: overridesOf(options, context.clock),
    sourceName: (moduleUrl) =>
      moduleUrl === url
        ? options.file
        : moduleUrl.startsWith(cwd)
        ? decodeURIComponent(moduleUrl.slice(cwd.length))
        : defaultSourceName(moduleUrl),
    json: options.json === true,
    countdown: options.countdown ?? 0,
    buttonTimeout: options.buttonTimeout,
    output: context.output,
    env: context.env,
    clock: context.clock,
    input: context.input,
  });
  try {
    if (kind === "duckyscript") {
      await runDuckyScript(options.file, readText(), runner);
    } else {
      checkReadable(options.file, path);
      await runModule(url, runner);
    }
  } finally {
    runner.close();
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
  file: string,
  source: string,
  runner: CliRecipeRunner,
): Promise<void> {
  const program = compileDuckyScript(source, {
    file,
    ...(runner.overrides.seed === undefined ? {} : { seed: runner.overrides.seed }),
  });
  for (const warning of program.warnings) {
    logger.warn(`${formatSourceLocation(warning.source)}: ${warning.message}`);
  }
  if (program.keyboard !== undefined) {
    const { vendorId, productId } = program.keyboard;
    runner.keyboardParameters = { ...DEFAULT_KEYBOARD_PARAMETERS, vendorId, productId };
    logger.info(
      `the virtual keyboard identifies as ${hex4(vendorId)}:${hex4(productId)}, as ${file} asks`,
    );
  }
  const options = resolveRecipeOptions({ ...runner.overrides, seed: program.seed });
  await runner.run({ actions: program.actions, options });
}

async function runModule(url: string, runner: CliRecipeRunner): Promise<void> {
  using installation = installRecipeRunner(runner);
  importCount++;
  try {
    await import(`${url}?run=${importCount}`);
  } catch (error) {
    runner.close();
    await installation.settled().catch(() => {});
    throw loadError(error, runner.sourceName(url));
  }
  const count = await installation.settled();
  if (count === 0) {
    throw new DextkitError(`${runner.sourceName(url)} did not call recipe(): nothing to run`, {
      hint:
        'wrap the steps in recipe({ … }, async ({ keyboard, mouse, wait }) => { … }) from "mod.ts"',
      exitCode: ExitCode.Usage,
    });
  }
}

function loadError(error: unknown, file: string): DextkitError {
  if (error instanceof DextkitError) return error;
  return new DextkitError(`cannot run ${file}: ${messageOf(error)}`, {
    hint: "fix the recipe module; run with --verbose for the stack trace",
    exitCode: ExitCode.Usage,
    cause: error,
  });
}

function hex4(id: number): string {
  return id.toString(16).padStart(4, "0");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
