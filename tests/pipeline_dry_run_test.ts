import assert from "node:assert/strict";
import { buildStep } from "../lib/pipeline/build_step.ts";
import { installDextStep } from "../lib/pipeline/install_step.ts";
import { notarizeStep } from "../lib/pipeline/notarize_step.ts";
import { packageStep } from "../lib/pipeline/package_step.ts";
import { rebootStep } from "../lib/pipeline/reboot_step.ts";
import { releaseStep } from "../lib/pipeline/release_step.ts";
import { signStep } from "../lib/pipeline/sign_step.ts";
import { uninstallStep } from "../lib/pipeline/uninstall_step.ts";
import { APP, DEXT, dryRun, MemoryFiles } from "./fixtures/pipeline/pipeline_harness.ts";

// Hand-written from the step descriptions: the exact commands, in order.
const ID = "'Developer ID Application: Example Corp (ABCDE12345)'";
const INSTALLER = "'Developer ID Installer: Example Corp (ABCDE12345)'";
const ENV = { DEXTKIT_STATE_DIR: "/state" };

const BUILD_PLAN = [
  "git -C /src/dext status --porcelain",
  "git -C /src/dext log -1 --format=%ct",
  "# <build-number>: <days>.<minute of the day>.<second> from 2025-01-01T00:00:00Z to the HEAD " +
  "commit's time when the work tree is clean, else to the moment of the build",
  "(cd /src/dext && xcodegen generate)",
  "(cd /src/dext && xcodebuild -scheme Manager -configuration Release SYMROOT=/src/dext/build " +
  "MARKETING_VERSION=0.1.0 'CURRENT_PROJECT_VERSION=<build-number>')",
  `plutil -convert xml1 -o - ${DEXT}/Info.plist`,
];

const RETRY_NOTE =
  '# "The timestamp service is not available": retry with backoff for up to 5m 00s';
const SIGN_PLAN = [
  "security find-identity -v -p codesigning",
  '# resolve "Developer ID Application: Example Corp (ABCDE12345)" to exactly one valid identity ' +
  "and sign with its SHA-1",
  "security cms -D -i /src/profiles/dext.provisionprofile",
  "security cms -D -i /src/profiles/manager.provisionprofile",
  "# write /src/dext/build/signing/dext.entitlements (the distribution entitlements to inject, " +
  "with the application and team identifiers)",
  `cp /src/profiles/dext.provisionprofile ${DEXT}/embedded.provisionprofile`,
  `codesign --force --sign ${ID} --entitlements /src/dext/build/signing/dext.entitlements ` +
  `--options runtime --timestamp ${DEXT}`,
  RETRY_NOTE,
  "# write /src/dext/build/signing/manager.entitlements (the distribution entitlements to " +
  "inject, with the application and team identifiers)",
  `cp /src/profiles/manager.provisionprofile ${APP}/Contents/embedded.provisionprofile`,
  `codesign --force --sign ${ID} --entitlements /src/dext/build/signing/manager.entitlements ` +
  `--options runtime --timestamp ${APP}`,
  RETRY_NOTE,
  `codesign -d --entitlements - --xml ${DEXT}`,
  `codesign -dvvv ${DEXT}`,
  `codesign -d --entitlements - --xml ${APP}`,
  `codesign -dvvv ${APP}`,
  `codesign --verify --deep --strict --verbose=2 ${APP}`,
];

const INSTALLER_LOOKUP = [
  "security find-identity -v -p basic",
  `# resolve "${INSTALLER.slice(1, -1)}" to exactly one valid identity`,
];

function packagePlan(version: string, build: string): string[] {
  const pkg = `/src/dext/build/dist/DextkitManager-${version}-${build}.pkg`;
  const quoted = pkg.includes("<") ? `'${pkg}'` : pkg;
  const quotedVersion = version.includes("<") ? `'${version}'` : version;
  return [
    "rm -rf /src/dext/build/pkgroot",
    "mkdir -p /src/dext/build/pkgroot/Applications /src/dext/build/dist",
    `ditto ${APP} /src/dext/build/pkgroot/Applications/DextkitManager.app`,
    "# write /src/dext/build/pkg-components.plist (pkgbuild component list: the app is not relocatable)",
    "pkgbuild --root /src/dext/build/pkgroot --component-plist /src/dext/build/pkg-components.plist " +
    `--identifier com.example.hiddriver.manager --version ${quotedVersion} --install-location / ` +
    "/src/dext/build/DextkitManager-unsigned.pkg",
    `productsign --sign ${INSTALLER} --timestamp /src/dext/build/DextkitManager-unsigned.pkg ${quoted}`,
    "rm -f /src/dext/build/DextkitManager-unsigned.pkg",
    `pkgutil --check-signature ${quoted}`,
  ];
}

/** The local notary checks of the app before the upload. */
const SYSPOLICY_CHECK = [
  "sw_vers",
  "# on macOS 14 and later:",
  `syspolicy_check notary-submission ${APP}`,
];

