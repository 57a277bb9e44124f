// FFI smoke test of libfakeiokit: every IOKit export with the ABI of macos-tooling-reference §2.2,
// every fakeiokit_ control, the trace file, the environment variables and the exit hook.
import { CONTROL_SYMBOLS } from "./fixtures/iokit_fake.ts";
import assert from "node:assert/strict";
import {
  FAKE_IOKIT_AVAILABLE,
  fakeIOKitTest,
  unavailableFake,
} from "./fixtures/fake_iokit_rule.ts";
import { buildNative, privateFakeIokitLibrary } from "../scripts/build_native.ts";

const SYMBOLS = {
  IOServiceNameMatching: { parameters: ["buffer"], result: "pointer" },
  IOServiceMatching: { parameters: ["buffer"], result: "pointer" },
  IOServiceGetMatchingService: { parameters: ["u32", "pointer"], result: "u32" },
  IOServiceOpen: { parameters: ["u32", "u32", "u32", "buffer"], result: "i32" },
  IOServiceClose: { parameters: ["u32"], result: "i32" },
  IOObjectRelease: { parameters: ["u32"], result: "i32" },
  IOConnectCallStructMethod: {
    parameters: ["u32", "u32", "buffer", "usize", "buffer", "buffer"],
    result: "i32",
  },
  IOConnectCallScalarMethod: {
    parameters: ["u32", "u32", "buffer", "u32", "buffer", "buffer"],
    result: "i32",
  },
  IOConnectCallMethod: {
    parameters: [
      "u32",
      "u32",
      "buffer",
      "u32",
      "buffer",
      "usize",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
    ],
    result: "i32",
  },
  IORegistryEntryGetRegistryEntryID: { parameters: ["u32", "buffer"], result: "i32" },
  CFRetain: { parameters: ["pointer"], result: "pointer" },
  CFRelease: { parameters: ["pointer"], result: "void" },
  mach_task_self_: { type: "u32" },
  kIOMainPortDefault: { type: "u32" },
  ...CONTROL_SYMBOLS,
} as const;

// Codes written out by hand from IOReturn.h / mach/message.h.
const SUCCESS = 0;
const BAD_ARGUMENT = 0xe00002c2;
const NO_DEVICE = 0xe00002c0;
const NOT_PERMITTED = 0xe00002e2;
const NOT_OPEN = 0xe00002cd;
const BUSY = 0xe00002d5;
const ERROR = 0xe00002bc;
const MACH_SEND_INVALID_DEST = 0x10000003;
const KERN_INVALID_RIGHT = 17;
const FOREVER = 0xffff_ffff;

const DEFAULT_SERVICE = "dextkit_VirtualHIDDeviceRoot";
const KARABINER_SERVICE = "org_pqrs_Karabiner_DriverKit_VirtualHIDDeviceRoot";

const fakeIokit = FAKE_IOKIT_AVAILABLE ? (await buildNative()).fakeIokit : "";

async function loadPrivateFake(): Promise<Deno.DynamicLibrary<typeof SYMBOLS>> {
  const path = await privateFakeIokitLibrary(fakeIokit);
  const library = Deno.dlopen(path, SYMBOLS);
  await Deno.remove(path);
  return library;
}

const library = FAKE_IOKIT_AVAILABLE
  ? await loadPrivateFake()
  : unavailableFake<Deno.DynamicLibrary<typeof SYMBOLS>>("the fake IOKit library");
const io = library.symbols;

function cString(text: string): Uint8Array {
  return new TextEncoder().encode(`${text}\0`);
}

function lookup(name = DEFAULT_SERVICE): number {
  return io.IOServiceGetMatchingService(0, io.IOServiceNameMatching(cString(name)));
}

function open(service: number): { code: number; connect: number } {
  const connect = new Uint32Array(1);
  const code = io.IOServiceOpen(service, io.mach_task_self_, 0, connect) >>> 0;
  return { code, connect: connect[0]! };
}

/** Looks the driver up, opens it and releases the service handle, as a client would. */
function connect(): number {
  const service = lookup();
  assert.notEqual(service, 0, "the driver is present");
  const opened = open(service);
  assert.equal(opened.code, SUCCESS);
  assert.equal(io.IOObjectRelease(service), SUCCESS);
  return opened.connect;
}

