// The doctor checks that run on any system: the configuration, dextkit's dext/ project
// consistency and the project's entitlement files. Projects are copies of dext/ (or small
// hand-made ones) in a temporary folder, edited to produce each finding.
import assert from "node:assert/strict";
import { join } from "node:path";
import { resolveConfig } from "../lib/config/dextkit_config.ts";
import { ConfigError } from "../lib/config/config_error.ts";
import { configurationCheck } from "../lib/doctor/check_configuration.ts";
import { dextProjectCheck } from "../lib/doctor/check_dext_project.ts";
import {
  entitlementFileProblems,
  entitlementFilesCheck,
} from "../lib/doctor/check_entitlement_files.ts";
import { DoctorContext } from "../lib/doctor/doctor_context.ts";
import { DryRunRunner } from "../lib/runner/dry_run_runner.ts";
import { REPO_ROOT, runCheck, tempDir } from "./fixtures/doctor_fixtures.ts";

function linuxContext(root: string, raw: unknown = {}): DoctorContext {
  return new DoctorContext({
    runner: new DryRunRunner(),
    os: "linux",
    env: {},
    config: resolveConfig(raw, { root }),
  });
}

/** Copies the files the project checks read from dext/ into `root/dext`. */
async function copyDext(root: string): Promise<string> {
  const target = join(root, "dext");
  for (const dir of ["driver", "driver/entitlements", "manager"]) {
    await Deno.mkdir(join(target, dir), { recursive: true });
    for await (const entry of Deno.readDir(join(REPO_ROOT, "dext", dir))) {
      if (entry.isFile) {
        await Deno.copyFile(
          join(REPO_ROOT, "dext", dir, entry.name),
          join(target, dir, entry.name),
        );
      }
    }
  }
  await Deno.copyFile(join(REPO_ROOT, "dext", "project.yml"), join(target, "project.yml"));
  return target;
}

async function edit(path: string, change: (text: string) => string): Promise<void> {
  const text = await Deno.readTextFile(path);
  const changed = change(text);
  assert.notEqual(changed, text, `the edit changed nothing in ${path}`);
  await Deno.writeTextFile(path, changed);
}

// ---- configuration ----

Deno.test("configuration: a configuration that does not load fails with its message and hint", async () => {
  const context = new DoctorContext({
    runner: new DryRunRunner(),
    os: "linux",
    env: {},
    config: undefined,
    configError: new ConfigError(
      'dextkit.json: dextkit.teamId is "abc"; expected 10 upper-case letters or digits',
      {
        hint: "your team id is on developer.apple.com under Membership",
      },
    ),
  });
  const result = await runCheck(configurationCheck, context);
  assert.equal(result.status, "fail");
  assert.equal(
    result.finding,
    'dextkit.json: dextkit.teamId is "abc"; expected 10 upper-case letters or digits',
  );
  assert.equal(result.fix, "your team id is on developer.apple.com under Membership");
});

Deno.test("configuration: defaults without a signing identity warn; a complete one is ok", async () => {
  const defaults = await runCheck(configurationCheck, linuxContext(REPO_ROOT));
  assert.equal(defaults.status, "warn");
  assert.equal(
    defaults.finding,
    "dextkit.signing.developmentIdentity is not set; signing with the development entitlements needs it",
  );
  const complete = await runCheck(
    configurationCheck,
    linuxContext(REPO_ROOT, {
      signing: { developmentIdentity: "Apple Development: Ada (ABCDE12345)" },
    }),
  );
  assert.equal(complete.status, "ok");
  assert.match(
    complete.finding,
    /^no configuration file \(defaults\): dext dev\.dextkit\.VirtualHIDDevice/,
  );
});

Deno.test("configuration: a project folder that does not exist fails", async () => {
  await using dir = await tempDir();
  const result = await runCheck(
    configurationCheck,
    linuxContext(dir.path, {
      project: "driver",
      bundleIds: { dext: "a.b.dext", manager: "a.b.app" },
    }),
  );
  assert.equal(result.status, "fail");
  assert.equal(
    result.finding,
    `the dext project folder ${join(dir.path, "driver")} does not exist (and 1 more)`,
  );
});

// ---- dext-project ----

Deno.test("dext-project: dextkit's own project is consistent", async () => {
  const result = await runCheck(dextProjectCheck, linuxContext(REPO_ROOT));
  assert.equal(result.status, "ok", [result.finding, ...result.details].join("\n"));
});

Deno.test("dext-project: a personality edit is reported with the fix", async () => {
  await using dir = await tempDir();
  const dext = await copyDext(dir.path);
  await edit(
    join(dext, "driver", "Info.plist"),
    (text) =>
      text.replace(
        "<string>dextkit_VirtualHIDKeyboard</string>",
        "<string>dextkit_VirtualHIDKeybord</string>",
      ),
  );
  const result = await runCheck(dextProjectCheck, linuxContext(dir.path));
  assert.equal(result.status, "fail");
  assert.match(
    result.finding,
    /^Info\.plist names keyboard class dextkit_VirtualHIDKeybord, which no \.iig declares \(did you mean dextkit_VirtualHIDKeyboard\?\) \(and \d+ more\)$/,
  );
  assert.match(result.fix ?? "", /dext\/README\.md explains each rule/);
});

Deno.test("dext-project: bundle ids that differ from project.yml warn", async () => {
  const result = await runCheck(
    dextProjectCheck,
    linuxContext(REPO_ROOT, {
      bundleIds: { dext: "dev.dextkit.VirtualHIDDevice", manager: "dev.dextkit.Manager" },
    }),
  );
  assert.equal(result.status, "warn");
  assert.equal(
    result.finding,
    "the configuration's manager bundle id is dev.dextkit.Manager but project.yml builds dev.dextkit.VirtualHIDDeviceManager",
  );
  assert.match(
    result.fix ?? "",
    /^set dextkit\.bundleIds\.manager to dev\.dextkit\.VirtualHIDDeviceManager/,
  );
});

