/**
 * How fast reports go through Deno FFI into the fake IOKit (which runs dext/core), compared with
 * the same loop written in C (bench/c/iokit_post_baseline.c) against the same fake.
 *
 * Targets: at least 1,000,000 reports/s from TypeScript, at least a third of the C rate, and no
 * allocation per report. The fake's trace file is off; its in-memory ring still records every
 * report, on both sides.
 *
 * Before the `deno bench` table, prints reports/s for the FFI layer (`IOKitConnection.postStruct`),
 * for the whole device (`IOKitDevice.postKeyboardReport`, with the client-side shape check), for
 * C, and the TypeScript/C ratio (best of three rounds each).
 *
 * @module
 */
// deno-lint-ignore-file no-console
import { buildCBaseline, measureCBaseline, measurePostRate } from "./post_rate.ts";
import { buildNative, privateFakeIokitLibrary } from "../scripts/build_native.ts";
import { IOKitDevice } from "../lib/device/iokit_device.ts";
import { loadIOKitLibrary } from "../lib/iokit/iokit_library.ts";
import { openDriver } from "../lib/iokit/open_driver.ts";
import { defaultIdentity } from "../lib/protocol/identity.ts";
import { Selector } from "../lib/protocol/selector.ts";

const ROUNDS = 3;
const REPORTS_PER_ROUND = 1_000_000;
const PROBE_REPORTS = 10_000;
const SETTINGS = {
  rounds: ROUNDS,
  reportsPerRound: REPORTS_PER_ROUND,
  probeReports: PROBE_REPORTS,
};
const C_SOURCE = "bench/c/iokit_post_baseline.c";
const C_BINARY = "bench/build/iokit_post_baseline";

const built = (await buildNative()).fakeIokit;
const copy = await privateFakeIokitLibrary(built);
const library = loadIOKitLibrary({ path: copy });
const controls = Deno.dlopen(
  copy,
  {
    fakeiokit_close_trace: { parameters: [], result: "void" },
  } as const,
).symbols;
await Deno.remove(copy);
controls.fakeiokit_close_trace();

// Shift+A down, then everything up: the same two reports the C loop alternates.
const down = new Uint8Array(67);
down.set([1, 0x02, 0, 0x04]);
const up = new Uint8Array(67);
up[0] = 1;

const { connection } = openDriver(library, defaultIdentity);
if (connection.callScalar(Selector.KeyboardInitialize, [0x16c0, 0x27db, 0], 0) !== 0) {
  throw new Error("keyboard initialize failed on the fake");
}
const device = new IOKitDevice({ library, watchIntervalMs: 0 });
await device.open();
await device.initializeKeyboard({ vendorId: 0x16c0, productId: 0x27db, countryCode: 0 });

function connectionLoop(count: number): void {
  let failures = 0;
  for (let index = 0; index < count; index++) {
    failures |= connection.postStruct(Selector.KeyboardPostReport, (index & 1) === 0 ? down : up);
  }
  if (failures !== 0) throw new Error("a post into the fake failed");
}

function deviceLoop(count: number): void {
  for (let index = 0; index < count; index++) {
    device.postKeyboardReport((index & 1) === 0 ? down : up);
  }
}

const viaConnection = measurePostRate(connectionLoop, SETTINGS);
const viaDevice = measurePostRate(deviceLoop, SETTINGS);
const inC = await measureCBaseline(await buildCBaseline(C_SOURCE, C_BINARY, ["-ldl"]), {
  args: [built, String(REPORTS_PER_ROUND)],
  rounds: ROUNDS,
  // A clean environment: no FAKEIOKIT_TRACE, so the fake writes no trace file.
  clearEnv: true,
});

const format = (rate: number) => Math.round(rate).toLocaleString("en-US").padStart(12);
const nanoseconds = (rate: number) => (1e9 / rate).toFixed(1).padStart(6);
console.log(
  [
    `iokit post: keyboard reports into the fake IOKit, trace file off, best of ${ROUNDS} x ` +
    `${REPORTS_PER_ROUND.toLocaleString("en-US")}`,
    `  TypeScript, IOKitConnection.postStruct    ${format(viaConnection.reportsPerSecond)}/s ` +
    `${nanoseconds(viaConnection.reportsPerSecond)} ns/report, heap growth ` +
    `${viaConnection.heapBytesPerReport.toFixed(3)} B/report`,
    `  TypeScript, IOKitDevice.postKeyboardReport ${format(viaDevice.reportsPerSecond)}/s ` +
    `${nanoseconds(viaDevice.reportsPerSecond)} ns/report, heap growth ` +
    `${viaDevice.heapBytesPerReport.toFixed(3)} B/report`,
    `  C, IOConnectCallStructMethod              ${format(inC)}/s ${nanoseconds(inC)} ns/report`,
    `  ratio TypeScript / C: connection ${(viaConnection.reportsPerSecond / inC).toFixed(2)}, ` +
    `device ${(viaDevice.reportsPerSecond / inC).toFixed(2)} (targets: >= 0.33, and >= ` +
    `1,000,000/s from TypeScript)`,
  ].join("\n"),
);

let next = 0;

Deno.bench({
  name: "FFI post: IOKitConnection.postStruct into the fake",
  group: "iokit post",
  baseline: true,
  fn() {
    connection.postStruct(Selector.KeyboardPostReport, (next++ & 1) === 0 ? down : up);
  },
});

Deno.bench({
  name: "device post: IOKitDevice.postKeyboardReport into the fake",
  group: "iokit post",
  fn() {
    device.postKeyboardReport((next++ & 1) === 0 ? down : up);
  },
});