function scalar(
  connection: number,
  selector: number,
  inputs: readonly bigint[],
  outputCount: number,
): { code: number; outputs: bigint[]; count: number } {
  const input = new BigUint64Array(inputs);
  const output = new BigUint64Array(Math.max(outputCount, 1));
  const count = new Uint32Array([outputCount]);
  const code = io.IOConnectCallScalarMethod(
    connection,
    selector,
    input,
    inputs.length,
    output,
    count,
  ) >>> 0;
  return { code, outputs: Array.from(output.subarray(0, count[0])), count: count[0]! };
}

function struct(connection: number, selector: number, bytes: Uint8Array | null): number {
  return io.IOConnectCallStructMethod(
    connection,
    selector,
    bytes,
    BigInt(bytes?.length ?? 0),
    null,
    null,
  ) >>> 0;
}

function initializeKeyboard(connection: number): void {
  assert.equal(scalar(connection, 1, [0x16c0n, 0x27dbn, 33n], 0).code, SUCCESS);
}

/** `size` bytes: `prefix` then zeros. */
function report(size: number, prefix: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(prefix);
  return bytes;
}

const SHIFT_A = report(67, [1, 0x02, 0, 0x04]);
const EMPTY_KEYBOARD = report(67, [1]);

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

interface TraceEntry {
  connection: number;
  device: "keyboard" | "pointing";
  bytes: Uint8Array;
}

function traceEntries(): TraceEntry[] {
  const entries: TraceEntry[] = [];
  const count = io.fakeiokit_trace_count();
  const connection = new Uint32Array(1);
  const device = new Uint32Array(1);
  const bytes = new Uint8Array(67);
  for (let index = 0n; index < count; index++) {
    const size = io.fakeiokit_trace_entry(index, connection, device, bytes, 67n);
    assert.ok(size >= 0n, `entry ${index} is retained`);
    entries.push({
      connection: connection[0]!,
      device: device[0] === 0 ? "keyboard" : "pointing",
      bytes: bytes.slice(0, Number(size)),
    });
  }
  return entries;
}

interface TraceLine {
  nanoseconds: bigint;
  pid: number;
  connection: number;
  event: string;
  fields: string[];
}

async function readTrace(path: string): Promise<TraceLine[]> {
  const text = await Deno.readTextFile(path);
  assert.ok(text === "" || text.endsWith("\n"), "every line is complete");
  return text.split("\n").filter((line) => line !== "").map((line) => {
    const [nanoseconds, pid, connection, event, ...fields] = line.split(" ");
    assert.match(nanoseconds!, /^\d+$/);
    return {
      nanoseconds: BigInt(nanoseconds!),
      pid: Number(pid),
      connection: Number(connection),
      event: event!,
      fields,
    };
  });
}

/** The trace lines as "<connection> <event> <fields>" with the time and pid dropped. */
function summary(lines: readonly TraceLine[]): string[] {
  return lines.map((line) => [line.connection, line.event, ...line.fields].join(" "));
}

async function withTrace(run: (path: string) => Promise<void> | void): Promise<void> {
  const path = await Deno.makeTempFile({ prefix: "fakeiokit-trace-" });
  try {
    assert.equal(io.fakeiokit_open_trace(cString(path)), SUCCESS);
    await run(path);
  } finally {
    io.fakeiokit_close_trace();
    await Deno.remove(path);
  }
}

fakeIOKitTest("the task port and main port statics have IOKit's values", () => {
  io.fakeiokit_reset();
  assert.notEqual(io.mach_task_self_, 0);
  assert.equal(io.kIOMainPortDefault, 0);
});

