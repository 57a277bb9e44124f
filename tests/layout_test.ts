/**
 * Layouts: registry, keyboard types, the ISO swap, per-layout spot checks written by hand from
 * the CLDR files (ISO position → HID usage via `_platform.xml` and recipes-reference §4.1), dead
 * keys and Caps Lock planning.
 */
import assert from "node:assert/strict";
import { getLayout, listLayouts, UnknownLayoutError } from "../lib/layout/layout_registry.ts";
import { parseKeyboardType, UnknownKeyboardTypeError } from "../lib/layout/keyboard_type.ts";
import type { KeyboardType } from "../lib/layout/keyboard_type.ts";
import { usagePreference, virtualKeyForUsage } from "../lib/layout/virtual_keys.ts";
import { characterStrokes, strokesForCharacter } from "../lib/layout/character_strokes.ts";
import { CAPS_LOCK_STROKE, strokesForText } from "../lib/layout/text_strokes.ts";
import { KeyTranslator } from "../lib/layout/key_translator.ts";
import { KeyboardLayout, type KeyStroke } from "../lib/layout/keyboard_layout.ts";
import type { LayoutDefinition } from "../lib/layout/layout_definition.ts";
import { UnproducibleCharacterError } from "../lib/layout/layout_errors.ts";
import { US_ANSI } from "../lib/layout/us_ansi.ts";

const PLAIN = { shift: false, option: false, capsLock: false };

/** A stroke written compactly: usage plus "s" (Shift) and/or "o" (Option). */
function stroke(usage: number, modifiers = ""): KeyStroke {
  return { usage, shift: modifiers.includes("s"), option: modifiers.includes("o") };
}

/** The error `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail("expected an error");
}

/** Types strokes through a translator (a fresh dead-key state) and returns the text. */
function typeStrokes(
  layoutId: string,
  keyboardType: KeyboardType | undefined,
  strokes: readonly KeyStroke[],
  capsLock = false,
): string {
  const translator = new KeyTranslator(getLayout(layoutId), keyboardType);
  let caps = capsLock;
  let text = "";
  for (const { usage, shift, option } of strokes) {
    if (usage === 0x39) caps = !caps;
    else text += translator.keyDown(usage, { shift, option, capsLock: caps });
  }
  return text;
}

Deno.test("every required layout is listed, U.S. first, with its default keyboard type", () => {
  const ids = listLayouts().map((layout) => layout.id);
  assert.deepEqual(ids, [
    "us",
    "abc-extended",
    "gb",
    "de",
    "de-ch",
    "fr",
    "fr-ch",
    "es-legacy",
    "it-qzerty",
    "pt",
    "pt-br-legacy",
    "sv-legacy",
    "nb",
    "da",
    "fi",
    "nl",
    "pl-qwertz",
    "cs",
    "tr-legacy",
    "tr-q-legacy",
    "dvorak",
    "colemak",
    "pl",
    "es",
    "it",
    "sv",
    "ru",
    "jis",
  ]);
  const types = Object.fromEntries(listLayouts().map((l) => [l.id, l.defaultKeyboardType]));
  assert.equal(types.us, "ansi");
  assert.equal(types.dvorak, "ansi");
  assert.equal(types.de, "iso");
  assert.equal(types.gb, "iso");
  assert.equal(types.jis, "jis");
});

Deno.test("getLayout takes ids and macOS names in any case", () => {
  assert.equal(getLayout("DE").name, "German");
  assert.equal(getLayout("german").id, "de");
  assert.equal(getLayout(" Swiss French ").id, "fr-ch");
  assert.equal(getLayout("ABC – Extended").id, "abc-extended");
  assert.equal(getLayout("US Extended").id, "abc-extended");
  assert.equal(getLayout("Brazilian – Legacy").id, "pt-br-legacy");
  assert.equal(getLayout("Portuguese").id, "pt");
  assert.equal(getLayout("us"), US_ANSI);
  assert.equal(US_ANSI.name, "U.S.");
});

