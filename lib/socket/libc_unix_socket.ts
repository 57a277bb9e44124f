/**
 * A UNIX stream socket through Deno FFI to the C library (libSystem on macOS, glibc on Linux):
 * `socket(AF_UNIX, SOCK_STREAM, 0)`, `connect` with a `sockaddr_un`, a synchronous `send`, and
 * reads with `poll` + `recv(MSG_DONTWAIT)`, so a read never blocks the event loop longer than
 * asked. Writing to a closed peer never raises SIGPIPE: `SO_NOSIGPIPE` on macOS, `MSG_NOSIGNAL`
 * on every Linux send.
 *
 * Constants per system (karabiner-daemon-protocol.md, "Deno"; <sys/socket.h>, <sys/un.h>,
 * <errno.h>, <poll.h> of each): `sockaddr_un` is `u8 len, u8 family, char[104]` on macOS and
 * `u16 family, char[108]` on Linux; `nfds_t` is `unsigned int` on macOS, `unsigned long` on
 * Linux; errno numbers differ above 34.
 *
 * The post path allocates nothing: `send` takes the caller's buffer as is.
 *
 * @module
 */
import {
  SocketConnectError,
  type SocketErrorCode,
  type StreamTransport,
} from "./stream_transport.ts";

interface Platform {
  readonly library: string;
  readonly errnoSymbol: "__error" | "__errno_location";
  readonly nfds: "u32" | "u64";
  readonly sendFlags: number;
  readonly dontWait: number;
  readonly pathCapacity: number;
  readonly bsdAddress: boolean;
  readonly noSigPipeOption: number | undefined;
  readonly errno: Readonly<Record<string, number>>;
}

const MACOS: Platform = {
  library: "/usr/lib/libSystem.B.dylib",
  errnoSymbol: "__error",
  nfds: "u32",
  sendFlags: 0,
  dontWait: 0x80,
  pathCapacity: 104,
  bsdAddress: true,
  noSigPipeOption: 0x1022,
  errno: {
    EINTR: 4,
    EAGAIN: 35,
    ENOENT: 2,
    EACCES: 13,
    ENOTDIR: 20,
    ECONNREFUSED: 61,
    EPROTOTYPE: 41,
    ENAMETOOLONG: 63,
  },
};

const LINUX: Platform = {
  library: "libc.so.6",
  errnoSymbol: "__errno_location",
  nfds: "u64",
  sendFlags: 0x4000,
  dontWait: 0x40,
  pathCapacity: 108,
  bsdAddress: false,
  noSigPipeOption: undefined,
  errno: {
    EINTR: 4,
    EAGAIN: 11,
    ENOENT: 2,
    EACCES: 13,
    ENOTDIR: 20,
    ECONNREFUSED: 111,
    EPROTOTYPE: 91,
    ENAMETOOLONG: 36,
  },
};

const AF_UNIX = 1;
const SOCK_STREAM = 1;
const SOL_SOCKET_MACOS = 0xffff;
const SHUT_RDWR = 2;
const POLLIN = 0x1;

function symbolsFor(platform: Platform) {
  return {
    socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
    connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
    // ssize_t results read as i32: the counts stay far below 2^31, and a 64-bit result would be
    // a bigint allocated per call (the post path must allocate nothing).
    send: { parameters: ["i32", "buffer", "usize", "i32"], result: "i32" },
    recv: { parameters: ["i32", "buffer", "usize", "i32"], result: "i32" },
    poll: { parameters: ["buffer", platform.nfds, "i32"], result: "i32" },
    setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
    shutdown: { parameters: ["i32", "i32"], result: "i32" },
    close: { parameters: ["i32"], result: "i32" },
    [platform.errnoSymbol]: { parameters: [], result: "pointer" },
  } as const;
}

interface Libc {
  readonly platform: Platform;
  socket(domain: number, type: number, protocol: number): number;
  connect(fd: number, address: Uint8Array, length: number): number;
  send(fd: number, bytes: Uint8Array, length: number, flags: number): number;
  recv(fd: number, into: Uint8Array, length: number, flags: number): number;
  poll(fds: Uint8Array, count: number | bigint, timeout: number): number;
  setsockopt(fd: number, level: number, name: number, value: Uint8Array, length: number): number;
  shutdown(fd: number, how: number): number;
  close(fd: number): number;
  errno(): number;
}

let libc: Libc | undefined;

function loadLibc(os: typeof Deno.build.os): Libc {
  if (libc !== undefined) return libc;
  const platform = os === "darwin" ? MACOS : LINUX;
  const symbols = Deno.dlopen(platform.library, symbolsFor(platform)).symbols as unknown as
    & Record<string, (...args: unknown[]) => unknown>
    & Omit<Libc, "platform" | "errno">;
  const errnoLocation = symbols[platform.errnoSymbol] as () => Deno.PointerValue;
  // errno lives at a per-thread address; every call here runs on this one thread, so the view is
  // made once and reading errno allocates nothing.
  const location = errnoLocation();
  const errnoView = location === null ? undefined : new Deno.UnsafePointerView(location);
  libc = {
    platform,
    socket: symbols.socket,
    connect: symbols.connect,
    send: symbols.send,
    recv: symbols.recv,
    poll: symbols.poll,
    setsockopt: symbols.setsockopt,
    shutdown: symbols.shutdown,
    close: symbols.close,
    errno: () => errnoView?.getInt32() ?? 0,
  };
  return libc;
}

