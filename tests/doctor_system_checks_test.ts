// The doctor checks that read the Mac's system state — macOS version, SIP, developer mode,
// `systemextensionsctl list`, db.plist — each finding produced from recorded output through the
// scripted runner, with its fix text checked.
import assert from "node:assert/strict";
import { join } from "node:path";
import { developerModeCheck } from "../lib/doctor/check_developer_mode.ts";
import { extensionDatabaseCheck } from "../lib/doctor/check_extension_database.ts";
import { macOSVersionCheck } from "../lib/doctor/check_macos_version.ts";
import { sipCheck } from "../lib/doctor/check_sip.ts";
import { APPROVAL_PLACE, systemExtensionsCheck } from "../lib/doctor/check_system_extensions.ts";
import { RESET_AND_REINSTALL } from "../lib/doctor/known_problems.ts";
import type { DriverProbe } from "../lib/doctor/driver_probe.ts";
import {
  EXAMPLE_IDS,
  macContext,
  runCheck,
  type TempDir,
  tempDir,
} from "./fixtures/doctor_fixtures.ts";
import { readFixture, readFixtureBytes } from "./fixtures/macos/read_fixture.ts";

const DEXTKIT_IDS = {
  dext: "dev.dextkit.VirtualHIDDevice",
  manager: "dev.dextkit.VirtualHIDDeviceManager",
};

function list(...rows: string[]): string {
  return [
    `${rows.length} extension(s)`,
    "--- com.apple.system_extension.driver_extension",
    "enabled\tactive\tteamID\tbundleID (version)\tname\t[state]",
    ...rows,
  ].join("\n") + "\n";
}

function row(flags: string, id: string, version: string, state: string): string {
  return `${flags}ABCDE12345\t${id} (${version})\t${id}\t[${state}]`;
}

function answered(driverVersion: number): DriverProbe {
  return {
    kind: "answered",
    driver: { driverVersion, protocolVersion: 1, capabilities: 7 },
    registryEntryId: 0x100000965n,
    keyboard: { ready: true, problem: undefined },
    pointing: { ready: true, problem: undefined },
    leds: { capsLock: false, numLock: false },
  };
}

// ---- macos-version ----

Deno.test("macos-version: a supported release is ok", async () => {
  const { context, runner } = macContext({
    script: [{
      cmd: "sw_vers",
      args: [],
      stdout: "ProductName:\tmacOS\nProductVersion:\t15.4\nBuildVersion:\t24E248\n",
    }],
  });
  const result = await runCheck(macOSVersionCheck, context);
  assert.equal(result.status, "ok");
  assert.equal(result.finding, "macOS 15.4 (24E248), Sequoia: supported");
  assert.equal(result.fix, null);
  runner.assertAllUsed();
});

Deno.test("macos-version: macOS 12 fails, a future release warns", async () => {
  const old = macContext({
    script: [{
      cmd: "sw_vers",
      args: [],
      stdout: "ProductName:\tmacOS\nProductVersion:\t12.7.6\nBuildVersion:\t21H1320\n",
    }],
  });
  const oldResult = await runCheck(macOSVersionCheck, old.context);
  assert.equal(oldResult.status, "fail");
  assert.equal(
    oldResult.finding,
    "macOS 12.7.6 (21H1320) is older than the driver supports (macOS 13 Ventura or later)",
  );
  assert.match(oldResult.fix ?? "", /^update macOS to 13 or later/);
  const future = macContext({
    script: [{ cmd: "sw_vers", args: [], stdout: "ProductVersion: 27.0\n" }],
  });
  const futureResult = await runCheck(macOSVersionCheck, future.context);
  assert.equal(futureResult.status, "warn");
  assert.match(
    futureResult.finding,
    /^macOS 27\.0 is newer than the releases dextkit was tested on/,
  );
});

Deno.test("macos-version: unreadable output fails that check with the line", async () => {
  const { context } = macContext({
    script: [{ cmd: "sw_vers", args: [], stdout: "ProductVersion: ???\n" }],
  });
  const result = await runCheck(macOSVersionCheck, context);
  assert.equal(result.status, "fail");
  assert.equal(
    result.finding,
    'could not parse sw_vers (line 1): ProductVersion "???" is not a version number',
  );
  assert.match(result.fix ?? "", /run the command by hand/);
});

