/**
 * The guard every macOS-only command calls first: off macOS it fails at once, in one line, and
 * points at `--dry-run`, which prints the plan on any system.
 *
 * @module
 */
import { NeedsMacOSError } from "./runner_errors.ts";

/**
 * Throws unless running on macOS.
 *
 * @param commandName The dextkit command, e.g. `install-dext`, for the message.
 * @param os The system; `Deno.build.os` when omitted (tests pass another).
 * @throws {NeedsMacOSError} On any system but macOS (`"darwin"`), with exit code 6.
 *
 * @example
 * ```ts
 * import { needsMacOS } from "./needs_macos.ts";
 *
 * needsMacOS("notarize", "darwin");
 * let failed = false;
 * try {
 *   needsMacOS("notarize", "linux");
 * } catch (error) {
 *   failed = (error as Error).message ===
 *     "dextkit notarize needs macOS (this is linux); add --dry-run to see the plan it would run";
 * }
 * console.assert(failed);
 * ```
 */
export function needsMacOS(commandName: string, os: string = Deno.build.os): void {
  if (os !== "darwin") throw new NeedsMacOSError(commandName, os);
}
