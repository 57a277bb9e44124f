// lib/protocol: selectors and shapes, reports, versions, identities, compatibility, return codes,
// keyboard parameters; and the generated C header (fresh, compiles as C and C++, same values).
import assert from "node:assert/strict";
import fc from "fast-check";
import { ExitCode } from "../lib/errors.ts";
import {
  KEYBOARD_REPORT_DESCRIPTOR,
  POINTING_REPORT_DESCRIPTOR,
} from "../lib/hid/report_descriptors.ts";
import {
  Capability,
  checkDriverCompatibility,
  defaultIdentity,
  DRIVER_CAPABILITIES,
  DRIVER_RETURNS,
  DRIVER_VERSION,
  DRIVER_VERSION_NUMBER,
  DriverReturn,
  formatVersion,
  IDENTITY_PRESETS,
  identityPreset,
  IncompatibleDriverError,
  InvalidIdentityError,
  InvalidKeyboardParametersError,
  InvalidVersionError,
  isCompatibleDriver,
  karabinerIdentity,
  KEYBOARD_INPUT_REPORTS,
  keyboardInputReportSize,
  LED_STATE_MASK,
  LedBit,
  parseVersion,
  PROTOCOL_VERSION,
  ReportId,
  ReportSize,
  Selector,
  SELECTOR_COUNT,
  SELECTOR_SHAPES,
  UnknownIdentityPresetError,
  validateIdentity,
  validateKeyboardParameters,
} from "../lib/protocol/mod.ts";
import { PROTOCOL_HEADER_PATH, renderProtocolHeader } from "../scripts/generate_protocol_header.ts";

const ROOT = new URL("..", import.meta.url).pathname;

// ---- selectors ----

Deno.test("selectors 0-8 are numbered like the established driver, ours from 9", () => {
  assert.deepEqual(Selector, {
    DriverVersion: 0,
    KeyboardInitialize: 1,
    KeyboardReady: 2,
    KeyboardPostReport: 3,
    KeyboardReset: 4,
    PointingInitialize: 5,
    PointingReady: 6,
    PointingPostReport: 7,
    PointingReset: 8,
    KeyboardLedState: 9,
    Capabilities: 10,
  });
  assert.equal(SELECTOR_COUNT, 11);
});

Deno.test("the shape table lists every selector at its index with its exact shape", () => {
  const expected: [number, number, string][] = [
    [0, 1, "none"],
    [3, 0, "none"],
    [0, 1, "none"],
    [0, 0, "keyboard-report"],
    [0, 0, "none"],
    [0, 0, "none"],
    [0, 1, "none"],
    [0, 0, "pointing-report"],
    [0, 0, "none"],
    [0, 1, "none"],
    [0, 3, "none"],
  ];
  assert.equal(SELECTOR_SHAPES.length, SELECTOR_COUNT);
  SELECTOR_SHAPES.forEach((shape, index) => {
    assert.equal(shape.selector, index);
    assert.equal(Selector[shape.name], index);
    assert.deepEqual(
      [shape.scalarInputCount, shape.scalarOutputCount, shape.structInput],
      expected[index],
    );
  });
});

// ---- reports ----

Deno.test("selector 3 accepts ids 1, 2, 3, 4, 7 at exactly 67, 65, 65, 65, 65 bytes", () => {
  assert.deepEqual(
    KEYBOARD_INPUT_REPORTS.map((report) => [report.id, report.size]),
    [[1, 67], [2, 65], [3, 65], [4, 65], [7, 65]],
  );
  const sizes = new Map([[1, 67], [2, 65], [3, 65], [4, 65], [7, 65]]);
  for (let id = 0; id < 256; id++) assert.equal(keyboardInputReportSize(id), sizes.get(id));
  assert.equal(ReportSize.Pointing, 8);
  assert.equal(ReportId.LedOutput, 5);
});

Deno.test("LED bits: Num Lock is bit 0, Caps Lock bit 1", () => {
  assert.equal(LedBit.NumLock, 1);
  assert.equal(LedBit.CapsLock, 2);
  assert.equal(LED_STATE_MASK, 3);
});

// ---- versions ----

Deno.test("versions fold as a*10000 + b*100 + c", () => {
  assert.equal(parseVersion("1.8.0"), 10800);
  assert.equal(parseVersion("7.3.0"), 70300);
  assert.equal(parseVersion("0.0.0"), 0);
  assert.equal(parseVersion("12.34.56"), 123456);
  assert.equal(parseVersion("429496.72.95"), 0xffff_ffff);
  assert.equal(formatVersion(10800), "1.8.0");
  assert.equal(formatVersion(123456), "12.34.56");
  assert.equal(formatVersion(0xffff_ffff), "429496.72.95");
  assert.equal(DRIVER_VERSION_NUMBER, parseVersion(DRIVER_VERSION));
});

