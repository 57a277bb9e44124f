/**
 * The compatibility rule: may this client use the driver it just opened?
 *
 * - For an identity with a protocol version (dextkit's driver), the driver's protocol version
 *   (selector 10) must equal it; the driver version may differ.
 * - For an identity without one (the established driver, which has no selector 10), the driver
 *   version (selector 0) must equal the identity's.
 *
 * A mismatch is not fixed by retrying: a replaced driver keeps running until the Mac reboots, so
 * the error says "reboot required".
 *
 * @module
 */
import { DextkitError, ExitCode } from "../errors.ts";
import type { ProtocolIdentity } from "./identity.ts";
import { formatVersion } from "./version.ts";

/** What the driver said about itself. */
export interface DriverInfo {
  /** The output of selector 0. */
  readonly driverVersion: number;
  /** The first output of selector 10, or `null` when the driver does not know selector 10. */
  readonly protocolVersion: number | null;
  /** The second output of selector 10, or 0 when the driver does not know selector 10. */
  readonly capabilities: number;
}

/**
 * Whether a client configured with `identity` may use a driver that reported `driver`.
 *
 * @param identity The identity the client was configured with.
 * @param driver What the opened driver reported.
 * @returns `true` when the client may post reports to it.
 *
 * @example dextkit's rule compares protocol versions
 * ```ts
 * import { isCompatibleDriver } from "./compatibility.ts";
 * import { defaultIdentity } from "./identity.ts";
 *
 * const same = { driverVersion: 200, protocolVersion: defaultIdentity.protocolVersion, capabilities: 7 };
 * console.assert(isCompatibleDriver(defaultIdentity, same));
 * console.assert(!isCompatibleDriver(defaultIdentity, { ...same, protocolVersion: 99 }));
 * ```
 */
export function isCompatibleDriver(identity: ProtocolIdentity, driver: DriverInfo): boolean {
  return identity.protocolVersion === null
    ? driver.driverVersion === identity.driverVersion
    : driver.protocolVersion === identity.protocolVersion;
}

/**
 * The opened driver does not speak this client's protocol.
 *
 * @example The error asks for a reboot
 * ```ts
 * import { IncompatibleDriverError } from "./compatibility.ts";
 * import { karabinerIdentity } from "./identity.ts";
 *
 * const error = new IncompatibleDriverError(karabinerIdentity, {
 *   driverVersion: 10700,
 *   protocolVersion: null,
 *   capabilities: 0,
 * });
 * console.assert(error.exitCode === 3);
 * console.assert(error.message.includes("1.7.0"));
 * ```
 */
export class IncompatibleDriverError extends DextkitError {
  /** What the driver reported. */
  readonly driver: DriverInfo;

  /**
   * Creates the error.
   *
   * @param identity The identity the client was configured with.
   * @param driver What the opened driver reported.
   */
  constructor(identity: ProtocolIdentity, driver: DriverInfo) {
    super(describeMismatch(identity, driver), {
      hint:
        `install the driver that matches this client, then reboot: a replaced driver keeps running until the Mac restarts`,
      exitCode: ExitCode.RebootRequired,
    });
    this.driver = driver;
  }
}

/**
 * Throws unless {@linkcode isCompatibleDriver} allows the driver.
 *
 * @param identity The identity the client was configured with.
 * @param driver What the opened driver reported.
 * @throws {IncompatibleDriverError} With "reboot required" guidance when they do not match.
 *
 * @example Refuse a newer protocol
 * ```ts
 * import { checkDriverCompatibility, IncompatibleDriverError } from "./compatibility.ts";
 * import { defaultIdentity } from "./identity.ts";
 *
 * try {
 *   checkDriverCompatibility(defaultIdentity, { driverVersion: 300, protocolVersion: 2, capabilities: 7 });
 * } catch (error) {
 *   console.assert(error instanceof IncompatibleDriverError);
 * }
 * ```
 */
export function checkDriverCompatibility(identity: ProtocolIdentity, driver: DriverInfo): void {
  if (!isCompatibleDriver(identity, driver)) throw new IncompatibleDriverError(identity, driver);
}

function describeMismatch(identity: ProtocolIdentity, driver: DriverInfo): string {
  const running = `driver ${identity.serviceName} ${versionText(driver.driverVersion)}`;
  if (identity.protocolVersion === null) {
    return `${running} is running but this client expects ${versionText(identity.driverVersion)}`;
  }
  if (driver.protocolVersion === null) {
    return `${running} does not report a protocol version; this client needs protocol ${identity.protocolVersion}`;
  }
  return `${running} speaks protocol ${driver.protocolVersion}; this client needs protocol ${identity.protocolVersion}`;
}

function versionText(number: number): string {
  return Number.isInteger(number) && number >= 0 && number <= 0xffff_ffff
    ? formatVersion(number)
    : `(version number ${number})`;
}
