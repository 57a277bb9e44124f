/**
 * Finds where in a recipe file a recipe step was called, from the JavaScript call stack, so
 * dry runs, traces and errors can point at `recipes/x.ts:12:18`.
 *
 * The first stack frame outside dextkit's `lib/` folder is the recipe's (Deno maps stack positions
 * back to the TypeScript source). A URL's query and fragment are dropped: the CLI imports a recipe
 * as `x.ts?run=1` so that running it twice in one process runs it twice.
 *
 * @module
 */
import type { SourceLocation } from "./action.ts";

const LIBRARY_PREFIX = new URL("../", import.meta.url).href;
const FRAME = /((?:file|https?):\/\/[^\s()]+?):(\d+):(\d+)\)?$/;

/** Turns a module URL into the file name shown to the user. */
export type SourceNamer = (url: string) => string;

/**
 * The default file name of a module URL: the file path for `file:` URLs, the URL otherwise.
 *
 * @param url A module URL, without query or fragment.
 * @returns The name to show.
 *
 * @example
 * ```ts
 * import { defaultSourceName } from "./source_location.ts";
 *
 * console.assert(defaultSourceName("file:///home/me/my%20recipe.ts") === "/home/me/my recipe.ts");
 * console.assert(defaultSourceName("https://example.com/r.ts") === "https://example.com/r.ts");
 * ```
 */
export function defaultSourceName(url: string): string {
  return url.startsWith("file:") ? decodeURIComponent(new URL(url).pathname) : url;
}

/**
 * Strips the query and fragment of a module URL.
 *
 * @param url A module URL.
 * @returns The URL without `?…` and `#…`.
 *
 * @example
 * ```ts
 * import { moduleUrlWithoutQuery } from "./source_location.ts";
 *
 * console.assert(moduleUrlWithoutQuery("file:///r.ts?run=2") === "file:///r.ts");
 * ```
 */
export function moduleUrlWithoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/**
 * The location of the innermost stack frame outside dextkit's library code.
 *
 * @param stack A stack trace as V8 formats it (`error.stack`).
 * @param name Turns the frame's module URL into the file name to show.
 * @returns The location, or `undefined` when no frame is outside the library (or the stack has
 * no positions).
 *
 * @example Locate the caller in a stack
 * ```ts
 * import { locationInStack } from "./source_location.ts";
 *
 * const stack = "Error\n    at Array.map (<anonymous>)\n    at file:///home/me/r.ts?run=1:7:18";
 * const location = locationInStack(stack, (url) => url.replace("file:///home/me/", ""));
 * console.assert(location?.file === "r.ts" && location.line === 7 && location.column === 18);
 * ```
 */
export function locationInStack(
  stack: string | undefined,
  name: SourceNamer = defaultSourceName,
): SourceLocation | undefined {
  if (stack === undefined) return undefined;
  for (const line of stack.split("\n")) {
    const match = FRAME.exec(line.trim());
    if (match === null) continue;
    const url = moduleUrlWithoutQuery(match[1] as string);
    if (url.startsWith(LIBRARY_PREFIX)) continue;
    return { file: name(url), line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

/**
 * The location in the recipe of the call that is running now: the innermost frame outside
 * dextkit's library code.
 *
 * @param name Turns the frame's module URL into the file name to show.
 * @returns The location, or `undefined` when the call did not come from outside the library.
 *
 * @example Called from library code only, there is no recipe location
 * ```ts
 * import { callerLocation } from "./source_location.ts";
 *
 * const location = callerLocation();
 * console.assert(location === undefined || location.line > 0);
 * ```
 */
export function callerLocation(name: SourceNamer = defaultSourceName): SourceLocation | undefined {
  return locationInStack(new Error().stack, name);
}
