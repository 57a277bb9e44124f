/**
 * `dextkit notarize`: submits an app (zipped with `ditto -c -k --keepParent`), a pkg or a dmg to
 * Apple's notary service, waits for the verdict, and staples the ticket.
 *
 * - Submitting does not use `--wait`: the submission id comes back at once, is printed with the
 *   command that resumes the wait (`dextkit notarize --resume <id>`), and the step then polls
 *   `notarytool info <id>` until the status is no longer `In Progress` or `timeouts.notarize`
 *   (2 h by default) is used up; a timeout keeps the id resumable.
 * - The JSON `status` decides, never the exit code: notarytool exits 0 for `Invalid`. On
 *   `Invalid` or `Rejected` the step fetches `notarytool log <id>` and prints its issues.
 * - On `Accepted` it staples the app (never the zip) or the pkg/dmg, retrying error 65
 *   (`staple.ts`).
 *
 * Credentials come from `dextkit.notary` (`notary_credentials.ts`): a keychain profile, or an App
 * Store Connect API key named by environment variables. The key id and issuer are redacted from
 * every printed command; the key file itself is never read.
 *
 * @module
 */
import { basename, join } from "node:path";
import { formatElapsed } from "./format_elapsed.ts";
import { notarytoolAuthArgs, resolveNotaryCredentials } from "../config/notary_credentials.ts";
import { formatNotaryIssues, parseNotaryLog } from "../sysext/notary_log.ts";
import { type NotaryStatus, parseNotaryInfo, parseNotarySubmission } from "../sysext/notarytool.ts";
import { OutputParseError } from "../sysext/output_parse_error.ts";
import { type PipelineContext, planNote } from "./pipeline_context.ts";
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
 * console.assert(runner.lines[0] === "xcrun notarytool submit /b/X.pkg --keychain-profile dextkit --output-format json");
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
    const auth = notarytoolAuthArgs(credentials);
    const secrets = credentials.kind === "api-key" ? [credentials.keyId, credentials.issuer] : [];
    const kind = artifactKind(target);

    let uploaded = target;
    let id = options.resumeId;
    if (id === undefined) {
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
        hint: "check the notary credentials (dextkit.notary) and the network",
      });
      id = context.runner.dryRun
        ? SUBMISSION_ID_PLACEHOLDER
        : parseNotarySubmission(submitted.stdout).id;
      context.progress.log(
        `submitted ${basename(uploaded)} as ${id}; if this wait is interrupted, continue with ` +
          `\`dextkit notarize --resume ${id}\``,
      );
    }

    const status = await waitForVerdict(context, step, id, auth, secrets, options.pollIntervalMs);
    if (status !== "Accepted") {
      const issues = await printNotaryLog(context, id, auth, secrets);
      throw new NotarizationFailedError(id, status, issues);
    }
    step.update(`stapling ${basename(target)}`);
    await stapleWithRetries(context, target);
    return { submissionId: id, status, uploaded, stapled: target };
  }, (result) => `${result.status} (${result.submissionId})`);
}

function artifactKind(path: string): "app" | "pkg" | "dmg" {
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
  id: string,
  auth: readonly string[],
  secrets: readonly string[],
  pollIntervalMs = 20_000,
): Promise<NotaryStatus> {
  const limitMs = context.config.timeouts.notarizeMs;
  const started = context.clock.now();
  let failures = 0;
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
          `(at most ${formatElapsed(limitMs)}); on Invalid or Rejected, print ` +
          `\`xcrun notarytool log ${id}\``,
      );
      return "Accepted";
    }
    if (result.code === 0 && !result.timedOut) {
      failures = 0;
      const info = parseNotaryInfo(result.stdout);
      if (info.status !== "In Progress") return info.status;
      step.update(`In Progress (submission ${id})`);
    } else if (++failures >= MAX_STATUS_FAILURES) {
      throw new ToolFailedError(
        "xcrun notarytool info",
        `failed ${failures} times in a row (last exit code ${result.code})`,
        `check the network, then continue with \`dextkit notarize --resume ${id}\``,
        result.timedOut,
      );
    }
    const elapsed = context.clock.now() - started;
    if (elapsed + pollIntervalMs > limitMs) {
      throw new WaitTimeoutError(
        `notarization ${id} is still In Progress after ${formatElapsed(elapsed)}`,
        `continue waiting later with \`dextkit notarize --resume ${id}\` (or raise ` +
          "dextkit.timeouts.notarize); Apple sometimes takes hours",
      );
    }
    await context.clock.sleep(pollIntervalMs);
  }
}

/** Prints the log's issues; returns how many there are, `undefined` when it could not be read. */
async function printNotaryLog(
  context: PipelineContext,
  id: string,
  auth: readonly string[],
  secrets: readonly string[],
): Promise<number | undefined> {
  const result = await runCommand(context, {
    cmd: "xcrun",
    args: ["notarytool", "log", id, ...auth],
    secrets,
  });
  if (result.code !== 0 || result.timedOut) {
    context.progress.log(`xcrun notarytool log ${id} failed with exit code ${result.code}`);
    return undefined;
  }
  try {
    const log = parseNotaryLog(result.stdout);
    for (const line of formatNotaryIssues(log)) context.progress.log(line);
    return log.issues.length;
  } catch (error) {
    if (!(error instanceof OutputParseError)) throw error;
    context.progress.log(`the notary log of ${id} could not be read: ${error.message}`);
    return undefined;
  }
}
