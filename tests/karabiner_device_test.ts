/**
 * The `karabiner` backend against the fake daemon (tests/fake_karabiner), a separate process on a
 * temp socket: typing, the protocol probe, every fault mode, the errors that say what to do, and
 * the daemon's liveness rules.
 */
import assert from "node:assert/strict";
import { KarabinerDevice, type KarabinerDeviceOptions } from "../lib/device/karabiner_device.ts";
import { withSession } from "../lib/device/session.ts";
import { SimDevice } from "../lib/device/sim_device.ts";
import { HIDSystemLockState } from "../lib/iokit/hid_system_lock_state.ts";
import { buildNative } from "../scripts/build_native.ts";
import { HEARTBEAT_FRAME } from "../lib/karabiner/frame.ts";
import {
  KarabinerConnectionLostError,
  KarabinerDaemonNotFoundError,
  KarabinerDriverNotActivatedError,
  KarabinerNotReadyError,
  KarabinerNotRootError,
  KarabinerOutdatedError,
  KarabinerVersionMismatchError,
} from "../lib/karabiner/karabiner_errors.ts";
import { connectUnixStream } from "../lib/socket/libc_unix_socket.ts";
import { SocketConnectError } from "../lib/socket/stream_transport.ts";
import { type FakeDaemonOptions, startFakeDaemon } from "./fake_karabiner/start_fake_daemon.ts";

const TEXT = "Hello, World! 123 ~";

async function withDaemon(
  options: FakeDaemonOptions,
  fn: (daemon: Awaited<ReturnType<typeof startFakeDaemon>>) => Promise<void>,
): Promise<void> {
  const daemon = await startFakeDaemon(options);
  try {
    await fn(daemon);
  } finally {
    await daemon.stop();
  }
}

function device(socketPath: string, options: KarabinerDeviceOptions = {}): KarabinerDevice {
  return new KarabinerDevice({ socketPath, lockState: () => undefined, ...options });
}

async function simText(text: string): Promise<string> {
  const sim = new SimDevice();
  await withSession({ device: sim }, (session) => session.keyboard.type(text));
  return sim.host.text;
}

Deno.test("karabiner: types through the daemon what sim types; resets before closing", async () => {
  await withDaemon({}, async (daemon) => {
    const karabiner = device(daemon.socketPath);
    await withSession({ device: karabiner }, async (session) => {
      assert.deepEqual(karabiner.status, {
        driverActivated: true,
        driverConnected: true,
        driverVersionMismatched: false,
        virtualHidKeyboardReady: true,
        virtualHidPointingReady: true,
      });
      await session.keyboard.type(TEXT);
      await session.keyboard.press("Meta+KeyC");
      await session.mouse.click("left");
    });
    assert.equal(karabiner.protocol, 7);
    const closed = await daemon.waitFor((event) => event.event === "closed", "closed");
    assert.equal(closed.reason, "client closed", "the daemon did not drop the client");
    assert.equal(closed.text, await simText(TEXT));
    assert.deepEqual(closed.pressedAtClose, []);
    assert.deepEqual(closed.buttonsAtClose, []);
    assert.equal(closed.healthChecksAnswered, 1);
    assert.equal(closed.droppedPosts, 0);
    assert.equal(closed.ignored, 0);
    const names = daemon.events.map((event) =>
      `${event.event}${event.device ? ` ${event.device}` : ""}`
    );
    assert.deepEqual(names.slice(names.indexOf("reset keyboard")), [
      "reset keyboard",
      "reset pointing",
      "closed",
    ]);
    const initialize = daemon.events.find((event) => event.event === "keyboard-initialize");
    assert.deepEqual(
      [initialize?.vendorId, initialize?.productId, initialize?.countryCode],
      [0x16c0, 0x27db, 0],
    );
  });
});

