/**
 * `dextkit notarize`: submits an app (zipped with `ditto -c -k --keepParent`), a pkg or a dmg to
 * Apple's notary service, waits for the verdict, staples the ticket and proves it took.
 *
 * - Before the upload the signatures are verified and, on macOS 14 and later, the notary's checks
 *   run locally (`notarization_checks.ts`): a rejection found here costs seconds, not an upload.
 * - Submitting does not use `--wait`: the submission id comes back at once, is printed with the
 *   command that resumes the wait (`dextkit notarize --resume <id>`) and written next to the
 *   artifact (`<name>.submission-id`, for a CI job summary), and the step then polls
 *   `notarytool info <id>` until the status is no longer `In Progress` or `timeouts.notarize`
 *   (2 h by default) is used up; a timeout keeps the id resumable. A status dextkit does not know
 *   is printed as a warning and polling goes on (a new state is not a verdict).
 * - The JSON `status` decides, never the exit code: notarytool exits 0 for `Invalid`.
 * - The notary log is fetched whatever the verdict (it lists warnings on success too), saved next
 *   to the artifact as `<name>.notary-log.json`, and its issues printed.
 * - On `Accepted` it staples the app (never the zip) or the pkg/dmg, retrying error 65
 *   (`staple.ts`), then runs `stapler validate` and Gatekeeper's assessment.
 *
 * Credentials come from `dextkit.notary` (`notary_credentials.ts`): a keychain profile, an App
 * Store Connect API key, or an Apple ID, the last two from the environment. Their values are
 * redacted from every printed command; the key file itself is never read.
 *
 * @module
 */
import { basename, dirname, extname, join } from "node:path";
import { formatElapsed } from "./format_elapsed.ts";
import {
  notarySecrets,
  notarytoolAuthArgs,
  resolveNotaryCredentials,
} from "../config/notary_credentials.ts";
import { formatNotaryIssues, type NotaryLog, parseNotaryLog } from "../sysext/notary_log.ts";
import { type NotaryStatus, parseNotaryInfo, parseNotarySubmission } from "../sysext/notarytool.ts";
import { OutputParseError } from "../sysext/output_parse_error.ts";
import { checkBeforeUpload, checkStapled, type NotarizableKind } from "./notarization_checks.ts";
import { type PipelineContext, planNote, writeGeneratedFile } from "./pipeline_context.ts";
import {
  NotarizationFailedError,
  StepRefusedError,
  ToolFailedError,
  WaitTimeoutError,
} from "./pipeline_errors.ts";
import { runStep } from "./pipeline_step.ts";
import { runCommand, runTool } from "./run_tool.ts";
import { stapleWithRetries } from "./staple.ts";

/** Options of {@linkcode notarizeStep}. */
export interface NotarizeOptions {
  /** The `.app`, `.pkg` or `.dmg` to notarize; the built manager app when absent. */
  readonly path?: string;
  /** Wait for this earlier submission instead of submitting again. */
  readonly resumeId?: string;
  /** How often to ask for the status; 20 s when absent. */
  readonly pollIntervalMs?: number;
  /**
   * The app inside a pkg or dmg, verified and checked with `syspolicy_check` before the upload
   * (the release passes the app it packaged); for an app target, the app itself.
   */
  readonly app?: string;
}

/** The outcome of a notarization. */
export interface NotarizeResult {
  /** The submission id. */
  readonly submissionId: string;
  /** The final status (always `Accepted`: anything else throws). */
  readonly status: NotaryStatus;
  /** The file uploaded (a zip for an app). */
  readonly uploaded: string;
  /** What the ticket was stapled to. */
  readonly stapled: string;
  /** Where the notary log was saved; `undefined` when it could not be fetched. */
  readonly notaryLogPath: string | undefined;
  /** The warnings the notary log lists (an accepted submission may still have some). */
  readonly warnings: number;
  /** Gatekeeper's `source=` for the stapled file, e.g. `Notarized Developer ID`. */
  readonly gatekeeperSource: string;
}

/** Shown in a dry run instead of the id Apple would return. */
export const SUBMISSION_ID_PLACEHOLDER = "<submission-id>";

const MAX_STATUS_FAILURES = 3;

