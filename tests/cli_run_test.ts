import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { VirtualClock } from "../lib/device/clock.ts";
import { main } from "../lib/cli/main.ts";
import { CapturedOutput } from "../lib/cli/output.ts";
import type { LineReader } from "../lib/cli/terminal_input.ts";
import { ExitCode } from "../lib/errors.ts";
import type { DryRunRecord } from "../lib/recipe/dry_run.ts";
import type { HostEvent } from "../lib/host/host_events.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const recipePath = (name: string) => fileURLToPath(new URL(`../recipes/${name}`, import.meta.url));
const MOD_URL = new URL("../mod.ts", import.meta.url).href;

interface RunOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly output: CapturedOutput;
  readonly clock: VirtualClock;
}

const neverEnter: LineReader = { readLine: () => new Promise(() => {}) };

async function run(args: string[], input: LineReader = neverEnter): Promise<RunOutcome> {
  const output = new CapturedOutput();
  const clock = new VirtualClock();
  const code = await main(args, { output, env: {}, clock, input });
  return { code, stdout: output.stdout, stderr: output.stderr, output, clock };
}

/** Writes files into a fresh temporary directory; removes it afterwards. */
async function withFiles(
  files: Record<string, string>,
  fn: (path: (name: string) => string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dextkit_run_test_" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    await fn((name) => `${dir}/${name}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function jsonLines<T>(stdout: string): T[] {
  return stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as T);
}

Deno.test("run plays a TypeScript recipe on sim and shows what the Mac typed", async () => {
  const file = recipePath("spotlight_type.ts");
  const { code, stdout, stderr, clock } = await run(["run", file, "--device", "sim"]);
  assert.equal(code, 0, stderr);
  const lines = stdout.trimEnd().split("\n");
  assert.match(
    lines[0] ?? "",
    /^ran .*spotlight_type\.ts on sim: 7 actions, 122 key events, 4\.45 s \(reports ≥ 1\.00 ms apart, keys held ≥ 10\.00 ms\)$/,
  );
  assert.equal(lines[1], 'text: "TextEdit\\nTyped by dextkit through a virtual keyboard.\\n"');
  assert.equal(lines[2], "shortcuts: Meta+Space, Meta+KeyN");
  assert.ok(clock.now() > 4400, "the recipe's waits ran on the virtual clock");
});

Deno.test("run plays a DuckyScript file on sim", async () => {
  const { code, stdout, stderr } = await run(["run", recipePath("hello.txt"), "--device", "sim"]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /text: "TextEdit\\nHello from DuckyScript!\\n"/);
  assert.match(stdout, /shortcuts: Meta\+Space, Meta\+KeyN/);
});

Deno.test("the same DuckyScript text comes out identical on German and French", async () => {
  const file = recipePath("international_text.txt");
  const texts: string[] = [];
  const firstStrokes: string[] = [];
  for (const layout of ["de", "fr"]) {
    const played = await run(["run", file, "--device", "sim", "--layout", layout, "--json"]);
    assert.equal(played.code, 0, played.stderr);
    texts.push(JSON.parse(played.stdout).text);
    const planned = await run(["run", file, "--layout", layout, "--dry-run", "--json"]);
    const records = jsonLines<DryRunRecord>(planned.stdout);
    const zoo = records[1]?.strokes[0];
    firstStrokes.push(`${zoo?.code}`);
  }
  const expected = "Grüße aus Berlin, café à Paris: 42 € (ça va?)\nzoo@example.com\n";
  assert.deepEqual(texts, [expected, expected]);
  // z: the key labelled Y on German, the key labelled W on French AZERTY.
  assert.deepEqual(firstStrokes, ["KeyY", "KeyW"]);
});

Deno.test("--dry-run --json prints one object per action with every key stroke", async () => {
  const { code, stdout, output } = await run([
    "run",
    recipePath("hello.txt"),
    "--dry-run",
    "--json",
  ]);
  assert.equal(code, 0);
  const records = jsonLines<DryRunRecord>(stdout);
  assert.equal(records.length, output.outLines.length);
  assert.equal(records.length, 13);
  assert.deepEqual(records[0], {
    type: "press",
    keys: ["MetaLeft", "Space"],
    source: { file: recipePath("hello.txt"), line: 5, column: 1 },
    index: 0,
    time: 0,
    end: 12,
    // Meta down at 0, Space one report interval later, held 10 ms, Meta up 1 ms after it.
    strokes: [{ time: 1, code: "Space", page: 0x07, usage: 0x2c, modifiers: ["MetaLeft"] }],
  });
  const text = records.find((record) => record.type === "text");
  assert.deepEqual(text?.strokes.slice(0, 2).map((s) => [s.code, s.usage, s.modifiers]), [
    ["KeyT", 0x17, ["ShiftLeft"]],
    ["KeyE", 0x08, []],
  ]);
  for (const record of records) {
    assert.ok(Number.isFinite(record.time) && record.end >= record.time);
  }
});

