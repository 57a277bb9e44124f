// `dextkit explain`: OSSystemExtensionError 1–13, IOReturn / kern_return values in every
// spelling, notarization statuses and codes, stapler errors, known crash signatures and
// messages, and unknown input with suggestions — through the library and through the CLI.
import assert from "node:assert/strict";
import { main } from "../lib/cli/main.ts";
import { CapturedOutput } from "../lib/cli/output.ts";
import { explain, explainCode, UnknownCodeError } from "../lib/doctor/explain_code.ts";
import { KNOWN_PROBLEMS } from "../lib/doctor/known_problems.ts";
import { ExitCode } from "../lib/errors.ts";
import { SYSTEM_EXTENSION_ERRORS } from "../lib/sysext/system_extension_errors.ts";

function names(query: string): string[] {
  return explainCode(query).map((entry) => entry.name);
}

Deno.test("explain: OSSystemExtensionError codes 1–13, by number", () => {
  assert.equal(SYSTEM_EXTENSION_ERRORS.length, 13);
  for (const entry of SYSTEM_EXTENSION_ERRORS) {
    const first = explainCode(String(entry.code))[0];
    assert.equal(first?.kind, "system-extension-error");
    assert.equal(first?.name, `OSSystemExtensionError ${entry.code} (${entry.name})`);
    assert.equal(first?.meaning, entry.meaning);
    assert.equal(first?.fix, entry.fix);
  }
});

Deno.test("explain: OSSystemExtensionError by name and inside a message", () => {
  const location = "OSSystemExtensionError 3 (unsupportedParentBundleLocation)";
  assert.deepEqual(names("unsupportedParentBundleLocation"), [location]);
  assert.deepEqual(names("OSSystemExtensionErrorUnsupportedParentBundleLocation"), [location]);
  assert.deepEqual(names('Error Domain=OSSystemExtensionErrorDomain Code=8 "(null)"'), [
    "OSSystemExtensionError 8 (codeSignatureInvalid)",
  ]);
  assert.deepEqual(
    names("The operation couldn’t be completed. (OSSystemExtensionErrorDomain error 9.)"),
    [
      "OSSystemExtensionError 9 (validationFailed)",
    ],
  );
});

Deno.test("explain: one IOReturn in hex, signed and unsigned decimal, by name and by message", () => {
  for (
    const query of [
      "0xe00002e2",
      "0xE00002E2",
      "e00002e2",
      "-536870174",
      "3758097122",
      "kIOReturnNotPermitted",
      "kioreturnnotpermitted",
      "(iokit/common) not permitted",
    ]
  ) {
    const found = explainCode(query);
    assert.equal(found.length, 1, query);
    assert.equal(found[0]?.kind, "io-return");
    assert.equal(found[0]?.name, "kIOReturnNotPermitted");
    assert.equal(found[0]?.code, "0xe00002e2 (-536870174)");
    assert.match(found[0]?.fix ?? "", /userclient-access/);
  }
});

Deno.test("explain: kern_return, Mach and MIG codes, and a decoded unknown IOReturn", () => {
  assert.deepEqual(names("KERN_FAILURE"), ["KERN_FAILURE"]);
  assert.deepEqual(names("5"), [
    "OSSystemExtensionError 5 (extensionMissingIdentifier)",
    "KERN_FAILURE",
  ]);
  assert.deepEqual(names("0x10000003"), ["MACH_SEND_INVALID_DEST"]);
  assert.deepEqual(names("MACH_SEND_INVALID_DEST"), ["MACH_SEND_INVALID_DEST"]);
  assert.deepEqual(names("-308"), ["MIG_SERVER_DIED"]);
  assert.deepEqual(names("0"), [
    "notarization status code 0 (Ready for distribution)",
    "kIOReturnSuccess / KERN_SUCCESS",
  ]);
  const usb = explainCode("0xe0004051");
  assert.equal(usb[0]?.name, "IOReturn 0xe0004051");
  assert.match(usb[0]?.meaning ?? "", /IOKit USB/);
});

Deno.test("explain: notarization statuses and status codes, stapler errors", () => {
  assert.deepEqual(names("Invalid"), ["notarization status Invalid"]);
  assert.deepEqual(names("in progress"), ["notarization status In Progress"]);
  assert.deepEqual(names("InProgress"), ["notarization status In Progress"]);
  assert.match(explainCode("Invalid")[0]?.fix ?? "", /notarytool log/);
  assert.match(explainCode("Accepted")[0]?.fix ?? "", /stapler staple/);
  assert.deepEqual(names("4000"), [
    "notarization status code 4000 (Archive contains critical validation errors)",
  ]);
  assert.match(
    explainCode("7000")[0]?.meaning ?? "",
    /Team is not yet configured for notarization; status Rejected/,
  );
  assert.deepEqual(names("65"), ["stapler Error 65"]);
  assert.deepEqual(names("The staple and validate action failed! Error 65."), ["stapler Error 65"]);
  assert.match(explainCode("66")[0]?.meaning ?? "", /cannot be stapled/);
});

