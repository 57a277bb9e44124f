import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { VirtualClock } from "../lib/device/clock.ts";
import { DeviceUnavailableError } from "../lib/device/device_errors.ts";
import { SimDevice } from "../lib/device/sim_device.ts";
import {
  DEFAULT_KEYBOARD_PARAMETERS,
  type VirtualHIDDevice,
} from "../lib/device/virtual_hid_device.ts";
import { encodeKeyboardInput } from "../lib/hid/keyboard_report.ts";
import type { HostEvent } from "../lib/host/host_events.ts";
import type { Action } from "../lib/recipe/action.ts";
import { playRecipe } from "../lib/recipe/player.ts";
import { RecipeError } from "../lib/recipe/recipe_errors.ts";
import { type RecipeOptions, resolveRecipeOptions } from "../lib/recipe/recipe_options.ts";

function keyEvents(events: readonly HostEvent[]): string[] {
  return events.flatMap((event) =>
    event.type === "down" || event.type === "up"
      ? [`${event.type === "down" ? "↓" : "↑"}${event.code}`]
      : []
  );
}

function resolved(options: RecipeOptions) {
  return resolveRecipeOptions({ clock: new VirtualClock(), seed: 1, ...options });
}

/** A device that forwards to a simulated one and fails one keyboard post of the caller's choice. */
class FlakyDevice implements VirtualHIDDevice {
  readonly backend = "flaky";
  readonly sim: SimDevice;
  #posts = 0;
  readonly #failAt: number;

  constructor(failAt: number, clock: VirtualClock) {
    this.sim = new SimDevice({ clock });
    this.#failAt = failAt;
  }
  open() {
    return this.sim.open();
  }
  initializeKeyboard(...args: Parameters<SimDevice["initializeKeyboard"]>) {
    return this.sim.initializeKeyboard(...args);
  }
  initializePointing(...args: Parameters<SimDevice["initializePointing"]>) {
    return this.sim.initializePointing(...args);
  }
  isKeyboardReady() {
    return this.sim.isKeyboardReady();
  }
  isPointingReady() {
    return this.sim.isPointingReady();
  }
  postKeyboardReport(report: Uint8Array) {
    if (++this.#posts === this.#failAt) {
      throw new DeviceUnavailableError("the driver went away", "reconnect");
    }
    this.sim.postKeyboardReport(report);
  }
  postPointingReport(report: Uint8Array) {
    this.sim.postPointingReport(report);
  }
  resetKeyboard() {
    this.sim.resetKeyboard();
  }
  resetPointing() {
    this.sim.resetPointing();
  }
  ledState() {
    return this.sim.ledState();
  }
  close() {
    this.sim.close();
  }
}

Deno.test("a played recipe reaches the simulated Mac as keys, text and shortcuts", async () => {
  const clock = new VirtualClock();
  const device = new SimDevice({ clock });
  const actions: Action[] = [
    { type: "press", keys: ["MetaLeft", "Space"] },
    { type: "wait", ms: 300 },
    { type: "text", text: "Terminal\n" },
    { type: "mouseMove", dx: 5, dy: 5 },
  ];
  const result = await playRecipe(actions, resolved({ device, clock, delay: 20, typingDelay: 5 }));
  assert.equal(result.played, true);
  assert.equal(result.device, "sim");
  assert.equal(result.host, device.host);
  assert.equal(device.host.text, "Terminal\n");
  assert.deepEqual(device.host.shortcuts, ["Meta+Space"]);
  assert.deepEqual(device.host.pressedKeys(), []);
  // Planned: shortcut at 0, held 20; text from 320, 9 strokes 5 apart; move 20 after the last.
  assert.equal(result.timeline.duration, 320 + 8 * 5 + 20);
  assert.equal(clock.now(), result.timeline.duration);
  assert.equal(device.host.events.at(-1)?.time, 380);
  assert.ok(!device.isKeyboardReady(), "the session was closed");
});

