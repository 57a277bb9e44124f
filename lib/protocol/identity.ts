/**
 * Which driver a client talks to: the root service's registry name, the dext's bundle id, and
 * the versions the client expects.
 *
 * dextkit's own driver is the default. The established Karabiner DriverKit driver is a named
 * preset: it uses the same selectors and report layouts, but it admits only a client signed with
 * Karabiner's own `com.apple.developer.driverkit.userclient-access` entitlement (its daemon), so
 * over IOKit {@linkcode karabinerIdentity} gets `kIOReturnNotPermitted` in any other process.
 * To type through an installed Karabiner-Elements, use the `karabiner` device backend, which
 * talks to Karabiner's daemon instead (`lib/device/karabiner_device.ts`).
 *
 * @module
 */
import { closestNames } from "../closest_names.ts";
import { DextkitError, ExitCode } from "../errors.ts";
import { DRIVER_VERSION_NUMBER, PROTOCOL_VERSION } from "./driver_version.ts";
import { parseVersion } from "./version.ts";

/** The driver a client looks up, opens and checks. */
export interface ProtocolIdentity {
  /** A short name for messages, e.g. `"dextkit"`. */
  readonly name: string;
  /**
   * The root service's `IOUserClass`, which is also its registry name: the client finds it with
   * `IOServiceNameMatching(serviceName)`. At most 127 characters (an `io_name_t`).
   */
  readonly serviceName: string;
  /**
   * The dext's bundle id: the value the client's `userclient-access` entitlement must list.
   */
  readonly bundleId: string;
  /** The driver version number (selector 0) this client was built for. */
  readonly driverVersion: number;
  /**
   * The protocol version (selector 10) this client requires, or `null` for a driver without
   * selector 10; such a driver must then report exactly {@linkcode ProtocolIdentity.driverVersion}.
   */
  readonly protocolVersion: number | null;
}

/**
 * dextkit's own driver.
 *
 * @example Look the driver up by its service name
 * ```ts
 * import { defaultIdentity } from "./identity.ts";
 *
 * console.assert(defaultIdentity.serviceName === "dextkit_VirtualHIDDeviceRoot");
 * console.assert(defaultIdentity.bundleId === "dev.dextkit.VirtualHIDDevice");
 * ```
 */
export const defaultIdentity: ProtocolIdentity = Object.freeze({
  name: "dextkit",
  serviceName: "dextkit_VirtualHIDDeviceRoot",
  bundleId: "dev.dextkit.VirtualHIDDevice",
  driverVersion: DRIVER_VERSION_NUMBER,
  protocolVersion: PROTOCOL_VERSION,
});

/**
 * The established Karabiner DriverKit VirtualHIDDevice driver, version 1.8.0. It has no
 * selector 9 or 10 and does not release keys when a client dies. Opening it over IOKit needs
 * Karabiner's own userclient-access entitlement, which only Karabiner's daemon has; dextkit's
 * `karabiner` device backend goes through that daemon instead.
 *
 * @example Drive the established driver
 * ```ts
 * import { karabinerIdentity } from "./identity.ts";
 *
 * console.assert(karabinerIdentity.driverVersion === 10800);
 * console.assert(karabinerIdentity.protocolVersion === null);
 * ```
 */
export const karabinerIdentity: ProtocolIdentity = Object.freeze({
  name: "karabiner",
  serviceName: "org_pqrs_Karabiner_DriverKit_VirtualHIDDeviceRoot",
  bundleId: "org.pqrs.Karabiner-DriverKit-VirtualHIDDevice",
  driverVersion: parseVersion("1.8.0"),
  protocolVersion: null,
});

/**
 * The named identities, by name.
 *
 * @example List the preset names
 * ```ts
 * import { IDENTITY_PRESETS } from "./identity.ts";
 *
 * console.assert(Object.keys(IDENTITY_PRESETS).join() === "dextkit,karabiner");
 * ```
 */
export const IDENTITY_PRESETS: Readonly<Record<string, ProtocolIdentity>> = Object.freeze({
  dextkit: defaultIdentity,
  karabiner: karabinerIdentity,
});

/**
 * A preset name that does not exist.
 *
 * @example Suggest the closest preset
 * ```ts
 * import { identityPreset, UnknownIdentityPresetError } from "./identity.ts";
 *
 * try {
 *   identityPreset("karabinr");
 * } catch (error) {
 *   console.assert(error instanceof UnknownIdentityPresetError);
 *   console.assert((error as UnknownIdentityPresetError).hint.includes("karabiner"));
 * }
 * ```
 */
