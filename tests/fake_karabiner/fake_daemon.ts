/**
 * A fake of Karabiner's virtual HID daemon (Karabiner-VirtualHIDDevice-Daemon) for tests: it
 * listens on a UNIX stream socket, speaks the daemon's framing and requests, and feeds the
 * reports of every client's virtual devices into one `SimulatedHost` (the Mac). Where each
 * behaviour comes from is in README.md beside this file.
 *
 * Run: `deno run --allow-read --allow-write --allow-env --allow-net fake_daemon.ts --socket PATH [options]`.
 * It prints one JSON line per event on stdout (`listening`, `connected`, `ignored`, `closed`,
 * `dropped`, `restarting`, …); a `closed` line carries the host's text and what was still
 * pressed when the client went away. SIGTERM/SIGINT stop it and remove the socket.
 *
 * @module
 */
// deno-lint-ignore-file no-console
import { parseArgs } from "node:util";
import { SimulatedHost } from "../../lib/host/simulated_host.ts";
import { encodeKeyboardInput } from "../../lib/hid/keyboard_report.ts";
import { ReportSize } from "../../lib/hid/report_ids.ts";
import { encodeFrame, MessageType } from "../../lib/karabiner/frame.ts";
import { FrameDecoder } from "../../lib/karabiner/frame_decoder.ts";
import {
  type KeyboardPostRequest,
  readKeyboardInitializeStruct,
  reportIdForPostRequest,
  REQUEST_STRUCT_SIZES,
  SERVICE_HEADER_SIZE,
} from "../../lib/karabiner/payloads.ts";
import { type KarabinerProtocol, requestName } from "../../lib/karabiner/requests.ts";
import { encodeStatusPairs, type KarabinerStatus } from "../../lib/karabiner/status.ts";

const { values } = parseArgs({
  options: {
    socket: { type: "string" },
    protocol: { type: "string", default: "7" },
    "ready-delay": { type: "string", default: "200" },
    "read-timeout": { type: "string", default: "5000" },
    "answer-timeout": { type: "string", default: "5000" },
    "restart-gap": { type: "string", default: "300" },
    fault: { type: "string", multiple: true, default: [] },
    "caps-lock": { type: "boolean", default: false },
    "no-host": { type: "boolean", default: false },
    "locks-file": { type: "string" },
  },
});

const socketPath = values.socket;
if (socketPath === undefined) {
  console.error("usage: fake_daemon.ts --socket PATH [--protocol 7|6] [--fault …]");
  Deno.exit(2);
}
const protocol = Number(values.protocol) as KarabinerProtocol;
const readyDelay = Number(values["ready-delay"]);
const readTimeout = Number(values["read-timeout"]);
const answerTimeout = Number(values["answer-timeout"]);
const restartGap = Number(values["restart-gap"]);
const faults = new Set(values.fault);
const restartAfter = [...faults].map((fault) => /^restart-after=(\d+)$/.exec(fault)?.[1])
  .find((count) => count !== undefined);
const feedHost = !values["no-host"];

const host = new SimulatedHost();
if (values["caps-lock"]) {
  host.receive(encodeKeyboardInput(0, [0x39]), "keyboard");
  host.receive(encodeKeyboardInput(0, []), "keyboard");
}

// The HID system's lock state as the stand-in library (fake_hid_system.c) reads it: macOS's HID
// system follows the Caps Lock key of every keyboard, the virtual one included.
const locksFile = values["locks-file"];
let publishedCapsLock: boolean | undefined;
function publishLocks(): void {
  if (locksFile === undefined || publishedCapsLock === host.capsLock) return;
  publishedCapsLock = host.capsLock;
  Deno.writeTextFileSync(`${locksFile}.tmp`, host.capsLock ? "caps" : "");
  Deno.renameSync(`${locksFile}.tmp`, locksFile);
}
publishLocks();

const daemonStatus: KarabinerStatus = {
  driverActivated: !faults.has("not-activated"),
  driverConnected: !faults.has("not-activated"),
  driverVersionMismatched: faults.has("version-mismatch"),
};
const devicesCanBeReady = !faults.has("never-ready") && !faults.has("not-activated") &&
  !faults.has("version-mismatch");

