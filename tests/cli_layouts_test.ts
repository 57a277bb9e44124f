import assert from "node:assert/strict";
import { main } from "../lib/cli/main.ts";
import { CapturedOutput } from "../lib/cli/output.ts";

async function run(args: string[]) {
  const output = new CapturedOutput();
  const code = await main(args, { output, env: {} });
  return { code, output };
}

Deno.test("layouts lists id, macOS name, input source and keyboard type, U.S. first", async () => {
  const { code, output } = await run(["layouts"]);
  assert.equal(code, 0);
  assert.match(output.outLines[0] ?? "", /^id\s+name\s+input source\s+keyboard type$/);
  assert.match(output.outLines[1] ?? "", /^us\s+U\.S\.\s+com\.apple\.keylayout\.US\s+ansi$/);
  const rows = new Map(
    output.outLines.slice(1).map((line) => {
      const [id, ...rest] = line.split(/\s{2,}/);
      return [id, rest];
    }),
  );
  assert.deepEqual(rows.get("de"), ["German", "com.apple.keylayout.German", "iso"]);
  assert.deepEqual(rows.get("fr"), ["French", "com.apple.keylayout.French", "iso"]);
  assert.deepEqual(rows.get("dvorak"), ["Dvorak", "com.apple.keylayout.Dvorak", "ansi"]);
  assert.deepEqual(rows.get("pl"), ["Polish", "com.apple.keylayout.PolishPro", "iso"]);
  assert.deepEqual(rows.get("pl-qwertz"), ["Polish – QWERTZ", "com.apple.keylayout.Polish", "iso"]);
  assert.equal(rows.get("jis")?.[2], "jis");
  assert.ok(rows.size >= 21, `${rows.size} layouts`);
});

Deno.test("layouts --json gives every layout as an object", async () => {
  const { code, output } = await run(["layouts", "--json"]);
  assert.equal(code, 0);
  const layouts = JSON.parse(output.stdout) as {
    id: string;
    name: string;
    inputSourceId: string;
    defaultKeyboardType: string;
  }[];
  assert.deepEqual(layouts[0], {
    id: "us",
    name: "U.S.",
    inputSourceId: "com.apple.keylayout.US",
    defaultKeyboardType: "ansi",
  });
  assert.deepEqual(layouts.find((layout) => layout.id === "gb"), {
    id: "gb",
    name: "British",
    inputSourceId: "com.apple.keylayout.British",
    defaultKeyboardType: "iso",
  });
  assert.equal(new Set(layouts.map((layout) => layout.id)).size, layouts.length);
});
