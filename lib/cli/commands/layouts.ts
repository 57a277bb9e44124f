/**
 * `dextkit layouts`: lists the keyboard layouts `--layout` accepts (by short id, input-source id
 * or today's macOS name), with the keyboard type each one assumes unless `--keyboard-type` says
 * otherwise. `--layout` also takes `auto` (the Mac's selected layout) and a `.keylayout` file.
 *
 * @module
 */
import { listLayouts } from "../../layout/layout_registry.ts";
import type { CliOutput } from "../output.ts";

/** Options of `dextkit layouts`. */
export interface LayoutsCommandOptions {
  /** One JSON array instead of a table. */
  readonly json?: boolean | undefined;
}

/**
 * Prints the layouts (id, macOS name, input source, default keyboard type) and returns the exit
 * code.
 *
 * @param options The output format.
 * @param output Where to print.
 * @returns 0.
 *
 * @example List the layouts
 * ```ts
 * import { runLayoutsCommand } from "./layouts.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const output = new CapturedOutput();
 * runLayoutsCommand({}, output);
 * console.assert(output.outLines.some((line) => line.startsWith("de ") && line.includes("German")));
 * ```
 */
export function runLayoutsCommand(options: LayoutsCommandOptions, output: CliOutput): number {
  const layouts = listLayouts();
  if (options.json) {
    output.out(JSON.stringify(
      layouts.map(({ id, name, inputSourceId, defaultKeyboardType }) => ({
        id,
        name,
        inputSourceId,
        defaultKeyboardType,
      })),
      null,
      2,
    ));
    return 0;
  }
  const idWidth = Math.max(2, ...layouts.map((layout) => layout.id.length));
  const nameWidth = Math.max(4, ...layouts.map((layout) => layout.name.length));
  const sourceWidth = Math.max(12, ...layouts.map((layout) => layout.inputSourceId.length));
  output.out(
    `${"id".padEnd(idWidth)}  ${"name".padEnd(nameWidth)}  ${
      "input source".padEnd(sourceWidth)
    }  keyboard type`,
  );
  for (const layout of layouts) {
    output.out(
      `${layout.id.padEnd(idWidth)}  ${layout.name.padEnd(nameWidth)}  ${
        layout.inputSourceId.padEnd(sourceWidth)
      }  ${layout.defaultKeyboardType}`,
    );
  }
  return 0;
}
