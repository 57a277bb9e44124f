/**
 * Where the daemon's socket is (karabiner-daemon-protocol.md, "Who may connect", "Protocol 7"),
 * and the environment variable that moves it (the fake daemon's temp socket in tests).
 *
 * @module
 */

/**
 * The daemon's root-only folder.
 *
 * @example
 * ```ts
 * import { KARABINER_ROOTONLY_DIRECTORY } from "./socket_path.ts";
 *
 * console.assert(KARABINER_ROOTONLY_DIRECTORY.endsWith("/rootonly"));
 * ```
 */
export const KARABINER_ROOTONLY_DIRECTORY = "/Library/Application Support/org.pqrs/tmp/rootonly";

/**
 * The stream socket of protocol 7 (and 6).
 *
 * @example
 * ```ts
 * import { KARABINER_SOCKET_PATH } from "./socket_path.ts";
 *
 * console.assert(KARABINER_SOCKET_PATH.endsWith("karabiner_virtual_hid_device_service.sock"));
 * ```
 */
export const KARABINER_SOCKET_PATH =
  `${KARABINER_ROOTONLY_DIRECTORY}/karabiner_virtual_hid_device_service.sock`;

/** The environment variable naming another socket path. */
export const KARABINER_SOCKET_ENV_VARIABLE = "DEXTKIT_KARABINER_SOCKET";

/**
 * The folder of the old (protocol 5 and earlier) datagram server sockets, beside the stream
 * socket.
 *
 * @param socketPath The stream socket's path.
 * @returns The `vhidd_server` folder next to it.
 *
 * @example
 * ```ts
 * import { legacyServerDirectory } from "./socket_path.ts";
 *
 * console.assert(legacyServerDirectory("/a/b/x.sock") === "/a/b/vhidd_server");
 * ```
 */
export function legacyServerDirectory(socketPath: string): string {
  const slash = socketPath.lastIndexOf("/");
  return `${slash < 0 ? "." : socketPath.slice(0, slash)}/vhidd_server`;
}

/**
 * The socket path: `DEXTKIT_KARABINER_SOCKET` when set and not empty, else the daemon's.
 *
 * @param env Where to read the variable.
 * @returns The path.
 *
 * @example
 * ```ts
 * import { KARABINER_SOCKET_PATH, karabinerSocketPath } from "./socket_path.ts";
 *
 * console.assert(karabinerSocketPath({ get: () => undefined }) === KARABINER_SOCKET_PATH);
 * console.assert(karabinerSocketPath({ get: () => "/tmp/k.sock" }) === "/tmp/k.sock");
 * ```
 */
export function karabinerSocketPath(env: { get(name: string): string | undefined }): string {
  const value = env.get(KARABINER_SOCKET_ENV_VARIABLE);
  return value === undefined || value.trim() === "" ? KARABINER_SOCKET_PATH : value;
}