Deno.test("explain: known crash signatures and messages", () => {
  const cases: [string, string][] = [
    ["Activate found 2 extensions in active state", "activate-found-extensions"],
    [
      "sysextd: (libswiftCore.dylib) Fatal error: Activate found 2 extensions in active state, ID: 1F2E",
      "activate-found-extensions",
    ],
    ["Exception Type: EXC_CRASH (Code Signature Invalid)", "code-signature-invalid"],
    ["EXC_BAD_INSTRUCTION (SIGILL)", "sysextd-bad-instruction"],
    [
      "DK: dextkit_VirtualHIDDeviceRoot-0x100000965:UC failed userclient-access check, needed bundle ID dev.dextkit.VirtualHIDDevice",
      "userclient-access",
    ],
    [
      "DK: MyHIDDevice-0x1002dd073: family entitlements check failed",
      "dext-entitlements-check-failed",
    ],
    ["[terminated waiting to uninstall on reboot]", "terminated-waiting-to-uninstall"],
    [
      "driver_version_ is mismatched. expected: 10800, actual dext: 10700",
      "driver-version-mismatch",
    ],
    ["The executable does not have the hardened runtime enabled.", "notary-hardened-runtime"],
  ];
  for (const [text, id] of cases) {
    const problem = KNOWN_PROBLEMS.find((entry) => entry.id === id);
    const found = explainCode(text);
    assert.ok(
      found.some((entry) => entry.kind === "known-problem" && entry.name === problem?.name),
      text,
    );
  }
});

Deno.test("explain: every known problem is reachable by its id", () => {
  for (const problem of KNOWN_PROBLEMS) {
    const found = explainCode(problem.id);
    assert.equal(found.length, 1, problem.id);
    assert.equal(found[0]?.fix, problem.fix);
  }
});

Deno.test("explain: unknown input lists the closest known names", () => {
  assert.throws(() => explain("kIOReturnNotPermited"), (error: unknown) => {
    assert.ok(error instanceof UnknownCodeError);
    assert.equal(error.exitCode, ExitCode.Usage);
    assert.equal(error.message, 'dextkit does not know "kIOReturnNotPermited"');
    assert.equal(error.suggestions[0], "kIOReturnNotPermitted");
    assert.match(error.hint, /^did you mean kIOReturnNotPermitted, /);
    return true;
  });
  assert.throws(() => explain("validationFaild"), (error: unknown) => {
    assert.ok(error instanceof UnknownCodeError);
    assert.equal(error.suggestions[0], "validationFailed");
    return true;
  });
  for (const query of ["99", "", "banana split", "0x1z"]) {
    assert.throws(() => explain(query), UnknownCodeError, query);
  }
});

Deno.test("dextkit explain: text and JSON through the CLI", async () => {
  const text = new CapturedOutput();
  assert.equal(await main(["explain", "3"], { output: text, env: {} }), 0);
  assert.deepEqual(text.outLines.slice(0, 3), [
    "OSSystemExtensionError 3 (unsupportedParentBundleLocation) — 3, system extension activation error",
    `  meaning:    ${SYSTEM_EXTENSION_ERRORS[2]?.meaning}`,
    `  what to do: ${SYSTEM_EXTENSION_ERRORS[2]?.fix}`,
  ]);
  assert.equal(text.outLines[3], "");
  assert.match(
    text.outLines[4] ?? "",
    /^KERN_NO_SPACE — 0x00000003 \(3\), IOReturn \/ kern_return$/,
  );
  const json = new CapturedOutput();
  assert.equal(await main(["explain", "--json", "0xe00002e2"], { output: json, env: {} }), 0);
  const document = JSON.parse(json.stdout);
  assert.equal(document.query, "0xe00002e2");
  assert.deepEqual(Object.keys(document.explanations[0]).sort(), [
    "code",
    "fix",
    "kind",
    "meaning",
    "name",
  ]);
  const unknown = new CapturedOutput();
  assert.equal(await main(["explain", "kIOReturnNotPermited"], { output: unknown, env: {} }), 2);
  assert.equal(unknown.errLines[0], 'error: dextkit does not know "kIOReturnNotPermited"');
  assert.match(unknown.errLines[1] ?? "", /^hint: did you mean kIOReturnNotPermitted/);
});
