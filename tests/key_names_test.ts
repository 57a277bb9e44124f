import assert from "node:assert/strict";
import fc from "fast-check";
import { DextkitError, ExitCode } from "../lib/errors.ts";
import { KEY_ALIASES } from "../lib/hid/key_aliases.ts";
import {
  InvalidKeyComboError,
  isModifier,
  type KeySpec,
  listKeys,
  parseCombo,
  resolveKey,
  resolveKeyName,
  searchKeys,
  UnknownKeyError,
} from "../lib/hid/key_names.ts";

const KEYBOARD = 0x07;
const CONSUMER = 0x0C;
const TOP_CASE = 0x00FF;
const APPLE_KEYBOARD = 0xFF01;
const DESKTOP = 0x01;

/** [name, page, usage]: expected usages are from the HUT, recipes-reference §4.1 and §1.2, driverkit-reference §2. */
const NAMES: readonly (readonly [string, number, number])[] = [
  // W3C KeyboardEvent.code
  ["KeyA", KEYBOARD, 0x04],
  ["KeyZ", KEYBOARD, 0x1D],
  ["Digit1", KEYBOARD, 0x1E],
  ["Digit0", KEYBOARD, 0x27],
  ["Enter", KEYBOARD, 0x28],
  ["Escape", KEYBOARD, 0x29],
  ["Backspace", KEYBOARD, 0x2A],
  ["Tab", KEYBOARD, 0x2B],
  ["Space", KEYBOARD, 0x2C],
  ["Minus", KEYBOARD, 0x2D],
  ["Equal", KEYBOARD, 0x2E],
  ["BracketLeft", KEYBOARD, 0x2F],
  ["Backslash", KEYBOARD, 0x31],
  ["Backquote", KEYBOARD, 0x35],
  ["Slash", KEYBOARD, 0x38],
  ["CapsLock", KEYBOARD, 0x39],
  ["F1", KEYBOARD, 0x3A],
  ["F12", KEYBOARD, 0x45],
  ["F13", KEYBOARD, 0x68],
  ["F24", KEYBOARD, 0x73],
  ["PrintScreen", KEYBOARD, 0x46],
  ["Pause", KEYBOARD, 0x48],
  ["Insert", KEYBOARD, 0x49],
  ["Home", KEYBOARD, 0x4A],
  ["PageUp", KEYBOARD, 0x4B],
  ["Delete", KEYBOARD, 0x4C],
  ["End", KEYBOARD, 0x4D],
  ["PageDown", KEYBOARD, 0x4E],
  ["ArrowRight", KEYBOARD, 0x4F],
  ["ArrowLeft", KEYBOARD, 0x50],
  ["ArrowDown", KEYBOARD, 0x51],
  ["ArrowUp", KEYBOARD, 0x52],
  ["NumLock", KEYBOARD, 0x53],
  ["NumpadEnter", KEYBOARD, 0x58],
  ["Numpad0", KEYBOARD, 0x62],
  ["IntlBackslash", KEYBOARD, 0x64],
  ["ContextMenu", KEYBOARD, 0x65],
  ["Power", KEYBOARD, 0x66],
  ["Help", KEYBOARD, 0x75],
  ["IntlRo", KEYBOARD, 0x87],
  ["IntlYen", KEYBOARD, 0x89],
  ["Lang1", KEYBOARD, 0x90],
  ["NumpadParenLeft", KEYBOARD, 0xB6],
  ["ControlLeft", KEYBOARD, 0xE0],
  ["ShiftLeft", KEYBOARD, 0xE1],
  ["AltLeft", KEYBOARD, 0xE2],
  ["MetaLeft", KEYBOARD, 0xE3],
  ["ControlRight", KEYBOARD, 0xE4],
  ["ShiftRight", KEYBOARD, 0xE5],
  ["AltRight", KEYBOARD, 0xE6],
  ["MetaRight", KEYBOARD, 0xE7],
  // Playwright generic modifiers and key values
  ["Shift", KEYBOARD, 0xE1],
  ["Control", KEYBOARD, 0xE0],
  ["Alt", KEYBOARD, 0xE2],
  ["Meta", KEYBOARD, 0xE3],
  ["AltGraph", KEYBOARD, 0xE6],
  // DuckyScript
  ["ENTER", KEYBOARD, 0x28],
  ["ESC", KEYBOARD, 0x29],
  ["GUI", KEYBOARD, 0xE3],
  ["WINDOWS", KEYBOARD, 0xE3],
  ["COMMAND", KEYBOARD, 0xE3],
  ["CTRL", KEYBOARD, 0xE0],
  ["ALT", KEYBOARD, 0xE2],
  ["OPTION", KEYBOARD, 0xE2],
  ["SHIFT", KEYBOARD, 0xE1],
  ["DELETE", KEYBOARD, 0x4C],
  ["DEL", KEYBOARD, 0x4C],
  ["BACKSPACE", KEYBOARD, 0x2A],
  ["UPARROW", KEYBOARD, 0x52],
  ["DOWNARROW", KEYBOARD, 0x51],
  ["LEFTARROW", KEYBOARD, 0x50],
  ["RIGHTARROW", KEYBOARD, 0x4F],
  ["APP", KEYBOARD, 0x65],
  ["MENU", KEYBOARD, 0x65],
  ["PAUSE", KEYBOARD, 0x48],
  ["BREAK", KEYBOARD, 0x48],
  ["PRINTSCREEN", KEYBOARD, 0x46],
  ["SCROLLLOCK", KEYBOARD, 0x47],
  ["PAGEDOWN", KEYBOARD, 0x4E],
  // Karabiner key_code
  ["return_or_enter", KEYBOARD, 0x28],
  ["delete_or_backspace", KEYBOARD, 0x2A],
  ["delete_forward", KEYBOARD, 0x4C],
  ["left_command", KEYBOARD, 0xE3],
  ["right_option", KEYBOARD, 0xE6],
  ["left_alt", KEYBOARD, 0xE2],
  ["right_gui", KEYBOARD, 0xE7],
  ["grave_accent_and_tilde", KEYBOARD, 0x35],
  ["non_us_backslash", KEYBOARD, 0x64],
  ["non_us_pound", KEYBOARD, 0x32],
  ["spacebar", KEYBOARD, 0x2C],
  ["hyphen", KEYBOARD, 0x2D],
  ["equal_sign", KEYBOARD, 0x2E],
  ["keypad_asterisk", KEYBOARD, 0x55],
  ["international3", KEYBOARD, 0x89],
  ["volume_increment", KEYBOARD, 0x80],
  ["volume_decrement", KEYBOARD, 0x81],
  ["japanese_kana", KEYBOARD, 0x90],
  ["japanese_eisuu", KEYBOARD, 0x91],
  ["fn", TOP_CASE, 0x03],
  ["display_brightness_increment", TOP_CASE, 0x04],
  ["display_brightness_decrement", TOP_CASE, 0x05],
  ["illumination_increment", TOP_CASE, 0x08],
  ["illumination_decrement", TOP_CASE, 0x09],
  ["mission_control", APPLE_KEYBOARD, 0x10],
  ["launchpad", APPLE_KEYBOARD, 0x04],
  ["dashboard", APPLE_KEYBOARD, 0x02],
  ["apple_display_brightness_increment", APPLE_KEYBOARD, 0x20],
  ["rewind", CONSUMER, 0xB4],
  ["play_or_pause", CONSUMER, 0xCD],
  ["fastforward", CONSUMER, 0xB3],
  // Usual aliases
  ["cmd", KEYBOARD, 0xE3],
  ["command", KEYBOARD, 0xE3],
  ["⌘", KEYBOARD, 0xE3],
  ["super", KEYBOARD, 0xE3],
  ["win", KEYBOARD, 0xE3],
  ["opt", KEYBOARD, 0xE2],
  ["option", KEYBOARD, 0xE2],
  ["⌥", KEYBOARD, 0xE2],
  ["ctrl", KEYBOARD, 0xE0],
  ["⌃", KEYBOARD, 0xE0],
  ["shift", KEYBOARD, 0xE1],
  ["⇧", KEYBOARD, 0xE1],
  ["return", KEYBOARD, 0x28],
  ["esc", KEYBOARD, 0x29],
  ["pgup", KEYBOARD, 0x4B],
  ["pgdn", KEYBOARD, 0x4E],
  ["left", KEYBOARD, 0x50],
  ["right", KEYBOARD, 0x4F],
  ["up", KEYBOARD, 0x52],
  ["down", KEYBOARD, 0x51],
  ["globe", TOP_CASE, 0x03],
  ["IntlHash", KEYBOARD, 0x32],
  // Media and system keys
  ["play", CONSUMER, 0xCD],
  ["MediaPlayPause", CONSUMER, 0xCD],
  ["MediaPlay", CONSUMER, 0xB0],
  ["MediaPause", CONSUMER, 0xB1],
  ["MediaStop", CONSUMER, 0xB7],
  ["next", CONSUMER, 0xB5],
  ["prev", CONSUMER, 0xB6],
  ["previous", CONSUMER, 0xB6],
  ["mute", CONSUMER, 0xE2],
  ["volumeup", CONSUMER, 0xE9],
  ["volume_up", CONSUMER, 0xE9],
  ["volumedown", CONSUMER, 0xEA],
  ["AudioVolumeUp", CONSUMER, 0xE9],
  ["eject", CONSUMER, 0xB8],
  ["brightnessup", TOP_CASE, 0x04],
  ["brightnessdown", TOP_CASE, 0x05],
  ["Spotlight", APPLE_KEYBOARD, 0x01],
  ["MissionControl", APPLE_KEYBOARD, 0x10],
  ["Launchpad", APPLE_KEYBOARD, 0x04],
  ["Sleep", DESKTOP, 0x82],
  ["DoNotDisturb", DESKTOP, 0x9B],
  ["DpadLeft", DESKTOP, 0x93],
  // Keyboard-page usages without a W3C code of their own
  ["KeyboardMenu", KEYBOARD, 0x76],
  ["KeyboardStop", KEYBOARD, 0x78],
  ["KeyboardMute", KEYBOARD, 0x7F],
  ["KeyboardVolumeUp", KEYBOARD, 0x80],
  ["KeyboardVolumeDown", KEYBOARD, 0x81],
  ["KeyboardReturn", KEYBOARD, 0x9E],
  ["Keyboard Mute", KEYBOARD, 0x7F],
  // Single characters (U.S. ANSI)
  ["a", KEYBOARD, 0x04],
  ["A", KEYBOARD, 0x04],
  ["z", KEYBOARD, 0x1D],
  ["4", KEYBOARD, 0x21],
  ["0", KEYBOARD, 0x27],
  ["?", KEYBOARD, 0x38],
  ["/", KEYBOARD, 0x38],
  ["+", KEYBOARD, 0x2E],
  ["`", KEYBOARD, 0x35],
  ["~", KEYBOARD, 0x35],
  ["\\", KEYBOARD, 0x31],
  ['"', KEYBOARD, 0x34],
  [" ", KEYBOARD, 0x2C],
  ["\n", KEYBOARD, 0x28],
];

