/**
 * Each DuckyScript command compiles to the actions the dialect references describe
 * (recipes-reference.md §1): expected actions are written out by hand from those semantics.
 */
import assert from "node:assert/strict";
import type { Action } from "../lib/recipe/action.ts";
import { IGNORED_COMMANDS, RANDOM_CHARACTER_SETS } from "../lib/recipe/ducky/command_table.ts";
import { MEDIA_KEYS } from "../lib/recipe/ducky/ducky_key_names.ts";
import { compileDucky, type DuckyTestOptions } from "./ducky_helpers.ts";
import { resolveKey } from "../lib/hid/key_names.ts";

/** The actions without their source locations. */
async function actionsOf(source: string, options: DuckyTestOptions = {}): Promise<unknown[]> {
  return (await compileDucky(source, { seed: 1, ...options })).actions.map(withoutSource);
}

function withoutSource(action: Action): unknown {
  const { source: _source, ...rest } = action;
  return rest;
}

const press = (...keys: string[]) => ({ type: "press", keys });
const text = (typed: string, delay?: number) =>
  delay === undefined ? { type: "text", text: typed } : { type: "text", text: typed, delay };
const wait = (ms: number) => ({ type: "wait", ms });

/** [name, DuckyScript, expected actions]. */
const CASES: readonly (readonly [string, string, readonly unknown[]])[] = [
  // Comments.
  ["REM", "REM a comment\nREM", []],
  ["REM_BLOCK", "REM_BLOCK\nSTRING not typed\nGUI r\nEND_REM\nENTER", [press("Enter")]],
  ["// comment", "// a comment\n  // indented\nTAB", [press("Tab")]],
  // Typing.
  ["STRING", "STRING Hello, World!", [text("Hello, World!")]],
  ["STRING keeps the text after the first space", "STRING  two", [text(" two")]],
  ["STRING keeps trailing spaces", "STRING end  ", [text("end  ")]],
  ["STRING after a tab", "STRING\tx", [text("x")]],
  ["STRINGLN", "STRINGLN echo hi", [text("echo hi\n")]],
  ["STRING block", "STRING\n  one\n  two\nEND_STRING", [text("onetwo")]],
  [
    "STRINGLN block strips the common indentation",
    "STRINGLN\n    if x:\n        pass\n\n    done\n  END_STRINGLN",
    [text("if x:\n    pass\n\ndone\n")],
  ],
  ["STRING_BLOCK", "STRING_BLOCK\na\nb\nEND_STRING", [text("ab")]],
  ["STRINGLN_BLOCK", "STRINGLN_BLOCK\na\nEND_STRINGLN", [text("a\n")]],
  ["STRING block keeps REM-like lines", "STRINGLN\nREM not a comment\nEND_STRINGLN", [
    text("REM not a comment\n"),
  ]],
  // Delays.
  ["DELAY", "DELAY 500", [wait(500)]],
  ["DELAY 0 waits nothing", "DELAY 0", []],
  ["DELAY beyond 16 bits", "DELAY 100000", [wait(100000)]],
  ["DEFAULT_DELAY", "DEFAULT_DELAY 20\nENTER\nTAB", [
    press("Enter"),
    wait(20),
    press("Tab"),
    wait(20),
  ]],
  ["DEFAULTDELAY", "DEFAULTDELAY 5\nSTRING a", [text("a"), wait(5)]],
  ["DEFAULT_DELAY skips DELAY", "DEFAULT_DELAY 20\nDELAY 100\nENTER", [
    wait(100),
    press("Enter"),
    wait(20),
  ]],
  ["DEFAULT_DELAY 0 turns it off", "DEFAULT_DELAY 9\nDEFAULT_DELAY 0\nENTER", [press("Enter")]],
  ["DEFAULT_DELAY skips language statements", "DEFAULT_DELAY 7\nVAR $X = 1\nREM x\nENTER", [
    press("Enter"),
    wait(7),
  ]],
  ["STRING_DELAY n (Flipper): next STRING only", "STRING_DELAY 30\nSTRING ab\nSTRING cd", [
    text("ab", 30),
    text("cd"),
  ]],
  ["STRINGDELAY", "STRINGDELAY 15\nSTRINGLN x", [text("x\n", 15)]],
  ["STRING_DELAY n text (1.0)", "STRING_DELAY 40 slow text ", [text("slow text ", 40)]],
  [
    "DEFAULT_STRING_DELAY",
    "DEFAULT_STRING_DELAY 10\nSTRING a\nSTRING_DELAY 50\nSTRING b\nSTRING c",
    [
      text("a", 10),
      text("b", 50),
      text("c", 10),
    ],
  ],
  ["DEFAULTSTRINGDELAY 0 is an explicit zero", "DEFAULTSTRINGDELAY 0\nSTRING a", [text("a", 0)]],
  // REPEAT.
  ["REPEAT", "ENTER\nREPEAT 2", [press("Enter"), press("Enter"), press("Enter")]],
  ["REPEAT skips REM and blank lines", "TAB\nREM x\n\nREPEAT 1", [press("Tab"), press("Tab")]],
  ["REPEAT 0", "TAB\nREPEAT 0", [press("Tab")]],
  ["REPEAT with DEFAULT_DELAY", "DEFAULT_DELAY 3\nTAB\nREPEAT 1", [
    press("Tab"),
    wait(3),
    press("Tab"),
    wait(3),
  ]],
  ["REPEAT of REPEAT repeats the command", "TAB\nREPEAT 1\nREPEAT 1", [
    press("Tab"),
    press("Tab"),
    press("Tab"),
  ]],
  // Key combos.
  ["CTRL ALT DELETE", "CTRL ALT DELETE", [press("ControlLeft", "AltLeft", "Delete")]],
  ["CTRL-ALT DELETE", "CTRL-ALT DELETE", [press("ControlLeft", "AltLeft", "Delete")]],
  ["CTRL-SHIFT ESC", "CTRL-SHIFT ESC", [press("ControlLeft", "ShiftLeft", "Escape")]],
  ["GUI-SHIFT 4", "GUI-SHIFT 4", [press("MetaLeft", "ShiftLeft", "Digit4")]],
  ["COMMAND-OPTION ESC", "COMMAND-OPTION ESC", [press("MetaLeft", "AltLeft", "Escape")]],
  ["GUI-CTRL f", "GUI-CTRL f", [press("MetaLeft", "ControlLeft", "KeyF")]],
  ["GUI SPACE", "GUI SPACE", [press("MetaLeft", "Space")]],
  ["GUI r", "GUI r", [press("MetaLeft", "KeyR")]],
  ["GUI R is the same key", "GUI R", [press("MetaLeft", "KeyR")]],
  ["ALT-F4", "ALT-F4", [press("AltLeft", "F4")]],
  ["CTRL-- is Control and minus", "CTRL--", [press("ControlLeft", "Minus")]],
  ["GUI -", "GUI -", [press("MetaLeft", "Minus")]],
  ["WINDOWS alone taps the key", "WINDOWS", [press("MetaLeft")]],
  ["SHIFT alone", "SHIFT", [press("ShiftLeft")]],
  ["modifiers alone", "CTRL-ALT", [press("ControlLeft", "AltLeft")]],
  ["single character", "a", [press("KeyA")]],
  ["shifted character", "?", [press("ShiftLeft", "Slash")]],
  ["shifted character after a modifier", "CTRL ?", [press("ControlLeft", "ShiftLeft", "Slash")]],
  ["shifted character with SHIFT", "SHIFT ?", [press("ShiftLeft", "Slash")]],
  ["indentation and trailing spaces", "  \tGUI r  ", [press("MetaLeft", "KeyR")]],
  ["ENTER", "ENTER", [press("Enter")]],
  ["arrow names", "UPARROW\nDOWN\nLEFTARROW\nRIGHT\nDOWN_ARROW", [
    press("ArrowUp"),
    press("ArrowDown"),
    press("ArrowLeft"),
    press("ArrowRight"),
    press("ArrowDown"),
  ]],
  ["MENU and APP are the context-menu key", "MENU\nAPP", [
    press("ContextMenu"),
    press("ContextMenu"),
  ]],
  ["DEL is forward delete", "DEL\nBACKSPACE", [press("Delete"), press("Backspace")]],
  ["1.0 media words", "PLAY\nMUTE\nVOLUMEUP", [
    press("MediaPlayPause"),
    press("AudioVolumeMute"),
    press("AudioVolumeUp"),
  ]],
  ["right-hand modifiers", "RCTRL a\nRWINDOWS", [
    press("ControlRight", "KeyA"),
    press("MetaRight"),
  ]],
  ["fn before a key", "FN f", [press("Fn", "KeyF")]],
  ["W3C names work too", "MetaLeft KeyA", [press("MetaLeft", "KeyA")]],
  ["F24", "F24", [press("F24")]],
  // HOLD, RELEASE, RESET, INJECT_MOD.
  ["HOLD and RELEASE", "HOLD SHIFT\nSTRING a\nRELEASE SHIFT", [
    { type: "keyDown", key: "ShiftLeft" },
    text("a"),
    { type: "keyUp", key: "ShiftLeft" },
  ]],
  ["HOLD several keys releases in reverse", "HOLD CTRL ALT\nRELEASE CTRL ALT", [
    { type: "keyDown", key: "ControlLeft" },
    { type: "keyDown", key: "AltLeft" },
    { type: "keyUp", key: "AltLeft" },
    { type: "keyUp", key: "ControlLeft" },
  ]],
  ["HOLD a character", "HOLD ' \nRELEASE '", [
    { type: "keyDown", key: "Quote" },
    { type: "keyUp", key: "Quote" },
  ]],
  ["HOLD a mouse button", "HOLD LEFTCLICK\nMOUSEMOVE 5 0\nRELEASE LEFTCLICK", [
    { type: "mouseDown", button: 1 },
    { type: "mouseMove", dx: 5, dy: 0 },
    { type: "mouseUp", button: 1 },
  ]],
  ["RELEASE alone releases everything", "HOLD a\nRELEASE", [
    { type: "keyDown", key: "KeyA" },
    { type: "releaseAll" },
  ]],
  ["RESET", "HOLD a\nRESET", [{ type: "keyDown", key: "KeyA" }, { type: "releaseAll" }]],
  ["INJECT_MOD on its own line", "INJECT_MOD\nGUI", [press("MetaLeft")]],
  ["INJECT_MOD with a modifier", "INJECT_MOD WINDOWS", [press("MetaLeft")]],
  // Flipper extras.
  ["GLOBE key", "GLOBE e", [press("Fn", "KeyE")]],
  ["GLOBE alone", "GLOBE", [press("Fn")]],
  ["MEDIA", "MEDIA PLAY_PAUSE\nMEDIA volume_down", [
    press("MediaPlayPause"),
    press("AudioVolumeDown"),
  ]],
  ["MOUSEMOVE", "MOUSEMOVE 10 -20\nMOUSE_MOVE -5 +7", [
    { type: "mouseMove", dx: 10, dy: -20 },
    { type: "mouseMove", dx: -5, dy: 7 },
  ]],
  ["MOUSESCROLL", "MOUSESCROLL -3\nMOUSE_SCROLL 2", [
    { type: "scroll", vertical: -3, horizontal: 0 },
    { type: "scroll", vertical: 2, horizontal: 0 },
  ]],
  ["clicks", "LEFTCLICK\nLEFT_CLICK\nRIGHTCLICK\nRIGHT_CLICK\nMIDDLECLICK\nWHEEL_CLICK", [
    { type: "click", button: 1, count: 1 },
    { type: "click", button: 1, count: 1 },
    { type: "click", button: 2, count: 1 },
    { type: "click", button: 2, count: 1 },
    { type: "click", button: 3, count: 1 },
    { type: "click", button: 3, count: 1 },
  ]],
  ["WAIT_FOR_BUTTON_PRESS", "WAIT_FOR_BUTTON_PRESS", [{ type: "waitForButton" }]],
  ["WAIT_FOR_BUTTON_PRESS gets no DEFAULT_DELAY", "DEFAULT_DELAY 5\nWAIT_FOR_BUTTON_PRESS", [
    { type: "waitForButton" },
  ]],
  ["ID", "ID 05ac:021e Apple:Keyboard\nENTER", [press("Enter")]],
  ["STOP_PAYLOAD", "STRING a\nSTOP_PAYLOAD\nSTRING b", [text("a")]],
  ["EXTENSION runs inline", "EXTENSION X\nSTRING a\nEND_EXTENSION\nSTRING b", [
    text("a"),
    text("b"),
  ]],
];

