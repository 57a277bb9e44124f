/**
 * Checks dextkit's dext project (`dext/`) against itself and against `lib/protocol`: the
 * Info.plist personality, the entitlement sets, project.yml and the DriverKit glue's classes
 * must name the same things. A mismatch here is a driver that builds but never matches, a client
 * that never finds the service, or a signature macOS rejects — found on Linux, before a Mac
 * build.
 *
 * The rules only fit dextkit's own driver (its class names, its two entitlement sets); another
 * project is not checked. Paths in the messages are relative to the project folder.
 *
 * @module
 */
import { join } from "node:path";
import { parse as parseYaml } from "../deps/yaml.ts";
import { closestNames } from "../closest_names.ts";
import { defaultIdentity } from "../protocol/identity.ts";
import { OutputParseError } from "../sysext/output_parse_error.ts";
import { parsePlist } from "../sysext/plist.ts";
import { oneLine } from "../sysext/text_lines.ts";
import {
  DEVELOPMENT_ONLY_ENTITLEMENT,
  DEXT_ENTITLEMENTS,
  forbiddenDextEntitlement,
  SYSTEM_EXTENSION_INSTALL_ENTITLEMENT,
  UNNECESSARY_DEXT_ENTITLEMENTS,
} from "./dext_entitlement_rules.ts";

/**
 * The files the checks read, relative to the project folder.
 *
 * @example
 * ```ts
 * import { DEXT_PROJECT_FILES } from "./dext_project_consistency.ts";
 *
 * console.assert(DEXT_PROJECT_FILES.dextInfo === "driver/Info.plist");
 * ```
 */
export const DEXT_PROJECT_FILES: {
  readonly dextInfo: string;
  readonly development: string;
  readonly distribution: string;
  readonly managerInfo: string;
  readonly managerEntitlements: string;
  readonly project: string;
} = Object.freeze(
  {
    dextInfo: "driver/Info.plist",
    development: "driver/entitlements/development.entitlements",
    distribution: "driver/entitlements/distribution.entitlements",
    managerInfo: "manager/Info.plist",
    managerEntitlements: "manager/manager.entitlements",
    project: "project.yml",
  } as const,
);

/** The text of every project file the checks read, by path relative to the project folder. */
export type DextProjectFiles = ReadonlyMap<string, string>;

type Dictionary = { readonly [key: string]: unknown };
type Roles = Record<keyof typeof ROLES, string>;

const DEXT_TARGET = "VirtualHIDDevice";
const MANAGER_TARGET = "Manager";

/** The classes the personality names, by role, and the superclass each role needs. */
const ROLES = {
  root: "IOService",
  userClient: "IOUserClient",
  keyboard: "IOUserHIDDevice",
  pointing: "IOUserHIDDevice",
} as const;

/**
 * Reads the project files the checks need: the fixed files plus every `.iig`, `.cpp` and `.hpp`
 * in `driver/`.
 *
 * @param projectDir The project folder (`dext`).
 * @returns The files.
 * @throws {Deno.errors.NotFound} When a fixed file is missing.
 *
 * @example Read dextkit's own project
 * ```ts
 * import { readDextProjectFiles } from "./dext_project_consistency.ts";
 *
 * const files = await readDextProjectFiles(new URL("../../dext", import.meta.url).pathname);
 * console.assert(files.has("driver/Info.plist"));
 * ```
 */
export async function readDextProjectFiles(projectDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const path of Object.values(DEXT_PROJECT_FILES)) {
    files.set(path, await Deno.readTextFile(join(projectDir, path)));
  }
  const names: string[] = [];
  for await (const entry of Deno.readDir(join(projectDir, "driver"))) {
    if (entry.isFile && /\.(iig|cpp|hpp)$/.test(entry.name)) names.push(entry.name);
  }
  for (const name of names.sort()) {
    files.set(`driver/${name}`, await Deno.readTextFile(join(projectDir, "driver", name)));
  }
  return files;
}

