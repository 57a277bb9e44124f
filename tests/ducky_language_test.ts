/**
 * The DuckyScript 3.0 subset: DEFINE, VAR and uint16 expressions, IF/ELSE IF/ELSE, WHILE,
 * FUNCTION/RETURN and calls, REPEAT across control flow, internal variables. Expected values are
 * worked out by hand from hak5's documented semantics (unsigned 16-bit, `^` is the exponent).
 */
import assert from "node:assert/strict";
import type { Action } from "../lib/recipe/action.ts";
import { compileDucky } from "./ducky_helpers.ts";
import { applyBinary, applyUnary, type BinaryOperator } from "../lib/recipe/ducky/uint16_math.ts";

async function typed(source: string): Promise<string> {
  return (await compileDucky(source, { seed: 5 })).actions.map((action: Action) =>
    action.type === "text" ? action.text : action.type === "press" ? `<${action.keys}>` : ""
  ).join("");
}

/** The value of an expression, read back through DELAY (which waits nothing for 0). */
async function valueOf(expression: string): Promise<number> {
  const { actions } = await compileDucky(`VAR $R = ${expression}\nDELAY $R`, { seed: 1 });
  const first = actions[0];
  return first?.type === "wait" ? first.ms : 0;
}

const VALUES: readonly (readonly [string, number])[] = [
  ["42", 42],
  ["0x1F", 31],
  ["TRUE", 1],
  ["FALSE", 0],
  ["2 + 3 * 4", 14],
  ["(2 + 3) * 4", 20],
  ["( 4 * 10 ) + 2", 42],
  ["(( 100 * 13 ) + ( 42 - 5 ))", 1337],
  ["10 - 2 - 3", 5],
  ["100 / 10 / 5", 2],
  ["7 / 2", 3],
  ["7 % 3", 1],
  ["2 ^ 6", 64],
  ["2 ^ 3 ^ 2", 512],
  ["2 ^ 16", 0],
  ["3 ^ 0", 1],
  ["65535 + 1", 0],
  ["0 - 1", 65535],
  ["300 * 300", 90000 - 65536],
  ["0 - 1", 65535],
  ["-$_RANDOM_MAX", 1],
  ["!0 + 1", 2],
  ["!5", 0],
  ["1 + 2 == 3", 1],
  ["3 > 2 > 1", 0],
  ["5 >= 5", 1],
  ["5 <= 4", 0],
  ["5 != 4", 1],
  ["4 < 5 == 1", 1],
  ["1 << 2 + 1", 8],
  ["1 << 16", 0],
  ["65535 >> 15", 1],
  ["6 & 3 | 8", 10],
  ["1 || 0 && 0", 1],
  ["2 && 3", 1],
  ["0 || 0", 0],
];

for (const [expression, expected] of VALUES) {
  Deno.test(`DuckyScript expression: ${expression} = ${expected}`, async () => {
    assert.equal(await valueOf(expression), expected);
  });
}

Deno.test("uint16 operators wrap and compare as the table says", () => {
  const table: readonly (readonly [BinaryOperator, number, number, number | undefined])[] = [
    ["+", 65000, 1000, 464],
    ["-", 3, 5, 65534],
    ["*", 256, 256, 0],
    ["/", 9, 0, undefined],
    ["%", 9, 0, undefined],
    ["^", 3, 4, 81],
    ["^", 10, 5, 100000 % 65536],
    ["&&", 0, 7, 0],
    ["||", 0, 7, 1],
    ["&", 0b1100, 0b1010, 0b1000],
    ["|", 0b1100, 0b1010, 0b1110],
    ["<<", 0x8001, 1, 0x0002],
    [">>", 0x8000, 15, 1],
    [">>", 0x8000, 40, 0],
  ];
  for (const [operator, left, right, expected] of table) {
    assert.equal(applyBinary(operator, left, right), expected, `${left} ${operator} ${right}`);
  }
  assert.equal(applyUnary("-", 0), 0);
  assert.equal(applyUnary("!", 65535), 0);
});

Deno.test("augmented assignment applies the operator to the variable", async () => {
  const source = [
    "VAR $X = 10",
    "$X += 5",
    "$X -= 3",
    "$X *= 4",
    "$X /= 6",
    "$X %= 5",
    "$X ^= 3",
    "$X <<= 2",
    "$X >>= 1",
    "$X |= 1",
    "$X &= 7",
    "DELAY $X",
  ].join("\n");
  // 10 → 15 → 12 → 48 → 8 → 3 → 27 → 108 → 54 → 55 → 7
  assert.deepEqual(
    (await compileDucky(source)).actions.map((action) => action.type === "wait" && action.ms),
    [7],
  );
  assert.equal(await valueOf("1\n$R = 70 - 1\n$R=$R+1"), 70);
});