for (const [name, source, expected] of CASES) {
  Deno.test(`DuckyScript command: ${name}`, async () => {
    assert.deepEqual(await actionsOf(source), expected);
  });
}

Deno.test("trimStringTrailingWhitespace trims STRING, blocks and DEFINE values (Flipper)", async () => {
  const source = "DEFINE #X v \t\nSTRING a \t\nSTRINGLN\n  b  \nEND_STRINGLN\nSTRING #X.";
  assert.deepEqual(await actionsOf(source, { trimStringTrailingWhitespace: true }), [
    text("a"),
    text("b\n"),
    text("v."),
  ]);
  assert.deepEqual(await actionsOf(source), [text("a \t"), text("b  \n"), text("v \t.")]);
});

Deno.test("actions carry the file, line and column of their command", async () => {
  const program = await compileDucky("REM x\n\n  GUI r\nSTRING a", { file: "p.txt", seed: 1 });
  assert.deepEqual(program.actions.map((action) => action.source), [
    { file: "p.txt", line: 3, column: 3 },
    { file: "p.txt", line: 4, column: 1 },
  ]);
  assert.equal((await compileDucky("ENTER")).actions[0]?.source?.file, "<input>");
});

Deno.test("keys still held at the end are released, with a warning at the HOLD", async () => {
  const program = await compileDucky("HOLD SHIFT\nSTRING a", { seed: 1 });
  assert.deepEqual(program.actions.map(withoutSource), [
    { type: "keyDown", key: "ShiftLeft" },
    text("a"),
    { type: "releaseAll" },
  ]);
  assert.equal(program.warnings.length, 1);
  assert.equal(program.warnings[0]?.source.line, 1);
  assert.match(program.warnings[0]!.message, /ShiftLeft is still held/);
});

