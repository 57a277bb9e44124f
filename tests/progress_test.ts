import assert from "node:assert/strict";
import { formatElapsed } from "../lib/pipeline/format_elapsed.ts";
import {
  Progress,
  type ProgressMode,
  progressModeFor,
  type ProgressTimer,
  systemTimer,
} from "../lib/cli/progress.ts";

/** A virtual clock whose periodic ticks fire as time is advanced. */
class FakeTimer implements ProgressTimer {
  #now = 0;
  #tickers: { period: number; next: number; tick: () => void; stopped: boolean }[] = [];

  now(): number {
    return this.#now;
  }

  every(ms: number, tick: () => void): () => void {
    const ticker = { period: ms, next: this.#now + ms, tick, stopped: false };
    this.#tickers.push(ticker);
    return () => {
      ticker.stopped = true;
    };
  }

  get running(): number {
    return this.#tickers.filter((ticker) => !ticker.stopped).length;
  }

  advance(ms: number): void {
    const end = this.#now + ms;
    while (true) {
      const due = this.#tickers.filter((ticker) => !ticker.stopped && ticker.next <= end)
        .sort((a, b) => a.next - b.next)[0];
      if (due === undefined) break;
      this.#now = due.next;
      due.next += due.period;
      due.tick();
    }
    this.#now = end;
  }
}

function setup(
  mode: ProgressMode,
  extra: { plainIntervalMs?: number; columns?: number; refreshMs?: number } = {},
) {
  const timer = new FakeTimer();
  const chunks: string[] = [];
  const progress = new Progress({ mode, write: (text) => chunks.push(text), timer, ...extra });
  return { timer, chunks, progress, text: () => chunks.join("") };
}

/** What a terminal shows after the output: `\r` returns to column 0, ESC[2K clears the line. */
function screen(output: string): string[] {
  const lines: string[] = [""];
  let column = 0;
  for (let index = 0; index < output.length; index++) {
    if (output.startsWith("\x1b[2K", index)) {
      lines[lines.length - 1] = "";
      index += 3;
      continue;
    }
    const char = output[index] ?? "";
    if (char === "\r") column = 0;
    else if (char === "\n") {
      lines.push("");
      column = 0;
    } else {
      const line = lines[lines.length - 1] ?? "";
      lines[lines.length - 1] = line.slice(0, column) + char + line.slice(column + 1);
      column++;
    }
  }
  return lines;
}

Deno.test("formatElapsed", () => {
  assert.equal(formatElapsed(0), "0.0s");
  assert.equal(formatElapsed(449), "0.4s");
  assert.equal(formatElapsed(59_999), "59.9s");
  assert.equal(formatElapsed(60_000), "1m 00s");
  assert.equal(formatElapsed(3_599_999), "59m 59s");
  assert.equal(formatElapsed(3_600_000), "1h 00m");
  assert.equal(formatElapsed(-5), "0.0s");
});

Deno.test("progressModeFor: --json wins, else TTY or plain", () => {
  assert.equal(progressModeFor({ json: true, isTerminal: false }), "json");
  assert.equal(progressModeFor({ json: false, isTerminal: true }), "tty");
  assert.equal(progressModeFor({ json: false, isTerminal: false }), "plain");
});

Deno.test("plain: a line at start and end, at most one line per interval while waiting", () => {
  const { timer, progress, text } = setup("plain", { plainIntervalMs: 30_000 });
  const step = progress.start("notarize", "Notarizing App.zip");
  timer.advance(5_000);
  step.update("In Progress"); // 5 s after the start line: too soon to print
  timer.advance(20_000); // 25 s: no heartbeat yet
  step.update("In Progress");
  timer.advance(5_000); // 30 s: the heartbeat prints the latest update
  timer.advance(10_000);
  step.update("Still In Progress"); // 40 s: 10 s after the last line
  timer.advance(30_000); // 70 s: heartbeat
  step.succeed("Accepted");
  assert.equal(
    text(),
    [
      "Notarizing App.zip...",
      "Notarizing App.zip: In Progress (30.0s)",
      "Notarizing App.zip: Still In Progress (1m 00s)",
      "Notarizing App.zip: Accepted (1m 10s)",
      "",
    ].join("\n"),
  );
  assert.equal(timer.running, 0, "the ticker must stop");
});

Deno.test("plain: 'still waiting' without updates; a throttled update shows at the next beat", () => {
  const { timer, progress, text } = setup("plain", { plainIntervalMs: 10_000 });
  const step = progress.start("activate", "Activating the driver");
  timer.advance(10_000); // beat with no update yet
  timer.advance(5_000);
  step.update("waiting for approval"); // 5 s after the last line: held back
  timer.advance(10_000); // the 20 s beat shows it
  step.fail("timed out");
  assert.deepEqual(text().split("\n"), [
    "Activating the driver...",
    "Activating the driver: still waiting (10.0s)",
    "Activating the driver: waiting for approval (20.0s)",
    "Activating the driver: failed: timed out (25.0s)",
    "",
  ]);
});

Deno.test("json: one object per event, with step, status and elapsed time", () => {
  const { timer, progress, text } = setup("json");
  const step = progress.start("notarize", "Notarizing App.zip");
  timer.advance(61_000);
  step.update("In Progress");
  progress.log("submission id 2efe2717");
  timer.advance(1_500);
  step.fail("Invalid");
  step.update("ignored after the end");
  const events = text().trimEnd().split("\n").map((line) => JSON.parse(line));
  assert.deepEqual(events, [
    {
      event: "step",
      step: "notarize",
      status: "started",
      elapsedMs: 0,
      message: "Notarizing App.zip",
    },
    {
      event: "step",
      step: "notarize",
      status: "waiting",
      elapsedMs: 61_000,
      message: "In Progress",
    },
    { event: "log", message: "submission id 2efe2717" },
    { event: "step", step: "notarize", status: "failed", elapsedMs: 62_500, message: "Invalid" },
  ]);
  const second = progress.start("staple");
  second.succeed();
  assert.deepEqual(JSON.parse(text().trimEnd().split("\n").slice(-1)[0] ?? ""), {
    event: "step",
    step: "staple",
    status: "succeeded",
    elapsedMs: 0,
  });
});

Deno.test("tty: the spinner redraws at the refresh rate with the elapsed time, and cleans its line", () => {
  const { timer, progress, chunks, text } = setup("tty", { refreshMs: 100 });
  const step = progress.start("notarize", "Notarizing App.zip");
  assert.deepEqual(screen(text()), ["⠋ Notarizing App.zip (0.0s)"]);
  timer.advance(100);
  assert.deepEqual(screen(text()), ["⠙ Notarizing App.zip (0.1s)"]);
  step.update("In Progress");
  timer.advance(1_150);
  assert.equal(chunks.length, 1 + 1 + 11, "one draw at start and one per 100 ms tick");
  assert.deepEqual(screen(text()), ["⠹ Notarizing App.zip — In Progress (1.2s)"]);
  progress.log("Approve the driver in System Settings");
  assert.deepEqual(screen(text()), [
    "Approve the driver in System Settings",
    "⠹ Notarizing App.zip — In Progress (1.2s)",
  ]);
  step.succeed("Accepted");
  assert.deepEqual(screen(text()), [
    "Approve the driver in System Settings",
    "✔ Notarizing App.zip: Accepted (1.2s)",
    "",
  ]);
  assert.equal(timer.running, 0);
  const before = chunks.length;
  timer.advance(1_000);
  assert.equal(chunks.length, before, "nothing is drawn after the end");
});

Deno.test("tty: a refresh below 100 ms is raised to 100 ms; long lines are cut to the width", () => {
  const { timer, progress, chunks, text } = setup("tty", { refreshMs: 10, columns: 30 });
  const step = progress.start("build", "Building the dext and the manager app");
  timer.advance(100);
  assert.equal(chunks.length, 2);
  const [line] = screen(text());
  assert.equal([...(line ?? "")].length, 29);
  assert.ok(line?.endsWith("…"));
  step.fail("xcodebuild exited with 65");
  assert.deepEqual(screen(text()), [
    "✖ Building the dext and the manager app: xcodebuild exited with 65 (0.1s)",
    "",
  ]);
});

Deno.test("starting a step stops the previous one's display", () => {
  const { timer, progress, text } = setup("tty");
  const first = progress.start("build");
  progress.start("sign", "Signing");
  first.succeed("late");
  first.update("late");
  timer.advance(100);
  assert.deepEqual(screen(text()), ["⠙ Signing (0.1s)"]);
  assert.equal(timer.running, 1);
});

Deno.test("secrets in messages are not printed, in any mode", () => {
  for (const mode of ["tty", "plain", "json"] as const) {
    const { progress, text } = setup(mode);
    const step = progress.start("notarize", "Notarizing with abcd-efgh-ijkl-mnop");
    step.update("key -----BEGIN PRIVATE KEY-----\nMIGT\n-----END PRIVATE KEY-----");
    progress.log("password abcd-efgh-ijkl-mnop");
    step.fail("abcd-efgh-ijkl-mnop rejected");
    assert.ok(!text().includes("abcd-efgh") && !text().includes("MIGT"), `${mode}: ${text()}`);
  }
});

Deno.test("systemTimer ticks and stops", async () => {
  let ticks = 0;
  const stop = systemTimer.every(10, () => ticks++);
  await new Promise((resolve) => setTimeout(resolve, 60));
  stop();
  const seen = ticks;
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.ok(seen >= 2, String(seen));
  assert.equal(ticks, seen);
});