Deno.test("a sim device picked by name types with the recipe's layout", async () => {
  const result = await playRecipe(
    [{ type: "text", text: "zyß@" }],
    resolved({ device: "sim", layout: "de", delay: 0 }),
  );
  assert.equal(result.host.text, "zyß@");
  assert.equal(result.host.layout.id, "de");
  // German: z is the key labelled Y, y the one labelled Z, ß on Minus, @ is Option-L.
  assert.deepEqual(keyEvents(result.host.events), [
    "↓KeyY",
    "↑KeyY",
    "↓KeyZ",
    "↑KeyZ",
    "↓Minus",
    "↑Minus",
    "↓AltLeft",
    "↓KeyL",
    "↑KeyL",
    "↑AltLeft",
  ]);
});

Deno.test("another backend is mirrored, so the result still shows what the Mac types", async () => {
  const clock = new VirtualClock();
  const device = new FlakyDevice(0, clock);
  const result = await playRecipe([{ type: "text", text: "ok" }], resolved({ device, clock }));
  assert.equal(result.device, "flaky");
  assert.notEqual(result.host, device.sim.host);
  assert.equal(result.host.text, "ok");
  assert.equal(device.sim.host.text, "ok");
});

Deno.test("a device error in the middle of a recipe releases every key and propagates", async () => {
  const clock = new VirtualClock();
  // Posts: ↓ShiftLeft, ↓KeyA, ↑KeyA, ↑ShiftLeft, ↓MetaLeft, then ↓KeyB fails while Meta is down.
  const device = new FlakyDevice(6, clock);
  await assert.rejects(
    playRecipe(
      [
        { type: "text", text: "A" },
        { type: "keyDown", key: "MetaLeft" },
        { type: "press", keys: ["KeyB"] },
        { type: "keyUp", key: "MetaLeft" },
      ],
      resolved({ device, clock }),
    ),
    DeviceUnavailableError,
  );
  assert.deepEqual(keyEvents(device.sim.host.events), [
    "↓ShiftLeft",
    "↓KeyA",
    "↑KeyA",
    "↑ShiftLeft",
    "↓MetaLeft",
    "↑MetaLeft",
  ]);
  assert.deepEqual(device.sim.host.pressedKeys(), []);
  assert.ok(!device.sim.isKeyboardReady(), "the session was closed");
});

Deno.test("an exception while waiting for the button releases keys and buttons", async () => {
  const clock = new VirtualClock();
  const device = new SimDevice({ clock });
  await assert.rejects(
    playRecipe(
      [
        { type: "keyDown", key: "ShiftLeft" },
        { type: "mouseDown", button: 1 },
        { type: "waitForButton" },
        { type: "keyUp", key: "ShiftLeft" },
      ],
      resolved({ device, clock }),
      { waitForButton: () => Promise.reject(new Error("the user gave up")) },
    ),
    /the user gave up/,
  );
  assert.deepEqual(device.host.pressedKeys(), []);
  assert.deepEqual(device.host.buttonsDown(), []);
});

Deno.test("a recipe that ends with a modifier down gets it released, with a warning", async () => {
  const clock = new VirtualClock();
  const device = new SimDevice({ clock });
  const result = await playRecipe(
    [{ type: "keyDown", key: "MetaLeft" }, { type: "press", keys: ["KeyC"] }],
    resolved({ device, clock, delay: 10 }),
  );
  assert.deepEqual(result.timeline.actions.at(-1), { type: "releaseAll" });
  assert.equal(result.timeline.warnings.length, 1);
  assert.match(result.timeline.warnings[0]?.message ?? "", /ends with MetaLeft still down/);
  const last = device.host.events.at(-1);
  assert.deepEqual([last?.type, last && "code" in last ? last.code : "", last?.time], [
    "up",
    "MetaLeft",
    30,
  ]);
  assert.deepEqual(device.host.shortcuts, ["Meta+KeyC"]);
});

