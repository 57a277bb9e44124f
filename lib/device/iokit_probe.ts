/**
 * The `auto` probe of the `iokit` backend: is dextkit's own driver's root service in the IORegistry?
 * A lookup by name only (no connection); importing this module registers it.
 *
 * @module
 */
import { loadIOKitLibrary } from "../iokit/iokit_library.ts";
import { findService } from "../iokit/iokit_service.ts";
import { defaultIdentity, type ProtocolIdentity } from "../protocol/identity.ts";
import { type AutoProbeResult, autoProbes } from "./select_device.ts";

/**
 * Looks for the driver's root service.
 *
 * @param identity The driver; dextkit's own when omitted.
 * @returns Available when the service is registered.
 *
 * @example Off macOS, without a fake IOKit, there is no driver
 * ```ts
 * import { probeIOKitDriver } from "./iokit_probe.ts";
 *
 * if (Deno.build.os !== "darwin" && Deno.env.get("DEXTKIT_IOKIT_LIBRARY") === undefined) {
 *   console.assert(!probeIOKitDriver().available);
 * }
 * ```
 */
export function probeIOKitDriver(identity: ProtocolIdentity = defaultIdentity): AutoProbeResult {
  let library;
  try {
    library = loadIOKitLibrary();
  } catch (error) {
    return {
      available: false,
      reason: `IOKit cannot be loaded (${error instanceof Error ? error.message : error})`,
    };
  }
  const service = findService(library, identity.serviceName);
  if (service === undefined) {
    return {
      available: false,
      reason: `${identity.name}'s driver (${identity.serviceName}) is not running`,
    };
  }
  service.release();
  return {
    available: true,
    reason: `${identity.name}'s driver (${identity.serviceName}) is running`,
  };
}

autoProbes.set("iokit", () => probeIOKitDriver());
