// deno-lint-ignore-file no-console
/**
 * DuckyScript check throughput (parse and check the whole file, as before any key goes down) on
 * a generated 1 MB script that mixes the commands real payloads use (STRING lines, combos,
 * delays, comments) with DuckyScript 3.0 constructs (DEFINE, VAR, IF, WHILE, FUNCTION). Target:
 * at least 5 MB/s. And the live interpreter's cost per statement: the same kind of payload run
 * as a dry run on the simulated Mac with a virtual clock. Both figures are printed when the run
 * ends.
 */
import { checkDuckyScript, runDuckyProgram } from "../lib/recipe/ducky/mod.ts";
import { localRecipeRunner } from "../lib/recipe/recipe_runtime.ts";

const TARGET_BYTES = 1_000_000;

/** A deterministic ~1 MB script. */
function generateScript(): string {
  const lines = [
    "REM Generated benchmark payload",
    "DEFAULT_DELAY 5",
    "DEFINE #HOST example.com",
    "FUNCTION NEW_TAB()",
    "  GUI t",
    "  STRINGLN https://#HOST/",
    "END_FUNCTION",
    "VAR $COUNT = 0",
  ];
  let size = lines.join("\n").length;
  for (let block = 0; size < TARGET_BYTES; block++) {
    const chunk = [
      `REM block ${block}`,
      "GUI SPACE",
      "DELAY 250",
      `STRING Terminal window number ${block} with some ordinary text to type`,
      "ENTER",
      `STRINGLN echo "line ${block}" >> /tmp/dextkit-bench.txt`,
      "CTRL-SHIFT ESC",
      "COMMAND-OPTION ESC",
      "ALT F4",
      "HOLD SHIFT",
      "STRING shouted",
      "RELEASE SHIFT",
      "MOUSEMOVE 10 -10",
      "$COUNT = ($COUNT + 1) % 1000",
      "IF ($COUNT % 10 == 0) THEN",
      "  NEW_TAB()",
      "ELSE",
      "  TAB",
      "END_IF",
      "VAR $I = 2",
      "WHILE ($I > 0)",
      "  DOWNARROW",
      "  $I -= 1",
      "END_WHILE",
    ];
    lines.push(...chunk);
    size += chunk.join("\n").length + 1;
  }
  return lines.join("\n") + "\n";
}

const script = generateScript();
const megabytes = new TextEncoder().encode(script).length / 1_000_000;
const durations: number[] = [];

Deno.bench({
  name: `DuckyScript check, ${megabytes.toFixed(2)} MB`,
  fn() {
    const start = performance.now();
    checkDuckyScript(script, { file: "bench.txt" });
    durations.push(performance.now() - start);
  },
});

/** About 100 KB of the payload: enough statements to average over, quick to play virtually. */
const liveScript = script.slice(0, script.indexOf("\n", 100_000) + 1);
const livePerStatement: number[] = [];

Deno.bench({
  name: "DuckyScript live interpreter on sim, virtual clock, ~100 KB",
  async fn() {
    const program = checkDuckyScript(liveScript, { file: "bench.txt" });
    const connection = await localRecipeRunner.open({ dryRun: true, dryRunFor: 1e9, seed: 1 });
    const start = performance.now();
    const actions = await runDuckyProgram(program, connection, { seed: 1 });
    const elapsed = performance.now() - start;
    await connection.finish();
    livePerStatement.push((elapsed * 1000) / Math.max(1, actions.length));
  },
});

globalThis.addEventListener("unload", () => {
  if (durations.length === 0) return;
  const sorted = durations.toSorted((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const rate = (ms: number) => (megabytes / (ms / 1000)).toFixed(1);
  console.log(
    `DuckyScript check: ${rate(median)} MB/s median, ${rate(sorted[0]!)} MB/s best ` +
      `(${durations.length} runs of ${megabytes.toFixed(2)} MB; target ≥ 5 MB/s)`,
  );
  if (livePerStatement.length > 0) {
    const live = livePerStatement.toSorted((a, b) => a - b);
    console.log(
      `DuckyScript live interpreter: ${
        live[Math.floor(live.length / 2)]!.toFixed(1)
      } µs per performed statement median (sim device, virtual clock, ${live.length} runs)`,
    );
  }
});
