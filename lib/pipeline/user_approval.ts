/**
 * Asking the user to approve the driver in System Settings: the instructions, and opening the
 * right pane (macOS 15 and later: General › Login Items & Extensions › Driver Extensions; macOS
 * 13–14: Privacy & Security). Both pane URLs are from third-party reports, not Apple
 * documentation, and unverified.
 *
 * @module
 */
import { formatElapsed } from "./format_elapsed.ts";
import type { PipelineContext } from "./pipeline_context.ts";
import { runCommand } from "./run_tool.ts";

/**
 * The Driver Extensions pane (macOS 15 and later).
 *
 * @example
 * ```ts
 * import { DRIVER_EXTENSIONS_SETTINGS_URL } from "./user_approval.ts";
 *
 * console.assert(DRIVER_EXTENSIONS_SETTINGS_URL.startsWith("x-apple.systempreferences:"));
 * ```
 */
export const DRIVER_EXTENSIONS_SETTINGS_URL =
  "x-apple.systempreferences:com.apple.LoginItems-Settings.extension";

/**
 * The Privacy & Security pane (macOS 13–14).
 *
 * @example
 * ```ts
 * import { PRIVACY_SECURITY_SETTINGS_URL } from "./user_approval.ts";
 *
 * console.assert(PRIVACY_SECURITY_SETTINGS_URL.endsWith("com.apple.preference.security"));
 * ```
 */
export const PRIVACY_SECURITY_SETTINGS_URL =
  "x-apple.systempreferences:com.apple.preference.security";

/**
 * What to tell the user while the driver waits for approval.
 *
 * @param bundleId The dext's bundle id.
 * @param appName The manager app's name.
 * @param waitMs How long install-dext waits.
 * @returns The lines.
 *
 * @example
 * ```ts
 * import { approvalInstructions } from "./user_approval.ts";
 *
 * const lines = approvalInstructions("dev.dextkit.VirtualHIDDevice", "DextkitManager", 600_000);
 * console.assert(lines.some((line) => line.includes("Login Items & Extensions")));
 * ```
 */
export function approvalInstructions(bundleId: string, appName: string, waitMs: number): string[] {
  return [
    `macOS needs your approval to enable the driver ${bundleId}:`,
    "  macOS 15 and later: System Settings › General › Login Items & Extensions › Driver " +
    `Extensions (the ⓘ button), then turn on ${appName} and confirm with your password;`,
    "  macOS 13 and 14: System Settings › Privacy & Security, then Allow next to the blocked " +
    `system software from ${appName}.`,
    `Waiting up to ${formatElapsed(waitMs)} for the approval (System Settings is opening).`,
  ];
}

/**
 * Opens the pane where the driver is approved (`sw_vers -productVersion`, then `open <url>`).
 * Failures only print a line: the instructions are enough.
 *
 * @param context The step's context.
 * @returns When `open` returned.
 *
 * @example
 * ```ts
 * import { openApprovalSettings } from "./user_approval.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { ScriptedRunner } from "../runner/scripted_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const runner = new ScriptedRunner([
 *   { cmd: "sw_vers", args: ["-productVersion"], stdout: "14.6.1\n" },
 *   { cmd: "open", args: ["x-apple.systempreferences:com.apple.preference.security"] },
 * ]);
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner,
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * await openApprovalSettings(context);
 * runner.assertAllUsed();
 * ```
 */
export async function openApprovalSettings(context: PipelineContext): Promise<void> {
  const version = await runCommand(context, { cmd: "sw_vers", args: ["-productVersion"] });
  const major = Number(version.stdout.trim().split(".")[0]);
  const url = Number.isInteger(major) && major > 0 && major < 15
    ? PRIVACY_SECURITY_SETTINGS_URL
    : DRIVER_EXTENSIONS_SETTINGS_URL;
  const opened = await runCommand(context, { cmd: "open", args: [url] });
  if (opened.code !== 0) {
    context.progress.log(`could not open System Settings (open ${url}); open it yourself`);
  }
}
