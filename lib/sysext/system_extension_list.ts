/**
 * Parser for `systemextensionsctl list`: which system extensions macOS knows, their versions and
 * states.
 *
 * The format (macos-tooling-reference §4.1): a `<N> extension(s)` line, then per category a
 * `--- <category>` line (macOS 15+ appends a `(Go to 'System Settings > …')` note), a column
 * header, and one TAB-separated row per extension version:
 *
 * ```text
 * enabled	active	teamID	bundleID (version)	name	[state]
 * *	*	ABCDE12345	com.example.hiddriver (1.2/7)	com.example.hiddriver	[activated enabled]
 * ```
 *
 * The enabled and active columns hold `*` or nothing. `list <category>` output (with a
 * `Category: …` line), blank lines, CRLF and trailing spaces are accepted. A row whose TABs were
 * turned into spaces (pasted from a terminal) still parses; a lone `*` there is read as the
 * observed `active only` combination. A row count that disagrees with the count line is a
 * warning in {@linkcode SystemExtensionList.warnings}, not an error: the rows that are there are
 * still read (the output may have been cut off, or a macOS release may count differently).
 *
 * @module
 */
import { OutputParseError } from "./output_parse_error.ts";
import {
  type SystemExtensionPhase,
  systemExtensionPhase,
  systemExtensionStateName,
} from "./system_extension_state.ts";
import { quoteExcerpt, splitLines } from "./text_lines.ts";

/** One row of `systemextensionsctl list`: one version of one extension. */
export interface SystemExtensionEntry {
  /** The category from the `--- …` line, e.g. `com.apple.system_extension.driver_extension`. */
  readonly category: string;
  /** The enabled column holds `*`. */
  readonly enabled: boolean;
  /** The active column holds `*`. */
  readonly active: boolean;
  /** The team id column (10 characters for a signed extension). */
  readonly teamId: string;
  /** The extension's bundle id. */
  readonly bundleId: string;
  /** CFBundleShortVersionString: the part before `/` in `(1.2/7)`; empty when there is no `/`. */
  readonly shortVersion: string;
  /** CFBundleVersion: the part after `/` in `(1.2/7)`, or the whole version without a `/`. */
  readonly bundleVersion: string;
  /** The name column (CFBundleDisplayName or CFBundleName; for dexts usually the bundle id). */
  readonly name: string;
  /** The state in db.plist's underscore form, e.g. `activated_enabled`. */
  readonly state: string;
  /** What the state means for an install. */
  readonly phase: SystemExtensionPhase;
  /** The 1-based line of the row in the output. */
  readonly line: number;
}

/** Everything `systemextensionsctl list` printed. */
export interface SystemExtensionList {
  /** The count from the `<N> extension(s)` line. */
  readonly count: number;
  /** Every row, in output order. */
  readonly extensions: readonly SystemExtensionEntry[];
  /** What did not add up (the count line against the rows), one sentence each. */
  readonly warnings: readonly string[];
}

const WHAT = "systemextensionsctl list";
const COUNT_LINE = /^(\d+) extension\(s\)$/;
const CATEGORY_LINE = /^---\s+(\S+)/;
const CATEGORY_PREFIX = /^Category:\s*(\S+)$/;
const BUNDLE_AND_VERSION = /^(\S+) \(([^()]*)\)$/;
const SPACED_ROW = /^((?:\*\s+){0,2})(\S+)\s+(\S+ \([^()]*\))\s+(.*?)\s*(\[[^\]]*\])$/;

/**
 * Parses the output of `systemextensionsctl list` (or `list <category>`).
 *
 * @param text The command's standard output.
 * @returns The count line and every row.
 * @throws {OutputParseError} When a line fits none of the known shapes or a row lacks columns.
 *
 * @example An activated dext and an old version retained until reboot
 * ```ts
 * import { parseSystemExtensionList } from "./system_extension_list.ts";
 *
 * const list = parseSystemExtensionList([
 *   "2 extension(s)",
 *   "--- com.apple.system_extension.driver_extension",
 *   "enabled\tactive\tteamID\tbundleID (version)\tname\t[state]",
 *   "*\t*\tABCDE12345\tcom.example.hiddriver (1.2/7)\tcom.example.hiddriver\t[activated enabled]",
 *   "\t\tABCDE12345\tcom.example.hiddriver (1.1/6)\tcom.example.hiddriver\t[terminated waiting to uninstall on reboot]",
 * ].join("\n"));
 * console.assert(list.extensions[0]?.bundleVersion === "7" && list.extensions[0]?.phase === "enabled");
 * console.assert(list.extensions[1]?.phase === "reboot-pending");
 * ```
 */