Deno.test("karabiner: a protocol 6 daemon is found in-band after protocol 7 is ignored", async () => {
  await withDaemon({ protocol: 6 }, async (daemon) => {
    const karabiner = device(daemon.socketPath);
    await withSession({ device: karabiner }, (session) => session.keyboard.type(TEXT));
    assert.equal(karabiner.protocol, 6);
    const closed = await daemon.waitFor((event) => event.event === "closed", "closed");
    assert.equal(closed.text, await simText(TEXT));
    assert.equal(closed.ignored, 1, "only the protocol 7 probe was ignored");
    assert.match(
      String(daemon.events.find((event) => event.event === "ignored")?.why),
      /client_protocol_version 7, daemon speaks 6/,
    );
  });
});

Deno.test("karabiner: a daemon speaking neither 7 nor 6 says which protocols dextkit speaks", async () => {
  await withDaemon({ protocol: 5 as 6 }, async (daemon) => {
    await assert.rejects(withSession({ device: device(daemon.socketPath) }, () => {}), (error) => {
      assert.ok(error instanceof KarabinerNotReadyError);
      assert.equal(error.exitCode, 4);
      assert.match(error.message, /ignored the initialize request in protocol 7 and 6/);
      assert.match(error.hint, /protocol 7 and 6/);
      return true;
    });
  });
});

Deno.test("karabiner: driver not activated, version mismatched and never ready fail with what to do", async () => {
  const cases: [string, (error: unknown) => boolean][] = [
    ["not-activated", (error) => {
      assert.ok(error instanceof KarabinerDriverNotActivatedError);
      assert.equal(error.exitCode, 5);
      assert.match(error.hint, /System Settings/);
      assert.match(error.hint, /forceActivate/);
      return true;
    }],
    ["version-mismatch", (error) => {
      assert.ok(error instanceof KarabinerVersionMismatchError);
      assert.equal(error.exitCode, 3);
      assert.match(error.hint, /reboot/);
      return true;
    }],
    ["never-ready", (error) => {
      assert.ok(error instanceof KarabinerNotReadyError);
      assert.equal(error.exitCode, 4);
      assert.match(error.message, /keyboard .* not ready after 1500 ms/);
      assert.match(error.hint, /protocol 7/);
      return true;
    }],
  ];
  for (const [fault, check] of cases) {
    await withDaemon({ faults: [fault] }, async (daemon) => {
      const karabiner = device(daemon.socketPath, { readyTimeoutMs: 1500 });
      await assert.rejects(withSession({ device: karabiner }, () => {}), check);
      // The session closed the device: the daemon saw the client go.
      await daemon.waitFor((event) => event.event === "closed", `closed after ${fault}`);
    });
  }
});