fakeIOKitTest("lookup, open, version handshake, registry entry id, release and close", () => {
  io.fakeiokit_reset();
  const service = lookup();
  assert.notEqual(service, 0);
  assert.equal(io.fakeiokit_service_reference_count(), 1);

  const id = new BigUint64Array(1);
  assert.equal(io.IORegistryEntryGetRegistryEntryID(service, id), SUCCESS);
  assert.ok(id[0]! > 0xffff_ffffn, "registry entry ids need 64 bits");
  assert.equal(id[0], io.fakeiokit_registry_entry_id());

  const opened = open(service);
  assert.equal(opened.code, SUCCESS);
  assert.notEqual(opened.connect, 0);
  assert.equal(io.fakeiokit_open_connection_count(), 1);

  const version = scalar(opened.connect, 0, [], 1);
  assert.deepEqual(version, { code: SUCCESS, outputs: [100n], count: 1 });
  const capabilities = scalar(opened.connect, 10, [], 3);
  assert.deepEqual(capabilities, { code: SUCCESS, outputs: [1n, 7n, 100n], count: 3 });

  assert.equal(io.IOObjectRelease(service), SUCCESS);
  assert.equal(io.fakeiokit_service_reference_count(), 0);
  assert.equal(io.IOObjectRelease(service), KERN_INVALID_RIGHT, "a second release is an error");
  assert.equal(io.IOObjectRelease(0), SUCCESS);

  assert.equal(io.IOServiceClose(opened.connect), SUCCESS);
  assert.equal(io.fakeiokit_open_connection_count(), 0);
  assert.equal(scalar(opened.connect, 0, [], 1).code, MACH_SEND_INVALID_DEST);
  assert.equal(io.IOServiceClose(opened.connect) >>> 0, MACH_SEND_INVALID_DEST);
});

fakeIOKitTest("IOServiceOpen validates its arguments", () => {
  io.fakeiokit_reset();
  const service = lookup();
  const connect = new Uint32Array(1);
  assert.equal(io.IOServiceOpen(service, io.mach_task_self_ + 1, 0, connect) >>> 0, BAD_ARGUMENT);
  assert.equal(io.IOServiceOpen(service, io.mach_task_self_, 0, null) >>> 0, BAD_ARGUMENT);
  assert.equal(io.IOServiceOpen(0x7777, io.mach_task_self_, 0, connect) >>> 0, BAD_ARGUMENT);
  io.IOObjectRelease(service);
  assert.equal(open(service).code, BAD_ARGUMENT, "a released service handle is invalid");
  const entryId = new BigUint64Array(1);
  assert.equal(io.IORegistryEntryGetRegistryEntryID(service, entryId) >>> 0, BAD_ARGUMENT);
  assert.equal(io.fakeiokit_open_connection_count(), 0);
});

fakeIOKitTest(
  "matching dictionaries: by name, by kernel class, consumed, retained and released",
  () => {
    io.fakeiokit_reset();
    assert.equal(lookup("someone_elses_Root"), 0);
    assert.equal(io.IOServiceGetMatchingService(0, null), 0);
    const byClass = io.IOServiceGetMatchingService(
      0,
      io.IOServiceMatching(cString("IOUserService")),
    );
    assert.notEqual(byClass, 0);
    io.IOObjectRelease(byClass);
    assert.equal(
      io.IOServiceGetMatchingService(0, io.IOServiceMatching(cString(DEFAULT_SERVICE))),
      0,
      "IOServiceMatching matches the kernel class, not the IOUserClass",
    );

    // A retained dictionary survives being consumed once and can be used again.
    const matching = io.IOServiceNameMatching(cString(DEFAULT_SERVICE));
    assert.ok(Deno.UnsafePointer.equals(io.CFRetain(matching), matching));
    const first = io.IOServiceGetMatchingService(0, matching);
    const second = io.IOServiceGetMatchingService(0, matching);
    assert.notEqual(first, 0);
    assert.equal(second, first);
    assert.equal(io.fakeiokit_service_reference_count(), 2);
    io.IOObjectRelease(first);
    io.IOObjectRelease(second);
    io.CFRelease(io.IOServiceNameMatching(cString(DEFAULT_SERVICE)));
    io.CFRelease(null);
  },
);

fakeIOKitTest("keyboard reports reach the trace byte for byte; bad ones are rejected", () => {
  io.fakeiokit_reset();
  const connection = connect();
  assert.equal(struct(connection, 3, SHIFT_A), NOT_OPEN, "before initialize");
  initializeKeyboard(connection);
  assert.deepEqual(scalar(connection, 2, [], 1).outputs, [1n]);
  assert.equal(struct(connection, 3, SHIFT_A), SUCCESS);
  const playPause = report(65, [2, 0xcd]);
  assert.equal(struct(connection, 3, playPause), SUCCESS);
  assert.equal(struct(connection, 3, report(65, [1, 0x02])), BAD_ARGUMENT, "id 1 is 67 bytes");
  assert.equal(struct(connection, 3, report(2, [5, 2])), BAD_ARGUMENT, "id 5 is not an input");
  assert.equal(scalar(connection, 11, [], 0).code, BAD_ARGUMENT, "unknown selector");
  assert.deepEqual(traceEntries(), [
    { connection, device: "keyboard", bytes: SHIFT_A },
    { connection, device: "keyboard", bytes: playPause },
  ]);
  io.IOServiceClose(connection);
});

