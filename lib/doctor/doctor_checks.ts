/**
 * The checks `dextkit doctor` runs, in order. The order matters: earlier checks establish facts
 * later ones reuse (the SIP status, the installed app), and each command runs once.
 *
 * | id | looks at | runs off macOS |
 * |---|---|---|
 * | `configuration` | dextkit.json / deno.json | yes |
 * | `dext-project` | dext/ consistency with lib/protocol | yes |
 * | `entitlement-files` | the project's .entitlements files | yes |
 * | `macos-version` | `sw_vers` | no |
 * | `sip` | `csrutil status` | no |
 * | `developer-mode` | `systemextensionsctl developer` | no |
 * | `system-extensions` | `systemextensionsctl list` (+ the driver's version over IOKit) | no |
 * | `extension-database` | /Library/SystemExtensions/db.plist | no |
 * | `manager-app` | the manager app in /Applications | no |
 * | `signatures` | `codesign` on the installed app and dext | no |
 * | `notarization` | `spctl -a -vv` on the installed app, with SIP | no |
 * | `crash-reports` | recent `.ips` of sysextd and the dext | no |
 * | `driver-connection` | the driver over IOKit | with `DEXTKIT_IOKIT_LIBRARY` |
 * | `karabiner` | Karabiner-Elements' versions, driver extension and daemon socket | no |
 *
 * @module
 */
import { configurationCheck } from "./check_configuration.ts";
import { crashReportsCheck } from "./check_crash_reports.ts";
import { developerModeCheck } from "./check_developer_mode.ts";
import { dextProjectCheck } from "./check_dext_project.ts";
import { driverConnectionCheck } from "./check_driver_connection.ts";
import { entitlementFilesCheck } from "./check_entitlement_files.ts";
import { extensionDatabaseCheck } from "./check_extension_database.ts";
import { macOSVersionCheck } from "./check_macos_version.ts";
import { karabinerCheck } from "./check_karabiner.ts";
import { managerAppCheck } from "./check_manager_app.ts";
import { notarizationCheck } from "./check_notarization.ts";
import { signaturesCheck } from "./check_signatures.ts";
import { sipCheck } from "./check_sip.ts";
import { systemExtensionsCheck } from "./check_system_extensions.ts";
import type { DoctorCheck } from "./doctor_check.ts";

/**
 * Every doctor check, in the order they run.
 *
 * @example The ids are unique
 * ```ts
 * import { DOCTOR_CHECKS } from "./doctor_checks.ts";
 *
 * const ids = DOCTOR_CHECKS.map((check) => check.id);
 * console.assert(new Set(ids).size === ids.length && ids[0] === "configuration");
 * ```
 */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = Object.freeze([
  configurationCheck,
  dextProjectCheck,
  entitlementFilesCheck,
  macOSVersionCheck,
  sipCheck,
  developerModeCheck,
  systemExtensionsCheck,
  extensionDatabaseCheck,
  managerAppCheck,
  signaturesCheck,
  notarizationCheck,
  crashReportsCheck,
  driverConnectionCheck,
  karabinerCheck,
]);
