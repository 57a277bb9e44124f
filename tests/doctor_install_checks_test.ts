// The doctor checks about the installed product: the manager app's location, the signatures and
// entitlements of the installed app and dext, and notarization together with SIP. Apps are small
// fake bundles in a temporary /Applications; tool output comes from the recorded fixtures.
import assert from "node:assert/strict";
import { join } from "node:path";
import { managerAppCheck } from "../lib/doctor/check_manager_app.ts";
import { notarizationCheck } from "../lib/doctor/check_notarization.ts";
import { signaturesCheck } from "../lib/doctor/check_signatures.ts";
import type { CommandExpectation } from "../lib/runner/scripted_runner.ts";
import {
  EXAMPLE_IDS,
  macContext,
  type MacContextOptions,
  runCheck,
  tempDir,
  writeApp,
} from "./fixtures/doctor_fixtures.ts";
import { readFixture } from "./fixtures/macos/read_fixture.ts";

const DEXT_IN = (app: string) =>
  join(app, "Contents", "Library", "SystemExtensions", `${EXAMPLE_IDS.dext}.dext`);

function entitlementsXml(keys: Record<string, boolean>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>${
    Object.entries(keys).map(([key, value]) => `<key>${key}</key><${value}/>`).join("")
  }</dict></plist>\n`;
}

const GOOD_DEXT_ENTITLEMENTS = {
  "com.apple.developer.driverkit": true,
  "com.apple.developer.driverkit.allow-any-userclient-access": true,
  "com.apple.developer.driverkit.family.hid.device": true,
};
const APP_ENTITLEMENTS = { "com.apple.developer.system-extension.install": true };

interface SigningScript {
  readonly verifyCode?: number;
  readonly verifyStderr?: string;
  readonly dextDisplay?: string;
  readonly dextEntitlements?: string;
  readonly appDisplay?: string;
  readonly appEntitlements?: string;
}

function signingScript(app: string, script: SigningScript = {}): CommandExpectation[] {
  const developerId = readFixture("codesign_dvvv_developer_id.txt");
  return [
    {
      cmd: "codesign",
      args: ["--verify", "--deep", "--strict", "--verbose=2", app],
      code: script.verifyCode ?? 0,
      stderr: script.verifyStderr ??
        `${app}: valid on disk\n${app}: satisfies its Designated Requirement\n`,
    },
    { cmd: "codesign", args: ["-dvvv", DEXT_IN(app)], stderr: script.dextDisplay ?? developerId },
    {
      cmd: "codesign",
      args: ["-d", "--entitlements", "-", "--xml", DEXT_IN(app)],
      stdout: script.dextEntitlements ?? readFixture("codesign_entitlements_dext.xml"),
    },
    { cmd: "codesign", args: ["-dvvv", app], stderr: script.appDisplay ?? developerId },
    {
      cmd: "codesign",
      args: ["-d", "--entitlements", "-", "--xml", app],
      stdout: script.appEntitlements ?? entitlementsXml(APP_ENTITLEMENTS),
    },
  ];
}

async function withApp(
  run: (app: string, options: (extra: MacContextOptions) => MacContextOptions) => Promise<void>,
): Promise<void> {
  await using dir = await tempDir();
  const applications = join(dir.path, "Applications");
  const app = writeApp(applications, "App.app", EXAMPLE_IDS.manager, EXAMPLE_IDS.dext);
  await run(app, (extra) => ({ ...extra, paths: { applications, ...extra.paths } }));
}

// ---- manager-app ----

Deno.test("manager-app: installed in /Applications with the dext inside is ok", async () => {
  await withApp(async (app, options) => {
    const result = await runCheck(managerAppCheck, macContext(options({})).context);
    assert.equal(result.status, "ok");
    assert.equal(
      result.finding,
      `${app} (com.example.app 1.2 (7)) is in /Applications and carries com.example.hiddriver.dext`,
    );
  });
});

Deno.test("manager-app: not installed → install-dext", async () => {
  const result = await runCheck(managerAppCheck, macContext().context);
  assert.equal(result.status, "fail");
  assert.match(result.finding, /^no app with bundle id com\.example\.app in /);
  assert.equal(
    result.fix,
    "install it with `dextkit install-dext`, which copies it into /Applications",
  );
});

Deno.test("manager-app: activated from outside /Applications → error 3, unless developer mode", async () => {
  await using dir = await tempDir();
  const db = join(dir.path, "db.plist");
  await Deno.writeTextFile(
    db,
    readFixture("db.plist.sample.xml").replace(
      "<string>/Applications/App.app</string>",
      "<string>/Users/dev/build/App.app</string>",
    ),
  );
  for (const [mode, status] of [["off", "fail"], ["on", "warn"]] as const) {
    const { context, runner } = macContext({
      paths: { systemExtensionsDb: db },
      script: [{
        cmd: "systemextensionsctl",
        args: ["developer"],
        stdout: `Developer mode is ${mode}\n`,
      }],
    });
    const result = await runCheck(managerAppCheck, context);
    assert.equal(result.status, status);
    assert.match(
      result.finding,
      /^com\.example\.app is not in .*; the dext was activated from \/Users\/dev\/build\/App\.app/,
    );
    if (status === "fail") assert.match(result.finding, /OSSystemExtensionError 3$/);
    else assert.match(result.finding, /allowed only because developer mode is on/);
    assert.match(result.fix ?? "", /dextkit install-dext/);
    runner.assertAllUsed();
  }
});

Deno.test("manager-app: an app without the dext → error 4; a second copy warns", async () => {
  await using dir = await tempDir();
  const applications = join(dir.path, "Applications");
  writeApp(applications, "App.app", EXAMPLE_IDS.manager, EXAMPLE_IDS.dext, false);
  const empty = await runCheck(managerAppCheck, macContext({ paths: { applications } }).context);
  assert.equal(empty.status, "fail");
  assert.match(
    empty.finding,
    /does not carry com\.example\.hiddriver\.dext in Contents\/Library\/SystemExtensions: activation fails with OSSystemExtensionError 4$/,
  );
  await Deno.remove(join(applications, "App.app"), { recursive: true });
  writeApp(applications, "App.app", EXAMPLE_IDS.manager, EXAMPLE_IDS.dext);
  // Names sort with the hidden copy first, so App.app is the one reported as the extra copy.
  writeApp(applications, ".App copy.app", EXAMPLE_IDS.manager, EXAMPLE_IDS.dext);
  writeApp(applications, "Other.app", "com.example.other", "com.example.other.driver");
  const twice = await runCheck(managerAppCheck, macContext({ paths: { applications } }).context);
  assert.equal(twice.status, "warn");
  assert.match(twice.finding, /and 1 more copy\(ies\) with the same bundle id/);
  assert.equal(twice.fix, `delete the copies you do not use: ${join(applications, "App.app")}`);
});

// ---- signatures ----

Deno.test("signatures: Developer ID, the right entitlements → ok", async () => {
  await withApp(async (app, options) => {
    const { context, runner } = macContext(options({ script: signingScript(app) }));
    const result = await runCheck(signaturesCheck, context);
    assert.equal(result.status, "ok", result.finding);
    assert.match(
      result.finding,
      /^the app and the dext are signed by Developer ID Application: Example Corp \(ABCDE12345\) with hardened runtime/,
    );
    runner.assertAllUsed();
  });
});

Deno.test("signatures: a forbidden entitlement → EXC_CRASH (Code Signature Invalid)", async () => {
  for (
    const key of [
      "com.apple.developer.hid.virtual.device",
      "com.apple.developer.system-extension.redistributable",
    ]
  ) {
    await withApp(async (app, options) => {
      const { context } = macContext(options({
        script: signingScript(app, {
          dextEntitlements: entitlementsXml({ ...GOOD_DEXT_ENTITLEMENTS, [key]: true }),
        }),
      }));
      const result = await runCheck(signaturesCheck, context);
      assert.equal(result.status, "fail");
      assert.equal(
        result.finding,
        `the installed dext carries ${key}: macOS kills it at launch with EXC_CRASH (Code Signature Invalid)`,
      );
      assert.equal(
        result.fix,
        `remove ${key} from the dext's entitlements file, then sign again inside-out with ` +
          "`dextkit sign` (dext first, then the app) and install again",
      );
    });
  }
});

