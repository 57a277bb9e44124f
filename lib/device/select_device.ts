/**
 * Picks the device backend from `--device` or `DEXTKIT_DEVICE`: `sim`, `iokit`, `karabiner`, or
 * `auto`. On macOS `auto` picks dextkit's own driver when its service is present, else the
 * Karabiner daemon when its socket is reachable, else fails naming both ways (never a silent
 * `sim` on a Mac); elsewhere it picks `sim`.
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
 * `iokit` and the Karabiner backend `karabiner` when their modules are loaded.
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

/** What an `auto` probe found: whether its backend can be used here, and why. */
export interface AutoProbeResult {
  /** Whether `auto` may pick the backend. */
  readonly available: boolean;
  /** One line: what was found. */
  readonly reason: string;
}

/** Looks, synchronously and cheaply, whether a backend can be used on this Mac. */
export type AutoProbe = () => AutoProbeResult;

/**
 * The `auto` candidates on macOS, in the order `auto` tries them.
 *
 * @example
 * ```ts
 * import { AUTO_ORDER } from "./select_device.ts";
 *
 * console.assert(AUTO_ORDER.join() === "iokit,karabiner");
 * ```
 */
export const AUTO_ORDER: readonly string[] = Object.freeze(["iokit", "karabiner"]);

/**
 * The probes of the `auto` candidates by backend name; a backend module registers its own
 * (`autoProbes.set("karabiner", …)`).
 *
 * @example Nothing is probed until a backend registers
 * ```ts
 * import { autoProbes } from "./select_device.ts";
 *
 * console.assert(autoProbes instanceof Map);
 * ```
 */
export const autoProbes: Map<string, AutoProbe> = new Map();

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
  /**
   * The `auto` probes; {@linkcode autoProbes} when omitted and `backends` is too, else none (a
   * candidate without a probe counts as available).
   */
  readonly probes?: ReadonlyMap<string, AutoProbe>;
}

/** One `auto` candidate as {@linkcode explainAuto} saw it. */
export interface AutoCandidate extends AutoProbeResult {
  /** The backend name. */
  readonly name: string;
}

/** What `auto` would pick, and why. */
export interface AutoExplanation {
  /** The backend `auto` picks, or `undefined` when none can be used (an error on macOS). */
  readonly name: string | undefined;
  /** Every candidate looked at, in order, with what was found. */
  readonly candidates: readonly AutoCandidate[];
}

/**
 * Explains what `auto` picks on this system: off macOS `sim`; on macOS the first candidate of
 * {@linkcode AUTO_ORDER} that is registered and whose probe finds it usable.
 *
 * @param options The OS, the backends and the probes.
 * @returns The pick and every candidate's finding.
 *
 * @example On macOS with dextkit's driver missing and Karabiner's socket present
 * ```ts
 * import { explainAuto } from "./select_device.ts";
 * import { SimDevice } from "./sim_device.ts";
 *
 * const backends = new Map([["iokit", () => new SimDevice()], ["karabiner", () => new SimDevice()]]);
 * const probes = new Map([
 *   ["iokit", () => ({ available: false, reason: "no dextkit driver" })],
 *   ["karabiner", () => ({ available: true, reason: "socket found" })],
 * ]);
 * console.assert(explainAuto({ os: "darwin", backends, probes }).name === "karabiner");
 * ```
 */
export function explainAuto(options: SelectDeviceOptions = {}): AutoExplanation {
  if ((options.os ?? Deno.build.os) !== "darwin") {
    return {
      name: "sim",
      candidates: [{ name: "sim", available: true, reason: "not macOS: the simulated Mac" }],
    };
  }
  const backends = options.backends ?? deviceBackends;
  const probes = options.probes ?? (options.backends === undefined ? autoProbes : new Map());
  const candidates: AutoCandidate[] = [];
  for (const name of AUTO_ORDER) {
    if (!backends.has(name)) continue;
    const probe = probes.get(name);
    const found = probe === undefined
      ? { available: true, reason: "registered (not probed)" }
      : probe();
    candidates.push({ name, ...found });
    if (found.available) return { name, candidates };
  }
  return { name: undefined, candidates };
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
    if ((options.os ?? Deno.build.os) !== "darwin") {
      return { ...create("sim", backends), notice: AUTO_SIM_NOTICE };
    }
    const explained = explainAuto(options);
    if (explained.name === undefined) {
      if (explained.candidates.length === 0) return create("iokit", backends);
      throw new NoDeviceFoundError(explained.candidates);
    }
    const selection = create(explained.name, backends);
    if (explained.name === "iokit") return selection;
    const reasons = explained.candidates.map((candidate) => candidate.reason).join("; ");
    return { ...selection, notice: `auto picked ${explained.name}: ${reasons}` };
  }
  return create(requested, backends);
}

/**
 * `auto` on macOS found no usable backend: neither dextkit's driver nor Karabiner's daemon.
 * Exit code 5.
 *
 * @example
 * ```ts
 * import { NoDeviceFoundError } from "./select_device.ts";
 *
 * const error = new NoDeviceFoundError([
 *   { name: "iokit", available: false, reason: "dextkit's driver is not running" },
 *   { name: "karabiner", available: false, reason: "no Karabiner daemon socket" },
 * ]);
 * console.assert(error.message.includes("dextkit's driver is not running"));
 * ```
 */
export class NoDeviceFoundError extends DeviceUnavailableError {
  /**
   * Creates the error.
   *
   * @param candidates What each candidate's probe found.
   */
  constructor(candidates: readonly AutoCandidate[]) {
    super(
      `no virtual HID device to type with: ${
        candidates.map((candidate) => `${candidate.name}: ${candidate.reason}`).join("; ")
      }`,
      "either install dextkit's driver (`deno task install-dext`, then --device iokit), or " +
        "install Karabiner-Elements 16.1 or later and run with sudo (--device karabiner); " +
        "`dextkit status` shows what auto sees, --device sim types into the simulated Mac",
    );
  }
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
  throw new UnknownDeviceError(name, [
    "auto",
    ...new Set([...backends.keys(), "iokit", "karabiner"]),
  ]);
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
