/**
 * Starts the fake Karabiner daemon (`fake_daemon.ts`) as its own process on a socket in a fresh
 * temp folder, and reads its JSON event lines. `stop()` ends the process and removes the folder.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

const DAEMON = fileURLToPath(new URL("./fake_daemon.ts", import.meta.url));
const GIVE_UP_MS = 90_000;

/** One event line of the fake daemon. */
export interface DaemonEvent {
  readonly event: string;
  readonly [field: string]: unknown;
}

/** Options of {@linkcode startFakeDaemon}. */
export interface FakeDaemonOptions {
  /** `--protocol`. */
  readonly protocol?: 6 | 7;
  /** `--fault` values. */
  readonly faults?: readonly string[];
  /** `--ready-delay` in ms. */
  readonly readyDelayMs?: number;
  /** `--read-timeout` in ms. */
  readonly readTimeoutMs?: number;
  /** `--answer-timeout` in ms. */
  readonly answerTimeoutMs?: number;
  /** `--caps-lock`. */
  readonly capsLock?: boolean;
  /** `--no-host`. */
  readonly noHost?: boolean;
  /** Files to create in the folder before starting (e.g. old `vhidd_server/` sockets). */
  readonly files?: readonly string[];
  /** Do not start the process (only the folder). */
  readonly noProcess?: boolean;
}

/** A running fake daemon. */
export interface FakeDaemon {
  /** The temp folder. */
  readonly directory: string;
  /** The socket path (point `DEXTKIT_KARABINER_SOCKET` here). */
  readonly socketPath: string;
  /**
   * The file the daemon writes its host's lock state to (point `FAKE_HID_SYSTEM_LOCKS_FILE` here,
   * with `DEXTKIT_HID_SYSTEM_LIBRARY` at the stand-in, so the device reads Caps Lock as on a Mac).
   */
  readonly locksFile: string;
  /** Every event so far. */
  readonly events: DaemonEvent[];
  /** Resolves with the first event (from the start) that matches. */
  waitFor(match: (event: DaemonEvent) => boolean, what?: string): Promise<DaemonEvent>;
  /** Kills the process with SIGKILL (a daemon that dies). */
  kill(): Promise<void>;
  /** Stops the process and removes the folder. */
  stop(): Promise<void>;
  /** The same without waiting, for an `unload` handler: SIGTERM, then the folder removed. */
  stopNow(): void;
}

/**
 * Starts the fake daemon and waits until it listens.
 *
 * @param options Protocol, faults, timings.
 * @returns The running daemon.
 */
export async function startFakeDaemon(options: FakeDaemonOptions = {}): Promise<FakeDaemon> {
  const directory = await Deno.makeTempDir({ prefix: "dextkit-karabiner-" });
  const socketPath = `${directory}/karabiner_virtual_hid_device_service.sock`;
  const locksFile = `${directory}/hid_system_locks`;
  for (const file of options.files ?? []) {
    const path = `${directory}/${file}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeFile(path, new Uint8Array());
  }
  const events: DaemonEvent[] = [];
  const waiters = new Set<() => void>();
  let exited = false;
  let child: Deno.ChildProcess | undefined;
  let finished: Promise<void> = Promise.resolve();
  let stderr: Promise<string> = Promise.resolve("");
  if (!options.noProcess) {
    const args = [
      "run",
      "--quiet",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-net",
      DAEMON,
      "--socket",
      socketPath,
      "--protocol",
      String(options.protocol ?? 7),
      "--ready-delay",
      String(options.readyDelayMs ?? 200),
      "--read-timeout",
      String(options.readTimeoutMs ?? 5000),
      "--answer-timeout",
      String(options.answerTimeoutMs ?? 5000),
      ...(options.faults ?? []).flatMap((fault) => ["--fault", fault]),
      ...(options.capsLock ? ["--caps-lock"] : []),
      ...(options.noHost ? ["--no-host"] : []),
      "--locks-file",
      locksFile,
    ];
    child = new Deno.Command(Deno.execPath(), {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    stderr = new Response(child.stderr).text();
    finished = (async () => {
      let buffered = "";
      for await (const text of child!.stdout.pipeThrough(new TextDecoderStream())) {
        buffered += text;
        let newline;
        while ((newline = buffered.indexOf("\n")) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          if (line.trim() !== "") events.push(JSON.parse(line) as DaemonEvent);
          for (const wake of waiters) wake();
        }
      }
      exited = true;
      for (const wake of waiters) wake();
    })();
  }
  const waitFor = (match: (event: DaemonEvent) => boolean, what = "an event") =>
    new Promise<DaemonEvent>((resolve, reject) => {
      // A safety net against a hung test, not a timing assertion: far beyond any step here.
      const giveUp = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no ${what} from the fake daemon within ${GIVE_UP_MS} ms`));
      }, GIVE_UP_MS);
      const check = () => {
        const found = events.find(match);
        if (found !== undefined) {
          clearTimeout(giveUp);
          waiters.delete(check);
          resolve(found);
        } else if (exited || child === undefined) {
          clearTimeout(giveUp);
          waiters.delete(check);
          void stderr.then((text) =>
            reject(new Error(`the fake daemon ended before ${what}:\n${text}`))
          );
        }
      };
      waiters.add(check);
      check();
    });
  let stopped = false;
  const end = async (signal: Deno.Signal) => {
    if (child !== undefined && !exited) {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
    await finished;
    await child?.status;
    await stderr;
  };
  const daemon: FakeDaemon = {
    directory,
    socketPath,
    locksFile,
    events,
    waitFor,
    kill: () => end("SIGKILL"),
    stopNow() {
      if (stopped) return;
      stopped = true;
      try {
        if (!exited) child?.kill("SIGTERM");
      } catch {
        // already gone
      }
      Deno.removeSync(directory, { recursive: true });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await end("SIGTERM");
      await Deno.remove(directory, { recursive: true });
    },
  };
  if (child !== undefined) {
    try {
      await waitFor((event) => event.event === "listening", "listening");
    } catch (error) {
      await daemon.stop();
      throw error;
    }
  }
  return daemon;
}
