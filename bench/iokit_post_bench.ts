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
import { fileURLToPath } from "node:url";
import { buildNative, privateFakeIokitLibrary } from "../scripts/build_native.ts";
import { IOKitDevice } from "../lib/device/iokit_device.ts";
import { loadIOKitLibrary } from "../lib/iokit/iokit_library.ts";
import { openDriver } from "../lib/iokit/open_driver.ts";
import { defaultIdentity } from "../lib/protocol/identity.ts";
import { Selector } from "../lib/protocol/selector.ts";

const ROUNDS = 3;
const REPORTS_PER_ROUND = 1_000_000;
const PROBE_REPORTS = 10_000;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
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

interface Rate {
  readonly reportsPerSecond: number;
  readonly heapBytesPerReport: number;
}

function measure(loop: (count: number) => void): Rate {
  loop(REPORTS_PER_ROUND / 5);
  let best = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    loop(REPORTS_PER_ROUND);
    best = Math.max(best, REPORTS_PER_ROUND / ((performance.now() - start) / 1000));
  }
  return { reportsPerSecond: best, heapBytesPerReport: heapGrowthPerReport(loop) };
}

// Heap growth over short runs, too short for a garbage collection to hide an allocation per
// report (10,000 reports of even 16 bytes would show as 160 kB); the median of several probes.
function heapGrowthPerReport(loop: (count: number) => void): number {
  const probes: number[] = [];
  for (let probe = 0; probe < 7; probe++) {
    const before = Deno.memoryUsage().heapUsed;
    loop(PROBE_REPORTS);
    probes.push((Deno.memoryUsage().heapUsed - before) / PROBE_REPORTS);
  }
  probes.sort((a, b) => a - b);
  return Math.max(0, probes[3] ?? 0);
}

async function buildBaseline(): Promise<string> {
  const binary = `${ROOT}${C_BINARY}`;
  const [source, output] = await Promise.all([
    Deno.stat(`${ROOT}${C_SOURCE}`),
    Deno.stat(binary).catch(() => undefined),
  ]);
  if (
    output?.mtime !== null && output !== undefined && source.mtime !== null &&
    output.mtime >= source.mtime
  ) {
    return binary;
  }
  await Deno.mkdir(`${ROOT}bench/build`, { recursive: true });
  const compiler = Deno.env.get("CC") ?? "cc";
  const result = await new Deno.Command(compiler, {
    args: ["-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", C_SOURCE, "-o", C_BINARY, "-ldl"],
    cwd: ROOT,
  }).output();
  if (!result.success) {
    throw new Error(
      `${compiler} could not build ${C_BINARY}:\n${new TextDecoder().decode(result.stderr)}`,
    );
  }
  return binary;
}

async function measureC(binary: string): Promise<number> {
  let best = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const result = await new Deno.Command(binary, {
      args: [built, String(REPORTS_PER_ROUND)],
      // A clean environment: no FAKEIOKIT_TRACE, so the fake writes no trace file.
      clearEnv: true,
    }).output();
    if (!result.success) {
      throw new Error(`the C baseline failed:\n${new TextDecoder().decode(result.stderr)}`);
    }
    const line = JSON.parse(new TextDecoder().decode(result.stdout)) as {
      reportsPerSecond: number;
    };
    best = Math.max(best, line.reportsPerSecond);
  }
  return best;
}

const viaConnection = measure(connectionLoop);
const viaDevice = measure(deviceLoop);
const inC = await measureC(await buildBaseline());

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
