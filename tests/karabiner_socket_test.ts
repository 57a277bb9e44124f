/**
 * The libc UNIX stream socket (lib/socket/libc_unix_socket.ts) through real FFI on this system's
 * C library. The peer is the fake daemon, a separate process (the test process itself has no
 * permission to listen).
 */
import assert from "node:assert/strict";
import { encodeFrame, HEARTBEAT_FRAME, MessageType } from "../lib/karabiner/frame.ts";
import { FrameDecoder } from "../lib/karabiner/frame_decoder.ts";
import { connectUnixStream, encodeUnixAddress } from "../lib/socket/libc_unix_socket.ts";
import { SocketConnectError, type StreamTransport } from "../lib/socket/stream_transport.ts";
import { startFakeDaemon } from "./fake_karabiner/start_fake_daemon.ts";

/** Reads frames until one of `type` arrives (bounded by 20 s of waiting). */
function readUntil(transport: StreamTransport, decoder: FrameDecoder, type: number): boolean {
  const buffer = new Uint8Array(4096);
  for (let round = 0; round < 200; round++) {
    const count = transport.receive(buffer, 100);
    if (count < 0) return false;
    decoder.push(buffer, count);
    while (decoder.next()) if (decoder.frame.type === type) return true;
  }
  return false;
}

Deno.test("libc socket: synchronous sends reach the peer, reads wait only when asked, a dead peer is no SIGPIPE", async () => {
  const daemon = await startFakeDaemon();
  try {
    const transport = connectUnixStream(daemon.socketPath);
    // Nothing has to have arrived: a read without a timeout returns at once either way.
    assert.ok(transport.receive(new Uint8Array(64)) >= 0);
    const decoder = new FrameDecoder();
    // The daemon pushes its status, a request frame; then it answers a health check of ours.
    assert.ok(readUntil(transport, decoder, MessageType.Request), "the pushed status");
    for (let index = 0; index < 100; index++) assert.ok(transport.send(HEARTBEAT_FRAME));
    assert.ok(transport.send(encodeFrame(MessageType.HealthCheck)));
    assert.ok(readUntil(transport, decoder, MessageType.HealthCheckResponse), "the answer");
    await daemon.kill();
    // The peer is gone: reads say -1, sends fail, and no SIGPIPE ends this process.
    assert.equal(readUntil(transport, decoder, MessageType.Response), false);
    assert.equal(transport.receive(new Uint8Array(8), 10), -1);
    let sent = true;
    for (let attempt = 0; attempt < 3 && sent; attempt++) sent = transport.send(HEARTBEAT_FRAME);
    assert.equal(sent, false);
    transport.close();
    transport.close();
    assert.equal(transport.send(HEARTBEAT_FRAME), false);
    assert.equal(transport.receive(new Uint8Array(1)), -1);
    // The killed daemon left its socket file behind: nobody listens there.
    assert.throws(() => connectUnixStream(daemon.socketPath), (error: unknown) => {
      assert.ok(error instanceof SocketConnectError);
      assert.equal(error.code, "ECONNREFUSED");
      return true;
    });
  } finally {
    await daemon.stop();
  }
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
    assert.equal(attempt(`${directory}/file`), "ECONNREFUSED");
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
