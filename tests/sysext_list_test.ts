import assert from "node:assert/strict";
import { parseSystemExtensionList } from "../lib/sysext/system_extension_list.ts";
import { OutputParseError } from "../lib/sysext/output_parse_error.ts";
import {
  KNOWN_SYSTEM_EXTENSION_STATES,
  systemExtensionPhase,
  systemExtensionStateName,
} from "../lib/sysext/system_extension_state.ts";
import { readFixture } from "./fixtures/macos/read_fixture.ts";

const DRIVER = "com.apple.system_extension.driver_extension";

function parseError(run: () => unknown, line: number | undefined, detail: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof OutputParseError, String(error));
    assert.equal(error.what, "systemextensionsctl list");
    assert.equal(error.line, line);
    assert.match(error.detail, detail);
    return true;
  });
}

Deno.test("systemextensionsctl list: macOS 15 header, activated row and retained old version", () => {
  const list = parseSystemExtensionList(readFixture("sysext_list_macos15.txt"));
  assert.equal(list.count, 2);
  assert.deepEqual(list.extensions, [
    {
      category: DRIVER,
      enabled: true,
      active: true,
      teamId: "ABCDE12345",
      bundleId: "com.example.hiddriver",
      shortVersion: "1.2",
      bundleVersion: "7",
      name: "com.example.hiddriver",
      state: "activated_enabled",
      phase: "enabled",
      line: 4,
    },
    {
      category: DRIVER,
      enabled: false,
      active: false,
      teamId: "ABCDE12345",
      bundleId: "com.example.hiddriver",
      shortVersion: "1.1",
      bundleVersion: "6",
      name: "com.example.hiddriver",
      state: "terminated_waiting_to_uninstall_on_reboot",
      phase: "reboot-pending",
      line: 5,
    },
  ]);
});

Deno.test("systemextensionsctl list: older header, waiting for user (enabled empty, active *)", () => {
  const list = parseSystemExtensionList(readFixture("sysext_list_waiting_user.txt"));
  assert.equal(list.extensions.length, 1);
  const [entry] = list.extensions;
  assert.equal(entry?.enabled, false);
  assert.equal(entry?.active, true);
  assert.equal(entry?.state, "activated_waiting_for_user");
  assert.equal(entry?.phase, "waiting-for-user");
  assert.equal(entry?.category, DRIVER);
});

Deno.test("systemextensionsctl list: empty list", () => {
  assert.deepEqual(parseSystemExtensionList(readFixture("sysext_list_empty.txt")), {
    count: 0,
    extensions: [],
    warnings: [],
  });
});

Deno.test("systemextensionsctl list: CRLF, blank line after the count, trailing spaces", () => {
  const text = readFixture("sysext_list_macos15.txt").split("\n").map((line) => `${line}  `);
  text.splice(1, 0, "");
  const list = parseSystemExtensionList(text.join("\r\n"));
  assert.equal(list.extensions.length, 2);
  assert.equal(list.extensions[0]?.line, 5);
  assert.equal(list.extensions[1]?.bundleVersion, "6");
  assert.equal(list.extensions[1]?.state, "terminated_waiting_to_uninstall_on_reboot");
});

Deno.test("systemextensionsctl list <category>: the Category: line", () => {
  const list = parseSystemExtensionList([
    "Category: com.apple.system_extension.network_extension",
    "1 extension(s)",
    "--- com.apple.system_extension.network_extension",
    "enabled\tactive\tteamID\tbundleID (version)\tname\t[state]",
    "*\t*\tZZZZZ99999\tcom.example.vpn.tunnel (3.0/300)\tExample VPN Tunnel\t[activated enabled]",
  ].join("\n"));
  assert.equal(list.extensions[0]?.category, "com.apple.system_extension.network_extension");
  assert.equal(list.extensions[0]?.name, "Example VPN Tunnel");
  assert.equal(list.extensions[0]?.shortVersion, "3.0");
  assert.equal(list.extensions[0]?.bundleVersion, "300");
});

Deno.test("systemextensionsctl list: a row whose TABs became spaces still parses", () => {
  const list = parseSystemExtensionList([
    "2 extension(s)",
    "--- com.apple.system_extension.driver_extension",
    "enabled  active  teamID  bundleID (version)  name  [state]",
    "*   *   ABCDE12345   com.example.hiddriver (1.2/7)   My Driver   [activated enabled]",
    "    *   ABCDE12345   com.example.hiddriver (1.1/6)   My Driver   [activated waiting for user]",
  ].join("\n"));
  assert.equal(list.extensions[0]?.enabled, true);
  assert.equal(list.extensions[0]?.active, true);
  assert.equal(list.extensions[0]?.name, "My Driver");
  assert.equal(list.extensions[1]?.enabled, false);
  assert.equal(list.extensions[1]?.active, true);
  assert.equal(list.extensions[1]?.state, "activated_waiting_for_user");
});

