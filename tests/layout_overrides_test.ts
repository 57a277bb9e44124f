/**
 * The generator's documented overrides of its source data (issue #13), each checked through the
 * planner and the key translator the simulated host uses.
 */
import assert from "node:assert/strict";
import { getLayout } from "../lib/layout/layout_registry.ts";
import { characterStrokes, strokesForCharacter } from "../lib/layout/character_strokes.ts";
import { KeyTranslator } from "../lib/layout/key_translator.ts";
import type { KeyStroke } from "../lib/layout/keyboard_layout.ts";

const PLAIN = { shift: false, option: false, capsLock: false };
const SHIFT = { ...PLAIN, shift: true };
const OPTION = { ...PLAIN, option: true };

function typed(id: string, strokes: readonly KeyStroke[]): string {
  const translator = new KeyTranslator(getLayout(id));
  return strokes.map(({ usage, shift, option }) =>
    translator.keyDown(usage, { shift, option, capsLock: false })
  ).join("");
}

Deno.test("Turkish F and Q (legacy) type ₺ with Option, no longer †", () => {
  for (const id of ["tr-legacy", "tr-q-legacy"]) {
    const strokes = strokesForCharacter(getLayout(id), "₺");
    assert.ok(strokes !== undefined && strokes.length === 1 && strokes[0]?.option, id);
    assert.equal(typed(id, strokes), "₺");
    assert.equal(characterStrokes(getLayout(id)).has("†"), false, id);
  }
  // Option+T on Turkish Q (the T key, usage 0x17).
  assert.equal(new KeyTranslator(getLayout("tr-q-legacy")).keyDown(0x17, OPTION), "₺");
});

Deno.test("Danish: ´ then y types ý, ´ then Y types Ý", () => {
  const danish = getLayout("da");
  assert.equal(danish.compose("´", "y"), "ý");
  assert.equal(danish.compose("´", "Y"), "Ý");
  const strokes = strokesForCharacter(danish, "ý");
  assert.equal(strokes?.length, 2);
  assert.equal(typed("da", strokes ?? []), "ý");
});

Deno.test("Colemak: ¨ then Shift+E (the Colemak E key) types Ë, not ¨ then Shift+F", () => {
  const translator = new KeyTranslator(getLayout("colemak"));
  // ¨ is Option on the key Colemak types u on (QWERTY I, usage 0x0C); E is on QWERTY K (0x0E).
  assert.equal(translator.keyDown(0x0c, OPTION), "");
  assert.equal(translator.pendingDeadKey, "¨");
  assert.equal(translator.keyDown(0x0e, SHIFT), "Ë");
  // Shift on QWERTY E (usage 0x08) is Colemak F: nothing composes.
  translator.keyDown(0x0c, OPTION);
  assert.equal(translator.keyDown(0x08, SHIFT), "¨F");
  for (const char of ["Ë", "Ü", "Ï", "Ö", "Ÿ", "ë", "ü"]) {
    assert.equal(typed("colemak", strokesForCharacter(getLayout("colemak"), char) ?? []), char);
  }
});

Deno.test("the keypad decimal key types , on German, Italian and Spanish, . on U.S.", () => {
  for (const id of ["de", "it", "it-qzerty", "es", "es-legacy"]) {
    assert.equal(new KeyTranslator(getLayout(id)).keyDown(0x63, PLAIN), ",", id);
  }
  assert.equal(new KeyTranslator(getLayout("de")).keyDown(0x63, OPTION), ".");
  assert.equal(new KeyTranslator(getLayout("us")).keyDown(0x63, PLAIN), ".");
});

Deno.test("Japanese – Romaji has an Option layer: å, ß and the dead ´ as on U.S.", () => {
  const jis = getLayout("jis");
  assert.equal(new KeyTranslator(jis).keyDown(0x04, OPTION), "å");
  assert.equal(new KeyTranslator(jis).keyDown(0x16, OPTION), "ß");
  const strokes = strokesForCharacter(jis, "é");
  assert.deepEqual(strokes, [
    { usage: 0x08, shift: false, option: true },
    { usage: 0x08, shift: false, option: false },
  ]);
  assert.equal(typed("jis", strokes ?? []), "é");
});
