// The parsers lib/doctor added to lib/sysext: sw_vers, systemextensionsctl developer, .ips crash
// reports and unified-log ndjson. Each on its recorded shape, on variants (older and newer
// releases, extra whitespace, CRLF) and on truncated or garbage input.
import assert from "node:assert/strict";
import { parseCrashReport, parseCrashTimestamp } from "../lib/sysext/crash_report.ts";
import { parseDeveloperMode } from "../lib/sysext/developer_mode.ts";
import { formatLogEntry, parseLogLine, parseLogNdjson } from "../lib/sysext/log_ndjson.ts";
import { OutputParseError } from "../lib/sysext/output_parse_error.ts";
import { parseSwVers } from "../lib/sysext/sw_vers.ts";
import { readFixture } from "./fixtures/macos/read_fixture.ts";

function parseError(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof OutputParseError, String(error));
    assert.match(error.message, message);
    return true;
  });
}

// ---- sw_vers ----

Deno.test("sw_vers: macOS 15 with tabs", () => {
  assert.deepEqual(
    parseSwVers("ProductName:\t\tmacOS\nProductVersion:\t\t15.4\nBuildVersion:\t\t24E248\n"),
    {
      productName: "macOS",
      productVersion: "15.4",
      buildVersion: "24E248",
      major: 15,
      minor: 4,
      patch: 0,
    },
  );
});

Deno.test("sw_vers: an old Mac OS X header, a patch level, CRLF and a security response line", () => {
  const old = parseSwVers(
    "ProductName:\tMac OS X\r\nProductVersion:\t10.14.6\r\nBuildVersion:\t18G103\r\n",
  );
  assert.equal(old.productName, "Mac OS X");
  assert.deepEqual([old.major, old.minor, old.patch], [10, 14, 6]);
  const rsr = parseSwVers(
    "ProductName:  macOS\nProductVersion:  26.0.1\nProductVersionExtra:  (a)\nBuildVersion:  25A362\n",
  );
  assert.deepEqual([rsr.major, rsr.minor, rsr.patch], [26, 0, 1]);
});

Deno.test("sw_vers: empty, garbage and a non-number version are parse errors with the line", () => {
  parseError(() => parseSwVers(""), /^could not parse sw_vers: the output is empty$/);
  parseError(() => parseSwVers("ProductName: macOS\n"), /no ProductVersion line/);
  parseError(
    () => parseSwVers("ProductName: macOS\nProductVersion: fifteen\n"),
    /^could not parse sw_vers \(line 2\): ProductVersion "fifteen" is not a version number$/,
  );
  parseError(() => parseSwVers("\u0000\u0001 binary junk"), /^could not parse sw_vers \(line 1\)/);
});

// ---- systemextensionsctl developer ----

Deno.test("developer mode: on, off and the enabled/disabled wording", () => {
  assert.equal(parseDeveloperMode("Developer mode is on\n"), true);
  assert.equal(parseDeveloperMode("  Developer mode is off  \n"), false);
  assert.equal(parseDeveloperMode("Developer mode: enabled\n"), true);
  assert.equal(parseDeveloperMode("\nDeveloper Mode is disabled.\n"), false);
});

Deno.test("developer mode: anything else is a parse error naming the first line", () => {
  parseError(() => parseDeveloperMode(""), /the output is empty$/);
  parseError(
    () => parseDeveloperMode("\nusage: systemextensionsctl developer [on|off]\n"),
    /^could not parse systemextensionsctl developer \(line 2\): expected "Developer mode is on"/,
  );
});

// ---- .ips crash reports ----

Deno.test("crash report: the dext fixture", () => {
  const report = parseCrashReport(readFixture("crash_dext.ips"), "crash_dext.ips");
  assert.equal(report.processName, "com.example.hiddriver");
  assert.equal(report.bundleId, "com.example.hiddriver");
  assert.equal(report.version, "1.2");
  assert.equal(report.buildVersion, "7");
  assert.equal(report.bugType, "309");
  assert.equal(report.osVersion, "macOS 15.4 (24E248)");
  assert.equal(report.exceptionType, "EXC_BAD_ACCESS");
  assert.equal(report.signal, "SIGSEGV");
  assert.equal(report.exceptionSubtype, "KERN_INVALID_ADDRESS at 0x0000000000000000");
  assert.equal(report.terminationNamespace, "SIGNAL");
  assert.equal(report.terminationIndicator, "Segmentation fault: 11");
  assert.equal(
    report.processPath,
    "/Library/SystemExtensions/5D1A7E6C-2B0B-4C1E-9C0B-3E2F1A0B9C11/com.example.hiddriver.dext/com.example.hiddriver",
  );
  assert.deepEqual(report.crashedFrames, [
    "MyHIDDevice::handleReport(unsigned long long, IOMemoryDescriptor*, unsigned int, IOHIDReportType, unsigned int)",
  ]);
  // 10:12:13 at +0200 is 08:12:13 UTC.
  assert.equal(report.time?.toISOString(), "2026-05-01T08:12:13.000Z");
});