function emit(event: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ event, ...fields }));
}

let nextClient = 1;
let postsSeen = 0;
let restarted = false;
let restarting = false;
let listener: Deno.Listener<Deno.UnixConn> | undefined;
const clients = new Set<Client>();

class Client {
  readonly id = nextClient++;
  readonly #conn: Deno.UnixConn;
  readonly #decoder = new FrameDecoder();
  readonly #outbox: Uint8Array[] = [];
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #unanswered = new Map<number, number>();
  #nextPush = 1;
  #lastHeard = performance.now();
  #keyboard: { ready: boolean } | undefined;
  #pointing: { ready: boolean } | undefined;
  #pressedKeyboard = new Map<number, Uint8Array>();
  #pressedPointing = false;
  #closed = false;
  healthChecksAnswered = 0;
  ignored = 0;
  droppedPosts = 0;

  constructor(conn: Deno.UnixConn) {
    this.#conn = conn;
  }

  async serve(): Promise<void> {
    emit("connected", { client: this.id });
    this.#later(100, () => {
      this.#push(daemonStatus);
      this.#send(encodeFrame(MessageType.HealthCheck));
    });
    const watch = setInterval(() => this.#watch(), 100);
    const heartbeat = setInterval(() => this.#send(encodeFrame(MessageType.Heartbeat)), 3000);
    const chunk = new Uint8Array(64 * 1024);
    let reason = "client closed";
    try {
      for (;;) {
        const count = await this.#conn.read(chunk);
        if (count === null) break;
        this.#lastHeard = performance.now();
        this.#decoder.push(chunk, count);
        // A restart loses whatever the daemon had not handled yet, as a crash would.
        while (!restarting && this.#decoder.next()) this.#handle();
        await this.#flush();
        if (this.#closed) {
          reason = "dropped";
          break;
        }
      }
    } catch (error) {
      reason = this.#closed
        ? "dropped"
        : `error: ${error instanceof Error ? error.message : error}`;
    } finally {
      clearInterval(watch);
      clearInterval(heartbeat);
      this.close(reason);
    }
  }

  close(reason: string): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    clients.delete(this);
    const pressedAtClose = feedHost ? host.pressedKeys() : [];
    const buttonsAtClose = feedHost ? host.buttonsDown() : [];
    // The daemon closes this client's devices without a reset; macOS then sees every key of
    // those devices go up.
    if (feedHost) {
      for (const [id] of this.#pressedKeyboard) host.receive(zeroReport(id), "keyboard");
      if (this.#pressedPointing) host.receive(new Uint8Array(ReportSize.Pointing), "pointing");
    }
    if (!this.#closed) {
      this.#closed = true;
      try {
        this.#conn.close();
      } catch {
        // already closed by the peer
      }
    }
    emit("closed", {
      client: this.id,
      reason,
      text: host.text,
      shortcuts: host.shortcuts,
      capsLock: host.capsLock,
      pressedAtClose,
      buttonsAtClose,
      healthChecksAnswered: this.healthChecksAnswered,
      ignored: this.ignored,
      droppedPosts: this.droppedPosts,
      posts: postsSeen,
    });
  }

  drop(why: string): void {
    if (this.#closed) return;
    emit("dropped", { client: this.id, why });
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // already closed
    }
  }

  #watch(): void {
    const now = performance.now();
    if (now - this.#lastHeard > readTimeout) this.drop(`silent for ${readTimeout} ms`);
    for (const [, deadline] of this.#unanswered) {
      if (now > deadline) {
        this.drop("a status request went unanswered");
        break;
      }
    }
  }

  #later(ms: number, step: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#closed) step();
    }, ms);
    this.#timers.add(timer);
  }

  #handle(): void {
    const frame = this.#decoder.frame;
    const bytes = this.#decoder.buffer;
    switch (frame.type) {
      case MessageType.Heartbeat:
      case MessageType.UserData:
        return;
      case MessageType.HealthCheck:
        this.#send(encodeFrame(MessageType.HealthCheckResponse));
        return;
      case MessageType.HealthCheckResponse:
        this.healthChecksAnswered++;
        return;
      case MessageType.Response:
        this.#unanswered.delete(frame.requestId);
        return;
      case MessageType.Request:
        break;
    }
    const requestId = frame.requestId;
    const start = frame.payloadStart;
    const length = frame.payloadLength;
    if (length < SERVICE_HEADER_SIZE) return this.#ignore(requestId, "payload too short");
    const version = (bytes[start] ?? 0) | ((bytes[start + 1] ?? 0) << 8);
    if (version !== protocol) {
      return this.#ignore(
        requestId,
        `client_protocol_version ${version}, daemon speaks ${protocol}`,
      );
    }
    const request = requestName(protocol, bytes[start + 2] ?? 255);
    if (request === undefined) {
      return this.#ignore(requestId, `unknown request ${bytes[start + 2]}`);
    }
    const struct = bytes.subarray(start + SERVICE_HEADER_SIZE, start + length);
    if (struct.length !== REQUEST_STRUCT_SIZES[request]) {
      return this.#ignore(requestId, `${request} with ${struct.length} bytes`);
    }
    switch (request) {
      case "get_status":
        return this.#respond(requestId, encodeStatusPairs(this.#status()));
      case "virtual_hid_keyboard_initialize": {
        const parameters = readKeyboardInitializeStruct(struct);
        emit("keyboard-initialize", { client: this.id, ...parameters });
        this.#keyboard ??= this.#createDevice("keyboard");
        return this.#respond(requestId, encodeStatusPairs(this.#status()));
      }
      case "virtual_hid_pointing_initialize":
        this.#pointing ??= this.#createDevice("pointing");
        return this.#respond(requestId, encodeStatusPairs(this.#status()));
      case "virtual_hid_keyboard_terminate":
        this.#releaseKeyboard();
        this.#keyboard = undefined;
        return this.#respond(requestId, encodeStatusPairs(this.#status()));
      case "virtual_hid_pointing_terminate":
        this.#releasePointing();
        this.#pointing = undefined;
        return this.#respond(requestId, encodeStatusPairs(this.#status()));
      case "virtual_hid_keyboard_reset":
        this.#releaseKeyboard();
        emit("reset", { client: this.id, device: "keyboard" });
        return this.#respond(requestId, encodeStatusPairs(this.#status()));
      case "virtual_hid_pointing_reset":
        this.#releasePointing();
        emit("reset", { client: this.id, device: "pointing" });
        return this.#respond(requestId, encodeStatusPairs(this.#status()));
      case "post_pointing_input_report":
        this.#post("pointing", struct);
        if (feedHost) this.#respond(requestId);
        return;
      default:
        if (struct[0] !== reportIdForPostRequest(request as KeyboardPostRequest)) {
          return this.#ignore(requestId, `${request} with report id ${struct[0]}`);
        }
        this.#post("keyboard", struct);
        // Benchmarks (--no-host) measure the client's sends, not this process's answers.
        if (feedHost) this.#respond(requestId);
        return;
    }
  }

  #createDevice(kind: "keyboard" | "pointing"): { ready: boolean } {
    const device = { ready: false };
    if (devicesCanBeReady) {
      this.#later(readyDelay, () => {
        device.ready = true;
        this.#push(
          kind === "keyboard"
            ? { virtualHidKeyboardReady: true }
            : { virtualHidPointingReady: true },
        );
        void this.#flush();
      });
    }
    return device;
  }

  #post(kind: "keyboard" | "pointing", struct: Uint8Array): void {
    postsSeen++;
    const device = kind === "keyboard" ? this.#keyboard : this.#pointing;
    if (device === undefined || !device.ready) {
      this.droppedPosts++;
      return;
    }
    if (feedHost) {
      const before = host.pressedKeys().length;
      host.receive(struct, kind);
      publishLocks();
      if (before === 0 && host.pressedKeys().length > 0) emit("down", { client: this.id });
      if (kind === "keyboard") {
        const id = struct[0] ?? 0;
        if (struct.some((byte, index) => index > 0 && byte !== 0)) {
          this.#pressedKeyboard.set(id, struct.slice());
        } else this.#pressedKeyboard.delete(id);
      } else this.#pressedPointing = struct.some((byte) => byte !== 0);
    }
    if (restartAfter !== undefined && !restarted && postsSeen >= Number(restartAfter)) {
      restarted = true;
      restarting = true;
      queueMicrotask(() => void restart());
    }
  }

  #releaseKeyboard(): void {
    if (!feedHost || this.#keyboard === undefined) return;
    for (const id of [1, 2, 4, 3, 7]) host.receive(zeroReport(id), "keyboard");
    this.#pressedKeyboard.clear();
  }

  #releasePointing(): void {
    if (!feedHost || this.#pointing === undefined) return;
    host.receive(new Uint8Array(ReportSize.Pointing), "pointing");
    this.#pressedPointing = false;
  }

  #status(): KarabinerStatus {
    return {
      ...daemonStatus,
      virtualHidKeyboardReady: this.#keyboard?.ready ?? false,
      virtualHidPointingReady: this.#pointing?.ready ?? false,
    };
  }

  #ignore(requestId: number, why: string): void {
    this.ignored++;
    emit("ignored", { client: this.id, why });
    this.#respond(requestId);
  }

  #respond(requestId: number, payload?: Uint8Array): void {
    this.#send(encodeFrame(MessageType.Response, requestId, payload));
  }

  #push(status: KarabinerStatus): void {
    const id = this.#nextPush++;
    this.#unanswered.set(id, performance.now() + answerTimeout);
    this.#send(encodeFrame(MessageType.Request, id, encodeStatusPairs(status)));
    void this.#flush();
  }

  #send(frame: Uint8Array): void {
    this.#outbox.push(frame);
  }

  #flushing: Promise<void> = Promise.resolve();

  #flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#outbox.length === 0 || this.#closed) return;
      const frames = this.#outbox.splice(0);
      const total = frames.reduce((sum, frame) => sum + frame.length, 0);
      const joined = new Uint8Array(total);
      let offset = 0;
      for (const frame of frames) {
        joined.set(frame, offset);
        offset += frame.length;
      }
      try {
        for (let written = 0; written < total;) {
          written += await this.#conn.write(joined.subarray(written));
        }
      } catch {
        // the client went away; the read loop notices
      }
    });
    return this.#flushing;
  }
}

