/**
 * A script holding Shift+A through the `iokit` backend (on the fake IOKit) is stopped by SIGINT
 * or SIGTERM at random moments; the fake's trace file must always end with every key released.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { buildNative } from "../scripts/build_native.ts";
import { FAKE_IOKIT_AVAILABLE, fakeIOKitTest } from "./fixtures/fake_iokit_rule.ts";

const CHILD = fileURLToPath(new URL("./fixtures/iokit_hold_shift_a.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RUNS = 60;
const MAX_DELAY_MS = 50;

interface Outcome {
  readonly status: Deno.CommandStatus;
  /** Whether some report in the trace had a key down. */
  readonly pressedAtSomePoint: boolean;
  /** Report ids (per connection) whose last report still has a key down. */
  readonly stuck: string[];
}

/**
 * Runs the child, waits for `started` (while loading and opening) or `ready` (while holding),
 * then a random 0–50 ms, sends the signal and reads the trace.
 */
async function interrupt(signal: "SIGINT" | "SIGTERM", after: "started" | "ready") {
  const trace = await Deno.makeTempFile({ prefix: "dextkit-signal-", suffix: ".trace" });
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--no-prompt", "--allow-ffi", "--allow-env", CHILD],
      cwd: ROOT,
      env: {
        DEXTKIT_IOKIT_LIBRARY: library,
        FAKEIOKIT_TRACE: trace,
        NO_COLOR: "1",
      },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stderr = new Response(child.stderr).text();
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.split("\n").includes(after)) {
      const { value, done } = await lines.read();
      if (done) break;
      text += value;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * MAX_DELAY_MS));
    child.kill(signal);
    while (!(await lines.read()).done) { /* drain */ }
    const status = await child.status;
    assert.ok(
      !text.includes("not interrupted"),
      `the child ran to its end; stderr:\n${await stderr}`,
    );
    return { status, ...analyse(await Deno.readTextFile(trace)) } satisfies Outcome;
  } finally {
    await Deno.remove(trace);
  }
}

/** Replays the trace: the last report of each (connection, report id) must have nothing down. */
function analyse(trace: string): Omit<Outcome, "status"> {
  const last = new Map<string, string>();
  let pressedAtSomePoint = false;
  for (const line of trace.split("\n")) {
    const [, , connection, event, hex] = line.split(" ");
    if (hex === undefined || (event !== "keyboard" && event !== "pointing")) continue;
    const key = event === "keyboard" ? `${connection}/${hex.slice(0, 2)}` : `${connection}/ptr`;
    const state = event === "keyboard" ? hex.slice(2) : hex.slice(0, 8);
    if (/[^0]/.test(state)) pressedAtSomePoint = true;
    last.set(key, state);
  }
  const stuck = [...last].filter(([, state]) => /[^0]/.test(state)).map(([key]) => key);
  return { pressedAtSomePoint, stuck };
}

const library = FAKE_IOKIT_AVAILABLE ? (await buildNative()).fakeIokit : "";

fakeIOKitTest(
  `iokit: ${RUNS} random SIGINT/SIGTERM interruptions always end with every key released`,
  async () => {
    let pressedRuns = 0;
    for (let run = 0; run < RUNS; run++) {
      const signal = Math.random() < 0.5 ? "SIGINT" : "SIGTERM";
      const after = run % 3 === 0 ? "started" : "ready";
      const outcome = await interrupt(signal, after);
      const context = `run ${run}: ${signal} after ${after}`;
      assert.deepEqual(outcome.stuck, [], `${context}: keys left down`);
      assert.equal(outcome.status.code, signal === "SIGINT" ? 130 : 143, context);
      if (outcome.pressedAtSomePoint) pressedRuns++;
    }
    // Most interruptions must land while the session holds or cycles the keys, or the test
    // would prove nothing.
    assert.ok(pressedRuns >= RUNS / 2, `only ${pressedRuns} of ${RUNS} runs pressed anything`);
  },
);
