/**
 * Parser for `csrutil status`: whether System Integrity Protection is on.
 *
 * It matters to the install step: `systemextensionsctl reset`, `uninstall` and `developer on`
 * refuse to run with SIP enabled, and a dext must be notarized when SIP is on even if it was
 * built on the same Mac.
 *
 * @module
 */
import { OutputParseError } from "./output_parse_error.ts";
import { quoteExcerpt, splitLines } from "./text_lines.ts";

/** `enabled`, `disabled`, or `custom` (`unknown (Custom Configuration)`, a per-protection list). */
export type SipStatus = "enabled" | "disabled" | "custom";

/** What `csrutil status` said. */
export interface CsrutilStatus {
  /** The overall status. */
  readonly sip: SipStatus;
  /**
   * For a custom configuration, each protection (`Filesystem Protections`, `Kext Signing`, …) →
   * enabled; empty otherwise.
   */
  readonly protections: Readonly<Record<string, boolean>>;
}

const WHAT = "csrutil status";
const STATUS_LINE =
  /^System Integrity Protection status: (enabled|disabled|unknown)(?: \(([^)]*)\))?\.?$/;
const PROTECTION_LINE = /^(.+?):\s*(enabled|disabled)\.?$/;

/**
 * Parses `csrutil status`.
 *
 * @param stdout What csrutil printed.
 * @returns The status and, for a custom configuration, each protection.
 * @throws {OutputParseError} When the first line is not `System Integrity Protection status: …`,
 * or a line under `Configuration:` is not `<name>: enabled|disabled`.
 *
 * @example SIP off
 * ```ts
 * import { parseCsrutilStatus } from "./csrutil.ts";
 *
 * console.assert(parseCsrutilStatus("System Integrity Protection status: disabled.\n").sip === "disabled");
 * ```
 */
export function parseCsrutilStatus(stdout: string): CsrutilStatus {
  const lines = splitLines(stdout);
  const first = lines.findIndex((line) => line.trim() !== "");
  if (first < 0) throw new OutputParseError(WHAT, "the output is empty");
  const status = STATUS_LINE.exec((lines[first] ?? "").trim());
  if (!status) {
    throw new OutputParseError(
      WHAT,
      `expected "System Integrity Protection status: …", found ${
        quoteExcerpt((lines[first] ?? "").trim())
      }`,
      first + 1,
    );
  }
  const custom = status[1] === "unknown" || /custom/i.test(status[2] ?? "");
  const protections: Record<string, boolean> = {};
  let inConfiguration = false;
  for (let index = first + 1; index < lines.length; index++) {
    const line = (lines[index] ?? "").trim();
    if (line === "") continue;
    if (line === "Configuration:") {
      inConfiguration = true;
      continue;
    }
    if (!inConfiguration) continue;
    const protection = PROTECTION_LINE.exec(line);
    if (protection) {
      Object.defineProperty(protections, protection[1] ?? "", {
        value: protection[2] === "enabled",
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else if ((lines[index] ?? "").startsWith("\t")) {
      throw new OutputParseError(
        WHAT,
        `expected "<protection>: enabled|disabled", found ${quoteExcerpt(line)}`,
        index + 1,
      );
    } else {
      // The closing "This is an unsupported configuration…" sentence ends the list.
      inConfiguration = false;
    }
  }
  if (custom && Object.keys(protections).length === 0) {
    throw new OutputParseError(
      WHAT,
      "a custom configuration without its protection list (cut off?)",
    );
  }
  return { sip: custom ? "custom" : status[1] === "enabled" ? "enabled" : "disabled", protections };
}