Deno.test("RELEASE of a key that is not held warns and sends nothing", async () => {
  const program = await compileDucky("RELEASE a", { seed: 1 });
  assert.deepEqual(program.actions, []);
  assert.match(program.warnings[0]!.message, /RELEASE of key KeyA, which is not held/);
});

Deno.test("every device-only and Windows/Linux-only command warns with its location", async () => {
  for (const command of IGNORED_COMMANDS.keys()) {
    const program = await compileDucky(`STRING a\n  ${command} 1\nSTRING b`, { seed: 1 });
    assert.deepEqual(program.actions.map(withoutSource), [text("a"), text("b")], command);
    assert.equal(program.warnings.length, 1, command);
    assert.deepEqual(program.warnings[0]?.source, { file: "<input>", line: 2, column: 3 });
    assert.ok(program.warnings[0]?.message.startsWith(`${command} `), command);
    assert.equal(program.warnings[0]?.severity, "warning");
  }
});

Deno.test("a device-only command in a loop warns once", async () => {
  const source = "VAR $I = 3\nWHILE ($I > 0)\nLED_G\n$I -= 1\nEND_WHILE";
  assert.equal((await compileDucky(source)).warnings.length, 1);
});

Deno.test("BUTTON_DEF … END_BUTTON is checked, skipped and warned about", async () => {
  const program = await compileDucky("BUTTON_DEF\nSTRING x\nEND_BUTTON\nSTRING y", { seed: 1 });
  assert.deepEqual(program.actions.map(withoutSource), [text("y")]);
  assert.match(program.warnings[0]!.message, /BUTTON_DEF/);
  await assert.rejects(() => compileDucky("BUTTON_DEF\nSTRIGN x\nEND_BUTTON"), /STRIGN/);
});

