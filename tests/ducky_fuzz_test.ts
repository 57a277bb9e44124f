/**
 * Fuzz test: 100,000 random and mutated DuckyScript inputs, each checked and then dry-run on the
 * simulated Mac (bounded: virtual time, loop and action guards). Each one either plays
 * well-formed actions or fails with a located error (`DuckyScriptError`, or the runtime's
 * located error for a character the layout cannot type); nothing else may escape.
 * Inputs come from a seeded generator, so a failure names an input that reproduces.
 */
import assert from "node:assert/strict";
import type { Action } from "../lib/recipe/action.ts";
import { resolveKey } from "../lib/hid/key_names.ts";
import { COMMANDS } from "../lib/recipe/ducky/command_table.ts";
import { DUCKY_KEY_NAMES } from "../lib/recipe/ducky/ducky_key_names.ts";
import { DextkitError } from "../lib/errors.ts";
import { DuckyScriptError } from "../lib/recipe/ducky/mod.ts";
import { compileDucky } from "./ducky_helpers.ts";
import { createSeededRandom } from "../lib/recipe/seeded_random.ts";

const INPUTS = 100_000;
const RANDOM_SHARE = 0.3;

/** Small valid programs that together use every construct. */
const CORPUS: readonly string[] = [
  "REM hello\nDELAY 500\nGUI SPACE\nDELAY 200\nSTRING Terminal\nENTER",
  "DEFAULT_DELAY 20\nCTRL ALT DELETE\nCTRL-SHIFT ESC\nGUI-SHIFT 4\nCOMMAND-OPTION ESC\nREPEAT 2",
  "STRINGLN\n    def f():\n        return 1\nEND_STRINGLN\nSTRING\n  a\n  b\nEND_STRING",
  "REM_BLOCK\nnotes\nEND_REM\nSTRING_DELAY 30\nSTRING slow\nSTRING_DELAY 5 old\n" +
  "DEFAULT_STRING_DELAY 2\nSTRING x",
  "DEFINE #URL example.com\nDEFINE #WAIT 300\nGUI l\nDELAY #WAIT\nSTRINGLN https://#URL/",
  "VAR $I = 3\nWHILE ($I > 0)\n  RANDOM_LETTER\n  $I -= 1\nEND_WHILE\nRANDOM_NUMBER\nRANDOM_SPECIAL",
  "VAR $X = 5\nIF ($X == 1) THEN\nSTRING one\nELSE IF ($X > 3 && $X < 9) THEN\nSTRING mid\n" +
  "ELSE\nSTRING other\nEND_IF",
  "FUNCTION TWICE()\n  STRING hi\n  RETURN $N * 2\nEND_FUNCTION\nVAR $N = 4\nVAR $R = TWICE() + 1\n" +
  "DELAY $R\nTWICE()\nREPEAT 1",
  "HOLD SHIFT\nSTRING abc\nRELEASE SHIFT\nHOLD LEFTCLICK\nMOUSEMOVE 10 -5\nRELEASE LEFTCLICK\nRESET",
  "INJECT_MOD\nGUI\nINJECT_MOD WINDOWS\nGLOBE e\nMEDIA PLAY_PAUSE\nMEDIA VOLUME_UP\nMOUSESCROLL -3\n" +
  "RIGHTCLICK",
  "ID 05ac:021e Apple:Keyboard\nATTACKMODE HID VID_05AC PID_021E\nLED_R\nWAIT_FOR_BUTTON_PRESS\n" +
  "BUTTON_DEF\nSTRING x\nEND_BUTTON\nALTCHAR 65\nSYSRQ b",
  "$_RANDOM_MIN = 1\n$_RANDOM_MAX = 9\nVAR $D = $_RANDOM_INT\nDELAY ($D * 10) % 7 + (2 ^ 3)\n" +
  "IF ($_CAPSLOCK_ON) THEN\nCAPSLOCK\nEND_IF",
  "VAR $A = 0x10\n$A <<= 2\n$A >>= 1\n$A |= 3\n$A &= 0xFF\n$A ^= 2\n$A %= 7\n$A /= 2\nDELAY $A",
  "EXTENSION X\nFUNCTION P()\nSTRING p\nEND_FUNCTION\nEND_EXTENSION\nP()\nSTOP_PAYLOAD\nSTRING never",
  "a\n?\nCTRL ?\nALT-F4\nCTRL--\nGUI -\nUPARROW\nDOWN_ARROW\nMENU\nF12\nRCTRL a\nFN f",
  "VAR $N = 3\nFUNCTION DOWN()\nIF ($N == 0) THEN\nRETURN\nEND_IF\n$N -= 1\nDOWN()\nEND_FUNCTION\nDOWN()",
];

const TOKENS: readonly string[] = [
  ...COMMANDS.keys(),
  ...DUCKY_KEY_NAMES,
  "$X",
  "$I",
  "$N",
  "$_RANDOM_INT",
  "$_RANDOM_MIN",
  "#URL",
  "#WAIT",
  "TWICE()",
  "DOWN()",
  "P()",
  "(",
  ")",
  "=",
  "==",
  "+=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "^",
  "&&",
  "||",
  "!",
  "<<",
  ">>",
  "THEN",
  "TRUE",
  "FALSE",
  "0",
  "1",
  "65535",
  "65536",
  "99999999999",
  "0x",
  "0xFFFF",
  "-1",
  "a",
  "?",
  "'",
  "é",
  "😀",
  "\u0000",
  "\uFEFF",
  "VID_05AC",
  "PID_021E",
  "05ac:021e",
];