Deno.test("parseVersion and formatVersion are inverses", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 429495 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      (major, minor, patch) => {
        const text = `${major}.${minor}.${patch}`;
        const number = parseVersion(text);
        assert.equal(number, major * 10000 + minor * 100 + patch);
        assert.equal(formatVersion(number), text);
      },
    ),
  );
});

Deno.test("malformed versions are usage errors naming the value", () => {
  for (
    const bad of [
      "1.8",
      "1.8.0.0",
      "01.8.0",
      "1.08.0",
      "1.100.0",
      "1.8.-1",
      "",
      "a.b.c",
      " 1.8.0",
      "429496.72.96",
    ]
  ) {
    assert.throws(() => parseVersion(bad), (error: unknown) => {
      assert.ok(error instanceof InvalidVersionError);
      assert.equal(error.exitCode, ExitCode.Usage);
      assert.ok(error.message.includes(JSON.stringify(bad)), error.message);
      assert.notEqual(error.hint, "");
      return true;
    });
  }
  for (const bad of [-1, 1.5, 2 ** 32, Number.NaN]) {
    assert.throws(() => formatVersion(bad), InvalidVersionError);
  }
});

// ---- identity ----

Deno.test("the default identity and the established driver's preset", () => {
  assert.deepEqual({ ...defaultIdentity }, {
    name: "dextkit",
    serviceName: "dextkit_VirtualHIDDeviceRoot",
    bundleId: "dev.dextkit.VirtualHIDDevice",
    driverVersion: DRIVER_VERSION_NUMBER,
    protocolVersion: PROTOCOL_VERSION,
  });
  assert.deepEqual({ ...karabinerIdentity }, {
    name: "karabiner",
    serviceName: "org_pqrs_Karabiner_DriverKit_VirtualHIDDeviceRoot",
    bundleId: "org.pqrs.Karabiner-DriverKit-VirtualHIDDevice",
    driverVersion: 10800,
    protocolVersion: null,
  });
  assert.equal(identityPreset("dextkit"), defaultIdentity);
  assert.equal(identityPreset("karabiner"), karabinerIdentity);
  assert.ok(Object.isFrozen(defaultIdentity));
  assert.ok(Object.isFrozen(IDENTITY_PRESETS));
});

Deno.test("an unknown preset suggests the closest names", () => {
  assert.throws(() => identityPreset("karabinr"), (error: unknown) => {
    assert.ok(error instanceof UnknownIdentityPresetError);
    assert.equal(error.exitCode, ExitCode.Usage);
    assert.match(error.message, /"karabinr"/);
    assert.match(error.hint, /"karabiner"/);
    return true;
  });
  assert.throws(() => identityPreset("toString"), UnknownIdentityPresetError);
  assert.throws(() => identityPreset("zzzzzzzzzzzz"), (error: unknown) => {
    assert.ok(error instanceof UnknownIdentityPresetError);
    assert.match(error.hint, /dextkit, karabiner/);
    return true;
  });
});

Deno.test("validateIdentity accepts custom drivers and names the bad field", () => {
  const custom = {
    ...defaultIdentity,
    name: "mine",
    serviceName: "com_example_Root",
    bundleId: "com.example.hid-driver",
  };
  assert.equal(validateIdentity(custom), custom);
  assert.equal(validateIdentity(karabinerIdentity), karabinerIdentity);
  const bad: [Partial<typeof custom>, string][] = [
    [{ serviceName: "" }, "serviceName"],
    [{ serviceName: "has space" }, "serviceName"],
    [{ serviceName: "9starts_with_digit" }, "serviceName"],
    [{ serviceName: "a".repeat(128) }, "serviceName"],
    [{ bundleId: "nodots" }, "bundleId"],
    [{ bundleId: "com..example" }, "bundleId"],
    [{ driverVersion: -1 }, "driverVersion"],
    [{ driverVersion: 2 ** 32 }, "driverVersion"],
    [{ protocolVersion: 1.5 }, "protocolVersion"],
  ];
  assert.equal(validateIdentity({ ...custom, serviceName: "a".repeat(127) }).name, "mine");
  for (const [change, field] of bad) {
    assert.throws(() => validateIdentity({ ...custom, ...change }), (error: unknown) => {
      assert.ok(error instanceof InvalidIdentityError);
      assert.equal(error.exitCode, ExitCode.Usage);
      assert.ok(error.message.includes(field), error.message);
      return true;
    });
  }
});