/**
 * Checks the project. Every problem is one line naming the file and what disagrees.
 *
 * @param files The project files (see {@linkcode readDextProjectFiles}).
 * @returns The problems; empty when the project is consistent.
 * @throws {OutputParseError} When a plist or project.yml cannot be parsed (the line is named).
 *
 * @example dextkit's own project is consistent
 * ```ts
 * import { checkDextProject, readDextProjectFiles } from "./dext_project_consistency.ts";
 *
 * const files = await readDextProjectFiles(new URL("../../dext", import.meta.url).pathname);
 * console.assert(checkDextProject(files).length === 0);
 * ```
 */
export function checkDextProject(files: DextProjectFiles): string[] {
  const problems: string[] = [];
  const roles = checkPersonality(files, problems);
  checkClasses(files, roles, problems);
  checkCreateKeys(files, roles, problems);
  checkEntitlements(files, problems);
  checkProject(files, problems);
  checkReportDescriptors(files, roles, problems);
  return problems;
}

/**
 * The bundle ids project.yml gives the dext and the manager app (`DEXT_BUNDLE_IDENTIFIER`,
 * `MANAGER_BUNDLE_IDENTIFIER` in its base settings).
 *
 * @param files The project files.
 * @returns The two ids; `undefined` for one that is not set.
 * @throws {OutputParseError} When project.yml cannot be parsed.
 *
 * @example
 * ```ts
 * import { projectBundleIds, readDextProjectFiles } from "./dext_project_consistency.ts";
 *
 * const files = await readDextProjectFiles(new URL("../../dext", import.meta.url).pathname);
 * console.assert(projectBundleIds(files).dext === "dev.dextkit.VirtualHIDDevice");
 * ```
 */
export function projectBundleIds(
  files: DextProjectFiles,
): { readonly dext: string | undefined; readonly manager: string | undefined } {
  const project = yamlFile(files, DEXT_PROJECT_FILES.project);
  return {
    dext: targetSettings(project, DEXT_TARGET).get("DEXT_BUNDLE_IDENTIFIER"),
    manager: targetSettings(project, MANAGER_TARGET).get("MANAGER_BUNDLE_IDENTIFIER"),
  };
}

function text(files: DextProjectFiles, path: string): string {
  const content = files.get(path);
  if (content === undefined) throw new OutputParseError(path, "the file is missing");
  return content;
}

function isDictionary(value: unknown): value is Dictionary {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Date) && !(value instanceof Uint8Array);
}

function plist(files: DextProjectFiles, path: string): Dictionary {
  const value = parsePlist(text(files, path), path);
  if (!isDictionary(value)) throw new OutputParseError(path, "the plist is not a dictionary");
  return value;
}

function yamlFile(files: DextProjectFiles, path: string): Dictionary {
  let value: unknown;
  try {
    value = parseYaml(text(files, path));
  } catch (error) {
    // Only syntax errors are the file's fault; anything else (a permission) is passed on.
    if (!(error instanceof Error) || !error.name.startsWith("YAML")) throw error;
    const position = (error as { linePos?: readonly { line: number }[] }).linePos?.[0];
    const reason = error.message.split("\n", 1)[0] ?? "";
    throw new OutputParseError(path, oneLine(reason), position?.line, error);
  }
  if (!isDictionary(value)) throw new OutputParseError(path, "the file is not a YAML mapping");
  return value;
}

function dictionary(value: unknown, where: string, problems: string[]): Dictionary {
  if (isDictionary(value)) return value;
  problems.push(`${where} is not a dictionary`);
  return {};
}

/** Build settings of one target: project base settings overlaid with the target's own. */
function targetSettings(project: Dictionary, target: string): Map<string, string> {
  const settings = new Map<string, string>();
  const projectSettings = project["settings"];
  const targets = project["targets"];
  const layers = [
    isDictionary(projectSettings) ? projectSettings["base"] : undefined,
    isDictionary(targets) && isDictionary(targets[target])
      ? (targets[target] as Dictionary)["settings"]
      : undefined,
  ];
  for (const layer of layers) {
    const base = isDictionary(layer) && isDictionary(layer["base"]) ? layer["base"] : layer;
    if (!isDictionary(base)) continue;
    for (const [key, value] of Object.entries(base)) {
      settings.set(key, Array.isArray(value) ? value.join(" ") : String(value));
    }
  }
  return settings;
}

