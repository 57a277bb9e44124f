/**
 * The few file operations the pipeline does itself rather than through a command: reading the
 * entitlement files, writing the entitlements it injects and the package's component list,
 * checking that a product exists, and keeping the expected-version state file. Everything that
 * touches a bundle (copying, signing, removing) goes through the command runner instead, so it
 * shows in `--dry-run` plans.
 *
 * @module
 */
import { dirname } from "node:path";

/** File operations; tests pass an in-memory implementation. */
export interface PipelineFiles {
  /**
   * Whether a file or directory exists.
   *
   * @param path An absolute path.
   */
  exists(path: string): Promise<boolean>;
  /**
   * Reads a text file.
   *
   * @param path An absolute path.
   * @returns Its contents.
   * @throws {Deno.errors.NotFound} When it does not exist.
   */
  readText(path: string): Promise<string>;
  /**
   * Writes a text file, creating its directory.
   *
   * @param path An absolute path.
   * @param text The contents.
   */
  writeText(path: string, text: string): Promise<void>;
  /**
   * Removes a file; nothing happens when it does not exist.
   *
   * @param path An absolute path.
   */
  remove(path: string): Promise<void>;
  /**
   * The names of the files in a folder; empty when the folder does not exist.
   *
   * @param path An absolute path.
   * @throws {Deno.errors.PermissionDenied} When the folder cannot be read.
   */
  listDirectory(path: string): Promise<string[]>;
}

/**
 * The real file system.
 *
 * @example Write and read back a file
 * ```ts
 * import { denoFiles } from "./pipeline_files.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await denoFiles.writeText(`${dir}/a/b.txt`, "hi");
 * console.assert(await denoFiles.readText(`${dir}/a/b.txt`) === "hi");
 * console.assert((await denoFiles.listDirectory(`${dir}/a`)).join() === "b.txt");
 * await denoFiles.remove(`${dir}/a/b.txt`);
 * console.assert(!(await denoFiles.exists(`${dir}/a/b.txt`)));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export const denoFiles: PipelineFiles = Object.freeze({
  exists: async (path: string) => {
    try {
      await Deno.stat(path);
      return true;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return false;
      throw error;
    }
  },
  readText: (path: string) => Deno.readTextFile(path),
  writeText: async (path: string, text: string) => {
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(path, text);
  },
  remove: async (path: string) => {
    try {
      await Deno.remove(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  },
  listDirectory: async (path: string) => {
    const names: string[] = [];
    try {
      for await (const entry of Deno.readDir(path)) if (entry.isFile) names.push(entry.name);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    return names.sort();
  },
});
