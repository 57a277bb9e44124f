/**
 * Every DuckyScript error path: a located `DuckyScriptError` with the offending text, the
 * closest valid names where names are unknown, exit code Usage, and a hint.
 */
import assert from "node:assert/strict";
import { ExitCode } from "../lib/errors.ts";
import { DuckyScriptError } from "../lib/recipe/ducky/mod.ts";
import { compileDucky, type DuckyTestOptions } from "./ducky_helpers.ts";

interface Expected {
  /** Line and column of the error. */
  readonly at: readonly [number, number];
  /** The offending text. */
  readonly text: string;
  /** What the message says before the text. */
  readonly what: RegExp;
  /** A name that must be among the suggestions. */
  readonly suggests?: string;
}

async function errorOf(source: string, options: DuckyTestOptions = {}): Promise<DuckyScriptError> {
  try {
    await compileDucky(source, { file: "bad.txt", seed: 1, ...options });
  } catch (error) {
    if (error instanceof DuckyScriptError) return error;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(source)}`);
}

const deepParentheses = "(".repeat(40) + "1" + ")".repeat(40);
const deepBlocks = "IF 1 THEN\n".repeat(40) + "END_IF\n".repeat(40);

/** [case, DuckyScript, options, expectation]. */
const CASES: readonly (readonly [string, string, DuckyTestOptions, Expected])[] = [
  ["misspelled command", "STRIGN hello", {}, {
    at: [1, 1],
    text: "STRIGN",
    what: /unknown command/,
    suggests: "STRING",
  }],
  ["indented misspelled command", "REM ok\n  DELAYY 5", {}, {
    at: [2, 3],
    text: "DELAYY",
    what: /unknown command/,
    suggests: "DELAY",
  }],
  ["lower-case command", "string hi", {}, {
    at: [1, 1],
    text: "string",
    what: /unknown command/,
    suggests: "STRING",
  }],
  ["non-ASCII word", "é", {}, { at: [1, 1], text: "é", what: /unknown command/ }],
  ["misspelled key", "CTRL ALT DELTE", {}, {
    at: [1, 10],
    text: "DELTE",
    what: /unknown key/,
    suggests: "DELETE",
  }],
  ["misspelled key after a hyphen", "CTRL-SHFT a", {}, {
    at: [1, 6],
    text: "SHFT",
    what: /unknown key/,
    suggests: "SHIFT",
  }],
  ["non-modifier before the key", "GUI ENTER x", {}, {
    at: [1, 5],
    text: "ENTER",
    what: /expected a modifier/,
  }],
  ["key twice", "CTRL CTRL", {}, { at: [1, 6], text: "CTRL", what: /names this key twice/ }],
  ["dangling hyphen", "CTRL-", {}, { at: [1, 1], text: "CTRL-", what: /empty key name/ }],
  ["unknown HOLD key", "HOLD ENTR", {}, {
    at: [1, 6],
    text: "ENTR",
    what: /unknown key/,
    suggests: "ENTER",
  }],
  ["HOLD without key", "HOLD", {}, { at: [1, 1], text: "HOLD", what: /missing key/ }],
  ["unknown media key", "MEDIA PLAYPAUSE", {}, {
    at: [1, 7],
    text: "PLAYPAUSE",
    what: /unknown media key/,
    suggests: "PLAY_PAUSE",
  }],
  ["MEDIA without name", "MEDIA", {}, { at: [1, 6], text: "MEDIA", what: /missing media key/ }],
  ["DELAY without number", "DELAY", {}, { at: [1, 1], text: "DELAY", what: /missing number/ }],
  ["DELAY with a word", "DELAY abc", {}, { at: [1, 7], text: "abc", what: /unexpected word/ }],
  ["DELAY too long", "DELAY 99999999999", {}, {
    at: [1, 7],
    text: "99999999999",
    what: /number above/,
  }],
  ["number beyond uint16", "VAR $X = 70000", {}, {
    at: [1, 10],
    text: "70000",
    what: /out of range/,
  }],
  ["malformed number", "VAR $X = 12ab", {}, { at: [1, 10], text: "12ab", what: /malformed/ }],
  ["unclosed parenthesis", "VAR $X = (1 + 2", {}, {
    at: [1, 10],
    text: "(1 + 2",
    what: /unclosed parenthesis/,
  }],
  ["unmatched parenthesis", "VAR $X = 1 + 2)", {}, { at: [1, 15], text: ")", what: /unmatched/ }],
  ["single = in an expression", "VAR $X = 1 = 2", {}, {
    at: [1, 12],
    text: "=",
    what: /expected "==" to compare/,
  }],
  ["stray character", "VAR $X = 1 @ 2", {}, { at: [1, 12], text: "@", what: /unexpected/ }],
  ["expression ends early", "VAR $X = 1 +", {}, { at: [1, 13], text: "1 +", what: /ends early/ }],
  ["bare $", "VAR $X = $", {}, { at: [1, 10], text: "$", what: /expected a name/ }],
  ["word in an expression", "IF true THEN\nEND_IF", {}, {
    at: [1, 4],
    text: "true",
    what: /unexpected word/,
    suggests: "TRUE",
  }],
  ["expression too deep", `VAR $X = ${deepParentheses}`, {}, {
    at: [1, 42],
    text: "(",
    what: /nests deeper than 32/,
  }],
  ["VAR without $", "VAR X = 1", {}, { at: [1, 5], text: "X", what: /variable name/ }],
  ["VAR with +=", "VAR $X += 1", {}, { at: [1, 8], text: "+=", what: /VAR takes =/ }],
  ["assignment without =", "VAR $X = 1\n$X 5", {}, { at: [2, 4], text: "5", what: /expected "="/ }],
  ["undeclared variable assigned", "$Y = 1", {}, {
    at: [1, 1],
    text: "$Y",
    what: /unknown variable/,
  }],
  ["misspelled variable", "VAR $COUNT = 1\n$CONUT = 2", {}, {
    at: [2, 1],
    text: "$CONUT",
    what: /unknown variable/,
    suggests: "$COUNT",
  }],
  ["misspelled variable read", "VAR $COUNT = 1\nDELAY $COUTN", {}, {
    at: [2, 7],
    text: "$COUTN",
    what: /unknown variable/,
    suggests: "$COUNT",
  }],
  ["misspelled internal variable", "$_RANDOM_MNI = 1", {}, {
    at: [1, 1],
    text: "$_RANDOM_MNI",
    what: /unknown variable/,
    suggests: "$_RANDOM_MIN",
  }],
  ["read-only internal variable", "VAR $_RANDOM_INT = 1", {}, {
    at: [1, 1],
    text: "$_RANDOM_INT",
    what: /read-only/,
  }],
  ["unknown constant", "DEFINE #LIMIT 3\nVAR $X = #LIMT", {}, {
    at: [2, 10],
    text: "#LIMT",
    what: /unknown constant/,
    suggests: "#LIMIT",
  }],
  ["invalid DEFINE name", "DEFINE 1X y", {}, { at: [1, 8], text: "1X", what: /invalid constant/ }],
  ["DEFINE without name", "DEFINE", {}, { at: [1, 1], text: "DEFINE", what: /missing constant/ }],
  ["division by zero", "VAR $Z = 0\nVAR $X = 5 / $Z", {}, {
    at: [2, 12],
    text: "5 / $Z",
    what: /division by zero/,
  }],
  ["remainder by zero", "DELAY 5 % 0", {}, { at: [1, 9], text: "5 % 0", what: /division by zero/ }],
  ["augmented division by zero", "VAR $X = 1\n$X /= 0", {}, {
    at: [2, 1],
    text: "$X /= 0",
    what: /division by zero/,
  }],
  ["reversed random bounds", "$_RANDOM_MIN = 9\n$_RANDOM_MAX = 3\nDELAY $_RANDOM_INT", {}, {
    at: [3, 7],
    text: "$_RANDOM_INT",
    what: /above \$_RANDOM_MAX/,
  }],
  ["IF never closed", "IF 1 THEN\nSTRING a", {}, {
    at: [1, 1],
    text: "IF 1 THEN",
    what: /never closed \(expected END_IF\)/,
  }],
  ["WHILE never closed", "  WHILE 1\nSTRING a", {}, {
    at: [1, 3],
    text: "WHILE 1",
    what: /never closed \(expected END_WHILE\)/,
  }],
  ["STRING block never closed", "STRING\nabc", {}, {
    at: [1, 1],
    text: "STRING",
    what: /never closed \(expected END_STRING\)/,
  }],
  ["STRINGLN block never closed", "STRINGLN \nabc\nEND_STRING", {}, {
    at: [1, 1],
    text: "STRINGLN",
    what: /expected END_STRINGLN/,
  }],
  ["REM_BLOCK never closed", "REM_BLOCK\nabc", {}, {
    at: [1, 1],
    text: "REM_BLOCK",
    what: /expected END_REM/,
  }],
  ["END_IF alone", "END_IF", {}, { at: [1, 1], text: "END_IF", what: /no open block/ }],
  ["ELSE alone", "STRING a\nELSE", {}, { at: [2, 1], text: "ELSE", what: /no open block/ }],
  ["wrong block end", "WHILE 1\nEND_IF", {}, {
    at: [2, 1],
    text: "END_IF",
    what: /expected END_WHILE to close the WHILE of line 1/,
  }],
  ["END_REM without REM_BLOCK", "END_REM", {}, {
    at: [1, 1],
    text: "END_REM",
    what: /no open block/,
  }],
  ["garbage after ELSE", "IF 1 THEN\nELSE FOO\nEND_IF", {}, {
    at: [2, 6],
    text: "FOO",
    what: /expected IF or nothing after ELSE/,
  }],
  ["IF without condition", "IF THEN\nEND_IF", {}, {
    at: [1, 1],
    text: "IF",
    what: /missing condition/,
  }],
  ["blocks too deep", deepBlocks, {}, {
    at: [33, 1],
    text: "IF 1 THEN",
    what: /nest deeper than 32/,
  }],
  ["unknown function", "FOO()", {}, { at: [1, 1], text: "FOO()", what: /unknown function/ }],
  ["misspelled function", "FUNCTION OPEN()\nEND_FUNCTION\nOPNE()", {}, {
    at: [3, 1],
    text: "OPNE()",
    what: /unknown function/,
    suggests: "OPEN()",
  }],
  ["misspelled function in an expression", "FUNCTION OPEN()\nEND_FUNCTION\nDELAY OPNE()", {}, {
    at: [3, 7],
    text: "OPNE()",
    what: /unknown function/,
    suggests: "OPEN()",
  }],
  ["FUNCTION without ()", "FUNCTION F\nEND_FUNCTION", {}, {
    at: [1, 10],
    text: "F",
    what: /expected a function name/,
  }],
  ["FUNCTION twice", "FUNCTION F()\nEND_FUNCTION\nFUNCTION F()\nEND_FUNCTION", {}, {
    at: [3, 1],
    text: "F",
    what: /already defined on line 1/,
  }],
  ["FUNCTION in a block", "IF 1 THEN\nFUNCTION F()\nEND_FUNCTION\nEND_IF", {}, {
    at: [2, 1],
    text: "FUNCTION F()",
    what: /FUNCTION inside a block/,
  }],
  ["RETURN outside a function", "RETURN", {}, { at: [1, 1], text: "RETURN", what: /outside/ }],
  ["argument after a call", "FUNCTION F()\nEND_FUNCTION\nF() x", {}, {
    at: [3, 5],
    text: "x",
    what: /takes no argument/,
  }],
  ["argument after LEFTCLICK", "LEFTCLICK now", {}, {
    at: [1, 11],
    text: "now",
    what: /LEFTCLICK takes no argument/,
  }],
  ["MOUSEMOVE with one number", "MOUSEMOVE 10", {}, {
    at: [1, 1],
    text: "MOUSEMOVE 10",
    what: /expected MOUSEMOVE dx dy/,
  }],
  ["MOUSEMOVE with a word", "MOUSEMOVE 10 abc", {}, {
    at: [1, 14],
    text: "abc",
    what: /whole number/,
  }],
  ["MOUSESCROLL too far", "MOUSESCROLL 99999999", {}, {
    at: [1, 13],
    text: "99999999",
    what: /whole number/,
  }],
  ["malformed ID", "ID zz", {}, { at: [1, 4], text: "zz", what: /expected ID VID:PID/ }],
  ["REPEAT first", "REPEAT 2", {}, {
    at: [1, 1],
    text: "REPEAT 2",
    what: /REPEAT without an earlier command/,
  }],
  ["endless WHILE", "WHILE TRUE\nTAB\nEND_WHILE", { maxLoopIterations: 10 }, {
    at: [1, 1],
    text: "WHILE TRUE",
    what: /WHILE loop ran more than 10 times/,
  }],
  ["endless recursion", "FUNCTION F()\nF()\nEND_FUNCTION\nF()", {}, {
    at: [2, 1],
    text: "F()",
    what: /function calls nest deeper than 32/,
  }],
  ["too many actions", "STRING a\nREPEAT 60000", { maxActions: 1000 }, {
    at: [1, 1],
    text: "STRING a",
    what: /more than 1000 actions/,
  }],
  ["too many statements", "TAB\nREPEAT 20000", { maxLoopIterations: 10, maxActions: 1e9 }, {
    at: [2, 1],
    text: "REPEAT 20000",
    what: /runs more than 1002 statements/,
  }],
];

for (const [name, source, options, expected] of CASES) {
  Deno.test(`DuckyScript error: ${name}`, async () => {
    const error = await errorOf(source, options);
    assert.deepEqual(
      [error.source.line, error.source.column, error.text],
      [...expected.at, expected.text],
    );
    assert.equal(error.source.file, "bad.txt");
    assert.match(error.message, expected.what);
    assert.ok(
      error.message.startsWith(`bad.txt:${expected.at[0]}:${expected.at[1]}: `),
      error.message,
    );
    assert.ok(error.message.includes(JSON.stringify(expected.text)), error.message);
    if (expected.suggests !== undefined) {
      assert.ok(error.suggestions.includes(expected.suggests), error.suggestions.join(", "));
      assert.match(error.message, /\(did you mean .+\?\)$/);
    }
    assert.equal(error.exitCode, ExitCode.Usage);
    assert.notEqual(error.hint, "");
  });
}

Deno.test("the first problem in file order is reported", async () => {
  const error = await errorOf("STRING ok\nGUI ENTR\nSTRIGN x");
  assert.equal(error.source.line, 2);
});

Deno.test("names are checked in branches that never run", async () => {
  assert.match((await errorOf("IF FALSE THEN\nCTRL ALT DELTE\nEND_IF")).message, /DELTE/);
  assert.match((await errorOf("IF FALSE THEN\nDELAY $NOPE\nEND_IF")).message, /\$NOPE/);
  assert.match((await errorOf("IF FALSE THEN\nNOPE()\nEND_IF")).message, /NOPE\(\)/);
});

Deno.test("the deepest legal nesting of calls, blocks and expressions does not exhaust the stack", async () => {
  const expression = "(".repeat(31) + "DEEP() + 1" + ")".repeat(31);
  const source = [
    "VAR $N = 0",
    "FUNCTION DEEP()",
    "$N += 1",
    ...Array.from({ length: 31 }, () => "IF ($N < 100) THEN"),
    `RETURN ${expression}`,
    ...Array.from({ length: 31 }, () => "END_IF"),
    "END_FUNCTION",
    "VAR $X = DEEP()",
  ].join("\n");
  assert.match((await errorOf(source)).message, /function calls nest deeper than 32/);
});

Deno.test("errors at positions after a DEFINE substitution point at the argument", async () => {
  const error = await errorOf("DEFINE #K NOPE\nGUI #K");
  assert.deepEqual([error.source.line, error.source.column, error.text], [2, 1, "NOPE"]);
});
