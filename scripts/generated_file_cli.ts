// deno-lint-ignore-file no-console
/**
 * The command line every code generator shares: write the generated file, or with `--check`
 * exit 1 when the committed file differs from a fresh render.
 *
 * @module
 */

/** What a generator tells {@linkcode runGeneratorCli}. */
export interface GeneratorCli {
  /** The generated file. */
  readonly output: URL;
  /** The file's path relative to the repository, for messages. */
  readonly path: string;
  /** The command that regenerates the file, for the stale hint. */
  readonly command: string;
  /** Renders the file's text. */
  readonly render: () => string | Promise<string>;
}

/**
 * Runs a generator from the command line with `args`; exits 2 on an unknown argument and 1 when
 * `--check` finds the committed file stale.
 *
 * @param generator The output file, its display path, the regeneration command and the renderer.
 * @param args The command-line arguments.
 *
 * @example Check a generated file
 * ```ts ignore
 * import { runGeneratorCli } from "./generated_file_cli.ts";
 *
 * await runGeneratorCli({
 *   output: new URL("../lib/x.generated.ts", import.meta.url),
 *   path: "lib/x.generated.ts",
 *   command: "deno run --allow-read --allow-write scripts/generate_x.ts",
 *   render: () => "export const X = 1;\n",
 * }, ["--check"]);
 * ```
 */
export async function runGeneratorCli(
  generator: GeneratorCli,
  args: readonly string[],
): Promise<void> {
  const unknown = args.filter((arg) => arg !== "--check");
  if (unknown.length > 0) {
    console.error(`error: unknown argument "${unknown[0]}" (the only option is --check)`);
    Deno.exit(2);
  }
  const text = await generator.render();
  if (!args.includes("--check")) {
    await Deno.writeTextFile(generator.output, text);
    console.log(`wrote ${generator.path}`);
    return;
  }
  let committed = "";
  try {
    committed = await Deno.readTextFile(generator.output);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (committed !== text) {
    console.error(`error: ${generator.path} is stale`);
    console.error(`hint: run \`${generator.command}\``);
    Deno.exit(1);
  }
  console.log(`${generator.path} is up to date`);
}