Deno.test("ATTACKMODE warns and gives the keyboard ids; ID wins when first", async () => {
  const attack = await compileDucky("ATTACKMODE HID STORAGE VID_05AC PID_021E MAN_HAK5\nENTER");
  assert.deepEqual(attack.keyboard, { vendorId: 0x05AC, productId: 0x021E });
  assert.match(attack.warnings[0]!.message, /ATTACKMODE/);
  const both = await compileDucky("ID 1234:abcd\nATTACKMODE HID VID_05AC PID_021E");
  assert.deepEqual(both.keyboard, { vendorId: 0x1234, productId: 0xABCD });
  assert.ok(both.warnings.some((warning) => /second, different keyboard id/.test(warning.message)));
  assert.equal((await compileDucky("ATTACKMODE HID VID_RANDOM PID_RANDOM")).keyboard, undefined);
  assert.equal("keyboard" in (await compileDucky("ENTER")), false);
});

Deno.test("ID on a later line still applies (unlike Flipper's first-line rule)", async () => {
  assert.deepEqual((await compileDucky("ENTER\nID 05ac:021e")).keyboard, {
    vendorId: 0x05AC,
    productId: 0x021E,
  });
});

Deno.test("every MEDIA name presses a known key or warns", async () => {
  for (const [name, code] of MEDIA_KEYS) {
    const program = await compileDucky(`MEDIA ${name}`, { seed: 1 });
    if (code === undefined) {
      assert.deepEqual(program.actions, [], name);
      assert.match(program.warnings[0]!.message, new RegExp(`MEDIA ${name}`));
    } else {
      assert.equal(resolveKey(code).code, code);
      assert.deepEqual(program.actions.map(withoutSource), [press(code)], name);
    }
  }
});

