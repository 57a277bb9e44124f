/**
 * Finding and reading the dextkit configuration.
 *
 * Where it comes from, for a directory (the usual call, with the project root):
 * 1. `dextkit.json` in that directory (the whole file is the configuration), else
 * 2. the `dextkit` section of `deno.json` in that directory, else
 * 3. the defaults (dextkit's own `dext/` project).
 *
 * Both a dextkit.json and a deno.json `dextkit` section in one directory is an error rather
 * than a silent precedence, so an edit never goes to the file that is ignored. A path to a file
 * reads that file: a file named `deno.json` contributes its `dextkit` section, any other JSON file
 * is the configuration itself. `deno.jsonc` is not read (put the configuration in dextkit.json
 * next to it). Relative paths in the configuration are relative to the file's directory.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { ConfigError } from "./config_error.ts";
import { type DextkitConfig, resolveConfig } from "./dextkit_config.ts";

/**
 * Loads the configuration for a project directory or from one file.
 *
 * @param pathOrDir A directory (see the module doc for the lookup) or a configuration file.
 * @returns The resolved configuration.
 * @throws {ConfigError} When a file is missing or not JSON (the line is named), both
 * configuration files exist, or the configuration is invalid.
 *
 * @example Load a project's dextkit.json
 * ```ts
 * import { loadConfig } from "./load_config.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/dextkit.json`, JSON.stringify({ teamId: "ABCDE12345" }));
 * const config = await loadConfig(dir);
 * console.assert(config.teamId === "ABCDE12345" && config.source === `${dir}/dextkit.json`);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadConfig(pathOrDir: string): Promise<DextkitConfig> {
  const path = resolve(pathOrDir);
  const info = await stat(path);
  if (info === undefined) {
    throw new ConfigError(`configuration file ${path} does not exist`, {
      hint: "give the project directory, or the path of its dextkit.json or deno.json",
    });
  }
  if (info.isFile) {
    const json = await readJson(path);
    const raw = basename(path) === "deno.json" ? section(json, path) : json;
    return resolveConfig(raw, { source: path, root: dirname(path) });
  }
  const dextkitJson = join(path, "dextkit.json");
  const denoJson = join(path, "deno.json");
  const denoSection = (await stat(denoJson))?.isFile
    ? section(await readJson(denoJson), denoJson)
    : undefined;
  if ((await stat(dextkitJson))?.isFile) {
    if (denoSection !== undefined) {
      throw new ConfigError(
        `both ${dextkitJson} and the "dextkit" section of ${denoJson} configure dextkit`,
        { hint: "keep one of them: move the settings into one file and delete the other" },
      );
    }
    return resolveConfig(await readJson(dextkitJson), { source: dextkitJson, root: path });
  }
  if (denoSection !== undefined) {
    return resolveConfig(denoSection, { source: denoJson, root: path });
  }
  return resolveConfig(undefined, { root: path });
}

async function stat(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

async function readJson(path: string): Promise<unknown> {
  // Editors on macOS and Windows may save UTF-8 with a byte-order mark; JSON.parse refuses it.
  const text = (await Deno.readTextFile(path)).replace(/^\uFEFF/, "");
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(reason);
    const line = position ? text.slice(0, Number(position[1])).split("\n").length : undefined;
    throw new ConfigError(
      `${path}${line === undefined ? "" : ` (line ${line})`} is not valid JSON: ` +
        reason.replace(/\s*\n\s*/g, " ").slice(0, 120),
      { hint: "fix the JSON syntax (comments and trailing commas are not allowed)", cause: error },
    );
  }
}

function section(json: unknown, path: string): unknown {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ConfigError(`${path} is not a JSON object`);
  }
  return Object.hasOwn(json, "dextkit") ? (json as Record<string, unknown>)["dextkit"] : undefined;
}
