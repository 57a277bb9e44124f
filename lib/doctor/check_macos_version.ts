/**
 * Doctor check `macos-version`: the Mac runs a macOS the driver supports (13 Ventura, 14 Sonoma,
 * 15 Sequoia, 26 Tahoe; driverkit-reference §7), read from `sw_vers`.
 *
 * @module
 */
import { parseSwVers } from "../sysext/sw_vers.ts";
import { type CheckOutcome, type DoctorCheck, fail, ok, warn } from "./doctor_check.ts";
import type { DoctorContext } from "./doctor_context.ts";

const SUPPORTED: ReadonlyMap<number, string> = new Map([
  [13, "Ventura"],
  [14, "Sonoma"],
  [15, "Sequoia"],
  [26, "Tahoe"],
]);
const NEWEST_TESTED = 26;

/**
 * The macOS version check.
 *
 * @example
 * ```ts
 * import { macOSVersionCheck } from "./check_macos_version.ts";
 *
 * console.assert(macOSVersionCheck.id === "macos-version" && macOSVersionCheck.macOSOnly !== undefined);
 * ```
 */
export const macOSVersionCheck: DoctorCheck = {
  id: "macos-version",
  title: "macOS version",
  macOSOnly: "reads `sw_vers`",
  needsConfig: false,
  run: checkMacOSVersion,
};

async function checkMacOSVersion(context: DoctorContext): Promise<CheckOutcome> {
  const result = await context.run({ cmd: "sw_vers", args: [] });
  const version = parseSwVers(result.stdout);
  const label = `macOS ${version.productVersion}${
    version.buildVersion === "" ? "" : ` (${version.buildVersion})`
  }`;
  const name = SUPPORTED.get(version.major);
  if (name !== undefined) return ok(`${label}, ${name}: supported`);
  if (version.major > NEWEST_TESTED) {
    return warn(
      `${label} is newer than the releases dextkit was tested on (13–15, 26)`,
      "it will most likely work; if something fails, run `dextkit logs` and report it",
    );
  }
  if (version.major < 13) {
    return fail(
      `${label} is older than the driver supports (macOS 13 Ventura or later)`,
      "update macOS to 13 or later; DriverKit HID drivers on older systems are not supported",
    );
  }
  return warn(
    `${label} is not a release dextkit knows (13–15, 26)`,
    "check that `sw_vers` reports the real system version",
  );
}
