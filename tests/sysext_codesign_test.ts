import assert from "node:assert/strict";
import { parseCodesignDisplay } from "../lib/sysext/codesign_display.ts";
import {
  diffEntitlements,
  parseCodesignEntitlements,
} from "../lib/sysext/codesign_entitlements.ts";
import { OutputParseError } from "../lib/sysext/output_parse_error.ts";
import { readFixture } from "./fixtures/macos/read_fixture.ts";

function parseError(run: () => unknown, what: string, detail: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof OutputParseError, String(error));
    assert.equal(error.what, what);
    assert.match(error.detail, detail);
    return true;
  });
}

Deno.test("codesign -dvvv: Developer ID, hardened runtime, secure timestamp", () => {
  const signature = parseCodesignDisplay(readFixture("codesign_dvvv_developer_id.txt"));
  assert.equal(signature.signed, true);
  assert.equal(signature.identifier, "com.example.hiddriver");
  assert.equal(signature.format, "bundle with Mach-O universal (x86_64 arm64)");
  assert.equal(signature.flags, 0x10000);
  assert.deepEqual(signature.flagNames, ["runtime"]);
  assert.equal(signature.hardenedRuntime, true);
  assert.equal(signature.adhoc, false);
  assert.deepEqual(signature.authorities, [
    "Developer ID Application: Example Corp (ABCDE12345)",
    "Developer ID Certification Authority",
    "Apple Root CA",
  ]);
  assert.equal(signature.teamId, "ABCDE12345");
  assert.equal(signature.timestamp, "May 11, 2026 at 9:15:29 PM");
  assert.equal(signature.signedTime, undefined);
  assert.equal(signature.cdHash, "e6965d292b7f222975262de06d2c4e0f72036da4");
  assert.equal(signature.runtimeVersion, "15.4.0");
  assert.deepEqual(signature.fields["Sealed Resources version"], ["2 rules=13 files=2"]);
  assert.deepEqual(signature.fields["CodeDirectory"], [
    "v=20500 size=1210 flags=0x10000(runtime) hashes=27+7 location=embedded",
  ]);
});

Deno.test("codesign -dvvv: no hardened runtime and no secure timestamp", () => {
  const signature = parseCodesignDisplay(readFixture("codesign_dvvv_no_timestamp.txt"));
  assert.equal(signature.flags, 0);
  assert.deepEqual(signature.flagNames, []);
  assert.equal(signature.hardenedRuntime, false);
  assert.equal(signature.timestamp, undefined);
  assert.equal(signature.signedTime, "May 11, 2026 at 9:10:02 PM");
  assert.equal(signature.authorities[0], "Apple Development: dev@example.com (XYZ9876543)");
});

Deno.test("codesign -dvvv: ad-hoc and unsigned", () => {
  const adhoc = parseCodesignDisplay(readFixture("codesign_dvvv_adhoc.txt"));
  assert.equal(adhoc.adhoc, true);
  assert.equal(adhoc.flags, 2);
  assert.equal(adhoc.teamId, undefined);
  assert.deepEqual(adhoc.authorities, []);
  const unsigned = parseCodesignDisplay(readFixture("codesign_dvvv_unsigned.txt"));
  assert.equal(unsigned.signed, false);
  assert.equal(unsigned.identifier, undefined);
});

Deno.test("codesign -dvvv: CRLF, several flags, garbage and empty output", () => {
  const signature = parseCodesignDisplay(
    "Identifier=x\r\nCodeDirectory v=20500 size=1 flags=0x10002(adhoc,runtime) hashes=1+0\r\n",
  );
  assert.equal(signature.flags, 0x10002);
  assert.deepEqual(signature.flagNames, ["adhoc", "runtime"]);
  assert.ok(signature.adhoc && signature.hardenedRuntime);
  parseError(
    () => parseCodesignDisplay(""),
    "codesign -dvvv",
    /empty \(codesign -d prints to standard error\)/,
  );
  parseError(
    () => parseCodesignDisplay("App.app: No such file or directory\n"),
    "codesign -dvvv",
    /no Identifier= or Executable= line; first line: "App.app: No such file or directory"/,
  );
  assert.throws(
    () => parseCodesignDisplay("Identifier=x\nCodeDirectory v=20500 size=1 hashes=1+0\n"),
    (error: unknown) => {
      assert.ok(error instanceof OutputParseError);
      assert.equal(error.line, 2);
      return true;
    },
  );
});