Deno.test("an unknown layout is a usage error naming the closest ids", () => {
  const error = thrown(() => getLayout("gremn"));
  assert.ok(error instanceof UnknownLayoutError);
  assert.equal(error.exitCode, 2);
  assert.ok(error.suggestions.includes("de"), error.suggestions.join());
  assert.match(error.message, /^unknown keyboard layout "gremn"; did you mean .*"de"/);
  assert.match(error.hint, /dextkit layouts/);
  // A near-miss of a name suggests that layout's id.
  assert.deepEqual(new UnknownLayoutError("Dvorac").suggestions[0], "dvorak");
  assert.deepEqual(new UnknownLayoutError("zzzzzzzzzzzz").suggestions, []);
});

Deno.test("keyboard types parse case-insensitively; others are usage errors", () => {
  assert.equal(parseKeyboardType("ANSI"), "ansi");
  assert.equal(parseKeyboardType("jis"), "jis");
  const error = new UnknownKeyboardTypeError("isoo");
  assert.equal(error.message, 'unknown keyboard type "isoo"; did you mean "iso"?');
  assert.equal(error.exitCode, 2);
  assert.throws(() => parseKeyboardType("pc105"), UnknownKeyboardTypeError);
});

Deno.test("the ISO keyboard type swaps usages 0x35 and 0x64, nothing else", () => {
  assert.equal(virtualKeyForUsage(0x35, "ansi"), 0x32);
  assert.equal(virtualKeyForUsage(0x64, "ansi"), 0x0a);
  assert.equal(virtualKeyForUsage(0x35, "jis"), 0x32);
  assert.equal(virtualKeyForUsage(0x64, "jis"), 0x0a);
  assert.equal(virtualKeyForUsage(0x35, "iso"), 0x0a);
  assert.equal(virtualKeyForUsage(0x64, "iso"), 0x32);
  for (let usage = 0; usage < 0x100; usage++) {
    if (usage === 0x35 || usage === 0x64) continue;
    assert.equal(virtualKeyForUsage(usage, "iso"), virtualKeyForUsage(usage, "ansi"));
  }
  assert.equal(virtualKeyForUsage(0x87, "jis"), 0x5e);
  assert.equal(virtualKeyForUsage(0x89, "jis"), 0x5d);
  assert.equal(virtualKeyForUsage(0x70, "ansi"), undefined); // F21 has no mac virtual key
  assert.ok(usagePreference(0x38) < usagePreference(0x32));
  assert.ok(usagePreference(0x89) < usagePreference(0x54));
});

/**
 * Spot checks from the CLDR files: [layout, keyboard type (default when omitted), character,
 * strokes]. ISO positions map to usages as E01–E12 = 0x1E–0x27 0x2D 0x2E, D01–D13 =
 * QWERTYUIOP 0x2F 0x30 0x31, C01–C11 = ASDFGHJKL 0x33 0x34, B01–B10 = ZXCVBNM 0x36 0x37 0x38;
 * E00 (virtual key 50) is 0x64 on ISO and 0x35 on ANSI, B00 (virtual key 10) the other way round.
 */
