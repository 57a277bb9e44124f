// The karabiner doctor check: installed versions (no root), the driver extension's state, and
// as root the daemon's pushed status through the fake daemon.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  checkKarabiner,
  elementsSpeaksProtocol7,
  karabinerCheck,
} from "../lib/doctor/check_karabiner.ts";
import { DoctorContext } from "../lib/doctor/doctor_context.ts";
import { DOCTOR_CHECKS } from "../lib/doctor/doctor_checks.ts";
import { KarabinerNotRootError } from "../lib/karabiner/karabiner_errors.ts";
import { ScriptedRunner } from "../lib/runner/scripted_runner.ts";
import { startFakeDaemon } from "./fake_karabiner/start_fake_daemon.ts";

const HEADER =
  "--- com.apple.system_extension.driver_extension (Go to 'System Settings > General > " +
  "Login Items & Extensions > Driver Extensions' to modify these system extension(s))\n" +
  "enabled\tactive\tteamID\tbundleID (version)\tname\t[state]\n";

function list(state: string): string {
  return `1 extension(s)\n${HEADER}*\t*\tG43BCU2T37\torg.pqrs.Karabiner-DriverKit-VirtualHIDDevice ` +
    `(1.8.0/1.8.0)\torg.pqrs.Karabiner-DriverKit-VirtualHIDDevice\t[${state}]\n`;
}

function bundle(path: string, version: string): void {
  Deno.mkdirSync(join(path, "Contents"), { recursive: true });
  Deno.writeTextFileSync(
    join(path, "Contents", "Info.plist"),
    `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>` +
      `<key>CFBundleShortVersionString</key><string>${version}</string></dict></plist>\n`,
  );
}

async function check(
  options: { elements?: string; state?: string; root: boolean; socket: string; daemon?: boolean },
) {
  const dir = await Deno.makeTempDir({ prefix: "dextkit-doctor-karabiner-" });
  try {
    const applications = join(dir, "Applications");
    Deno.mkdirSync(applications);
    if (options.elements !== undefined) {
      bundle(join(applications, "Karabiner-Elements.app"), options.elements);
      bundle(join(applications, ".Karabiner-VirtualHIDDevice-Manager.app"), "5.0.0");
    }
    const daemonApp = join(dir, "Karabiner-VirtualHIDDevice-Daemon.app");
    if (options.daemon ?? options.elements !== undefined) bundle(daemonApp, "5.0.0");
    const runner = new ScriptedRunner([{
      cmd: "systemextensionsctl",
      args: ["list"],
      stdout: options.state === undefined ? "0 extension(s)\n" : list(options.state),
    }]);
    const context = new DoctorContext({
      runner,
      config: undefined,
      os: "darwin",
      paths: { applications },
      env: { DEXTKIT_KARABINER_SOCKET: options.socket },
    });
    return await checkKarabiner(context, {
      daemonApp,
      // This test runs as root; a non-root process gets EACCES in the root-only folder.
      ...(options.root ? {} : {
        handshake: (path: string) => ({ ok: false, error: new KarabinerNotRootError(path) }),
      }),
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("karabiner check: registered, macOS only", () => {
  assert.ok(DOCTOR_CHECKS.includes(karabinerCheck));
  assert.ok(karabinerCheck.macOSOnly !== undefined);
  assert.equal(elementsSpeaksProtocol7("16.0.9"), false);
  assert.equal(elementsSpeaksProtocol7("17.0.0"), true);
  assert.equal(elementsSpeaksProtocol7("beta"), undefined);
});

Deno.test("karabiner check: not installed is skipped with how to install", async () => {
  const outcome = await check({ root: false, socket: "/nonexistent/k.sock" });
  assert.equal(outcome.status, "skipped");
  assert.match(outcome.fix ?? "", /Karabiner-Elements 16\.1/);
});

Deno.test("karabiner check: an old Karabiner-Elements and an unapproved extension fail with fixes", async () => {
  const outcome = await check({
    elements: "15.3.0",
    state: "activated waiting for user",
    root: false,
    socket: "/nonexistent/k.sock",
  });
  assert.equal(outcome.status, "fail");
  assert.match(outcome.finding, /15\.3\.0 uses the old datagram sockets \(and 1 more\)/);
  assert.match(outcome.fix ?? "", /16\.1/);
  assert.ok(outcome.details?.some((line) => /not activated|waiting for user/.test(line)));
  assert.ok(outcome.details?.some((line) => /run `sudo dextkit doctor`/.test(line)));
  assert.ok(outcome.details?.some((line) => /protocol 7 and 6/.test(line)));
});

Deno.test("karabiner check: as root, the daemon's status decides; a missing socket fails", async () => {
  const daemon = await startFakeDaemon();
  try {
    const good = await check({
      elements: "16.1.0",
      state: "activated enabled",
      root: true,
      socket: daemon.socketPath,
    });
    assert.equal(good.status, "ok", JSON.stringify(good));
    assert.ok(good.details?.some((line) => /driver activated, connected/.test(line)));
    const closed = await daemon.waitFor((event) => event.event === "closed");
    assert.equal(closed.reason, "client closed");
  } finally {
    await daemon.stop();
  }
  const inactive = await startFakeDaemon({ faults: ["not-activated"] });
  try {
    const outcome = await check({
      elements: "16.1.0",
      state: "activated enabled",
      root: true,
      socket: inactive.socketPath,
    });
    assert.equal(outcome.status, "fail");
    assert.match(outcome.finding, /not activated/);
    assert.match(outcome.fix ?? "", /forceActivate/);
  } finally {
    await inactive.stop();
  }
  const missing = await check({
    elements: "16.1.0",
    state: "activated enabled",
    root: true,
    socket: "/nonexistent/k.sock",
  });
  assert.equal(missing.status, "fail");
  assert.match(missing.finding, /does not exist/);
});
