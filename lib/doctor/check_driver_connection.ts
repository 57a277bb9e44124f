/**
 * Doctor check `driver-connection`: the driver is reachable over IOKit the way a client uses it —
 * its service is in the IORegistry, IOServiceOpen succeeds (a failure code is explained), it
 * reports a version this client can use, and its virtual keyboard and pointing device become
 * ready. Runs on macOS, and elsewhere against a stand-in library named by
 * `DEXTKIT_IOKIT_LIBRARY` (the fake IOKit of the tests).
 *
 * @module
 */
import { describeIOReturn, ioReturnLabel } from "../iokit/io_return.ts";
import { Capability } from "../protocol/capability.ts";
import type { DriverInfo } from "../protocol/compatibility.ts";
import { type CheckOutcome, type DoctorCheck, fail, ok, skipped, warn } from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";
import type { DriverProbe } from "./driver_probe.ts";
import { describeDriver, describeLeds } from "./format_driver.ts";

/**
 * The driver connection check.
 *
 * @example
 * ```ts
 * import { driverConnectionCheck } from "./check_driver_connection.ts";
 *
 * console.assert(driverConnectionCheck.id === "driver-connection");
 * ```
 */
export const driverConnectionCheck: DoctorCheck = {
  id: "driver-connection",
  title: "driver reachable over IOKit",
  // Not macOS-only: a stand-in IOKit library makes it run elsewhere (see canProbeDriver).
  macOSOnly: undefined,
  needsConfig: true,
  run: checkDriverConnection,
};

async function checkDriverConnection(context: DoctorContext): Promise<CheckOutcome> {
  const config = context.config;
  if (config === undefined) return skipped("no configuration");
  if (!context.canProbeDriver) {
    return skipped(
      `not checked off macOS (this is ${context.os}): opens the driver over IOKit ` +
        "(DEXTKIT_IOKIT_LIBRARY names a stand-in library for testing)",
    );
  }
  const identity = context.identity;
  if (identity === undefined) {
    return skipped(
      `dextkit knows the IOKit service names of its own and Karabiner's drivers only; ` +
        `${config.bundleIds.dext} is neither`,
    );
  }
  return driverConnectionOutcome(await context.probeDriver(identity), identity.serviceName);
}

/**
 * Turns a probe into the check's outcome.
 *
 * @param probe What the probe found.
 * @param serviceName The driver's registry name, for messages.
 * @returns The outcome.
 *
 * @example IOServiceOpen refused the client
 * ```ts
 * import { driverConnectionOutcome } from "./check_driver_connection.ts";
 *
 * const outcome = driverConnectionOutcome({ kind: "refused", code: 0xe00002e2 }, "dextkit_VirtualHIDDeviceRoot");
 * console.assert(outcome.status === "fail" && outcome.finding.includes("kIOReturnNotPermitted"));
 * console.assert(outcome.fix?.includes("userclient-access") === true);
 * ```
 */
export function driverConnectionOutcome(probe: DriverProbe, serviceName: string): CheckOutcome {
  switch (probe.kind) {
    case "unavailable":
      return fail(probe.message, probe.hint);
    case "absent":
      return fail(
        `no IOKit service named ${serviceName}: the driver is not running`,
        "install and approve it (`dextkit install-dext`); if systemextensionsctl already " +
          "shows it enabled, reboot, then read `dextkit logs` and the crash reports",
      );
    case "refused": {
      const description = describeIOReturn(probe.code);
      return fail(
        `IOServiceOpen on ${serviceName} failed with ${ioReturnLabel(probe.code)}: ` +
          description.meaning,
        description.action,
      );
    }
    case "incompatible":
      return fail(
        probe.message,
        "reboot the Mac: a replaced driver keeps running until then; if the mismatch stays, " +
          "install the driver that matches this dextkit",
        driverDetails(probe.driver),
      );
    case "failed":
      return fail(probe.message, probe.hint);
    case "answered": {
      const driver = describeDriver(probe.driver);
      const details = [
        ...driverDetails(probe.driver),
        `registry entry id 0x${probe.registryEntryId.toString(16)}`,
      ];
      if (!probe.keyboard.ready) {
        return fail(
          `driver ${driver} answers, but its virtual keyboard did not become ready: ` +
            (probe.keyboard.problem ?? "no reason given"),
          "reboot the Mac; if it stays, read `dextkit logs` for the driver's messages",
          details,
        );
      }
      if (!probe.pointing.ready) {
        return warn(
          `driver ${driver} answers and the keyboard is ready, but the pointing device did ` +
            `not become ready: ${probe.pointing.problem ?? "no reason given"}`,
          "reboot the Mac; if it stays, read `dextkit logs` for the driver's messages",
          details,
        );
      }
      const leds = probe.leds === undefined ? "" : `; ${describeLeds(probe.leds)}`;
      return ok(
        `${serviceName} answers: driver ${driver}; keyboard and pointing device ready${leds}`,
        details,
      );
    }
  }
}

function driverDetails(driver: DriverInfo): string[] {
  const names = Object.entries(Capability)
    .filter(([, bit]) => (driver.capabilities & bit) !== 0)
    .map(([name]) => name);
  return [
    `driver version ${describeDriver(driver)}`,
    `capabilities: ${names.join(", ") || "none"}`,
  ];
}
