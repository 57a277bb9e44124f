// The README's library examples, saved in a folder of one's own outside the repository and run
// with plain `deno run` (no --config, no import map), import dextkit's mod.ts by path and print
// what they did.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const MOD_URL = new URL("../mod.ts", import.meta.url).href;

/** The ```ts blocks of README.md's "As a library" section. */
async function libraryExamples(): Promise<string[]> {
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  const start = readme.indexOf("\n## As a library\n");
  assert.ok(start >= 0, "README.md has no 'As a library' section");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
}

async function runOutside(
  source: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const folder = await Deno.makeTempDir({ prefix: "dextkit-user-" });
  try {
    assert.ok(!folder.startsWith(ROOT), "the temp folder must be outside the repository");
    const script = join(folder, "recipe.ts");
    await Deno.writeTextFile(script, source.replaceAll('"./mod.ts"', JSON.stringify(MOD_URL)));
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "recipe.ts"],
      cwd: folder,
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
}

Deno.test("the README has the two library examples, both importing ./mod.ts", async () => {
  const examples = await libraryExamples();
  assert.equal(examples.length, 2);
  for (const example of examples) assert.match(example, /from "\.\/mod\.ts";/);
});

Deno.test("the README's withSession example runs from another folder and prints what it typed", async () => {
  const [example] = await libraryExamples();
  const { code, stdout, stderr } = await runOutside(example ?? "");
  assert.equal(code, 0, stderr);
  assert.equal(stdout, 'using sim: typed "Hello, world!"\nshortcuts: Meta+KeyS\n');
});

Deno.test({
  name: "the README's recipe example runs from another folder and prints its result",
  // The recipe names no device: `auto` is the simulated host only off macOS.
  ignore: Deno.build.os === "darwin",
  fn: async () => {
    const [, example] = await libraryExamples();
    const { code, stdout, stderr } = await runOutside(example ?? "");
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^using sim: \d+ events\n/);
    assert.match(stdout, /\nthe Mac got "Terminal\\n"\n$/);
  },
});