const SPOT_CHECKS: readonly [string, KeyboardType | undefined, string, readonly KeyStroke[]][] = [
  // en-t-k0-osx: shift E02 "@", shift E00 "~", opt D03 dead "´".
  ["us", undefined, "@", [stroke(0x1f, "s")]],
  ["us", undefined, "~", [stroke(0x35, "s")]],
  ["us", undefined, "é", [stroke(0x08, "o"), stroke(0x08)]],
  // en-t-k0-osx-extended: opt D07 dead "¨" + "u" → ü; opt C01 dead "¯" + "a" → ā.
  ["abc-extended", undefined, "ü", [stroke(0x18, "o"), stroke(0x18)]],
  ["abc-extended", undefined, "ā", [stroke(0x04, "o"), stroke(0x04)]],
  // en-GB: opt E03 "#", shift E03 "£", shift E02 "@", B00 "§", E00 "`".
  ["gb", undefined, "#", [stroke(0x20, "o")]],
  ["gb", undefined, "£", [stroke(0x20, "s")]],
  ["gb", undefined, "@", [stroke(0x1f, "s")]],
  ["gb", undefined, "§", [stroke(0x35)]],
  ["gb", undefined, "`", [stroke(0x64)]],
  ["gb", "ansi", "`", [stroke(0x35)]],
  // de: opt C09 "@", D06 "z", B01 "y", E00 "<", B00 dead "^" (+ space), opt D03 "€",
  // opt E08 "{", opt+shift E07 "\".
  ["de", undefined, "@", [stroke(0x0f, "o")]],
  ["de", undefined, "z", [stroke(0x1c)]],
  ["de", undefined, "y", [stroke(0x1d)]],
  ["de", undefined, "<", [stroke(0x64)]],
  ["de", "ansi", "<", [stroke(0x35)]],
  ["de", undefined, "^", [stroke(0x35), stroke(0x2c)]],
  // On ANSI, B00 is the ISO-only key, so opt+shift E06 (dead "^" too) wins.
  ["de", "ansi", "^", [stroke(0x23, "so"), stroke(0x2c)]],
  ["de", undefined, "€", [stroke(0x08, "o")]],
  ["de", undefined, "{", [stroke(0x25, "o")]],
  ["de", undefined, "\\", [stroke(0x24, "so")]],
  ["de", undefined, "ü", [stroke(0x2f)]],
  // de-CH: D06 "z", shift E01 "+", B00 "§".
  ["de-ch", undefined, "z", [stroke(0x1c)]],
  ["de-ch", undefined, "+", [stroke(0x1e, "s")]],
  ["de-ch", undefined, "§", [stroke(0x35)]],
  // fr: digits need Shift (shift E01 "1"), E01 "&", D01 "a", C01 "q", B00 "@", E02 "é".
  ["fr", undefined, "1", [stroke(0x1e, "s")]],
  ["fr", undefined, "0", [stroke(0x27, "s")]],
  ["fr", undefined, "&", [stroke(0x1e)]],
  ["fr", undefined, "a", [stroke(0x14)]],
  ["fr", undefined, "q", [stroke(0x04)]],
  ["fr", undefined, "@", [stroke(0x35)]],
  ["fr", undefined, "é", [stroke(0x1f)]],
  // fr-CH: C10 "é", D11 "è", C11 "à".
  ["fr-ch", undefined, "é", [stroke(0x33)]],
  ["fr-ch", undefined, "è", [stroke(0x2f)]],
  ["fr-ch", undefined, "à", [stroke(0x34)]],
  // es: C10 "ñ", shift E01 "¡", D11 dead "´" + "a".
  ["es-legacy", undefined, "ñ", [stroke(0x33)]],
  ["es-legacy", undefined, "¡", [stroke(0x1e, "s")]],
  ["es-legacy", undefined, "á", [stroke(0x2f), stroke(0x04)]],
  // it: shift E01 "1", B00 "@", D02 "z", E09 "à".
  ["it-qzerty", undefined, "1", [stroke(0x1e, "s")]],
  ["it-qzerty", undefined, "@", [stroke(0x35)]],
  ["it-qzerty", undefined, "z", [stroke(0x1a)]],
  ["it-qzerty", undefined, "à", [stroke(0x26)]],
  // pt-PT: C10 "ç", opt E02 "@".
  ["pt", undefined, "ç", [stroke(0x33)]],
  ["pt", undefined, "@", [stroke(0x1f, "o")]],
  // pt (Brazilian): shift E02 "@", opt B03 "ç".
  ["pt-br-legacy", undefined, "@", [stroke(0x1f, "s")]],
  ["pt-br-legacy", undefined, "ç", [stroke(0x06, "o")]],
  // sv: D11 "å", C10 "ö", opt D13 "@".
  ["sv-legacy", undefined, "å", [stroke(0x2f)]],
  ["sv-legacy", undefined, "ö", [stroke(0x33)]],
  ["sv-legacy", undefined, "@", [stroke(0x31, "o")]],
  // nb: C10 "ø", D13 "@", B00 "'".
  ["nb", undefined, "ø", [stroke(0x33)]],
  ["nb", undefined, "@", [stroke(0x31)]],
  ["nb", undefined, "'", [stroke(0x35)]],
  // da: C10 "æ", C11 "ø", B00 "$" (on ANSI B00 is the ISO-only key, so opt+shift E03 wins).
  ["da", undefined, "æ", [stroke(0x33)]],
  ["da", undefined, "ø", [stroke(0x34)]],
  ["da", undefined, "$", [stroke(0x35)]],
  ["da", "ansi", "$", [stroke(0x20, "so")]],
  // fi: C10 "ö", opt E02 "@".
  ["fi", undefined, "ö", [stroke(0x33)]],
  ["fi", undefined, "@", [stroke(0x1f, "o")]],
  // nl: opt E02 "€", B00 "§".
  ["nl", undefined, "€", [stroke(0x1f, "o")]],
  ["nl", undefined, "§", [stroke(0x35)]],
  // pl: C10 "ł", E11 "ż", D06 "z", B01 "y", opt E02 "@".
  ["pl-qwertz", undefined, "ł", [stroke(0x33)]],
  ["pl-qwertz", undefined, "ż", [stroke(0x2d)]],
  ["pl-qwertz", undefined, "z", [stroke(0x1c)]],
  ["pl-qwertz", undefined, "y", [stroke(0x1d)]],
  ["pl-qwertz", undefined, "@", [stroke(0x1f, "o")]],
  // cs: E02 "ě", shift E01 "1", opt E02 "@", D06 "z".
  ["cs", undefined, "ě", [stroke(0x1f)]],
  ["cs", undefined, "1", [stroke(0x1e, "s")]],
  ["cs", undefined, "@", [stroke(0x1f, "o")]],
  ["cs", undefined, "z", [stroke(0x1c)]],
  // tr (F): D01 "f", D03 "ğ", D04 "ı", opt C05 "@", E00 "w".
  ["tr-legacy", undefined, "f", [stroke(0x14)]],
  ["tr-legacy", undefined, "ğ", [stroke(0x08)]],
  ["tr-legacy", undefined, "ı", [stroke(0x15)]],
  ["tr-legacy", undefined, "@", [stroke(0x0a, "o")]],
  ["tr-legacy", undefined, "w", [stroke(0x64)]],
  // tr-q: opt C02 "ş", opt C05 "ğ", shift E02 "@".
  ["tr-q-legacy", undefined, "ş", [stroke(0x16, "o")]],
  ["tr-q-legacy", undefined, "ğ", [stroke(0x0a, "o")]],
  ["tr-q-legacy", undefined, "@", [stroke(0x1f, "s")]],
  // The captures (vscode-darwin-keyboard-layouts, by W3C code). pl (Polish Pro): Option+Z "ż",
  // Option+X "ź", Option+L "ł"; Option+U is the dead "¨" (derived: ¨ then o is ö).
  ["pl", undefined, "ż", [stroke(0x1d, "o")]],
  ["pl", undefined, "ź", [stroke(0x1b, "o")]],
  ["pl", undefined, "ł", [stroke(0x0f, "o")]],
  ["pl", undefined, "ö", [stroke(0x18, "o"), stroke(0x12)]],
  // es (Spanish ISO): Semicolon "ñ", Quote dead "´" (then a), Backquote "<" (vk 0x32).
  ["es", undefined, "ñ", [stroke(0x33)]],
  ["es", undefined, "á", [stroke(0x34), stroke(0x04)]],
  ["es", undefined, "<", [stroke(0x64)]],
  // it (Italian Pro): Equal "ì", Option+8 dead "´" (then a), Digit2 Shift '"'.
  ["it", undefined, "ì", [stroke(0x2e)]],
  ["it", undefined, "á", [stroke(0x25, "o"), stroke(0x04)]],
  ["it", undefined, '"', [stroke(0x1f, "s")]],
  // sv (Swedish Pro): BracketLeft "å", Semicolon "ö", Option+2 "@", Equal dead "´".
  ["sv", undefined, "å", [stroke(0x2f)]],
  ["sv", undefined, "ö", [stroke(0x33)]],
  ["sv", undefined, "@", [stroke(0x1f, "o")]],
  ["sv", undefined, "ú", [stroke(0x2e), stroke(0x18)]],
  // ru: KeyQ "й", KeyF "а", Shift+Digit3 "№".
  ["ru", undefined, "й", [stroke(0x14)]],
  ["ru", undefined, "а", [stroke(0x09)]],
  ["ru", undefined, "№", [stroke(0x20, "s")]],
  // dvorak: D01 "'", C02 "o", C03 "e", E11 "[", B10 "z".
  ["dvorak", undefined, "'", [stroke(0x14)]],
  ["dvorak", undefined, "o", [stroke(0x16)]],
  ["dvorak", undefined, "e", [stroke(0x07)]],
  ["dvorak", undefined, "[", [stroke(0x2d)]],
  ["dvorak", undefined, "z", [stroke(0x38)]],
  // colemak: D03 "f", C02 "r", C10 "o", D10 ";".
  ["colemak", undefined, "f", [stroke(0x08)]],
  ["colemak", undefined, "r", [stroke(0x16)]],
  ["colemak", undefined, "o", [stroke(0x33)]],
  ["colemak", undefined, ";", [stroke(0x13)]],
  // jis (recipes-reference §3.4 item 4): @ 0x2F, [ 0x30, ] on virtual key 0x2A, : 0x34,
  // ^ 0x2E, " Shift+2, _ 0x87, ¥ 0x89, \ Option+¥ (unverified).
  ["jis", undefined, "@", [stroke(0x2f)]],
  ["jis", undefined, "[", [stroke(0x30)]],
  ["jis", undefined, "]", [stroke(0x31)]],
  ["jis", undefined, ":", [stroke(0x34)]],
  ["jis", undefined, "^", [stroke(0x2e)]],
  ["jis", undefined, '"', [stroke(0x1f, "s")]],
  ["jis", undefined, "_", [stroke(0x87)]],
  // ¥ is also Option+Y in the Option layer (an override), which the planner prefers to the yen key.
  ["jis", undefined, "¥", [stroke(0x1c, "o")]],
  ["jis", undefined, "|", [stroke(0x89, "s")]],
  ["jis", undefined, "\\", [stroke(0x89, "o")]],
];

