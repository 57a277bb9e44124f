import assert from "node:assert/strict";
import { parse } from "yaml";

// The release workflow runs only on GitHub's macOS runners; these checks keep the parts that
// make it reliable from being dropped by an edit. (actionlint and shellcheck are run by hand:
// see the closing note of issue 15.)
interface Step {
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Workflow {
  readonly on: { readonly workflow_dispatch: { readonly inputs: Record<string, unknown> } };
  readonly permissions: Record<string, string>;
  readonly jobs: {
    readonly release: { readonly env: Record<string, string>; readonly steps: readonly Step[] };
  };
}

const workflow = parse(
  Deno.readTextFileSync(new URL("../.github/workflows/release.yml", import.meta.url)),
) as Workflow;
const job = workflow.jobs.release;
const runs = job.steps.map((step) => step.run ?? "").join("\n");

Deno.test("release workflow: Xcode is pinned and its DriverKit SDK checked before building", () => {
  assert.match(job.env["XCODE_VERSION"] ?? "", /^\d+\.\d+(\.\d+)?$/);
  assert.match(runs, /xcode-select --switch "\/Applications\/Xcode_\$\{XCODE_VERSION\}\.app/);
  assert.match(runs, /xcodebuild -showsdks/);
  assert.match(runs, /-sdk driverkit/);
});

Deno.test("release workflow: identities listed with the right policies, no keychain prompt", () => {
  assert.match(runs, /find-identity -v -p codesigning/);
  assert.match(runs, /find-identity -v -p basic/);
  assert.match(runs, /set-key-partition-list -S apple-tool:,apple:,codesign:/);
  assert.match(runs, /set-keychain-settings -lut 21600/);
});

Deno.test("release workflow: a notarization can be resumed, and its id reaches the job summary", () => {
  assert.ok("resume_id" in workflow.on.workflow_dispatch.inputs);
  assert.ok("resume_run_id" in workflow.on.workflow_dispatch.inputs);
  assert.equal(workflow.permissions["actions"], "read");
  assert.match(runs, /deno task notarize --resume "\$RESUME_ID"/);
  const summary = job.steps.find((step) => step.run?.includes("GITHUB_STEP_SUMMARY"));
  assert.equal(summary?.if, "always()");
  assert.match(summary?.run ?? "", /submission-id/);
});

Deno.test("release workflow: the package and the logs are kept when a run fails", () => {
  const onFailure = job.steps.filter((step) =>
    step.uses?.startsWith("actions/upload-artifact@") && step.if === "failure() || cancelled()"
  );
  const paths = onFailure.map((step) => String(step.with?.["path"] ?? "")).join("\n");
  assert.match(paths, /dext\/build\/dist\/\*\.pkg/);
  assert.match(paths, /\*\.notary-log\.json/);
  assert.match(paths, /dext\/build\/logs\//);
  assert.match(paths, /runner\.temp \}\}\/logs\//);
});