Deno.test("DEFINE substitutes whole names in STRING, arguments, combos and expressions", async () => {
  assert.equal(await typed("DEFINE #NAME world\nSTRING hello #NAME!"), "hello world!");
  assert.equal(await typed("DEFINE #NAME world\nSTRING #NAMES x#NAME"), "#NAMES xworld");
  assert.equal(await typed("DEFINE FOO bar\nSTRING FOO FOOD A_FOO"), "bar FOOD A_FOO");
  assert.equal(await typed("DEFINE #KEY ENTER\nGUI #KEY\n#KEY"), "<MetaLeft,Enter><Enter>");
  await assert.rejects(() => valueOf("#N * 2\nDEFINE #N 21"), /unknown constant "#N"/);
  const defined = (await compileDucky("DEFINE #N 21\nVAR $R = #N * 2\nDELAY $R")).actions;
  assert.deepEqual(defined.map((action) => action.type === "wait" && action.ms), [42]);
  assert.equal(await typed("DEFINE #A x\nDEFINE #B #A-#A\nDEFINE #A y\nSTRING #B #A"), "x-x y");
  assert.equal(await typed("STRING #A\nDEFINE #A x\nSTRING #A"), "#Ax");
  assert.equal(await typed("DEFINE #EMPTY\nSTRING [#EMPTY]"), "[]");
});

Deno.test("DEFINE applies in file order whatever the control flow", async () => {
  const source = "IF FALSE THEN\nDEFINE #W skipped branch\nEND_IF\nSTRING #W";
  assert.equal(await typed(source), "skipped branch");
});

Deno.test("STRING does not expand variables", async () => {
  assert.equal(await typed("VAR $X = 1\nSTRING $X"), "$X");
});

Deno.test("IF, ELSE IF and ELSE pick one branch", async () => {
  const program = (value: number) =>
    typed([
      `VAR $X = ${value}`,
      "IF ($X == 1) THEN",
      "  STRING one",
      "ELSE IF ($X == 2) THEN",
      "  STRING two",
      "ELSE IF($X == 3)THEN",
      "  STRING three",
      "ELSE",
      "  STRING other",
      "END_IF",
    ].join("\n"));
  assert.equal(await program(1), "one");
  assert.equal(await program(2), "two");
  assert.equal(await program(3), "three");
  assert.equal(await program(9), "other");
  assert.equal(await typed("IF 0 THEN\nSTRING no\nEND_IF\nSTRING yes"), "yes");
  assert.equal(await typed("IF 1\nSTRING without THEN\nEND_IF"), "without THEN");
});

Deno.test("WHILE loops while its condition holds", async () => {
  const source = [
    "VAR $TIMES = 3",
    "WHILE ($TIMES > 0)",
    "  STRING .",
    "  $TIMES = ($TIMES - 1)",
    "END_WHILE",
  ].join("\n");
  assert.equal(await typed(source), "...");
  assert.equal(await typed("WHILE FALSE\nSTRING never\nEND_WHILE"), "");
});

Deno.test("nested loops", async () => {
  const source = [
    "VAR $I = 0",
    "WHILE ($I < 3)",
    "  VAR $J = 0",
    "  WHILE ($J < 2)",
    "    STRING x",
    "    $J += 1",
    "  END_WHILE",
    "  STRING |",
    "  $I += 1",
    "END_WHILE",
  ].join("\n");
  assert.equal(await typed(source), "xx|xx|xx|");
});

Deno.test("FUNCTION: hoisted, called as a statement, RETURN value in expressions", async () => {
  const source = [
    "COUNTDOWN()",
    "FUNCTION COUNTDOWN()",
    "  WHILE ($TIMER > 0)",
    "    STRING .",
    "    $TIMER = ($TIMER - 1)",
    "  END_WHILE",
    "END_FUNCTION",
    "VAR $TIMER = 2",
    "COUNTDOWN()",
    "$TIMER = 3",
    "COUNTDOWN()",
  ].join("\n");
  assert.equal(await typed(source), ".....");
  const returning = [
    "FUNCTION PICK()",
    "  IF ($X > 5) THEN",
    "    RETURN 100",
    "  END_IF",
    "  STRING low",
    "  RETURN $X + 1",
    "END_FUNCTION",
    "VAR $X = 9",
    "VAR $A = PICK()",
    "$X = 2",
    "VAR $B = PICK() * 10",
    "DELAY $A",
    "DELAY $B",
  ].join("\n");
  const actions = (await compileDucky(returning)).actions;
  assert.deepEqual(actions.map((action) => action.type === "wait" ? action.ms : action.type), [
    "text",
    100,
    30,
  ]);
  assert.equal(await valueOf("F()\nFUNCTION F()\nSTRING no return\nEND_FUNCTION"), 0);
});

