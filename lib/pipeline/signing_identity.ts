/**
 * Resolving a configured identity (a name or a SHA-1) to exactly one valid identity in the
 * keychains, so that codesign is given the SHA-1 and never a name two certificates share
 * (after a renewal both stay valid, and `codesign --sign NAME` then fails: macos-corrections.md
 * item 13).
 *
 * Application identities are listed with `security find-identity -v -p codesigning`; installer
 * identities are not code-signing identities and are listed with `-p basic` (item 12).
 *
 * @module
 */
import { closestNames } from "../closest_names.ts";
import { parseFindIdentity, type SigningIdentity } from "../sysext/find_identity.ts";
import { type PipelineContext, planNote } from "./pipeline_context.ts";
import { AmbiguousIdentityError, SigningIdentityNotFoundError } from "./pipeline_errors.ts";
import { runTool } from "./run_tool.ts";

/** Which identities to list: application signing (`codesigning`) or installer (`basic`). */
export type IdentityPolicy = "codesigning" | "basic";

/** What a configured identity resolved to. */
export interface ResolvedIdentity {
  /** The identity's name (the configured value in a dry run). */
  readonly name: string;
  /** What to pass to `--sign`: the SHA-1, or the configured value in a dry run. */
  readonly sign: string;
  /** The SHA-1, when known (not in a dry run). */
  readonly sha1: string | undefined;
}

const SHA1 = /^[0-9A-Fa-f]{40}$/;

/**
 * Finds the one valid identity the configuration names.
 *
 * @param context The step's context.
 * @param configured The configured name or SHA-1.
 * @param policy Which identities to list.
 * @param setting The configuration key it came from, for messages.
 * @returns The identity.
 * @throws {SigningIdentityNotFoundError} When no valid identity matches.
 * @throws {AmbiguousIdentityError} When two valid identities have the name.
 * @throws {ToolFailedError} When security fails.
 *
 * @example Two valid identities with one name
 * ```ts
 * import { resolveIdentity } from "./signing_identity.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { ScriptedRunner } from "../runner/scripted_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const name = "Developer ID Application: Example Corp (ABCDE12345)";
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner: new ScriptedRunner([{
 *     cmd: "security",
 *     args: ["find-identity", "-v", "-p", "codesigning"],
 *     stdout: `  1) ${"A".repeat(40)} "${name}"\n  2) ${"B".repeat(40)} "${name}"\n     2 valid identities found\n`,
 *   }]),
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * let message = "";
 * try {
 *   await resolveIdentity(context, name, "codesigning", "dextkit.signing.distributionIdentity");
 * } catch (error) {
 *   message = (error as Error).message;
 * }
 * console.assert(message.startsWith("2 valid identities are named"));
 * ```
 */
export async function resolveIdentity(
  context: PipelineContext,
  configured: string,
  policy: IdentityPolicy,
  setting: string,
): Promise<ResolvedIdentity> {
  const result = await runTool(context, {
    cmd: "security",
    args: ["find-identity", "-v", "-p", policy],
  }, { tool: "security find-identity", hint: "unlock the keychain that holds the identity" });
  if (context.runner.dryRun) {
    planNote(
      context,
      `resolve ${JSON.stringify(configured)} to exactly one valid identity` +
        (policy === "codesigning" ? " and sign with its SHA-1" : ""),
    );
    return { name: configured, sign: configured, sha1: undefined };
  }
  const listed = parseFindIdentity(result.stdout);
  for (const warning of listed.warnings) context.progress.log(`warning: ${warning}`);
  const valid = listed.identities.filter((found) => found.valid);
  const matches: SigningIdentity[] = SHA1.test(configured)
    ? valid.filter((found) => found.sha1 === configured.toUpperCase())
    : valid.filter((found) => found.name === configured);
  const only = matches[0];
  if (only === undefined) {
    throw new SigningIdentityNotFoundError(
      configured,
      closestNames(configured, valid.map((found) => found.name)),
      policy,
    );
  }
  if (matches.length > 1) {
    throw new AmbiguousIdentityError(configured, matches.map((found) => found.sha1), setting);
  }
  return { name: only.name, sign: only.sha1, sha1: only.sha1 };
}
