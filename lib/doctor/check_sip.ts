/**
 * Doctor check `sip`: System Integrity Protection, from `csrutil status` (including the custom
 * configuration output). With SIP on (macos-corrections.md item 7, Apple DTS "Kevin's Guide to
 * DEXT Signing"): a Developer ID dext loads when notarized, and a development-signed one (an
 * Apple Development identity and a development provisioning profile listing the Mac) loads
 * without notarization; the old flow, development signing without a profile listing the Mac,
 * needs SIP off and stays the fallback.
 * `systemextensionsctl reset` / `developer` refuse to run with SIP on.
 *
 * @module
 */
import { type CsrutilStatus, parseCsrutilStatus } from "../sysext/csrutil.ts";
import { type CheckOutcome, type DoctorCheck, ok, warn } from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";
import type { DextkitConfig } from "../config/dextkit_config.ts";

/** How a configuration signs: Developer ID (`distribution`), with a development identity
 * (`development`), or development entitlements without an identity configured (`unset`). */
export type SigningFlow = "distribution" | "development" | "unset";

/**
 * The signing flow of a configuration.
 *
 * @param config The configuration.
 * @returns The flow.
 *
 * @example
 * ```ts
 * import { signingFlow } from "./check_sip.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 *
 * const config = resolveConfig({ signing: { developmentIdentity: "Apple Development: A (X1)" } }, { root: "/p" });
 * console.assert(signingFlow(config) === "development");
 * ```
 */
export function signingFlow(config: DextkitConfig): SigningFlow {
  if (config.signing.entitlements === "distribution") return "distribution";
  return config.signing.developmentIdentity === undefined ? "unset" : "development";
}

/**
 * What to do when a development build does not load with SIP on: the first-choice flow, then
 * the fallback.
 *
 * @example
 * ```ts
 * import { DEVELOPMENT_SIGNING_FIX } from "./check_sip.ts";
 *
 * console.assert(DEVELOPMENT_SIGNING_FIX.includes("Apple Development"));
 * ```
 */
export const DEVELOPMENT_SIGNING_FIX: string =
  "set dextkit.signing.developmentIdentity to your Apple Development identity and use a " +
  "development provisioning profile that lists this Mac (the development DriverKit " +
  "entitlements are open to every paid team, and such a build loads with SIP on); the older " +
  "flow without a profile listing this Mac needs `csrutil disable` from Recovery";

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
      "SIP is disabled: development-signed and locally signed dexts load and " +
        "`systemextensionsctl reset` works",
    );
  }
  if (status.sip === "custom") {
    const off = Object.entries(status.protections).filter(([, on]) => !on).map(([name]) => name);
    return warn(
      `SIP has a custom configuration (disabled: ${off.join(", ") || "none"}); macOS treats it ` +
        "as unsupported and dextkit cannot tell whether an unnotarized dext loads",
      "boot into Recovery and run `csrutil enable`: development signing with an Apple " +
        "Development identity works with SIP on (`csrutil disable` only for local signing)",
      Object.entries(status.protections).map(([name, on]) =>
        `${name}: ${on ? "enabled" : "disabled"}`
      ),
    );
  }
  const flow = context.config === undefined ? undefined : signingFlow(context.config);
  if (flow === "unset") {
    return warn(
      "SIP is enabled and no development identity is configured: development builds load with " +
        "SIP on only when signed with an Apple Development identity and a development profile " +
        "listing this Mac",
      DEVELOPMENT_SIGNING_FIX,
    );
  }
  if (flow === "development") {
    return ok(
      "SIP is enabled: a development-signed dext loads without notarization when its " +
        "development profile lists this Mac (Apple Development identity); " +
        "`systemextensionsctl reset` is unavailable",
    );
  }
  return ok(
    "SIP is enabled: the dext must be notarized to load (see the notarization check), and " +
      "`systemextensionsctl reset` is unavailable",
  );
}
