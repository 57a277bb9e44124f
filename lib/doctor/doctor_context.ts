/**
 * Everything a doctor check reads, in one place so tests can replace it: the system, the command
 * runner, the configuration, the paths of the files macOS keeps, the clock and the driver probe.
 *
 * Several checks need the same facts (`csrutil status` for SIP and notarization, the installed
 * app for the signature and notarization checks), so commands and facts are computed once per
 * doctor run: {@linkcode DoctorContext.run} remembers each command's result by its command line,
 * {@linkcode DoctorContext.once} any other fact by a key.
 *
 * @module
 */
import type { DextkitConfig } from "../config/dextkit_config.ts";
import { IDENTITY_PRESETS, type ProtocolIdentity } from "../protocol/identity.ts";
import type { CommandResult, CommandRunner, CommandSpec } from "../runner/command_runner.ts";
import { formatCommand } from "../runner/format_command.ts";
import { type DriverProbe, probeDriver } from "./driver_probe.ts";

/** Where macOS keeps what the checks read. */
export interface DoctorPaths {
  /** The system extension database; `/Library/SystemExtensions/db.plist`. */
  readonly systemExtensionsDb: string;
  /** Where the manager app must be installed; `/Applications`. */
  readonly applications: string;
  /**
   * Crash report folders, searched in order: `/Library/Logs/DiagnosticReports` (dexts, sysextd)
   * and `~/Library/Logs/DiagnosticReports`, each with its `Retired` subfolder.
   */
  readonly crashReports: readonly string[];
}

/** Options of {@linkcode DoctorContext}. */
export interface DoctorContextOptions {
  /** The command runner (real, or the scripted fake in tests). */
  readonly runner: CommandRunner;
  /** The system; `Deno.build.os` when omitted. */
  readonly os?: string;
  /** The loaded configuration; `undefined` when it could not be loaded. */
  readonly config: DextkitConfig | undefined;
  /** Why the configuration could not be loaded, when it could not. */
  readonly configError?: unknown;
  /** Replaces some of the {@linkcode defaultDoctorPaths}. */
  readonly paths?: Partial<DoctorPaths>;
  /** "Now", for the age of crash reports; the current time when omitted. */
  readonly now?: Date;
  /**
   * The driver probe; {@linkcode probeDriver} with the IOKit library this context's environment
   * and system name (`DEXTKIT_IOKIT_LIBRARY`, else macOS's) when omitted.
   */
  readonly probeDriver?: (identity: ProtocolIdentity) => Promise<DriverProbe>;
  /** Environment variables (`HOME`, `DEXTKIT_IOKIT_LIBRARY`); the process's when omitted. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The standard locations, with the user's crash reports under `home`.
 *
 * @param home The home folder; without one, only the system crash report folders are searched.
 * @returns The paths.
 *
 * @example
 * ```ts
 * import { defaultDoctorPaths } from "./doctor_context.ts";
 *
 * const paths = defaultDoctorPaths("/Users/ada");
 * console.assert(paths.systemExtensionsDb === "/Library/SystemExtensions/db.plist");
 * console.assert(paths.crashReports.includes("/Users/ada/Library/Logs/DiagnosticReports"));
 * ```
 */
export function defaultDoctorPaths(home: string | undefined): DoctorPaths {
  const system = "/Library/Logs/DiagnosticReports";
  const user = home === undefined ? [] : [`${home}/Library/Logs/DiagnosticReports`];
  return {
    systemExtensionsDb: "/Library/SystemExtensions/db.plist",
    applications: "/Applications",
    crashReports: [system, `${system}/Retired`, ...user.flatMap((dir) => [dir, `${dir}/Retired`])],
  };
}

/**
 * The driver identity that belongs to a dext bundle id: dextkit's own, or the established
 * Karabiner driver. Another driver's registry name is unknown, so it has none.
 *
 * @param bundleId The dext's bundle id from the configuration.
 * @returns The identity, or `undefined`.
 *
 * @example
 * ```ts
 * import { identityForBundleId } from "./doctor_context.ts";
 *
 * console.assert(identityForBundleId("dev.dextkit.VirtualHIDDevice")?.name === "dextkit");
 * console.assert(identityForBundleId("com.example.other") === undefined);
 * ```
 */
export function identityForBundleId(bundleId: string): ProtocolIdentity | undefined {
  return Object.values(IDENTITY_PRESETS).find((identity) => identity.bundleId === bundleId);
}

/**
 * The facts of one doctor run.
 *
 * @example A context on Linux with a dry-run runner
 * ```ts
 * import { DoctorContext } from "./doctor_context.ts";
 * import { DryRunRunner } from "../runner/dry_run_runner.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 *
 * const context = new DoctorContext({
 *   runner: new DryRunRunner(),
 *   os: "linux",
 *   config: resolveConfig(undefined, { root: "/work/project" }),
 * });
 * console.assert(!context.isMacOS && context.identity?.name === "dextkit");
 * const first = await context.run({ cmd: "csrutil", args: ["status"] });
 * console.assert(first === await context.run({ cmd: "csrutil", args: ["status"] }));
 * ```
 */
export class DoctorContext {
  /** The command runner. */
  readonly runner: CommandRunner;
  /** The system (`Deno.build.os` values). */
  readonly os: string;
  /** The configuration, when it could be loaded. */
  readonly config: DextkitConfig | undefined;
  /** Why it could not, when it could not. */
  readonly configError: unknown;
  /** The driver to probe, when its registry name is known (see {@linkcode identityForBundleId}). */
  readonly identity: ProtocolIdentity | undefined;
  /** The file locations. */
  readonly paths: DoctorPaths;
  /** "Now". */
  readonly now: Date;
  /** The environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly #probe: (identity: ProtocolIdentity) => Promise<DriverProbe>;
  readonly #commands = new Map<string, Promise<CommandResult>>();
  readonly #facts = new Map<string, Promise<unknown>>();

  /**
   * Creates the context.
   *
   * @param options The runner, system, configuration and replacements.
   */
  constructor(options: DoctorContextOptions) {
    this.runner = options.runner;
    this.os = options.os ?? Deno.build.os;
    this.config = options.config;
    this.configError = options.configError;
    this.identity = options.config === undefined
      ? undefined
      : identityForBundleId(options.config.bundleIds.dext);
    this.env = options.env ?? Deno.env.toObject();
    this.paths = { ...defaultDoctorPaths(this.env["HOME"]), ...options.paths };
    this.now = options.now ?? new Date();
    const env = this.env;
    const load = { env: { get: (name: string) => env[name] }, os: this.os as typeof Deno.build.os };
    this.#probe = options.probeDriver ?? ((identity) => probeDriver(identity, { load }));
  }

