/**
 * What `dextkit install-dext` uses to prove the driver runs after `[activated enabled]`: the
 * doctor's driver probe (IORegistry look-up by the driver's registry name, then the version
 * handshake), turned into the pipeline's {@linkcode DriverProbe} answers. A dext whose registry
 * name dextkit does not know (another project's driver) has no probe.
 *
 * @module
 */
import { identityForBundleId } from "../../doctor/doctor_context.ts";
import { type DriverProbe as DoctorDriverProbe, probeDriver } from "../../doctor/driver_probe.ts";
import type { DriverAnswer, DriverProbe } from "../../pipeline/driver_verification.ts";

/**
 * The probe for a dext, or `undefined` when its registry name is unknown.
 *
 * @param bundleId The dext's bundle id.
 * @param env The environment (`DEXTKIT_IOKIT_LIBRARY` names a stand-in IOKit library).
 * @param os The operating system.
 * @returns The probe.
 *
 * @example Another project's dext has none
 * ```ts
 * import { installDriverProbe } from "./install_driver_probe.ts";
 *
 * console.assert(installDriverProbe("com.example.other", {}, "darwin") === undefined);
 * console.assert(installDriverProbe("dev.dextkit.VirtualHIDDevice", {}, "darwin") !== undefined);
 * ```
 */
export function installDriverProbe(
  bundleId: string,
  env: Readonly<Record<string, string | undefined>>,
  os: string,
): DriverProbe | undefined {
  const identity = identityForBundleId(bundleId);
  if (identity === undefined) return undefined;
  const load = { env: { get: (name: string) => env[name] }, os: os as typeof Deno.build.os };
  return async () => toAnswer(await probeDriver(identity, { load }));
}

/**
 * The pipeline's view of a doctor probe.
 *
 * @param probe What the doctor's probe found.
 * @returns The answer.
 *
 * @example
 * ```ts
 * import { toAnswer } from "./install_driver_probe.ts";
 *
 * console.assert(toAnswer({ kind: "absent" }).kind === "absent");
 * console.assert(toAnswer({ kind: "refused", code: 0xe00002e2 }).kind === "failed");
 * ```
 */
export function toAnswer(probe: DoctorDriverProbe): DriverAnswer {
  switch (probe.kind) {
    case "answered":
      return {
        kind: "answered",
        driverVersion: probe.driver.driverVersion,
        protocolVersion: probe.driver.protocolVersion,
      };
    case "absent":
      return { kind: "absent" };
    case "unavailable":
      return { kind: "unavailable", message: probe.message };
    case "refused":
      return {
        kind: "failed",
        message: `IOServiceOpen returned 0x${probe.code.toString(16)}`,
        hint: "run `dextkit doctor`: it explains the code",
      };
    case "incompatible":
      return {
        kind: "failed",
        message: probe.message,
        hint: "restart the Mac: the driver that answered is an older one, which keeps running " +
          "until then",
      };
    case "failed":
      return { kind: "failed", message: probe.message, hint: probe.hint };
  }
}
