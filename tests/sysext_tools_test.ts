import assert from "node:assert/strict";
import { parseSpctlAssessment, parseSpctlStatus } from "../lib/sysext/spctl.ts";
import {
  explainStaplerError,
  parseStaplerOutput,
  staplerErrorIsRetryable,
} from "../lib/sysext/stapler.ts";
import { parseCsrutilStatus } from "../lib/sysext/csrutil.ts";
import { parseFindIdentity } from "../lib/sysext/find_identity.ts";
import {
  findSystemExtensionErrorCode,
  SYSTEM_EXTENSION_ERRORS,
  systemExtensionError,
} from "../lib/sysext/system_extension_errors.ts";
import { OutputParseError } from "../lib/sysext/output_parse_error.ts";
import { readFixture } from "./fixtures/macos/read_fixture.ts";

function parseError(
  run: () => unknown,
  what: string,
  line: number | undefined,
  detail: RegExp,
): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof OutputParseError, String(error));
    assert.equal(error.what, what);
    assert.equal(error.line, line);
    assert.match(error.detail, detail);
    return true;
  });
}

Deno.test("spctl: notarized app accepted", () => {
  assert.deepEqual(parseSpctlAssessment(readFixture("spctl_accepted.txt")), {
    path: "/Applications/App.app",
    accepted: true,
    reason: undefined,
    source: "Notarized Developer ID",
    origin: "Developer ID Application: Example Corp (ABCDE12345)",
    notarized: true,
  });
});

Deno.test("spctl: signed but unnotarized app rejected", () => {
  const verdict = parseSpctlAssessment(readFixture("spctl_rejected_unnotarized.txt"));
  assert.equal(verdict.accepted, false);
  assert.equal(verdict.notarized, false);
  assert.equal(verdict.source, "Unnotarized Developer ID");
});

Deno.test("spctl: a reason in parentheses, a path with ': ', CRLF; garbage; --status", () => {
  const verdict = parseSpctlAssessment(
    "/Users/dev/My: App.app: rejected (the code is valid but does not seem to be an app)\r\n" +
      "origin=Developer ID Application: Example Corp (ABCDE12345)\r\n",
  );
  assert.equal(verdict.path, "/Users/dev/My: App.app");
  assert.equal(verdict.reason, "the code is valid but does not seem to be an app");
  assert.equal(verdict.source, undefined);
  parseError(() => parseSpctlAssessment(""), "spctl assessment", undefined, /empty/);
  parseError(
    () => parseSpctlAssessment("spctl: bad option"),
    "spctl assessment",
    undefined,
    /first line: "spctl: bad option"/,
  );
  assert.equal(parseSpctlStatus("assessments disabled\n"), false);
  parseError(() => parseSpctlStatus("maybe"), "spctl --status", 1, /found "maybe"/);
});

Deno.test("stapler: staple worked, error 65 with details, validate worked, no ticket", () => {
  assert.deepEqual(parseStaplerOutput(readFixture("stapler_staple_worked.txt")), {
    action: "staple",
    ok: true,
    errorCode: undefined,
    path: "/Users/dev/build/App.app",
    notStapled: false,
    details: [],
  });
  const failed = parseStaplerOutput(readFixture("stapler_staple_error65.txt"));
  assert.equal(failed.ok, false);
  assert.equal(failed.errorCode, 65);
  assert.equal(failed.details.length, 2);
  assert.match(failed.details[0] ?? "", /Record not found/);
  assert.equal(staplerErrorIsRetryable(failed), true);
  const validated = parseStaplerOutput(readFixture("stapler_validate_worked.txt"));
  assert.equal(validated.action, "validate");
  assert.equal(validated.ok, true);
  const missing = parseStaplerOutput(readFixture("stapler_validate_not_stapled.txt"));
  assert.equal(missing.action, "validate");
  assert.equal(missing.notStapled, true);
  assert.equal(missing.ok, false);
  assert.equal(missing.path, "/Users/dev/build/App.pkg");
});

Deno.test("stapler: errors that are not worth retrying, explanations, garbage", () => {
  const wrongFormat = parseStaplerOutput(
    "Processing: App.zip\r\nThe staple and validate action failed! Error 66.\r\n",
  );
  assert.equal(wrongFormat.errorCode, 66);
  assert.equal(staplerErrorIsRetryable(wrongFormat), false);
  assert.match(explainStaplerError(65), /retry/);
  assert.match(explainStaplerError(66), /zip/);
  assert.match(explainStaplerError(73), /bare executable/);
  assert.match(explainStaplerError(1), /stapler error 1/);
  parseError(() => parseStaplerOutput(""), "stapler", undefined, /empty/);
  parseError(
    () => parseStaplerOutput("Processing: App.app\n"),
    "stapler",
    undefined,
    /no verdict line .* after "Processing: …"/,
  );
  parseError(
    () => parseStaplerOutput("Processing: App.app\nsomething else\n"),
    "stapler",
    undefined,
    /first line: "something else"/,
  );
});

Deno.test("csrutil status: enabled, disabled, custom configuration", () => {
  assert.deepEqual(parseCsrutilStatus(readFixture("csrutil_enabled.txt")), {
    sip: "enabled",
    protections: {},
  });
  assert.deepEqual(parseCsrutilStatus(readFixture("csrutil_disabled.txt")), {
    sip: "disabled",
    protections: {},
  });
  assert.deepEqual(parseCsrutilStatus(readFixture("csrutil_custom.txt")), {
    sip: "custom",
    protections: {
      "Apple Internal": false,
      "Kext Signing": true,
      "Filesystem Protections": false,
      "Debugging Restrictions": true,
      "DTrace Restrictions": true,
      "NVRAM Protections": true,
      "BaseSystem Verification": true,
      "Boot-arg Restrictions": true,
      "Kernel Integrity Protections": true,
      "Authenticated Root Requirement": true,
    },
  });
});

