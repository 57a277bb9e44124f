/**
 * Doctor check `dext-project`: dextkit's dext project agrees with itself, with `lib/protocol`
 * and with the configuration's bundle ids (see `dext_project_consistency.ts`). Runs on any
 * system; skipped for a project other than dextkit's own.
 *
 * @module
 */
import { relative } from "node:path";
import {
  type CheckOutcome,
  type DoctorCheck,
  fail,
  type Problem,
  skipped,
  worstOf,
} from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";
import {
  checkDextProject,
  projectBundleIds,
  readDextProjectFiles,
} from "./dext_project_consistency.ts";

/**
 * The dext project consistency check.
 *
 * @example Another project is not judged by dextkit's rules
 * ```ts
 * import { dextProjectCheck } from "./check_dext_project.ts";
 * import { DoctorContext } from "./doctor_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 *
 * const config = resolveConfig(
 *   { project: "driver", bundleIds: { dext: "com.example.driver", manager: "com.example.app" } },
 *   { root: "/work/project" },
 * );
 * const outcome = await dextProjectCheck.run(new DoctorContext({ runner: new DryRunRunner(), config }));
 * console.assert(outcome.status === "skipped");
 * ```
 */
export const dextProjectCheck: DoctorCheck = {
  id: "dext-project",
  title: "dext project consistency",
  macOSOnly: undefined,
  needsConfig: true,
  run: checkProject,
};

async function checkProject(context: DoctorContext): Promise<CheckOutcome> {
  const config = context.config;
  if (config === undefined) return skipped("no configuration");
  if (!config.isDefaultProject) {
    return skipped(
      `${config.projectDir} is not dextkit's own dext project; its consistency rules (class ` +
        "names, entitlement sets) only fit that one",
    );
  }
  let files: Map<string, string>;
  try {
    files = await readDextProjectFiles(config.projectDir);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    return fail(
      `a file of the dext project is missing: ${error.message}`,
      "restore it from git (`git status dext`), or point dextkit.project at the right folder",
    );
  }
  const problems: Problem[] = checkDextProject(files).map((finding) => ({
    severity: "fail",
    finding,
    fix: "make the files agree (dext/README.md explains each rule), then run doctor again",
  }));
  const built = projectBundleIds(files);
  const pairs = [["dext", built.dext], ["manager", built.manager]] as const;
  for (const [which, id] of pairs) {
    const configured = config.bundleIds[which];
    if (id !== undefined && id !== configured) {
      problems.push({
        severity: "warn",
        finding:
          `the configuration's ${which} bundle id is ${configured} but project.yml builds ${id}`,
        fix: `set dextkit.bundleIds.${which} to ${id}${
          config.source === undefined ? "" : ` in ${config.source}`
        }, or change ${which.toUpperCase()}_BUNDLE_IDENTIFIER in project.yml`,
      });
    }
  }
  return worstOf(
    problems,
    `${relative(config.root, config.projectDir) || "."}: Info.plist, entitlement sets, ` +
      "project.yml and the glue's classes agree with lib/protocol",
  );
}