const usages = (keys: readonly KeySpec[]) => keys.map((key) => [key.page, key.usage]);

Deno.test("resolveKey resolves names of every convention to their usages", () => {
  assert.ok(new Set(NAMES.map(([name]) => name)).size >= 60);
  for (const [name, page, usage] of NAMES) {
    const key = resolveKey(name);
    assert.deepEqual([key.page, key.usage], [page, usage], `name ${JSON.stringify(name)}`);
  }
});

Deno.test("names match case-insensitively and resolve to one shared KeySpec per key", () => {
  const enter = resolveKey("Enter");
  for (const name of ["ENTER", "enter", "EnTeR", "return", "RETURN_OR_ENTER", "⏎"]) {
    assert.equal(resolveKey(name), enter, name);
  }
  assert.deepEqual(enter, { code: "Enter", page: KEYBOARD, usage: 0x28 });
  assert.ok(Object.isFrozen(enter));
});

Deno.test("the canonical code is the W3C code, or PascalCase outside the keyboard page", () => {
  assert.equal(resolveKey("cmd").code, "MetaLeft");
  assert.equal(resolveKey("return_or_enter").code, "Enter");
  assert.equal(resolveKey("a").code, "KeyA");
  assert.equal(resolveKey("play_or_pause").code, "MediaPlayPause");
  assert.equal(resolveKey("volume_up").code, "AudioVolumeUp");
  assert.equal(resolveKey("display_brightness_increment").code, "BrightnessUp");
  assert.equal(resolveKey("mission_control").code, "MissionControl");
  assert.equal(resolveKey("launchpad").code, "Launchpad");
  assert.equal(resolveKey("globe").code, "Fn");
  assert.equal(resolveKey("spotlight").code, "Spotlight");
});