Deno.test("signatures: family.hid.eventservice in the installed dext is an unnecessary entitlement", async () => {
  const key = "com.apple.developer.driverkit.family.hid.eventservice";
  await withApp(async (app, options) => {
    const { context } = macContext(options({
      script: signingScript(app, {
        dextEntitlements: entitlementsXml({ ...GOOD_DEXT_ENTITLEMENTS, [key]: true }),
      }),
    }));
    const result = await runCheck(signaturesCheck, context);
    assert.equal(result.status, "warn");
    assert.match(
      result.finding,
      /carries the unnecessary com\.apple\.developer\.driverkit\.family\.hid\.eventservice/,
    );
    assert.match(
      result.fix ?? "",
      /^remove com\.apple\.developer\.driverkit\.family\.hid\.eventservice/,
    );
  });
});

Deno.test("signatures: an ad-hoc dext and an unsigned app", async () => {
  await withApp(async (app, options) => {
    const { context } = macContext(options({
      script: signingScript(app, {
        dextDisplay: readFixture("codesign_dvvv_adhoc.txt"),
        appDisplay: readFixture("codesign_dvvv_unsigned.txt"),
      }),
    }));
    const result = await runCheck(signaturesCheck, context);
    assert.equal(result.status, "fail");
    assert.match(result.finding, /^the dext has only an ad-hoc signature/);
    assert.ok(result.details.includes("fail: the app is not signed at all"));
  });
});

