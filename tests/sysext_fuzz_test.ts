// Every parser, fed mutated fixtures and random text, either returns or throws its
// OutputParseError: never a TypeError, RangeError or a library's own error.
import assert from "node:assert/strict";
import fc from "fast-check";
import { OutputParseError } from "../lib/sysext/output_parse_error.ts";
import { parseSystemExtensionList } from "../lib/sysext/system_extension_list.ts";
import { parseSystemExtensionDb } from "../lib/sysext/system_extension_db.ts";
import { parseNotaryInfo, parseNotarySubmission } from "../lib/sysext/notarytool.ts";
import { parseNotaryLog } from "../lib/sysext/notary_log.ts";
import { parseCodesignDisplay } from "../lib/sysext/codesign_display.ts";
import { parseCodesignEntitlements } from "../lib/sysext/codesign_entitlements.ts";
import { parseSpctlAssessment, parseSpctlStatus } from "../lib/sysext/spctl.ts";
import { parseStaplerOutput } from "../lib/sysext/stapler.ts";
import { parseCsrutilStatus } from "../lib/sysext/csrutil.ts";
import { parseFindIdentity } from "../lib/sysext/find_identity.ts";
import { readFixture, readFixtureBytes } from "./fixtures/macos/read_fixture.ts";

const RUNS = 150;

function onlyParseErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    assert.ok(error instanceof OutputParseError, `threw ${String(error)}`);
    assert.ok(!error.message.includes("\n"), "the message must be one line");
  }
}

/** Edits of a sample: cut it, drop or duplicate a line, splice random text in. */
function mutations(sample: string): fc.Arbitrary<string> {
  const lines = sample.split("\n");
  return fc.oneof(
    fc.nat({ max: sample.length }).map((cut) => sample.slice(0, cut)),
    fc.nat({ max: lines.length - 1 }).map((drop) =>
      lines.filter((_, index) => index !== drop).join("\n")
    ),
    fc.nat({ max: lines.length - 1 }).map((twice) =>
      lines.flatMap((line, index) => index === twice ? [line, line] : [line]).join("\n")
    ),
    fc.tuple(fc.nat({ max: sample.length }), fc.string({ maxLength: 12 }), fc.nat({ max: 6 })).map(
      ([at, text, remove]) => sample.slice(0, at) + text + sample.slice(at + remove),
    ),
    fc.string({ maxLength: 200 }),
    fc.array(
      fc.constantFrom(
        "\t",
        "*",
        " ",
        "\n",
        "\r\n",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        '"',
        ":",
        "=",
        "/",
        "<",
        ">",
        "a",
        "1",
      ),
      { maxLength: 80 },
    ).map((parts) => parts.join("")),
  );
}

const TEXT_PARSERS: readonly [string, string[], (text: string) => unknown][] = [
  ["systemextensionsctl list", [
    "sysext_list_macos15.txt",
    "sysext_list_waiting_user.txt",
    "sysext_list_empty.txt",
  ], parseSystemExtensionList],
  ["db.plist (XML)", ["db.plist.sample.xml"], parseSystemExtensionDb],
  [
    "notarytool submit",
    ["notary_submit_nowait.txt", "notary_submit_wait_invalid.json"],
    parseNotarySubmission,
  ],
  ["notarytool info", ["notary_info_inprogress.json"], parseNotaryInfo],
  ["notarytool log", ["notary_log_invalid.json", "notary_log_accepted.json"], parseNotaryLog],
  [
    "codesign -dvvv",
    ["codesign_dvvv_developer_id.txt", "codesign_dvvv_adhoc.txt"],
    parseCodesignDisplay,
  ],
  ["codesign entitlements", ["codesign_entitlements_dext.xml"], parseCodesignEntitlements],
  ["spctl", ["spctl_accepted.txt", "spctl_rejected_unnotarized.txt"], parseSpctlAssessment],
  ["spctl --status", [], parseSpctlStatus],
  [
    "stapler",
    ["stapler_staple_error65.txt", "stapler_validate_not_stapled.txt"],
    parseStaplerOutput,
  ],
  ["csrutil", ["csrutil_custom.txt", "csrutil_enabled.txt"], parseCsrutilStatus],
  ["find-identity", ["find_identity_all.txt", "find_identity_valid.txt"], parseFindIdentity],
];

for (const [name, fixtures, parse] of TEXT_PARSERS) {
  Deno.test(`fuzz: ${name} throws nothing but its parse error`, () => {
    const samples = fixtures.map(readFixture);
    const input = samples.length === 0
      ? fc.string({ maxLength: 200 })
      : fc.oneof(...samples.map(mutations));
    fc.assert(fc.property(input, (text) => onlyParseErrors(() => parse(text))), { numRuns: RUNS });
  });
}

Deno.test("fuzz: db.plist (binary) throws nothing but its parse error", () => {
  const sample = readFixtureBytes("db.plist.sample.bin");
  const mutated = fc.oneof(
    fc.nat({ max: sample.length }).map((cut) => sample.slice(0, cut)),
    fc.tuple(fc.nat({ max: sample.length - 1 }), fc.integer({ min: 0, max: 255 })).map(
      ([at, byte]) => {
        const copy = sample.slice();
        copy[at] = byte;
        return copy;
      },
    ),
    fc.uint8Array({ maxLength: 120 }).map((tail) => {
      const bytes = new Uint8Array(8 + tail.length);
      bytes.set(new TextEncoder().encode("bplist00"));
      bytes.set(tail, 8);
      return bytes;
    }),
  );
  fc.assert(fc.property(mutated, (bytes) => onlyParseErrors(() => parseSystemExtensionDb(bytes))), {
    numRuns: RUNS * 2,
  });
});