// ---- sip ----

const csrutil = (stdout: string) => [{ cmd: "csrutil", args: ["status"], stdout }];

Deno.test("sip: enabled with an Apple Development identity is ok: no notarization, no SIP change", async () => {
  const { context } = macContext({
    script: csrutil(readFixture("csrutil_enabled.txt")),
    config: {
      bundleIds: EXAMPLE_IDS,
      signing: { entitlements: "development", developmentIdentity: "Apple Development: A (X1)" },
    },
  });
  const result = await runCheck(sipCheck, context);
  assert.equal(result.status, "ok");
  assert.match(
    result.finding,
    /a development-signed dext loads without notarization when its development profile lists this Mac/,
  );
  assert.doesNotMatch(result.finding, /csrutil disable/);
});

Deno.test("sip: enabled with development entitlements and no identity warns toward Apple Development", async () => {
  const { context } = macContext({ script: csrutil(readFixture("csrutil_enabled.txt")) });
  const result = await runCheck(sipCheck, context);
  assert.equal(result.status, "warn");
  assert.match(result.finding, /no development identity is configured/);
  assert.match(result.fix ?? "", /development provisioning profile that lists this Mac/);
});

Deno.test("sip: enabled with the distribution entitlements is ok, and says notarization is needed", async () => {
  const { context } = macContext({
    script: csrutil(readFixture("csrutil_enabled.txt")),
    config: { bundleIds: EXAMPLE_IDS, signing: { entitlements: "distribution" } },
  });
  const result = await runCheck(sipCheck, context);
  assert.equal(result.status, "ok");
  assert.match(result.finding, /the dext must be notarized to load/);
});

Deno.test("sip: disabled is ok", async () => {
  const { context } = macContext({ script: csrutil(readFixture("csrutil_disabled.txt")) });
  const result = await runCheck(sipCheck, context);
  assert.equal(result.status, "ok");
  assert.match(result.finding, /^SIP is disabled/);
});

Deno.test("sip: a custom configuration warns and lists what is disabled", async () => {
  const { context } = macContext({ script: csrutil(readFixture("csrutil_custom.txt")) });
  const result = await runCheck(sipCheck, context);
  assert.equal(result.status, "warn");
  assert.match(
    result.finding,
    /^SIP has a custom configuration \(disabled: Apple Internal, Filesystem Protections\)/,
  );
  assert.match(result.fix ?? "", /Recovery and run `csrutil enable`/);
  assert.ok(result.details.includes("Kext Signing: enabled"));
});

Deno.test("sip: garbage fails with the parse error", async () => {
  const { context } = macContext({ script: csrutil("csrutil: command not found?\n") });
  const result = await runCheck(sipCheck, context);
  assert.equal(result.status, "fail");
  assert.match(
    result.finding,
    /^could not parse csrutil status \(line 1\): expected "System Integrity Protection status: …"/,
  );
});

// ---- developer-mode ----

const developer = (stdout: string) => [{ cmd: "systemextensionsctl", args: ["developer"], stdout }];

Deno.test("developer-mode: on warns, off is ok", async () => {
  const on = await runCheck(
    developerModeCheck,
    macContext({ script: developer("Developer mode is on\n") }).context,
  );
  assert.equal(on.status, "warn");
  assert.match(on.finding, /^developer mode is on: activation works from any folder/);
  assert.equal(
    on.fix,
    "before testing the real install path run `systemextensionsctl developer off` (needs SIP disabled)",
  );
  const off = await runCheck(
    developerModeCheck,
    macContext({ script: developer("Developer mode is off\n") }).context,
  );
  assert.equal(off.status, "ok");
});

// ---- system-extensions ----

const sysext = (stdout: string) => [{ cmd: "systemextensionsctl", args: ["list"], stdout }];