/** Expands `$(SETTING)` references the way Xcode does for Info.plist values. */
function expand(value: unknown, settings: ReadonlyMap<string, string>): string {
  let result = String(value);
  for (let round = 0; round < 10 && /\$\((\w+)\)/.test(result); round++) {
    result = result.replace(
      /\$\((\w+)\)/g,
      (_, name: string) => settings.get(name) ?? `<${name}?>`,
    );
  }
  return result;
}

/** The class each .iig declares, with its superclass. */
function iigClasses(files: DextProjectFiles): Map<string, string> {
  const classes = new Map<string, string>();
  for (const [path, content] of files) {
    if (!path.endsWith(".iig")) continue;
    for (const match of content.matchAll(/class\s+(\w+)\s*:\s*public\s+(\w+)/g)) {
      classes.set(match[1] ?? "", match[2] ?? "");
    }
  }
  return classes;
}

function checkPersonality(files: DextProjectFiles, problems: string[]): Roles {
  const project = yamlFile(files, DEXT_PROJECT_FILES.project);
  const settings = targetSettings(project, DEXT_TARGET);
  const info = plist(files, DEXT_PROJECT_FILES.dextInfo);
  const bundleId = expand(info["CFBundleIdentifier"], settings);
  if (bundleId !== defaultIdentity.bundleId) {
    problems.push(
      `the dext's CFBundleIdentifier is ${bundleId}, lib/protocol says ${defaultIdentity.bundleId}`,
    );
  }
  const personalities = dictionary(info["IOKitPersonalities"], "IOKitPersonalities", problems);
  const names = Object.keys(personalities);
  if (names.length !== 1) {
    problems.push(`expected one personality, found ${names.join(", ") || "none"}`);
  }
  const personality = dictionary(personalities[names[0] ?? ""], "the personality", problems);
  const expected: Record<string, string> = {
    IOClass: "IOUserService",
    IOProviderClass: "IOUserResources",
    IOResourceMatch: "IOKit",
    IOUserClass: defaultIdentity.serviceName,
    IOUserServerName: defaultIdentity.bundleId,
    CFBundleIdentifier: defaultIdentity.bundleId,
  };
  for (const [key, value] of Object.entries(expected)) {
    const actual = expand(personality[key], settings);
    if (actual !== value) problems.push(`personality ${key} is ${actual}, expected ${value}`);
  }
  const userClient = dictionary(
    personality["UserClientProperties"],
    "UserClientProperties",
    problems,
  );
  if (userClient["IOClass"] !== "IOUserUserClient") {
    problems.push(
      `UserClientProperties IOClass is ${String(userClient["IOClass"])}, expected IOUserUserClient`,
    );
  }
  const devices = ["VirtualHIDKeyboardProperties", "VirtualHIDPointingProperties"] as const;
  const [keyboard, pointing] = devices.map((name) => {
    const device = dictionary(userClient[name], name, problems);
    if (device["IOClass"] !== "AppleUserHIDDevice") {
      problems.push(
        `${name} IOClass is ${String(device["IOClass"])}, expected AppleUserHIDDevice`,
      );
    }
    return device;
  }) as [Dictionary, Dictionary];
  return {
    root: String(personality["IOUserClass"]),
    userClient: String(userClient["IOUserClass"]),
    keyboard: String(keyboard["IOUserClass"]),
    pointing: String(pointing["IOUserClass"]),
  };
}

