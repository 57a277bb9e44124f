// `dextkit --help` and `dextkit type hi --device sim` load only what they use: main.ts imports
// each command (and logging, and completion's candidates) when it runs. Checked on the static
// module graph `deno info` reports (speed itself is measured by bench/startup_bench.ts).
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

interface ModuleGraph {
  roots: string[];
  modules: {
    specifier: string;
    dependencies?: { code?: { specifier: string }; isDynamic?: boolean }[];
  }[];
}

/** Every module `entry` loads before any dynamic import runs, as paths relative to the repo. */
async function staticModules(entry: string): Promise<string[]> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const graph = JSON.parse(new TextDecoder().decode(stdout)) as ModuleGraph;
  const modules = new Map(graph.modules.map((module) => [module.specifier, module]));
  const seen = new Set<string>();
  const stack = [...graph.roots];
  while (stack.length > 0) {
    const specifier = stack.pop() as string;
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    for (const dependency of modules.get(specifier)?.dependencies ?? []) {
      if (dependency.isDynamic !== true && dependency.code) stack.push(dependency.code.specifier);
    }
  }
  const root = new URL("../", import.meta.url).href;
  return [...seen].map((specifier) => specifier.replace(root, "")).sort();
}

Deno.test("dextkit --help loads the parser, the error shapes and Optique, nothing else", async () => {
  const modules = await staticModules("scripts/dextkit.ts");
  const ours = modules.filter((module) => module.startsWith("lib/"));
  assert.deepEqual(ours, [
    "lib/cli/command_line_error.ts",
    "lib/cli/commands/pipeline_parsers.ts",
    "lib/cli/main.ts",
    "lib/cli/output.ts",
    "lib/cli/parser.ts",
    "lib/cli/path_value.ts",
    "lib/cli/report_error.ts",
    "lib/deps/optique_core.ts",
    "lib/errors.ts",
  ]);
  assert.deepEqual(modules.filter((module) => module.startsWith("npm:")), [
    "npm:@optique/core@1.3.6",
  ]);
});

Deno.test("dextkit type loads the typing path: no pipeline, doctor, config or macOS tools", async () => {
  const modules = await staticModules("lib/cli/commands/type.ts");
  const layers = new Set(
    modules.filter((module) => module.startsWith("lib/")).map((module) => module.split("/")[1]),
  );
  for (const layer of ["pipeline", "doctor", "config", "runner", "sysext"]) {
    assert.ok(!layers.has(layer), `dextkit type loads lib/${layer}`);
  }
  assert.ok(
    !modules.some((module) =>
      module.startsWith("lib/cli/commands/") && !module.endsWith("type.ts")
    ),
  );
  assert.ok(layers.has("recipe") && layers.has("layout"));
});