Deno.test("system-extensions: none installed → install", async () => {
  const { context, runner } = macContext({ script: sysext(readFixture("sysext_list_empty.txt")) });
  const result = await runCheck(systemExtensionsCheck, context);
  assert.equal(result.status, "fail");
  assert.equal(
    result.finding,
    "no version of com.example.hiddriver is installed (systemextensionsctl lists 0 other extensions)",
  );
  assert.equal(
    result.fix,
    `install it with \`dextkit install-dext\`, then approve it in ${APPROVAL_PLACE}`,
  );
  runner.assertAllUsed();
});

Deno.test("system-extensions: waiting for user approval → approve in System Settings", async () => {
  const { context } = macContext({ script: sysext(readFixture("sysext_list_waiting_user.txt")) });
  const result = await runCheck(systemExtensionsCheck, context);
  assert.equal(result.status, "warn");
  assert.equal(
    result.finding,
    "com.example.hiddriver 1.2 (7) is waiting for your approval [activated waiting for user]",
  );
  assert.equal(
    result.fix,
    "approve it in System Settings > General > Login Items & Extensions > Driver Extensions " +
      "(macOS 13–14: System Settings > Privacy & Security)",
  );
});

Deno.test("system-extensions: several versions active at once → sysextd crash risk → reset", async () => {
  const { context } = macContext({
    script: sysext(list(
      row("*\t*\t", "com.example.hiddriver", "1.1/6", "activated enabled"),
      row("\t*\t", "com.example.hiddriver", "1.2/7", "activated waiting for user"),
    )),
  });
  const result = await runCheck(systemExtensionsCheck, context);
  assert.equal(result.status, "fail");
  assert.equal(
    result.finding,
    "2 versions of com.example.hiddriver are active at once (1.1 (6) activated_enabled, 1.2 (7) " +
      'activated_waiting_for_user): sysextd crashes (EXC_BAD_INSTRUCTION) or fails with "Activate ' +
      'found 2 extensions in active state" (and 1 more)',
  );
  assert.equal(result.fix, RESET_AND_REINSTALL);
  assert.match(RESET_AND_REINSTALL, /dextkit install-dext --reset.*SIP disabled.*reboot/);
  assert.ok(
    result.details.some((line) =>
      line.startsWith("warn: com.example.hiddriver 1.2 (7) is waiting")
    ),
  );
});

Deno.test("system-extensions: terminated waiting to uninstall on reboot → reboot", async () => {
  const { context } = macContext({ script: sysext(readFixture("sysext_list_macos15.txt")) });
  const result = await runCheck(systemExtensionsCheck, context);
  assert.equal(result.status, "warn");
  assert.equal(
    result.finding,
    "com.example.hiddriver 1.1 (6) is [terminated waiting to uninstall on reboot]: it changes only " +
      "when the Mac restarts",
  );
  assert.equal(result.fix, "reboot the Mac");
  assert.deepEqual(result.details, [
    "1.2 (7) [activated enabled] enabled active team ABCDE12345",
    "1.1 (6) [terminated waiting to uninstall on reboot] team ABCDE12345",
  ]);
});

Deno.test("system-extensions: enabled, but an older driver version answering → reboot", async () => {
  const { context, probes } = macContext({
    config: { bundleIds: DEXTKIT_IDS },
    script: sysext(list(row("*\t*\t", DEXTKIT_IDS.dext, "0.2.0/900", "activated enabled"))),
    probe: answered(100),
  });
  const result = await runCheck(systemExtensionsCheck, context);
  assert.equal(result.status, "fail");
  assert.equal(
    result.finding,
    "dev.dextkit.VirtualHIDDevice 0.2.0 (900) is enabled, but the driver answering is 0.1.0: the " +
      "replaced dext keeps running until the Mac restarts",
  );
  assert.equal(result.fix, "reboot the Mac");
  assert.equal(probes(), 1);
});

Deno.test("system-extensions: enabled and the same driver answering is ok", async () => {
  const { context } = macContext({
    config: { bundleIds: DEXTKIT_IDS },
    script: sysext(list(row("*\t*\t", DEXTKIT_IDS.dext, "0.2.0/900", "activated enabled"))),
    probe: answered(200),
  });
  const result = await runCheck(systemExtensionsCheck, context);
  assert.equal(result.status, "ok");
  assert.equal(result.finding, "dev.dextkit.VirtualHIDDevice 0.2.0 (900) is activated and enabled");
});