function codeOf(platform: Platform, errno: number): SocketErrorCode {
  for (
    const name of [
      "ENOENT",
      "EACCES",
      "ECONNREFUSED",
      "ENOTDIR",
      "EPROTOTYPE",
      "ENAMETOOLONG",
    ] as const
  ) {
    if (platform.errno[name] === errno) return name;
  }
  return "OTHER";
}

/**
 * Encodes a `sockaddr_un` for this system.
 *
 * @param path The socket path.
 * @param os The operating system; `Deno.build.os` when omitted.
 * @returns The address bytes, or `undefined` when the path does not fit.
 *
 * @example macOS puts the length first, Linux a 16-bit family
 * ```ts
 * import { encodeUnixAddress } from "./libc_unix_socket.ts";
 *
 * console.assert(encodeUnixAddress("/a", "darwin")?.slice(0, 4).join() === "106,1,47,97");
 * console.assert(encodeUnixAddress("/a", "linux")?.slice(0, 4).join() === "1,0,47,97");
 * ```
 */
export function encodeUnixAddress(
  path: string,
  os: typeof Deno.build.os = Deno.build.os,
): Uint8Array | undefined {
  const platform = os === "darwin" ? MACOS : LINUX;
  const encoded = new TextEncoder().encode(path);
  if (encoded.length >= platform.pathCapacity || encoded.includes(0)) return undefined;
  const address = new Uint8Array(2 + platform.pathCapacity);
  if (platform.bsdAddress) {
    address[0] = address.length;
    address[1] = AF_UNIX;
  } else {
    address[0] = AF_UNIX;
    address[1] = 0;
  }
  address.set(encoded, 2);
  return address;
}

/**
 * Connects to the UNIX stream socket at `path`.
 *
 * @param path The socket path.
 * @returns The connected transport.
 * @throws {SocketConnectError} When `socket` or `connect` fails (by errno).
 *
 * @example Nothing listens at a missing path
 * ```ts
 * import { connectUnixStream } from "./libc_unix_socket.ts";
 * import { SocketConnectError } from "./stream_transport.ts";
 *
 * try {
 *   connectUnixStream("/nonexistent/dextkit.sock");
 * } catch (error) {
 *   console.assert(error instanceof SocketConnectError && error.code === "ENOENT");
 * }
 * ```
 */
export function connectUnixStream(path: string): StreamTransport {
  const c = loadLibc(Deno.build.os);
  const address = encodeUnixAddress(path);
  if (address === undefined) {
    throw new SocketConnectError(
      path,
      "connect",
      "ENAMETOOLONG",
      c.platform.errno.ENAMETOOLONG ?? 0,
    );
  }
  const fd = c.socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) {
    const errno = c.errno();
    throw new SocketConnectError(path, "socket", codeOf(c.platform, errno), errno);
  }
  if (c.platform.noSigPipeOption !== undefined) {
    c.setsockopt(
      fd,
      SOL_SOCKET_MACOS,
      c.platform.noSigPipeOption,
      new Uint8Array(new Int32Array([1]).buffer),
      4,
    );
  }
  for (;;) {
    if (c.connect(fd, address, address.length) === 0) break;
    const errno = c.errno();
    if (errno === c.platform.errno.EINTR) continue;
    c.close(fd);
    throw new SocketConnectError(path, "connect", codeOf(c.platform, errno), errno);
  }
  return new LibcUnixStream(c, fd);
}

class LibcUnixStream implements StreamTransport {
  readonly #c: Libc;
  readonly #pollFd = new Uint8Array(8);
  readonly #pollView = new DataView(this.#pollFd.buffer);
  #fd: number;

  constructor(c: Libc, fd: number) {
    this.#c = c;
    this.#fd = fd;
    this.#pollView.setInt32(0, fd, true);
    this.#pollView.setInt16(4, POLLIN, true);
  }

  send(bytes: Uint8Array): boolean {
    const fd = this.#fd;
    if (fd < 0) return false;
    const c = this.#c;
    let sent = 0;
    const length = bytes.length;
    while (sent < length) {
      const chunk = sent === 0 ? bytes : bytes.subarray(sent);
      const result = c.send(fd, chunk, length - sent, c.platform.sendFlags);
      if (result > 0) {
        sent += result;
        continue;
      }
      if (result < 0 && c.errno() === c.platform.errno.EINTR) continue;
      return false;
    }
    return true;
  }

  receive(into: Uint8Array, timeoutMs = 0): number {
    const fd = this.#fd;
    if (fd < 0) return -1;
    const c = this.#c;
    if (timeoutMs > 0) {
      const ready = c.poll(this.#pollFd, c.platform.nfds === "u64" ? 1n : 1, Math.ceil(timeoutMs));
      if (ready === 0) return 0;
    }
    for (;;) {
      const result = c.recv(fd, into, into.length, c.platform.dontWait);
      if (result > 0) return result;
      if (result === 0) return -1;
      const errno = c.errno();
      if (errno === c.platform.errno.EINTR) continue;
      return errno === c.platform.errno.EAGAIN ? 0 : -1;
    }
  }

  close(): void {
    const fd = this.#fd;
    if (fd < 0) return;
    this.#fd = -1;
    this.#c.shutdown(fd, SHUT_RDWR);
    this.#c.close(fd);
  }
}
