/**
 * The FFI layer against the fake IOKit: loading, service lookup, open, scalar calls, structure
 * posts and close (lib/iokit).
 */
import assert from "node:assert/strict";
import { fakeIOKitTest } from "./fixtures/fake_iokit_rule.ts";
import { IOKitLoadError } from "../lib/iokit/iokit_errors.ts";
import { loadIOKitLibrary } from "../lib/iokit/iokit_library.ts";
import { findService } from "../lib/iokit/iokit_service.ts";
import { openDriver, readDriverInfo } from "../lib/iokit/open_driver.ts";
import { defaultIdentity } from "../lib/protocol/identity.ts";
import { Selector } from "../lib/protocol/selector.ts";
import { ExitCode } from "../lib/errors.ts";
import { keyboardBytes, loadFake } from "./fixtures/iokit_fake.ts";

const fake = await loadFake();
const controls = fake.controls;

fakeIOKitTest("iokit library: a missing library is a load error naming the path", () => {
  const path = "/nonexistent/libfakeiokit.so";
  assert.throws(() => loadIOKitLibrary({ path }), (error: unknown) => {
    assert.ok(error instanceof IOKitLoadError);
    assert.equal(error.exitCode, ExitCode.DeviceUnavailable);
    assert.ok(error.message.startsWith(`cannot load the IOKit library ${path}: `));
    assert.match(error.hint, /DEXTKIT_IOKIT_LIBRARY/);
    return true;
  });
});

fakeIOKitTest("iokit library: mach_task_self_ is read from the library", () => {
  assert.equal(fake.library.machTaskSelf, 0x203);
  assert.equal(loadIOKitLibrary({ path: fake.library.path }), fake.library);
});

fakeIOKitTest(
  "iokit service: lookup by name returns the running instance's 64-bit registry id",
  () => {
    controls.fakeiokit_reset();
    const service = findService(fake.library, defaultIdentity.serviceName);
    assert.ok(service !== undefined);
    assert.equal(service.registryEntryId, controls.fakeiokit_registry_entry_id());
    assert.ok(service.registryEntryId > 0xffff_ffffn);
    service.release();
    service.release();
    assert.equal(controls.fakeiokit_service_reference_count(), 0);
    assert.equal(findService(fake.library, "some_OtherRoot"), undefined);
    controls.fakeiokit_restart_driver();
    const restarted = findService(fake.library, defaultIdentity.serviceName);
    assert.ok(restarted !== undefined && restarted.registryEntryId > service.registryEntryId);
    restarted.release();
    controls.fakeiokit_set_driver_present(0);
    assert.equal(findService(fake.library, defaultIdentity.serviceName), undefined);
    assert.equal(controls.fakeiokit_service_reference_count(), 0);
  },
);

fakeIOKitTest("iokit connection: scalar calls fill the outputs and their count", () => {
  controls.fakeiokit_reset();
  const { connection, driver } = openDriver(fake.library, defaultIdentity);
  assert.deepEqual(driver, { driverVersion: 100, protocolVersion: 1, capabilities: 7 });
  assert.deepEqual(readDriverInfo(connection, defaultIdentity), driver);
  assert.equal(connection.callScalar(Selector.Capabilities, [], 3), 0);
  assert.equal(connection.scalarOutputCount, 3);
  assert.deepEqual([...connection.scalarOutput.subarray(0, 3)], [1n, 7n, 100n]);
  assert.equal(connection.callScalar(Selector.KeyboardInitialize, [0x16c0, 0x27dbn, 33], 0), 0);
  // dext/core checks the shapes: two scalars instead of three is refused.
  assert.equal(connection.callScalar(Selector.KeyboardInitialize, [1, 2], 0) >>> 0, 0xe00002c2);
  assert.throws(() => connection.callScalar(0, new Array(17).fill(0), 0), RangeError);
  assert.throws(() => connection.callScalar(0, [-1], 0), /not an unsigned 64-bit integer/);
  assert.throws(() => connection.callScalar(0, [2n ** 64n], 0), RangeError);
  assert.equal(connection.close(), 0);
  assert.equal(connection.closed, true);
  assert.equal(connection.close(), 0, "a second close does not reach IOKit");
  assert.equal(controls.fakeiokit_open_connection_count(), 0);
});

fakeIOKitTest("iokit connection: a structure post sends exactly the view's bytes", () => {
  controls.fakeiokit_reset();
  const { connection } = openDriver(fake.library, defaultIdentity);
  assert.equal(connection.callScalar(Selector.KeyboardInitialize, [0x16c0, 0x27db, 0], 0), 0);
  controls.fakeiokit_trace_clear();
  const backing = new Uint8Array(80).fill(0xee);
  const report = backing.subarray(5, 72);
  report.set(keyboardBytes(0x02, 0x04, 0x05));
  assert.equal(connection.postStruct(Selector.KeyboardPostReport, report), 0);
  assert.deepEqual(fake.reports().map((entry) => entry.bytes), [keyboardBytes(0x02, 0x04, 0x05)]);
  assert.equal(
    connection.postStruct(Selector.KeyboardPostReport, backing.subarray(5, 71)) >>> 0,
    0xe00002c2,
    "66 bytes of a 67-byte report are refused",
  );
  connection.close();
});

fakeIOKitTest("iokit connection: a dead connection answers MACH_SEND_INVALID_DEST", () => {
  controls.fakeiokit_reset();
  const { connection } = openDriver(fake.library, defaultIdentity);
  controls.fakeiokit_crash_driver();
  assert.equal(connection.callScalar(Selector.DriverVersion, [], 1), 0x10000003);
  assert.equal(connection.postStruct(Selector.KeyboardPostReport, new Uint8Array(67)), 0x10000003);
  connection.close();
  assert.equal(controls.fakeiokit_open_connection_count(), 0);
});