export function parseSystemExtensionList(text: string): SystemExtensionList {
  const lines = splitLines(text);
  let count: number | undefined;
  let category: string | undefined;
  const extensions: SystemExtensionEntry[] = [];
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const raw = lines[index] ?? "";
    const line = raw.trim();
    if (line === "") continue;
    const countMatch = COUNT_LINE.exec(line);
    if (countMatch) {
      if (count !== undefined) throw new OutputParseError(WHAT, "a second count line", lineNumber);
      count = Number(countMatch[1]);
      continue;
    }
    const prefixMatch = CATEGORY_PREFIX.exec(line);
    if (prefixMatch) {
      category = prefixMatch[1];
      continue;
    }
    if (count === undefined) {
      throw new OutputParseError(
        WHAT,
        `expected "<N> extension(s)", found ${quoteExcerpt(line)}`,
        lineNumber,
      );
    }
    const categoryMatch = CATEGORY_LINE.exec(line);
    if (categoryMatch) {
      category = categoryMatch[1];
      continue;
    }
    if (/^enabled\s+active\s+teamID\b/.test(line)) continue;
    if (category === undefined) {
      throw new OutputParseError(
        WHAT,
        `a row before any "--- <category>" line: ${quoteExcerpt(line)}`,
        lineNumber,
      );
    }
    extensions.push(parseRow(raw.trimEnd(), category, lineNumber));
  }
  if (count === undefined) {
    throw new OutputParseError(WHAT, 'the output is empty (no "<N> extension(s)" line)');
  }
  const warnings = extensions.length === count ? [] : [
    `${WHAT}: the count line says ${count} extension(s) but ${extensions.length} row(s) ` +
    "follow (was the output cut off?); reading the rows that are there",
  ];
  return { count, extensions, warnings };
}

function parseRow(row: string, category: string, line: number): SystemExtensionEntry {
  let enabledField: string;
  let activeField: string;
  let teamId: string;
  let bundleField: string;
  let name: string;
  let stateField: string;
  if (row.includes("\t")) {
    const fields = row.split("\t").map((field) => field.trim());
    if (fields.length !== 6) {
      throw new OutputParseError(WHAT, `a row has ${fields.length} columns, expected 6`, line);
    }
    [enabledField, activeField, teamId, bundleField, name, stateField] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
  } else {
    const match = SPACED_ROW.exec(row.trim());
    if (!match) {
      throw new OutputParseError(WHAT, `not a row: ${quoteExcerpt(row.trim())}`, line);
    }
    const stars = (match[1] ?? "").replace(/\s/g, "").length;
    // Spaces hide which column a lone "*" was in; "active only" is the combination seen.
    enabledField = stars === 2 ? "*" : "";
    activeField = stars >= 1 ? "*" : "";
    teamId = match[2] ?? "";
    bundleField = match[3] ?? "";
    name = match[4] ?? "";
    stateField = match[5] ?? "";
  }
  const bundleMatch = BUNDLE_AND_VERSION.exec(bundleField);
  if (!bundleMatch) {
    throw new OutputParseError(
      WHAT,
      `expected "bundleID (version)", found ${quoteExcerpt(bundleField)}`,
      line,
    );
  }
  if (!stateField.startsWith("[") || !stateField.endsWith("]") || stateField.length < 3) {
    throw new OutputParseError(
      WHAT,
      `expected a "[state]" column, found ${quoteExcerpt(stateField)}`,
      line,
    );
  }
  if (teamId === "") throw new OutputParseError(WHAT, "the teamID column is empty", line);
  const version = bundleMatch[2] ?? "";
  const slash = version.lastIndexOf("/");
  const state = systemExtensionStateName(stateField);
  return {
    category,
    enabled: starColumn(enabledField, "enabled", line),
    active: starColumn(activeField, "active", line),
    teamId,
    bundleId: bundleMatch[1] ?? "",
    shortVersion: slash < 0 ? "" : version.slice(0, slash),
    bundleVersion: slash < 0 ? version : version.slice(slash + 1),
    name,
    state,
    phase: systemExtensionPhase(state),
    line,
  };
}

function starColumn(field: string, column: string, line: number): boolean {
  if (field === "*") return true;
  if (field === "") return false;
  throw new OutputParseError(
    WHAT,
    `the ${column} column holds ${quoteExcerpt(field)}, expected "*" or nothing`,
    line,
  );
}
