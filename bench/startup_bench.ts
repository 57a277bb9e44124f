/**
 * Start-up time of the `dextkit` command against `deno run` of an empty file, both from this
 * checkout (same deno.json, same lock, warm cache). Target: `dextkit --help` at most 5× the empty
 * file. `dextkit type hi --device sim` is measured too: commands are imported lazily, so it loads
 * the typing path and nothing of the pipeline or doctor.
 *
 * Before the `deno bench` table, prints the median wall time of each over interleaved rounds (so a
 * burst of load on a shared machine hits all three alike) and the ratios.
 *
 * @module
 */
// deno-lint-ignore-file no-console
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const PERMISSIONS = ["--allow-env", "--allow-read", "--allow-write", "--allow-run", "--allow-ffi"];

const COMMANDS = {
  "deno run (empty file)": ["run", "bench/startup_empty.ts"],
  "dextkit --help": ["run", ...PERMISSIONS, "scripts/dextkit.ts", "--help"],
  "dextkit type hi --device sim": [
    "run",
    ...PERMISSIONS,
    "scripts/dextkit.ts",
    "type",
    "hi",
    "--device",
    "sim",
  ],
} as const;

type Name = keyof typeof COMMANDS;

async function runOnce(name: Name): Promise<number> {
  const start = performance.now();
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: [...COMMANDS[name]],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "null",
  }).output();
  if (code !== 0) throw new Error(`${name} exited with ${code}`);
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const ROUNDS = 15;
const names = Object.keys(COMMANDS) as Name[];
const times = new Map<Name, number[]>(names.map((name) => [name, []]));
for (const name of names) await runOnce(name);
for (let round = 0; round < ROUNDS; round++) {
  for (const name of names) times.get(name)?.push(await runOnce(name));
}
const baseline = median(times.get("deno run (empty file)") ?? []);
for (const name of names) {
  const ms = median(times.get(name) ?? []);
  console.log(
    `${name.padEnd(30)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / baseline).toFixed(2)}×`,
  );
}
console.log(`target: dextkit --help at most 5× the empty file`);

for (const name of names) {
  Deno.bench({
    name,
    group: "startup",
    baseline: name === "deno run (empty file)",
    n: 10,
    warmup: 1,
    fn: async () => {
      await runOnce(name);
    },
  });
}
