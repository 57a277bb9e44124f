/**
 * A path on the command line: parsed as the text it is, completed by the shell's own file
 * completion (Optique's `file` suggestion), so `dextkit run rec<TAB>` offers files and folders.
 *
 * @module
 */
import { string, type Suggestion, type ValueParser } from "../deps/optique_core.ts";

/**
 * A value parser for a path that the shell completes.
 *
 * @param metavar How help names the value (`FILE`, `PATH`, `OUT.json`).
 * @param type What to complete: files (and the folders on the way), or folders too.
 * @returns The value parser.
 *
 * @example
 * ```ts
 * import { pathValue } from "./path_value.ts";
 *
 * const file = pathValue("FILE", "file");
 * const [suggestion] = [...(file.suggest?.("rec") ?? [])];
 * console.assert(suggestion?.kind === "file");
 * ```
 */
export function pathValue(
  metavar: "FILE" | "PATH" | "OUT.json",
  type: "file" | "any",
): ValueParser<"sync", string> {
  return {
    ...string({ metavar }),
    *suggest(prefix: string): Iterable<Suggestion> {
      yield { kind: "file", type, pattern: prefix };
    },
  };
}