/**
 * Notarizes and staples.
 *
 * @param context The step's context.
 * @param options What to notarize, or which submission to resume.
 * @returns The accepted submission.
 * @throws {ConfigError} When no notary credentials are configured or a named variable is unset.
 * @throws {StepRefusedError} For a file that is not an app, pkg or dmg.
 * @throws {NotarizationFailedError} When the status is `Invalid` or `Rejected` (the log's issues
 * are printed first).
 * @throws {WaitTimeoutError} When the status stays `In Progress` past the time limit.
 * @throws {ToolFailedError} When notarytool fails.
 *
 * @example The plan for a pkg
 * ```ts
 * import { notarizeStep } from "./notarize_step.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const runner = new DryRunRunner();
 * const context = createPipelineContext({
 *   config: resolveConfig({ notary: { keychainProfile: "dextkit" } }, { root: "/src" }),
 *   runner,
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * await notarizeStep(context, { path: "/b/X.pkg" });
 * console.assert(runner.lines[0] === "pkgutil --check-signature /b/X.pkg");
 * console.assert(runner.lines[1] === "xcrun notarytool submit /b/X.pkg --keychain-profile dextkit --output-format json");
 * ```
 */
export function notarizeStep(
  context: PipelineContext,
  options: NotarizeOptions = {},
): Promise<NotarizeResult> {
  const target = options.path ?? context.layout.appPath;
  const label = options.resumeId === undefined
    ? `Notarizing ${basename(target)}`
    : `Waiting for notarization ${options.resumeId}`;
  return runStep(context, "notarize", label, async (step) => {
    const credentials = resolveNotaryCredentials(context.config, context.env);
    if (credentials.kind === "api-key" && credentials.issuer === undefined) {
      context.progress.log(
        "no issuer id in the environment: the API key is used as an Individual key (a Team " +
          "key needs its issuer, DEXTKIT_NOTARY_ISSUER by default)",
      );
    }
    const auth = notarytoolAuthArgs(credentials);
    const secrets = notarySecrets(credentials);
    const kind = artifactKind(target);

    let uploaded = target;
    let id = options.resumeId;
    if (id === undefined) {
      step.update("verifying the signature before the upload");
      await checkBeforeUpload(context, target, kind, kind === "app" ? target : options.app);
      if (kind === "app") {
        uploaded = join(context.layout.notarizeDir, `${basename(target, ".app")}.zip`);
        step.update(`zipping ${basename(target)}`);
        await runTool(context, { cmd: "mkdir", args: ["-p", context.layout.notarizeDir] }, {
          hint: `check that ${context.layout.notarizeDir} can be created`,
        });
        await runTool(context, {
          cmd: "ditto",
          args: ["-c", "-k", "--keepParent", target, uploaded],
        }, { hint: `check that ${target} exists (dextkit build, dextkit sign)` });
      }
      step.update(`uploading ${basename(uploaded)}`);
      const submitted = await runTool(context, {
        cmd: "xcrun",
        args: ["notarytool", "submit", uploaded, ...auth, "--output-format", "json"],
        secrets,
      }, {
        tool: "xcrun notarytool submit",
        hint: "check the notary credentials (dextkit.notary) and the network; an Individual " +
          "API key must not be given an issuer, a Team key needs one",
      });
      id = context.runner.dryRun
        ? SUBMISSION_ID_PLACEHOLDER
        : parseNotarySubmission(submitted.stdout).id;
      context.progress.log(
        `submitted ${basename(uploaded)} as ${id}; if this wait is interrupted, continue with ` +
          `\`dextkit notarize --resume ${id} ${target}\``,
      );
      await writeGeneratedFile(
        context,
        besideArtifact(target, ".submission-id"),
        `${id}\n`,
        "the submission id, to resume the wait",
      );
    }

    const status = await waitForVerdict(
      context,
      step,
      { id, target },
      auth,
      secrets,
      options.pollIntervalMs,
    );
    const logPath = besideArtifact(target, ".notary-log.json");
    const log = await fetchNotaryLog(context, id, auth, secrets, logPath);
    if (status !== "Accepted") {
      throw new NotarizationFailedError(id, status, log?.issues.length);
    }
    step.update(`stapling ${basename(target)}`);
    await stapleWithRetries(context, target);
    step.update(`checking the stapled ${basename(target)}`);
    const gatekeeperSource = await checkStapled(context, target, kind);
    return {
      submissionId: id,
      status,
      uploaded,
      stapled: target,
      notaryLogPath: log === undefined ? undefined : logPath,
      warnings: log?.issues.filter((issue) => issue.severity === "warning").length ?? 0,
      gatekeeperSource,
    };
  }, (result) =>
    `${result.status} (${result.submissionId})` +
    (result.warnings > 0 ? `, ${result.warnings} warning(s) in the notary log` : ""));
}

