/**
 * Doctor check `entitlement-files`: the project's `.entitlements` files, the ones the sign step
 * injects. Works for any project: every `.entitlements` file under the project folder (build
 * output left out) must be a readable plist without XML comments (codesign silently drops every
 * entitlement of a file with one), and a dext's file (one with DriverKit keys) must carry
 * `com.apple.developer.driverkit` and none of the entitlements that get a dext killed with
 * `EXC_CRASH (Code Signature Invalid)` or rejected by notarization. The files the sign step
 * injects for the configured set (`driver/entitlements/<set>.entitlements`,
 * `manager/manager.entitlements`; see `lib/pipeline/product_layout.ts`) must exist. Runs on any
 * system.
 *
 * @module
 */
import { counted } from "../plural.ts";
import { join, relative } from "node:path";
import { productLayout } from "../pipeline/product_layout.ts";
import { OutputParseError } from "../sysext/output_parse_error.ts";
import { isPlistDictionary, parsePlist } from "../sysext/plist.ts";
import {
  type CheckOutcome,
  type DoctorCheck,
  fail,
  type Problem,
  worstOf,
} from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";
import {
  CODE_SIGNATURE_INVALID_ENTITLEMENTS,
  DRIVERKIT_ENTITLEMENT,
  forbiddenDextEntitlement,
} from "./dext_entitlement_rules.ts";

const SKIPPED_FOLDERS = /^(build|DerivedData|node_modules|\..*|.*\.xcodeproj|.*\.app|.*\.dext)$/;
const MAX_DEPTH = 5;

/**
 * The entitlement files check.
 *
 * @example dextkit's own entitlement files pass
 * ```ts
 * import { entitlementFilesCheck } from "./check_entitlement_files.ts";
 * import { DoctorContext } from "./doctor_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 *
 * const root = new URL("../..", import.meta.url).pathname;
 * const context = new DoctorContext({ runner: new DryRunRunner(), config: resolveConfig(undefined, { root }) });
 * const outcome = await entitlementFilesCheck.run(context);
 * console.assert(outcome.status === "ok", outcome.finding);
 * ```
 */
export const entitlementFilesCheck: DoctorCheck = {
  id: "entitlement-files",
  title: "entitlement files",
  macOSOnly: undefined,
  needsConfig: true,
  run: checkEntitlementFiles,
};

const USERCLIENT_ACCESS_ENTITLEMENT = "com.apple.developer.driverkit.userclient-access";

/**
 * Judges one entitlements file's text.
 *
 * @param text The file's content.
 * @param name The file's name for messages (a path relative to the project).
 * @returns The problems; empty when the file is fine.
 *
 * @example A dext file with the CoreHID app entitlement
 * ```ts
 * import { entitlementFileProblems } from "./check_entitlement_files.ts";
 *
 * const problems = entitlementFileProblems(
 *   '<?xml version="1.0"?><plist version="1.0"><dict>' +
 *     "<key>com.apple.developer.driverkit</key><true/>" +
 *     "<key>com.apple.developer.hid.virtual.device</key><true/></dict></plist>",
 *   "driver.entitlements",
 * );
 * console.assert(problems.length === 1 && problems[0]?.finding.includes("Code Signature Invalid"));
 * ```
 */
export function entitlementFileProblems(text: string, name: string): Problem[] {
  const problems: Problem[] = [];
  const comment = text.indexOf("<!--");
  if (comment >= 0) {
    const line = text.slice(0, comment).split("\n").length;
    problems.push({
      severity: "fail",
      finding: `${name} (line ${line}) has an XML comment: codesign then signs without any of ` +
        "its entitlements and still exits 0",
      fix: `remove the comment from ${name}`,
    });
  }
  let value;
  try {
    value = parsePlist(text, name);
  } catch (error) {
    if (!(error instanceof OutputParseError)) throw error;
    return [...problems, {
      severity: "fail",
      finding: error.message,
      fix: `fix the XML of ${name}`,
    }];
  }
  if (!isPlistDictionary(value)) {
    return [...problems, {
      severity: "fail",
      finding: `${name} is not a dictionary of entitlements`,
      fix: `make the top level of ${name} a <dict>`,
    }];
  }
  const keys = Object.keys(value);
  // A client's file (dext/client/deno_client.entitlements) has only userclient-access.
  const isDext = keys.some((key) =>
    key.startsWith("com.apple.developer.driverkit") && key !== USERCLIENT_ACCESS_ENTITLEMENT
  );
  if (!isDext) return problems;
  for (const key of keys) {
    const reason = forbiddenDextEntitlement(key);
    if (reason === undefined) continue;
    problems.push({
      severity: "fail",
      finding: CODE_SIGNATURE_INVALID_ENTITLEMENTS.includes(key)
        ? `${name} has ${key}: macOS kills a dext signed with it (EXC_CRASH, Code Signature Invalid)`
        : `${name} has ${key}: ${reason}`,
      fix: `remove ${key} from ${name}`,
    });
  }
  if (!keys.includes(DRIVERKIT_ENTITLEMENT)) {
    problems.push({
      severity: "fail",
      finding: `${name} lacks ${DRIVERKIT_ENTITLEMENT}: the kernel refuses to start the dext`,
      fix: `add <key>${DRIVERKIT_ENTITLEMENT}</key><true/> to ${name}`,
    });
  }
  return problems;
}

async function checkEntitlementFiles(context: DoctorContext): Promise<CheckOutcome> {
  const config = context.config;
  if (config === undefined) return fail("no configuration", "fix the configuration first");
  const paths = await findEntitlementFiles(config.projectDir);
  const layout = productLayout(config);
  const set = config.signing.entitlements;
  const problems: Problem[] = [];
  const injected: [string, string][] = [
    [layout.dextEntitlements[set], `the dext's ${set} set`],
    [layout.managerEntitlements, "the manager app's"],
  ];
  for (const [path, what] of injected) {
    if (paths.includes(path)) continue;
    problems.push({
      severity: "fail",
      finding: `the sign step injects ${what} entitlements from ${
        relative(config.projectDir, path)
      }, which does not exist`,
      fix: `create ${path}` +
        (path === layout.managerEntitlements
          ? ""
          : ", or set dextkit.signing.entitlements to a set the project has"),
    });
  }
  if (paths.length === 0) {
    return fail(
      `no .entitlements file under ${config.projectDir}`,
      "the sign step injects the dext's entitlements from driver/entitlements/<set>.entitlements " +
        "and the manager's from manager/manager.entitlements; add them (dextkit's dext/ shows both)",
    );
  }
  const names: string[] = [];
  for (const path of paths) {
    const name = relative(config.projectDir, path);
    names.push(name);
    problems.push(...entitlementFileProblems(await Deno.readTextFile(path), name));
  }
  return worstOf(
    problems,
    `${counted(paths.length, "entitlement file")} ${
      paths.length === 1 ? "is" : "are"
    } readable, comment-free and carry no forbidden ` +
      "dext entitlement",
    names,
  );
}

async function findEntitlementFiles(dir: string, depth = 0): Promise<string[]> {
  const found: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isFile && entry.name.endsWith(".entitlements")) found.push(path);
    else if (entry.isDirectory && depth < MAX_DEPTH && !SKIPPED_FOLDERS.test(entry.name)) {
      found.push(...await findEntitlementFiles(path, depth + 1));
    }
  }
  return found;
}
