// dext/ against itself and against lib/protocol: the Info.plist personality, the entitlement
// sets, project.yml and the glue's classes must name the same things. Each rule also has a test
// that edits one file and sees the check fail.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parsePlist } from "@plist/parse";
import { parse as parseYaml } from "yaml";
import { closestNames } from "../lib/closest_names.ts";
import { defaultIdentity } from "../lib/protocol/identity.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

const PATHS = {
  dextInfo: "dext/driver/Info.plist",
  development: "dext/driver/entitlements/development.entitlements",
  distribution: "dext/driver/entitlements/distribution.entitlements",
  managerInfo: "dext/manager/Info.plist",
  managerEntitlements: "dext/manager/manager.entitlements",
  project: "dext/project.yml",
} as const;

type Dictionary = { readonly [key: string]: unknown };

/** The text of every dext/ file the checks read, by repository-relative path. */
type ProjectFiles = ReadonlyMap<string, string>;

async function readProjectFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const path of Object.values(PATHS)) {
    files.set(path, await Deno.readTextFile(join(ROOT, path)));
  }
  for await (const entry of Deno.readDir(join(ROOT, "dext/driver"))) {
    if (/\.(iig|cpp|hpp)$/.test(entry.name)) {
      const path = `dext/driver/${entry.name}`;
      files.set(path, await Deno.readTextFile(join(ROOT, path)));
    }
  }
  return files;
}

/** A copy of `files` with one file's text changed; the edit must change something. */
function edited(files: ProjectFiles, path: string, edit: (text: string) => string): ProjectFiles {
  const text = files.get(path);
  assert.ok(text !== undefined, `no file ${path}`);
  const changed = edit(text);
  assert.notEqual(changed, text, `the edit changed nothing in ${path}`);
  return new Map([...files, [path, changed]]);
}

function text(files: ProjectFiles, path: string): string {
  const content = files.get(path);
  if (content === undefined) throw new Error(`no file ${path}`);
  return content;
}

