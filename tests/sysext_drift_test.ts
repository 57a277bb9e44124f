import assert from "node:assert/strict";
import { parseFindIdentity } from "../lib/sysext/find_identity.ts";
import { parseNotaryInfo } from "../lib/sysext/notarytool.ts";
import { parseSystemExtensionList } from "../lib/sysext/system_extension_list.ts";
import { readFixture } from "./fixtures/macos/read_fixture.ts";

Deno.test("drift: systemextensionsctl list whose count line disagrees reads the rows and warns", () => {
  const list = parseSystemExtensionList(readFixture("sysext_list_count_drift.txt"));
  assert.equal(list.count, 3);
  assert.deepEqual(list.extensions.map((row) => row.bundleVersion), ["7", "6"]);
  assert.deepEqual(list.warnings, [
    "systemextensionsctl list: the count line says 3 extension(s) but 2 row(s) follow (was the " +
    "output cut off?); reading the rows that are there",
  ]);
});

Deno.test("drift: find-identity whose count line disagrees keeps every identity and warns", () => {
  const result = parseFindIdentity(readFixture("find_identity_count_drift.txt"));
  assert.equal(result.identities.length, 3);
  assert.equal(result.reportedCount, 2);
  assert.deepEqual(result.warnings, [
    "security find-identity (line 4): the count line says 2 but 3 identities are listed above it",
  ]);
  // Without -v: two sections, each with a count that agrees with its rows.
  assert.deepEqual(parseFindIdentity(readFixture("find_identity_all.txt")).warnings, []);
});

Deno.test("drift: notarytool info with an unknown status is not an error", () => {
  const info = parseNotaryInfo(readFixture("notary_info_unknown_status.json"));
  assert.equal(info.status, undefined);
  assert.equal(info.statusText, "Queued for Review");
  assert.equal(info.name, "App.zip");
});
