/**
 * Doctor check `signatures`: the installed manager app's and dext's code signatures and the
 * entitlements they really carry (codesign can sign without the requested entitlements and still
 * exit 0, so only the installed copy tells). Runs `codesign --verify --deep --strict`, then
 * `codesign -dvvv` and `codesign -d --entitlements - --xml` on the dext and on the app.
 *
 * Findings: an invalid or missing signature; an ad-hoc signature (the unsigned build output);
 * a forbidden entitlement in the dext (`com.apple.developer.hid.virtual.device`,
 * `…system-extension.redistributable` → `EXC_CRASH (Code Signature Invalid)`); a dext without
 * `com.apple.developer.driverkit`; an app without `…system-extension.install` (error 2); and,
 * as warnings, a dext that only clients with `userclient-access` may open and one that carries
 * `family.hid.eventservice`, which a virtual HID device does not need (macos-corrections.md
 * item 6).
 *
 * @module
 */
import { counted } from "../plural.ts";
import { DextkitError } from "../errors.ts";
import { type CodeSignature, parseCodesignDisplay } from "../sysext/codesign_display.ts";
import { parseCodesignEntitlements } from "../sysext/codesign_entitlements.ts";
import type { PlistDictionary } from "../sysext/plist.ts";
import { splitLines } from "../sysext/text_lines.ts";
import {
  type CheckOutcome,
  type DoctorCheck,
  type Problem,
  skipped,
  worstOf,
} from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";
import { embeddedDextPath, locateManagerApp } from "./check_manager_app.ts";
import {
  CODE_SIGNATURE_INVALID_ENTITLEMENTS,
  DEVELOPMENT_ONLY_ENTITLEMENT,
  DRIVERKIT_ENTITLEMENT,
  forbiddenDextEntitlement,
  SIGN_STEP_ENTITLEMENTS,
  SYSTEM_EXTENSION_INSTALL_ENTITLEMENT,
  UNNECESSARY_DEXT_ENTITLEMENTS,
} from "./dext_entitlement_rules.ts";

const SIGN_AGAIN = "sign again inside-out with `dextkit sign` (dext first, then the app) and " +
  "install again";

/**
 * The signatures check.
 *
 * @example
 * ```ts
 * import { signaturesCheck } from "./check_signatures.ts";
 *
 * console.assert(signaturesCheck.id === "signatures");
 * ```
 */
export const signaturesCheck: DoctorCheck = {
  id: "signatures",
  title: "signatures and entitlements of the installed app and dext",
  macOSOnly: "runs `codesign` on the installed app",
  needsConfig: true,
  run: checkSignatures,
};

async function checkSignatures(context: DoctorContext): Promise<CheckOutcome> {
  const config = context.config;
  if (config === undefined) return skipped("no configuration");
  const { manager, dext } = config.bundleIds;
  const location = await locateManagerApp(context, manager, dext);
  if (location.kind === "missing") {
    return skipped(`no installed ${manager} to check (see the manager-app check)`);
  }
  const app = location.path;
  const dextPath = embeddedDextPath(app, dext);
  const problems: Problem[] = [];
  const verify = await context.run({
    cmd: "codesign",
    args: ["--verify", "--deep", "--strict", "--verbose=2", app],
  });
  if (verify.code !== 0) {
    const reason = splitLines(verify.stderr).map((line) => line.trim())
      .find((line) => line !== "" && !line.endsWith("valid on disk")) ?? `exit code ${verify.code}`;
    problems.push({
      severity: "fail",
      finding: `codesign --verify rejects ${app}: ${reason}`,
      fix: SIGN_AGAIN,
    });
  }
  const dextSignature = await display(context, dextPath);
  const dextEntitlements = await entitlements(context, dextPath);
  const appSignature = await display(context, app);
  const appEntitlements = await entitlements(context, app);
  problems.push(...signatureProblems("the dext", dextSignature));
  problems.push(...signatureProblems("the app", appSignature));
  problems.push(...dextEntitlementProblems(dext, dextEntitlements));
  if (
    appSignature.signed && !Object.hasOwn(appEntitlements, SYSTEM_EXTENSION_INSTALL_ENTITLEMENT)
  ) {
    problems.push({
      severity: "fail",
      finding: `the app lacks ${SYSTEM_EXTENSION_INSTALL_ENTITLEMENT}: activation fails with ` +
        "OSSystemExtensionError 2 (missingEntitlement)",
      fix: `add ${SYSTEM_EXTENSION_INSTALL_ENTITLEMENT} to the manager's entitlements and ${
        SIGN_AGAIN.replace("sign again", "sign")
      }`,
    });
  }
  if (
    dextSignature.teamId !== undefined && appSignature.teamId !== undefined &&
    dextSignature.teamId !== appSignature.teamId
  ) {
    problems.push({
      severity: "fail",
      finding: `the dext is signed by team ${dextSignature.teamId}, the app by team ` +
        `${appSignature.teamId}: macOS only activates an extension of the app's own team`,
      fix: SIGN_AGAIN,
    });
  }
  return worstOf(
    problems,
    `the app and the dext are signed by ${dextSignature.authorities[0] ?? "an identity"}` +
      `${dextSignature.hardenedRuntime ? " with hardened runtime" : ""}; the dext carries ` +
      `${counted(Object.keys(dextEntitlements).length, "entitlement")}, the app ` +
      SYSTEM_EXTENSION_INSTALL_ENTITLEMENT,
    [
      `dext: ${dextPath}`,
      ...describeSignature(dextSignature),
      `dext entitlements: ${Object.keys(dextEntitlements).sort().join(", ") || "none"}`,
      `app: ${app}`,
      ...describeSignature(appSignature),
      `app entitlements: ${Object.keys(appEntitlements).sort().join(", ") || "none"}`,
    ],
  );
}

