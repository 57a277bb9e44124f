/**
 * The driver ↔ client contract: selectors and their argument shapes, report ids and sizes, the
 * version scheme and versions, capability bits, the IOReturn codes the driver returns, and the
 * driver identity (service name, bundle id). `scripts/generate_protocol_header.ts` renders all
 * of it into `dext/include/dextkit/protocol.h` for the C++ side.
 *
 * @example Everything in one import
 * ```ts
 * import { defaultIdentity, Selector, SELECTOR_SHAPES } from "./mod.ts";
 *
 * console.assert(SELECTOR_SHAPES[Selector.DriverVersion]?.scalarOutputCount === 1);
 * console.assert(defaultIdentity.protocolVersion !== null);
 * ```
 *
 * @module
 */
export * from "./capability.ts";
export * from "./compatibility.ts";
export * from "./driver_return.ts";
export * from "./driver_version.ts";
export * from "./identity.ts";
export * from "./keyboard_parameters.ts";
export * from "./reports.ts";
export * from "./selector.ts";
export * from "./version.ts";
