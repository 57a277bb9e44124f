import assert from "node:assert/strict";
import { parseNotaryInfo, parseNotarySubmission } from "../lib/sysext/notarytool.ts";
import { formatNotaryIssues, parseNotaryLog } from "../lib/sysext/notary_log.ts";
import { extractJsonObject } from "../lib/sysext/json_output.ts";
import { OutputParseError } from "../lib/sysext/output_parse_error.ts";
import { readFixture } from "./fixtures/macos/read_fixture.ts";

const ID = "2efe2717-52ef-43a5-96dc-0797e4ca1041";

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

Deno.test("notarytool submit without --wait: the pre-submission line is skipped", () => {
  assert.deepEqual(parseNotarySubmission(readFixture("notary_submit_nowait.txt")), {
    id: ID,
    status: undefined,
    message: "Successfully uploaded file",
    path: "/Users/dev/build/App.zip",
  });
});

Deno.test("notarytool submit --wait: Accepted and Invalid", () => {
  assert.deepEqual(parseNotarySubmission(readFixture("notary_submit_wait_accepted.json")), {
    id: ID,
    status: "Accepted",
    message: "Processing complete",
    path: undefined,
  });
  assert.equal(
    parseNotarySubmission(readFixture("notary_submit_wait_invalid.json")).status,
    "Invalid",
  );
});

Deno.test("notarytool info: In Progress", () => {
  assert.deepEqual(parseNotaryInfo(readFixture("notary_info_inprogress.json")), {
    id: ID,
    status: "In Progress",
    statusText: "In Progress",
    name: "App.zip",
    createdDate: "2026-05-01T10:00:00.000Z",
    message: "Successfully received submission info",
  });
});

Deno.test("notarytool log: Invalid with two issues, rendered readably", () => {
  const log = parseNotaryLog(readFixture("notary_log_invalid.json"));
  assert.equal(log.status, "Invalid");
  assert.equal(log.statusCode, 4000);
  assert.deepEqual(log.ticketContents, []);
  assert.deepEqual(formatNotaryIssues(log), [
    "notarization of App.zip: Invalid (4000, Archive contains critical validation errors)",
    "  error: App.zip/App.app/Contents/Library/SystemExtensions/com.example.hiddriver.dext/" +
    "com.example.hiddriver (arm64): The executable does not have the hardened runtime enabled.",
    "  error: App.zip/App.app/Contents/MacOS/App (x86_64): The signature does not include a " +
    "secure timestamp.",
  ]);
});

Deno.test("notarytool log: Accepted with its ticket contents", () => {
  const log = parseNotaryLog(readFixture("notary_log_accepted.json"));
  assert.equal(log.status, "Accepted");
  assert.equal(log.statusCode, 0);
  assert.deepEqual(log.issues, []);
  assert.deepEqual(log.ticketContents, [{
    path: "App.zip/App.app",
    digestAlgorithm: "SHA-256",
    cdhash: "e6965d292b7f222975262de06d2c4e0f72036da4",
    arch: "arm64",
  }]);
  assert.deepEqual(formatNotaryIssues(log), [
    "notarization of App.zip: Accepted (0, Ready for distribution)",
  ]);
});

Deno.test("notarytool: a Rejected log with a doc link", () => {
  const log = parseNotaryLog(JSON.stringify({
    jobId: ID,
    status: "Rejected",
    statusSummary: "Team is not yet configured for notarization",
    statusCode: 7000,
    issues: [{
      severity: "error",
      path: "",
      message: "Team is not configured.",
      docUrl: "https://example.com/doc",
    }],
  }));
  assert.deepEqual(formatNotaryIssues(log), [
    `notarization of submission ${ID}: Rejected (7000, Team is not yet configured for notarization)`,
    "  error: Team is not configured.",
    "    see https://example.com/doc",
  ]);
});

Deno.test("notarytool: CRLF, extra whitespace, and plain lines after the JSON", () => {
  const text =
    `Conducting pre-submission checks for App.zip...\r\n  \r\n{"id":"${ID}",\r\n "status":"Accepted", "message":"Processing complete"}\r\nDone.\r\n`;
  assert.equal(parseNotarySubmission(text).status, "Accepted");
  assert.equal(extractJsonObject(readFixture("notary_log_invalid.json"), "x")["jobId"], ID);
});

Deno.test("notarytool: unknown status, missing id, truncated and garbage input", () => {
  parseError(
    () => parseNotarySubmission(`{"id":"${ID}","status":"Pending"}`),
    "notarytool submit",
    undefined,
    /^status is "Pending", expected one of "Accepted", "In Progress", "Invalid", "Rejected"$/,
  );
  parseError(
    () => parseNotarySubmission('{"status":"Accepted"}'),
    "notarytool submit",
    undefined,
    /^id is missing$/,
  );
  parseError(
    () => parseNotaryInfo(`{"id":"${ID}"}`),
    "notarytool info",
    undefined,
    /^status is missing$/,
  );
  parseError(() => parseNotarySubmission(""), "notarytool submit", undefined, /empty/);
  parseError(
    () => parseNotarySubmission("Error: HTTP status code: 401. Unable to authenticate."),
    "notarytool submit",
    undefined,
    /no JSON object/,
  );
  const log = readFixture("notary_log_invalid.json");
  // Keep lines 1-12 (up to `"issues": [`) and close with "}": the JSON breaks on line 13.
  const cut = log.split("\n").slice(0, 12).join("\n") + "\n}";
  assert.throws(() => parseNotaryLog(cut), (error: unknown) => {
    assert.ok(error instanceof OutputParseError);
    assert.equal(error.what, "notarytool log");
    assert.match(error.detail, /^malformed JSON/);
    assert.equal(error.line, 13);
    assert.ok(!error.message.includes("\n"));
    return true;
  });
  parseError(
    () => parseNotaryLog('{"jobId": 7, "status": "Accepted"}'),
    "notarytool log",
    undefined,
    /^jobId is a number, expected a string$/,
  );
  parseError(
    () => parseNotaryLog(`{"jobId":"${ID}","status":"Invalid","issues":[{"severity":"error"}]}`),
    "notarytool log",
    undefined,
    /^issues\[0\]\.message is missing$/,
  );
});