/** `/b/X.pkg` + `.notary-log.json` → `/b/X.notary-log.json`. */
function besideArtifact(target: string, suffix: string): string {
  const trimmed = target.replace(/\/+$/, "");
  return join(dirname(trimmed), `${basename(trimmed, extname(trimmed))}${suffix}`);
}

function artifactKind(path: string): NotarizableKind {
  const trimmed = path.replace(/\/+$/, "");
  if (trimmed.endsWith(".app")) return "app";
  if (trimmed.endsWith(".pkg")) return "pkg";
  if (trimmed.endsWith(".dmg")) return "dmg";
  throw new StepRefusedError(
    `cannot notarize ${path}: only an .app, a .pkg or a .dmg can be notarized and stapled`,
    "give the manager app or the package made by `dextkit package`",
  );
}

async function waitForVerdict(
  context: PipelineContext,
  step: { update(text: string): void },
  submission: { readonly id: string; readonly target: string },
  auth: readonly string[],
  secrets: readonly string[],
  pollIntervalMs = 20_000,
): Promise<NotaryStatus> {
  const { id, target } = submission;
  const resume = `dextkit notarize --resume ${id} ${target}`;
  const limitMs = context.config.timeouts.notarizeMs;
  const started = context.clock.now();
  let failures = 0;
  const unknown = new Set<string>();
  while (true) {
    const result = await runCommand(context, {
      cmd: "xcrun",
      args: ["notarytool", "info", id, ...auth, "--output-format", "json"],
      secrets,
    });
    if (context.runner.dryRun) {
      planNote(
        context,
        `repeat every ${formatElapsed(pollIntervalMs)} until the status is not "In Progress" ` +
          `(at most ${formatElapsed(limitMs)}); a status not known to dextkit is a warning, ` +
          "not a verdict",
      );
      return "Accepted";
    }
    if (result.code === 0 && !result.timedOut) {
      failures = 0;
      const info = parseNotaryInfo(result.stdout);
      if (info.status === undefined) {
        if (!unknown.has(info.statusText)) {
          unknown.add(info.statusText);
          context.progress.log(
            `warning: notarytool reports the status ${JSON.stringify(info.statusText)}, which ` +
              "dextkit does not know; taking it as not finished and asking again",
          );
        }
        step.update(`${info.statusText} (submission ${id})`);
      } else if (info.status !== "In Progress") {
        return info.status;
      } else {
        step.update(`In Progress (submission ${id})`);
      }
    } else if (++failures >= MAX_STATUS_FAILURES) {
      throw new ToolFailedError(
        "xcrun notarytool info",
        `failed ${failures} times in a row (last exit code ${result.code})`,
        `check the network, then continue with \`${resume}\``,
        result.timedOut,
      );
    }
    const elapsed = context.clock.now() - started;
    if (elapsed + pollIntervalMs > limitMs) {
      throw new WaitTimeoutError(
        `notarization ${id} is still In Progress after ${formatElapsed(elapsed)}`,
        `continue waiting later with \`${resume}\` (or raise ` +
          "dextkit.timeouts.notarize); Apple sometimes takes hours",
      );
    }
    await context.clock.sleep(pollIntervalMs);
  }
}

/**
 * Fetches the notary log, saves it next to the artifact and prints its issues (errors on a
 * failure, warnings on a success); `undefined` when it could not be fetched or read.
 */
async function fetchNotaryLog(
  context: PipelineContext,
  id: string,
  auth: readonly string[],
  secrets: readonly string[],
  path: string,
): Promise<NotaryLog | undefined> {
  const result = await runCommand(context, {
    cmd: "xcrun",
    args: ["notarytool", "log", id, ...auth],
    secrets,
  });
  if (context.runner.dryRun) {
    await writeGeneratedFile(context, path, "", "the notary log; its issues are printed");
    return undefined;
  }
  if (result.code !== 0 || result.timedOut) {
    context.progress.log(`xcrun notarytool log ${id} failed with exit code ${result.code}`);
    return undefined;
  }
  await context.files.writeText(path, result.stdout);
  try {
    const log = parseNotaryLog(result.stdout);
    if (log.status !== "Accepted" || log.issues.length > 0) {
      for (const line of formatNotaryIssues(log)) context.progress.log(line);
    }
    context.progress.log(`the notary log is saved in ${path}`);
    return log;
  } catch (error) {
    if (!(error instanceof OutputParseError)) throw error;
    context.progress.log(`the notary log of ${id} (${path}) could not be read: ${error.message}`);
    return undefined;
  }
}
