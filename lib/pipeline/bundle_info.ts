/**
 * Reading a built bundle's identity and versions from its Info.plist, through `plutil` so that
 * the read shows in plans and replays in tests.
 *
 * @module
 */
import { join } from "node:path";
import { parsePlist, PlistFields } from "../sysext/plist.ts";
import type { PipelineContext } from "./pipeline_context.ts";
import { runTool } from "./run_tool.ts";

/** A bundle's identity and versions. */
export interface BundleInfo {
  /** CFBundleIdentifier. */
  readonly bundleId: string;
  /** CFBundleShortVersionString (the marketing version, e.g. `0.1.0`). */
  readonly shortVersion: string;
  /** CFBundleVersion (the build number). */
  readonly bundleVersion: string;
}

/**
 * The Info.plist of a bundle: `Contents/Info.plist` for an app, `Info.plist` at the root of a
 * dext (dext bundles are shallow).
 *
 * @param bundle The bundle's path.
 * @returns The Info.plist path.
 *
 * @example
 * ```ts
 * import { infoPlistPath } from "./bundle_info.ts";
 *
 * console.assert(infoPlistPath("/b/X.app") === "/b/X.app/Contents/Info.plist");
 * console.assert(infoPlistPath("/b/x.dext") === "/b/x.dext/Info.plist");
 * ```
 */
export function infoPlistPath(bundle: string): string {
  return bundle.endsWith(".dext")
    ? join(bundle, "Info.plist")
    : join(bundle, "Contents", "Info.plist");
}

/**
 * Reads a bundle's identity and versions with `plutil -convert xml1 -o - <Info.plist>`. In a dry
 * run the values are `<CFBundleIdentifier>`-style placeholders.
 *
 * @param context The step's context.
 * @param bundle The bundle's path.
 * @returns Its identity and versions.
 * @throws {ToolFailedError} When plutil fails (no such bundle).
 * @throws {OutputParseError} When a key is missing.
 *
 * @example
 * ```ts
 * import { readBundleInfo } from "./bundle_info.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { ScriptedRunner } from "../runner/scripted_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const plist = '<?xml version="1.0"?><plist version="1.0"><dict>' +
 *   "<key>CFBundleIdentifier</key><string>com.example.hiddriver</string>" +
 *   "<key>CFBundleShortVersionString</key><string>1.2</string>" +
 *   "<key>CFBundleVersion</key><string>7</string></dict></plist>";
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner: new ScriptedRunner([{ cmd: "plutil", stdout: plist }]),
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * const info = await readBundleInfo(context, "/b/x.dext");
 * console.assert(info.bundleVersion === "7" && info.shortVersion === "1.2");
 * ```
 */
export async function readBundleInfo(
  context: PipelineContext,
  bundle: string,
): Promise<BundleInfo> {
  const path = infoPlistPath(bundle);
  const result = await runTool(context, {
    cmd: "plutil",
    args: ["-convert", "xml1", "-o", "-", path],
  }, { tool: "plutil", hint: `check that ${bundle} was built (dextkit build)` });
  if (context.runner.dryRun) {
    return {
      bundleId: "<CFBundleIdentifier>",
      shortVersion: "<CFBundleShortVersionString>",
      bundleVersion: "<CFBundleVersion>",
    };
  }
  const fields = new PlistFields(parsePlist(result.stdout, path), path, "");
  return {
    bundleId: fields.string("CFBundleIdentifier"),
    shortVersion: fields.string("CFBundleShortVersionString"),
    bundleVersion: fields.string("CFBundleVersion"),
  };
}
