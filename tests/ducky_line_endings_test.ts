/**
 * LF, CRLF, bare CR and mixed line endings, a UTF-8 byte order mark and a missing final newline
 * all give the same program with the same line numbers (recipes-reference.md §2).
 */
import assert from "node:assert/strict";
import { DuckyScriptError } from "../lib/recipe/ducky/mod.ts";
import { compileDucky } from "./ducky_helpers.ts";
import { splitSourceLines } from "../lib/recipe/ducky/source_lines.ts";

const LINES = [
  "REM line endings",
  "DEFAULT_DELAY 10",
  "GUI SPACE",
  "STRINGLN",
  "  echo one",
  "  echo two",
  "END_STRINGLN",
  "VAR $I = 2",
  "WHILE ($I > 0)",
  "  STRING x ",
  "  $I -= 1",
  "END_WHILE",
  "ENTER",
];

const VARIANTS: readonly (readonly [string, string])[] = [
  ["LF", LINES.join("\n") + "\n"],
  ["CRLF", LINES.join("\r\n") + "\r\n"],
  ["CR", LINES.join("\r") + "\r"],
  ["mixed", LINES.map((line, index) => line + ["\n", "\r\n", "\r"][index % 3]).join("")],
  ["no final newline", LINES.join("\n")],
  ["byte order mark", "\uFEFF" + LINES.join("\r\n")],
];

const reference = await compileDucky(VARIANTS[0]![1], { file: "p.txt", seed: 1 });

for (const [name, source] of VARIANTS) {
  Deno.test(`line endings: ${name} compiles like LF, with the same line numbers`, async () => {
    const program = await compileDucky(source, { file: "p.txt", seed: 1 });
    assert.deepEqual(program.actions, reference.actions);
  });
}

Deno.test("line endings: the reference program is what the lines say", () => {
  assert.deepEqual(
    reference.actions.map((action) => [action.type, action.source?.line]),
    [
      ["press", 3],
      ["wait", 3],
      ["text", 4],
      ["wait", 4],
      ["text", 10],
      ["wait", 10],
      ["text", 10],
      ["wait", 10],
      ["press", 13],
      ["wait", 13],
    ],
  );
  const block = reference.actions[2];
  assert.equal(block?.type === "text" && block.text, "echo one\necho two\n");
  const loop = reference.actions[4];
  assert.equal(loop?.type === "text" && loop.text, "x ");
});

Deno.test("line endings: a CR-only file is not one long line", async () => {
  assert.deepEqual(splitSourceLines("A\rB\r\nC\n\rD"), ["A", "B", "C", "", "D"]);
  assert.equal((await compileDucky("TAB\rENTER\rTAB")).actions.length, 3);
});

Deno.test("line endings: error lines count every kind of line break", async () => {
  for (const newline of ["\n", "\r\n", "\r"]) {
    const source = ["STRING a", "REM b", "STRIGN c"].join(newline);
    await assert.rejects(
      () => compileDucky(source, { file: "e.txt" }),
      (error: unknown) => error instanceof DuckyScriptError && error.source.line === 3,
    );
  }
});

Deno.test("line endings: a BOM only counts at the very start", async () => {
  // Parsed only: no layout types U+FEFF, so the recording stand-in plays it.
  const locks = { capsLock: false, numLock: false, scrollLock: false };
  const program = await compileDucky("\uFEFFSTRING \uFEFFx", { seed: 1, locks });
  const first = program.actions[0];
  assert.equal(first?.type === "text" && first.text, "\uFEFFx");
  assert.equal(program.actions[0]?.source?.column, 1);
});
