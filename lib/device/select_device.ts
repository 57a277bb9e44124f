/**
 * Picks the device backend from `--device` or `DEXTKIT_DEVICE`: `sim`, `iokit`, or `auto`
 * (`iokit` on macOS, `sim` elsewhere).
 *
 * Backends come from the {@linkcode deviceBackends} registry, so a backend module registers
 * itself (`deviceBackends.set("iokit", () => …)`) and no caller changes. Only `sim` is registered
 * here.
 *
 * @module
 */
import { DeviceUnavailableError, UnknownDeviceError } from "./device_errors.ts";
import { SimDevice } from "./sim_device.ts";
import type { VirtualHIDDevice } from "./virtual_hid_device.ts";

/** Creates a fresh, unopened device. */
export type DeviceFactory = () => VirtualHIDDevice;

/**
 * The registry of device backends by name. `sim` is always there; the IOKit backend adds
 * `iokit` when its module is loaded.
 *
 * @example Register a backend
 * ```ts
 * import { deviceBackends } from "./select_device.ts";
 * import { SimDevice } from "./sim_device.ts";
 *
 * deviceBackends.set("sim-hidpi", () => new SimDevice({ screen: { width: 2880, height: 1800 } }));
 * console.assert(deviceBackends.has("sim"));
 * deviceBackends.delete("sim-hidpi");
 * ```
 */
export const deviceBackends: Map<string, DeviceFactory> = new Map([
  ["sim", () => new SimDevice()],
]);

/**
 * The one-line notice the CLI prints when `auto` falls back to the simulated device.
 *
 * @example Print it
 * ```ts
 * import { AUTO_SIM_NOTICE } from "./select_device.ts";
 *
 * console.assert(AUTO_SIM_NOTICE.includes("(sim)"));
 * ```
 */
export const AUTO_SIM_NOTICE = "no macOS here: using the simulated device (sim)";

/** The environment variable that names the device when `--device` is not given. */
export const DEVICE_ENV_VARIABLE = "DEXTKIT_DEVICE";

/** Options of {@linkcode selectDevice}. */
export interface SelectDeviceOptions {
  /**
   * Where `DEXTKIT_DEVICE` is read; `Deno.env` when omitted, read only if the env permission for
   * it is already granted (so a recipe without `--allow-env` gets no prompt).
   */
  readonly env?: { get(name: string): string | undefined };
  /** The operating system `auto` decides on; `Deno.build.os` when omitted. */
  readonly os?: typeof Deno.build.os;
  /** The backends to choose from; {@linkcode deviceBackends} when omitted. */
  readonly backends?: ReadonlyMap<string, DeviceFactory>;
}

/** The outcome of {@linkcode selectDevice}. */
export interface DeviceSelection {
  /** A fresh, unopened device. */
  readonly device: VirtualHIDDevice;
  /** The backend's name, `auto` resolved: `"sim"`, `"iokit"`, …. */
  readonly name: string;
  /** A line for the user when `auto` picked a fallback, for example {@linkcode AUTO_SIM_NOTICE}. */
  readonly notice?: string;
}

/**
 * Creates the device a user asked for.
 *
 * The name is the `--device` value when given, else `DEXTKIT_DEVICE` when set and not empty,
 * else `auto`; it is matched case-insensitively.
 *
 * @param name The `--device` value, or `undefined` when the flag was not given.
 * @param options Where to read the environment, which OS to assume, which backends exist.
 * @returns The device, the resolved backend name and, for `auto` off macOS, a notice.
 * @throws {UnknownDeviceError} For a name that is neither `auto` nor a backend.
 * @throws {DeviceUnavailableError} For `iokit` (or `auto` on macOS) when no IOKit backend is
 * registered in this build.
 *
 * @example `auto` on Linux picks the simulator
 * ```ts
 * import { AUTO_SIM_NOTICE, selectDevice } from "./select_device.ts";
 *
 * const selection = selectDevice(undefined, { env: { get: () => undefined }, os: "linux" });
 * console.assert(selection.name === "sim");
 * console.assert(selection.notice === AUTO_SIM_NOTICE);
 * ```
 */
export function selectDevice(
  name: string | undefined,
  options: SelectDeviceOptions = {},
): DeviceSelection {
  const backends = options.backends ?? deviceBackends;
  const requested = (name ?? nonEmpty((options.env ?? permittedEnv).get(DEVICE_ENV_VARIABLE)) ??
    "auto").trim().toLowerCase();
  if (requested === "auto") {
    if ((options.os ?? Deno.build.os) === "darwin") return create("iokit", backends);
    return { ...create("sim", backends), notice: AUTO_SIM_NOTICE };
  }
  return create(requested, backends);
}

function create(name: string, backends: ReadonlyMap<string, DeviceFactory>): DeviceSelection {
  const factory = backends.get(name);
  if (factory !== undefined) return { device: factory(), name };
  if (name === "iokit") {
    throw new DeviceUnavailableError(
      "the IOKit backend is not available in this build",
      "use --device sim (or DEXTKIT_DEVICE=sim) to run against the simulated macOS host",
    );
  }
  throw new UnknownDeviceError(name, ["auto", ...new Set([...backends.keys(), "iokit"])]);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

const permittedEnv = {
  get(name: string): string | undefined {
    const status = Deno.permissions.querySync({ name: "env", variable: name });
    return status.state === "granted" ? Deno.env.get(name) : undefined;
  },
};
