/**
 * Output paths are checked before anything is typed: a recipe that runs for minutes must not
 * fail at the end because its `--trace` file cannot be written.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";

/**
 * Fails unless `path` can be written: an existing file is opened for writing (and left as it
 * is); for a new one, the file is created and removed again, so permissions, a missing folder or
 * a read-only disk all show up now, the way the real write would meet them.
 *
 * @param path The output file.
 * @param option The option that named it (`--trace`), for the message and the hint.
 * @throws {DextkitError} Naming the path and the reason; exit code 2.
 *
 * @example
 * ```ts
 * import { checkWritable } from "./check_writable.ts";
 *
 * const dir = await Deno.makeTempDir();
 * checkWritable(`${dir}/trace.json`, "--trace");
 * let refused = false;
 * try {
 *   checkWritable(`${dir}/missing/trace.json`, "--trace");
 * } catch {
 *   refused = true;
 * }
 * console.assert(refused);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function checkWritable(path: string, option: string): void {
  try {
    let info: Deno.FileInfo | undefined;
    try {
      info = Deno.statSync(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    if (info?.isDirectory) throw new Error("it is a folder");
    if (info !== undefined) {
      Deno.openSync(path, { write: true }).close();
    } else {
      Deno.openSync(path, { write: true, createNew: true }).close();
      Deno.removeSync(path);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DextkitError(`cannot write ${path} (${option}): ${reason}; nothing was typed`, {
      hint: `give ${option} a path in a folder that exists and that you can write to`,
      exitCode: ExitCode.Usage,
      cause: error,
    });
  }
}
