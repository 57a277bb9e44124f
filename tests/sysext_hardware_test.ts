import assert from "node:assert/strict";
import { parseHardwareOverview } from "../lib/sysext/hardware_overview.ts";
import { OutputParseError } from "../lib/sysext/output_parse_error.ts";
import { pipelineFixture } from "./fixtures/pipeline/pipeline_harness.ts";

Deno.test("system_profiler SPHardwareDataType: Apple silicon has a Provisioning UDID", () => {
  assert.deepEqual(
    parseHardwareOverview(pipelineFixture("system_profiler_hardware_apple_silicon.txt")),
    {
      provisioningUdid: "00008103-000A1B2C3D4E5F60",
      hardwareUuid: "6A1B2C3D-4E5F-5061-7283-94A5B6C7D8E9",
    },
  );
});

Deno.test("system_profiler SPHardwareDataType: an Intel Mac is provisioned by its Hardware UUID", () => {
  const mac = parseHardwareOverview(pipelineFixture("system_profiler_hardware_intel.txt"));
  assert.equal(mac.provisioningUdid, "4C4C4544-0042-3910-8058-B7C04F385A31");
  assert.throws(
    () => parseHardwareOverview("Hardware:\n\n    Hardware Overview:\n\n      Memory: 8 GB\n"),
    (error: unknown) =>
      error instanceof OutputParseError && /neither a "Provisioning UDID:"/.test(error.message),
  );
});
