/**
 * How fast keyboard reports go through the Karabiner socket transport (libc `send` through Deno
 * FFI) into the fake daemon, client side, compared with the same loop written in C
 * (bench/c/karabiner_send_baseline.c) on the same kind of socket to the same daemon, in the same
 * run. The fake daemon runs with `--no-host`: it decodes every frame but neither feeds a host nor
 * answers posts, so the clients' sends are what is measured.
 *
 * Targets: at least half of the C rate, and no allocation per report.
 *
 * Before the `deno bench` table, prints reports/s for the transport (`StreamTransport.send` of a
 * pre-built frame, with its request id rewritten each time), for the whole device
 * (`KarabinerDevice.postKeyboardReport`: shape check, copy into the frame, send, a non-waiting read
 * every 16 posts), for C, and the ratios (best of three rounds each).
 *
 * @module
 */
// deno-lint-ignore-file no-console
import { buildCBaseline, measureCBaseline, measurePostRate } from "./post_rate.ts";
import { KarabinerDevice } from "../lib/device/karabiner_device.ts";
import { ServiceRequestFrame } from "../lib/karabiner/payloads.ts";
import { connectUnixStream } from "../lib/socket/libc_unix_socket.ts";
import { startFakeDaemon } from "../tests/fake_karabiner/start_fake_daemon.ts";

const ROUNDS = 3;
const REPORTS_PER_ROUND = 300_000;
const PROBE_REPORTS = 10_000;
const SETTINGS = {
  rounds: ROUNDS,
  reportsPerRound: REPORTS_PER_ROUND,
  probeReports: PROBE_REPORTS,
};
const C_SOURCE = "bench/c/karabiner_send_baseline.c";
const C_BINARY = "bench/build/karabiner_send_baseline";

const daemon = await startFakeDaemon({ noHost: true, readyDelayMs: 10 });
globalThis.addEventListener("unload", () => {
  device.close();
  transport.close();
  daemon.stopNow();
});

const down = new Uint8Array(67);
down.set([1, 0x02, 0, 0x04]);
const up = new Uint8Array(67);
up[0] = 1;

const device = new KarabinerDevice({ socketPath: daemon.socketPath, lockState: () => undefined });
await device.open();
await device.initializeKeyboard({ vendorId: 0x16c0, productId: 0x27db, countryCode: 0 });

const transport = connectUnixStream(daemon.socketPath);
const frameDown = new ServiceRequestFrame(7, "post_keyboard_input_report");
frameDown.struct.set(down);
const frameUp = new ServiceRequestFrame(7, "post_keyboard_input_report");
frameUp.struct.set(up);
const drain = new Uint8Array(65536);
let nextId = 1;

function transportLoop(count: number): void {
  let failed = false;
  for (let index = 0; index < count; index++) {
    const frame = (index & 1) === 0 ? frameDown : frameUp;
    frame.setRequestId(nextId++);
    failed ||= !transport.send(frame.bytes);
    if ((index & 15) === 15) transport.receive(drain);
  }
  if (failed) throw new Error("a send into the fake daemon failed");
}

function deviceLoop(count: number): void {
  for (let index = 0; index < count; index++) {
    device.postKeyboardReport((index & 1) === 0 ? down : up);
  }
}

const viaTransport = measurePostRate(transportLoop, SETTINGS);
const viaDevice = measurePostRate(deviceLoop, SETTINGS);
const inC = await measureCBaseline(await buildCBaseline(C_SOURCE, C_BINARY), {
  args: [daemon.socketPath, String(REPORTS_PER_ROUND)],
  rounds: ROUNDS,
});

const format = (rate: number) => Math.round(rate).toLocaleString("en-US").padStart(12);
const nanoseconds = (rate: number) => (1e9 / rate).toFixed(1).padStart(7);
console.log(
  [
    `karabiner post: keyboard reports through the UNIX socket into the fake daemon (--no-host), ` +
    `best of ${ROUNDS} x ${REPORTS_PER_ROUND.toLocaleString("en-US")}`,
    `  TypeScript, StreamTransport.send            ${format(viaTransport.reportsPerSecond)}/s ` +
    `${nanoseconds(viaTransport.reportsPerSecond)} ns/report, heap growth ` +
    `${viaTransport.heapBytesPerReport.toFixed(3)} B/report`,
    `  TypeScript, KarabinerDevice.postKeyboardReport ${format(viaDevice.reportsPerSecond)}/s ` +
    `${nanoseconds(viaDevice.reportsPerSecond)} ns/report, heap growth ` +
    `${viaDevice.heapBytesPerReport.toFixed(3)} B/report`,
    `  C, send()                                     ${format(inC)}/s ${
      nanoseconds(inC)
    } ns/report`,
    `  ratio TypeScript / C: transport ${(viaTransport.reportsPerSecond / inC).toFixed(2)}, ` +
    `device ${(viaDevice.reportsPerSecond / inC).toFixed(2)} (target: >= 0.50)`,
  ].join("\n"),
);

let next = 0;

Deno.bench({
  name: "socket post: StreamTransport.send into the fake daemon",
  group: "karabiner post",
  baseline: true,
  fn() {
    const frame = (next++ & 1) === 0 ? frameDown : frameUp;
    frame.setRequestId(nextId++);
    transport.send(frame.bytes);
    if ((next & 15) === 0) transport.receive(drain);
  },
});

Deno.bench({
  name: "device post: KarabinerDevice.postKeyboardReport into the fake daemon",
  group: "karabiner post",
  fn() {
    device.postKeyboardReport((next++ & 1) === 0 ? down : up);
  },
});
