import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { HostEvent } from "../lib/host/host_events.ts";
import { signalWhenReady } from "./fixtures/signal_when_ready.ts";

const CHILD = fileURLToPath(new URL("./fixtures/hold_key_child.ts", import.meta.url));

interface ChildOutcome {
  readonly status: Deno.CommandStatus;
  /** The host events the child printed after "ready". */
  readonly events: HostEvent[];
  /** What the child wrote on standard error. */
  readonly stderr: string;
}

/**
 * Runs the child until it prints "ready", then sends `signal` (or, for `"forget"`, lets it end
 * by itself), and returns how it exited and the events it printed after "ready".
 */
async function runChild(signal: Deno.Signal | "forget"): Promise<ChildOutcome> {
  const { status, stderr, lines } = await signalWhenReady(
    [CHILD, ...(signal === "forget" ? ["forget"] : [])],
    signal,
  );
  const ready = lines.indexOf("ready");
  const events = lines.slice(ready + 1).filter((line) => line !== "").map((line) =>
    JSON.parse(line) as HostEvent
  );
  return { status, events, stderr };
}

function releases(events: HostEvent[]): string[] {
  return events.map((event) =>
    "code" in event
      ? `${event.type} ${event.code}`
      : "button" in event
      ? `${event.type} ${event.button}`
      : event.type
  );
}

Deno.test({
  name: "SIGINT releases every key and button, then exits with 130",
  ignore: Deno.build.os === "windows",
  async fn() {
    const { status, events, stderr } = await runChild("SIGINT");
    assert.equal(status.code, 130);
    assert.equal(stderr.trim(), "interrupted: released ShiftLeft, KeyA, button 1; exit 130");
    assert.equal(status.signal, null, "the child was killed instead of exiting by itself");
    assert.deepEqual(releases(events), ["up KeyA", "up ShiftLeft", "buttonUp 1"]);
  },
});

Deno.test({
  name: "SIGTERM releases every key and button, then exits with 143",
  ignore: Deno.build.os === "windows",
  async fn() {
    const { status, events, stderr } = await runChild("SIGTERM");
    assert.equal(status.code, 143);
    assert.equal(stderr.trim(), "terminated: released ShiftLeft, KeyA, button 1; exit 143");
    assert.equal(status.signal, null, "the child was killed instead of exiting by itself");
    assert.deepEqual(releases(events), ["up KeyA", "up ShiftLeft", "buttonUp 1"]);
  },
});

Deno.test("a script that ends without closing its session releases on unload", async () => {
  const { status, events } = await runChild("forget");
  assert.equal(status.code, 0);
  assert.deepEqual(releases(events), ["up KeyA", "up ShiftLeft", "buttonUp 1"]);
});
