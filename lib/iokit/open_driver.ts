/**
 * Opens a connection to a driver and checks that it speaks this client's protocol: find the root
 * service by name, IOServiceOpen, read the driver version (selector 0) and, for a driver with a
 * protocol version, the capabilities (selector 10), then apply the compatibility rule.
 *
 * @module
 */
import { checkDriverCompatibility, type DriverInfo } from "../protocol/compatibility.ts";
import { DriverReturn } from "../protocol/driver_return.ts";
import type { ProtocolIdentity } from "../protocol/identity.ts";
import { Selector } from "../protocol/selector.ts";
import type { IOKitConnection } from "./iokit_connection.ts";
import {
  DriverCallError,
  DriverConnectionLostError,
  DriverNotFoundError,
  DriverOpenError,
  isConnectionLost,
  NotPermittedError,
} from "./iokit_errors.ts";
import type { IOKitLibrary } from "./iokit_library.ts";
import { findService } from "./iokit_service.ts";

const NOT_PERMITTED = 0xe000_02e2;

/** A connection that passed the version handshake. */
export interface OpenedDriver {
  /** The connection (one user client of the driver). */
  readonly connection: IOKitConnection;
  /** The registry entry id of the service it was opened on: which driver instance. */
  readonly registryEntryId: bigint;
  /** What the driver reported about itself. */
  readonly driver: DriverInfo;
}

/**
 * Finds the driver's root service, opens a connection and checks the driver's version.
 *
 * @param library The loaded IOKit library.
 * @param identity Which driver, and the versions this client accepts.
 * @param connectType The `type` passed to IOServiceOpen (the driver's `NewUserClient`).
 * @returns The open connection, the service's registry entry id and the driver's versions.
 * @throws {DriverNotFoundError} When no service has the identity's name.
 * @throws {NotPermittedError} When IOServiceOpen returns kIOReturnNotPermitted.
 * @throws {DriverOpenError} When IOServiceOpen fails otherwise.
 * @throws {IncompatibleDriverError} When the driver speaks another protocol ("reboot required").
 * @throws {DriverCallError} When the driver rejects the version call.
 * @throws {DriverConnectionLostError} When the driver dies during the handshake.
 *
 * @example A stub library without the driver
 * ```ts
 * import { openDriver } from "./open_driver.ts";
 * import { DriverNotFoundError } from "./iokit_errors.ts";
 * import type { IOKitLibrary } from "./iokit_library.ts";
 * import { defaultIdentity } from "../protocol/identity.ts";
 *
 * const library = {
 *   path: "stub",
 *   machTaskSelf: 0x203,
 *   symbols: { IOServiceNameMatching: () => null },
 * } as unknown as IOKitLibrary;
 * try {
 *   openDriver(library, defaultIdentity);
 * } catch (error) {
 *   console.assert(error instanceof DriverNotFoundError);
 * }
 * ```
 */
export function openDriver(
  library: IOKitLibrary,
  identity: ProtocolIdentity,
  connectType = 0,
): OpenedDriver {
  const service = findService(library, identity.serviceName);
  if (service === undefined) throw new DriverNotFoundError(identity);
  let result;
  try {
    result = service.open(connectType);
  } finally {
    service.release();
  }
  if (!result.ok) {
    throw (result.code >>> 0) === NOT_PERMITTED
      ? new NotPermittedError(identity)
      : new DriverOpenError(identity, result.code);
  }
  const connection = result.connection;
  try {
    const driver = readDriverInfo(connection, identity);
    checkDriverCompatibility(identity, driver);
    return { connection, registryEntryId: service.registryEntryId, driver };
  } catch (error) {
    connection.close();
    throw error;
  }
}

/**
 * Reads the driver version (selector 0) and, when the identity has a protocol version, the
 * protocol version and capability bits (selector 10). A driver that answers selector 10 with
 * kIOReturnBadArgument (an unknown selector: the established driver) has no protocol version.
 *
 * @param connection An open connection.
 * @param identity The identity the client was configured with.
 * @returns What the driver reported.
 * @throws {DriverCallError} When a call fails for another reason.
 * @throws {DriverConnectionLostError} When the connection dies.
 *
 * @example The established driver has no selector 10
 * ```ts
 * import { readDriverInfo } from "./open_driver.ts";
 * import type { IOKitConnection } from "./iokit_connection.ts";
 * import { karabinerIdentity } from "../protocol/identity.ts";
 *
 * const connection = {
 *   scalarOutput: new BigUint64Array([10800n]),
 *   callScalar: () => 0,
 * } as unknown as IOKitConnection;
 * const info = readDriverInfo(connection, karabinerIdentity);
 * console.assert(info.driverVersion === 10800 && info.protocolVersion === null);
 * ```
 */
export function readDriverInfo(
  connection: IOKitConnection,
  identity: ProtocolIdentity,
): DriverInfo {
  call(connection, identity, "DriverVersion", 1);
  const driverVersion = Number(connection.scalarOutput[0]);
  if (identity.protocolVersion === null) {
    return { driverVersion, protocolVersion: null, capabilities: 0 };
  }
  const code = connection.callScalar(Selector.Capabilities, [], 3);
  if ((code >>> 0) === DriverReturn.BadArgument) {
    return { driverVersion, protocolVersion: null, capabilities: 0 };
  }
  check(identity, "Capabilities", code);
  return {
    driverVersion,
    protocolVersion: Number(connection.scalarOutput[0]),
    capabilities: Number(connection.scalarOutput[1]),
  };
}

function call(
  connection: IOKitConnection,
  identity: ProtocolIdentity,
  name: keyof typeof Selector,
  outputs: number,
): void {
  check(identity, name, connection.callScalar(Selector[name], [], outputs));
}

function check(identity: ProtocolIdentity, name: keyof typeof Selector, code: number): void {
  if (code === 0) return;
  if (isConnectionLost(code)) {
    throw new DriverConnectionLostError(identity, `call ${name} during the handshake`, code);
  }
  throw new DriverCallError(identity, name, code);
}