Deno.test("spot checks: each layout's strokes for characters read off its CLDR file", () => {
  const covered = new Set<string>();
  for (const [id, keyboardType, char, expected] of SPOT_CHECKS) {
    const options = keyboardType === undefined ? {} : { keyboardType };
    const where = `${id} ${keyboardType ?? "default"} ${JSON.stringify(char)}`;
    assert.deepEqual(strokesForCharacter(getLayout(id), char, options), expected, where);
    assert.equal(typeStrokes(id, keyboardType, expected), char, where);
    covered.add(id);
  }
  assert.deepEqual([...covered].sort(), listLayouts().map((layout) => layout.id).sort());
});

Deno.test("JIS: the key macOS reads as virtual key 0x2A is ] whether it comes as 0x31 or 0x32", () => {
  const translator = new KeyTranslator(getLayout("jis"));
  assert.equal(translator.keyDown(0x31, PLAIN), "]");
  assert.equal(translator.keyDown(0x32, PLAIN), "]");
  assert.equal(translator.keyDown(0x32, { ...PLAIN, shift: true }), "}");
  assert.equal(translator.keyDown(0x35, PLAIN), ""); // no key left of 1 on a Mac JIS keyboard
});

Deno.test("the same report types different characters under ANSI and ISO (German)", () => {
  const ansi = new KeyTranslator(getLayout("de"), "ansi");
  const iso = new KeyTranslator(getLayout("de"), "iso");
  assert.equal(ansi.keyDown(0x35, PLAIN), "<");
  assert.equal(iso.keyDown(0x64, PLAIN), "<");
  assert.equal(iso.keyDown(0x35, { ...PLAIN, shift: true }), "°");
  assert.equal(ansi.keyDown(0x64, { ...PLAIN, shift: true }), "°");
  assert.deepEqual(strokesForText("<>", { layout: getLayout("de"), keyboardType: "iso" }), [
    stroke(0x64),
    stroke(0x64, "s"),
  ]);
});

