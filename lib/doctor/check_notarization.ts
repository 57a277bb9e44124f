/**
 * Doctor check `notarization`: Gatekeeper's verdict on the installed manager app
 * (`spctl -a -vv`), judged together with SIP and the signing flow. With SIP on, a Developer ID
 * dext must be notarized to load (the app's ticket covers the dext it carries); a
 * development-signed one (Apple Development identity, development profile listing the Mac) needs
 * no notarization (macos-corrections.md item 7). No "disable SIP" advice where it is not
 * needed: SIP off is only the fallback for development signing without such a profile.
 *
 * @module
 */
import { OutputParseError } from "../sysext/output_parse_error.ts";
import { parseSpctlAssessment } from "../sysext/spctl.ts";
import { type CheckOutcome, type DoctorCheck, fail, ok, skipped, warn } from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";
import { locateManagerApp } from "./check_manager_app.ts";
import { DEVELOPMENT_SIGNING_FIX, readSipStatus, signingFlow } from "./check_sip.ts";

/**
 * The notarization check.
 *
 * @example
 * ```ts
 * import { notarizationCheck } from "./check_notarization.ts";
 *
 * console.assert(notarizationCheck.id === "notarization");
 * ```
 */
export const notarizationCheck: DoctorCheck = {
  id: "notarization",
  title: "notarization of the installed app",
  macOSOnly: "runs `spctl -a -vv` on the installed app",
  needsConfig: true,
  run: checkNotarization,
};

async function checkNotarization(context: DoctorContext): Promise<CheckOutcome> {
  const config = context.config;
  if (config === undefined) return skipped("no configuration");
  const location = await locateManagerApp(context, config.bundleIds.manager, config.bundleIds.dext);
  if (location.kind === "missing") {
    return skipped(`no installed ${config.bundleIds.manager} to check (see the manager-app check)`);
  }
  const result = await context.run({ cmd: "spctl", args: ["-a", "-vv", location.path] });
  const verdict = parseSpctlAssessment(result.stderr);
  const source = verdict.source ?? "no source";
  const details = [
    `spctl: ${verdict.accepted ? "accepted" : "rejected"}${
      verdict.reason === undefined ? "" : ` (${verdict.reason})`
    }, source=${source}`,
    ...(verdict.origin === undefined ? [] : [`origin=${verdict.origin}`]),
  ];
  if (verdict.notarized || verdict.accepted) {
    return ok(`Gatekeeper accepts ${location.path} (${source})`, details);
  }
  const sip = await readSipStatus(context).then(
    (status) => status.sip,
    (error) => {
      if (error instanceof OutputParseError) return "unknown";
      throw error;
    },
  );
  const notNotarized = `${location.path} is not notarized (spctl: rejected, source=${source})`;
  if (sip === "disabled") {
    const finding = `${notNotarized}; the dext still loads because SIP is disabled`;
    return config.signing.entitlements === "distribution"
      ? warn(finding, "notarize and staple before you ship: `dextkit notarize`", details)
      : ok(finding, details);
  }
  const flow = signingFlow(config);
  if (flow === "development") {
    return ok(
      `${notNotarized}; a development-signed build needs no notarization: it loads with SIP on ` +
        "when its embedded development profile lists this Mac",
      details,
    );
  }
  return fail(
    `${notNotarized} and SIP is ${sip === "enabled" ? "enabled" : `${sip}`}: macOS will not ` +
      "load the dext (EXC_CRASH, Code Signature Invalid)",
    flow === "distribution"
      ? "notarize and staple it (`dextkit notarize`, Developer ID signing)"
      : DEVELOPMENT_SIGNING_FIX,
    details,
  );
}