Deno.test("an untypeable character fails before the device is opened", async () => {
  const device = new SimDevice();
  let opened = false;
  const open = device.open.bind(device);
  device.open = () => {
    opened = true;
    return open();
  };
  await assert.rejects(
    playRecipe(
      [
        { type: "press", keys: ["Enter"] },
        { type: "text", text: "Grüße 漢", source: { file: "r.ts", line: 4, column: 9 } },
      ],
      resolved({ device }),
    ),
    (error: unknown) =>
      error instanceof RecipeError && error.message.startsWith('r.ts:4:9: the "U.S." layout') &&
      error.message.includes("漢"),
  );
  assert.ok(!opened);
  assert.equal(device.host.events.length, 0);
});

Deno.test("text is planned for the Caps Lock state the device reports", async () => {
  const clock = new VirtualClock();
  const device = new SimDevice({ clock });
  await device.open();
  await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
  device.postKeyboardReport(encodeKeyboardInput(0, [0x39]));
  device.postKeyboardReport(encodeKeyboardInput(0, []));
  assert.equal(device.ledState().capsLock, true);
  const result = await playRecipe([{ type: "text", text: "Ab" }], resolved({ device, clock }));
  assert.equal(device.host.text, "Ab");
  assert.equal(device.host.capsLock, true, "Caps Lock is on again at the end");
  // With Caps Lock on, A is the plain key; b needs Caps Lock off and back on.
  assert.deepEqual(keyEvents(result.host.events).slice(2), [
    "↓KeyA",
    "↑KeyA",
    "↓CapsLock",
    "↑CapsLock",
    "↓KeyB",
    "↑KeyB",
    "↓CapsLock",
    "↑CapsLock",
  ]);
});

Deno.test("an unknown device name is a usage error before anything is typed", async () => {
  await assert.rejects(
    playRecipe([{ type: "text", text: "x" }], resolved({ device: "simm" })),
    /unknown device "simm"; did you mean "sim"/,
  );
});

Deno.test({
  name: "Ctrl-C in the middle of a recipe releases every key and button, then exits 130",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "dextkit_interrupt_" });
    const script = `${dir}/interrupted.ts`;
    await Deno.writeTextFile(
      script,
      `import { recipe, SimDevice } from "${new URL("../mod.ts", import.meta.url).href}";
const device = new SimDevice();
device.host.onEvent((event) => console.log(JSON.stringify(event)));
await recipe({ device, delay: 5 }, async ({ keyboard, mouse, wait }) => {
  await keyboard.down("Shift");
  await mouse.down("left");
  await wait(60_000);
  await keyboard.type("never typed");
});
console.log("not interrupted");
`,
    );
    try {
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--no-prompt",
          "--quiet",
          "--config",
          fileURLToPath(new URL("../deno.json", import.meta.url)),
          script,
        ],
        cwd: new URL("..", import.meta.url),
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const lines: string[] = [];
      let buffered = "";
      let signalled = false;
      const decoder = new TextDecoder();
      for await (const chunk of child.stdout) {
        buffered += decoder.decode(chunk, { stream: true });
        const parts = buffered.split("\n");
        buffered = parts.pop() ?? "";
        lines.push(...parts);
        if (!signalled && lines.some((line) => line.includes('"buttonDown"'))) {
          signalled = true;
          child.kill("SIGINT");
        }
      }
      const [status, stderr] = await Promise.all([child.status, new Response(child.stderr).text()]);
      assert.ok(signalled, stderr);
      assert.equal(status.code, 130, stderr);
      const events = lines.filter((line) => line.startsWith("{")).map((line) =>
        JSON.parse(line) as HostEvent
      );
      assert.deepEqual(
        events.map((event) =>
          `${event.type} ${"code" in event ? event.code : "button" in event ? event.button : ""}`
        ),
        ["down ShiftLeft", "buttonDown 1", "up ShiftLeft", "buttonUp 1"],
      );
      assert.ok(!lines.includes("not interrupted"));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
