/**
 * The libc UNIX stream socket (lib/socket/libc_unix_socket.ts) through real FFI on this system's
 * C library, against a listener in this process.
 */
import assert from "node:assert/strict";
import { connectUnixStream, encodeUnixAddress } from "../lib/socket/libc_unix_socket.ts";
import { SocketConnectError } from "../lib/socket/stream_transport.ts";

async function withListener(
  fn: (path: string, accepted: Promise<Deno.UnixConn>) => Promise<void>,
): Promise<void> {
  const directory = await Deno.makeTempDir({ prefix: "dextkit-socket-" });
  const path = `${directory}/s.sock`;
  const listener = Deno.listen({ transport: "unix", path });
  try {
    await fn(path, listener.accept());
  } finally {
    listener.close();
    await Deno.remove(directory, { recursive: true });
  }
}

Deno.test("libc socket: synchronous sends arrive in order; reads never wait unless asked", async () => {
  await withListener(async (path, accepted) => {
    const transport = connectUnixStream(path);
    const peer = await accepted;
    const buffer = new Uint8Array(64);
    assert.equal(transport.receive(buffer), 0, "nothing sent yet");
    for (let index = 0; index < 100; index++) assert.ok(transport.send(new Uint8Array([index])));
    const got: number[] = [];
    const chunk = new Uint8Array(256);
    while (got.length < 100) {
      const count = await peer.read(chunk);
      assert.ok(count !== null);
      got.push(...chunk.subarray(0, count));
    }
    assert.deepEqual(got, [...Array(100).keys()]);
    await peer.write(new Uint8Array([7, 8, 9]));
    // Asked to wait: poll blocks until the bytes are there (bounded at 10 s).
    assert.equal(transport.receive(buffer, 10_000), 3);
    assert.deepEqual([...buffer.subarray(0, 3)], [7, 8, 9]);
    peer.close();
    // The peer closed: reads say -1, sends fail without a SIGPIPE killing this process.
    assert.equal(transport.receive(buffer, 10_000), -1);
    let sent = true;
    for (let attempt = 0; attempt < 3 && sent; attempt++) sent = transport.send(new Uint8Array(8));
    assert.equal(sent, false);
    transport.close();
    transport.close();
    assert.equal(transport.send(new Uint8Array(1)), false);
    assert.equal(transport.receive(buffer), -1);
  });
});

Deno.test("libc socket: connect failures carry the errno by name", async () => {
  const directory = await Deno.makeTempDir({ prefix: "dextkit-socket-" });
  try {
    const attempt = (path: string) => {
      try {
        connectUnixStream(path);
      } catch (error) {
        assert.ok(error instanceof SocketConnectError);
        return error.code;
      }
      return "connected";
    };
    assert.equal(attempt(`${directory}/missing.sock`), "ENOENT");
    await Deno.writeTextFile(`${directory}/file`, "");
    assert.equal(attempt(`${directory}/file/x.sock`), "ENOTDIR");
    // A socket file nobody listens on any more.
    const stale = `${directory}/stale.sock`;
    Deno.listen({ transport: "unix", path: stale }).close();
    await Deno.stat(stale).then(
      () => assert.equal(attempt(stale), "ECONNREFUSED"),
      () => assert.equal(attempt(stale), "ENOENT"),
    );
    assert.equal(attempt(`${directory}/${"x".repeat(200)}.sock`), "ENAMETOOLONG");
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("libc socket: sockaddr_un per system", () => {
  const mac = encodeUnixAddress("/tmp/k.sock", "darwin");
  const linux = encodeUnixAddress("/tmp/k.sock", "linux");
  assert.equal(mac?.length, 106);
  assert.deepEqual([...(mac ?? []).subarray(0, 3)], [106, 1, 0x2f]);
  assert.equal(linux?.length, 110);
  assert.deepEqual([...(linux ?? []).subarray(0, 3)], [1, 0, 0x2f]);
  assert.equal(encodeUnixAddress("x".repeat(104), "darwin"), undefined);
  assert.ok(encodeUnixAddress("x".repeat(104), "linux") !== undefined);
  assert.equal(encodeUnixAddress("a\0b", "linux"), undefined);
});