Deno.test("ambiguous names resolve as documented", () => {
  const at = (name: string) => {
    const key = resolveKey(name);
    return [key.page, key.usage];
  };
  // Delete is forward delete (W3C); the macOS "delete" keycap is Backspace.
  for (const name of ["Delete", "delete", "DELETE", "DEL", "del"]) {
    assert.deepEqual(at(name), [KEYBOARD, 0x4C], name);
  }
  for (const name of ["Backspace", "backspace", "delete_or_backspace", "BS"]) {
    assert.deepEqual(at(name), [KEYBOARD, 0x2A], name);
  }
  // MENU and APP are the Application key; the HUT "Menu" is KeyboardMenu.
  for (const name of ["menu", "MENU", "app", "APP", "application", "ContextMenu"]) {
    assert.deepEqual(at(name), [KEYBOARD, 0x65], name);
  }
  assert.deepEqual(at("KeyboardMenu"), [KEYBOARD, 0x76]);
  // PAUSE and BREAK are the keyboard Pause key; media pause has its own name.
  assert.deepEqual(at("PAUSE"), [KEYBOARD, 0x48]);
  assert.deepEqual(at("BREAK"), [KEYBOARD, 0x48]);
  assert.deepEqual(at("MediaPause"), [CONSUMER, 0xB1]);
  assert.deepEqual(at("play"), [CONSUMER, 0xCD]);
  assert.deepEqual(at("stop"), [KEYBOARD, 0x78]);
  assert.deepEqual(at("HOME"), [KEYBOARD, 0x4A]);
  assert.deepEqual(at("return"), [KEYBOARD, 0x28]);
  // Mute and volume: consumer page by default; the keyboard-page usages keep their HUT names.
  assert.deepEqual(at("mute"), [CONSUMER, 0xE2]);
  assert.deepEqual(at("AudioVolumeMute"), [CONSUMER, 0xE2]);
  assert.deepEqual(at("AudioVolumeDown"), [CONSUMER, 0xEA]);
  assert.deepEqual(at("KeyboardMute"), [KEYBOARD, 0x7F]);
  assert.deepEqual(at("Keyboard Volume Down"), [KEYBOARD, 0x81]);
  // Brightness: top case; the Apple vendor keyboard usages have their own names.
  assert.deepEqual(at("BrightnessUp"), [TOP_CASE, 0x04]);
  assert.deepEqual(at("AppleBrightnessDown"), [APPLE_KEYBOARD, 0x21]);
  // A single "^" is the caret character, not Control.
  assert.deepEqual(at("^"), [KEYBOARD, 0x23]);
});

