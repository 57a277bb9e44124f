/**
 * Warnings of a DuckyScript compile: commands that do nothing here (device-only, Windows-only)
 * and state a compile cannot know.
 *
 * @module
 */
import type { SourceLocation } from "../action.ts";

/**
 * A located warning; the compile goes on.
 *
 * @example A warning
 * ```ts
 * import type { DuckyDiagnostic } from "./diagnostics.ts";
 *
 * const warning: DuckyDiagnostic = {
 *   severity: "warning",
 *   message: "LED_R controls the device's LED; skipped",
 *   source: { file: "a.txt", line: 3, column: 1 },
 * };
 * console.assert(warning.severity === "warning");
 * ```
 */
export interface DuckyDiagnostic {
  /** Always a warning: problems that stop the compile are thrown as `DuckyScriptError`. */
  readonly severity: "warning";
  /** What happened and what dextkit did instead, in one sentence. */
  readonly message: string;
  /** The line the warning is about. */
  readonly source: SourceLocation;
}

/**
 * Collects warnings, each message once per location, so a device-only command inside a loop
 * warns once rather than once per iteration.
 *
 * @example Warn once per location
 * ```ts
 * import { WarningCollector } from "./diagnostics.ts";
 *
 * const warnings = new WarningCollector();
 * const source = { file: "a.txt", line: 2, column: 1 };
 * warnings.warn("LED_R controls the device's LED; ignored", source);
 * warnings.warn("LED_R controls the device's LED; ignored", source);
 * console.assert(warnings.list().length === 1);
 * ```
 */
export class WarningCollector {
  readonly #warnings: DuckyDiagnostic[] = [];
  readonly #seen = new Set<string>();

  /**
   * Records a warning unless the same message was already recorded for the same location.
   *
   * @param message The warning, one sentence.
   * @param source The line it is about.
   */
  warn(message: string, source: SourceLocation): void {
    const key = `${source.line}:${source.column}:${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#warnings.push({ severity: "warning", message, source });
  }

  /**
   * The warnings so far, in the order they were first recorded.
   *
   * @returns The warnings.
   */
  list(): readonly DuckyDiagnostic[] {
    return this.#warnings;
  }
}
