/**
 * A minimal IOKit client that tests/fake_iokit_test.ts runs as a child process: it opens the
 * fake's driver, creates a keyboard, holds Shift+A and then ends without resetting or closing,
 * so the fake's exit hook has something to release.
 *
 * Usage: `deno run --allow-ffi tests/fake_iokit/child_client.ts <library> <exit|return>`.
 * `exit` ends with `Deno.exit(0)`, `return` by running off the end of the script. It prints one
 * JSON line: `{ "service", "open", "post", "version", "protocol" }`: the service handle, the
 * open and post results as unsigned 32-bit codes, then selector 0's and selector 10's first
 * output (-1 when the call failed).
 *
 * @module
 */
// deno-lint-ignore-file no-console

const [libraryPath, ending] = Deno.args;
if (libraryPath === undefined || (ending !== "exit" && ending !== "return")) {
  console.error("usage: child_client.ts <library> <exit|return>");
  Deno.exit(2);
}

const library = Deno.dlopen(
  libraryPath,
  {
    IOServiceNameMatching: { parameters: ["buffer"], result: "pointer" },
    IOServiceGetMatchingService: { parameters: ["u32", "pointer"], result: "u32" },
    IOServiceOpen: { parameters: ["u32", "u32", "u32", "buffer"], result: "i32" },
    IOConnectCallScalarMethod: {
      parameters: ["u32", "u32", "buffer", "u32", "buffer", "buffer"],
      result: "i32",
    },
    IOConnectCallStructMethod: {
      parameters: ["u32", "u32", "buffer", "usize", "buffer", "buffer"],
      result: "i32",
    },
    mach_task_self_: { type: "u32" },
  } as const,
);
const io = library.symbols;

const name = new TextEncoder().encode("dextkit_VirtualHIDDeviceRoot\0");
const service = io.IOServiceGetMatchingService(0, io.IOServiceNameMatching(name));
const connect = new Uint32Array(1);
const open = io.IOServiceOpen(service, io.mach_task_self_, 0, connect) >>> 0;
let post = -1;
let version = -1;
let protocol = -1;
if (open === 0) {
  const parameters = new BigUint64Array([0x16c0n, 0x27dbn, 33n]);
  io.IOConnectCallScalarMethod(connect[0]!, 1, parameters, 3, null, null);
  const shiftA = new Uint8Array(67);
  shiftA.set([1, 0x02, 0, 0x04]);
  post = io.IOConnectCallStructMethod(connect[0]!, 3, shiftA, 67n, null, null) >>> 0;
  const output = new BigUint64Array(3);
  const count = new Uint32Array([1]);
  if (io.IOConnectCallScalarMethod(connect[0]!, 0, null, 0, output, count) === 0) {
    version = Number(output[0]);
  }
  count[0] = 3;
  if (io.IOConnectCallScalarMethod(connect[0]!, 10, null, 0, output, count) === 0) {
    protocol = Number(output[0]);
  }
}
console.log(JSON.stringify({ service, open, post, version, protocol }));
if (ending === "exit") Deno.exit(0);