fakeIOKitTest("pointing reports and IOConnectCallMethod", () => {
  io.fakeiokit_reset();
  const connection = connect();
  const none = new Uint32Array([0]);
  const noStruct = new BigUint64Array([99n]);
  const initialize = io.IOConnectCallMethod(
    connection,
    5,
    null,
    0,
    null,
    0n,
    null,
    none,
    null,
    noStruct,
  );
  assert.equal(initialize, SUCCESS);
  assert.equal(noStruct[0], 0n, "no selector returns a structure");
  const click = report(8, [0x01, 0, 0, 0, 0xff, 0x01, 0x81, 0x7f]);
  const posted = io.IOConnectCallMethod(connection, 7, null, 0, click, 8n, null, null, null, null);
  assert.equal(posted, SUCCESS);
  const ready = new BigUint64Array(1);
  const count = new Uint32Array([1]);
  assert.equal(
    io.IOConnectCallMethod(connection, 6, null, 0, null, 0n, ready, count, null, null),
    SUCCESS,
  );
  assert.equal(ready[0], 1n);
  assert.equal(struct(connection, 8, null), SUCCESS);
  assert.deepEqual(traceEntries(), [
    { connection, device: "pointing", bytes: click },
    { connection, device: "pointing", bytes: new Uint8Array(8) },
  ]);
  io.IOServiceClose(connection);
});