Deno.test("codesign --entitlements - --xml: the dext's entitlements, including a USB array", () => {
  assert.deepEqual(parseCodesignEntitlements(readFixture("codesign_entitlements_dext.xml")), {
    "com.apple.developer.driverkit": true,
    "com.apple.developer.driverkit.allow-any-userclient-access": true,
    "com.apple.developer.driverkit.family.hid.device": true,
    "com.apple.developer.driverkit.transport.usb": [{ idVendor: 1452 }],
    "com.apple.developer.team-identifier": "ABCDE12345",
  });
});

Deno.test("codesign --entitlements: no output means no entitlements; a blob header is skipped", () => {
  assert.deepEqual(parseCodesignEntitlements(""), {});
  assert.deepEqual(parseCodesignEntitlements("\n"), {});
  const xml = new TextEncoder().encode(readFixture("codesign_entitlements_dext.xml"));
  // Legacy ":-" output: magic 0xfade7171 and a big-endian length before the XML.
  const blob = new Uint8Array(8 + xml.length);
  blob.set([0xfa, 0xde, 0x71, 0x71, 0, 0, (xml.length + 8) >> 8, (xml.length + 8) & 0xff]);
  blob.set(xml, 8);
  assert.equal(parseCodesignEntitlements(blob)["com.apple.developer.driverkit"], true);
});

Deno.test("codesign --entitlements: the human format, non-dict and truncated XML are errors", () => {
  parseError(
    () =>
      parseCodesignEntitlements(
        "[Dict]\n\t[Key] com.apple.developer.driverkit\n\t[Value]\n\t\t[Bool] true\n",
      ),
    "codesign entitlements",
    /human format; run codesign with --xml/,
  );
  parseError(
    () => parseCodesignEntitlements('<?xml version="1.0"?><plist version="1.0"><array/></plist>'),
    "codesign entitlements",
    /not a dictionary/,
  );
  const xml = readFixture("codesign_entitlements_dext.xml");
  // Cut after two complete <key>/<true/> pairs: still well-formed-looking, but no </plist>.
  parseError(
    () => parseCodesignEntitlements(xml.slice(0, 300)),
    "codesign entitlements",
    /ends before <\/plist>/,
  );
  parseError(
    () =>
      parseCodesignEntitlements(
        xml.replace(
          "<true/>\n\t<key>com.apple.developer.driverkit.allow",
          "<key>com.apple.developer.driverkit.allow",
        ),
      ),
    "codesign entitlements",
    /malformed property list/,
  );
});

Deno.test("entitlements diff: dropped, unexpected and changed keys", () => {
  const requested = {
    "com.apple.developer.driverkit": true,
    "com.apple.developer.driverkit.family.hid.device": true,
    "com.apple.developer.driverkit.transport.usb": [{ idVendor: 1452 }],
  };
  assert.deepEqual(diffEntitlements(requested, requested), {
    missing: [],
    unexpected: [],
    changed: [],
    same: true,
  });
  assert.deepEqual(
    diffEntitlements(requested, {
      "com.apple.developer.driverkit": true,
      "com.apple.developer.driverkit.transport.usb": [{ idVendor: 1453 }],
      "com.apple.security.get-task-allow": true,
    }),
    {
      missing: ["com.apple.developer.driverkit.family.hid.device"],
      unexpected: ["com.apple.security.get-task-allow"],
      changed: ["com.apple.developer.driverkit.transport.usb"],
      same: false,
    },
  );
  // Every requested entitlement silently dropped: the signature carries none.
  assert.deepEqual(
    diffEntitlements(requested, parseCodesignEntitlements("")).missing,
    Object.keys(requested).sort(),
  );
});
