/** `looksLikeDuckyScript` tells DuckyScript files from TypeScript recipes and other text. */
import assert from "node:assert/strict";
import { looksLikeDuckyScript } from "../lib/recipe/ducky/mod.ts";

const DUCKY: readonly (readonly [string, string])[] = [
  ["REM first", "REM Title: hello\nDELAY 500\nGUI SPACE\nSTRING Terminal\nENTER"],
  ["a combo first", "GUI r\nDELAY 200\nSTRINGLN notepad"],
  ["one key", "ENTER"],
  ["CRLF and BOM", "\uFEFFREM x\r\nSTRING a\r\n"],
  ["comments", "// duckyPad style\nSTRING hi\nENTER"],
  ["3.0 language", "DEFINE #X 1\nVAR $I = 0\nWHILE ($I < 2)\n$I += 1\nEND_WHILE\nF()"],
  [
    "a STRING block of code",
    "STRINGLN\nimport os\nconst x = 1;\nfunction f() {}\nlet y = 2;\nexport {}\nEND_STRINGLN\nENTER",
  ],
  ["REM_BLOCK prose", "REM_BLOCK Notes\nThis payload\ndoes things\nand more\nEND_REM\nSTRING a"],
];

const NOT_DUCKY: readonly (readonly [string, string])[] = [
  ["TypeScript import", 'import { recipe } from "../mod.ts";\n\nawait recipe(async () => {});'],
  ["shebang", "#!/usr/bin/env -S deno run\nimport x from './x.ts';"],
  ["doc comment", "/**\n * A recipe.\n */\nexport default 1;"],
  ["const", "const x = 1;"],
  ["empty", ""],
  ["blank lines", "\n\n  \n"],
  ["prose", "Hello there, this is a text file.\nIt is not a payload."],
  ["JSON", '{ "a": 1 }'],
  ["mostly TypeScript after a key line", "ENTER\nconst a = 1;\nconst b = 2;\nawait c();\nlet d;"],
];

for (const [name, text] of DUCKY) {
  Deno.test(`looksLikeDuckyScript: ${name} → true`, () => {
    assert.equal(looksLikeDuckyScript(text), true);
  });
}

for (const [name, text] of NOT_DUCKY) {
  Deno.test(`looksLikeDuckyScript: ${name} → false`, () => {
    assert.equal(looksLikeDuckyScript(text), false);
  });
}
