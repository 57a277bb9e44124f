/**
 * `dextkit explain CODE`: what a code, status or message means and what to do about it.
 *
 * What it knows:
 * - OSSystemExtensionError codes 1–13, by number or name (`3`, `unsupportedParentBundleLocation`,
 *   `OSSystemExtensionErrorUnsupportedParentBundleLocation`, `… OSSystemExtensionErrorDomain
 *   error 3`, `Code=3`);
 * - IOReturn and kern_return values: hex (`0xe00002e2`, `e00002e2`), decimal signed
 *   (`-536870174`) or unsigned (`3758097122`), and names (`kIOReturnNotPermitted`,
 *   `KERN_FAILURE`, `MACH_SEND_INVALID_DEST`) or `(iokit/common) not permitted`; a code outside
 *   the table is decoded into its subsystem;
 * - notarization statuses (`Accepted`, `In Progress`, `Invalid`, `Rejected`) and status codes
 *   (0, 4000, 7000); stapler errors 65, 66 and 73;
 * - the known crash signatures and messages of `known_problems.ts` (matched anywhere in the text).
 *
 * A small decimal number can mean several things (3 is OSSystemExtensionError 3 and
 * KERN_NO_SPACE): every reading is returned, the OSSystemExtensionError first. Text that matches
 * nothing fails with the closest known names.
 *
 * @module
 */
import { closestNames } from "../closest_names.ts";
import { DextkitError, ExitCode } from "../errors.ts";
import { describeIOReturn, formatIOReturn, IO_RETURN_CODES } from "../iokit/io_return.ts";
import { explainStaplerError } from "../sysext/stapler.ts";
import {
  findSystemExtensionErrorCode,
  SYSTEM_EXTENSION_ERRORS,
  systemExtensionError,
} from "../sysext/system_extension_errors.ts";
import { findKnownProblems, KNOWN_PROBLEMS } from "./known_problems.ts";

/** Which table an explanation comes from. */
export type ExplanationKind =
  | "system-extension-error"
  | "io-return"
  | "notarization-status"
  | "stapler-error"
  | "known-problem";

/** One reading of the query. */
export interface Explanation {
  /** Which table it comes from. */
  readonly kind: ExplanationKind;
  /** What it is called, e.g. `OSSystemExtensionError 3 (unsupportedParentBundleLocation)`. */
  readonly name: string;
  /** The code, when it has one: `3`, `0xe00002e2 (-536870174)`. */
  readonly code: string | undefined;
  /** What it means. */
  readonly meaning: string;
  /** What to do. */
  readonly fix: string;
}

interface NotaryStatusInfo {
  readonly status: string;
  readonly meaning: string;
  readonly fix: string;
}

const NOTARY_LOG = "read the notary log: `xcrun notarytool log <submission id>`";

const NOTARY_STATUSES: readonly NotaryStatusInfo[] = [
  {
    status: "Accepted",
    meaning: "Apple notarized the upload and published a ticket",
    fix: "staple the ticket to what you ship: `xcrun stapler staple <app|dmg|pkg>` (the notarize " +
      "step does)",
  },
  {
    status: "In Progress",
    meaning: "Apple is still checking the upload; this usually takes minutes, sometimes hours",
    fix: "wait: `xcrun notarytool wait <submission id>`; resubmitting rarely helps",
  },
  {
    status: "Invalid",
    meaning: "the upload failed validation (status code 4000); notarytool still exits 0",
    fix: `${NOTARY_LOG}; the usual causes are a missing hardened runtime or secure timestamp, ` +
      "a signature that is not Developer ID, or get-task-allow",
  },
  {
    status: "Rejected",
    meaning: "Apple refused to notarize (status code 7000: the team is not yet configured for " +
      "notarization)",
    fix: `${NOTARY_LOG}; a new team may have to ask Apple Developer support to enable it`,
  },
];

const NOTARY_STATUS_CODES: ReadonlyMap<number, { readonly summary: string; status: string }> =
  new Map([
    [0, { summary: "Ready for distribution", status: "Accepted" }],
    [4000, { summary: "Archive contains critical validation errors", status: "Invalid" }],
    [7000, { summary: "Team is not yet configured for notarization", status: "Rejected" }],
  ]);

const STAPLER_ERRORS = [65, 66, 73];
const DECIMAL = /^[+-]?\d+$/;
// Bare hex only with all eight digits, so that words such as "dead" stay words.
const HEX = /^(?:0x[0-9a-f]{1,8}|[0-9a-f]{8})$/i;
const HEX_IN_TEXT = /\b0x[0-9a-f]{1,8}\b/gi;
const IOKIT_MESSAGE = /^\((?:iokit|os\/kern|ipc\/send|ipc\/rcv|mig)\/[a-z ]+\)\s*(.+)$/i;

