/**
 * Runs cleanups when the process is stopped: SIGINT, SIGTERM, or the `unload` event of a normal
 * exit. Sessions register their "release every key and button, close the device" here, so keys
 * never stay stuck when a user presses Ctrl-C in the middle of a recipe.
 *
 * While at least one cleanup is registered, SIGINT and SIGTERM listeners are installed (not on
 * Windows); they run every cleanup and then end the process with exit code 130 (SIGINT) or 143
 * (SIGTERM). This is the only place the library calls `Deno.exit`: a listener replaces Deno's
 * default of dying on the signal, so it has to end the process itself. The listeners are removed
 * when the last cleanup is unregistered.
 *
 * @module
 */
import { ExitCode } from "../errors.ts";

const cleanups = new Set<() => void>();

const onSigint = () => stop(ExitCode.Interrupted);
const onSigterm = () => stop(ExitCode.Terminated);
const onUnload = () => runCleanups();

/**
 * Registers `cleanup` to run once if the process is interrupted, terminated or unloads before
 * the returned function is called.
 *
 * A cleanup must be synchronous (the process ends right after it) and should not throw; if it
 * does, the other cleanups still run.
 *
 * @param cleanup What to do, for example release every key and close the device.
 * @returns A function that unregisters `cleanup` without running it.
 *
 * @example Guard a section of work
 * ```ts
 * import { releaseOnExit } from "./release_on_exit.ts";
 *
 * let released = false;
 * const unregister = releaseOnExit(() => released = true);
 * unregister();
 * console.assert(!released);
 * ```
 */
export function releaseOnExit(cleanup: () => void): () => void {
  if (cleanups.size === 0) install();
  cleanups.add(cleanup);
  return () => {
    if (cleanups.delete(cleanup) && cleanups.size === 0) uninstall();
  };
}

function stop(code: ExitCode): void {
  runCleanups();
  Deno.exit(code);
}

function runCleanups(): void {
  const pending = [...cleanups];
  cleanups.clear();
  uninstall();
  for (const cleanup of pending) {
    try {
      cleanup();
    } catch {
      // The process is ending; the remaining cleanups matter more than this error.
    }
  }
}

function install(): void {
  if (Deno.build.os !== "windows") {
    Deno.addSignalListener("SIGINT", onSigint);
    Deno.addSignalListener("SIGTERM", onSigterm);
  }
  globalThis.addEventListener("unload", onUnload);
}

function uninstall(): void {
  if (Deno.build.os !== "windows") {
    Deno.removeSignalListener("SIGINT", onSigint);
    Deno.removeSignalListener("SIGTERM", onSigterm);
  }
  globalThis.removeEventListener("unload", onUnload);
}
