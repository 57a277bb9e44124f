/**
 * Running one tool for a step: the configured per-command time limit, and a
 * {@linkcode ToolFailedError} naming the tool and its last error line when it fails, so a step
 * reads as a list of commands.
 *
 * @module
 */
import { formatElapsed } from "./format_elapsed.ts";
import { redactText } from "../config/redact_secrets.ts";
import type { CommandResult, CommandSpec, RunHandlers } from "../runner/command_runner.ts";
import { oneLine, splitLines } from "../sysext/text_lines.ts";
import type { PipelineContext } from "./pipeline_context.ts";
import { ToolFailedError } from "./pipeline_errors.ts";

/** How to run a tool and what to say when it fails. */
export interface RunToolOptions {
  /** The tool's name in messages; the executable's name when absent. */
  readonly tool?: string;
  /** What to do when it fails. */
  readonly hint: string;
  /** Line callbacks for its output. */
  readonly handlers?: RunHandlers;
}

/**
 * Runs a command with the configured time limit (`timeouts.command`) unless it sets its own.
 *
 * @param context The step's context.
 * @param command The command.
 * @param handlers Line callbacks.
 * @returns The result, whatever the exit code.
 *
 * @example
 * ```ts
 * import { runCommand } from "./run_tool.ts";
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
 * await runCommand(context, { cmd: "csrutil", args: ["status"] });
 * console.assert(runner.plan[0]?.command?.timeoutMs === 1_800_000);
 * ```
 */
export function runCommand(
  context: PipelineContext,
  command: CommandSpec,
  handlers?: RunHandlers,
): Promise<CommandResult> {
  const spec = command.timeoutMs === undefined
    ? { ...command, timeoutMs: context.config.timeouts.commandMs }
    : command;
  return context.runner.run(spec, handlers);
}

/**
 * Runs a command that must succeed.
 *
 * @param context The step's context.
 * @param command The command.
 * @param options The tool's name, the hint for a failure, line callbacks.
 * @returns The result (exit code 0).
 * @throws {ToolFailedError} When it exits with another code or times out (exit code 4 then).
 *
 * @example A failing tool
 * ```ts
 * import { runTool } from "./run_tool.ts";
 * import { createPipelineContext } from "./pipeline_context.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 * import { ScriptedRunner } from "../runner/scripted_runner.ts";
 * import { Progress } from "../cli/progress.ts";
 *
 * const context = createPipelineContext({
 *   config: resolveConfig({}, { root: "/src" }),
 *   runner: new ScriptedRunner([{ cmd: "xcodegen", code: 1, stderr: "Spec validation error\n" }]),
 *   progress: new Progress({ mode: "plain", write: () => {} }),
 * });
 * let message = "";
 * try {
 *   await runTool(context, { cmd: "xcodegen", args: ["generate"] }, { hint: "fix project.yml" });
 * } catch (error) {
 *   message = (error as Error).message;
 * }
 * console.assert(message === "xcodegen exited with code 1: Spec validation error");
 * ```
 */
export async function runTool(
  context: PipelineContext,
  command: CommandSpec,
  options: RunToolOptions,
): Promise<CommandResult> {
  const result = await runCommand(context, command, options.handlers);
  if (result.code === 0 && !result.timedOut) return result;
  const tool = options.tool ?? command.cmd.slice(command.cmd.lastIndexOf("/") + 1);
  if (result.timedOut) {
    throw new ToolFailedError(
      tool,
      `timed out after ${formatElapsed(result.durationMs)}`,
      options.hint,
      true,
    );
  }
  const last = lastLine(result.stderr) ?? lastLine(result.stdout);
  const detail = last === undefined ? "" : `: ${oneLine(redactText(last, command.secrets ?? []))}`;
  throw new ToolFailedError(tool, `exited with code ${result.code}${detail}`, options.hint);
}

function lastLine(text: string): string | undefined {
  const lines = splitLines(text).map((line) => line.trim()).filter((line) => line !== "");
  return lines[lines.length - 1];
}
