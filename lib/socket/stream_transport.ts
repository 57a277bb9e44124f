/**
 * The interface between the Karabiner device and its socket: a connected stream whose writes are
 * synchronous (a post returns only once the kernel has the bytes, so no report waits in an
 * unawaited promise and a dead peer shows on the next write) and whose reads never wait longer
 * than asked. `libc_unix_socket.ts` implements it over libc; tests may fake it.
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";

/** What a failed `socket`/`connect` says, by errno name (portable across macOS and Linux). */
export type SocketErrorCode =
  | "ENOENT"
  | "EACCES"
  | "ECONNREFUSED"
  | "ENOTDIR"
  | "EPROTOTYPE"
  | "ENAMETOOLONG"
  | "OTHER";

/** A connected stream socket. */
export interface StreamTransport {
  /**
   * Writes every byte before returning.
   *
   * @param bytes What to send.
   * @returns `true` when sent, `false` when the connection is gone (the peer closed or reset).
   */
  send(bytes: Uint8Array): boolean;
  /**
   * Reads what has arrived, waiting at most `timeoutMs` for the first byte.
   *
   * @param into Where the bytes go.
   * @param timeoutMs How long to wait; 0 (do not wait) when omitted.
   * @returns How many bytes were read; 0 when none arrived; -1 when the peer closed.
   */
  receive(into: Uint8Array, timeoutMs?: number): number;
  /** Closes the socket; later sends return `false`. Calling it again does nothing. */
  close(): void;
}

/** Connects to a UNIX stream socket; throws {@linkcode SocketConnectError} on failure. */
export type StreamConnector = (path: string) => StreamTransport;

/**
 * A `socket` or `connect` call failed. Exit code 5. The Karabiner device turns it into the error
 * that says what to do (`lib/device/karabiner_connect_failure.ts`).
 *
 * @example
 * ```ts
 * import { SocketConnectError } from "./stream_transport.ts";
 *
 * const error = new SocketConnectError("/x.sock", "connect", "ENOENT", 2);
 * console.assert(error.code === "ENOENT" && error.errno === 2);
 * ```
 */
export class SocketConnectError extends DextkitError {
  /** The socket path. */
  readonly path: string;
  /** The failing call. */
  readonly call: string;
  /** The errno by name. */
  readonly code: SocketErrorCode;
  /** The errno. */
  readonly errno: number;

  /**
   * Creates the error.
   *
   * @param path The socket path.
   * @param call The failing call.
   * @param code The errno by name.
   * @param errno The errno.
   */
  constructor(path: string, call: string, code: SocketErrorCode, errno: number) {
    super(
      `cannot connect to the UNIX socket ${path}: ${call} failed with ${code} (errno ${errno})`,
      {
        hint: "check that the program serving the socket runs and that this process may reach it",
        exitCode: ExitCode.DeviceUnavailable,
      },
    );
    this.path = path;
    this.call = call;
    this.code = code;
    this.errno = errno;
  }
}
