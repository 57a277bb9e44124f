/**
 * What the notarize step checks on this Mac around Apple's verdict, so that a release that a
 * user's Mac would refuse fails here first (macos-corrections.md item 17):
 *
 * - before the upload, {@linkcode checkBeforeUpload}: `codesign --verify --deep --strict` of the
 *   app (a pkg: `pkgutil --check-signature`, and the app inside it when known), then on macOS 14
 *   and later `syspolicy_check notary-submission <app>`, which runs the notary service's checks
 *   locally. Its output format is not documented; only its exit code is relied on, and its lines
 *   are printed as they are;
 * - after `Accepted` and stapling, {@linkcode checkStapled}: `xcrun stapler validate` (exit 0 is
 *   success whatever it prints) and Gatekeeper's assessment of what was stapled, `spctl -a -vvv
 *   -t install` for a pkg, `-t exec` for an app, `-t open --context context:primary-signature`
 *   for a dmg (macos-tooling-reference §4.6): it must be accepted with `source=Notarized …`.
 *
 * @module
 */
import { parseSpctlAssessment } from "../sysext/spctl.ts";
import { parseSwVers } from "../sysext/sw_vers.ts";
import { OutputParseError } from "../sysext/output_parse_error.ts";
import { oneLine, splitLines } from "../sysext/text_lines.ts";
import { type PipelineContext, planNote } from "./pipeline_context.ts";
import { SignatureCheckError, StapleFailedError } from "./pipeline_errors.ts";
import { runCommand, runTool } from "./run_tool.ts";

/** What can be notarized and stapled. */
export type NotarizableKind = "app" | "pkg" | "dmg";

/** The first macOS major version with `syspolicy_check`. */
const SYSPOLICY_CHECK_SINCE = 14;

/**
 * Verifies the signatures before uploading, and runs the notary's checks locally where the tool
 * exists.
 *
 * @param context The step's context.
 * @param target The artifact to upload.
 * @param kind What it is.
 * @param app The app inside a pkg or dmg, when known (the release knows it); for an app target,
 * the app itself.
 * @throws {ToolFailedError} When a signature does not verify.
 * @throws {SignatureCheckError} When `syspolicy_check` finds what the notary would reject.
 *
 * @example The plan for a package
 * ```ts
 * import { checkBeforeUpload } from "./notarization_checks.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const runner = new DryRunRunner();
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner,
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * await checkBeforeUpload(context, "/b/X.pkg", "pkg", "/b/X.app");
 * console.assert(runner.lines[0] === "pkgutil --check-signature /b/X.pkg");
 * console.assert(runner.lines.includes("syspolicy_check notary-submission /b/X.app"));
 * ```
 */
export async function checkBeforeUpload(
  context: PipelineContext,
  target: string,
  kind: NotarizableKind,
  app: string | undefined,
): Promise<void> {
  const resign = "sign again (dextkit sign) and never modify a bundle after signing";
  if (kind === "pkg") {
    await runTool(context, { cmd: "pkgutil", args: ["--check-signature", target] }, {
      tool: "pkgutil --check-signature",
      hint: "package and sign again (dextkit package)",
    });
  } else {
    await runTool(context, {
      cmd: "codesign",
      args: ["--verify", ...(kind === "app" ? ["--deep"] : []), "--strict", "--verbose=2", target],
    }, { tool: "codesign --verify", hint: resign });
  }
  if (app !== undefined && app !== target) {
    await runTool(context, {
      cmd: "codesign",
      args: ["--verify", "--deep", "--strict", "--verbose=2", app],
    }, { tool: "codesign --verify", hint: resign });
  }
  if (app === undefined) return;
  const version = await runCommand(context, { cmd: "sw_vers", args: [] });
  if (context.runner.dryRun) {
    planNote(context, `on macOS ${SYSPOLICY_CHECK_SINCE} and later:`);
  } else if (!supportsSyspolicyCheck(version.stdout)) {
    context.progress.log(
      `syspolicy_check needs macOS ${SYSPOLICY_CHECK_SINCE} or later; the notary service will ` +
        "run its checks after the upload instead",
    );
    return;
  }
  const checked = await runCommand(context, {
    cmd: "syspolicy_check",
    args: ["notary-submission", app],
  });
  if (context.runner.dryRun || (checked.code === 0 && !checked.timedOut)) return;
  const lines = splitLines(`${checked.stdout}\n${checked.stderr}`).map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "");
  for (const line of lines) context.progress.log(line);
  throw new SignatureCheckError(
    app,
    `fails the notary service's checks (syspolicy_check notary-submission exited with code ${checked.code}` +
      (lines[0] === undefined ? ")" : `: ${oneLine(lines[0])})`),
    "fix what syspolicy_check printed above (hardened runtime, secure timestamp, Developer ID " +
      "signature, no get-task-allow), sign again, then notarize",
  );
}

