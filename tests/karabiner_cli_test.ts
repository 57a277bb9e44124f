/**
 * The `dextkit` command and sessions on `--device karabiner`, each in its own process against the
 * fake daemon (tests/fake_karabiner): `type`, TypeScript recipes and a DuckyScript file give the
 * same host text as on `sim`; SIGINT/SIGTERM mid-hold, a throw, and a killed daemon end with
 * every key released, or a clear error and no hang.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { type FakeDaemon, startFakeDaemon } from "./fake_karabiner/start_fake_daemon.ts";
import { buildNative } from "../scripts/build_native.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
// The device reads Caps Lock from the HID system; here, the stand-in over the daemon's host.
const HID_SYSTEM_LIBRARY = (await buildNative()).fakeHidSystem;
const CHILD = fileURLToPath(new URL("./fixtures/karabiner_session_child.ts", import.meta.url));
const PERMISSIONS = [
  "--allow-env",
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-ffi",
];

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function dextkit(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--no-prompt", ...PERMISSIONS, "scripts/dextkit.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", DEXTKIT_DEVICE: "", ...env },
    stdin: "null",
    // A safety net against a hung run (a recipe waiting for a lock LED that never answers), not
    // a timing assertion: far beyond what any run here takes.
    signal: AbortSignal.timeout(120_000),
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

function textLine(stdout: string): string {
  const line = stdout.split("\n").find((entry) => entry.startsWith("text: "));
  assert.ok(line !== undefined, `no text line in:\n${stdout}`);
  return JSON.parse(line.slice("text: ".length));
}

function shortcutsLine(stdout: string): string[] {
  const line = stdout.split("\n").find((entry) => entry.startsWith("shortcuts: "));
  return line === undefined ? [] : line.slice("shortcuts: ".length).split(", ");
}

async function onBoth(args: string[], daemon: FakeDaemon, env: Record<string, string> = {}) {
  const sim = await dextkit([...args, "--device", "sim"]);
  assert.equal(sim.code, 0, sim.stderr);
  const karabiner = await dextkit(args, {
    DEXTKIT_KARABINER_SOCKET: daemon.socketPath,
    DEXTKIT_DEVICE: "karabiner",
    DEXTKIT_HID_SYSTEM_LIBRARY: HID_SYSTEM_LIBRARY,
    FAKE_HID_SYSTEM_LOCKS_FILE: daemon.locksFile,
    ...env,
  });
  assert.equal(karabiner.code, 0, karabiner.stderr);
  const closed = await daemon.waitFor(
    (event) =>
      event.event === "closed" &&
      !daemon.events.slice(daemon.events.indexOf(event) + 1).some((later) =>
        later.event === "connected"
      ),
    `the client of ${args.join(" ")} closing`,
  );
  return { sim, karabiner, closed };
}

async function withDaemon(fn: (daemon: FakeDaemon) => Promise<void>): Promise<void> {
  const daemon = await startFakeDaemon();
  try {
    await fn(daemon);
  } finally {
    await daemon.stop();
  }
}

Deno.test("cli: type on --device karabiner gives the text of sim, on the daemon's host too", async () => {
  await withDaemon(async (daemon) => {
    const { sim: simOk, karabiner, closed } = await onBoth(["type", "Hello, World! ~` é"], daemon);
    assert.match(karabiner.stdout, /^typed "Hello, World! ~` é" on karabiner$/m);
    assert.equal(textLine(karabiner.stdout), textLine(simOk.stdout));
    assert.equal(closed.text, textLine(simOk.stdout));
    assert.deepEqual(closed.pressedAtClose, []);
  });
});

Deno.test("cli: every recipe in recipes/ (TypeScript and DuckyScript) types on karabiner what it types on sim", async () => {
  const recipes = [...Deno.readDirSync(`${ROOT}recipes`)].map((entry) => `recipes/${entry.name}`)
    .filter((name) => /\.(ts|txt)$/.test(name)).sort();
  assert.ok(recipes.some((name) => name.endsWith(".txt")) && recipes.length >= 5, String(recipes));
  await withDaemon(async (daemon) => {
    let text = "";
    let shortcuts = 0;
    for (const recipe of recipes) {
      const { sim, karabiner, closed } = await onBoth(["run", recipe], daemon);
      const typed = String(closed.text).slice(text.length);
      text = String(closed.text);
      const pressed = (closed.shortcuts as string[]).slice(shortcuts);
      shortcuts = (closed.shortcuts as string[]).length;
      assert.equal(typed, textLine(sim.stdout), recipe);
      assert.equal(textLine(karabiner.stdout), textLine(sim.stdout), recipe);
      assert.deepEqual(pressed, shortcutsLine(sim.stdout), recipe);
      assert.deepEqual(closed.pressedAtClose, [], recipe);
      assert.deepEqual(closed.buttonsAtClose, [], recipe);
      // A new connection per run: the next run's "closed" is a later one.
      daemon.events.splice(0, daemon.events.length);
    }
  });
});

async function session(
  daemon: FakeDaemon,
  mode: "hold" | "throw",
  stop: (child: Deno.ChildProcess) => Promise<void> | void,
) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      "--allow-env",
      "--allow-read",
      "--allow-ffi",
      CHILD,
      mode,
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1", DEXTKIT_KARABINER_SOCKET: daemon.socketPath },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  // Read stdout to its end: a child writing into a closed pipe would fail on its way out.
  const stdout = new Response(child.stdout).text();
  await daemon.waitFor((event) => event.event === "down", "keys down on the daemon's host");
  await stop(child);
  const [status, errors, text] = await Promise.all([child.status, stderr, stdout]);
  assert.ok(text.includes("ready"), `the child never got ready:\n${errors}`);
  assert.ok(!text.includes("not interrupted"), "the child ran to its end");
  return { status, stderr: errors };
}

Deno.test("cli: SIGINT and SIGTERM mid-hold on karabiner release every key and button", async () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    await withDaemon(async (daemon) => {
      const { status, stderr } = await session(daemon, "hold", (child) => child.kill(signal));
      assert.equal(status.code, signal === "SIGINT" ? 130 : 143, stderr);
      const closed = await daemon.waitFor((event) => event.event === "closed", "closed");
      assert.equal(closed.reason, "client closed");
      assert.deepEqual(closed.pressedAtClose, [], signal);
      assert.deepEqual(closed.buttonsAtClose, [], signal);
      assert.ok(daemon.events.some((event) => event.event === "reset"), "reset before close");
    });
  }
});

Deno.test("cli: a throw mid-hold on karabiner releases every key and button", async () => {
  await withDaemon(async (daemon) => {
    const { status, stderr } = await session(daemon, "throw", () => {});
    assert.notEqual(status.code, 0);
    assert.match(stderr, /the recipe failed on purpose/);
    const closed = await daemon.waitFor((event) => event.event === "closed", "closed");
    assert.deepEqual(closed.pressedAtClose, []);
    assert.deepEqual(closed.buttonsAtClose, []);
  });
});

Deno.test("cli: a daemon killed mid-recipe ends the run with a clear error, no hang", async () => {
  const daemon = await startFakeDaemon();
  try {
    const recipe = await Deno.makeTempFile({ dir: daemon.directory, suffix: ".txt" });
    await Deno.writeTextFile(recipe, "DEFAULT_DELAY 20\n" + "STRING abcdefgh\n".repeat(200));
    const running = dextkit(["run", recipe, "--device", "karabiner"], {
      DEXTKIT_KARABINER_SOCKET: daemon.socketPath,
    });
    await daemon.waitFor((event) => event.event === "down", "typing started");
    await daemon.kill();
    const outcome = await running;
    assert.equal(outcome.code, 5, outcome.stderr);
    assert.match(outcome.stderr, /connection to Karabiner's daemon was lost/);
    assert.match(outcome.stderr, /hint: /);
    assert.doesNotMatch(outcome.stderr, / {4}at /, "no stack trace without --verbose");
  } finally {
    await daemon.stop();
  }
});

Deno.test("cli: --device karabiner without a daemon says what to install", async () => {
  const directory = await Deno.makeTempDir({ prefix: "dextkit-karabiner-" });
  try {
    const outcome = await dextkit(["type", "x", "--device", "karabiner"], {
      DEXTKIT_KARABINER_SOCKET: `${directory}/missing.sock`,
    });
    assert.equal(outcome.code, 5);
    assert.match(outcome.stderr, /Karabiner's daemon socket .*missing\.sock does not exist/);
    assert.match(outcome.stderr, /Karabiner-Elements 16\.1/);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

// A root-only folder as a non-root process sees it: root with the capabilities that bypass file
// permissions dropped (setpriv), and the folder owned by another user, mode 0700.
// (Whether this is root, without --allow-sys: a new file belongs to this process's user.)
async function runsAsRoot(): Promise<boolean> {
  const file = await Deno.makeTempFile({ prefix: "dextkit-uid-" });
  try {
    return (await Deno.stat(file)).uid === 0;
  } finally {
    await Deno.remove(file);
  }
}
const canDropPermissions = Deno.build.os === "linux" && await runsAsRoot() &&
  (await Deno.stat("/usr/bin/setpriv").then(() => true, () => false));

Deno.test({
  name: "cli: a root-only socket folder without root says to run with sudo; auto still finds it",
  ignore: !canDropPermissions,
  async fn() {
    const directory = await Deno.makeTempDir({ prefix: "dextkit-karabiner-" });
    try {
      const rootonly = `${directory}/rootonly`;
      await Deno.mkdir(rootonly, { mode: 0o700 });
      await Deno.chown(rootonly, 65534, 65534);
      const socket = `${rootonly}/karabiner_virtual_hid_device_service.sock`;
      const output = await new Deno.Command("/usr/bin/setpriv", {
        args: [
          "--bounding-set=-dac_override,-dac_read_search",
          Deno.execPath(),
          "run",
          "--quiet",
          "--no-prompt",
          ...PERMISSIONS,
          "scripts/dextkit.ts",
          "type",
          "x",
          "--device",
          "karabiner",
        ],
        cwd: ROOT,
        env: { NO_COLOR: "1", DEXTKIT_KARABINER_SOCKET: socket },
        stdin: "null",
      }).output();
      const stderr = new TextDecoder().decode(output.stderr);
      assert.equal(output.code, 5, stderr);
      assert.match(stderr, /its folder is readable by root only/);
      assert.match(stderr, /hint: run it with sudo/);
      assert.match(stderr, /DENO_DIR/);
      const probe = await new Deno.Command("/usr/bin/setpriv", {
        args: [
          "--bounding-set=-dac_override,-dac_read_search",
          Deno.execPath(),
          "eval",
          "--quiet",
          `import { probeKarabinerSocket } from ${
            JSON.stringify(new URL("../lib/device/karabiner_probe.ts", import.meta.url).href)
          };
           console.log(JSON.stringify(probeKarabinerSocket({ socketPath: ${
            JSON.stringify(socket)
          } })));`,
        ],
        stdin: "null",
      }).output();
      const found = JSON.parse(new TextDecoder().decode(probe.stdout));
      assert.equal(found.available, true);
      assert.match(found.reason, /root-only socket folder is there .* needs sudo/);
    } finally {
      await Deno.remove(directory, { recursive: true });
    }
  },
});

Deno.test("cli: a daemon restart mid-type is one warning line, and the run goes on", async () => {
  const daemon = await startFakeDaemon({ faults: ["restart-after=20"] });
  try {
    const outcome = await dextkit(["type", "the quick brown fox", "--delay", "10"], {
      DEXTKIT_KARABINER_SOCKET: daemon.socketPath,
      DEXTKIT_DEVICE: "karabiner",
    });
    assert.equal(outcome.code, 0, outcome.stderr);
    const lines = outcome.stderr.split("\n").filter((line) => /restarted/.test(line));
    assert.deepEqual(lines, [
      "warning: Karabiner's daemon restarted: reconnected and created the virtual devices again " +
      "(keys held at that moment were released)",
    ]);
    const closed = await daemon.waitFor((event) => event.event === "closed" && event.client === 2);
    assert.deepEqual(closed.pressedAtClose, []);
    assert.ok(String(closed.text).endsWith("fox"), String(closed.text));
  } finally {
    await daemon.stop();
  }
});