Deno.test("csrutil status: older 'enabled (Custom Configuration)', CRLF; truncated and garbage", () => {
  const older = parseCsrutilStatus(
    "System Integrity Protection status: enabled (Custom Configuration).\r\n\r\nConfiguration:\r\n\tKext Signing: disabled\r\n",
  );
  assert.deepEqual(older, { sip: "custom", protections: { "Kext Signing": false } });
  const custom = readFixture("csrutil_custom.txt");
  parseError(
    () => parseCsrutilStatus(custom.split("\n").slice(0, 2).join("\n")),
    "csrutil status",
    undefined,
    /without its protection list/,
  );
  parseError(() => parseCsrutilStatus(""), "csrutil status", undefined, /empty/);
  parseError(
    () => parseCsrutilStatus("\ncsrutil: command not found\n"),
    "csrutil status",
    2,
    /expected "System Integrity Protection status/,
  );
  parseError(
    () =>
      parseCsrutilStatus(
        "System Integrity Protection status: unknown (Custom Configuration).\nConfiguration:\n\tKext Signing: maybe\n",
      ),
    "csrutil status",
    3,
    /expected "<protection>: enabled\|disabled", found "Kext Signing: maybe"/,
  );
});

Deno.test("security find-identity -v: three valid identities", () => {
  const result = parseFindIdentity(readFixture("find_identity_valid.txt"));
  assert.equal(result.reportedCount, 3);
  assert.deepEqual(
    result.identities.map((identity) => [identity.kind, identity.teamId, identity.valid]),
    [
      ["Developer ID Application", "ABCDE12345", true],
      ["Apple Development", "XYZ9876543", true],
      ["Developer ID Installer", "ABCDE12345", true],
    ],
  );
  assert.equal(result.identities[0]?.sha1, "8D66E2C2B0A2E1F2A3B4C5D6E7F8091A2B3C6F22");
  assert.equal(result.identities[0]?.name, "Developer ID Application: Example Corp (ABCDE12345)");
});

Deno.test("security find-identity without -v: both sections, an expired identity, each SHA-1 once", () => {
  const result = parseFindIdentity(readFixture("find_identity_all.txt"));
  assert.equal(result.reportedCount, 1);
  assert.deepEqual(
    result.identities.map((
      identity,
    ) => [identity.sha1.slice(0, 4), identity.valid, identity.invalidReason]),
    [
      ["8D66", true, undefined],
      ["0123", false, "CSSMERR_TP_CERT_EXPIRED"],
    ],
  );
});

Deno.test("security find-identity: none, CRLF, lower-case hash; truncated and garbage", () => {
  assert.deepEqual(parseFindIdentity(readFixture("find_identity_none.txt")), {
    identities: [],
    reportedCount: 0,
    warnings: [],
  });
  const crlf = parseFindIdentity(
    '  1) 8d66e2c2b0a2e1f2a3b4c5d6e7f8091a2b3c6f22 "Apple Development: x (ABCDE12345)"\r\n     1 valid identities found\r\n',
  );
  assert.equal(crlf.identities[0]?.sha1, "8D66E2C2B0A2E1F2A3B4C5D6E7F8091A2B3C6F22");
  const valid = readFixture("find_identity_valid.txt");
  parseError(
    () => parseFindIdentity(valid.split("\n").slice(0, 2).join("\n")),
    "security find-identity",
    undefined,
    /was the output cut off/,
  );
  parseError(
    () => parseFindIdentity('  1) 8D66 "x"\n'),
    "security find-identity",
    1,
    /not an identity line/,
  );
});

Deno.test("OSSystemExtensionError: codes 1-13 each explained", () => {
  const names = [
    "unknown",
    "missingEntitlement",
    "unsupportedParentBundleLocation",
    "extensionNotFound",
    "extensionMissingIdentifier",
    "duplicateExtensionIdentifer",
    "unknownExtensionCategory",
    "codeSignatureInvalid",
    "validationFailed",
    "forbiddenBySystemPolicy",
    "requestCanceled",
    "requestSuperseded",
    "authorizationRequired",
  ];
  assert.deepEqual(
    SYSTEM_EXTENSION_ERRORS.map((entry) => entry.code),
    names.map((_, index) => index + 1),
  );
  for (const [index, name] of names.entries()) {
    const entry = systemExtensionError(index + 1);
    assert.equal(entry?.name, name);
    assert.ok((entry?.meaning.length ?? 0) > 10 && (entry?.fix.length ?? 0) > 10, name);
  }
  assert.match(systemExtensionError(3)?.fix ?? "", /\/Applications/);
  assert.equal(systemExtensionError(0), undefined);
  assert.equal(systemExtensionError(14), undefined);
});

Deno.test("OSSystemExtensionError: the code in a host app's message", () => {
  assert.equal(
    findSystemExtensionErrorCode(
      'Error Domain=OSSystemExtensionErrorDomain Code=3 "App containing System Extension to be activated must be in /Applications folder."',
    ),
    3,
  );
  assert.equal(
    findSystemExtensionErrorCode(
      "Error: The operation couldn’t be completed. (OSSystemExtensionErrorDomain error 13.)",
    ),
    13,
  );
  assert.equal(findSystemExtensionErrorCode("all good"), undefined);
});