Deno.test("system-extensions: the build install-dext recorded is not listed", async () => {
  await using state = await tempDir();
  await Deno.writeTextFile(
    join(state.path, "expected-driver.json"),
    JSON.stringify({
      bundleId: DEXTKIT_IDS.dext,
      shortVersion: "0.2.0",
      bundleVersion: "901",
      recordedAt: "2026-05-01T10:00:00.000Z",
      rebootRequired: false,
    }),
  );
  const { context } = macContext({
    config: { bundleIds: DEXTKIT_IDS },
    env: { DEXTKIT_STATE_DIR: state.path },
    script: sysext(list(row("*\t*\t", DEXTKIT_IDS.dext, "0.2.0/900", "activated enabled"))),
    probe: answered(200),
  });
  const result = await runCheck(systemExtensionsCheck, context);
  assert.equal(result.status, "warn");
  assert.match(
    result.finding,
    /^systemextensionsctl does not list dev\.dextkit\.VirtualHIDDevice 0\.2\.0 \(build 901\)/,
  );
  assert.equal(result.fix, "run `dextkit install-dext` again");
});

Deno.test("system-extensions: disabled, and only retained rows", async () => {
  const disabled = await runCheck(
    systemExtensionsCheck,
    macContext({
      script: sysext(list(row("\t*\t", "com.example.hiddriver", "1.2/7", "activated disabled"))),
    }).context,
  );
  assert.equal(disabled.status, "warn");
  assert.equal(
    disabled.finding,
    "com.example.hiddriver 1.2 (7) is installed but disabled [activated disabled]",
  );
  assert.equal(disabled.fix, `enable it in ${APPROVAL_PLACE}`);
  const retained = await runCheck(
    systemExtensionsCheck,
    macContext({
      script: sysext(
        list(
          row(
            "\t\t",
            "com.example.hiddriver",
            "1.1/6",
            "terminated waiting to uninstall on reboot",
          ),
        ),
      ),
    }).context,
  );
  assert.equal(retained.status, "fail");
  assert.match(
    retained.finding,
    /^no version of com\.example\.hiddriver is active; only 1\.1 \(6\)/,
  );
  assert.equal(retained.fix, "reboot, then install again with `dextkit install-dext`");
});

Deno.test("system-extensions: a count line that disagrees with the rows is a warning", async () => {
  const cut = readFixture("sysext_list_macos15.txt").split("\n").slice(0, 4).join("\n");
  const { context } = macContext({ script: sysext(cut) });
  const result = await runCheck(systemExtensionsCheck, context);
  assert.equal(result.status, "warn");
  assert.equal(
    result.finding,
    "systemextensionsctl list: the count line says 2 extension(s) but 1 row(s) follow " +
      "(was the output cut off?); reading the rows that are there",
  );
});

// ---- extension-database ----

function dbContext(dir: TempDir, content: string | Uint8Array, config?: unknown) {
  const path = join(dir.path, "db.plist");
  if (typeof content === "string") Deno.writeTextFileSync(path, content);
  else Deno.writeFileSync(path, content);
  return macContext({
    paths: { systemExtensionsDb: path },
    ...(config === undefined ? {} : { config }),
  });
}

const XML_DB = readFixture("db.plist.sample.xml");

Deno.test("extension-database: the binary and the XML db.plist read the same", async () => {
  await using dir = await tempDir();
  for (const content of [readFixtureBytes("db.plist.sample.bin"), XML_DB]) {
    const result = await runCheck(extensionDatabaseCheck, dbContext(dir, content).context);
    assert.equal(result.status, "ok");
    assert.equal(
      result.finding,
      "db.plist records com.example.hiddriver 1.2 (7) activated_enabled from /Applications/App.app",
    );
    assert.equal(result.details[0], "developer mode: off");
  }
});

