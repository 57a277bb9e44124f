/**
 * Every wait is interruptible: a live recipe holding keys while it waits (for any length up to
 * the maximum) or types, stopped by SIGINT or SIGTERM at a random moment, releases every key,
 * says on one line of standard error what it released, and exits with 130 or 143.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { fileURLToPath } from "node:url";
import type { HostEvent } from "../lib/host/host_events.ts";
import { signalWhenReady } from "./fixtures/signal_when_ready.ts";

const CHILD = fileURLToPath(new URL("./fixtures/recipe_interrupt_child.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));

type Step = { readonly down: string } | { readonly wait: number };

async function interrupt(steps: Step[], signal: "SIGINT" | "SIGTERM", afterMs: number) {
  const { status, stderr, lines } = await signalWhenReady(
    [CHILD, JSON.stringify(steps)],
    signal,
    afterMs,
  );
  const events = lines.filter((line) => line.startsWith("{")).map((line) =>
    JSON.parse(line) as HostEvent
  );
  return { status, stderr, events };
}

const KEYS = ["ShiftLeft", "KeyA", "MetaLeft", "KeyZ", "AltLeft"];

Deno.test({
  name: "random waits and signals: every key released, one line on stderr, the right exit code",
  ignore: Deno.build.os === "windows",
  async fn() {
    const step = fc.oneof(
      fc.constantFrom(...KEYS).map((down): Step => ({ down })),
      fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1000, max: 86_400_000 })).map(
        (wait): Step => ({ wait }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...KEYS),
        fc.array(step, { maxLength: 6 }),
        fc.constantFrom("SIGINT" as const, "SIGTERM" as const),
        fc.integer({ min: 0, max: 150 }),
        async (first, rest, signal, afterMs) => {
          const { status, stderr, events } = await interrupt(
            [{ down: first }, ...rest],
            signal,
            afterMs,
          );
          const code = signal === "SIGINT" ? 130 : 143;
          assert.equal(status.code, code, stderr);
          const downs = new Set<string>();
          const ups = new Set<string>();
          for (const event of events) {
            if (event.type === "down") downs.add(event.code);
            if (event.type === "up") ups.add(event.code);
          }
          // Only downs were asked for, so every up is a release on the way out, and all are there.
          assert.deepEqual([...ups].sort(), [...downs].sort());
          const word = signal === "SIGINT" ? "interrupted" : "terminated";
          const line = stderr.trim().split("\n").at(-1) ?? "";
          const match = new RegExp(`^${word}: released (.+); exit ${code}$`).exec(line);
          assert.ok(match !== null, line);
          assert.deepEqual(match[1]!.split(", ").sort(), [...downs].sort());
        },
      ),
      { numRuns: 8 },
    );
  },
});

Deno.test({
  name: "under dextkit run, Ctrl-C stops the dextkit process, which releases what the recipe held",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "dextkit_interrupt_" });
    try {
      const recipeFile = `${dir}/hold.ts`;
      await Deno.writeTextFile(
        recipeFile,
        `import { recipe } from "${new URL("../mod.ts", import.meta.url).href}";
await recipe(async ({ keyboard, wait }) => {
  await keyboard.down("Shift");
  await keyboard.down("KeyA");
  console.log("ready");
  await wait(86_400_000);
});
`,
      );
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "scripts/dextkit.ts", "run", recipeFile, "--device", "sim"],
        cwd: ROOT,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).spawn();
      const decoder = new TextDecoder();
      let out = "";
      for await (const chunk of child.stdout) {
        out += decoder.decode(chunk, { stream: true });
        if (out.includes("ready")) {
          child.kill("SIGINT");
          break;
        }
      }
      const [status, stderr] = await Promise.all([
        child.status,
        new Response(child.stderr).text(),
      ]);
      assert.equal(status.code, 130, stderr);
      assert.match(stderr, /^interrupted: released ShiftLeft, KeyA; exit 130$/m);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