Deno.test("recursion with a base case", async () => {
  const source = [
    "VAR $N = 5",
    "FUNCTION DOWN()",
    "  IF ($N == 0) THEN",
    "    RETURN",
    "  END_IF",
    "  STRING *",
    "  $N -= 1",
    "  DOWN()",
    "END_FUNCTION",
    "DOWN()",
  ].join("\n");
  assert.equal(await typed(source), "*****");
});

Deno.test("&& and || short-circuit: no division by zero, no call", async () => {
  assert.equal(await valueOf("0 && (1 / 0)"), 0);
  assert.equal(await valueOf("1 || (1 / 0)"), 1);
  const source =
    "FUNCTION SIDE()\nSTRING side\nRETURN 1\nEND_FUNCTION\nIF (1 || SIDE()) THEN\nSTRING ok\nEND_IF";
  assert.equal(await typed(source), "ok");
  assert.equal(await typed(source.replace("1 ||", "0 ||")), "sideok");
});

Deno.test("REPEAT repeats the last executed command, also calls and commands in blocks", async () => {
  assert.equal(
    await typed("FUNCTION F()\nSTRING a\nSTRING b\nEND_FUNCTION\nF()\nREPEAT 2"),
    "ababab",
  );
  assert.equal(await typed("IF 1 THEN\nSTRING x\nEND_IF\nREPEAT 2"), "xxx");
  assert.equal(await typed("VAR $I = 0\n$I += 1\nREPEAT 4\nDELAY $I"), "");
  const repeated = (await compileDucky("VAR $I = 0\n$I += 1\nREPEAT 4\nDELAY $I")).actions;
  assert.deepEqual(repeated.map((action) => action.type === "wait" && action.ms), [5]);
  assert.equal(await typed("VAR $N = 3\nTAB\nREPEAT $N"), "<Tab><Tab><Tab><Tab>");
});

Deno.test("$_RANDOM_INT stays within $_RANDOM_MIN and $_RANDOM_MAX", async () => {
  const source = [
    "$_RANDOM_MIN = 5",
    "$_RANDOM_MAX = 7",
    "VAR $I = 200",
    "WHILE ($I > 0)",
    "  DELAY $_RANDOM_INT",
    "  $I -= 1",
    "END_WHILE",
  ].join("\n");
  const waits = (await compileDucky(source, { seed: 9 })).actions.map((action) =>
    action.type === "wait" ? action.ms : -1
  );
  assert.equal(waits.length, 200);
  assert.deepEqual([...new Set(waits)].sort(), [5, 6, 7]);
  assert.deepEqual(
    (await compileDucky(source, { seed: 9 })).actions,
    (await compileDucky(source, {
      seed: 9,
    })).actions,
  );
});

Deno.test("internal variables: host state is read live from the LEDs, settings warn", async () => {
  const source = "IF ($_CAPSLOCK_ON == 0) THEN\nSTRING off\nELSE\nSTRING on\nEND_IF";
  const off = await compileDucky(source, { seed: 1 });
  assert.deepEqual(off.actions.map((action) => action.type === "text" && action.text), ["off"]);
  assert.equal(off.warnings.length, 0);
  const locks = { capsLock: true, numLock: false, scrollLock: false };
  const on = await compileDucky(source, { seed: 1, locks });
  assert.deepEqual(on.actions.map((action) => action.type === "text" && action.text), ["on"]);
  const jitter = await compileDucky("$_JITTER_ENABLED = TRUE");
  assert.match(jitter.warnings[0]!.message, /jitter/);
  const device = await compileDucky("$_LED_SHOW_CAPS = 1");
  assert.match(device.warnings[0]!.message, /no effect/);
  assert.equal(await valueOf("$_BUTTON_ENABLED"), 1);
  assert.equal(await valueOf("$_CURRENT_VID\nID 05ac:021e"), 0x05AC);
});

Deno.test("a declared variable reads as 0 until assigned", async () => {
  assert.equal(await valueOf("$LATER + 3\nIF 0 THEN\nVAR $LATER = 9\nEND_IF"), 3);
});

Deno.test("VAR without a value declares 0; variables are global", async () => {
  assert.equal(await valueOf("$Y\nVAR $Y"), 0);
  const source = "FUNCTION SET()\nVAR $G = 40\nEND_FUNCTION\nSET()\nDELAY $G";
  assert.deepEqual((await compileDucky(source)).actions.map((action) => action.type), ["wait"]);
});