Deno.test("dext-project: a YAML syntax error and a missing file fail that check alone", async () => {
  await using dir = await tempDir();
  const dext = await copyDext(dir.path);
  await edit(
    join(dext, "project.yml"),
    (text) => text.replace("settings:\n  base:", "settings:\n  base: [oops"),
  );
  const broken = await runCheck(dextProjectCheck, linuxContext(dir.path));
  assert.equal(broken.status, "fail");
  assert.match(broken.finding, /^could not parse project\.yml \(line \d+\): /);
  await Deno.remove(join(dext, "manager", "Info.plist"));
  const missing = await runCheck(dextProjectCheck, linuxContext(dir.path));
  assert.equal(missing.status, "fail");
  assert.match(missing.finding, /^a file of the dext project is missing: /);
  assert.match(missing.fix ?? "", /restore it from git/);
});

Deno.test("dext-project: another project is skipped", async () => {
  await using dir = await tempDir();
  const result = await runCheck(
    dextProjectCheck,
    linuxContext(dir.path, {
      project: "driver",
      bundleIds: { dext: "a.b.dext", manager: "a.b.app" },
    }),
  );
  assert.equal(result.status, "skipped");
});

// ---- entitlement-files ----

const DEXT_FILE = (extra = "") =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n` +
  `\t<key>com.apple.developer.driverkit</key>\n\t<true/>\n${extra}</dict>\n</plist>\n`;

async function project(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, "driver", path, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, "driver", path), text);
  }
}

const OTHER_PROJECT = { project: "driver", bundleIds: { dext: "a.b.dext", manager: "a.b.app" } };
const MANAGER_FILE = DEXT_FILE().replace(
  "com.apple.developer.driverkit",
  "com.apple.developer.system-extension.install",
);

Deno.test("entitlement-files: dextkit's own files pass", async () => {
  const result = await runCheck(entitlementFilesCheck, linuxContext(REPO_ROOT));
  assert.equal(result.status, "ok", [result.finding, ...result.details].join("\n"));
  assert.deepEqual(result.details, [
    "client/deno_client.entitlements",
    "driver/entitlements/development.entitlements",
    "driver/entitlements/distribution.entitlements",
    "manager/manager.entitlements",
  ]);
});

Deno.test("entitlement-files: forbidden keys → Code Signature Invalid, with the fix", async () => {
  await using dir = await tempDir();
  await project(dir.path, {
    "driver/entitlements/development.entitlements": DEXT_FILE(
      "\t<key>com.apple.developer.hid.virtual.device</key>\n\t<true/>\n",
    ),
    "manager/manager.entitlements": MANAGER_FILE,
  });
  const result = await runCheck(entitlementFilesCheck, linuxContext(dir.path, OTHER_PROJECT));
  assert.equal(result.status, "fail");
  assert.equal(
    result.finding,
    "driver/entitlements/development.entitlements has com.apple.developer.hid.virtual.device: " +
      "macOS kills a dext signed with it (EXC_CRASH, Code Signature Invalid)",
  );
  assert.equal(
    result.fix,
    "remove com.apple.developer.hid.virtual.device from driver/entitlements/development.entitlements",
  );
});

Deno.test("entitlement-files: an XML comment, a missing driverkit key, garbage and a missing set", async () => {
  await using dir = await tempDir();
  await project(dir.path, {
    "driver/entitlements/development.entitlements": DEXT_FILE().replace(
      "<dict>\n",
      "<dict>\n<!-- dev -->\n",
    ),
    "driver/entitlements/distribution.entitlements": "not a plist",
    "extra/old.entitlements": DEXT_FILE().replace(
      "com.apple.developer.driverkit<",
      "com.apple.developer.driverkit.family.hid.device<",
    ),
  });
  const result = await runCheck(entitlementFilesCheck, linuxContext(dir.path, OTHER_PROJECT));
  assert.equal(result.status, "fail");
  const problems = result.details.filter((line) => /^(warn|fail): /.test(line));
  assert.deepEqual(problems, [
    "fail: the sign step injects the manager app's entitlements from manager/manager.entitlements, which does not exist",
    "fail: driver/entitlements/development.entitlements (line 4) has an XML comment: codesign then " +
    "signs without any of its entitlements and still exits 0",
    "fail: could not parse driver/entitlements/distribution.entitlements (line 1): not a property " +
    "list (neither XML nor binary)",
    "fail: extra/old.entitlements lacks com.apple.developer.driverkit: the kernel refuses to start the dext",
  ]);
});

Deno.test("entitlement-files: a project without any", async () => {
  await using dir = await tempDir();
  await Deno.mkdir(join(dir.path, "driver"));
  const result = await runCheck(entitlementFilesCheck, linuxContext(dir.path, OTHER_PROJECT));
  assert.equal(result.status, "fail");
  assert.equal(result.finding, `no .entitlements file under ${join(dir.path, "driver")}`);
});

Deno.test("entitlement files: the team-specific keys the sign step adds do not belong in the file", () => {
  const problems = entitlementFileProblems(
    DEXT_FILE("\t<key>com.apple.developer.team-identifier</key>\n\t<string>ABCDE12345</string>\n"),
    "x.entitlements",
  );
  assert.deepEqual(problems.map((problem) => problem.finding), [
    "x.entitlements has com.apple.developer.team-identifier: team-specific; the signing step adds it",
  ]);
});