Deno.test("--dry-run prints the plan with times and types nothing", async () => {
  const { code, stdout, clock } = await run([
    "run",
    recipePath("mouse_drag.ts"),
    "--dry-run",
    "--seed",
    "3",
  ]);
  assert.equal(code, 0);
  const lines = stdout.trimEnd().split("\n");
  assert.match(
    lines[0] ?? "",
    /^dry run of .*mouse_drag\.ts: layout U\.S\. \(ansi\), delay 15 ms, .* seed 3$/,
  );
  assert.match(lines[1] ?? "", /^\s+0\.0 ms {2}move by -20,-10\s+.*mouse_drag\.ts:\d+:\d+$/);
  assert.match(lines.at(-1) ?? "", /nothing was typed \(dry run on the simulated Mac\)$/);
  assert.equal(clock.now(), 0, "nothing waited on the command's clock: the dry run has its own");
});

Deno.test("a DuckyScript ID line gives the virtual keyboard its ids, and says so", async () => {
  await withFiles({ "apple.txt": "ID 05ac:021e Apple:Keyboard\nSTRING hi\n" }, async (path) => {
    const { code, stdout, stderr } = await run(["run", path("apple.txt"), "--device", "sim"]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /^the virtual keyboard identifies as 05ac:021e, as .*apple\.txt asks$/m);
    assert.match(stdout, /^ran .*apple\.txt on sim: 1 action, 4 key events/);
  });
});

Deno.test("--trace writes Chrome trace-event JSON", async () => {
  await withFiles({}, async (path) => {
    const trace = path("trace.json");
    const { code, stderr } = await run([
      "run",
      recipePath("hello.txt"),
      "--device",
      "sim",
      "--trace",
      trace,
    ]);
    assert.equal(code, 0, stderr);
    const document = JSON.parse(await Deno.readTextFile(trace));
    assert.equal(document.displayTimeUnit, "ms");
    const events = document.traceEvents as { ph: string; ts: number; name: string }[];
    assert.ok(events.every((event) => ["X", "i", "M"].includes(event.ph)));
    assert.ok(events.some((event) => event.ph === "X" && event.name === "KeyN"));
    assert.match(stderr, new RegExp(`wrote ${events.length} trace events to .*trace\\.json`));
  });
});

Deno.test("--countdown counts down on stderr before the first key", async () => {
  await withFiles({ "tap.txt": "ENTER\n" }, async (path) => {
    const output = new CapturedOutput();
    const clock = new VirtualClock();
    const device = ["--device", "sim", "--countdown", "3", "--json"];
    const code = await main(["run", path("tap.txt"), ...device], { output, env: {}, clock });
    assert.equal(code, 0, output.stderr);
    assert.deepEqual(output.errLines, ["typing in 3…", "typing in 2…", "typing in 1…"]);
    const events = JSON.parse(output.stdout).events as HostEvent[];
    assert.equal(events[0]?.time, 3000);
  });
});

Deno.test("WAIT_FOR_BUTTON_PRESS waits for Enter, or for --button-timeout", async () => {
  await withFiles({ "button.txt": "STRING a\nWAIT_FOR_BUTTON_PRESS\nSTRING b\n" }, async (path) => {
    const timedOut = await run([
      "run",
      path("button.txt"),
      "--device",
      "sim",
      "--json",
      "--button-timeout",
      "2.5",
    ]);
    assert.equal(timedOut.code, 0, timedOut.stderr);
    assert.match(timedOut.stderr, /press Enter to go on \(or wait 2\.5 s\)/);
    const events = JSON.parse(timedOut.stdout).events as HostEvent[];
    // a down at 0 and up after its hold; the wait gives up 2.5 s later; b follows at once.
    assert.deepEqual(events.map((event) => event.time), [0, 10, 2510, 2520]);

    let reads = 0;
    const enter: LineReader = { readLine: () => (reads++, Promise.resolve("")) };
    const pressed = await run(["run", path("button.txt"), "--device", "sim", "--json"], enter);
    assert.equal(pressed.code, 0, pressed.stderr);
    assert.equal(reads, 1);
    assert.equal(JSON.parse(pressed.stdout).text, "ab");
  });
});