Deno.test("dead keys compose, type themselves before Space, and fall back like macOS", () => {
  const german = new KeyTranslator(getLayout("de"));
  const acute = 0x2e; // Equal: ´ plain, ` with Shift (both dead)
  assert.equal(german.keyDown(acute, PLAIN), "");
  assert.equal(german.keyDown(0x08, { ...PLAIN, shift: true }), "É");
  assert.equal(german.keyDown(acute, PLAIN), "");
  assert.equal(german.keyDown(0x2c, PLAIN), "´");
  // No composition: the dead key's text, then the key's.
  assert.equal(german.keyDown(acute, PLAIN), "");
  assert.equal(german.keyDown(0x1b, PLAIN), "´x");
  // A dead key after a dead key: the first types itself, the second waits.
  assert.equal(german.keyDown(acute, PLAIN), "");
  assert.equal(german.keyDown(acute, { ...PLAIN, shift: true }), "´");
  assert.equal(german.pendingDeadKey, "`");
  assert.equal(german.keyDown(0x04, PLAIN), "à");
  // Keys that type nothing leave the wait; flush and cancel end it.
  assert.equal(german.keyDown(acute, PLAIN), "");
  assert.equal(german.keyDown(0x4f, PLAIN), ""); // ArrowRight
  assert.equal(german.pendingDeadKey, "´");
  assert.equal(german.flush(), "´");
  assert.equal(german.flush(), "");
  german.keyDown(acute, PLAIN);
  german.cancel();
  assert.equal(german.keyDown(0x08, PLAIN), "e");
});