// ---- compatibility ----

Deno.test("dextkit's driver is compatible when the protocol versions match", () => {
  const driver = { driverVersion: 500, protocolVersion: PROTOCOL_VERSION, capabilities: 7 };
  assert.ok(isCompatibleDriver(defaultIdentity, driver));
  assert.ok(!isCompatibleDriver(defaultIdentity, { ...driver, protocolVersion: 2 }));
  assert.ok(!isCompatibleDriver(defaultIdentity, { ...driver, protocolVersion: null }));
  assert.doesNotThrow(() => checkDriverCompatibility(defaultIdentity, driver));
});

Deno.test("the established driver is compatible only at the exact driver version", () => {
  const driver = { driverVersion: 10800, protocolVersion: null, capabilities: 0 };
  assert.ok(isCompatibleDriver(karabinerIdentity, driver));
  assert.ok(!isCompatibleDriver(karabinerIdentity, { ...driver, driverVersion: 10700 }));
});

Deno.test("an incompatible driver asks for a reboot and says what it found", () => {
  const cases: [typeof defaultIdentity, number, number | null, RegExp][] = [
    [defaultIdentity, 200, 2, /0\.2\.0 speaks protocol 2; this client needs protocol 1/],
    [defaultIdentity, 10800, null, /1\.8\.0 does not report a protocol version/],
    [karabinerIdentity, 10700, null, /1\.7\.0 is running but this client expects 1\.8\.0/],
  ];
  for (const [identity, driverVersion, protocolVersion, message] of cases) {
    const driver = { driverVersion, protocolVersion, capabilities: 0 };
    assert.throws(() => checkDriverCompatibility(identity, driver), (error: unknown) => {
      assert.ok(error instanceof IncompatibleDriverError);
      assert.equal(error.exitCode, ExitCode.RebootRequired);
      assert.match(error.message, message);
      assert.ok(error.message.includes(identity.serviceName));
      assert.match(error.hint, /reboot/);
      assert.equal(error.driver, driver);
      return true;
    });
  }
});

// ---- return codes, capabilities, keyboard parameters ----

Deno.test("driver return codes are IOReturn.h's values", () => {
  assert.deepEqual(DriverReturn, {
    Success: 0,
    BadArgument: 0xe00002c2,
    Unsupported: 0xe00002c7,
    NotOpen: 0xe00002cd,
    StillOpen: 0xe00002d2,
    Busy: 0xe00002d5,
    NotAttached: 0xe00002d9,
  });
  assert.deepEqual(
    DRIVER_RETURNS.map((entry) => [entry.key, entry.code, entry.ioKitName]),
    Object.entries(DriverReturn).map(([key, code]) => [key, code, `kIOReturn${key}`]),
  );
});

Deno.test("capability bits", () => {
  assert.deepEqual(Capability, { LedState: 1, ReleaseOnClose: 2, StrictValidation: 4 });
  assert.equal(DRIVER_CAPABILITIES, 7);
});

Deno.test("keyboard parameters: 16-bit ids and an 8-bit country code", () => {
  const us = { vendorId: 0x16c0, productId: 0x27db, countryCode: 33 };
  assert.equal(validateKeyboardParameters(us), us);
  validateKeyboardParameters({ vendorId: 0xffff, productId: 0xffff, countryCode: 0xff });
  const bad: [Partial<typeof us>, string][] = [
    [{ vendorId: 0x10000 }, "vendorId"],
    [{ productId: -1 }, "productId"],
    [{ countryCode: 256 }, "countryCode"],
    [{ countryCode: 1.5 }, "countryCode"],
  ];
  for (const [change, field] of bad) {
    assert.throws(() => validateKeyboardParameters({ ...us, ...change }), (error: unknown) => {
      assert.ok(error instanceof InvalidKeyboardParametersError);
      assert.equal(error.exitCode, ExitCode.Usage);
      assert.ok(error.message.startsWith(`keyboard ${field} `), error.message);
      return true;
    });
  }
});

// ---- the generated header ----

Deno.test("the committed protocol header is up to date", async () => {
  const committed = await Deno.readTextFile(`${ROOT}${PROTOCOL_HEADER_PATH}`);
  assert.ok(
    committed === renderProtocolHeader(),
    `${PROTOCOL_HEADER_PATH} is stale: run deno run --allow-read --allow-write scripts/generate_protocol_header.ts`,
  );
});