function zeroReport(id: number): Uint8Array {
  const report = new Uint8Array(id === 1 ? ReportSize.Keyboard : ReportSize.Array);
  report[0] = id;
  return report;
}

function listen(): void {
  try {
    Deno.removeSync(socketPath!);
  } catch {
    // no stale socket
  }
  const current = Deno.listen({ transport: "unix", path: socketPath! });
  listener = current;
  emit("listening", { socket: socketPath, protocol });
  void (async () => {
    try {
      for await (const conn of current) {
        const client = new Client(conn);
        clients.add(client);
        void client.serve();
      }
    } catch {
      // the listener was closed for a restart or shutdown
    }
  })();
}

async function restart(): Promise<void> {
  emit("restarting", { posts: postsSeen });
  listener?.close();
  listener = undefined;
  for (const client of [...clients]) client.drop("daemon restart");
  try {
    Deno.removeSync(socketPath!);
  } catch {
    // already gone
  }
  await new Promise((resolve) => setTimeout(resolve, restartGap));
  restarting = false;
  listen();
}

function shutdown(): void {
  listener?.close();
  for (const client of [...clients]) client.drop("daemon stopped");
  try {
    Deno.removeSync(socketPath!);
  } catch {
    // already gone
  }
  emit("stopped", { text: host.text });
  Deno.exit(0);
}

Deno.addSignalListener("SIGTERM", shutdown);
Deno.addSignalListener("SIGINT", shutdown);
listen();