function isDictionary(value: unknown): value is Dictionary {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function plist(files: ProjectFiles, path: string): Dictionary {
  const value = parsePlist(text(files, path));
  if (!isDictionary(value)) throw new Error(`${path} is not a dictionary plist`);
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
  const layers = [
    (project.settings as Dictionary | undefined)?.base,
    ((project.targets as Dictionary | undefined)?.[target] as Dictionary | undefined)?.settings,
  ];
  for (const layer of layers) {
    const base = isDictionary(layer) && isDictionary(layer.base) ? layer.base : layer;
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
function iigClasses(files: ProjectFiles): Map<string, string> {
  const classes = new Map<string, string>();
  for (const [path, content] of files) {
    if (!path.endsWith(".iig")) continue;
    for (const match of content.matchAll(/class\s+(\w+)\s*:\s*public\s+(\w+)/g)) {
      classes.set(match[1] ?? "", match[2] ?? "");
    }
  }
  return classes;
}

const DEXT_TARGET = "VirtualHIDDevice";
const MANAGER_TARGET = "Manager";

/** The classes the personality names, by role, and the superclass each role needs. */
const ROLES = {
  root: "IOService",
  userClient: "IOUserClient",
  keyboard: "IOUserHIDDevice",
  pointing: "IOUserHIDDevice",
} as const;

function checkPersonality(
  files: ProjectFiles,
  problems: string[],
): Record<keyof typeof ROLES, string> {
  const project = parseYaml(text(files, PATHS.project)) as Dictionary;
  const settings = targetSettings(project, DEXT_TARGET);
  const info = plist(files, PATHS.dextInfo);
  const bundleId = expand(info.CFBundleIdentifier, settings);
  if (bundleId !== defaultIdentity.bundleId) {
    problems.push(
      `the dext's CFBundleIdentifier is ${bundleId}, lib/protocol says ${defaultIdentity.bundleId}`,
    );
  }
  const personalities = dictionary(info.IOKitPersonalities, "IOKitPersonalities", problems);
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
  const userClient = dictionary(personality.UserClientProperties, "UserClientProperties", problems);
  if (userClient.IOClass !== "IOUserUserClient") {
    problems.push(
      `UserClientProperties IOClass is ${String(userClient.IOClass)}, expected IOUserUserClient`,
    );
  }
  const keyboard = dictionary(
    userClient.VirtualHIDKeyboardProperties,
    "VirtualHIDKeyboardProperties",
    problems,
  );
  const pointing = dictionary(
    userClient.VirtualHIDPointingProperties,
    "VirtualHIDPointingProperties",
    problems,
  );
  for (
    const [name, device] of [["VirtualHIDKeyboardProperties", keyboard], [
      "VirtualHIDPointingProperties",
      pointing,
    ]] as const
  ) {
    if (device.IOClass !== "AppleUserHIDDevice") {
      problems.push(`${name} IOClass is ${String(device.IOClass)}, expected AppleUserHIDDevice`);
    }
  }
  return {
    root: String(personality.IOUserClass),
    userClient: String(userClient.IOUserClass),
    keyboard: String(keyboard.IOUserClass),
    pointing: String(pointing.IOUserClass),
  };
}

function checkClasses(
  files: ProjectFiles,
  roles: Record<keyof typeof ROLES, string>,
  problems: string[],
): void {
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
    const cpp = files.get(`dext/driver/${className}.cpp`);
    if (cpp === undefined) {
      problems.push(`no dext/driver/${className}.cpp for ${className}`);
      continue;
    }
    if (!cpp.includes(`#define LOG_PREFIX "${className} " DEXTKIT_DRIVER_VERSION_STRING`)) {
      problems.push(`${className}.cpp must log with the prefix "${className} <driver version>"`);
    }
    if (ROLES[role] === "IOUserHIDDevice") {
      const iig = files.get(`dext/driver/${className}.iig`) ?? "";
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
function checkCreateKeys(
  files: ProjectFiles,
  roles: Record<keyof typeof ROLES, string>,
  problems: string[],
): void {
  const info = plist(files, PATHS.dextInfo);
  const personality = Object.values(info.IOKitPersonalities as Dictionary)[0] as Dictionary;
  const userClient = personality.UserClientProperties as Dictionary;
  const described = new Map<string, { inside: string; dictionary: unknown }>([
    ["UserClientProperties", { inside: roles.root, dictionary: userClient }],
    ["VirtualHIDKeyboardProperties", {
      inside: roles.userClient,
      dictionary: userClient.VirtualHIDKeyboardProperties,
    }],
    ["VirtualHIDPointingProperties", {
      inside: roles.userClient,
      dictionary: userClient.VirtualHIDPointingProperties,
    }],
  ]);
  const created = new Set<string>();
  for (const [path, content] of files) {
    if (!path.endsWith(".cpp")) continue;
    const creator = path.slice("dext/driver/".length, -".cpp".length);
    const constants = new Map(
      [...content.matchAll(/static const char\* const (\w+) = "([^"]*)";/g)].map((
        m,
      ) => [m[1] ?? "", m[2] ?? ""]),
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
      const wanted = String((entry.dictionary as Dictionary | undefined)?.IOUserClass);
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

/** Entitlements the dext may carry, and why each one is there. */
const DEXT_ENTITLEMENTS = {
  "com.apple.developer.driverkit": "run as a DriverKit driver",
  "com.apple.developer.driverkit.family.hid.device": "provide AppleUserHIDDevice services",
  "com.apple.developer.driverkit.family.hid.eventservice": "HID event service family",
  "com.apple.security.app-sandbox": "dexts run sandboxed",
} as const;

const DEVELOPMENT_ONLY = "com.apple.developer.driverkit.allow-any-userclient-access";

/** Keys that must never be in a dext's entitlements, and why. */
const FORBIDDEN_IN_DEXT: Readonly<Record<string, string>> = {
  "com.apple.developer.hid.virtual.device":
    "an app (CoreHID) entitlement; in a dext it crashes with Code Signature Invalid",
  "com.apple.developer.system-extension.redistributable": "crashes with Code Signature Invalid",
  "com.apple.developer.driverkit.family.hid.virtual.device": "defunct; it does nothing",
  "com.apple.developer.driverkit.userclient-access": "a client entitlement, not the dext's",
  "com.apple.security.get-task-allow": "debug-only; notarization rejects it",
  "com.apple.application-identifier": "team-specific; the signing step adds it",
  "com.apple.developer.team-identifier": "team-specific; the signing step adds it",
};

function checkEntitlementFile(
  files: ProjectFiles,
  path: string,
  allowed: readonly string[],
  required: readonly string[],
  problems: string[],
): Set<string> {
  const content = text(files, path);
  if (content.includes("<!--")) {
    problems.push(`${path} has an XML comment; codesign then drops every entitlement silently`);
  }
  const entitlements = plist(files, path);
  for (const [key, value] of Object.entries(entitlements)) {
    const reason = FORBIDDEN_IN_DEXT[key];
    if (reason !== undefined && path !== PATHS.managerEntitlements) {
      problems.push(`${path} has the forbidden ${key}: ${reason}`);
    } else if (key === DEVELOPMENT_ONLY && !allowed.includes(key)) {
      problems.push(
        `${path} has ${key}, which only the development set may carry; distribution clients ` +
          "list the dext in their userclient-access entitlement instead",
      );
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
    if (!(key in entitlements)) problems.push(`${path} lacks ${key}`);
  }
  return new Set(Object.keys(entitlements));
}

function checkEntitlements(files: ProjectFiles, problems: string[]): void {
  const base = Object.keys(DEXT_ENTITLEMENTS);
  const development = checkEntitlementFile(files, PATHS.development, [...base, DEVELOPMENT_ONLY], [
    ...base,
    DEVELOPMENT_ONLY,
  ], problems);
  const distribution = checkEntitlementFile(files, PATHS.distribution, base, base, problems);
  const onlyDevelopment = [...development].filter((key) => !distribution.has(key));
  const onlyDistribution = [...distribution].filter((key) => !development.has(key));
  if (onlyDevelopment.join() !== DEVELOPMENT_ONLY || onlyDistribution.length > 0) {
    problems.push(
      `development and distribution must differ by ${DEVELOPMENT_ONLY} alone; development only: ` +
        `${onlyDevelopment.join(", ") || "none"}; distribution only: ${
          onlyDistribution.join(", ") || "none"
        }`,
    );
  }
  checkEntitlementFile(
    files,
    PATHS.managerEntitlements,
    ["com.apple.developer.system-extension.install"],
    ["com.apple.developer.system-extension.install"],
    problems,
  );
}

function checkProject(files: ProjectFiles, problems: string[]): void {
  const project = parseYaml(text(files, PATHS.project)) as Dictionary;
  const targets = dictionary(project.targets, "project.yml targets", problems);
  const dext = dictionary(targets[DEXT_TARGET], `target ${DEXT_TARGET}`, problems);
  const manager = dictionary(targets[MANAGER_TARGET], `target ${MANAGER_TARGET}`, problems);
  const dextSettings = targetSettings(project, DEXT_TARGET);
  const managerSettings = targetSettings(project, MANAGER_TARGET);
  if (dext.type !== "driver-extension") problems.push(`${DEXT_TARGET} must be a driver-extension`);
  if (manager.type !== "application") problems.push(`${MANAGER_TARGET} must be an application`);
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
  for (
    const [name, settings] of [[DEXT_TARGET, dextSettings], [
      MANAGER_TARGET,
      managerSettings,
    ]] as const
  ) {
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
  const embeds = Array.isArray(manager.dependencies) &&
    manager.dependencies.some((dependency) =>
      isDictionary(dependency) && dependency.target === DEXT_TARGET && dependency.embed === true
    );
  if (!embeds) {
    problems.push(
      `${MANAGER_TARGET} must embed ${DEXT_TARGET} (Contents/Library/SystemExtensions)`,
    );
  }

  const managerInfo = plist(files, PATHS.managerInfo);
  const carried = expand(managerInfo.DextkitDriverExtensionIdentifier, managerSettings);
  if (carried !== defaultIdentity.bundleId) {
    problems.push(
      `the manager's DextkitDriverExtensionIdentifier is ${carried}, expected ${defaultIdentity.bundleId}`,
    );
  }
  for (
    const [path, info] of [[PATHS.dextInfo, plist(files, PATHS.dextInfo)], [
      PATHS.managerInfo,
      managerInfo,
    ]] as const
  ) {
    if (
      info.CFBundleShortVersionString !== "$(MARKETING_VERSION)" ||
      info.CFBundleVersion !== "$(CURRENT_PROJECT_VERSION)"
    ) {
      problems.push(
        `${path} must take its versions from $(MARKETING_VERSION) and $(CURRENT_PROJECT_VERSION)`,
      );
    }
  }
  if (!text(files, PATHS.project).includes("DEXTKIT_DRIVER_VERSION_STRING")) {
    problems.push("project.yml must check MARKETING_VERSION against DEXTKIT_DRIVER_VERSION_STRING");
  }
}

/** The report descriptors exist once, in the generated header; the glue only refers to them. */
function checkReportDescriptors(
  files: ProjectFiles,
  roles: Record<keyof typeof ROLES, string>,
  problems: string[],
): void {
  const uses: [string, string][] = [
    [roles.keyboard, "dextkit_keyboard_report_descriptor"],
    [roles.pointing, "dextkit_pointing_report_descriptor"],
  ];
  for (const [className, descriptor] of uses) {
    const cpp = files.get(`dext/driver/${className}.cpp`) ?? "";
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

function checkDext(files: ProjectFiles): string[] {
  const problems: string[] = [];
  const roles = checkPersonality(files, problems);
  checkClasses(files, roles, problems);
  checkCreateKeys(files, roles, problems);
  checkEntitlements(files, problems);
  checkProject(files, problems);
  checkReportDescriptors(files, roles, problems);
  return problems;
}

Deno.test("dext/ is consistent with itself and with lib/protocol", async () => {
  assert.deepEqual(checkDext(await readProjectFiles()), []);
});

Deno.test("a class renamed in Info.plist only is reported", async () => {
  const files = edited(
    await readProjectFiles(),
    PATHS.dextInfo,
    (content) =>
      content.replace(
        "<string>dextkit_VirtualHIDKeyboard</string>",
        "<string>dextkit_VirtualHIDKeybord</string>",
      ),
  );
  assert.deepEqual(checkDext(files), [
    "Info.plist names keyboard class dextkit_VirtualHIDKeybord, which no .iig declares (did you mean dextkit_VirtualHIDKeyboard?)",
    "dextkit_VirtualHIDKeyboard is declared in a .iig but Info.plist never names it",
    'dextkit_VirtualHIDDeviceUserClient casts what "VirtualHIDKeyboardProperties" creates to dextkit_VirtualHIDKeyboard, but Info.plist makes a dextkit_VirtualHIDKeybord',
    "dextkit_VirtualHIDKeybord.cpp must publish dextkit_keyboard_report_descriptor from dextkit/protocol.h",
  ]);
});

Deno.test("a root class renamed in the .iig only is reported", async () => {
  const files = edited(
    await readProjectFiles(),
    "dext/driver/dextkit_VirtualHIDDeviceRoot.iig",
    (content) =>
      content.replace("class dextkit_VirtualHIDDeviceRoot :", "class dextkit_VirtualHIDRoot :"),
  );
  assert.deepEqual(checkDext(files), [
    "Info.plist names root class dextkit_VirtualHIDDeviceRoot, which no .iig declares (did you mean dextkit_VirtualHIDRoot?)",
    "dextkit_VirtualHIDRoot is declared in a .iig but Info.plist never names it",
  ]);
});

Deno.test("a service name that differs from lib/protocol is reported", async () => {
  const files = edited(
    await readProjectFiles(),
    PATHS.dextInfo,
    (content) =>
      content.replace(
        "<key>IOUserClass</key>\n\t\t\t<string>dextkit_VirtualHIDDeviceRoot</string>",
        "<key>IOUserClass</key>\n\t\t\t<string>dextkit_VirtualHIDDeviceUserClient</string>",
      ),
  );
  const problems = checkDext(files);
  assert.ok(
    problems.includes(
      "personality IOUserClass is dextkit_VirtualHIDDeviceUserClient, expected dextkit_VirtualHIDDeviceRoot",
    ),
    problems.join("\n"),
  );
});

Deno.test("a bundle id changed in project.yml is reported everywhere it lands", async () => {
  const files = edited(
    await readProjectFiles(),
    PATHS.project,
    (content) =>
      content.replace(
        "DEXT_BUNDLE_IDENTIFIER: dev.dextkit.VirtualHIDDevice",
        "DEXT_BUNDLE_IDENTIFIER: dev.dextkit.VirtualHID",
      ),
  );
  assert.deepEqual(checkDext(files), [
    "the dext's CFBundleIdentifier is dev.dextkit.VirtualHID, lib/protocol says dev.dextkit.VirtualHIDDevice",
    "personality IOUserServerName is dev.dextkit.VirtualHID, expected dev.dextkit.VirtualHIDDevice",
    "personality CFBundleIdentifier is dev.dextkit.VirtualHID, expected dev.dextkit.VirtualHIDDevice",
    "the manager's DextkitDriverExtensionIdentifier is dev.dextkit.VirtualHID, expected dev.dextkit.VirtualHIDDevice",
  ]);
});

Deno.test("a hard-coded bundle id in the personality is checked too", async () => {
  const files = edited(
    await readProjectFiles(),
    PATHS.dextInfo,
    (content) =>
      content.replace(
        "<key>IOUserServerName</key>\n\t\t\t<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>",
        "<key>IOUserServerName</key>\n\t\t\t<string>org.pqrs.Karabiner-DriverKit-VirtualHIDDevice</string>",
      ),
  );
  assert.deepEqual(checkDext(files), [
    "personality IOUserServerName is org.pqrs.Karabiner-DriverKit-VirtualHIDDevice, expected dev.dextkit.VirtualHIDDevice",
  ]);
});

Deno.test("the forbidden virtual-device entitlement is reported in either set", async () => {
  for (const path of [PATHS.development, PATHS.distribution]) {
    const files = edited(
      await readProjectFiles(),
      path,
      (content) =>
        content.replace(
          "<dict>\n",
          "<dict>\n\t<key>com.apple.developer.hid.virtual.device</key>\n\t<true/>\n",
        ),
    );
    assert.deepEqual(checkDext(files), [
      `${path} has the forbidden com.apple.developer.hid.virtual.device: an app (CoreHID) entitlement; in a dext it crashes with Code Signature Invalid`,
      "development and distribution must differ by com.apple.developer.driverkit.allow-any-userclient-access alone; " +
      (path === PATHS.development
        ? "development only: com.apple.developer.hid.virtual.device, com.apple.developer.driverkit.allow-any-userclient-access; distribution only: none"
        : "development only: com.apple.developer.driverkit.allow-any-userclient-access; distribution only: com.apple.developer.hid.virtual.device"),
    ]);
  }
});

Deno.test("allow-any-userclient-access in the distribution set is reported", async () => {
  const files = edited(
    await readProjectFiles(),
    PATHS.distribution,
    (content) =>
      content.replace(
        "<dict>\n",
        "<dict>\n\t<key>com.apple.developer.driverkit.allow-any-userclient-access</key>\n\t<true/>\n",
      ),
  );
  assert.deepEqual(checkDext(files), [
    `${PATHS.distribution} has com.apple.developer.driverkit.allow-any-userclient-access, which only the ` +
    "development set may carry; distribution clients list the dext in their userclient-access entitlement instead",
    "development and distribution must differ by com.apple.developer.driverkit.allow-any-userclient-access alone; " +
    "development only: none; distribution only: none",
  ]);
});

Deno.test("a misspelled entitlement gets a suggestion, a missing one is reported", async () => {
  const files = edited(
    await readProjectFiles(),
    PATHS.development,
    (content) =>
      content.replace(
        "com.apple.developer.driverkit.family.hid.device<",
        "com.apple.developer.driverkit.family.hid.devices<",
      ),
  );
  const problems = checkDext(files);
  assert.equal(
    problems[0],
    `${PATHS.development} has the unexpected com.apple.developer.driverkit.family.hid.devices ` +
      "(did you mean com.apple.developer.driverkit.family.hid.device?)",
  );
  assert.equal(
    problems[1],
    `${PATHS.development} lacks com.apple.developer.driverkit.family.hid.device`,
  );
});

Deno.test("an XML comment in an entitlements file is reported", async () => {
  const files = edited(
    await readProjectFiles(),
    PATHS.distribution,
    (content) => content.replace("<dict>\n", "<dict>\n\t<!-- the shipping set -->\n"),
  );
  assert.deepEqual(checkDext(files), [
    `${PATHS.distribution} has an XML comment; codesign then drops every entitlement silently`,
  ]);
});

Deno.test("entitlements wired into the Xcode build are reported", async () => {
  const files = edited(
    await readProjectFiles(),
    PATHS.project,
    (content) =>
      content.replace(
        "        SDKROOT: driverkit\n",
        "        SDKROOT: driverkit\n        CODE_SIGN_ENTITLEMENTS: driver/entitlements/development.entitlements\n",
      ),
  );
  assert.deepEqual(checkDext(files), [
    "VirtualHIDDevice sets CODE_SIGN_ENTITLEMENTS; entitlements are injected at codesign time",
  ]);
});

Deno.test("a version hard-coded in project.yml is reported", async () => {
  const files = edited(
    await readProjectFiles(),
    PATHS.project,
    (content) =>
      content.replace(
        '        SWIFT_VERSION: "5.0"\n',
        '        SWIFT_VERSION: "5.0"\n        CURRENT_PROJECT_VERSION: 7\n',
      ),
  );
  assert.deepEqual(checkDext(files), [
    "Manager sets CURRENT_PROJECT_VERSION; the build passes it (README, Versions)",
  ]);
});

Deno.test("a second copy of a report descriptor in the glue is reported", async () => {
  const files = edited(
    await readProjectFiles(),
    "dext/driver/dextkit_VirtualHIDPointing.cpp",
    (content) =>
      content.replace(
        "OSData::withBytes(dextkit_pointing_report_descriptor,\n                             sizeof(dextkit_pointing_report_descriptor))",
        "OSData::withBytes(kDescriptor, sizeof(kDescriptor))",
      ).replace(
        "struct dextkit_VirtualHIDPointing_IVars {",
        "static const uint8_t kDescriptor[] = {0x05, 0x01, 0x09, 0x02, 0xA1, 0x01, 0x09, 0x01, 0xA1, 0x00};\n\nstruct dextkit_VirtualHIDPointing_IVars {",
      ),
  );
  assert.deepEqual(checkDext(files), [
    "dextkit_VirtualHIDPointing.cpp must publish dextkit_pointing_report_descriptor from dextkit/protocol.h",
    "dext/driver/dextkit_VirtualHIDPointing.cpp holds a byte table; report descriptors come from dextkit/protocol.h only",
  ]);
});

Deno.test("a HID device that overrides Start is reported", async () => {
  const files = edited(
    await readProjectFiles(),
    "dext/driver/dextkit_VirtualHIDPointing.iig",
    (content) =>
      content.replace(
        "    virtual kern_return_t Stop(IOService* provider) override;\n",
        "    virtual kern_return_t Start(IOService* provider) override;\n    virtual kern_return_t Stop(IOService* provider) override;\n",
      ),
  );
  assert.deepEqual(checkDext(files), [
    "dextkit_VirtualHIDPointing overrides Start; a HID device registers through RegisterService = true",
  ]);
});

Deno.test("a Create key that Info.plist does not describe is reported", async () => {
  const files = edited(
    await readProjectFiles(),
    "dext/driver/dextkit_VirtualHIDDeviceUserClient.cpp",
    (content) => content.replace('"VirtualHIDPointingProperties";', '"VirtualHIDMouseProperties";'),
  );
  assert.deepEqual(checkDext(files), [
    'dextkit_VirtualHIDDeviceUserClient creates from "VirtualHIDMouseProperties", which Info.plist does not describe',
    'no glue source creates "VirtualHIDPointingProperties"',
  ]);
});
