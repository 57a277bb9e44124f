/**
 * The errors of the Karabiner daemon path: what went wrong, in one line, and what to do. Each
 * case a user of such a client runs into (karabiner-daemon-protocol.md, "What users … run into")
 * has its own class.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";

const SUDO_HINT = "run it with sudo; sudo drops environment variables and changes HOME (so Deno " +
  "would use root's cache), so pass what you need on the sudo line: " +
  '`sudo DENO_DIR="$HOME/Library/Caches/deno" DEXTKIT_DEVICE=karabiner deno task dextkit …`';

/**
 * The daemon sent bytes that are not a valid frame. Exit code 5.
 *
 * @example
 * ```ts
 * import { KarabinerFrameError } from "./karabiner_errors.ts";
 *
 * console.assert(new KarabinerFrameError("bad").exitCode === 5);
 * ```
 */
export class KarabinerFrameError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param message What is wrong with the frame.
   */
  constructor(message: string) {
    super(`Karabiner's daemon sent an invalid frame: ${message}`, {
      hint: "the daemon speaks another framing than dextkit expects: update Karabiner-Elements " +
        "to 16.1 or later and run `dextkit doctor`",
      exitCode: ExitCode.DeviceUnavailable,
    });
  }
}

/**
 * This process may not reach the socket: its folder is root-only. Exit code 5.
 *
 * @example
 * ```ts
 * import { KarabinerNotRootError } from "./karabiner_errors.ts";
 *
 * console.assert(new KarabinerNotRootError("/x.sock").hint.includes("sudo"));
 * ```
 */
export class KarabinerNotRootError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param socketPath The socket.
   */
  constructor(socketPath: string) {
    super(
      `cannot reach Karabiner's daemon socket ${socketPath}: its folder is readable by root only`,
      { hint: SUDO_HINT, exitCode: ExitCode.DeviceUnavailable },
    );
  }
}

/**
 * There is no daemon socket: Karabiner-Elements is not installed or its daemon is not running.
 * Exit code 5.
 *
 * @example
 * ```ts
 * import { KarabinerDaemonNotFoundError } from "./karabiner_errors.ts";
 *
 * console.assert(new KarabinerDaemonNotFoundError("/x.sock").message.includes("/x.sock"));
 * ```
 */
export class KarabinerDaemonNotFoundError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param socketPath The socket.
   * @param refused Whether the socket exists but nobody listens (a daemon that stopped).
   */
  constructor(socketPath: string, refused = false) {
    super(
      refused
        ? `Karabiner's daemon socket ${socketPath} exists but no daemon listens on it`
        : `Karabiner's daemon socket ${socketPath} does not exist`,
      {
        hint: "install Karabiner-Elements 16.1 or later and open it once (its daemon " +
          "Karabiner-VirtualHIDDevice-Daemon must run; the standalone driver package does not " +
          "start it), or use --device iokit with dextkit's own driver",
        exitCode: ExitCode.DeviceUnavailable,
      },
    );
  }
}

/**
 * Only the datagram sockets of Karabiner-Elements 15 or earlier exist, which dextkit does not
 * speak. Exit code 5.
 *
 * @example
 * ```ts
 * import { KarabinerOutdatedError } from "./karabiner_errors.ts";
 *
 * console.assert(new KarabinerOutdatedError("/d").hint.includes("16.1"));
 * ```
 */
export class KarabinerOutdatedError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param serverDirectory The `vhidd_server` folder that was found.
   */
  constructor(serverDirectory: string) {
    super(
      `only the old datagram sockets of Karabiner-Elements 15 or earlier exist (${serverDirectory})`,
      {
        hint: "update Karabiner-Elements to 16.1 or later (driver 8.0.0+, daemon protocol 7)",
        exitCode: ExitCode.DeviceUnavailable,
      },
    );
  }
}

/**
 * Connecting failed for another reason (the system call's errno). Exit code 5.
 *
 * @example
 * ```ts
 * import { KarabinerConnectError } from "./karabiner_errors.ts";
 *
 * console.assert(new KarabinerConnectError("/x.sock", "connect", 24).message.includes("errno 24"));
 * ```
 */
export class KarabinerConnectError extends DextkitError {
  /** The errno. */
  readonly errno: number;

