/**
 * Where the pipeline finds and puts things: the XcodeGen project, the built manager app with the
 * dext inside it, the entitlement files, the generated files, the package and the installed app.
 *
 * The layout follows `dext/` (see dext/README.md): XcodeGen spec `project.yml`, scheme `Manager`,
 * product `DextkitManager.app` carrying `Contents/Library/SystemExtensions/<dext bundle id>.dext`,
 * entitlements in `driver/entitlements/<set>.entitlements` and `manager/manager.entitlements`,
 * everything generated under `build/` (ignored by git). Another dext project configured with
 * `dextkit.project` must use the same layout; a library caller can override the scheme and the
 * app name.
 *
 * @module
 */
import { join } from "node:path";
import type { DextkitConfig, EntitlementsSet } from "../config/dextkit_config.ts";

/** Paths and names of one dext project's products. */
export interface ProductLayout {
  /** The dext project directory (holds `project.yml`). */
  readonly projectDir: string;
  /** The Xcode scheme that builds the manager app with the dext embedded. */
  readonly scheme: string;
  /** The manager app's name without `.app` (its PRODUCT_NAME and executable name). */
  readonly appName: string;
  /** xcodebuild's SYMROOT: everything generated goes below it. */
  readonly buildDir: string;
  /** The built manager app. */
  readonly appPath: string;
  /** The dext inside the built app. */
  readonly dextPath: string;
  /** The entitlement files of the dext, by set. */
  readonly dextEntitlements: Readonly<Record<EntitlementsSet, string>>;
  /** The manager app's entitlement file. */
  readonly managerEntitlements: string;
  /** Where the sign step writes the entitlements it injects. */
  readonly signingDir: string;
  /** The package payload root (`pkgbuild --root`). */
  readonly packageRoot: string;
  /** Where packages go. */
  readonly distDir: string;
  /** Where notarization zips go. */
  readonly notarizeDir: string;
  /** The manager app once installed. */
  readonly installedAppPath: string;
  /** The manager's executable once installed: what install-dext and uninstall run. */
  readonly installedManagerExecutable: string;
}

/** What a library caller may change in the layout. */
export interface ProductLayoutOverrides {
  /** The Xcode scheme; `Manager` when absent. */
  readonly scheme?: string;
  /** The manager app's name; `DextkitManager` when absent. */
  readonly appName?: string;
  /** Where apps are installed; `/Applications` when absent (macOS requires it for activation). */
  readonly applicationsDir?: string;
}

/**
 * The layout of the configured project.
 *
 * @param config The configuration (project directory and dext bundle id).
 * @param overrides Another scheme, app name or applications directory.
 * @returns The layout.
 *
 * @example dextkit's own project
 * ```ts
 * import { productLayout } from "./product_layout.ts";
 * import { resolveConfig } from "../config/dextkit_config.ts";
 *
 * const layout = productLayout(resolveConfig({}, { root: "/src" }));
 * console.assert(layout.appPath === "/src/dext/build/Release/DextkitManager.app");
 * console.assert(layout.dextPath.endsWith("/Contents/Library/SystemExtensions/dev.dextkit.VirtualHIDDevice.dext"));
 * console.assert(layout.installedManagerExecutable === "/Applications/DextkitManager.app/Contents/MacOS/DextkitManager");
 * ```
 */
export function productLayout(
  config: DextkitConfig,
  overrides: ProductLayoutOverrides = {},
): ProductLayout {
  const projectDir = config.projectDir;
  const appName = overrides.appName ?? "DextkitManager";
  const buildDir = join(projectDir, "build");
  const appPath = join(buildDir, "Release", `${appName}.app`);
  const installedAppPath = join(overrides.applicationsDir ?? "/Applications", `${appName}.app`);
  return {
    projectDir,
    scheme: overrides.scheme ?? "Manager",
    appName,
    buildDir,
    appPath,
    dextPath: join(
      appPath,
      "Contents",
      "Library",
      "SystemExtensions",
      `${config.bundleIds.dext}.dext`,
    ),
    dextEntitlements: {
      development: join(projectDir, "driver", "entitlements", "development.entitlements"),
      distribution: join(projectDir, "driver", "entitlements", "distribution.entitlements"),
    },
    managerEntitlements: join(projectDir, "manager", "manager.entitlements"),
    signingDir: join(buildDir, "signing"),
    packageRoot: join(buildDir, "pkgroot"),
    distDir: join(buildDir, "dist"),
    notarizeDir: join(buildDir, "notarize"),
    installedAppPath,
    installedManagerExecutable: join(installedAppPath, "Contents", "MacOS", appName),
  };
}