Deno.test("signatures: codesign --verify rejects the app", async () => {
  await withApp(async (app, options) => {
    const { context } = macContext(options({
      script: signingScript(app, {
        verifyCode: 1,
        verifyStderr: `${app}: a sealed resource is missing or invalid\n`,
      }),
    }));
    const result = await runCheck(signaturesCheck, context);
    assert.equal(result.status, "fail");
    assert.equal(
      result.finding,
      `codesign --verify rejects ${app}: ${app}: a sealed resource is missing or invalid`,
    );
  });
});

Deno.test("signatures: missing driverkit, missing system-extension.install, no allow-any", async () => {
  await withApp(async (app, options) => {
    const { context } = macContext(options({
      script: signingScript(app, {
        dextEntitlements: entitlementsXml({
          "com.apple.developer.driverkit.family.hid.device": true,
        }),
        appEntitlements: entitlementsXml({}),
      }),
    }));
    const result = await runCheck(signaturesCheck, context);
    assert.equal(result.status, "fail");
    const problems = result.details.filter((line) => /^(warn|fail): /.test(line));
    const starts = [
      "fail: the installed dext lacks com.apple.developer.driverkit: the kernel refuses to start it",
      "warn: the installed dext has no com.apple.developer.driverkit.allow-any-userclient-access",
      "fail: the app lacks com.apple.developer.system-extension.install",
    ];
    assert.equal(problems.length, starts.length);
    starts.forEach((start, index) =>
      assert.ok(problems[index]?.startsWith(start), problems[index])
    );
    assert.ok(problems[2]?.includes("OSSystemExtensionError 2 (missingEntitlement)"));
  });
});

Deno.test("signatures: dext and app from different teams", async () => {
  await withApp(async (app, options) => {
    const { context } = macContext(options({
      script: signingScript(app, {
        appDisplay: readFixture("codesign_dvvv_developer_id.txt").replaceAll(
          "ABCDE12345",
          "ZZZZZ99999",
        ),
      }),
    }));
    const result = await runCheck(signaturesCheck, context);
    assert.equal(result.status, "fail");
    assert.match(
      result.finding,
      /^the dext is signed by team ABCDE12345, the app by team ZZZZZ99999/,
    );
  });
});

