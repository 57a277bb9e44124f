/**
 * Today's names and ids: every bundled layout answers to its short id, its input-source id and
 * today's macOS name, ignoring case and dashes; a name that now means a layout dextkit does not
 * bundle never selects the older data.
 */
import assert from "node:assert/strict";
import {
  findLayoutDefinition,
  getLayout,
  listLayouts,
  normalizeLayoutName,
  UnknownLayoutError,
} from "../lib/layout/layout_registry.ts";

Deno.test("every layout answers to its short id, input-source id and name", () => {
  for (const info of listLayouts()) {
    assert.match(info.inputSourceId, /^com\.apple\.(keylayout|inputmethod)\./, info.id);
    const layout = getLayout(info.id);
    assert.equal(getLayout(info.inputSourceId), layout, info.inputSourceId);
    assert.equal(getLayout(info.name), layout, info.name);
    assert.equal(getLayout(info.name.toUpperCase()), layout, info.name);
    assert.equal(layout.inputSourceId, info.inputSourceId);
  }
});

Deno.test("no id, input source or name of one layout means another after normalizing", () => {
  const owner = new Map<string, string>();
  for (const info of listLayouts()) {
    for (const key of new Set([info.id, info.name, info.inputSourceId].map(normalizeLayoutName))) {
      assert.equal(owner.get(key), undefined, `"${key}" is ${owner.get(key)} and ${info.id}`);
      owner.set(key, info.id);
    }
  }
});

Deno.test("names ignore case, dashes, underscores and extra spaces", () => {
  assert.equal(getLayout("Polish – QWERTZ").id, "pl-qwertz");
  assert.equal(getLayout("polish - qwertz").id, "pl-qwertz");
  assert.equal(getLayout("POLISH—QWERTZ").id, "pl-qwertz");
  assert.equal(getLayout("  spanish   legacy ").id, "es-legacy");
  assert.equal(getLayout("com.apple.keylayout.polishpro").id, "pl");
  assert.equal(getLayout("com.apple.keylayout.Spanish_ISO").id, "es");
  assert.equal(getLayout("abc extended").id, "abc-extended");
});

Deno.test("today's names select today's layouts; the CLDR data is under its new name", () => {
  const expected: [string, string, string][] = [
    ["Polish", "pl", "com.apple.keylayout.PolishPro"],
    ["Polish – QWERTZ", "pl-qwertz", "com.apple.keylayout.Polish"],
    ["Spanish", "es", "com.apple.keylayout.Spanish-ISO"],
    ["Spanish – Legacy", "es-legacy", "com.apple.keylayout.Spanish"],
    ["Italian", "it", "com.apple.keylayout.Italian-Pro"],
    ["Italian – QZERTY", "it-qzerty", "com.apple.keylayout.Italian"],
    ["Swedish", "sv", "com.apple.keylayout.Swedish-Pro"],
    ["Swedish – Legacy", "sv-legacy", "com.apple.keylayout.Swedish"],
    ["Brazilian – Legacy", "pt-br-legacy", "com.apple.keylayout.Brazilian"],
    ["Turkish F – Legacy", "tr-legacy", "com.apple.keylayout.Turkish"],
    ["Turkish Q – Legacy", "tr-q-legacy", "com.apple.keylayout.Turkish-QWERTY"],
    ["Russian", "ru", "com.apple.keylayout.Russian"],
  ];
  for (const [name, id, inputSourceId] of expected) {
    const layout = getLayout(name);
    assert.deepEqual([layout.id, layout.inputSourceId, layout.name], [id, inputSourceId, name]);
  }
  assert.match(getLayout("Polish").source, /vscode-darwin-keyboard-layouts\/pl\.json/);
  assert.match(getLayout("Polish – QWERTZ").source, /CLDR .*pl-t-k0-osx\.xml/);
});

Deno.test("a name that now means an unbundled layout never selects the older data", () => {
  for (
    const name of ["Turkish F", "turkish q", "Brazilian", "Brazilian - Pro", "tr", "tr-q", "pt-br"]
  ) {
    assert.equal(findLayoutDefinition(name), undefined, name);
    const error = thrown(() => getLayout(name));
    assert.ok(error instanceof UnknownLayoutError, name);
    assert.match(error.message, /not bundled/, name);
    assert.deepEqual(error.suggestions, [], name);
    assert.match(error.hint, /--layout auto/);
  }
  assert.match(new UnknownLayoutError("Turkish F").message, /tr-legacy/);
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail("expected an error");
}
