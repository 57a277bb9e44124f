/**
 * `dextkit keys`: lists the key names the resolver accepts, with usage ids and aliases.
 *
 * @module
 */
import { DextkitError } from "../../errors.ts";
import { type KeyInfo, listKeys, searchKeys } from "../../hid/key_names.ts";
import type { CliOutput } from "../output.ts";

/** Options of `dextkit keys`. */
export interface KeysCommandOptions {
  /** Only keys whose name, HUT name or an alias contains this text (case-insensitive). */
  readonly search?: string | undefined;
  /** One JSON array instead of a table. */
  readonly json?: boolean | undefined;
}

function hex(value: number, width: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(width, "0")}`;
}

/**
 * Prints the key table (or JSON) and returns the exit code: 0, or (JSON) 1 with an empty list when
 * a search matched nothing.
 *
 * @param options The search text and output format.
 * @param output Where to print.
 * @returns The exit code.
 * @throws {DextkitError} When a search matches nothing (exit code 1), as text.
 *
 * @example List the arrow keys
 * ```ts
 * import { runKeysCommand } from "./keys.ts";
 * import { CapturedOutput } from "../output.ts";
 *
 * const output = new CapturedOutput();
 * runKeysCommand({ search: "arrowup" }, output);
 * console.assert(output.stdout.includes("ArrowUp"));
 * ```
 */
export function runKeysCommand(options: KeysCommandOptions, output: CliOutput): number {
  const keys: readonly KeyInfo[] = options.search === undefined
    ? listKeys()
    : searchKeys(options.search);
  if (options.json) {
    output.out(JSON.stringify(
      keys.map((key) => ({
        code: key.code,
        page: key.page,
        usage: key.usage,
        hutName: key.hutName,
        aliases: key.aliases,
      })),
      null,
      2,
    ));
    return keys.length === 0 ? 1 : 0;
  }
  if (keys.length === 0) {
    throw new DextkitError(`no key name matches ${JSON.stringify(options.search ?? "")}`, {
      hint: "search for part of a name (`arrow`, `vol`) or run `dextkit keys` for all of them",
    });
  }
  const codeWidth = Math.max(4, ...keys.map((key) => key.code.length));
  const nameWidth = Math.max(8, ...keys.map((key) => key.hutName.length));
  output.out(
    `${"NAME".padEnd(codeWidth)}  PAGE    USAGE   ${"HID NAME".padEnd(nameWidth)}  ALIASES`,
  );
  for (const key of keys) {
    output.out(
      `${key.code.padEnd(codeWidth)}  ${hex(key.page, 4)}  ${hex(key.usage, 4)}  ${
        key.hutName.padEnd(nameWidth)
      }  ${key.aliases.join(", ")}`.trimEnd(),
    );
  }
  return 0;
}