export class UnknownIdentityPresetError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param name The unknown preset name.
   */
  constructor(name: string) {
    const names = Object.keys(IDENTITY_PRESETS);
    const close = closestNames(name, names);
    super(`unknown driver identity ${JSON.stringify(name)}`, {
      hint: close.length > 0
        ? `did you mean ${close.map((entry) => JSON.stringify(entry)).join(" or ")}?`
        : `known identities: ${names.join(", ")}`,
      exitCode: ExitCode.Usage,
    });
  }
}

/**
 * Returns the preset with this name.
 *
 * @param name `"dextkit"` or `"karabiner"`.
 * @returns The identity.
 * @throws {UnknownIdentityPresetError} For any other name; the hint lists the closest names.
 *
 * @example Pick the established driver
 * ```ts
 * import { identityPreset, karabinerIdentity } from "./identity.ts";
 *
 * console.assert(identityPreset("karabiner") === karabinerIdentity);
 * ```
 */
export function identityPreset(name: string): ProtocolIdentity {
  const identity = Object.hasOwn(IDENTITY_PRESETS, name) ? IDENTITY_PRESETS[name] : undefined;
  if (identity === undefined) throw new UnknownIdentityPresetError(name);
  return identity;
}

/**
 * An identity with a field the client could not use.
 *
 * @example Reject an empty service name
 * ```ts
 * import { defaultIdentity, InvalidIdentityError, validateIdentity } from "./identity.ts";
 *
 * try {
 *   validateIdentity({ ...defaultIdentity, serviceName: "" });
 * } catch (error) {
 *   console.assert(error instanceof InvalidIdentityError);
 * }
 * ```
 */
export class InvalidIdentityError extends DextkitError {
  /**
   * Creates the error.
   *
   * @param field The offending field.
   * @param value Its value.
   * @param expected What the field must look like.
   */
  constructor(field: keyof ProtocolIdentity, value: unknown, expected: string) {
    super(`invalid driver identity: ${field} ${JSON.stringify(value)} is not ${expected}`, {
      hint: `set ${field} to ${expected}, or use a preset: ${
        Object.keys(IDENTITY_PRESETS).join(", ")
      }`,
      exitCode: ExitCode.Usage,
    });
  }
}

const SERVICE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,126}$/;
const BUNDLE_ID_PATTERN = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/**
 * Checks a user-supplied identity and returns it unchanged.
 *
 * @param identity The identity to check.
 * @returns The same identity.
 * @throws {InvalidIdentityError} When the service name is not a C identifier of at most 127
 * characters, the bundle id is not reverse-DNS, a version is not a non-negative 32-bit integer.
 *
 * @example Accept a custom driver
 * ```ts
 * import { defaultIdentity, validateIdentity } from "./identity.ts";
 *
 * const mine = validateIdentity({
 *   ...defaultIdentity,
 *   name: "mine",
 *   serviceName: "com_example_VirtualHIDRoot",
 *   bundleId: "com.example.VirtualHID",
 * });
 * console.assert(mine.name === "mine");
 * ```
 */
export function validateIdentity(identity: ProtocolIdentity): ProtocolIdentity {
  if (!SERVICE_NAME_PATTERN.test(identity.serviceName)) {
    throw new InvalidIdentityError(
      "serviceName",
      identity.serviceName,
      "a C identifier of 1 to 127 characters (the root's IOUserClass)",
    );
  }
  if (!BUNDLE_ID_PATTERN.test(identity.bundleId)) {
    throw new InvalidIdentityError(
      "bundleId",
      identity.bundleId,
      'a reverse-DNS bundle id such as "com.example.VirtualHID"',
    );
  }
  if (!isUint32(identity.driverVersion)) {
    throw new InvalidIdentityError(
      "driverVersion",
      identity.driverVersion,
      "an integer from 0 to 4294967295",
    );
  }
  if (identity.protocolVersion !== null && !isUint32(identity.protocolVersion)) {
    throw new InvalidIdentityError(
      "protocolVersion",
      identity.protocolVersion,
      "null or an integer from 0 to 4294967295",
    );
  }
  return identity;
}

function isUint32(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff;
}