const CHARACTERS = " \t\r\n-$#()=+-*/%^!&|<>_0123456789aAzZ'\"?\\é😀\uFEFF\u0000";

const next = createSeededRandom(0xD0C5);
const random = { below: (count: number) => Math.floor(next() * count) };

function pick<T>(items: readonly T[]): T {
  return items[random.below(items.length)]!;
}

function randomToken(): string {
  return random.below(4) === 0
    ? String.fromCodePoint(
      ...Array.from({ length: 1 + random.below(3) }, () => pick([...CHARACTERS]).codePointAt(0)!),
    )
    : pick(TOKENS);
}

function randomLine(): string {
  const length = 1 + random.below(5);
  const tokens = Array.from({ length }, randomToken);
  return (random.below(5) === 0 ? "  " : "") + tokens.join(pick([" ", " ", "-", "\t", ""]));
}

function randomInput(): string {
  if (random.below(3) === 0) {
    return Array.from({ length: random.below(80) }, () => pick([...CHARACTERS])).join("");
  }
  return Array.from({ length: 1 + random.below(10) }, randomLine).join(pick(["\n", "\r\n", "\r"]));
}

function mutate(source: string): string {
  const lines = source.split("\n");
  const index = random.below(lines.length);
  switch (random.below(11)) {
    case 0:
      lines.splice(index, 1);
      break;
    case 1:
      lines.splice(index, 0, lines[index] ?? "");
      break;
    case 2: {
      const other = random.below(lines.length);
      [lines[index], lines[other]] = [lines[other] ?? "", lines[index] ?? ""];
      break;
    }
    case 3:
      lines.splice(index, 0, random.below(2) === 0 ? randomLine() : pick(pick(CORPUS).split("\n")));
      break;
    case 4: {
      const words = (lines[index] ?? "").split(" ");
      words[random.below(words.length)] = randomToken();
      lines[index] = words.join(" ");
      break;
    }
    case 5: {
      const text = lines.join("\n");
      const at = random.below(text.length + 1);
      return text.slice(0, at) + pick([...CHARACTERS]) + text.slice(at);
    }
    case 6: {
      const text = lines.join("\n");
      const at = random.below(text.length + 1);
      return text.slice(0, at) + text.slice(at + 1 + random.below(4));
    }
    case 7: {
      const text = lines.join("\n");
      return text.slice(0, random.below(text.length + 1));
    }
    case 8:
      return lines.join("\n") + "\n" + pick(CORPUS);
    case 9:
      return lines.join(pick(["\r\n", "\r"]));
    default: {
      const line = lines[index] ?? "";
      lines[index] = random.below(2) === 0 ? line.toLowerCase() : "  " + line + " ";
    }
  }
  return lines.join("\n");
}

function mutatedInput(): string {
  let source = pick(CORPUS);
  const rounds = 1 + random.below(4);
  for (let round = 0; round < rounds; round++) source = mutate(source);
  return source;
}

const knownKeys = new Set<string>();

function checkAction(action: Action, source: string): void {
  const keys = action.type === "press"
    ? action.keys
    : action.type === "keyDown" || action.type === "keyUp"
    ? [action.key]
    : [];
  for (const key of keys) {
    if (knownKeys.has(key)) continue;
    assert.equal(
      resolveKey(key).code,
      key,
      `non-canonical key ${key} from ${JSON.stringify(source)}`,
    );
    knownKeys.add(key);
  }
  if (action.type === "wait") assert.ok(action.ms >= 0 && Number.isInteger(action.ms));
  assert.ok(action.source !== undefined && action.source.line >= 1 && action.source.column >= 1);
}

Deno.test(`fuzz: ${INPUTS} random and mutated inputs give actions or located DuckyScriptErrors`, async () => {
  const located = /^fuzz\.txt:[1-9][0-9]*:[1-9][0-9]*: .*"/s;
  let compiled = 0;
  let rejected = 0;
  for (let input = 0; input < INPUTS; input++) {
    const source = random.below(1000) < RANDOM_SHARE * 1000 ? randomInput() : mutatedInput();
    try {
      const program = await compileDucky(source, {
        file: "fuzz.txt",
        seed: input,
        maxLoopIterations: 20,
        maxActions: 400,
        trimStringTrailingWhitespace: input % 2 === 0,
      });
      for (const action of program.actions) checkAction(action, source);
      compiled++;
    } catch (error) {
      // A character the layout cannot type is the runtime's located error, also before any key.
      if (!(error instanceof DuckyScriptError) && !(error instanceof DextkitError)) {
        throw new Error(`input #${input} ${JSON.stringify(source)} threw ${String(error)}`, {
          cause: error,
        });
      }
      assert.match(error.message, located, JSON.stringify(source));
      rejected++;
    }
  }
  // Both outcomes must be common, or the generator is not exercising the compiler.
  assert.ok(compiled > INPUTS / 10, `only ${compiled} inputs compiled`);
  assert.ok(rejected > INPUTS / 10, `only ${rejected} inputs were rejected`);
});