Deno.test("crash report: a numeric bug_type, asi messages, and the triggered thread without faultingThread", () => {
  const report = parseCrashReport(
    '{"name":"sysextd","bug_type":309,"timestamp":"2026-05-01 09:00:00.00 -0700"}\r\n' +
      JSON.stringify(
        {
          procName: "sysextd",
          exception: { type: "EXC_BAD_INSTRUCTION", signal: "SIGILL" },
          asi: {
            "libswiftCore.dylib": [
              "Fatal error: Activate found 2 extensions in active state, ID: 1 ",
            ],
          },
          threads: [{ frames: [{ symbol: "a" }] }, {
            triggered: true,
            frames: [{ imageOffset: 1 }, { symbol: "b" }],
          }],
        },
        null,
        2,
      ),
  );
  assert.equal(report.bugType, "309");
  assert.deepEqual(report.messages, [
    "Fatal error: Activate found 2 extensions in active state, ID: 1",
  ]);
  assert.deepEqual(report.crashedFrames, ["b"]);
  assert.equal(report.time?.toISOString(), "2026-05-01T16:00:00.000Z");
});

Deno.test("crash report: truncated and garbage input name the line", () => {
  const fixture = readFixture("crash_dext.ips");
  parseError(() => parseCrashReport("", "x.ips"), /^could not parse x\.ips: the file is empty$/);
  parseError(
    () => parseCrashReport(fixture.split("\n")[0] ?? "", "x.ips"),
    /^could not parse x\.ips \(line 2\): no report body after the header line/,
  );
  // Cut in the middle of the body: the JSON error points into the body.
  const cut = fixture.slice(0, fixture.indexOf('"exception"'));
  assert.throws(() => parseCrashReport(cut, "x.ips"), (error: unknown) => {
    assert.ok(error instanceof OutputParseError);
    assert.ok((error.line ?? 0) >= 2, `line ${error.line}`);
    assert.match(error.message, /malformed JSON/);
    return true;
  });
  parseError(
    () => parseCrashReport("not json\n{}", "x.ips"),
    /^could not parse x\.ips \(line 1\): malformed JSON/,
  );
  parseError(
    () => parseCrashReport("[1]\n{}", "x.ips"),
    /\(line 1\): the header is not a JSON object/,
  );
  parseError(
    () => parseCrashReport('{"name":"a"}\n{"exception":{"type":7}}', "x.ips"),
    /exception\.type is a number, expected a string/,
  );
});

Deno.test("crash report timestamps: other forms are left unread", () => {
  assert.equal(
    parseCrashTimestamp("2026-05-01 10:12:13 +0530")?.toISOString(),
    "2026-05-01T04:42:13.000Z",
  );
  assert.equal(parseCrashTimestamp("2026-05-01T10:12:13Z"), undefined);
});

// ---- unified log ndjson ----

Deno.test("log ndjson: the fixture's header line is skipped and the kernel entry read", () => {
  const entries = parseLogNdjson(readFixture("log_ndjson.txt"));
  assert.equal(entries.length, 1);
  const entry = entries[0];
  assert.ok(entry !== undefined);
  assert.equal(entry.line, 2);
  assert.equal(entry.process, "kernel");
  assert.equal(entry.sender, "kernel");
  assert.equal(entry.processId, 0);
  assert.equal(entry.messageType, "Default");
  assert.equal(entry.message, "DK: MyHIDDevice-0x1002dd073: family entitlements check failed");
  assert.equal(
    formatLogEntry(entry),
    "2026-05-01 10:12:11.171906+0200 kernel[0] Default: DK: MyHIDDevice-0x1002dd073: family entitlements check failed",
  );
});

Deno.test("log ndjson: a dext message with another sender, blank lines and notices", () => {
  const entries = parseLogNdjson([
    'Filtering the log data using "sender == \\"sysextd\\""',
    "",
    "Skipping info and debug messages, pass --info and/or --debug to include.",
    JSON.stringify({
      timestamp: "2026-05-01 10:00:00.000000+0200",
      processImagePath: "/kernel",
      senderImagePath:
        "/Library/SystemExtensions/X/dev.dextkit.VirtualHIDDevice.dext/dev.dextkit.VirtualHIDDevice",
      processID: 0,
      messageType: "Info",
      eventMessage: "dextkit_VirtualHIDDeviceRoot 0.1.0 Start\nsecond line",
    }),
  ].join("\r\n"));
  assert.equal(entries.length, 1);
  assert.equal(
    formatLogEntry(entries[0] ?? assert.fail()),
    "2026-05-01 10:00:00.000000+0200 kernel[0] <dev.dextkit.VirtualHIDDevice> Info: " +
      "dextkit_VirtualHIDDeviceRoot 0.1.0 Start ⏎ second line",
  );
});

Deno.test("log ndjson: garbage, cut-off JSON and wrong types name the line", () => {
  parseError(
    () => parseLogLine("garbage here", 7),
    /^could not parse log ndjson output \(line 7\): not a JSON entry: "garbage here"$/,
  );
  parseError(
    () => parseLogLine('{"eventMessage":"cut', 3),
    /^could not parse log ndjson output \(line 3\): malformed JSON/,
  );
  parseError(
    () => parseLogLine('{"processID":"zero"}', 4),
    /line 4\.processID is a string, expected a number/,
  );
  parseError(
    () => parseLogNdjson('{"eventMessage":"a"}\n[1,2]\n'),
    /\(line 2\): not a JSON entry: "\[1,2\]"$/,
  );
});
