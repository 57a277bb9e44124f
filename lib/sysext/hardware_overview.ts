/**
 * Parser for `system_profiler SPHardwareDataType`: the identifier a development provisioning
 * profile lists this Mac by. Apple silicon Macs print a `Provisioning UDID:` line (the
 * `00008103-…` form); Intel Macs have none, and their provisioning UDID is the `Hardware UUID:`.
 * The lines are indented `Key: value` pairs under `Hardware Overview:`; only these two keys are
 * read. (Shapes from Apple's tool as commonly quoted; no Apple document describes the output, and
 * the fixtures are hand-written.)
 *
 * @module
 */
import { OutputParseError } from "./output_parse_error.ts";
import { splitLines } from "./text_lines.ts";

/** The Mac's identifiers. */
export interface HardwareOverview {
  /** `Provisioning UDID`, else the `Hardware UUID`: what `ProvisionedDevices` must list. */
  readonly provisioningUdid: string;
  /** `Hardware UUID`, when printed. */
  readonly hardwareUuid: string | undefined;
}

/**
 * Parses `system_profiler SPHardwareDataType`.
 *
 * @param stdout What system_profiler printed.
 * @returns The identifiers.
 * @throws {OutputParseError} When neither line is there.
 *
 * @example An Intel Mac
 * ```ts
 * import { parseHardwareOverview } from "./hardware_overview.ts";
 *
 * const mac = parseHardwareOverview("Hardware:\n\n    Hardware Overview:\n\n      Hardware UUID: 4C4C4544-0042-3910-8058-B7C04F385A31\n");
 * console.assert(mac.provisioningUdid === "4C4C4544-0042-3910-8058-B7C04F385A31");
 * ```
 */
export function parseHardwareOverview(stdout: string): HardwareOverview {
  const fields = new Map<string, string>();
  for (const raw of splitLines(stdout)) {
    const line = raw.trim();
    const colon = line.indexOf(": ");
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 2).trim());
  }
  const hardwareUuid = fields.get("Hardware UUID");
  const provisioningUdid = fields.get("Provisioning UDID") ?? hardwareUuid;
  if (provisioningUdid === undefined || provisioningUdid === "") {
    throw new OutputParseError(
      "system_profiler SPHardwareDataType",
      'neither a "Provisioning UDID:" nor a "Hardware UUID:" line',
    );
  }
  return { provisioningUdid, hardwareUuid };
}