fakeIOKitTest("closing without reset releases what is pressed, before the devices go", async () => {
  io.fakeiokit_reset();
  await withTrace(async (path) => {
    const connection = connect();
    initializeKeyboard(connection);
    assert.equal(struct(connection, 5, null), SUCCESS);
    assert.equal(struct(connection, 3, SHIFT_A), SUCCESS);
    assert.equal(struct(connection, 7, report(8, [0x02])), SUCCESS);
    assert.equal(io.IOServiceClose(connection), SUCCESS);

    const entries = traceEntries();
    assert.deepEqual(entries.slice(-2), [
      { connection, device: "keyboard", bytes: EMPTY_KEYBOARD },
      { connection, device: "pointing", bytes: new Uint8Array(8) },
    ]);
    const lines = await readTrace(path);
    assert.deepEqual(summary(lines), [
      `${connection} open 0`,
      `${connection} create-keyboard 5824 10203 33`,
      `${connection} create-pointing`,
      `${connection} keyboard ${hex(SHIFT_A)}`,
      `${connection} pointing 0200000000000000`,
      `${connection} release close`,
      `${connection} keyboard ${hex(EMPTY_KEYBOARD)}`,
      `${connection} pointing 0000000000000000`,
      `${connection} remove-devices`,
      `${connection} close`,
    ]);
    assert.ok(lines.every((line) => line.pid === Deno.pid));
    const times = lines.map((line) => line.nanoseconds);
    assert.deepEqual(times, [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});

fakeIOKitTest("reset and failed calls are traced", async () => {
  io.fakeiokit_reset();
  await withTrace(async (path) => {
    const connection = connect();
    assert.equal(struct(connection, 4, null), NOT_OPEN);
    initializeKeyboard(connection);
    assert.equal(struct(connection, 4, null), SUCCESS);
    io.IOServiceClose(connection);
    const lines = summary(await readTrace(path));
    assert.deepEqual(lines.slice(1, 4), [
      `${connection} reset keyboard`,
      `${connection} error 4 0xe00002cd`,
      `${connection} create-keyboard 5824 10203 33`,
    ]);
    assert.deepEqual(lines.slice(4, 10), [
      `${connection} reset keyboard`,
      `${connection} keyboard ${hex(EMPTY_KEYBOARD)}`,
      `${connection} keyboard ${hex(report(65, [2]))}`,
      `${connection} keyboard ${hex(report(65, [3]))}`,
      `${connection} keyboard ${hex(report(65, [4]))}`,
      `${connection} keyboard ${hex(report(65, [7]))}`,
    ]);
    assert.deepEqual(lines.slice(10), [
      `${connection} release close`,
      `${connection} remove-devices`,
      `${connection} close`,
    ]);
  });
});

fakeIOKitTest("driver absent and present again", async () => {
  io.fakeiokit_reset();
  const before = io.fakeiokit_registry_entry_id();
  await withTrace(async (path) => {
    const connection = connect();
    initializeKeyboard(connection);
    struct(connection, 3, SHIFT_A);
    io.fakeiokit_set_driver_present(0);
    assert.equal(lookup(), 0);
    assert.equal(io.fakeiokit_registry_entry_id(), 0n);
    assert.equal(struct(connection, 3, SHIFT_A), MACH_SEND_INVALID_DEST);
    io.fakeiokit_set_driver_present(1);
    assert.ok(io.fakeiokit_registry_entry_id() > before, "a new instance");
    assert.equal(
      struct(connection, 3, SHIFT_A),
      MACH_SEND_INVALID_DEST,
      "old connections stay dead",
    );
    assert.equal(io.IOServiceClose(connection), SUCCESS);
    const lines = summary(await readTrace(path));
    assert.deepEqual(lines.slice(3), [
      `${connection} release driver-stop`,
      `${connection} keyboard ${hex(EMPTY_KEYBOARD)}`,
      `${connection} remove-devices`,
      "0 driver-stop",
      `0 driver-start ${io.fakeiokit_registry_entry_id()}`,
      `${connection} close`,
    ]);
  });
});

fakeIOKitTest("the service name is configurable", () => {
  io.fakeiokit_reset();
  assert.equal(io.fakeiokit_set_service_name(cString(KARABINER_SERVICE)), SUCCESS);
  assert.equal(lookup(), 0);
  const service = lookup(KARABINER_SERVICE);
  assert.notEqual(service, 0);
  io.IOObjectRelease(service);
  assert.equal(io.fakeiokit_set_service_name(cString("")) >>> 0, BAD_ARGUMENT);
  assert.equal(io.fakeiokit_set_service_name(cString("x".repeat(128))) >>> 0, BAD_ARGUMENT);
  assert.equal(io.fakeiokit_set_service_name(null) >>> 0, BAD_ARGUMENT);
  io.fakeiokit_reset();
  assert.equal(lookup(KARABINER_SERVICE), 0, "reset restores the default name");
});

fakeIOKitTest("the next opens fail with the given code, then opens work again", () => {
  io.fakeiokit_reset();
  const service = lookup();
  io.fakeiokit_fail_next_opens(NOT_PERMITTED | 0, 2);
  assert.deepEqual(open(service), { code: NOT_PERMITTED, connect: 0 });
  assert.deepEqual(open(service), { code: NOT_PERMITTED, connect: 0 });
  const third = open(service);
  assert.equal(third.code, SUCCESS);
  io.fakeiokit_fail_next_opens(NOT_PERMITTED | 0, FOREVER);
  for (let attempt = 0; attempt < 5; attempt++) assert.equal(open(service).code, NOT_PERMITTED);
  io.fakeiokit_fail_next_opens(0, 0);
  assert.equal(open(service).code, SUCCESS);
  io.IOObjectRelease(service);
});

fakeIOKitTest("the next calls fail with the given code without reaching the driver", () => {
  io.fakeiokit_reset();
  const connection = connect();
  initializeKeyboard(connection);
  io.fakeiokit_fail_next_calls(ERROR | 0, 1);
  assert.equal(struct(connection, 3, SHIFT_A), ERROR);
  assert.equal(io.fakeiokit_trace_count(), 0n);
  assert.equal(struct(connection, 3, SHIFT_A), SUCCESS);
  assert.equal(io.fakeiokit_trace_count(), 1n);
  io.IOServiceClose(connection);
});

fakeIOKitTest(
  "a crashed driver: dead connections, no service, no release, until restart",
  async () => {
    io.fakeiokit_reset();
    await withTrace(async (path) => {
      const connection = connect();
      initializeKeyboard(connection);
      struct(connection, 3, SHIFT_A);
      const before = io.fakeiokit_registry_entry_id();
      const staleService = lookup();

      io.fakeiokit_crash_driver();
      assert.equal(struct(connection, 3, SHIFT_A), MACH_SEND_INVALID_DEST);
      assert.equal(scalar(connection, 0, [], 1).code, MACH_SEND_INVALID_DEST);
      assert.equal(lookup(), 0);
      assert.equal(open(staleService).code, NO_DEVICE);
      assert.equal(io.fakeiokit_registry_entry_id(), 0n);

      io.fakeiokit_restart_driver();
      const after = io.fakeiokit_registry_entry_id();
      assert.ok(after > before);
      const entryId = new BigUint64Array(1);
      const fresh = lookup();
      io.IORegistryEntryGetRegistryEntryID(fresh, entryId);
      assert.equal(entryId[0], after);
      io.IORegistryEntryGetRegistryEntryID(staleService, entryId);
      assert.equal(entryId[0], before, "a stale handle still names the old instance");
      assert.equal(struct(connection, 3, SHIFT_A), MACH_SEND_INVALID_DEST);
      assert.equal(io.IOServiceClose(connection), SUCCESS);
      io.IOObjectRelease(fresh);
      io.IOObjectRelease(staleService);

      const lines = summary(await readTrace(path));
      assert.deepEqual(lines.slice(3), [
        "0 driver-crash",
        `0 driver-start ${after}`,
        `${connection} close`,
      ]);
    });
  },
);

fakeIOKitTest("crash after a number of calls, and automatic restart after a delay", async () => {
  io.fakeiokit_reset();
  const connection = connect();
  io.fakeiokit_crash_after_calls(3);
  io.fakeiokit_set_restart_delay_ms(50);
  assert.equal(scalar(connection, 0, [], 1).code, SUCCESS);
  assert.equal(scalar(connection, 0, [], 1).code, SUCCESS);
  assert.equal(scalar(connection, 0, [], 1).code, MACH_SEND_INVALID_DEST, "the third call");
  assert.equal(lookup(), 0, "not back yet");
  await new Promise((resolve) => setTimeout(resolve, 80));
  const service = lookup();
  assert.notEqual(service, 0, "relaunched on lookup after the delay");
  io.IOObjectRelease(service);
  io.IOServiceClose(connection);
});

fakeIOKitTest("restart while running releases what every connection holds", async () => {
  io.fakeiokit_reset();
  await withTrace(async (path) => {
    const connection = connect();
    initializeKeyboard(connection);
    struct(connection, 3, SHIFT_A);
    io.fakeiokit_restart_driver();
    assert.equal(struct(connection, 3, SHIFT_A), MACH_SEND_INVALID_DEST);
    assert.deepEqual(traceEntries().at(-1), {
      connection,
      device: "keyboard",
      bytes: EMPTY_KEYBOARD,
    });
    const lines = summary(await readTrace(path));
    assert.ok(lines.includes(`${connection} release driver-stop`));
    io.IOServiceClose(connection);
  });
});

fakeIOKitTest("driver and protocol version overrides apply to new connections", () => {
  io.fakeiokit_reset();
  io.fakeiokit_set_driver_version(10800);
  io.fakeiokit_set_protocol_version(2);
  const connection = connect();
  assert.deepEqual(scalar(connection, 0, [], 1).outputs, [10800n]);
  assert.deepEqual(scalar(connection, 10, [], 3).outputs, [2n, 7n, 10800n]);
  io.IOServiceClose(connection);
});

fakeIOKitTest("ready delay: devices report ready only after it", async () => {
  io.fakeiokit_reset();
  io.fakeiokit_set_ready_delay_ms(FOREVER);
  const never = connect();
  initializeKeyboard(never);
  assert.deepEqual(scalar(never, 2, [], 1).outputs, [0n]);
  assert.equal(struct(never, 3, SHIFT_A), BUSY);

  io.fakeiokit_set_ready_delay_ms(40);
  const later = connect();
  initializeKeyboard(later);
  assert.deepEqual(scalar(later, 2, [], 1).outputs, [0n]);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(scalar(later, 2, [], 1).outputs, [1n]);
  assert.equal(struct(later, 3, SHIFT_A), SUCCESS);
  assert.deepEqual(scalar(never, 2, [], 1).outputs, [0n], "the delay is fixed at open");
  io.IOServiceClose(never);
  io.IOServiceClose(later);
});

fakeIOKitTest(
  "the host sets the LED: state via selector 9, mirrored as input report 6",
  async () => {
    io.fakeiokit_reset();
    await withTrace(async (path) => {
      const first = connect();
      const second = connect();
      const withoutKeyboard = connect();
      initializeKeyboard(first);
      initializeKeyboard(second);
      assert.equal(io.fakeiokit_set_led(first, 0x02), SUCCESS);
      assert.deepEqual(scalar(first, 9, [], 1).outputs, [2n]);
      assert.deepEqual(scalar(second, 9, [], 1).outputs, [0n]);
      assert.equal(io.fakeiokit_set_led(0, 0x01), SUCCESS, "0 = every keyboard");
      assert.deepEqual(scalar(first, 9, [], 1).outputs, [1n]);
      assert.deepEqual(scalar(second, 9, [], 1).outputs, [1n]);
      assert.equal(io.fakeiokit_set_led(withoutKeyboard, 1) >>> 0, NOT_OPEN);
      assert.equal(io.fakeiokit_set_led(first, 0x100) >>> 0, BAD_ARGUMENT);
      assert.equal(io.fakeiokit_set_led(0x7777, 1) >>> 0, MACH_SEND_INVALID_DEST);
      assert.deepEqual(traceEntries(), [
        { connection: first, device: "keyboard", bytes: new Uint8Array([6, 2]) },
        { connection: first, device: "keyboard", bytes: new Uint8Array([6, 1]) },
        { connection: second, device: "keyboard", bytes: new Uint8Array([6, 1]) },
      ]);
      const lines = summary(await readTrace(path));
      assert.ok(lines.includes(`${first} led 2`));
      assert.ok(lines.includes(`${first} keyboard 0602`));
      for (const connection of [first, second, withoutKeyboard]) io.IOServiceClose(connection);
    });
  },
);

fakeIOKitTest("the in-memory trace keeps the newest 4096 reports", () => {
  io.fakeiokit_reset();
  const connection = connect();
  initializeKeyboard(connection);
  const bytes = report(67, [1]);
  for (let index = 0; index < 5000; index++) {
    bytes[3] = index & 0xff;
    struct(connection, 3, bytes);
  }
  assert.equal(io.fakeiokit_trace_count(), 5000n);
  const out = new Uint8Array(67);
  assert.equal(io.fakeiokit_trace_entry(903n, null, null, out, 67n), -1n, "dropped");
  assert.equal(io.fakeiokit_trace_entry(904n, null, null, out, 67n), 67n);
  assert.equal(out[3], 904 & 0xff);
  assert.equal(io.fakeiokit_trace_entry(5000n, null, null, out, 67n), -1n, "not yet");
  io.fakeiokit_trace_clear();
  assert.equal(io.fakeiokit_trace_count(), 0n);
  io.IOServiceClose(connection);
});

fakeIOKitTest("opening a trace file that cannot be created fails", () => {
  io.fakeiokit_reset();
  assert.equal(io.fakeiokit_open_trace(cString("/nonexistent-dir/trace")) >>> 0, ERROR);
  assert.equal(io.fakeiokit_open_trace(null) >>> 0, BAD_ARGUMENT);
});

fakeIOKitTest("unloading the library releases every open connection", async () => {
  const fake = await loadPrivateFake();
  const path = await Deno.makeTempFile({ prefix: "fakeiokit-trace-" });
  try {
    const symbols = fake.symbols;
    assert.equal(symbols.fakeiokit_open_trace(cString(path)), SUCCESS);
    const service = symbols.IOServiceGetMatchingService(
      0,
      symbols.IOServiceNameMatching(cString(DEFAULT_SERVICE)),
    );
    const connect = new Uint32Array(1);
    assert.equal(symbols.IOServiceOpen(service, symbols.mach_task_self_, 0, connect), SUCCESS);
    const parameters = new BigUint64Array([0x16c0n, 0x27dbn, 33n]);
    symbols.IOConnectCallScalarMethod(connect[0]!, 1, parameters, 3, null, null);
    symbols.IOConnectCallStructMethod(connect[0]!, 3, SHIFT_A, 67n, null, null);
    fake.close();
    assert.deepEqual(summary(await readTrace(path)).slice(-4), [
      `${connect[0]} release exit`,
      `${connect[0]} keyboard ${hex(EMPTY_KEYBOARD)}`,
      `${connect[0]} remove-devices`,
      "0 exit",
    ]);
  } finally {
    await Deno.remove(path);
  }
});

async function runChild(
  ending: "exit" | "return",
  environment: Record<string, string>,
): Promise<{ service: number; open: number; post: number; version: number; protocol: number }> {
  const child = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-ffi",
      new URL("./fake_iokit/child_client.ts", import.meta.url).pathname,
      fakeIokit,
      ending,
    ],
    env: environment,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(child.stderr);
  assert.equal(child.code, 0, stderr);
  assert.equal(stderr.includes("fakeiokit: ignoring"), false, stderr);
  return JSON.parse(new TextDecoder().decode(child.stdout));
}

for (const ending of ["exit", "return"] as const) {
  fakeIOKitTest(
    `a child process that ends by ${ending} with Shift+A held is released`,
    async () => {
      const path = await Deno.makeTempFile({ prefix: "fakeiokit-trace-" });
      try {
        const result = await runChild(ending, { FAKEIOKIT_TRACE: path });
        assert.equal(result.open, SUCCESS);
        assert.equal(result.post, SUCCESS);
        const lines = await readTrace(path);
        const events = summary(lines);
        const connection = lines.find((line) => line.event === "open")!.connection;
        assert.deepEqual(events.slice(-5), [
          `${connection} keyboard ${hex(SHIFT_A)}`,
          `${connection} release exit`,
          `${connection} keyboard ${hex(EMPTY_KEYBOARD)}`,
          `${connection} remove-devices`,
          "0 exit",
        ]);
        assert.notEqual(lines[0]!.pid, Deno.pid);
      } finally {
        await Deno.remove(path);
      }
    },
  );
}

fakeIOKitTest("environment variables configure a child process's fake", async () => {
  const refused = await runChild("exit", { FAKEIOKIT_OPEN_ERROR: "0xe00002e2" });
  assert.notEqual(refused.service, 0);
  assert.equal(refused.open, NOT_PERMITTED);

  const absent = await runChild("exit", { FAKEIOKIT_DRIVER_PRESENT: "0" });
  assert.equal(absent.service, 0);

  const renamed = await runChild("exit", { FAKEIOKIT_SERVICE_NAME: KARABINER_SERVICE });
  assert.equal(renamed.service, 0, "the child looks up the default name");

  const notReady = await runChild("exit", { FAKEIOKIT_READY_DELAY_MS: "never" });
  assert.equal(notReady.post, BUSY);

  const crashing = await runChild("exit", { FAKEIOKIT_CRASH_AFTER_CALLS: "2" });
  assert.equal(crashing.post, MACH_SEND_INVALID_DEST);

  const offline = await runChild("exit", {
    FAKEIOKIT_CRASH_AFTER_CALLS: "2",
    FAKEIOKIT_DEAD_DRIVER_CODE: "0xe00002d7",
    FAKEIOKIT_ASYNC_CLOSE: "1",
  });
  assert.equal(offline.post, 0xe00002d7, "kIOReturnOffline from the dead dext");

  const failing = await runChild("exit", { FAKEIOKIT_CALL_ERROR: `${ERROR}:1` });
  assert.equal(failing.post, NOT_OPEN, "initialize failed, the post reached the driver");
  assert.equal(failing.version, 100);

  const versions = await runChild("exit", {
    FAKEIOKIT_DRIVER_VERSION: "10800",
    FAKEIOKIT_PROTOCOL_VERSION: "0x2",
  });
  assert.equal(versions.version, 10800);
  assert.equal(versions.protocol, 2);

  const defaults = await runChild("exit", {});
  assert.deepEqual(defaults, {
    service: defaults.service,
    open: 0,
    post: 0,
    version: 100,
    protocol: 1,
  });
});

fakeIOKitTest("an invalid environment variable is reported and ignored", async () => {
  const child = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-ffi",
      new URL("./fake_iokit/child_client.ts", import.meta.url).pathname,
      fakeIokit,
      "exit",
    ],
    env: { FAKEIOKIT_READY_DELAY_MS: "soon", FAKEIOKIT_DEAD_DRIVER_CODE: "0xe00002bc" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(child.code, 0);
  assert.match(
    new TextDecoder().decode(child.stderr),
    /fakeiokit: ignoring FAKEIOKIT_READY_DELAY_MS=soon/,
  );
  assert.match(
    new TextDecoder().decode(child.stderr),
    /fakeiokit: ignoring FAKEIOKIT_DEAD_DRIVER_CODE=0xe00002bc: expected 0x10000003/,
  );
  assert.equal(JSON.parse(new TextDecoder().decode(child.stdout)).post, SUCCESS);
});