  /**
   * Creates the error.
   *
   * @param socketPath The socket.
   * @param call The failing call (`socket`, `connect`).
   * @param errno Its errno.
   */
  constructor(socketPath: string, call: string, errno: number) {
    super(
      `cannot connect to Karabiner's daemon socket ${socketPath}: ${call} failed (errno ${errno})`,
      {
        hint: "run `dextkit doctor` to see the state of Karabiner's driver and daemon",
        exitCode: ExitCode.DeviceUnavailable,
      },
    );
    this.errno = errno;
  }
}

/**
 * The daemon reports Karabiner's driver extension as not activated. Exit code 5.
 *
 * @example
 * ```ts
 * import { KarabinerDriverNotActivatedError } from "./karabiner_errors.ts";
 *
 * console.assert(new KarabinerDriverNotActivatedError().hint.includes("forceActivate"));
 * ```
 */
export class KarabinerDriverNotActivatedError extends DextkitError {
  /** Creates the error. */
  constructor() {
    super("Karabiner's virtual HID driver extension is not activated", {
      hint: "approve it in System Settings › General › Login Items & Extensions › Driver " +
        "Extensions, or run `sudo '/Applications/.Karabiner-VirtualHIDDevice-Manager.app/" +
        "Contents/MacOS/Karabiner-VirtualHIDDevice-Manager' forceActivate`",
      exitCode: ExitCode.DeviceUnavailable,
    });
  }
}

/**
 * The daemon reports that the running driver is another version than the daemon's (after an
 * update, before a reboot). Exit code 3.
 *
 * @example
 * ```ts
 * import { KarabinerVersionMismatchError } from "./karabiner_errors.ts";
 *
 * console.assert(new KarabinerVersionMismatchError().exitCode === 3);
 * ```
 */
export class KarabinerVersionMismatchError extends DextkitError {
  /** Creates the error. */
  constructor() {
    super(
      "Karabiner's daemon reports driver_version_mismatched: the running driver is not the " +
        "installed one",
      {
        hint: "reboot the Mac (Karabiner-Elements was updated; the new driver loads at boot)",
        exitCode: ExitCode.RebootRequired,
      },
    );
  }
}

/**
 * A virtual device of the daemon did not become ready in time. Exit code 4.
 *
 * @example
 * ```ts
 * import { KarabinerNotReadyError } from "./karabiner_errors.ts";
 *
 * const error = new KarabinerNotReadyError("keyboard", 10000, [7, 6]);
 * console.assert(error.hint.includes("protocol 7"));
 * ```
 */
export class KarabinerNotReadyError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param kind `"keyboard"` or `"pointing device"`.
   * @param timeoutMs How long it waited.
   * @param protocols The protocol versions dextkit speaks.
   * @param answered Whether the daemon accepted the initialize request (`false`: it ignored every
   * protocol version tried, or never answered within `timeoutMs`).
   */
  constructor(
    kind: string,
    timeoutMs: number,
    protocols: readonly number[],
    answered = true,
  ) {
    super(
      answered
        ? `the virtual ${kind} of Karabiner's daemon was not ready after ${timeoutMs} ms`
        : `Karabiner's daemon did not create the virtual ${kind}: it ignored the initialize ` +
          `request in protocol ${
            protocols.join(" and ")
          } (or did not answer within ${timeoutMs} ms)`,
      {
        hint: `dextkit speaks daemon protocol ${protocols.join(" and ")}; a daemon of another ` +
          "version silently ignores it: update Karabiner-Elements (16.1 or later) and dextkit, " +
          "and see `dextkit doctor`",
        exitCode: ExitCode.Timeout,
      },
    );
  }
}

/**
 * The daemon went away and a new connection could not deliver the report. Exit code 5.
 *
 * @example
 * ```ts
 * import { KarabinerConnectionLostError } from "./karabiner_errors.ts";
 *
 * console.assert(new KarabinerConnectionLostError("post a keyboard report").exitCode === 5);
 * ```
 */
export class KarabinerConnectionLostError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param action What could not be done.
   * @param cause Why reconnecting failed.
   */
  constructor(action: string, cause?: unknown) {
    super(
      `cannot ${action}: the connection to Karabiner's daemon was lost` +
        (cause instanceof Error ? ` and reconnecting failed: ${cause.message}` : ""),
      {
        hint: cause instanceof DextkitError && cause.hint !== ""
          ? cause.hint
          : "check that Karabiner-Elements is running, then run again",
        exitCode: ExitCode.DeviceUnavailable,
        cause,
      },
    );
  }
}