Deno.test("a literal dead-key character is the dead key then Space", () => {
  assert.deepEqual(strokesForCharacter(getLayout("de"), "´"), [stroke(0x2e), stroke(0x2c)]);
  assert.deepEqual(strokesForCharacter(getLayout("de"), "`"), [stroke(0x2e, "s"), stroke(0x2c)]);
  // U.S. has ` as a plain key: one stroke beats the Option+` dead key.
  assert.deepEqual(strokesForCharacter(US_ANSI, "`"), [stroke(0x35)]);
  // ´ on U.S.: Option+Shift+E types it directly (transform="no"), beating Option+E then Space.
  assert.deepEqual(strokesForCharacter(US_ANSI, "´"), [stroke(0x08, "so")]);
});

Deno.test("Caps Lock on: letters need no Shift, lower case toggles Caps Lock around it", () => {
  const caps = { capsLock: true };
  assert.deepEqual(strokesForText("AB", caps), [stroke(0x04), stroke(0x05)]);
  assert.deepEqual(strokesForText("a1", caps), [
    CAPS_LOCK_STROKE,
    stroke(0x04),
    stroke(0x1e),
    CAPS_LOCK_STROKE,
  ]);
  // Toggled once, it stays off for the rest of the text and is restored at the end only.
  assert.deepEqual(strokesForText("aBc", caps), [
    CAPS_LOCK_STROKE,
    stroke(0x04),
    stroke(0x05, "s"),
    stroke(0x06),
    CAPS_LOCK_STROKE,
  ]);
  // With Caps Lock on, Option+Q types Œ in U.S. (opt+caps map), so œ needs Caps Lock off.
  assert.deepEqual(strokesForText("Œ", caps), [stroke(0x14, "o")]);
  assert.deepEqual(strokesForText("œ", caps), [
    CAPS_LOCK_STROKE,
    stroke(0x14, "o"),
    CAPS_LOCK_STROKE,
  ]);
  // Swiss French keeps è lower case under Caps Lock (caps map D11 "è"): no toggle needed.
  assert.deepEqual(strokesForText("è", { layout: getLayout("fr-ch"), capsLock: true }), [
    stroke(0x2f),
  ]);
  assert.equal(typeStrokes("us", undefined, strokesForText("aBc", caps), true), "aBc");
});

