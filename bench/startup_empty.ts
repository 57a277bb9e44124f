// Intentionally empty: bench/startup_bench.ts's baseline, `deno run` of an empty file here, with
// the same deno.json and lock as the dextkit command.