function notarizePlan(uploaded: string, stapled: string): string[] {
  const quoted = stapled.includes("<") ? `'${stapled}'` : stapled;
  const beside = (suffix: string) => stapled.replace(/\.(app|pkg)$/, suffix);
  const spctlType = stapled.endsWith(".pkg") ? "install" : "exec";
  return [
    `xcrun notarytool submit ${uploaded} --keychain-profile dextkit-notary --output-format json`,
    `# write ${beside(".submission-id")} (the submission id, to resume the wait)`,
    "xcrun notarytool info '<submission-id>' --keychain-profile dextkit-notary --output-format json",
    '# repeat every 20.0s until the status is not "In Progress" (at most 2h 00m); a status not ' +
    "known to dextkit is a warning, not a verdict",
    "xcrun notarytool log '<submission-id>' --keychain-profile dextkit-notary",
    `# write ${beside(".notary-log.json")} (the notary log; its issues are printed)`,
    `xcrun stapler staple ${quoted}`,
    "# on stapler error 65, retry with backoff for up to 10m 00s",
    `xcrun stapler validate ${quoted}`,
    `spctl -a -vvv -t ${spctlType} ${quoted}`,
    "# Gatekeeper must accept it with source=Notarized Developer ID",
  ];
}

Deno.test("dry-run plan: build", async () => {
  const { context, runner } = dryRun();
  await buildStep(context);
  assert.deepEqual(runner.lines, [
    ...BUILD_PLAN.slice(0, 3),
    "systemextensionsctl list",
    ...BUILD_PLAN.slice(3),
  ]);
});

Deno.test("dry-run plan: sign", async () => {
  const { context, runner, files } = dryRun();
  await signStep(context);
  assert.deepEqual(runner.lines, SIGN_PLAN);
  // Nothing is written in a dry run.
  assert.equal([...files.files.keys()].some((path) => path.includes("/build/")), false);
});

Deno.test("dry-run plan: notarize the app", async () => {
  const { context, runner } = dryRun();
  await notarizeStep(context);
  const zip = "/src/dext/build/notarize/DextkitManager.zip";
  assert.deepEqual(runner.lines, [
    `codesign --verify --deep --strict --verbose=2 ${APP}`,
    ...SYSPOLICY_CHECK,
    "mkdir -p /src/dext/build/notarize",
    `ditto -c -k --keepParent ${APP} ${zip}`,
    ...notarizePlan(zip, APP),
  ]);
});

Deno.test("dry-run plan: package", async () => {
  const { context, runner } = dryRun();
  await packageStep(context);
  assert.deepEqual(runner.lines, [
    ...INSTALLER_LOOKUP,
    `plutil -convert xml1 -o - ${APP}/Contents/Info.plist`,
    ...packagePlan("<CFBundleShortVersionString>", "<CFBundleVersion>"),
  ]);
});

Deno.test("dry-run plan: install-dext --reset --force", async () => {
  const { context, runner } = dryRun({ env: ENV });
  await installDextStep(context, { reset: true, force: true });
  assert.deepEqual(runner.lines, [
    `plutil -convert xml1 -o - ${DEXT}/Info.plist`,
    `codesign -dvvv ${APP}`,
    "# for a Developer ID signature: csrutil status, and with SIP enabled require `spctl -a -vv " +
    "-t exec` to say Notarized Developer ID",
    "csrutil status",
    "# refuse --reset unless csrutil says System Integrity Protection is disabled",
    "systemextensionsctl reset",
    `# when /Applications/DextkitManager.app exists: rsync -a --delete ${APP}/ ` +
    "/Applications/DextkitManager.app/ instead (replaced in place; an app hosting an active " +
    "extension is never removed)",
    `ditto ${APP} /Applications/DextkitManager.app`,
    "codesign --verify --deep --strict --verbose=2 /Applications/DextkitManager.app",
    "/Applications/DextkitManager.app/Contents/MacOS/DextkitManager activate --force " +
    "--approval-timeout 600",
    "# on needs-user-approval: print how to approve the driver and open System Settings " +
    "(sw_vers -productVersion; open x-apple.systempreferences:…)",
    "systemextensionsctl list",
    "# repeat every 2.0s until <CFBundleVersion> is [activated enabled]; then record the version " +
    "for `dextkit status`",
    "# not checked that com.example.hiddriver answers: dextkit does not know its IORegistry name",
    "# look for /Library/Logs/DiagnosticReports/com.example.hiddriver-*.ips written since the " +
    "install began",
    "# write /state/expected-driver.json (the installed version, for `dextkit status`)",
  ]);
});

Deno.test("dry-run plan: reboot (no question is asked)", async () => {
  const { context, runner } = dryRun();
  await rebootStep(context);
  assert.deepEqual(runner.lines, [`osascript -e 'tell application "System Events" to restart'`]);
});

Deno.test("dry-run plan: uninstall", async () => {
  const { context, runner } = dryRun({ env: ENV, files: new MemoryFiles() });
  await uninstallStep(context);
  assert.deepEqual(runner.lines, [
    "/Applications/DextkitManager.app/Contents/MacOS/DextkitManager deactivate --approval-timeout 600",
    "rm -rf /Applications/DextkitManager.app",
    "# remove /state/expected-driver.json",
  ]);
});

Deno.test("dry-run plan: release = build, sign, package, notarize and staple the package", async () => {
  const { context, runner } = dryRun();
  await releaseStep(context);
  const pkg = "/src/dext/build/dist/DextkitManager-0.1.0-<build-number>.pkg";
  assert.deepEqual(runner.lines, [
    ...INSTALLER_LOOKUP,
    ...BUILD_PLAN,
    ...SIGN_PLAN,
    ...packagePlan("0.1.0", "<build-number>"),
    // Before the upload: the package, the app inside it, the notary's checks run locally.
    `pkgutil --check-signature '${pkg}'`,
    `codesign --verify --deep --strict --verbose=2 ${APP}`,
    ...SYSPOLICY_CHECK,
    ...notarizePlan(`'${pkg}'`, pkg),
  ]);
});