async function display(context: DoctorContext, path: string): Promise<CodeSignature> {
  const result = await context.run({ cmd: "codesign", args: ["-dvvv", path] });
  if (result.code !== 0 && !/not signed at all/.test(result.stderr)) {
    const reason = splitLines(result.stderr).find((line) => line.trim() !== "")?.trim();
    throw new DextkitError(
      `codesign cannot read ${path}: ${reason ?? `exit code ${result.code}`}`,
      {
        hint: "check that the app is installed completely; install it again with " +
          "`dextkit install-dext`",
      },
    );
  }
  return parseCodesignDisplay(result.stderr);
}

async function entitlements(context: DoctorContext, path: string): Promise<PlistDictionary> {
  const result = await context.run({
    cmd: "codesign",
    args: ["-d", "--entitlements", "-", "--xml", path],
  });
  return parseCodesignEntitlements(result.stdout);
}

function signatureProblems(what: string, signature: CodeSignature): Problem[] {
  if (!signature.signed) {
    return [{ severity: "fail", finding: `${what} is not signed at all`, fix: SIGN_AGAIN }];
  }
  if (signature.adhoc) {
    return [{
      severity: "fail",
      finding: `${what} has only an ad-hoc signature (the build output, before signing): ` +
        "macOS does not grant the DriverKit entitlements to it",
      fix: SIGN_AGAIN,
    }];
  }
  return [];
}

function dextEntitlementProblems(dextId: string, entitlements: PlistDictionary): Problem[] {
  const problems: Problem[] = [];
  for (const key of Object.keys(entitlements).sort()) {
    const reason = forbiddenDextEntitlement(key);
    if (reason === undefined || SIGN_STEP_ENTITLEMENTS.includes(key)) continue;
    const crashes = CODE_SIGNATURE_INVALID_ENTITLEMENTS.includes(key);
    problems.push({
      severity: crashes ? "fail" : "warn",
      finding: crashes
        ? `the installed dext carries ${key}: macOS kills it at launch with EXC_CRASH ` +
          "(Code Signature Invalid)"
        : `the installed dext carries ${key}: ${reason}`,
      fix: `remove ${key} from the dext's entitlements file, then ${SIGN_AGAIN}`,
    });
  }
  for (const [key, reason] of Object.entries(UNNECESSARY_DEXT_ENTITLEMENTS)) {
    if (!Object.hasOwn(entitlements, key)) continue;
    problems.push({
      severity: "warn",
      finding: `the installed dext carries the unnecessary ${key}: ${reason}`,
      fix: `remove ${key} from the dext's entitlements file, then ${SIGN_AGAIN}`,
    });
  }
  if (!Object.hasOwn(entitlements, DRIVERKIT_ENTITLEMENT)) {
    problems.push({
      severity: "fail",
      finding: `the installed dext lacks ${DRIVERKIT_ENTITLEMENT}: the kernel refuses to start ` +
        'it ("com.apple.developer.driverkit entitlement check failed")',
      fix: `check the entitlements file the sign step injects, then ${SIGN_AGAIN}`,
    });
  }
  if (!Object.hasOwn(entitlements, DEVELOPMENT_ONLY_ENTITLEMENT)) {
    problems.push({
      severity: "warn",
      finding: `the installed dext has no ${DEVELOPMENT_ONLY_ENTITLEMENT}: only clients signed ` +
        `with com.apple.developer.driverkit.userclient-access listing ${dextId} may open it ` +
        "(a plain `deno run` gets kIOReturnNotPermitted)",
      fix: "for development sign with the development entitlement set; to ship, give the " +
        "client app the userclient-access entitlement",
    });
  }
  return problems;
}

function describeSignature(signature: CodeSignature): string[] {
  if (!signature.signed) return ["  not signed"];
  return [
    `  identifier ${signature.identifier ?? "?"}, team ${signature.teamId ?? "not set"}`,
    `  authority ${signature.authorities.join(" < ") || (signature.adhoc ? "ad hoc" : "none")}`,
    `  flags ${signature.flagNames.join(",") || "none"}; ${
      signature.timestamp === undefined ? "no secure timestamp" : `timestamp ${signature.timestamp}`
    }`,
  ];
}
