// dext/ against itself and against lib/protocol, through the checker `dextkit doctor` uses
// (lib/doctor/dext_project_consistency.ts): the Info.plist personality, the entitlement sets,
// project.yml and the glue's classes must name the same things. Each rule also has a test that
// edits one file and sees the check fail.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { parse as parsePlist } from "@plist/parse";
import { defaultIdentity } from "../lib/protocol/identity.ts";
import {
  checkDextProject as checkDext,
  DEXT_PROJECT_FILES as PATHS,
  type DextProjectFiles as ProjectFiles,
  readDextProjectFiles,
} from "../lib/doctor/dext_project_consistency.ts";

const PROJECT = fileURLToPath(new URL("../dext/", import.meta.url));

function readProjectFiles(): Promise<Map<string, string>> {
  return readDextProjectFiles(PROJECT);
}

/** A copy of `files` with one file's text changed; the edit must change something. */
function edited(files: ProjectFiles, path: string, edit: (text: string) => string): ProjectFiles {
  const text = files.get(path);
  assert.ok(text !== undefined, `no file ${path}`);
  const changed = edit(text);
  assert.notEqual(changed, text, `the edit changed nothing in ${path}`);
  return new Map([...files, [path, changed]]);
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
    "driver/dextkit_VirtualHIDDeviceRoot.iig",
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
      `${path} has the forbidden com.apple.developer.hid.virtual.device: it is an app entitlement for CoreHID virtual devices; macOS kills a dext signed with it (EXC_CRASH (Code Signature Invalid))`,
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

Deno.test("family.hid.eventservice is reported as unnecessary in either set", async () => {
  for (const path of [PATHS.development, PATHS.distribution]) {
    const files = edited(
      await readProjectFiles(),
      path,
      (content) =>
        content.replace(
          "<dict>\n",
          "<dict>\n\t<key>com.apple.developer.driverkit.family.hid.eventservice</key>\n\t<true/>\n",
        ),
    );
    assert.equal(
      checkDext(files)[0],
      `${path} has the unnecessary com.apple.developer.driverkit.family.hid.eventservice: an ` +
        "AppleUserHIDDevice dext needs com.apple.developer.driverkit.family.hid.device and no " +
        'other HID entitlement (Apple DTS, "HID Entitlement Configuration Guide"); remove it',
    );
  }
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
    "driver/dextkit_VirtualHIDPointing.cpp",
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
    "driver/dextkit_VirtualHIDPointing.cpp holds a byte table; report descriptors come from dextkit/protocol.h only",
  ]);
});

Deno.test("a HID device that overrides Start is reported", async () => {
  const files = edited(
    await readProjectFiles(),
    "driver/dextkit_VirtualHIDPointing.iig",
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
    "driver/dextkit_VirtualHIDDeviceUserClient.cpp",
    (content) => content.replace('"VirtualHIDPointingProperties";', '"VirtualHIDMouseProperties";'),
  );
  assert.deepEqual(checkDext(files), [
    'dextkit_VirtualHIDDeviceUserClient creates from "VirtualHIDMouseProperties", which Info.plist does not describe',
    'no glue source creates "VirtualHIDPointingProperties"',
  ]);
});

Deno.test("the deno compile client's entitlements: userclient-access to the dext, and JIT for V8", async () => {
  // macos-corrections.md item 8: a hardened-runtime Deno binary needs allow-jit (or
  // allow-unsigned-executable-memory), or V8 crashes at start.
  const text = await Deno.readTextFile(`${PROJECT}client/deno_client.entitlements`);
  assert.ok(!text.includes("<!--"), "codesign drops an entitlements file with a comment");
  const entitlements = parsePlist(text) as Record<string, unknown>;
  assert.deepEqual(entitlements, {
    "com.apple.developer.driverkit.userclient-access": [defaultIdentity.bundleId],
    "com.apple.security.cs.allow-jit": true,
  });
});
