/**
 * `.keylayout` files: the hand-written fixture's keys, modifier maps, inherited key maps, dead
 * keys and terminators; located errors for malformed files.
 */
import assert from "node:assert/strict";
import { KeylayoutError, parseKeylayout, readKeylayoutFile } from "../lib/layout/keylayout_file.ts";
import { resolveLayout } from "../lib/layout/resolve_layout.ts";
import { strokesForText } from "../lib/layout/text_strokes.ts";
import { KeyTranslator } from "../lib/layout/key_translator.ts";
import { main } from "../lib/cli/main.ts";
import { CapturedOutput } from "../lib/cli/output.ts";

const FIXTURE = new URL("./fixtures/keylayout/Accents.keylayout", import.meta.url).pathname;
const TEXT = await Deno.readTextFile(FIXTURE);
const PLAIN = { shift: false, option: false, capsLock: false };

function errorOf(text: string): KeylayoutError {
  try {
    parseKeylayout(text, { file: "Bad.keylayout" });
  } catch (error) {
    if (error instanceof KeylayoutError) return error;
    throw error;
  }
  assert.fail("expected a KeylayoutError");
}

/** The fixture with one exact, unique piece replaced. */
function edited(search: string, replacement: string): string {
  assert.equal(TEXT.split(search).length, 2, `"${search}" once in the fixture`);
  return TEXT.replace(search, replacement);
}

/** 1-based line and column of a unique piece of text. */
function locate(text: string, search: string): [number, number] {
  const offset = text.indexOf(search);
  const before = text.slice(0, offset).split("\n");
  return [before.length, (before.at(-1)?.length ?? 0) + 1];
}

Deno.test("keylayout: keys, Shift, Caps Lock and Option maps from the modifier map", () => {
  const layout = readKeylayoutFile(FIXTURE);
  assert.equal(layout.name, "Accents");
  assert.equal(layout.defaultKeyboardType, "ansi");
  assert.equal(layout.output(0x00, PLAIN)?.text, "a");
  assert.equal(layout.output(0x00, { ...PLAIN, shift: true })?.text, "A");
  // Caps Lock: Shift letters (inherited through baseMapSet), but digits unshifted.
  assert.equal(layout.output(0x01, { ...PLAIN, capsLock: true })?.text, "S");
  assert.equal(layout.output(0x12, { ...PLAIN, capsLock: true })?.text, "1");
  assert.equal(layout.output(0x12, { ...PLAIN, shift: true, capsLock: true })?.text, "!");
  assert.equal(layout.output(0x00, { ...PLAIN, option: true })?.text, "å");
  assert.equal(layout.output(0x00, { shift: true, option: true, capsLock: true })?.text, "Å");
  assert.equal(layout.output(0x31, { ...PLAIN, option: true })?.text, "\u00A0");
  // Entities decode; Return's control character types nothing.
  assert.equal(layout.output(0x27, { ...PLAIN, shift: true })?.text, '"');
  assert.equal(layout.output(0x2b, { ...PLAIN, shift: true })?.text, "<");
  assert.equal(layout.output(0x24, PLAIN), undefined);
});

Deno.test("keylayout: dead keys take their terminator's text and compose through actions", () => {
  const layout = readKeylayoutFile(FIXTURE);
  assert.deepEqual([...layout.deadKeys].sort(), ["¨", "´"]);
  assert.deepEqual(layout.output(0x0e, { ...PLAIN, option: true }), { text: "´", dead: true });
  assert.equal(layout.compose("´", "e"), "é");
  assert.equal(layout.compose("¨", "Y"), undefined);
  assert.equal(layout.compose("´", "´"), "´");
  assert.equal(layout.compose("¨", " "), "¨");
  const translator = new KeyTranslator(layout);
  assert.equal(translator.keyDown(0x18, { ...PLAIN, option: true }), "");
  assert.equal(translator.keyDown(0x12, PLAIN), "ö");
  assert.equal(translator.keyDown(0x08, { ...PLAIN, option: true }), "");
  assert.equal(translator.keyDown(0x16, PLAIN), "´s");
  assert.equal(strokesForText("é", { layout }).length, 2);
});