Deno.test("extension-database: no db.plist warns, no record fails", async () => {
  await using dir = await tempDir();
  const missing = await runCheck(extensionDatabaseCheck, macContext().context);
  assert.equal(missing.status, "warn");
  assert.match(
    missing.finding,
    /^there is no .*db\.plist: macOS has no record of any system extension$/,
  );
  const other = await runCheck(
    extensionDatabaseCheck,
    dbContext(dir, XML_DB, { bundleIds: DEXTKIT_IDS }).context,
  );
  assert.equal(other.status, "fail");
  assert.equal(
    other.finding,
    "db.plist has no record of dev.dextkit.VirtualHIDDevice (1 other record)",
  );
});

Deno.test("extension-database: two active versions → reset", async () => {
  await using dir = await tempDir();
  const start = XML_DB.indexOf("\t\t<dict>\n\t\t\t<key>bundleVersion</key>");
  const end = XML_DB.indexOf("\t</array>\n\t<key>version</key>");
  const record = XML_DB.slice(start, end);
  const older = record.replace("<string>1.2</string>", "<string>1.1</string>")
    .replace("<string>7</string>", "<string>6</string>");
  const result = await runCheck(
    extensionDatabaseCheck,
    dbContext(dir, XML_DB.slice(0, end) + older + XML_DB.slice(end)).context,
  );
  assert.equal(result.status, "fail");
  assert.match(
    result.finding,
    /^db\.plist holds 2 active versions of com\.example\.hiddriver \(1\.2 \(7\), 1\.1 \(6\)\)/,
  );
  assert.equal(result.fix, RESET_AND_REINSTALL);
});

Deno.test("extension-database: activated from outside /Applications", async () => {
  await using dir = await tempDir();
  const xml = XML_DB.replace(
    "<string>/Applications/App.app</string>",
    "<string>/Users/dev/build/App.app</string>",
  );
  const result = await runCheck(extensionDatabaseCheck, dbContext(dir, xml).context);
  assert.equal(result.status, "fail");
  assert.match(
    result.finding,
    /was activated from \/Users\/dev\/build\/App\.app, outside \/Applications.*OSSystemExtensionError 3/,
  );
  assert.match(result.fix ?? "", /install the manager app into \/Applications/);
});

Deno.test("extension-database: an MDM policy that forbids the extension", async () => {
  await using dir = await tempDir();
  const xml = XML_DB.replace(
    "<key>allowUserOverrides</key><true/>",
    "<key>allowUserOverrides</key><false/>",
  )
    .replace("<key>ABCDE12345</key><array><string>com.example.hiddriver</string></array>", "");
  const result = await runCheck(extensionDatabaseCheck, dbContext(dir, xml).context);
  assert.equal(result.status, "fail");
  assert.equal(
    result.finding,
    "an MDM system-extension policy allows neither team ABCDE12345 nor com.example.hiddriver, and " +
      "forbids user approval (OSSystemExtensionError 10)",
  );
});

Deno.test("extension-database: a cut-off db.plist fails with the line", async () => {
  await using dir = await tempDir();
  const result = await runCheck(
    extensionDatabaseCheck,
    dbContext(dir, XML_DB.slice(0, 400)).context,
  );
  assert.equal(result.status, "fail");
  assert.match(
    result.finding,
    /^could not parse db\.plist \(line \d+\): the XML ends before <\/plist>/,
  );
});

Deno.test("system-extensions: an installed version that is not a kext version → uninstall it", async () => {
  const { context } = macContext({
    script: sysext(
      list(row("*\t*\t", "com.example.hiddriver", "0.1.0/790000", "activated enabled")),
    ),
  });
  const result = await runCheck(systemExtensionsCheck, context);
  assert.equal(result.status, "fail");
  assert.match(
    result.finding,
    /^com\.example\.hiddriver 0\.1\.0 \(790000\) has a CFBundleVersion that is not a kext version \("790000": component 1 \(790000\) has 6 digits/,
  );
  assert.match(
    result.fix ?? "",
    /systemextensionsctl uninstall ABCDE12345 com\.example\.hiddriver/,
  );
});