/**
 * A query that matches nothing dextkit knows; the hint lists the closest known names.
 *
 * @example
 * ```ts
 * import { UnknownCodeError } from "./explain_code.ts";
 *
 * const error = new UnknownCodeError("kIOReturnNotPermited", ["kIOReturnNotPermitted"]);
 * console.assert(error.exitCode === 2 && error.hint.includes("kIOReturnNotPermitted"));
 * ```
 */
export class UnknownCodeError extends DextkitError {
  /** The closest known names, closest first. */
  readonly suggestions: readonly string[];

  /**
   * Creates the error.
   *
   * @param query What the user asked about.
   * @param suggestions The closest known names.
   */
  constructor(query: string, suggestions: readonly string[]) {
    super(`dextkit does not know ${JSON.stringify(query)}`, {
      hint: suggestions.length > 0
        ? `did you mean ${suggestions.join(", ")}?`
        : "give an OSSystemExtensionError code (1–13), an IOReturn or kern_return value " +
          "(0xe00002e2, -536870174, kIOReturnNotPermitted), a notarization status, or part of " +
          "an error message",
      exitCode: ExitCode.Usage,
    });
    this.suggestions = suggestions;
  }
}

/**
 * Every reading of a query; empty when nothing matches.
 *
 * @param query A code, a name or a message.
 * @returns The explanations, OSSystemExtensionError first, then notarization, stapler,
 * IOReturn / kern_return and known messages.
 *
 * @example Hex, signed and unsigned decimal are the same code
 * ```ts
 * import { explainCode } from "./explain_code.ts";
 *
 * for (const query of ["0xe00002e2", "-536870174", "3758097122", "kIOReturnNotPermitted"]) {
 *   console.assert(explainCode(query)[0]?.name === "kIOReturnNotPermitted");
 * }
 * console.assert(explainCode("3")[0]?.name === "OSSystemExtensionError 3 (unsupportedParentBundleLocation)");
 * console.assert(explainCode("Activate found 2 extensions in active state")[0]?.kind === "known-problem");
 * ```
 */
export function explainCode(query: string): Explanation[] {
  const text = query.trim();
  if (text === "") return [];
  const found: Explanation[] = [];
  if (DECIMAL.test(text)) found.push(...explainDecimal(Number(text)));
  else if (HEX.test(text)) {
    found.push(ioReturn(Number.parseInt(text.replace(/^0x/i, ""), 16)));
  } else {
    found.push(...explainName(text));
    if (found.length === 0) found.push(...explainText(text));
  }
  return dedupe(found);
}

/**
 * Like {@linkcode explainCode}, but fails when nothing matches.
 *
 * @param query A code, a name or a message.
 * @returns At least one explanation.
 * @throws {UnknownCodeError} When nothing matches, with the closest known names.
 *
 * @example An unknown name gets suggestions
 * ```ts
 * import { explain, UnknownCodeError } from "./explain_code.ts";
 *
 * try {
 *   explain("unsupportedParentBundleLocaton");
 * } catch (error) {
 *   console.assert(error instanceof UnknownCodeError);
 *   console.assert((error as UnknownCodeError).suggestions[0] === "unsupportedParentBundleLocation");
 * }
 * ```
 */
export function explain(query: string): Explanation[] {
  const found = explainCode(query);
  if (found.length > 0) return found;
  throw new UnknownCodeError(query, closestNames(query.trim(), knownNames(), 5));
}

function explainDecimal(value: number): Explanation[] {
  const found: Explanation[] = [];
  const sysext = systemExtensionError(value);
  if (sysext !== undefined) found.push(systemExtension(sysext.code));
  const notary = NOTARY_STATUS_CODES.get(value);
  if (notary !== undefined) {
    const status = NOTARY_STATUSES.find((entry) => entry.status === notary.status);
    found.push({
      kind: "notarization-status",
      name: `notarization status code ${value} (${notary.summary})`,
      code: String(value),
      meaning: `notarytool log: ${notary.summary}; status ${notary.status}: ${
        status?.meaning ?? ""
      }`,
      fix: status?.fix ?? NOTARY_LOG,
    });
  }
  if (STAPLER_ERRORS.includes(value)) {
    found.push({
      kind: "stapler-error",
      name: `stapler Error ${value}`,
      code: String(value),
      meaning: explainStaplerError(value),
      fix: value === 65
        ? "retry stapling with a pause (the notarize step retries by itself)"
        : "staple the app, dmg or pkg you ship instead",
    });
  }
  if (value >= -0x8000_0000 && value <= 0xffff_ffff) {
    const description = describeIOReturn(value);
    // A small number outside the table is not an IOReturn anyone printed.
    if (description.name !== undefined || Math.abs(value) >= 0x1_0000) found.push(ioReturn(value));
  }
  return found;
}

