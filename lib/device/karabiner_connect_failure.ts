/**
 * What a failed connect to Karabiner's daemon socket means for the user: not root (EACCES in the
 * root-only folder), no daemon (no socket, or nobody listening), only the old datagram sockets
 * of Karabiner-Elements 15 or earlier, or another errno.
 *
 * @module
 */
import {
  KarabinerConnectError,
  KarabinerDaemonNotFoundError,
  KarabinerNotRootError,
  KarabinerOutdatedError,
} from "../karabiner/karabiner_errors.ts";
import { legacyServerDirectory } from "../karabiner/socket_path.ts";
import { SocketConnectError } from "../socket/stream_transport.ts";

/**
 * Turns a failed connect into the error that says what to do.
 *
 * @param path The socket path.
 * @param error What the connector threw.
 * @returns The error to raise.
 *
 * @example No socket and no old sockets either
 * ```ts
 * import { connectFailure } from "./karabiner_connect_failure.ts";
 * import { SocketConnectError } from "../socket/stream_transport.ts";
 * import { KarabinerDaemonNotFoundError } from "../karabiner/karabiner_errors.ts";
 *
 * const error = connectFailure("/nonexistent/k.sock", new SocketConnectError("/nonexistent/k.sock", "connect", "ENOENT", 2));
 * console.assert(error instanceof KarabinerDaemonNotFoundError);
 * ```
 */
export function connectFailure(path: string, error: unknown): Error {
  if (!(error instanceof SocketConnectError)) {
    return error instanceof Error ? error : new Error(String(error));
  }
  switch (error.code) {
    case "EACCES":
      return new KarabinerNotRootError(path);
    case "ENOENT":
    case "ENOTDIR": {
      const legacy = legacyServerDirectory(path);
      if (hasEntries(legacy)) return new KarabinerOutdatedError(legacy);
      return new KarabinerDaemonNotFoundError(path);
    }
    case "ECONNREFUSED":
      return new KarabinerDaemonNotFoundError(path, true);
    default:
      return new KarabinerConnectError(path, error.call, error.errno);
  }
}

function hasEntries(directory: string): boolean {
  try {
    for (const entry of Deno.readDirSync(directory)) if (entry.name.endsWith(".sock")) return true;
  } catch {
    return false;
  }
  return false;
}