Deno.test("karabiner: after a daemon restart mid-typing, it reconnects, says so once, releases all", async () => {
  await withDaemon({ faults: ["restart-after=12"] }, async (daemon) => {
    const notices: string[] = [];
    const karabiner = device(daemon.socketPath, { notice: (line) => notices.push(line) });
    await withSession({ device: karabiner }, async (session) => {
      for (const character of TEXT) {
        await session.keyboard.type(character);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    const second = await daemon.waitFor(
      (event) => event.event === "closed" && event.client === 2,
      "the reconnected client closing",
    );
    assert.ok(daemon.events.some((event) => event.event === "restarting"));
    assert.equal(notices.length, 1);
    assert.match(notices[0] ?? "", /^Karabiner's daemon restarted: reconnected/);
    assert.equal(second.reason, "client closed");
    assert.deepEqual(second.pressedAtClose, []);
    // What was typed after the reconnect arrived (the tail of the text, at least its end).
    assert.ok(String(second.text).endsWith("3 ~"), String(second.text));
  });
});

Deno.test("karabiner: a killed daemon gives a clear error on the next post, and no hang", async () => {
  await withDaemon({}, async (daemon) => {
    const karabiner = device(daemon.socketPath, { readyTimeoutMs: 800 });
    await assert.rejects(
      withSession({ device: karabiner }, async (session) => {
        await session.keyboard.type("ab");
        await daemon.kill();
        for (;;) {
          await session.keyboard.type("c");
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }),
      (error) => {
        assert.ok(error instanceof KarabinerConnectionLostError, String(error));
        assert.equal(error.exitCode, 5);
        assert.match(error.message, /connection to Karabiner's daemon was lost/);
        assert.match(error.hint, /Karabiner-Elements/);
        return true;
      },
    );
  });
});

Deno.test("karabiner: no socket, a stale socket, old datagram sockets, not root: errors say what to do", async () => {
  await withDaemon({ noProcess: true }, async (daemon) => {
    await assert.rejects(device(daemon.socketPath).open(), (error) => {
      assert.ok(error instanceof KarabinerDaemonNotFoundError);
      assert.match(error.message, /does not exist/);
      assert.match(error.hint, /Karabiner-Elements 16\.1/);
      return true;
    });
  });
  // A daemon that died leaves its socket file behind.
  await withDaemon({}, async (daemon) => {
    await daemon.kill();
    await assert.rejects(device(daemon.socketPath).open(), (error) => {
      assert.ok(error instanceof KarabinerDaemonNotFoundError);
      assert.match(error.message, /exists but no daemon listens/);
      return true;
    });
  });
  await withDaemon({ noProcess: true, files: ["vhidd_server/1234.sock"] }, async (daemon) => {
    await assert.rejects(device(daemon.socketPath).open(), (error) => {
      assert.ok(error instanceof KarabinerOutdatedError);
      assert.match(error.hint, /update Karabiner-Elements to 16\.1 or later/);
      return true;
    });
  });
  // The real folder is root-only: connect() then fails with EACCES (this test runs as whoever).
  const denied = device("/root-only/k.sock", {
    connect: (path) => {
      throw new SocketConnectError(path, "connect", "EACCES", 13);
    },
  });
  await assert.rejects(denied.open(), (error) => {
    assert.ok(error instanceof KarabinerNotRootError);
    assert.equal(error.exitCode, 5);
    assert.match(error.hint, /sudo/);
    assert.match(error.hint, /DENO_DIR/);
    assert.match(error.hint, /DEXTKIT_DEVICE=karabiner/);
    return true;
  });
});

Deno.test("karabiner: DEXTKIT_KARABINER_SOCKET moves the socket", async () => {
  await withDaemon({}, async (daemon) => {
    const karabiner = new KarabinerDevice({
      env: { get: (name) => name === "DEXTKIT_KARABINER_SOCKET" ? daemon.socketPath : undefined },
      lockState: () => undefined,
    });
    assert.equal(karabiner.socketPath, daemon.socketPath);
    await withSession({ device: karabiner }, (session) => session.keyboard.type("x"));
    assert.equal((await daemon.waitFor((event) => event.event === "closed")).text, "x");
  });
});

Deno.test("fake daemon: drops a client that does not answer its status push, and a silent one", async () => {
  await withDaemon({ answerTimeoutMs: 300, readTimeoutMs: 60_000 }, async (daemon) => {
    const transport = connectUnixStream(daemon.socketPath);
    const dropped = daemon.waitFor((event) => event.event === "dropped", "dropped");
    // Heartbeats keep it from being silent; it never answers the pushed status request.
    const beat = setInterval(() => transport.send(HEARTBEAT_FRAME), 50);
    try {
      assert.equal((await dropped).why, "a status request went unanswered");
    } finally {
      clearInterval(beat);
      transport.close();
    }
  });
  await withDaemon({ readTimeoutMs: 300, answerTimeoutMs: 60_000 }, async (daemon) => {
    const transport = connectUnixStream(daemon.socketPath);
    try {
      const dropped = await daemon.waitFor((event) => event.event === "dropped", "dropped");
      assert.match(String(dropped.why), /silent/);
    } finally {
      transport.close();
    }
  });
});

Deno.test("karabiner: typing with Caps Lock on stays correct with the HID system's lock state", async () => {
  await withDaemon({ capsLock: true }, async (daemon) => {
    const karabiner = device(daemon.socketPath, {
      lockState: () => ({ capsLock: true, numLock: false }),
    });
    assert.equal(karabiner.ledState().capsLock, true);
    await withSession({ device: karabiner }, (session) => session.keyboard.type("Hello"));
    const closed = await daemon.waitFor((event) => event.event === "closed");
    assert.equal(closed.capsLock, true);
    assert.equal(closed.text, "Hello");
  });
});

Deno.test("HID system lock state: IOHIDGetModifierLockState through FFI (stand-in library)", async () => {
  const directory = await Deno.makeTempDir({ prefix: "dextkit-hidsystem-" });
  try {
    const library = (await buildNative()).fakeHidSystem;
    // The stand-in reads its state from the environment, so each case runs in a child.
    const probe = async (env: Record<string, string>) => {
      const output = await new Deno.Command(Deno.execPath(), {
        args: [
          "eval",
          `import { HIDSystemLockState } from ${
            JSON.stringify(new URL("../lib/iokit/hid_system_lock_state.ts", import.meta.url).href)
          };
           const locks = new HIDSystemLockState({ path: ${JSON.stringify(library)} });
           console.log(JSON.stringify(locks.read() ?? null)); locks.close();`,
        ],
        env,
      }).output();
      assert.ok(output.success, new TextDecoder().decode(output.stderr));
      return JSON.parse(new TextDecoder().decode(output.stdout));
    };
    assert.deepEqual(await probe({ FAKE_HID_SYSTEM_LOCKS: "caps" }), {
      capsLock: true,
      numLock: false,
    });
    assert.deepEqual(await probe({ FAKE_HID_SYSTEM_LOCKS: "caps,num" }), {
      capsLock: true,
      numLock: true,
    });
    assert.deepEqual(await probe({}), { capsLock: false, numLock: false });
    assert.equal(await probe({ FAKE_HID_SYSTEM_MISSING: "1" }), null);
    // A state file (the fake daemon's host) wins over the variable and is read on every call.
    const file = `${directory}/locks`;
    await Deno.writeTextFile(file, "num");
    assert.deepEqual(
      await probe({ FAKE_HID_SYSTEM_LOCKS: "caps", FAKE_HID_SYSTEM_LOCKS_FILE: file }),
      {
        capsLock: false,
        numLock: true,
      },
    );
    assert.equal(new HIDSystemLockState({ os: "linux" }).read(), undefined);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("karabiner: idle through a daemon restart, the heartbeat reconnects by itself", async () => {
  await withDaemon({ faults: ["restart-after=2"], readTimeoutMs: 2500 }, async (daemon) => {
    const notices: string[] = [];
    const karabiner = device(daemon.socketPath, { notice: (line) => notices.push(line) });
    await withSession({ device: karabiner }, async (session) => {
      await session.keyboard.type("a");
      // Idle: no post will notice; the heartbeat must (a safety net of 60 s, not a timing check).
      await daemon.waitFor((event) => event.event === "keyboard-initialize" && event.client === 2);
      for (let wait = 0; wait < 600 && !karabiner.isKeyboardReady(); wait++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(notices.length, 1);
      // Longer than the daemon's read timeout: only the heartbeat keeps the client connected.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      await session.keyboard.type("b");
    });
    const second = await daemon.waitFor((event) => event.event === "closed" && event.client === 2);
    assert.equal(second.reason, "client closed", "the heartbeat kept the client connected");
    assert.ok(String(second.text).endsWith("b"));
    assert.equal(notices.length, 1);
  });
});

Deno.test("karabiner: new keyboard parameters terminate the keyboard and initialize it again", async () => {
  await withDaemon({}, async (daemon) => {
    const karabiner = device(daemon.socketPath);
    await karabiner.open();
    try {
      await karabiner.initializeKeyboard({ vendorId: 0x16c0, productId: 0x27db, countryCode: 0 });
      await karabiner.initializeKeyboard({ vendorId: 0x05ac, productId: 0x0250, countryCode: 13 });
      assert.ok(karabiner.isKeyboardReady());
    } finally {
      karabiner.close();
    }
    const initializes = daemon.events.filter((event) => event.event === "keyboard-initialize");
    assert.deepEqual(initializes.map((event) => event.countryCode), [0, 13]);
    await daemon.waitFor((event) => event.event === "closed");
  });
});