Deno.test("systemextensionsctl list: rows take the category of the header above them", () => {
  const list = parseSystemExtensionList([
    "2 extension(s)",
    "--- com.apple.system_extension.network_extension",
    "enabled\tactive\tteamID\tbundleID (version)\tname\t[state]",
    "*\t*\tZZZZZ99999\tcom.example.vpn.tunnel (3.0/300)\tExample VPN Tunnel\t[activated enabled]",
    "--- com.apple.system_extension.driver_extension",
    "enabled\tactive\tteamID\tbundleID (version)\tname\t[state]",
    "*\t*\tABCDE12345\tcom.example.hiddriver (1.2/7)\tcom.example.hiddriver\t[activated enabled]",
  ].join("\n"));
  assert.deepEqual(
    list.extensions.map((entry) => [entry.category, entry.bundleId]),
    [
      ["com.apple.system_extension.network_extension", "com.example.vpn.tunnel"],
      [DRIVER, "com.example.hiddriver"],
    ],
  );
});

Deno.test("systemextensionsctl list: a version without '/' is the bundle version", () => {
  const list = parseSystemExtensionList(
    "1 extension(s)\n--- c\n*\t*\tABCDE12345\tcom.example.x (42)\tx\t[activated enabled]\n",
  );
  assert.equal(list.extensions[0]?.shortVersion, "");
  assert.equal(list.extensions[0]?.bundleVersion, "42");
});

Deno.test("systemextensionsctl list: truncated and garbage input give a parse error with the line", () => {
  const full = readFixture("sysext_list_macos15.txt");
  const lines = full.split("\n");
  // Cut at a line boundary: the count line disagrees with the rows (a warning, see drift tests).
  assert.match(
    parseSystemExtensionList(lines.slice(0, 4).join("\n")).warnings[0] ?? "",
    /says 2 .* 1 row/,
  );
  // Cut inside the last row: that row lacks columns.
  parseError(
    () => parseSystemExtensionList(full.slice(0, full.lastIndexOf("\t"))),
    5,
    /5 columns, expected 6/,
  );
  parseError(() => parseSystemExtensionList(""), undefined, /empty/);
  parseError(
    () => parseSystemExtensionList("hello world"),
    1,
    /expected "<N> extension\(s\)", found "hello world"/,
  );
  parseError(
    () => parseSystemExtensionList("1 extension(s)\n*\t*\tA\tb (1/2)\tc\t[activated enabled]"),
    2,
    /before any "--- <category>"/,
  );
  parseError(
    () =>
      parseSystemExtensionList("1 extension(s)\n--- c\nx\t*\tA\tb (1/2)\tc\t[activated enabled]"),
    3,
    /enabled column holds "x"/,
  );
  parseError(
    () => parseSystemExtensionList("1 extension(s)\n--- c\n*\t*\tA\tb 1/2\tc\t[activated enabled]"),
    3,
    /expected "bundleID \(version\)"/,
  );
  parseError(
    () => parseSystemExtensionList("1 extension(s)\n--- c\n*\t*\tA\tb (1/2)\tc\tactivated enabled"),
    3,
    /expected a "\[state\]" column/,
  );
  parseError(
    () => parseSystemExtensionList("1 extension(s)\n2 extension(s)\n"),
    2,
    /second count line/,
  );
});

Deno.test("system extension states: both spellings, every known state has a phase", () => {
  assert.equal(
    systemExtensionStateName("[activated waiting for user]"),
    "activated_waiting_for_user",
  );
  assert.equal(systemExtensionStateName("activated_enabled"), "activated_enabled");
  assert.equal(systemExtensionPhase("activated waiting to upgrade on reboot"), "reboot-pending");
  assert.equal(systemExtensionPhase("terminating_for_upgrade_via_delegate"), "terminating");
  assert.equal(systemExtensionPhase("validating by category"), "activating");
  assert.equal(systemExtensionPhase("uninstalling"), "uninstalled");
  assert.equal(systemExtensionPhase("activated disabled"), "disabled");
  assert.equal(systemExtensionPhase("constructor"), "unknown");
  assert.equal(KNOWN_SYSTEM_EXTENSION_STATES.length, 17);
  for (const state of KNOWN_SYSTEM_EXTENSION_STATES) {
    assert.notEqual(systemExtensionPhase(state), "unknown", state);
  }
});
