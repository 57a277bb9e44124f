/** The IOReturn / kern_return_t table and its decoder (lib/iokit/io_return.ts). */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  describeIOReturn,
  formatIOReturn,
  InvalidIOReturnError,
  IO_RETURN_CODES,
  ioReturnLabel,
  toUnsignedIOReturn,
} from "../lib/iokit/io_return.ts";
import { isConnectionLost } from "../lib/iokit/iokit_errors.ts";
import { DRIVER_RETURNS } from "../lib/protocol/driver_return.ts";
import { ExitCode } from "../lib/errors.ts";

// Appendix A of macos-tooling-reference.md (computed there from xnu IOReturn.h), verbatim.
const APPENDIX_A: readonly [string, number][] = [
  ["kIOReturnSuccess", 0x00000000],
  ["kIOReturnError", 0xe00002bc],
  ["kIOReturnNoMemory", 0xe00002bd],
  ["kIOReturnNoResources", 0xe00002be],
  ["kIOReturnIPCError", 0xe00002bf],
  ["kIOReturnNoDevice", 0xe00002c0],
  ["kIOReturnNotPrivileged", 0xe00002c1],
  ["kIOReturnBadArgument", 0xe00002c2],
  ["kIOReturnLockedRead", 0xe00002c3],
  ["kIOReturnLockedWrite", 0xe00002c4],
  ["kIOReturnExclusiveAccess", 0xe00002c5],
  ["kIOReturnBadMessageID", 0xe00002c6],
  ["kIOReturnUnsupported", 0xe00002c7],
  ["kIOReturnVMError", 0xe00002c8],
  ["kIOReturnInternalError", 0xe00002c9],
  ["kIOReturnIOError", 0xe00002ca],
  ["kIOReturnCannotLock", 0xe00002cc],
  ["kIOReturnNotOpen", 0xe00002cd],
  ["kIOReturnNotReadable", 0xe00002ce],
  ["kIOReturnNotWritable", 0xe00002cf],
  ["kIOReturnNotAligned", 0xe00002d0],
  ["kIOReturnBadMedia", 0xe00002d1],
  ["kIOReturnStillOpen", 0xe00002d2],
  ["kIOReturnRLDError", 0xe00002d3],
  ["kIOReturnDMAError", 0xe00002d4],
  ["kIOReturnBusy", 0xe00002d5],
  ["kIOReturnTimeout", 0xe00002d6],
  ["kIOReturnOffline", 0xe00002d7],
  ["kIOReturnNotReady", 0xe00002d8],
  ["kIOReturnNotAttached", 0xe00002d9],
  ["kIOReturnNoChannels", 0xe00002da],
  ["kIOReturnNoSpace", 0xe00002db],
  ["kIOReturnPortExists", 0xe00002dd],
  ["kIOReturnCannotWire", 0xe00002de],
  ["kIOReturnNoInterrupt", 0xe00002df],
  ["kIOReturnNoFrames", 0xe00002e0],
  ["kIOReturnMessageTooLarge", 0xe00002e1],
  ["kIOReturnNotPermitted", 0xe00002e2],
  ["kIOReturnNoPower", 0xe00002e3],
  ["kIOReturnNoMedia", 0xe00002e4],
  ["kIOReturnUnformattedMedia", 0xe00002e5],
  ["kIOReturnUnsupportedMode", 0xe00002e6],
  ["kIOReturnUnderrun", 0xe00002e7],
  ["kIOReturnOverrun", 0xe00002e8],
  ["kIOReturnDeviceError", 0xe00002e9],
  ["kIOReturnNoCompletion", 0xe00002ea],
  ["kIOReturnAborted", 0xe00002eb],
  ["kIOReturnNoBandwidth", 0xe00002ec],
  ["kIOReturnNotResponding", 0xe00002ed],
  ["kIOReturnIsoTooOld", 0xe00002ee],
  ["kIOReturnIsoTooNew", 0xe00002ef],
  ["kIOReturnNotFound", 0xe00002f0],
  ["kIOReturnInvalid", 0xe0000001],
];

// mach/kern_return.h, mach/message.h, mach/mig_errors.h.
const MACH: readonly [string, number][] = [
  ["KERN_INVALID_ARGUMENT", 4],
  ["KERN_FAILURE", 5],
  ["KERN_NO_ACCESS", 8],
  ["KERN_INVALID_NAME", 15],
  ["KERN_INVALID_RIGHT", 17],
  ["KERN_INVALID_CAPABILITY", 20],
  ["MACH_SEND_INVALID_DEST", 0x10000003],
  ["MACH_SEND_TIMED_OUT", 0x10000004],
  ["MACH_RCV_TIMED_OUT", 0x10004003],
  ["MIG_BAD_ARGUMENTS", 0xfffffed0],
  ["MIG_SERVER_DIED", 0xfffffecc],
];

