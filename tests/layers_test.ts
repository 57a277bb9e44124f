// Layers import only downward: the allowed graph is the diagram under "Layers in `lib/`" in
// ARCHITECTURE.md (read here, written nowhere else); every relative import in lib/ must follow it.
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const LIB = join(ROOT, "lib");

/** Layer → the layers its arrows point at directly. */
type Graph = Map<string, Set<string>>;

/**
 * Reads the diagram: each line is a chain `a ──> b ──> c, d`; a line that starts with `├─>` or
 * `└─>` continues from the layer whose `┬` (or `├`) stands in the same column above it.
 * Parenthesized remarks are ignored.
 */
function parseDiagram(diagram: string): Graph {
  const graph: Graph = new Map();
  const branchAt = new Map<number, string>();
  const node = (name: string): Set<string> => {
    let targets = graph.get(name);
    if (targets === undefined) graph.set(name, targets = new Set());
    return targets;
  };
  for (const rawLine of diagram.split("\n")) {
    const line = rawLine.replace(/\([^)]*\)/g, "").trimEnd();
    if (line.trim() === "") continue;
    const tokens = [...line.matchAll(/[a-z][a-z, ]*[a-z]|[a-z]|[┬├└]/g)];
    let previous: string[] = [];
    for (const token of tokens) {
      const text = token[0];
      const column = token.index ?? 0;
      if (text === "┬") {
        for (const name of previous) branchAt.set(column, name);
        continue;
      }
      if (text === "├" || text === "└") {
        const parent = branchAt.get(column);
        assert.ok(parent, `ARCHITECTURE.md: a branch at column ${column + 1} has no ┬ above it`);
        previous = [parent];
        if (text === "├") branchAt.set(column, parent);
        continue;
      }
      const names = text.split(",").map((name) => name.trim()).filter((name) => name !== "");
      for (const from of previous) for (const to of names) node(from).add(to);
      for (const name of names) node(name);
      previous = names;
    }
  }
  return graph;
}

/** Every layer each layer may import: what its arrows reach, directly or not. */
function reachable(graph: Graph): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const start of graph.keys()) {
    const seen = new Set<string>();
    const stack = [...(graph.get(start) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(graph.get(next) ?? []));
    }
    result.set(start, seen);
  }
  return result;
}

async function architectureDiagram(): Promise<string> {
  const text = await Deno.readTextFile(join(ROOT, "ARCHITECTURE.md"));
  const start = text.indexOf("## Layers in `lib/`");
  assert.ok(start >= 0, "ARCHITECTURE.md has no 'Layers in `lib/`' section");
  const block = text.slice(start).match(/```\n([\s\S]*?)```/);
  assert.ok(block, "the layers section has no diagram");
  return block[1] ?? "";
}

/** `lib/<layer>/…` → layer; a file directly in lib/ or in lib/deps/ is a foundation (undefined). */
function layerOf(path: string): string | undefined {
  const parts = relative(LIB, path).split("/");
  return parts.length < 2 || parts[0] === "deps" ? undefined : parts[0];
}

async function* typeScriptFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* typeScriptFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** The relative specifiers a module imports or re-exports, statically or dynamically. */
function relativeImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [
    ...code.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+"(\.[^"]+)"/g),
    ...code.matchAll(/\bimport\(\s*"(\.[^"]+)"\s*\)/g),
  ].map((match) => match[1] ?? "");
}

/** The imports the graph does not allow, as readable lines. */
async function forbiddenImports(allowed: Map<string, Set<string>>): Promise<string[]> {
  const problems: string[] = [];
  for await (const file of typeScriptFiles(LIB)) {
    const from = layerOf(file);
    for (const specifier of relativeImports(await Deno.readTextFile(file))) {
      const target = join(dirname(file), specifier);
      if (!target.startsWith(LIB)) continue;
      const to = layerOf(target);
      if (to === undefined || to === from) continue;
      if (from === undefined) {
        problems.push(`${relative(ROOT, file)} (below every layer) imports ${to}`);
      } else if (!allowed.get(from)?.has(to)) {
        problems.push(
          `${relative(ROOT, file)} imports ${relative(ROOT, target)}: ${from} may import ${
            [...(allowed.get(from) ?? [])].sort().join(", ") || "no other layer"
          }`,
        );
      }
    }
  }
  return problems;
}

Deno.test("the diagram reads as the design says", async () => {
  const graph = parseDiagram(await architectureDiagram());
  const allowed = reachable(graph);
  const edges = (layer: string): Set<string> => graph.get(layer) ?? new Set();
  for (const to of ["device", "doctor", "pipeline", "recipe"]) assert.ok(edges("cli").has(to), to);
  for (const to of ["host", "iokit", "karabiner"]) assert.ok(edges("device").has(to), to);
  assert.ok(edges("host").has("layout"));
  assert.equal(allowed.get("hid")?.size, 0);
  assert.ok(allowed.get("cli")?.has("hid"));
  assert.ok(allowed.get("recipe")?.has("host"));
  assert.ok(!allowed.get("layout")?.has("device"));
  assert.ok(!allowed.get("pipeline")?.has("cli"));
});

Deno.test("the branch reader follows ┬, ├ and └ by column", () => {
  const graph = parseDiagram("a ─┬─> b ──> c\n   ├─> d (a remark)\n   └─> e, f\ng ──> h");
  assert.deepEqual([...(graph.get("a") ?? [])].sort(), ["b", "d", "e", "f"]);
  assert.deepEqual([...(graph.get("b") ?? [])], ["c"]);
  assert.deepEqual([...(graph.get("g") ?? [])], ["h"]);
});

Deno.test("every folder of lib/ is a layer of the diagram", async () => {
  const graph = parseDiagram(await architectureDiagram());
  const folders: string[] = [];
  for await (const entry of Deno.readDir(LIB)) {
    if (entry.isDirectory && entry.name !== "deps") folders.push(entry.name);
  }
  assert.deepEqual(folders.filter((folder) => !graph.has(folder)), []);
});

Deno.test("lib/ imports only downward, as ARCHITECTURE.md's diagram allows", async () => {
  const allowed = reachable(parseDiagram(await architectureDiagram()));
  assert.deepEqual(await forbiddenImports(allowed), []);
});

Deno.test("an upward import is caught", async () => {
  const allowed = reachable(parseDiagram(await architectureDiagram()));
  allowed.set("pipeline", new Set());
  const problems = await forbiddenImports(allowed);
  assert.ok(problems.some((line) => /^lib\/pipeline\/.* imports lib\/runner\//.test(line)));
});