Deno.test("resolveKeyName reports whether a character is shifted", () => {
  assert.equal(resolveKeyName("?").shifted, true);
  assert.equal(resolveKeyName("+").shifted, true);
  assert.equal(resolveKeyName("@").key.code, "Digit2");
  assert.equal(resolveKeyName("@").shifted, true);
  assert.equal(resolveKeyName("/").shifted, false);
  assert.equal(resolveKeyName("a").shifted, false);
  assert.equal(resolveKeyName("A").shifted, false);
  assert.equal(resolveKeyName("Slash").shifted, false);
  assert.equal(resolveKey("?"), resolveKey("/"));
});

Deno.test("parseCombo returns keys in press order", () => {
  assert.deepEqual(usages(parseCombo("Meta+Shift+4")), [
    [KEYBOARD, 0xE3],
    [KEYBOARD, 0xE1],
    [KEYBOARD, 0x21],
  ]);
  assert.deepEqual(usages(parseCombo("cmd+space")), [[KEYBOARD, 0xE3], [KEYBOARD, 0x2C]]);
  assert.deepEqual(usages(parseCombo("fn+F1")), [[TOP_CASE, 0x03], [KEYBOARD, 0x3A]]);
  assert.deepEqual(usages(parseCombo("Control+Alt+Delete")), [
    [KEYBOARD, 0xE0],
    [KEYBOARD, 0xE2],
    [KEYBOARD, 0x4C],
  ]);
  assert.deepEqual(usages(parseCombo("Enter")), [[KEYBOARD, 0x28]]);
});

Deno.test("ControlOrMeta is Meta on macOS (the default) and Control elsewhere", () => {
  assert.deepEqual(usages(parseCombo("ControlOrMeta+A")), [[KEYBOARD, 0xE3], [KEYBOARD, 0x04]]);
  assert.deepEqual(usages(parseCombo("ControlOrMeta+A", { platform: "macos" })), [
    [KEYBOARD, 0xE3],
    [KEYBOARD, 0x04],
  ]);
  assert.deepEqual(usages(parseCombo("ControlOrMeta+A", { platform: "other" })), [
    [KEYBOARD, 0xE0],
    [KEYBOARD, 0x04],
  ]);
  assert.equal(resolveKey("controlormeta", { platform: "other" }).code, "ControlLeft");
  assert.equal(resolveKey("CONTROLORMETA").code, "MetaLeft");
});

