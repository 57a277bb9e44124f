import assert from "node:assert/strict";
import { KarabinerDevice } from "../lib/device/karabiner_device.ts";
import { probeKarabinerSocket } from "../lib/device/karabiner_probe.ts";
import {
  type AutoProbe,
  deviceBackends,
  type DeviceFactory,
  explainAuto,
  NoDeviceFoundError,
  selectDevice,
} from "../lib/device/select_device.ts";
import { SimDevice } from "../lib/device/sim_device.ts";
import "../lib/device/session.ts";
import { startFakeDaemon } from "./fake_karabiner/start_fake_daemon.ts";

const noEnv = { get: () => undefined };
const iokit = new SimDevice();
const karabiner = new SimDevice();
const backends = new Map<string, DeviceFactory>([
  ["sim", () => new SimDevice()],
  ["iokit", () => iokit],
  ["karabiner", () => karabiner],
]);
const probe = (available: boolean, reason: string): AutoProbe => () => ({ available, reason });

Deno.test("auto on macOS: dextkit's driver first, then Karabiner's daemon, with a notice", () => {
  const both = new Map([["iokit", probe(true, "dextkit up")], ["karabiner", probe(true, "k up")]]);
  const first = selectDevice("auto", { env: noEnv, os: "darwin", backends, probes: both });
  assert.equal(first.name, "iokit");
  assert.equal(first.device, iokit);
  assert.equal(first.notice, undefined);
  const onlyKarabiner = new Map([
    ["iokit", probe(false, "dextkit's driver is not running")],
    ["karabiner", probe(true, "Karabiner's daemon socket is there")],
  ]);
  const second = selectDevice(undefined, {
    env: noEnv,
    os: "darwin",
    backends,
    probes: onlyKarabiner,
  });
  assert.equal(second.name, "karabiner");
  assert.equal(second.device, karabiner);
  assert.equal(
    second.notice,
    "auto picked karabiner: dextkit's driver is not running; Karabiner's daemon socket is there",
  );
});

Deno.test("auto on macOS with neither: one error naming both ways, never a silent sim", () => {
  const neither = new Map([
    ["iokit", probe(false, "dextkit's driver (dextkit_VirtualHIDDeviceRoot) is not running")],
    ["karabiner", probe(false, "no Karabiner daemon socket at /x.sock")],
  ]);
  assert.throws(
    () => selectDevice("auto", { env: noEnv, os: "darwin", backends, probes: neither }),
    (error: unknown) => {
      assert.ok(error instanceof NoDeviceFoundError);
      assert.equal(error.exitCode, 5);
      assert.match(
        error.message,
        /iokit: dextkit's driver .* is not running; karabiner: no Karabiner/,
      );
      assert.match(error.hint, /install-dext/);
      assert.match(error.hint, /Karabiner-Elements 16\.1/);
      return true;
    },
  );
  const explained = explainAuto({ os: "darwin", backends, probes: neither });
  assert.equal(explained.name, undefined);
  assert.deepEqual(explained.candidates.map((candidate) => candidate.name), ["iokit", "karabiner"]);
  assert.equal(explainAuto({ os: "linux", backends, probes: neither }).name, "sim");
});

Deno.test("the karabiner backend is registered with its probe; --device and DEXTKIT_DEVICE pick it", () => {
  assert.ok(deviceBackends.has("karabiner"));
  const byFlag = selectDevice("karabiner", { env: noEnv, os: "linux" });
  assert.ok(byFlag.device instanceof KarabinerDevice);
  const byEnv = selectDevice(undefined, {
    env: { get: (name) => name === "DEXTKIT_DEVICE" ? "Karabiner" : undefined },
    os: "linux",
  });
  assert.equal(byEnv.name, "karabiner");
  assert.throws(() => selectDevice("karabner", { env: noEnv }), /did you mean "karabiner"/);
});

Deno.test("probeKarabinerSocket: a socket, a missing one, a plain file, old sockets", async () => {
  const daemon = await startFakeDaemon();
  try {
    const path = daemon.socketPath;
    const found = probeKarabinerSocket({
      env: { get: (name) => name === "DEXTKIT_KARABINER_SOCKET" ? path : undefined },
    });
    assert.deepEqual(found, {
      available: true,
      reason: `Karabiner's daemon socket ${path} is there`,
    });
    const missing = probeKarabinerSocket({ socketPath: `${daemon.directory}/other.sock` });
    assert.equal(missing.available, false);
    assert.match(missing.reason, /no Karabiner daemon socket/);
    await Deno.mkdir(`${daemon.directory}/vhidd_server`);
    assert.match(
      probeKarabinerSocket({ socketPath: `${daemon.directory}/other.sock` }).reason,
      /old datagram sockets/,
    );
    await Deno.writeTextFile(`${daemon.directory}/plain`, "");
    assert.equal(
      probeKarabinerSocket({ socketPath: `${daemon.directory}/plain` }).available,
      false,
    );
  } finally {
    await daemon.stop();
  }
});

Deno.test("status: says which backend auto would pick and why", async () => {
  const { runStatusCommand } = await import("../lib/cli/commands/status.ts");
  const { CapturedOutput } = await import("../lib/cli/output.ts");
  const { ScriptedRunner } = await import("../lib/runner/scripted_runner.ts");
  const daemon = await startFakeDaemon();
  const directory = daemon.directory;
  const path = daemon.socketPath;
  try {
    const output = new CapturedOutput();
    await runStatusCommand({}, {
      output,
      env: { DEXTKIT_KARABINER_SOCKET: path, DEXTKIT_STATE_DIR: `${directory}/state` },
      os: "darwin",
      cwd: directory,
      runner: new ScriptedRunner([{
        cmd: "systemextensionsctl",
        args: ["list"],
        stdout: "0 extension(s)\n",
      }]),
      probeDriver: () => Promise.resolve({ kind: "absent" }),
    });
    const line = output.outLines.at(-1) ?? "";
    if (Deno.env.get("DEXTKIT_IOKIT_LIBRARY") === undefined) {
      assert.match(
        line,
        /^auto device: karabiner \(iokit: .*; karabiner: Karabiner's daemon socket .* is there\)$/,
      );
    } else {
      assert.match(line, /^auto device: /);
    }
  } finally {
    await daemon.stop();
  }
});
