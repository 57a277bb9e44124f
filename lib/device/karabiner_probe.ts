/**
 * The `auto` probe of the `karabiner` backend: is Karabiner's daemon socket reachable? A stat
 * only (no connection), so it is cheap and needs no root: as another user the root-only folder
 * cannot be searched, which still says the daemon's place exists (and the backend then says
 * "run with sudo").
 *
 * @module
 */
import {
  HEALTH_CHECK_RESPONSE_FRAME,
  HEARTBEAT_FRAME,
  MessageType,
  REQUEST_HEADER_SIZE,
  writeFrameHeader,
} from "../karabiner/frame.ts";
import { FrameDecoder } from "../karabiner/frame_decoder.ts";
import { karabinerSocketPath, legacyServerDirectory } from "../karabiner/socket_path.ts";
import { applyStatusPairs, type KarabinerStatus } from "../karabiner/status.ts";
import { connectUnixStream } from "../socket/libc_unix_socket.ts";
import type { StreamConnector, StreamTransport } from "../socket/stream_transport.ts";
import { connectFailure } from "./karabiner_connect_failure.ts";
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

/** What {@linkcode handshakeKarabinerDaemon} found. */
export type KarabinerHandshake =
  | { readonly ok: true; readonly status: Readonly<KarabinerStatus> }
  | { readonly ok: false; readonly error: Error };

/**
 * Connects to the daemon (root only), waits up to `timeoutMs` for the status it pushes to every
 * new client (`driver_activated`, `driver_connected`; karabiner-daemon-protocol.md, "Flow"),
 * answers it, and disconnects. No virtual device is created.
 *
 * @param socketPath The socket.
 * @param timeoutMs How long to wait for the status; 1000 when omitted.
 * @param connect The connector; the libc socket when omitted.
 * @returns The status, or the error that says what to do.
 *
 * @example Without a daemon
 * ```ts
 * import { handshakeKarabinerDaemon } from "./karabiner_probe.ts";
 *
 * const found = handshakeKarabinerDaemon("/nonexistent/k.sock", 10);
 * console.assert(!found.ok);
 * ```
 */
export function handshakeKarabinerDaemon(
  socketPath: string,
  timeoutMs = 1000,
  connect: StreamConnector = connectUnixStream,
): KarabinerHandshake {
  let transport: StreamTransport;
  try {
    transport = connect(socketPath);
  } catch (error) {
    return { ok: false, error: connectFailure(socketPath, error) };
  }
  try {
    transport.send(HEARTBEAT_FRAME);
    const status: KarabinerStatus = {};
    const decoder = new FrameDecoder();
    const buffer = new Uint8Array(4096);
    const answer = new Uint8Array(REQUEST_HEADER_SIZE);
    const deadline = performance.now() + timeoutMs;
    while (status.driverActivated === undefined) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      const count = transport.receive(buffer, left);
      if (count < 0) {
        return { ok: false, error: new Error("the daemon closed the connection at once") };
      }
      decoder.push(buffer, Math.max(count, 0));
      while (decoder.next()) {
        const frame = decoder.frame;
        if (frame.type === MessageType.HealthCheck) transport.send(HEALTH_CHECK_RESPONSE_FRAME);
        if (frame.type !== MessageType.Request) continue;
        applyStatusPairs(status, decoder.buffer, frame.payloadStart, frame.payloadLength);
        writeFrameHeader(answer, MessageType.Response, frame.requestId, 0);
        transport.send(answer);
      }
    }
    if (status.driverActivated === undefined) {
      return {
        ok: false,
        error: new Error(`the daemon sent no status within ${timeoutMs} ms`),
      };
    }
    return { ok: true, status };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  } finally {
    transport.close();
  }
}