Deno.test("shifted characters add one ShiftLeft unless the combo has a Shift", () => {
  assert.deepEqual(usages(parseCombo("?")), [[KEYBOARD, 0xE1], [KEYBOARD, 0x38]]);
  assert.deepEqual(usages(parseCombo("+")), [[KEYBOARD, 0xE1], [KEYBOARD, 0x2E]]);
  assert.deepEqual(usages(parseCombo("Shift++")), [[KEYBOARD, 0xE1], [KEYBOARD, 0x2E]]);
  assert.deepEqual(usages(parseCombo("Meta++")), [
    [KEYBOARD, 0xE3],
    [KEYBOARD, 0xE1],
    [KEYBOARD, 0x2E],
  ]);
  assert.deepEqual(usages(parseCombo("ShiftRight+?")), [[KEYBOARD, 0xE5], [KEYBOARD, 0x38]]);
  assert.deepEqual(usages(parseCombo("Meta+?+!")), [
    [KEYBOARD, 0xE3],
    [KEYBOARD, 0xE1],
    [KEYBOARD, 0x38],
    [KEYBOARD, 0x1E],
  ]);
  assert.deepEqual(usages(parseCombo("Meta+/")), [[KEYBOARD, 0xE3], [KEYBOARD, 0x38]]);
  assert.deepEqual(usages(parseCombo("Meta+A")), [[KEYBOARD, 0xE3], [KEYBOARD, 0x04]]);
});

Deno.test("malformed combos raise InvalidKeyComboError", () => {
  for (const combo of ["", "Meta+", "++A", "Meta++A", "A++B", "+Meta", "++", "Shift+++"]) {
    assert.throws(() => parseCombo(combo), (error: unknown) => {
      assert.ok(error instanceof InvalidKeyComboError, combo);
      assert.ok(error instanceof DextkitError);
      assert.equal(error.exitCode, ExitCode.Usage);
      assert.equal(error.combo, combo);
      assert.ok(error.message.startsWith(`malformed key combo ${JSON.stringify(combo)}: `));
      assert.ok(error.hint.includes("Shift++"));
      return true;
    });
  }
  assert.throws(() => parseCombo("Shift+ShiftLeft"), /ShiftLeft appears twice/);
  assert.throws(() => parseCombo("cmd+Meta"), /MetaLeft appears twice/);
  assert.throws(() => parseCombo("?+?"), /Slash appears twice/);
});

Deno.test("unknown names raise UnknownKeyError with suggestions", () => {
  assert.throws(() => resolveKey("Entr"), (error: unknown) => {
    assert.ok(error instanceof UnknownKeyError);
    assert.ok(error instanceof DextkitError);
    assert.equal(error.message, 'unknown key name "Entr" (did you mean Enter, End?)');
    assert.equal(error.input, "Entr");
    assert.deepEqual(error.suggestions, ["Enter", "End"]);
    assert.equal(error.exitCode, ExitCode.Usage);
    assert.ok(error.hint.includes("dextkit keys --search"));
    return true;
  });
  assert.throws(() => resolveKey("Arrow"), (error: unknown) => {
    assert.ok(error instanceof UnknownKeyError);
    assert.ok(error.suggestions.every((name) => name.startsWith("Arrow")));
    assert.equal(error.suggestions.length, 3);
    return true;
  });
  assert.throws(() => resolveKey("Cmmand"), (error: unknown) => {
    assert.ok(error instanceof UnknownKeyError);
    assert.equal(error.suggestions[0], "Command");
    return true;
  });
  assert.throws(() => resolveKey("qqqqqqqqqq"), (error: unknown) => {
    assert.ok(error instanceof UnknownKeyError);
    assert.deepEqual(error.suggestions, []);
    assert.equal(error.message, 'unknown key name "qqqqqqqqqq"');
    return true;
  });
  assert.throws(() => parseCombo("Meta+Entr"), (error: unknown) => {
    assert.ok(error instanceof UnknownKeyError);
    assert.equal(error.input, "Entr");
    assert.equal(
      error.message,
      'unknown key name "Entr" in key combo "Meta+Entr" (did you mean Enter, End?)',
    );
    return true;
  });
  // Names are not trimmed: a space inside a combo is part of the name.
  assert.throws(() => parseCombo("Meta + A"), UnknownKeyError);
  assert.throws(() => resolveKey(""), UnknownKeyError);
});