  /** Whether this is macOS, where the system checks can run. */
  get isMacOS(): boolean {
    return this.os === "darwin";
  }

  /**
   * Whether the driver can be probed here: on macOS, or elsewhere with a stand-in IOKit library
   * named by `DEXTKIT_IOKIT_LIBRARY` (the fake the tests use).
   */
  get canProbeDriver(): boolean {
    return this.isMacOS || (this.env["DEXTKIT_IOKIT_LIBRARY"] ?? "") !== "";
  }

  /**
   * Runs a command once per doctor run; later calls with the same command line get the same
   * result.
   *
   * @param command The command.
   * @returns Its result.
   */
  run(command: CommandSpec): Promise<CommandResult> {
    const key = formatCommand(command);
    let result = this.#commands.get(key);
    if (result === undefined) {
      result = this.runner.run(command);
      this.#commands.set(key, result);
    }
    return result;
  }

  /**
   * Computes a fact once per doctor run.
   *
   * @param key A name for the fact, unique within the run.
   * @param compute Computes it.
   * @returns The fact (a failure is remembered too and rejects every caller).
   */
  once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let fact = this.#facts.get(key) as Promise<T> | undefined;
    if (fact === undefined) {
      fact = compute();
      this.#facts.set(key, fact);
    }
    return fact;
  }

  /**
   * Probes the driver once per doctor run.
   *
   * @param identity Which driver.
   * @returns What the probe found.
   */
  probeDriver(identity: ProtocolIdentity): Promise<DriverProbe> {
    return this.once(`probe:${identity.serviceName}`, () => this.#probe(identity));
  }
}
