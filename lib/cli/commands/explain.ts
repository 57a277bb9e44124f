/**
 * `dextkit explain CODE [--json]`: what an OSSystemExtensionError code, an IOReturn or
 * kern_return value (hex or decimal, signed or unsigned), a notarization status or status code,
 * a stapler error, or a known crash signature or error message means, and what to do (see
 * lib/doctor/explain_code.ts). Several readings of one number are all shown. Text that matches
 * nothing ends with exit code 2 and the closest known names.
 *
 * @module
 */
import { explain, type Explanation } from "../../doctor/explain_code.ts";
import type { CliOutput } from "../output.ts";

/** Options of `dextkit explain`. */
export interface ExplainCommandOptions {
  /** The code, name or message. */
  readonly code: string;
  /** `--json`. */
  readonly json?: boolean | undefined;
}

const KIND_LABELS: Readonly<Record<Explanation["kind"], string>> = {
  "system-extension-error": "system extension activation error",
  "io-return": "IOReturn / kern_return",
  "notarization-status": "notarization",
  "stapler-error": "stapler",
  "known-problem": "known crash or message",
};

/**
 * Runs `dextkit explain`.
 *
 * @param options The command line.
 * @param output Where to print.
 * @returns 0.
 * @throws {UnknownCodeError} When nothing matches (exit code 2, with suggestions).
 *
 * @example
 * ```ts
 * import { runExplainCommand } from "./explain.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const output = new CapturedOutput();
 * runExplainCommand({ code: "-536870174" }, output);
 * console.assert(output.outLines[0] === "kIOReturnNotPermitted — 0xe00002e2 (-536870174), IOReturn / kern_return");
 * ```
 */
export function runExplainCommand(options: ExplainCommandOptions, output: CliOutput): number {
  const explanations = explain(options.code);
  if (options.json === true) {
    output.out(JSON.stringify(
      {
        query: options.code,
        explanations: explanations.map((entry) => ({
          kind: entry.kind,
          name: entry.name,
          code: entry.code ?? null,
          meaning: entry.meaning,
          fix: entry.fix,
        })),
      },
      null,
      2,
    ));
    return 0;
  }
  explanations.forEach((entry, index) => {
    if (index > 0) output.out("");
    output.out(
      `${entry.name} — ${entry.code === undefined ? "" : `${entry.code}, `}${
        KIND_LABELS[entry.kind]
      }`,
    );
    output.out(`  meaning:    ${entry.meaning}`);
    output.out(`  what to do: ${entry.fix}`);
  });
  return 0;
}