function explainName(text: string): Explanation[] {
  const lower = text.toLowerCase();
  const found: Explanation[] = [];
  for (const entry of SYSTEM_EXTENSION_ERRORS) {
    const names = [entry.name, `OSSystemExtensionError${capitalize(entry.name)}`];
    if (names.some((name) => name.toLowerCase() === lower)) found.push(systemExtension(entry.code));
  }
  for (const entry of IO_RETURN_CODES) {
    if ([entry.name, ...(entry.aliases ?? [])].some((name) => name.toLowerCase() === lower)) {
      found.push(ioReturn(entry.code));
    }
  }
  const message = IOKIT_MESSAGE.exec(text)?.[1]?.toLowerCase();
  if (message !== undefined) {
    for (const entry of IO_RETURN_CODES) {
      if (entry.meaning.toLowerCase() === message) found.push(ioReturn(entry.code));
    }
  }
  const compact = lower.replace(/[\s_-]/g, "");
  for (const status of NOTARY_STATUSES) {
    if (status.status.toLowerCase().replace(/\s/g, "") === compact) {
      found.push({
        kind: "notarization-status",
        name: `notarization status ${status.status}`,
        code: undefined,
        meaning: status.meaning,
        fix: status.fix,
      });
    }
  }
  for (const problem of KNOWN_PROBLEMS) {
    if (problem.id === lower) found.push(known(problem.id));
  }
  return found;
}

function explainText(text: string): Explanation[] {
  const found: Explanation[] = [];
  const sysextCode = findSystemExtensionErrorCode(text);
  if (sysextCode !== undefined && systemExtensionError(sysextCode) !== undefined) {
    found.push(systemExtension(sysextCode));
  }
  for (const problem of findKnownProblems(text)) found.push(known(problem.id));
  for (const match of text.matchAll(HEX_IN_TEXT)) {
    found.push(ioReturn(Number.parseInt(match[0].slice(2), 16)));
  }
  const stapler = /\bError (65|66|73)\b/.exec(text);
  if (stapler) found.push(...explainDecimal(Number(stapler[1])).filter(isStapler));
  return found;
}

function isStapler(explanation: Explanation): boolean {
  return explanation.kind === "stapler-error";
}

function systemExtension(code: number): Explanation {
  const entry = systemExtensionError(code);
  return {
    kind: "system-extension-error",
    name: `OSSystemExtensionError ${code} (${entry?.name ?? "unknown"})`,
    code: String(code),
    meaning: entry?.meaning ?? "",
    fix: entry?.fix ?? "",
  };
}

function ioReturn(code: number): Explanation {
  const description = describeIOReturn(code);
  const aliases = IO_RETURN_CODES.find((entry) => entry.code === description.code)?.aliases ?? [];
  return {
    kind: "io-return",
    name: description.name === undefined
      ? `IOReturn ${formatIOReturn(description.code)}`
      : [description.name, ...aliases].join(" / "),
    code: `${description.hex} (${description.signed})`,
    meaning: description.driverReason === undefined
      ? description.meaning
      : `${description.meaning}; dextkit's driver returns it when ${description.driverReason}`,
    fix: description.action,
  };
}

function known(id: string): Explanation {
  const problem = KNOWN_PROBLEMS.find((entry) => entry.id === id);
  return {
    kind: "known-problem",
    name: problem?.name ?? id,
    code: undefined,
    meaning: problem?.meaning ?? "",
    fix: problem?.fix ?? "",
  };
}

function dedupe(explanations: readonly Explanation[]): Explanation[] {
  const seen = new Set<string>();
  return explanations.filter((explanation) => {
    const key = `${explanation.kind}:${explanation.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function knownNames(): string[] {
  return [
    ...SYSTEM_EXTENSION_ERRORS.map((entry) => entry.name),
    ...IO_RETURN_CODES.flatMap((entry) => [entry.name, ...(entry.aliases ?? [])]),
    ...NOTARY_STATUSES.map((status) => status.status),
    ...KNOWN_PROBLEMS.flatMap((problem) => [problem.id, problem.name]),
  ];
}