function supportsSyspolicyCheck(swVers: string): boolean {
  try {
    return parseSwVers(swVers).major >= SYSPOLICY_CHECK_SINCE;
  } catch (error) {
    if (error instanceof OutputParseError) return false;
    throw error;
  }
}

/**
 * Proves the staple took: `stapler validate`, then Gatekeeper's verdict on the stapled file.
 *
 * @param context The step's context.
 * @param target The stapled app, pkg or dmg.
 * @param kind What it is.
 * @returns spctl's `source=` line, e.g. `Notarized Developer ID` (empty in a dry run).
 * @throws {StapleFailedError} When `stapler validate` fails.
 * @throws {SignatureCheckError} When Gatekeeper does not accept it as notarized.
 *
 * @example
 * ```ts
 * import { checkStapled } from "./notarization_checks.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { ScriptedRunner } from "../runner/scripted_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner: new ScriptedRunner([
 *     { cmd: "xcrun", args: ["stapler", "validate", "/b/X.pkg"], stdout: "The validate action worked!\n" },
 *     { cmd: "spctl", args: ["-a", "-vvv", "-t", "install", "/b/X.pkg"], stderr: "/b/X.pkg: accepted\nsource=Notarized Developer ID\n" },
 *   ]),
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * console.assert(await checkStapled(context, "/b/X.pkg", "pkg") === "Notarized Developer ID");
 * ```
 */
export async function checkStapled(
  context: PipelineContext,
  target: string,
  kind: NotarizableKind,
): Promise<string> {
  const validated = await runCommand(context, {
    cmd: "xcrun",
    args: ["stapler", "validate", target],
  });
  if (!context.runner.dryRun && (validated.code !== 0 || validated.timedOut)) {
    const detail = oneLine(`${validated.stdout} ${validated.stderr}`.trim());
    throw new StapleFailedError(
      target,
      undefined,
      `stapler validate exited with code ${validated.code}${detail === "" ? "" : `: ${detail}`}`,
    );
  }
  const assessed = await runCommand(context, { cmd: "spctl", args: spctlArgs(target, kind) });
  if (context.runner.dryRun) {
    planNote(context, "Gatekeeper must accept it with source=Notarized Developer ID");
    return "";
  }
  let verdict;
  try {
    verdict = parseSpctlAssessment(assessed.stderr);
  } catch (error) {
    if (!(error instanceof OutputParseError)) throw error;
    throw new SignatureCheckError(
      target,
      `could not be assessed by Gatekeeper (spctl exited with code ${assessed.code}): ${error.detail}`,
      `run \`spctl ${spctlArgs(target, kind).join(" ")}\` yourself`,
    );
  }
  if (!verdict.accepted || !verdict.notarized) {
    throw new SignatureCheckError(
      target,
      `is ${verdict.accepted ? "accepted" : "rejected"} by Gatekeeper with source=` +
        `${verdict.source ?? "(none)"}, not as notarized: a user's Mac would ` +
        (verdict.accepted ? "check online for the ticket" : "refuse it"),
      "staple again (`xcrun stapler staple`); if it stays, the file was changed after it was " +
        "notarized: sign, package and notarize again",
    );
  }
  return verdict.source ?? "";
}

function spctlArgs(target: string, kind: NotarizableKind): string[] {
  switch (kind) {
    case "pkg":
      return ["-a", "-vvv", "-t", "install", target];
    case "app":
      return ["-a", "-vvv", "-t", "exec", target];
    case "dmg":
      return ["-a", "-vvv", "-t", "open", "--context", "context:primary-signature", target];
  }
}