Deno.test("options on the command line win over the recipe's own", async () => {
  const source = `import { recipe } from "${MOD_URL}";
await recipe({ layout: "de", delay: 7 }, async ({ keyboard }) => {
  await keyboard.type("z");
});
`;
  await withFiles({ "own.ts": source }, async (path) => {
    const own = await run(["run", path("own.ts"), "--dry-run", "--seed", "1"]);
    assert.equal(own.code, 0, own.stderr);
    assert.match(own.stdout, /layout German \(iso\), delay 7 ms/);
    const overridden = await run([
      "run",
      path("own.ts"),
      "--dry-run",
      "--layout",
      "fr",
      "--keyboard-type",
      "ANSI",
    ]);
    assert.equal(overridden.code, 0, overridden.stderr);
    assert.match(overridden.stdout, /layout French \(ansi\), delay 7 ms/);
  });
});

Deno.test("recipe errors are located file:line:col and exit 2", async () => {
  const badKey = `import { recipe } from "${MOD_URL}";
await recipe(async ({ keyboard }) => {
  await keyboard.press("Enter");
  await keyboard.press("Meta+Entr");
});
`;
  const files = {
    "bad_key.ts": badKey,
    "typo.txt": "STRING ok\nSTRIGN oops\n",
    "untypeable.txt": "STRING ok\nSTRING 漢字\n",
    "nothing.ts": "export const x = 1;\n",
    "broken.ts": "export const = ;\n",
    "notes.md": "# just notes\nnothing to run here\n",
  };
  await withFiles(files, async (path) => {
    const cases: [string, RegExp][] = [
      [
        "bad_key.ts",
        /^error: .*bad_key\.ts:4:18: unknown key name "Entr" in key combo "Meta\+Entr" \(did you mean Enter/,
      ],
      ["typo.txt", /^error: .*typo\.txt:2:1: unknown command "STRIGN" \(did you mean STRING/],
      ["untypeable.txt", /^error: .*untypeable\.txt:2:1: the "U\.S\." layout cannot type "漢"/],
      ["nothing.ts", /^error: .*nothing\.ts did not call recipe\(\): nothing to run/],
      ["broken.ts", /^error: the recipe process of .*broken\.ts ended with exit code 1/m],
      ["notes.md", /^error: cannot tell whether .*notes\.md is a TypeScript recipe or DuckyScript/],
      ["missing.txt", /^error: cannot read the recipe .*missing\.txt: /],
      ["missing.ts", /^error: cannot read the recipe .*missing\.ts: /],
    ];
    for (const [name, message] of cases) {
      const { code, output } = await run(["run", path(name), "--device", "sim"]);
      assert.equal(code, ExitCode.Usage, `${name}: ${output.stderr}`);
      // The recipe process's own messages (a syntax error) come first; dextkit's are last.
      const lines = output.errLines;
      assert.match(lines.at(-2) ?? "", message, name);
      assert.match(lines.at(-1) ?? "", /^hint: /, name);
    }
  });
});

Deno.test("a recipe that leaves a modifier down gets it released, with a warning", async () => {
  const source = `import { recipe } from "${MOD_URL}";
await recipe(async ({ keyboard }) => {
  await keyboard.down("Shift");
});
`;
  await withFiles({ "held.ts": source }, async (path) => {
    const { code, stderr, stdout } = await run([
      "run",
      path("held.ts"),
      "--device",
      "sim",
      "--json",
    ]);
    assert.equal(code, 0, stderr);
    assert.match(
      stderr,
      /^warning: .*held\.ts:3:18: the recipe ends with ShiftLeft .*still down; released it/m,
    );
    const events = JSON.parse(stdout).events as HostEvent[];
    assert.deepEqual(events.map((event) => `${event.type} ${"code" in event ? event.code : ""}`), [
      "down ShiftLeft",
      "up ShiftLeft",
    ]);
  });
});

Deno.test("dextkit run works with the task's permissions, the recipe in its own process", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-env",
      "--allow-read",
      "--allow-write",
      `--allow-run=${Deno.execPath()}`,
      "scripts/dextkit.ts",
      "run",
      "recipes/hello.ts",
      "--device",
      "sim",
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(stdout);
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  assert.match(out, /^ran recipes\/hello\.ts on sim: 2 actions, 66 key events/m);
  assert.match(out, /^text: "Hello from a dextkit recipe!"$/m);
  assert.match(out, /^sim received: "Hello from a dextkit recipe!"$/m);
});

Deno.test("a dry run touches nothing: writing or spawning is refused and reported", async () => {
  const writes = `import { recipe } from "${MOD_URL}";
await recipe(async ({ keyboard }) => {
  await keyboard.type("ok");
  await Deno.writeTextFile(new URL("./written.txt", import.meta.url), "x");
});
`;
  const spawns = `import { recipe } from "${MOD_URL}";
await recipe(async () => {
  await new Deno.Command("true").output();
});
`;
  await withFiles({ "writes.ts": writes, "spawns.ts": spawns }, async (path) => {
    for (
      const [name, what] of [["writes.ts", /write access/], ["spawns.ts", /run access/]] as const
    ) {
      const { code, output } = await run([
        "run",
        path(name),
        "--dry-run",
        "--allow",
        "write",
        "--allow",
        "run",
      ]);
      assert.equal(code, ExitCode.Usage, output.stderr);
      assert.match(output.stderr, /--allow write is not granted in a dry run/);
      assert.match(output.stderr, /in a dry run a recipe cannot type, spawn, write or connect/);
      assert.match(
        output.errLines.at(-2) ?? "",
        new RegExp(`^error: .*${name}:\\d+:\\d+: the recipe failed: NotCapable`),
      );
      assert.match(output.errLines.at(-2) ?? "", what);
    }
    await assert.rejects(Deno.stat(path("written.txt")), Deno.errors.NotFound);
  });
});

Deno.test("a real run passes on exactly the permissions given with --allow, never FFI", async () => {
  const writes = `import { recipe } from "${MOD_URL}";
await recipe(async ({ keyboard }) => {
  await Deno.writeTextFile(new URL("./written.txt", import.meta.url), "x");
  await keyboard.type("wrote");
});
`;
  await withFiles({ "writes.ts": writes }, async (path) => {
    const denied = await run(["run", path("writes.ts"), "--device", "sim"]);
    assert.equal(denied.code, ExitCode.Usage);
    assert.match(denied.stderr, /Requires write access/);
    const dir = path("").replace(/\/$/, "");
    const allowed = await run([
      "run",
      path("writes.ts"),
      "--device",
      "sim",
      "--allow",
      `write=${dir}`,
    ]);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stdout, /text: "wrote"/);
    assert.equal(await Deno.readTextFile(path("written.txt")), "x");
    const ffi = await run(["run", path("writes.ts"), "--device", "sim", "--allow", "ffi"]);
    assert.equal(ffi.code, ExitCode.Usage);
    assert.match(ffi.stderr, /--allow ffi is not a permission dextkit passes to a recipe/);
    assert.match(ffi.stderr, /FFI stays with dextkit/);
  });
});

