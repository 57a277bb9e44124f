// Every dependency is an npm: specifier pinned in deno.json's import map; the library reaches its
// own through lib/deps/ (one file per package, the same pinned specifier), so its modules resolve
// without dextkit's deno.json too. This test keeps the two lists equal and lib/ honest.
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import denoJson from "../deno.json" with { type: "json" };

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const LIB = join(ROOT, "lib");
const DEPS = join(LIB, "deps");
const IMPORT_MAP: Readonly<Record<string, string>> = denoJson.imports;

async function* typeScriptFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* typeScriptFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** The specifiers a module imports or re-exports, from its code (not from its doc comments). */
function importedSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [
    ...code.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"/g),
    ...code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
  ].map((match) => match[1] ?? "");
}

Deno.test("each lib/deps module re-exports one npm package at the import map's version", async () => {
  const pinned = new Map<string, string>();
  for await (const file of typeScriptFiles(DEPS)) {
    const specifiers = importedSpecifiers(await Deno.readTextFile(file));
    assert.equal(specifiers.length, 1, `${relative(ROOT, file)} re-exports one package`);
    const specifier = specifiers[0] ?? "";
    const match = specifier.match(/^npm:((?:@[^/@]+\/)?[^/@]+)@(\d[^/]*)$/);
    assert.ok(match, `${relative(ROOT, file)}: ${specifier} is not a pinned npm: specifier`);
    pinned.set(match[1] ?? "", specifier);
  }
  assert.ok(pinned.size > 0);
  for (const [name, specifier] of pinned) {
    assert.equal(
      IMPORT_MAP[name],
      specifier,
      `lib/deps pins ${specifier}, deno.json's import map has ${IMPORT_MAP[name]}`,
    );
  }
});

Deno.test("lib/ imports npm packages only through lib/deps, so it runs without deno.json", async () => {
  const offenders: string[] = [];
  for await (const file of typeScriptFiles(LIB)) {
    if (file.startsWith(DEPS)) continue;
    for (const specifier of importedSpecifiers(await Deno.readTextFile(file))) {
      const relativeOrBuiltin = specifier.startsWith(".") || specifier.startsWith("node:");
      if (!relativeOrBuiltin) offenders.push(`${relative(ROOT, file)} imports "${specifier}"`);
    }
  }
  assert.deepEqual(
    offenders,
    [],
    "import it from lib/deps/<package>.ts (add one, pinned like deno.json's import map)",
  );
});

Deno.test("the import-specifier scan sees imports, re-exports and dynamic imports", () => {
  assert.deepEqual(
    importedSpecifiers(
      'import { a } from "x";\nexport * from "npm:y@1.0.0";\n/** import { b } from "z"; */\nconst m = import("w");\nimport type {\n  T,\n} from "v";\n',
    ),
    ["x", "npm:y@1.0.0", "v", "w"],
  );
});

Deno.test("no package in deno.lock runs build scripts (they print a warning on first use)", async () => {
  const lock = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.lock"))) as {
    npm?: Record<string, { scripts?: boolean }>;
  };
  const withScripts = Object.entries(lock.npm ?? {})
    .filter(([, entry]) => entry.scripts === true)
    .map(([name]) => name);
  assert.deepEqual(withScripts, []);
});
