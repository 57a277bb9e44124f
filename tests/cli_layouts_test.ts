import assert from "node:assert/strict";
import { main } from "../lib/cli/main.ts";
import { CapturedOutput } from "../lib/cli/output.ts";

async function run(args: string[]) {
  const output = new CapturedOutput();
  const code = await main(args, { output, env: {} });
  return { code, output };
}

Deno.test("layouts lists id, macOS name and keyboard type, U.S. first", async () => {
  const { code, output } = await run(["layouts"]);
  assert.equal(code, 0);
  assert.match(output.outLines[0] ?? "", /^id\s+name\s+keyboard type$/);
  assert.match(output.outLines[1] ?? "", /^us\s+U\.S\.\s+ansi$/);
  const rows = new Map(
    output.outLines.slice(1).map((line) => {
      const [id, ...rest] = line.split(/\s{2,}/);
      return [id, rest];
    }),
  );
  assert.deepEqual(rows.get("de"), ["German", "iso"]);
  assert.deepEqual(rows.get("fr"), ["French", "iso"]);
  assert.deepEqual(rows.get("dvorak"), ["Dvorak", "ansi"]);
  assert.equal(rows.get("jis")?.[1], "jis");
  assert.ok(rows.size >= 21, `${rows.size} layouts`);
});

Deno.test("layouts --json gives every layout as an object", async () => {
  const { code, output } = await run(["layouts", "--json"]);
  assert.equal(code, 0);
  const layouts = JSON.parse(output.stdout) as {
    id: string;
    name: string;
    defaultKeyboardType: string;
  }[];
  assert.deepEqual(layouts[0], { id: "us", name: "U.S.", defaultKeyboardType: "ansi" });
  assert.deepEqual(layouts.find((layout) => layout.id === "gb"), {
    id: "gb",
    name: "British",
    defaultKeyboardType: "iso",
  });
  assert.equal(new Set(layouts.map((layout) => layout.id)).size, layouts.length);
});