Deno.test("the header says it is generated and how to regenerate it", () => {
  const header = renderProtocolHeader();
  assert.match(header, /GENERATED FILE, DO NOT EDIT/);
  assert.match(header, /deno run --allow-read --allow-write scripts\/generate_protocol_header\.ts/);
  assert.match(header, /#ifndef DEXTKIT_PROTOCOL_H\n#define DEXTKIT_PROTOCOL_H\n/);
  assert.ok(header.endsWith("#endif /* DEXTKIT_PROTOCOL_H */\n"));
});

async function compiler(command: string, args: string[]): Promise<string> {
  const result = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" })
    .output();
  const stderr = new TextDecoder().decode(result.stderr);
  assert.ok(result.success, `${command} ${args.join(" ")}\n${stderr}`);
  return new TextDecoder().decode(result.stdout);
}

Deno.test("the header compiles alone as C11 and C++17", async () => {
  const header = `${ROOT}${PROTOCOL_HEADER_PATH}`;
  await compiler("gcc", ["-std=c11", "-fsyntax-only", "-x", "c", header]);
  await compiler("g++", ["-std=c++17", "-fsyntax-only", "-x", "c++", header]);
});

// A C program that prints what the header defines, compared below with lib/protocol.
const HEADER_DUMP = `
#include <stdio.h>
#include "dextkit/protocol.h"

static void bytes(const char* name, const uint8_t* data, size_t size) {
    printf("%s", name);
    for (size_t i = 0; i < size; ++i) printf(" %u", data[i]);
    printf("\\n");
}

int main(void) {
    printf("protocol %u\\n", DEXTKIT_PROTOCOL_VERSION);
    printf("driver %u %s\\n", DEXTKIT_DRIVER_VERSION_NUMBER, DEXTKIT_DRIVER_VERSION_STRING);
    printf("identity %s %s\\n", DEXTKIT_SERVICE_NAME, DEXTKIT_BUNDLE_ID);
    printf("karabiner %s %s %u\\n", DEXTKIT_KARABINER_SERVICE_NAME, DEXTKIT_KARABINER_BUNDLE_ID,
           DEXTKIT_KARABINER_DRIVER_VERSION_NUMBER);
    printf("capabilities %u %u %u %u\\n", DEXTKIT_CAPABILITY_LED_STATE,
           DEXTKIT_CAPABILITY_RELEASE_ON_CLOSE, DEXTKIT_CAPABILITY_STRICT_VALIDATION,
           DEXTKIT_DRIVER_CAPABILITIES);
    printf("returns %u %u %u %u %u %u %u\\n", (uint32_t)DEXTKIT_RETURN_SUCCESS,
           (uint32_t)DEXTKIT_RETURN_BAD_ARGUMENT, (uint32_t)DEXTKIT_RETURN_UNSUPPORTED,
           (uint32_t)DEXTKIT_RETURN_NOT_OPEN, (uint32_t)DEXTKIT_RETURN_STILL_OPEN,
           (uint32_t)DEXTKIT_RETURN_BUSY, (uint32_t)DEXTKIT_RETURN_NOT_ATTACHED);
    printf("selectors %u %u %u %u %u %u %u %u %u %u %u %u\\n", DEXTKIT_SELECTOR_DRIVER_VERSION,
           DEXTKIT_SELECTOR_KEYBOARD_INITIALIZE, DEXTKIT_SELECTOR_KEYBOARD_READY,
           DEXTKIT_SELECTOR_KEYBOARD_POST_REPORT, DEXTKIT_SELECTOR_KEYBOARD_RESET,
           DEXTKIT_SELECTOR_POINTING_INITIALIZE, DEXTKIT_SELECTOR_POINTING_READY,
           DEXTKIT_SELECTOR_POINTING_POST_REPORT, DEXTKIT_SELECTOR_POINTING_RESET,
           DEXTKIT_SELECTOR_KEYBOARD_LED_STATE, DEXTKIT_SELECTOR_CAPABILITIES,
           DEXTKIT_SELECTOR_COUNT);
    for (unsigned i = 0; i < DEXTKIT_SELECTOR_COUNT; ++i) {
        printf("shape %u %u %u %u\\n", i, dextkit_selector_shapes[i].scalar_input_count,
               dextkit_selector_shapes[i].scalar_output_count, dextkit_selector_shapes[i].struct_input);
    }
    bytes("keyboard-sizes", dextkit_keyboard_input_report_sizes, DEXTKIT_REPORT_ID_LIMIT);
    bytes("keyboard-ids", dextkit_keyboard_input_report_ids, DEXTKIT_KEYBOARD_INPUT_REPORT_COUNT);
    printf("report-sizes %zu %zu %zu %zu\\n", sizeof(dextkit_keyboard_input_report),
           sizeof(dextkit_array_input_report), sizeof(dextkit_pointing_input_report),
           sizeof(dextkit_led_report));
    printf("limits %u %u %u %u %u\\n", DEXTKIT_KEYBOARD_VENDOR_ID_MAX,
           DEXTKIT_KEYBOARD_PRODUCT_ID_MAX, DEXTKIT_KEYBOARD_COUNTRY_CODE_MAX,
           DEXTKIT_LED_STATE_MASK, DEXTKIT_MAX_SCALAR_OUTPUT_COUNT);
    bytes("keyboard-descriptor", dextkit_keyboard_report_descriptor,
          DEXTKIT_KEYBOARD_REPORT_DESCRIPTOR_SIZE);
    bytes("pointing-descriptor", dextkit_pointing_report_descriptor,
          DEXTKIT_POINTING_REPORT_DESCRIPTOR_SIZE);
    return 0;
}
`;

Deno.test("the header's values, compiled as C and C++, equal lib/protocol's", async () => {
  const directory = await Deno.makeTempDir({ prefix: "protocol-header-" });
  try {
    await Deno.writeTextFile(`${directory}/dump.c`, HEADER_DUMP);
    await Deno.writeTextFile(`${directory}/dump.cpp`, HEADER_DUMP);
    const include = `-I${ROOT}dext/include`;
    const strict = ["-Wall", "-Wextra", "-pedantic", "-Werror", include];
    await compiler("gcc", ["-std=c11", ...strict, `${directory}/dump.c`, "-o", `${directory}/c`]);
    await compiler("g++", [
      "-std=c++17",
      ...strict,
      `${directory}/dump.cpp`,
      "-o",
      `${directory}/cpp`,
    ]);
    const fromC = await compiler(`${directory}/c`, []);
    assert.equal(await compiler(`${directory}/cpp`, []), fromC, "C and C++ agree");

    const values = new Map(
      fromC.trim().split("\n").map((line) => {
        const [key, ...rest] = line.split(" ");
        return [key === "shape" ? `shape ${rest.shift()}` : key!, rest.join(" ")];
      }),
    );
    const numbers = (key: string) => values.get(key)!.split(" ").map(Number);
    assert.equal(values.get("protocol"), `${PROTOCOL_VERSION}`);
    assert.equal(values.get("driver"), `${DRIVER_VERSION_NUMBER} ${DRIVER_VERSION}`);
    assert.equal(
      values.get("identity"),
      "dextkit_VirtualHIDDeviceRoot dev.dextkit.VirtualHIDDevice",
    );
    assert.equal(
      values.get("karabiner"),
      "org_pqrs_Karabiner_DriverKit_VirtualHIDDeviceRoot org.pqrs.Karabiner-DriverKit-VirtualHIDDevice 10800",
    );
    assert.deepEqual(numbers("capabilities"), [1, 2, 4, 7]);
    assert.deepEqual(numbers("returns"), [
      0,
      0xe00002c2,
      0xe00002c7,
      0xe00002cd,
      0xe00002d2,
      0xe00002d5,
      0xe00002d9,
    ]);
    assert.deepEqual(numbers("selectors"), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const kinds = { "none": 0, "keyboard-report": 1, "pointing-report": 2 };
    for (const shape of SELECTOR_SHAPES) {
      assert.deepEqual(numbers(`shape ${shape.selector}`), [
        shape.scalarInputCount,
        shape.scalarOutputCount,
        kinds[shape.structInput],
      ]);
    }
    assert.deepEqual(numbers("keyboard-sizes"), [0, 67, 65, 65, 65, 0, 0, 65]);
    assert.deepEqual(numbers("keyboard-ids"), [1, 2, 3, 4, 7]);
    assert.deepEqual(numbers("report-sizes"), [67, 65, 8, 2]);
    assert.deepEqual(numbers("limits"), [0xffff, 0xffff, 0xff, 3, 3]);
    assert.deepEqual(numbers("keyboard-descriptor"), Array.from(KEYBOARD_REPORT_DESCRIPTOR));
    assert.deepEqual(numbers("pointing-descriptor"), Array.from(POINTING_REPORT_DESCRIPTOR));
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});
