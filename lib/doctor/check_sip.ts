/**
 * Doctor check `sip`: System Integrity Protection, from `csrutil status` (including the custom
 * configuration output). SIP decides two things for a dext (driverkit-field-notes, "Errors"):
 * with SIP on, a dext only loads when notarized, even one built on the same Mac; and
 * `systemextensionsctl reset` / `developer` refuse to run.
 *
 * @module
 */
import { type CsrutilStatus, parseCsrutilStatus } from "../sysext/csrutil.ts";
import { type CheckOutcome, type DoctorCheck, fail, ok, warn } from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";

/**
 * Runs `csrutil status` (once per doctor run) and parses it.
 *
 * @param context The doctor run.
 * @returns The SIP status.
 * @throws {OutputParseError} When the output cannot be read.
 *
 * @example
 * ```ts
 * import { readSipStatus } from "./check_sip.ts";
 * import { DoctorContext } from "./doctor_context.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 *
 * const runner = new DryRunRunner({
 *   respond: () => ({ stdout: "System Integrity Protection status: disabled.\n" }),
 * });
 * const status = await readSipStatus(new DoctorContext({ runner, config: undefined }));
 * console.assert(status.sip === "disabled");
 * ```
 */
export async function readSipStatus(context: DoctorContext): Promise<CsrutilStatus> {
  const result = await context.run({ cmd: "csrutil", args: ["status"] });
  return parseCsrutilStatus(result.stdout);
}

/**
 * The SIP check.
 *
 * @example
 * ```ts
 * import { sipCheck } from "./check_sip.ts";
 *
 * console.assert(sipCheck.id === "sip");
 * ```
 */
export const sipCheck: DoctorCheck = {
  id: "sip",
  title: "System Integrity Protection",
  macOSOnly: "reads `csrutil status`",
  needsConfig: false,
  run: checkSip,
};

async function checkSip(context: DoctorContext): Promise<CheckOutcome> {
  const status = await readSipStatus(context);
  if (status.sip === "disabled") {
    return ok(
      "SIP is disabled: development-signed dexts load and `systemextensionsctl reset` works",
    );
  }
  if (status.sip === "custom") {
    const off = Object.entries(status.protections).filter(([, on]) => !on).map(([name]) => name);
    return warn(
      `SIP has a custom configuration (disabled: ${off.join(", ") || "none"}); macOS treats it ` +
        "as unsupported and dextkit cannot tell whether an unnotarized dext loads",
      "boot into Recovery and run `csrutil disable` for development or `csrutil enable` " +
        "for a normal setup",
      Object.entries(status.protections).map(([name, on]) =>
        `${name}: ${on ? "enabled" : "disabled"}`
      ),
    );
  }
  if (context.config?.signing.entitlements === "development") {
    return fail(
      "SIP is enabled and the configuration signs with the development entitlements: a " +
        "development-signed dext cannot be notarized, so macOS will not load it",
      "for development boot into Recovery and run `csrutil disable`; to ship, set " +
        "dextkit.signing.entitlements to distribution and notarize",
    );
  }
  return ok(
    "SIP is enabled: the dext must be notarized to load (see the notarization check), and " +
      "`systemextensionsctl reset` is unavailable",
  );
}
