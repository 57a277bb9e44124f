/**
 * Runs cleanups when the process is stopped: SIGINT, SIGTERM, or the `unload` event of a normal
 * exit. Sessions register their "release every key and button, close the device" here, so keys
 * never stay stuck when a user presses Ctrl-C in the middle of a recipe.
 *
 * While at least one cleanup is registered, SIGINT and SIGTERM listeners are installed (not on
 * Windows); they run every cleanup and then end the process with exit code 130 (SIGINT) or 143
 * (SIGTERM), after one line on standard error that names what was released, such as
 * `interrupted: released ShiftLeft, KeyA; exit 130`. This is the only place the library calls
 * `Deno.exit`: a listener replaces Deno's default of dying on the signal, so it has to end the
 * process itself. The listeners are removed when the last cleanup is unregistered.
 *
 * @module
 */
import { ExitCode } from "../errors.ts";

/** A cleanup; it may return the names of the keys and buttons it released. */
export type ExitCleanup = () => void | readonly string[];

const cleanups = new Set<ExitCleanup>();

const onSigint = () => stop(ExitCode.Interrupted, "interrupted");
const onSigterm = () => stop(ExitCode.Terminated, "terminated");
const onUnload = () => {
  runCleanups();
};

/**
 * Registers `cleanup` to run once if the process is interrupted, terminated or unloads before
 * the returned function is called.
 *
 * A cleanup must be synchronous (the process ends right after it) and should not throw; if it
 * does, the other cleanups still run. What it returns is named in the line on standard error.
 *
 * @param cleanup What to do, for example release every key and close the device; returns the
 * names of what it released.
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
export function releaseOnExit(cleanup: ExitCleanup): () => void {
  if (cleanups.size === 0) install();
  cleanups.add(cleanup);
  return () => {
    if (cleanups.delete(cleanup) && cleanups.size === 0) uninstall();
  };
}

function stop(code: ExitCode, what: string): void {
  const released = runCleanups();
  const line = `${what}: ${
    released.length === 0 ? "nothing was held" : `released ${released.join(", ")}`
  }; exit ${code}\n`;
  try {
    Deno.stderr.writeSync(new TextEncoder().encode(line));
  } catch {
    // No standard error to tell; the keys are released all the same.
  }
  Deno.exit(code);
}

function runCleanups(): string[] {
  const pending = [...cleanups];
  cleanups.clear();
  uninstall();
  const released: string[] = [];
  for (const cleanup of pending) {
    try {
      released.push(...(cleanup() ?? []));
    } catch {
      // The process is ending; the remaining cleanups matter more than this error.
    }
  }
  return released;
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