Deno.test("io_return: every Appendix A and Mach code has its documented name", () => {
  for (const [name, code] of [...APPENDIX_A, ...MACH]) {
    assert.equal(describeIOReturn(code).name, name, formatIOReturn(code));
  }
  assert.equal(APPENDIX_A.length, 53);
});

Deno.test("io_return: names and codes are unique, codes are unsigned 32-bit, texts non-empty", () => {
  const names = IO_RETURN_CODES.flatMap((entry) => [entry.name, ...(entry.aliases ?? [])]);
  assert.equal(new Set(names).size, names.length);
  assert.equal(new Set(IO_RETURN_CODES.map((entry) => entry.code)).size, IO_RETURN_CODES.length);
  for (const entry of IO_RETURN_CODES) {
    assert.ok(Number.isInteger(entry.code) && entry.code >= 0 && entry.code <= 0xffffffff);
    assert.ok(entry.meaning.length > 0 && entry.action.length > 0, entry.name);
  }
  assert.deepEqual(IO_RETURN_CODES.find((entry) => entry.code === 0)?.aliases, ["KERN_SUCCESS"]);
});

Deno.test("io_return: a signed FFI result and its unsigned reading describe the same code", () => {
  const signed = describeIOReturn(-536870174);
  const unsigned = describeIOReturn(0xe00002e2);
  assert.deepEqual(signed, unsigned);
  assert.equal(signed.code, 0xe00002e2);
  assert.equal(signed.signed, -536870174);
  assert.equal(signed.hex, "0xe00002e2");
  assert.equal(signed.name, "kIOReturnNotPermitted");
  assert.match(signed.action, /userclient-access/);
  assert.match(signed.action, /allow-any-userclient-access/);
  assert.equal(formatIOReturn(0), "0x00000000");
  assert.equal(formatIOReturn(0x10000003), "0x10000003");
  assert.equal(ioReturnLabel(-536870212), "kIOReturnError (0xe00002bc)");
});

Deno.test("io_return: the driver's own codes carry the driver's reason", () => {
  for (const entry of DRIVER_RETURNS) {
    const description = describeIOReturn(entry.code);
    assert.equal(description.name, entry.ioKitName);
    assert.equal(description.driverReason, entry.when);
  }
  assert.equal(describeIOReturn(0xe00002bd).driverReason, undefined);
});

Deno.test("io_return: unknown codes are decoded into system, subsystem and code", () => {
  assert.equal(describeIOReturn(0xe0004051).meaning, "unknown IOKit USB code 0x51");
  assert.equal(describeIOReturn(0xe3ff8001).meaning, "unknown IOKit vendor specific code 0x1");
  assert.equal(describeIOReturn(0xe00002ff).meaning, "unknown IOKit common code 0x2ff");
  assert.equal(describeIOReturn(0x10000099).meaning, "unknown Mach IPC subsystem 0x0 code 0x99");
  assert.equal(describeIOReturn(0x0c000001).meaning, "unknown system 0x3 subsystem 0x0 code 0x1");
  assert.equal(describeIOReturn(0xe0004051).name, undefined);
  assert.equal(ioReturnLabel(0xe0004051), "0xe0004051");
});

Deno.test("io_return: any 32-bit value round-trips through both readings", () => {
  fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), (value) => {
    const description = describeIOReturn(value);
    assert.equal(description.code, value >>> 0);
    assert.equal(description.signed, value | 0);
    assert.match(description.hex, /^0x[0-9a-f]{8}$/);
    assert.equal(Number.parseInt(description.hex.slice(2), 16), value >>> 0);
    assert.deepEqual(describeIOReturn(description.signed), description);
  }));
});

Deno.test("io_return: values that are not 32-bit codes are usage errors naming the value", () => {
  for (const value of [1.5, 2 ** 32, -(2 ** 31) - 1, Number.NaN, Infinity]) {
    assert.throws(() => toUnsignedIOReturn(value), (error: unknown) => {
      assert.ok(error instanceof InvalidIOReturnError);
      assert.equal(error.exitCode, ExitCode.Usage);
      assert.ok(error.message.startsWith(`${value} is not`));
      assert.match(error.hint, /0xe00002e2/);
      return true;
    });
  }
});

Deno.test("io_return: dead-port codes mean reconnect, refusals do not", () => {
  // 0xe00002d7, 0xe00002bf, 0xe00002d8: kIOReturnOffline, IPCError, NotReady from a dead dext
  // (macos-corrections.md item 3).
  for (
    const code of [
      0x10000003,
      0xe00002d9,
      0xe00002eb,
      -536870183,
      17,
      0xe00002d7,
      0xe00002bf,
      0xe00002d8,
    ]
  ) {
    assert.ok(isConnectionLost(code), formatIOReturn(code));
  }
  // 0xe00002d5: kIOReturnBusy, dext/core's "not started yet".
  for (const code of [0, 0xe00002c2, 0xe00002e2, 0xe00002d5, 0xe00002bc]) {
    assert.ok(!isConnectionLost(code), formatIOReturn(code));
  }
});