Deno.test("--dry-run-for bounds a recipe that loops until Ctrl-C, and says so", async () => {
  const forever = `import { recipe } from "${MOD_URL}";
await recipe(async ({ keyboard, wait }) => {
  while (true) {
    await keyboard.press("KeyA");
    await wait(1000);
  }
});
`;
  await withFiles({
    "forever.ts": forever,
    "forever.txt": "WHILE TRUE\nSTRING a\nDELAY 1000\nEND_WHILE\n",
  }, async (path) => {
    for (const name of ["forever.ts", "forever.txt"]) {
      const { code, stdout, stderr } = await run([
        "run",
        path(name),
        "--dry-run",
        "--dry-run-for",
        "5",
      ]);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /5\.00 s; nothing was typed \(dry run on the simulated Mac\)$/m);
      assert.match(
        stderr,
        /the dry run stopped after 5 s of virtual time \(--dry-run-for\); the recipe would go on/,
      );
    }
    const guarded = await run([
      "run",
      path("forever.txt"),
      "--dry-run",
      "--max-loop-iterations",
      "3",
    ]);
    assert.equal(guarded.code, ExitCode.Usage);
    assert.match(guarded.stderr, /WHILE loop ran more than 3 times/);
  });
});

Deno.test("a recipe's prompt is answered on dextkit's terminal, across the recipe channel", async () => {
  const source = `import { recipe } from "${MOD_URL}";
await recipe(async ({ keyboard, prompt }) => {
  const name = await prompt("your name?");
  await keyboard.type("hi " + name);
});
`;
  await withFiles({ "ask.ts": source }, async (path) => {
    const answer: LineReader = { readLine: () => Promise.resolve("Ada") };
    const { code, stdout, stderr } = await run(["run", path("ask.ts"), "--device", "sim"], answer);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /your name\?/);
    assert.match(stdout, /text: "hi Ada"/);
  });
  const { code, stdout } = await run(["run", recipePath("caps_lock_reply.txt"), "--dry-run"]);
  assert.equal(code, 0);
  assert.match(stdout, /type "the host answered; typing on a Mac\\n"/);
});

Deno.test("a recipe whose options are bad fails once, located, without a stack trace", async () => {
  const source = `import { recipe } from "${MOD_URL}";
await recipe({ layout: "klingon" }, async ({ keyboard }) => {
  await keyboard.type("never");
});
`;
  await withFiles({ "bad_option.ts": source }, async (path) => {
    const { code, output } = await run(["run", path("bad_option.ts"), "--device", "sim"]);
    assert.equal(code, ExitCode.Usage, output.stderr);
    assert.doesNotMatch(output.stderr, /\n\s+at /);
    assert.match(
      output.errLines.at(-2) ?? "",
      /^error: .*bad_option\.ts:2:7: unknown keyboard layout "klingon"/,
    );
  });
});