Deno.test("text planning: Enter, Tab and the first unproducible character", () => {
  assert.deepEqual(strokesForText("a\r\nb\rc\td\n"), [
    stroke(0x04),
    stroke(0x28),
    stroke(0x05),
    stroke(0x28),
    stroke(0x06),
    stroke(0x2b),
    stroke(0x07),
    stroke(0x28),
  ]);
  const error = thrown(() => strokesForText("ab€😀ü", { layout: getLayout("gb") }));
  assert.ok(error instanceof UnproducibleCharacterError);
  assert.equal(error.character, "😀");
  assert.equal(error.index, 3);
  assert.equal(error.layout, "British");
  // ü is fine on British (opt D07 dead ¨ + u); only the emoji fails.
  assert.equal(strokesForText("ü", { layout: getLayout("gb") }).length, 2);
});

Deno.test("the planner's character tables are cached and only hold single characters", () => {
  const abc = getLayout("abc-extended");
  assert.equal(characterStrokes(abc), characterStrokes(abc, { keyboardType: "ansi" }));
  assert.notEqual(characterStrokes(abc), characterStrokes(abc, { capsLock: true }));
  for (const char of characterStrokes(abc, { capsLock: true }).keys()) {
    assert.equal([...char].length, 1, char);
  }
  // Option+Caps Lock+S types "SS" on ABC – Extended: left out of the table, but the host types it.
  const translator = new KeyTranslator(abc);
  assert.equal(translator.keyDown(0x16, { shift: false, option: true, capsLock: true }), "SS");
});

Deno.test("a hand-written layout definition works like a built-in one", () => {
  const tiny = new KeyboardLayout({
    id: "tiny",
    name: "Tiny",
    defaultKeyboardType: "ansi",
    source: "test",
    keys: [[0x0e, "e", "E", { dead: "´" }, "€"], [0x31, " ", " ", " ", " "]],
    deadKeys: [["´", ["eé", "EÉ", " ´"]]],
  });
  assert.deepEqual(tiny.virtualKeys.filter((key) => key === 0x0e || key === 0x31), [0x0e, 0x31]);
  assert.deepEqual(tiny.deadKeys, ["´"]);
  // Caps Lock outputs derived from the four given: E upper-cased, the Option dead key kept.
  assert.equal(tiny.output(0x0e, { ...PLAIN, capsLock: true })?.text, "E");
  assert.equal(tiny.output(0x0e, { shift: false, option: true, capsLock: true })?.dead, true);
  assert.deepEqual(strokesForText("É€ ", { layout: tiny }), [
    stroke(0x08, "o"),
    stroke(0x08, "s"),
    stroke(0x08, "so"),
    stroke(0x2c),
  ]);
  assert.throws(
    () => new KeyboardLayout({ ...tinyDefinition(), keys: [[0x0e, "e", "E"]] }),
    /tiny: virtual key 14 has 2 outputs; expected 4 or 8/,
  );
  assert.throws(
    () =>
      new KeyboardLayout({
        ...tinyDefinition(),
        keys: [[0x0e, "e", "E", "", ""], [0x0e, "e", "E", "", ""]],
      }),
    /virtual key 14 is defined twice/,
  );
});

function tinyDefinition(): LayoutDefinition {
  return {
    id: "tiny",
    name: "Tiny",
    defaultKeyboardType: "ansi",
    source: "test",
    keys: [],
    deadKeys: [],
  };
}

Deno.test("the keypad types its legends whatever the layout and modifiers", () => {
  const german = new KeyTranslator(getLayout("de"));
  assert.equal(german.keyDown(0x59, PLAIN), "1");
  assert.equal(german.keyDown(0x63, { shift: true, option: true, capsLock: true }), ".");
  assert.equal(german.keyDown(0x67, PLAIN), "=");
  // Main-block keys win over the keypad when planning.
  assert.deepEqual(strokesForCharacter(getLayout("de"), "1"), [stroke(0x1e)]);
});