function checkClasses(files: DextProjectFiles, roles: Roles, problems: string[]): void {
  const classes = iigClasses(files);
  for (const [role, className] of Object.entries(roles) as [keyof typeof ROLES, string][]) {
    const superclass = classes.get(className);
    if (superclass === undefined) {
      const close = closestNames(className, classes.keys(), 1);
      problems.push(
        `Info.plist names ${role} class ${className}, which no .iig declares` +
          (close.length > 0 ? ` (did you mean ${close.join(" or ")}?)` : ""),
      );
      continue;
    }
    if (superclass !== ROLES[role]) {
      problems.push(`${className} extends ${superclass}, expected ${ROLES[role]}`);
    }
    const cpp = files.get(`driver/${className}.cpp`);
    if (cpp === undefined) {
      problems.push(`no driver/${className}.cpp for ${className}`);
      continue;
    }
    if (!cpp.includes(`#define LOG_PREFIX "${className} " DEXTKIT_DRIVER_VERSION_STRING`)) {
      problems.push(`${className}.cpp must log with the prefix "${className} <driver version>"`);
    }
    if (ROLES[role] === "IOUserHIDDevice") {
      const iig = files.get(`driver/${className}.iig`) ?? "";
      if (/\bStart\s*\(/.test(iig) || cpp.includes(`IMPL(${className}, Start)`)) {
        problems.push(
          `${className} overrides Start; a HID device registers through RegisterService = true`,
        );
      }
    }
  }
  for (const className of classes.keys()) {
    if (!Object.values(roles).includes(className)) {
      problems.push(`${className} is declared in a .iig but Info.plist never names it`);
    }
  }
}

/**
 * The property keys the glue passes to IOService::Create and the class it casts the result to
 * must be the Info.plist dictionaries that describe that class.
 */
function checkCreateKeys(files: DextProjectFiles, roles: Roles, problems: string[]): void {
  const info = plist(files, DEXT_PROJECT_FILES.dextInfo);
  const personalities = info["IOKitPersonalities"];
  const personality = isDictionary(personalities) ? Object.values(personalities)[0] : undefined;
  const userClient = isDictionary(personality) ? personality["UserClientProperties"] : undefined;
  if (!isDictionary(userClient)) return;
  const described = new Map<string, { inside: string; dictionary: unknown }>([
    ["UserClientProperties", { inside: roles.root, dictionary: userClient }],
    ["VirtualHIDKeyboardProperties", {
      inside: roles.userClient,
      dictionary: userClient["VirtualHIDKeyboardProperties"],
    }],
    ["VirtualHIDPointingProperties", {
      inside: roles.userClient,
      dictionary: userClient["VirtualHIDPointingProperties"],
    }],
  ]);
  const created = new Set<string>();
  for (const [path, content] of files) {
    if (!path.startsWith("driver/") || !path.endsWith(".cpp")) continue;
    const creator = path.slice("driver/".length, -".cpp".length);
    const constants = new Map(
      [...content.matchAll(/static const char\* const (\w+) = "([^"]*)";/g)]
        .map((match) => [match[1] ?? "", match[2] ?? ""]),
    );
    for (const call of content.matchAll(/Create\(\w+, (\w+), &\w+\)/g)) {
      const key = constants.get(call[1] ?? "") ?? "";
      const entry = described.get(key);
      if (entry === undefined) {
        problems.push(`${creator} creates from "${key}", which Info.plist does not describe`);
        continue;
      }
      created.add(key);
      if (entry.inside !== creator) {
        problems.push(`"${key}" is described for ${entry.inside} but ${creator} creates it`);
      }
      const cast = /OSDynamicCast\((\w+),/.exec(content.slice(call.index ?? 0));
      const wanted = isDictionary(entry.dictionary)
        ? String(entry.dictionary["IOUserClass"])
        : "undefined";
      const castTo = cast?.[1] ?? "";
      const acceptable = castTo === wanted ||
        (key === "UserClientProperties" && castTo === "IOUserClient");
      if (!acceptable) {
        problems.push(
          `${creator} casts what "${key}" creates to ${castTo}, but Info.plist makes a ${wanted}`,
        );
      }
    }
  }
  for (const key of described.keys()) {
    if (!created.has(key)) problems.push(`no glue source creates "${key}"`);
  }
}

function checkEntitlementFile(
  files: DextProjectFiles,
  path: string,
  allowed: readonly string[],
  required: readonly string[],
  problems: string[],
): Set<string> {
  if (text(files, path).includes("<!--")) {
    problems.push(`${path} has an XML comment; codesign then drops every entitlement silently`);
  }
  const entitlements = plist(files, path);
  for (const [key, value] of Object.entries(entitlements)) {
    const reason = path === DEXT_PROJECT_FILES.managerEntitlements
      ? undefined
      : forbiddenDextEntitlement(key);
    if (reason !== undefined) {
      problems.push(`${path} has the forbidden ${key}: ${reason}`);
    } else if (key === DEVELOPMENT_ONLY_ENTITLEMENT && !allowed.includes(key)) {
      problems.push(
        `${path} has ${key}, which only the development set may carry; distribution clients ` +
          "list the dext in their userclient-access entitlement instead",
      );
    } else if (Object.hasOwn(UNNECESSARY_DEXT_ENTITLEMENTS, key)) {
      problems.push(`${path} has the unnecessary ${key}: ${UNNECESSARY_DEXT_ENTITLEMENTS[key]}`);
    } else if (!allowed.includes(key)) {
      const close = closestNames(key, allowed, 1);
      problems.push(
        `${path} has the unexpected ${key}` +
          (close.length > 0 ? ` (did you mean ${close.join(" or ")}?)` : ""),
      );
    } else if (value !== true) {
      problems.push(`${path}: ${key} must be true, not ${JSON.stringify(value)}`);
    }
  }
  for (const key of required) {
    if (!Object.hasOwn(entitlements, key)) problems.push(`${path} lacks ${key}`);
  }
  return new Set(Object.keys(entitlements));
}

function checkEntitlements(files: DextProjectFiles, problems: string[]): void {
  const base = Object.keys(DEXT_ENTITLEMENTS);
  const withDevelopment = [...base, DEVELOPMENT_ONLY_ENTITLEMENT];
  const development = checkEntitlementFile(
    files,
    DEXT_PROJECT_FILES.development,
    withDevelopment,
    withDevelopment,
    problems,
  );
  const distribution = checkEntitlementFile(
    files,
    DEXT_PROJECT_FILES.distribution,
    base,
    base,
    problems,
  );
  const onlyDevelopment = [...development].filter((key) => !distribution.has(key));
  const onlyDistribution = [...distribution].filter((key) => !development.has(key));
  if (onlyDevelopment.join() !== DEVELOPMENT_ONLY_ENTITLEMENT || onlyDistribution.length > 0) {
    problems.push(
      `development and distribution must differ by ${DEVELOPMENT_ONLY_ENTITLEMENT} alone; ` +
        `development only: ${onlyDevelopment.join(", ") || "none"}; distribution only: ${
          onlyDistribution.join(", ") || "none"
        }`,
    );
  }
  checkEntitlementFile(
    files,
    DEXT_PROJECT_FILES.managerEntitlements,
    [SYSTEM_EXTENSION_INSTALL_ENTITLEMENT],
    [SYSTEM_EXTENSION_INSTALL_ENTITLEMENT],
    problems,
  );
}

function checkProject(files: DextProjectFiles, problems: string[]): void {
  const project = yamlFile(files, DEXT_PROJECT_FILES.project);
  const targets = dictionary(project["targets"], "project.yml targets", problems);
  const dext = dictionary(targets[DEXT_TARGET], `target ${DEXT_TARGET}`, problems);
  const manager = dictionary(targets[MANAGER_TARGET], `target ${MANAGER_TARGET}`, problems);
  const dextSettings = targetSettings(project, DEXT_TARGET);
  const managerSettings = targetSettings(project, MANAGER_TARGET);
  if (dext["type"] !== "driver-extension") {
    problems.push(`${DEXT_TARGET} must be a driver-extension`);
  }
  if (manager["type"] !== "application") problems.push(`${MANAGER_TARGET} must be an application`);
  const wantedSettings: [Map<string, string>, string, string][] = [
    [dextSettings, "SDKROOT", "driverkit"],
    [dextSettings, "INFOPLIST_FILE", "driver/Info.plist"],
    [managerSettings, "INFOPLIST_FILE", "manager/Info.plist"],
  ];
  for (const [settings, key, value] of wantedSettings) {
    if (settings.get(key) !== value) {
      problems.push(`${key} must be ${value}, is ${settings.get(key)}`);
    }
  }
  const searchPaths = dextSettings.get("HEADER_SEARCH_PATHS") ?? "";
  for (const path of ["$(SRCROOT)/include", "$(SRCROOT)/core"]) {
    if (!searchPaths.includes(path)) problems.push(`HEADER_SEARCH_PATHS lacks ${path}`);
  }
  const targetList: [string, Map<string, string>][] = [
    [DEXT_TARGET, dextSettings],
    [MANAGER_TARGET, managerSettings],
  ];
  for (const [name, settings] of targetList) {
    if ((settings.get("CODE_SIGN_ENTITLEMENTS") ?? "") !== "") {
      problems.push(
        `${name} sets CODE_SIGN_ENTITLEMENTS; entitlements are injected at codesign time`,
      );
    }
    if ("entitlements" in dictionary(targets[name], name, problems)) {
      problems.push(
        `${name} has an entitlements entry; entitlements are injected at codesign time`,
      );
    }
    for (const key of ["MARKETING_VERSION", "CURRENT_PROJECT_VERSION"]) {
      if (settings.has(key)) {
        problems.push(`${name} sets ${key}; the build passes it (README, Versions)`);
      }
    }
  }
  const dependencies = manager["dependencies"];
  const embeds = Array.isArray(dependencies) &&
    dependencies.some((dependency) =>
      isDictionary(dependency) && dependency["target"] === DEXT_TARGET &&
      dependency["embed"] === true
    );
  if (!embeds) {
    problems.push(
      `${MANAGER_TARGET} must embed ${DEXT_TARGET} (Contents/Library/SystemExtensions)`,
    );
  }

  const managerInfo = plist(files, DEXT_PROJECT_FILES.managerInfo);
  const carried = expand(managerInfo["DextkitDriverExtensionIdentifier"], managerSettings);
  if (carried !== defaultIdentity.bundleId) {
    problems.push(
      `the manager's DextkitDriverExtensionIdentifier is ${carried}, expected ${defaultIdentity.bundleId}`,
    );
  }
  const infos: [string, Dictionary][] = [
    [DEXT_PROJECT_FILES.dextInfo, plist(files, DEXT_PROJECT_FILES.dextInfo)],
    [DEXT_PROJECT_FILES.managerInfo, managerInfo],
  ];
  for (const [path, info] of infos) {
    if (
      info["CFBundleShortVersionString"] !== "$(MARKETING_VERSION)" ||
      info["CFBundleVersion"] !== "$(CURRENT_PROJECT_VERSION)"
    ) {
      problems.push(
        `${path} must take its versions from $(MARKETING_VERSION) and $(CURRENT_PROJECT_VERSION)`,
      );
    }
  }
  if (!text(files, DEXT_PROJECT_FILES.project).includes("DEXTKIT_DRIVER_VERSION_STRING")) {
    problems.push("project.yml must check MARKETING_VERSION against DEXTKIT_DRIVER_VERSION_STRING");
  }
}

/** The report descriptors exist once, in the generated header; the glue only refers to them. */
function checkReportDescriptors(files: DextProjectFiles, roles: Roles, problems: string[]): void {
  const uses: [string, string][] = [
    [roles.keyboard, "dextkit_keyboard_report_descriptor"],
    [roles.pointing, "dextkit_pointing_report_descriptor"],
  ];
  for (const [className, descriptor] of uses) {
    const cpp = files.get(`driver/${className}.cpp`) ?? "";
    if (!cpp.includes(`OSData::withBytes(${descriptor},`)) {
      problems.push(`${className}.cpp must publish ${descriptor} from dextkit/protocol.h`);
    }
  }
  for (const [path, content] of files) {
    if (!/\.(cpp|hpp|iig)$/.test(path)) continue;
    if (/(0x[0-9a-fA-F]{2},\s*){8}/.test(content)) {
      problems.push(
        `${path} holds a byte table; report descriptors come from dextkit/protocol.h only`,
      );
    }
  }
}