Deno.test("signatures: garbage from codesign fails with the parse error", async () => {
  await withApp(async (app, options) => {
    const { context } = macContext(options({
      script: signingScript(app, {
        dextEntitlements: "[Dict]\n\t[Key] com.apple.developer.driverkit\n",
      }),
    }));
    const result = await runCheck(signaturesCheck, context);
    assert.equal(result.status, "fail");
    assert.equal(
      result.finding,
      "could not parse codesign entitlements (line 1): this is codesign's human format; run codesign with --xml",
    );
  });
});

Deno.test("signatures: skipped without an installed app", async () => {
  const result = await runCheck(signaturesCheck, macContext().context);
  assert.equal(result.status, "skipped");
});

// ---- notarization ----

function spctl(app: string, fixture: string, code: number): CommandExpectation {
  return {
    cmd: "spctl",
    args: ["-a", "-vv", app],
    code,
    stderr: readFixture(fixture).replace("/Applications/App.app", app),
  };
}

Deno.test("notarization: notarized is ok", async () => {
  await withApp(async (app, options) => {
    const { context } = macContext(options({ script: [spctl(app, "spctl_accepted.txt", 0)] }));
    const result = await runCheck(notarizationCheck, context);
    assert.equal(result.status, "ok");
    assert.equal(result.finding, `Gatekeeper accepts ${app} (Notarized Developer ID)`);
  });
});

Deno.test("notarization: not notarized while SIP is on → the dext does not load", async () => {
  await withApp(async (app, options) => {
    const { context, runner } = macContext(options({
      config: { bundleIds: EXAMPLE_IDS, signing: { entitlements: "distribution" } },
      script: [
        spctl(app, "spctl_rejected_unnotarized.txt", 3),
        { cmd: "csrutil", args: ["status"], stdout: readFixture("csrutil_enabled.txt") },
      ],
    }));
    const result = await runCheck(notarizationCheck, context);
    assert.equal(result.status, "fail");
    assert.equal(
      result.finding,
      `${app} is not notarized (spctl: rejected, source=Unnotarized Developer ID) and SIP is ` +
        "enabled: macOS will not load the dext (EXC_CRASH, Code Signature Invalid)",
    );
    assert.equal(result.fix, "notarize and staple it (`dextkit notarize`, Developer ID signing)");
    runner.assertAllUsed();
  });
});

Deno.test("notarization: a development-signed build needs none with SIP on; without an identity, Apple Development comes first", async () => {
  const cases = [["Apple Development: A (X1)", "ok"], [undefined, "fail"]] as const;
  for (const [developmentIdentity, status] of cases) {
    await withApp(async (app, options) => {
      const { context } = macContext(options({
        config: {
          bundleIds: EXAMPLE_IDS,
          signing: {
            entitlements: "development",
            ...(developmentIdentity === undefined ? {} : { developmentIdentity }),
          },
        },
        script: [
          spctl(app, "spctl_rejected_unnotarized.txt", 3),
          { cmd: "csrutil", args: ["status"], stdout: readFixture("csrutil_enabled.txt") },
        ],
      }));
      const result = await runCheck(notarizationCheck, context);
      assert.equal(result.status, status, developmentIdentity ?? "no identity");
      if (status === "ok") {
        assert.match(result.finding, /a development-signed build needs no notarization/);
      } else {
        assert.match(result.fix ?? "", /^set dextkit\.signing\.developmentIdentity/);
      }
    });
  }
});

Deno.test("notarization: not notarized with SIP off is fine for development, a warning for distribution", async () => {
  for (const [entitlements, status] of [["development", "ok"], ["distribution", "warn"]] as const) {
    await withApp(async (app, options) => {
      const { context } = macContext(options({
        config: { bundleIds: EXAMPLE_IDS, signing: { entitlements } },
        script: [
          spctl(app, "spctl_rejected_unnotarized.txt", 3),
          { cmd: "csrutil", args: ["status"], stdout: readFixture("csrutil_disabled.txt") },
        ],
      }));
      const result = await runCheck(notarizationCheck, context);
      assert.equal(result.status, status);
      assert.match(result.finding, /the dext still loads because SIP is disabled$/);
    });
  }
});
