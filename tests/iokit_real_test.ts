// The FFI against the real IOKit, on macOS only (the CI's macOS job): the bindings of
// lib/iokit load the IOKit framework and libSystem, and looking up a service that does not exist
// returns none without crashing. Everywhere else the fake IOKit stands in (fake_iokit_rule.ts).
import assert from "node:assert/strict";
import { loadIOKitLibrary, MACOS_IOKIT_PATH } from "../lib/iokit/iokit_library.ts";
import { findService } from "../lib/iokit/iokit_service.ts";
import { openDriver } from "../lib/iokit/open_driver.ts";
import { DriverNotFoundError } from "../lib/iokit/iokit_errors.ts";
import { defaultIdentity } from "../lib/protocol/identity.ts";

const ON_MACOS = Deno.build.os === "darwin";
const NONEXISTENT = `dextkit_NoSuchService_${Deno.pid}`;

Deno.test({
  name: "real IOKit: a service that does not exist is not found, and nothing crashes",
  ignore: !ON_MACOS,
  fn() {
    const library = loadIOKitLibrary({ env: { get: () => undefined } });
    assert.equal(library.path, MACOS_IOKIT_PATH);
    assert.ok(library.machTaskSelf !== 0, "mach_task_self_ is a port name");
    assert.equal(findService(library, NONEXISTENT), undefined);
    assert.throws(
      () => openDriver(library, { ...defaultIdentity, serviceName: NONEXISTENT }),
      DriverNotFoundError,
    );
  },
});