Deno.test("keylayout: the keyboard type picks the <layout> entry (JIS inherits and adds ¥)", () => {
  assert.equal(readKeylayoutFile(FIXTURE, "iso").output(0x5d, PLAIN), undefined);
  const jis = readKeylayoutFile(FIXTURE, "jis");
  assert.equal(jis.output(0x5d, PLAIN)?.text, "¥");
  assert.equal(jis.output(0x5d, { ...PLAIN, option: true })?.text, "\\");
  assert.equal(jis.output(0x00, PLAIN)?.text, "a");
  assert.equal(jis.defaultKeyboardType, "jis");
});

Deno.test("keylayout: resolveLayout takes a .keylayout path", () => {
  const layout = resolveLayout(FIXTURE, { keyboardType: "jis" });
  assert.equal(layout.name, "Accents");
  assert.equal(layout.output(0x5d, PLAIN)?.text, "¥");
});

Deno.test("keylayout: malformed XML is located", () => {
  const error = errorOf(edited('<key code="2" output="d"/>', '<key code="2" output="d">'));
  assert.match(error.message, /^Bad\.keylayout:\d+:\d+: /);
  assert.equal(error.exitCode, 2);
});

Deno.test("keylayout: format errors name the element's line and column and the closest names", () => {
  const cases: [string, string, string, RegExp][] = [
    [
      '<key code="1" output="s"/>',
      '<key code="1" action="spacee"/>',
      '<key code="1" action="spacee"/>',
      /unknown action "spacee"; did you mean "space"/,
    ],
    [
      'mapSet="JIS"/>',
      'mapSet="JSI"/>',
      '<layout first="42"',
      /mapSet="JSI": no <keyMapSet> has that id; did you mean .*"JIS"/,
    ],
    [
      '<modifier keys="caps"/>',
      '<modifier keys="capz"/>',
      '<modifier keys="capz"/>',
      /unknown modifier "capz"; did you mean "caps"/,
    ],
    [
      '<key code="3" output="f"/>',
      '<key code="x3" output="f"/>',
      '<key code="x3"',
      /code="x3" is not a number in 0…65535/,
    ],
    [
      '<when state="diaeresis" output="¨"/>\n  </terminators>',
      "</terminators>",
      '<action id="diaeresis">',
      /dead-key state "diaeresis" has no terminator/,
    ],
    [
      '<key code="5" output="g"/>',
      '<key code="5" output="g" action="a"/>',
      '<key code="5"',
      /needs exactly one of output and action/,
    ],
    [
      '<when state="acute" output="´"/></action>',
      '<when state="acute" through="acute2" output="´"/></action>',
      '<when state="acute" through',
      /state ranges\) is not supported/,
    ],
  ];
  for (const [search, replacement, at, message] of cases) {
    const text = edited(search, replacement);
    const error = errorOf(text);
    const [line, column] = locate(text, at);
    assert.match(error.message, message, error.message);
    assert.deepEqual([error.line, error.column], [line, column], error.message);
    assert.ok(error.message.startsWith(`Bad.keylayout:${line}:${column}: `), error.message);
  }
});

Deno.test("keylayout: a missing file is a usage error naming it", () => {
  assert.throws(
    () => readKeylayoutFile("/nonexistent/My.keylayout"),
    (error: unknown) =>
      error instanceof KeylayoutError &&
      error.message.startsWith("/nonexistent/My.keylayout:1:1:") &&
      /check the path/.test(error.hint),
  );
});

Deno.test("keylayout: dextkit type --layout FILE --dry-run plans with it", async () => {
  const output = new CapturedOutput();
  const code = await main(["type", "é", "--layout", FIXTURE, "--dry-run"], {
    output,
    env: {},
  });
  assert.equal(code, 0, output.stderr);
  assert.match(output.stdout, /layout Accents \(ansi\)/);
  assert.match(output.stdout, /type "é" \(2 strokes\)/);
});