Deno.test("RANDOM_* types one character of its set, the same for the same seed", async () => {
  for (const [command, characters] of RANDOM_CHARACTER_SETS) {
    const source = Array.from({ length: 40 }, () => command).join("\n");
    const first = (await compileDucky(source, { seed: 11 })).actions;
    const again = (await compileDucky(source, { seed: 11 })).actions;
    const other = (await compileDucky(source, { seed: 12 })).actions;
    assert.deepEqual(first, again, command);
    const typed = first.map((action) => action.type === "text" ? action.text : "?").join("");
    const otherTyped = other.map((action) => action.type === "text" ? action.text : "?").join("");
    assert.equal(typed.length, 40, command);
    assert.ok([...typed].every((character) => characters.includes(character)), command);
    assert.notEqual(typed, otherTyped, command);
  }
});

Deno.test("RANDOM_SPECIAL uses !@#$%^&*() and RANDOM_CHAR mixes all classes", async () => {
  assert.equal(RANDOM_CHARACTER_SETS.get("RANDOM_SPECIAL"), "!@#$%^&*()");
  const source = Array.from({ length: 400 }, () => "RANDOM_CHAR").join("\n");
  const typed = (await compileDucky(source, { seed: 3 })).actions.map((action) =>
    action.type === "text" ? action.text : ""
  ).join("");
  assert.match(typed, /[a-z]/);
  assert.match(typed, /[A-Z]/);
  assert.match(typed, /[0-9]/);
  assert.match(typed, /[!@#$%^&*()]/);
});

Deno.test("without a seed, a fresh one is chosen and reported", async () => {
  const program = await compileDucky("RANDOM_NUMBER");
  assert.ok(Number.isInteger(program.seed));
  const again = await compileDucky("RANDOM_NUMBER", { seed: program.seed });
  assert.deepEqual(again.actions, program.actions);
});
