/**
 * The `auto` probe of the `karabiner` backend: is Karabiner's daemon socket reachable? A stat
 * only (no connection), so it is cheap and needs no root: as another user the root-only folder
 * cannot be searched, which still says the daemon's place exists (and the backend then says
 * "run with sudo").
 *
 * @module
 */
import { karabinerSocketPath, legacyServerDirectory } from "../karabiner/socket_path.ts";
import type { AutoProbeResult } from "./select_device.ts";

/** Options of {@linkcode probeKarabinerSocket}. */
export interface KarabinerProbeOptions {
  /** Where `DEXTKIT_KARABINER_SOCKET` is read; `Deno.env` (if permitted) when omitted. */
  readonly env?: { get(name: string): string | undefined };
  /** The socket path; from the environment when omitted. */
  readonly socketPath?: string;
}

/**
 * Looks for the daemon's socket.
 *
 * @param options Where the socket is.
 * @returns Available when the socket exists, or when its folder exists but is root-only.
 *
 * @example A missing socket is not available
 * ```ts
 * import { probeKarabinerSocket } from "./karabiner_probe.ts";
 *
 * const found = probeKarabinerSocket({ socketPath: "/nonexistent/k.sock" });
 * console.assert(!found.available && found.reason.includes("/nonexistent/k.sock"));
 * ```
 */
export function probeKarabinerSocket(options: KarabinerProbeOptions = {}): AutoProbeResult {
  const path = options.socketPath ?? karabinerSocketPath(options.env ?? permittedEnv);
  try {
    const info = Deno.statSync(path);
    return info.isSocket
      ? { available: true, reason: `Karabiner's daemon socket ${path} is there` }
      : { available: false, reason: `${path} is not a socket` };
  } catch (error) {
    if (error instanceof Deno.errors.PermissionDenied) {
      return {
        available: true,
        reason: `Karabiner's root-only socket folder is there (${path} needs sudo)`,
      };
    }
    if (error instanceof Deno.errors.NotCapable) {
      return { available: false, reason: `no permission to look at ${path} (--allow-read)` };
    }
    try {
      Deno.statSync(legacyServerDirectory(path));
      return {
        available: false,
        reason: "only the old datagram sockets of Karabiner-Elements 15 or earlier are there",
      };
    } catch {
      return { available: false, reason: `no Karabiner daemon socket at ${path}` };
    }
  }
}

const permittedEnv = {
  get(name: string): string | undefined {
    return Deno.permissions.querySync({ name: "env", variable: name }).state === "granted"
      ? Deno.env.get(name)
      : undefined;
  },
};
