import assert from "node:assert/strict";
import { installDriverProbe } from "../lib/cli/commands/install_driver_probe.ts";
import { defaultIdentity } from "../lib/protocol/identity.ts";
import { buildNative, privateFakeIokitLibrary } from "../scripts/build_native.ts";
import { CONTROL_SYMBOLS } from "./fixtures/iokit_fake.ts";
import {
  FAKE_IOKIT_AVAILABLE,
  fakeIOKitTest,
  unavailableFake,
} from "./fixtures/fake_iokit_rule.ts";

// install-dext's proof that the driver runs, through the doctor's probe over FFI, against a
// private copy of the fake IOKit library (tests/fake_iokit/README.md).
const path = FAKE_IOKIT_AVAILABLE
  ? await privateFakeIokitLibrary((await buildNative()).fakeIokit)
  : "";
const controls = FAKE_IOKIT_AVAILABLE
  ? Deno.dlopen(path, CONTROL_SYMBOLS).symbols
  : unavailableFake<Deno.DynamicLibrary<typeof CONTROL_SYMBOLS>["symbols"]>("the fake's controls");
const probe = installDriverProbe(
  defaultIdentity.bundleId,
  { DEXTKIT_IOKIT_LIBRARY: path },
  "linux",
);

fakeIOKitTest("install probe: the running driver answers with its versions", async () => {
  controls.fakeiokit_reset();
  assert.ok(probe !== undefined);
  assert.deepEqual(await probe(), {
    kind: "answered",
    driverVersion: defaultIdentity.driverVersion,
    protocolVersion: defaultIdentity.protocolVersion,
  });
});

fakeIOKitTest(
  "install probe: no service is absent; another protocol is a failed handshake",
  async () => {
    assert.ok(probe !== undefined);
    controls.fakeiokit_reset();
    controls.fakeiokit_set_driver_present(0);
    assert.deepEqual(await probe(), { kind: "absent" });
    controls.fakeiokit_reset();
    controls.fakeiokit_set_protocol_version(99);
    const answer = await probe();
    assert.equal(answer.kind, "failed");
    if (answer.kind === "failed") assert.match(answer.hint, /restart the Mac/);
    controls.fakeiokit_reset();
  },
);

fakeIOKitTest(
  "install probe: none for a driver whose registry name is unknown; IOKit missing is said",
  async () => {
    assert.equal(installDriverProbe("com.example.other", {}, "darwin"), undefined);
    const linux = installDriverProbe(defaultIdentity.bundleId, {}, "linux");
    assert.equal((await linux?.())?.kind, "unavailable");
  },
);

// The probe loads the library by path on its first use, so the copy stays until the module ends.
if (FAKE_IOKIT_AVAILABLE) globalThis.addEventListener("unload", () => Deno.removeSync(path));
