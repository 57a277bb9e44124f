import assert from "node:assert/strict";
import {
  parseSystemExtensionDb,
  type SystemExtensionDb,
} from "../lib/sysext/system_extension_db.ts";
import { OutputParseError } from "../lib/sysext/output_parse_error.ts";
import { parsePlist, plistValuesEqual } from "../lib/sysext/plist.ts";
import { readFixture, readFixtureBytes } from "./fixtures/macos/read_fixture.ts";

// Every value read off db.plist.sample.xml by hand.
const SAMPLE: SystemExtensionDb = {
  version: 1,
  developerMode: false,
  bootUuid: "4044A0BF-330C-4FB9-8D90-D5BF55C7B63C",
  extensions: [{
    bundleId: "com.example.hiddriver",
    teamId: "ABCDE12345",
    state: "activated_enabled",
    phase: "enabled",
    categories: ["com.apple.system_extension.driver_extension"],
    shortVersion: "1.2",
    bundleVersion: "7",
    originPath:
      "/Applications/App.app/Contents/Library/SystemExtensions/com.example.hiddriver.dext",
    hostAppPath: "/Applications/App.app",
    stagedBundleUrl:
      "file:///Library/SystemExtensions/5D1A7E6C-2B0B-4C1E-9C0B-3E2F1A0B9C11/com.example.hiddriver.dext/",
    uniqueId: "5D1A7E6C-2B0B-4C1E-9C0B-3E2F1A0B9C11",
    references: [{ appIdentifier: "com.example.app", teamId: "ABCDE12345" }],
  }],
  policies: [{
    allowUserOverrides: true,
    allowedTeamIds: [],
    allowedExtensions: { ABCDE12345: ["com.example.hiddriver"] },
    allowedExtensionTypes: {},
  }],
};

function dbError(run: () => unknown, detail: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof OutputParseError, String(error));
    assert.equal(error.what, "db.plist");
    assert.match(error.detail, detail);
    return true;
  });
}

function plist(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n${body}\n</plist>\n`;
}

Deno.test("db.plist: the XML sample (plutil -convert xml1)", () => {
  assert.deepEqual(parseSystemExtensionDb(readFixture("db.plist.sample.xml")), SAMPLE);
});

Deno.test("db.plist: the XML sample given as bytes", () => {
  assert.deepEqual(parseSystemExtensionDb(readFixtureBytes("db.plist.sample.xml")), SAMPLE);
});

Deno.test("db.plist: the binary form (as on disk) reads the same", () => {
  const bytes = readFixtureBytes("db.plist.sample.bin");
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 8)), "bplist00");
  assert.deepEqual(parseSystemExtensionDb(bytes), SAMPLE);
});

Deno.test("db.plist: missing optional keys take defaults; developer mode and several extensions", () => {
  const db = parseSystemExtensionDb(plist(`<dict>
  <key>developerMode</key><true/>
  <key>extensions</key><array>
    <dict><key>identifier</key><string>a.b</string><key>state</key><string>activated_waiting_for_user</string></dict>
    <dict><key>identifier</key><string>a.b</string><key>state</key><string>terminated_waiting_to_uninstall_on_reboot</string>
      <key>bundleVersion</key><dict><key>CFBundleVersion</key><string>6</string></dict></dict>
  </array>
</dict>`));
  assert.equal(db.developerMode, true);
  assert.equal(db.version, undefined);
  assert.deepEqual(db.policies, []);
  assert.deepEqual(db.extensions.map((entry) => [entry.phase, entry.bundleVersion, entry.teamId]), [
    ["waiting-for-user", "", ""],
    ["reboot-pending", "6", ""],
  ]);
});

Deno.test("db.plist: CRLF line endings and a byte-order mark", () => {
  const text = "\uFEFF" + readFixture("db.plist.sample.xml").replaceAll("\n", "\r\n");
  assert.deepEqual(parseSystemExtensionDb(text), SAMPLE);
});

Deno.test("db.plist: wrong types and missing keys name the key path", () => {
  dbError(
    () =>
      parseSystemExtensionDb(
        plist(
          "<dict><key>extensions</key><array><dict><key>state</key><string>x</string></dict></array></dict>",
        ),
      ),
    /^extensions\[0\]\.identifier is missing$/,
  );
  dbError(
    () =>
      parseSystemExtensionDb(plist("<dict><key>developerMode</key><string>yes</string></dict>")),
    /^developerMode is a string, expected a boolean$/,
  );
  dbError(
    () => parseSystemExtensionDb(plist("<dict><key>extensions</key><dict/></dict>")),
    /^extensions is a dictionary, expected an array$/,
  );
  dbError(
    () =>
      parseSystemExtensionDb(
        plist(
          "<dict><key>extensionPolicies</key><array><dict><key>allowedExtensions</key><dict><key>T</key><string>x</string></dict></dict></array></dict>",
        ),
      ),
    /^extensionPolicies\[0\]\.allowedExtensions\.T is a string, expected an array of strings$/,
  );
  dbError(
    () => parseSystemExtensionDb(plist("<array/>")),
    /^the root is an array, expected a dictionary$/,
  );
});

Deno.test("db.plist: truncated, empty and non-plist input", () => {
  const xml = readFixture("db.plist.sample.xml");
  dbError(() => parseSystemExtensionDb(xml.slice(0, xml.length / 2)), /ends before <\/plist>/);
  dbError(
    () => parseSystemExtensionDb(xml.replace("<key>state</key>", "")),
    /malformed property list/,
  );
  const binary = readFixtureBytes("db.plist.sample.bin");
  dbError(
    () => parseSystemExtensionDb(binary.subarray(0, binary.length - 20)),
    /malformed property list/,
  );
  dbError(() => parseSystemExtensionDb(""), /empty/);
  dbError(
    () => parseSystemExtensionDb(new TextDecoder().decode(binary)),
    /binary property list was given as text/,
  );
  dbError(() => parseSystemExtensionDb("hello"), /not a property list/);
  dbError(() => parseSystemExtensionDb('{"extensions": []}'), /not a property list/);
});

Deno.test("plist: data, dates and big integers", () => {
  const value = parsePlist(
    plist(`<dict>
  <key>blob</key><data>AAEC</data>
  <key>when</key><date>2026-05-01T10:00:00Z</date>
  <key>big</key><integer>9007199254740993</integer>
  <key>list</key><array><real>1.5</real><false/></array>
</dict>`),
    "example",
  );
  // AAEC is base64 for the bytes 00 01 02; 2^53 + 1 does not fit a double.
  const expected = {
    blob: new Uint8Array([0, 1, 2]),
    when: new Date(Date.UTC(2026, 4, 1, 10)),
    big: 9007199254740993n,
    list: [1.5, false],
  };
  assert.ok(plistValuesEqual(value, expected));
  assert.ok(!plistValuesEqual(value, { ...expected, blob: new Uint8Array([0, 1, 3]) }));
  assert.ok(!plistValuesEqual(value, { ...expected, when: new Date(Date.UTC(2026, 4, 1, 11)) }));
});

Deno.test("plist: a __proto__ key is refused, never merged into a prototype", () => {
  assert.throws(
    () =>
      parsePlist(
        plist("<dict><key>__proto__</key><dict><key>polluted</key><true/></dict></dict>"),
        "example",
      ),
    OutputParseError,
  );
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
});