Deno.test("listKeys lists every key once, and every listed name resolves to its key", () => {
  const keys = listKeys();
  assert.equal(listKeys(), keys);
  assert.ok(Object.isFrozen(keys));
  assert.equal(new Set(keys.map((key) => key.code)).size, keys.length);
  assert.equal(new Set(keys.map((key) => `${key.page}:${key.usage}`)).size, keys.length);
  // HUT names resolve to their key unless a documented decision gave the name to another key.
  const outranked: string[] = [];
  for (const info of keys) {
    const key = resolveKey(info.code);
    assert.deepEqual([key.code, key.page, key.usage], [info.code, info.page, info.usage]);
    if (resolveKey(info.hutName) !== key) outranked.push(`${info.code}:${info.hutName}`);
    for (const alias of info.aliases) assert.equal(resolveKey(alias), key, alias);
  }
  assert.deepEqual(outranked, [
    "MediaPlay:Play", // "play" is MediaPlayPause
    "MediaPause:Pause", // "pause" is the keyboard Pause key
    "MediaStop:Stop", // "stop" is the keyboard Stop key
    "AppleBrightnessUp:Brightness Up", // the top case brightness keys come first
    "AppleBrightnessDown:Brightness Down",
  ]);
  // Keyboard page 0x04–0xA4, 0xB0–0xDD and 0xE0–0xE7, in usage order, before the other pages.
  const keyboard = keys.filter((key) => key.page === KEYBOARD);
  assert.equal(keyboard.length, 161 + 46 + 8);
  assert.deepEqual(keys.slice(0, keyboard.length), keyboard);
  assert.deepEqual(
    keyboard.map((key) => key.usage),
    keyboard.map((key) => key.usage).sort((a, b) => a - b),
  );
  assert.equal(keyboard[0]?.usage, 0x04);
  const enter = keys.find((key) => key.code === "Enter");
  assert.equal(enter?.hutName, "Keyboard Return Enter");
  assert.ok(enter?.aliases.includes("return_or_enter"));
  assert.ok(enter?.aliases.includes("Return"));
  assert.ok(!enter?.aliases.includes("\n"));
  assert.ok(!keys.some((key) => key.code === "ControlOrMeta"));
});

Deno.test("every hand-written alias resolves to the key it is listed under", () => {
  for (const [code, aliases] of KEY_ALIASES) {
    for (const alias of aliases) assert.equal(resolveKey(alias).code, code, alias);
  }
});

Deno.test("searchKeys matches code, HUT name and aliases case-insensitively", () => {
  const codes = (text: string) => searchKeys(text).map((key) => key.code);
  const volume = codes("volume");
  for (
    const code of [
      "AudioVolumeMute",
      "AudioVolumeUp",
      "AudioVolumeDown",
      "KeyboardVolumeUp",
      "KeyboardVolumeDown",
    ]
  ) {
    assert.ok(volume.includes(code), code);
  }
  assert.deepEqual(codes("VOLUME"), volume);
  assert.deepEqual(codes("⌘"), ["MetaLeft"]);
  assert.deepEqual(codes("Keyboard Fn"), ["Fn"]);
  assert.deepEqual(codes("return_or"), ["Enter"]);
  assert.deepEqual(codes("zzzz"), []);
  assert.equal(searchKeys(""), listKeys());
  assert.equal(searchKeys("  "), listKeys());
});

Deno.test("isModifier is true exactly for keyboard usages 0xE0..0xE7", () => {
  for (
    const name of ["ControlLeft", "Shift", "Alt", "cmd", "RCtrl", "ShiftRight", "AltGraph", "RCmd"]
  ) {
    assert.ok(isModifier(resolveKey(name)), name);
  }
  for (const name of ["CapsLock", "fn", "a", "mute", "Escape"]) {
    assert.ok(!isModifier(resolveKey(name)), name);
  }
  // Consumer Mute shares usage 0xE2 with AltLeft, on another page.
  assert.ok(!isModifier({ code: "AudioVolumeMute", page: CONSUMER, usage: 0xE2 }));
  assert.equal(listKeys().filter(isModifier).length, 8);
});

Deno.test("resolveKey and parseCombo only ever throw dextkit errors", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), (name) => {
      try {
        const key = resolveKey(name);
        assert.ok(listKeys().some((info) => info.code === key.code));
      } catch (error) {
        assert.ok(error instanceof UnknownKeyError);
      }
      try {
        parseCombo(name);
      } catch (error) {
        assert.ok(error instanceof UnknownKeyError || error instanceof InvalidKeyComboError);
      }
    }),
    { numRuns: 300 },
  );
});
