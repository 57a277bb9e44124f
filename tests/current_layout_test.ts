/**
 * `--layout auto`: the real FFI reader and table builder against the fake text-input library,
 * which serves bundled layouts encoded as `'uchr'`: what `UCKeyTranslate` reports must rebuild
 * every layout exactly (every key, state and reachable composition).
 */
import assert from "node:assert/strict";
import { currentLayout } from "../lib/layout/current_layout.ts";
import type { KeyboardLayout } from "../lib/layout/keyboard_layout.ts";
import { getLayout, listLayouts } from "../lib/layout/layout_registry.ts";
import { TextInputError, TextInputUnavailableError } from "../lib/layout/text_input_errors.ts";
import { strokesForText } from "../lib/layout/text_strokes.ts";
import { loadTextInputFake } from "./fixtures/text_input_fake.ts";

const fake = await loadTextInputFake();
const read = () => currentLayout({ path: fake.path });

function states() {
  return Array.from({ length: 8 }, (_, state) => ({
    shift: (state & 1) !== 0,
    option: (state & 2) !== 0,
    capsLock: state >= 4,
  }));
}

/** Every composition whose next text some key types (the only ones a 'uchr' can hold). */
function reachableCompositions(layout: KeyboardLayout): string[] {
  const typed = new Set<string>();
  for (const virtualKey of layout.virtualKeys) {
    for (const modifiers of states()) {
      const output = layout.output(virtualKey, modifiers);
      if (output !== undefined) typed.add(output.text);
    }
  }
  return layout.deadKeys.flatMap((dead) =>
    [...layout.compositions(dead)].filter(([next]) => typed.has(next)).map(([next, composed]) =>
      `${dead}+${next}=${composed}`
    )
  ).sort();
}

for (const info of listLayouts()) {
  Deno.test(`auto: ${info.id} served as 'uchr' is rebuilt exactly through UCKeyTranslate`, () => {
    fake.controls.faketextinput_reset();
    const bundled = getLayout(info.id);
    fake.serve(bundled, `test.${info.inputSourceId}`, `${info.name} (served)`);
    const live = read();
    assert.equal(live.id, `test.${info.inputSourceId}`);
    assert.equal(live.inputSourceId, live.id);
    assert.equal(live.name, `${info.name} (served)`);
    for (let virtualKey = 0; virtualKey < 128; virtualKey++) {
      for (const modifiers of states()) {
        assert.deepEqual(
          live.output(virtualKey, modifiers),
          bundled.output(virtualKey, modifiers),
          `${info.id} virtual key ${virtualKey} ${JSON.stringify(modifiers)}`,
        );
      }
    }
    assert.deepEqual([...live.deadKeys].sort(), [...bundled.deadKeys].sort());
    assert.deepEqual(reachableCompositions(live), reachableCompositions(bundled));
    assert.equal(fake.controls.faketextinput_live_sources(), 0, "the input source was released");
  });
}

Deno.test("auto: the done-when text plans the same strokes from the Mac's Polish as bundled", () => {
  fake.controls.faketextinput_reset();
  fake.controls.faketextinput_set_keyboard_type(41);
  fake.serve(getLayout("pl"), "com.apple.keylayout.PolishPro", "Polish");
  const live = read();
  assert.equal(live.defaultKeyboardType, "iso");
  const text = "Zażółć gęślą jaźń";
  const strokes = strokesForText(text, { layout: live });
  assert.deepEqual(strokes, strokesForText(text, { layout: getLayout("pl") }));
  assert.ok(strokes.some((stroke) => stroke.option));
});

Deno.test("auto: the keyboard type comes from LMGetKbdType through KBGetLayoutType", () => {
  const types: [number, string][] = [[40, "ansi"], [41, "iso"], [42, "jis"], [7, "ansi"]];
  for (const [id, type] of types) {
    fake.controls.faketextinput_reset();
    fake.controls.faketextinput_set_keyboard_type(id);
    fake.serve(getLayout("us"), "test.keyboard-type", "U.S.");
    assert.equal(read().defaultKeyboardType, type, `LMGetKbdType ${id}`);
  }
});

Deno.test("auto: the table is built once per input source and keyboard type", () => {
  fake.controls.faketextinput_reset();
  fake.serve(getLayout("de"), "test.cache", "German");
  const first = read();
  const calls = fake.controls.faketextinput_translate_count();
  assert.ok(calls >= 1024n, `${calls} UCKeyTranslate calls`);
  assert.equal(read(), first);
  assert.equal(fake.controls.faketextinput_translate_count(), calls);
  const fresh = currentLayout({ path: fake.path, fresh: true });
  assert.notEqual(fresh, first);
  assert.ok(fake.controls.faketextinput_translate_count() > calls);
  assert.equal(read(), fresh);
  fake.controls.faketextinput_set_keyboard_type(41);
  assert.notEqual(read(), fresh);
});

Deno.test("auto: no current input source is a text-input error", () => {
  fake.controls.faketextinput_reset();
  assert.throws(
    read,
    (error: unknown) =>
      error instanceof TextInputError && /no current keyboard layout/.test(error.message) &&
      /--layout/.test(error.hint),
  );
});

Deno.test("auto: a 'uchr' the translator rejects is an error naming the OSStatus", () => {
  fake.controls.faketextinput_reset();
  const garbage = new Uint8Array([1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]);
  const cString = (text: string) => new TextEncoder().encode(`${text}\0`);
  fake.controls.faketextinput_set_source(cString("test.garbage"), cString("G"), garbage, 12n);
  assert.throws(
    read,
    (error: unknown) => error instanceof TextInputError && /OSStatus -50/.test(error.message),
  );
  assert.equal(fake.controls.faketextinput_live_sources(), 0);
});

Deno.test("auto: off macOS without a library it says so, exit code 6", () => {
  assert.throws(
    () => currentLayout({ os: "linux", env: { get: () => undefined } }),
    (error: unknown) => error instanceof TextInputUnavailableError && error.exitCode === 6,
  );
});

Deno.test("auto: without FFI permission it fails with a hint instead of prompting", async () => {
  const code = `
    import { currentLayout } from "./lib/layout/current_layout.ts";
    try {
      currentLayout({ path: ${JSON.stringify(fake.path)} });
    } catch (error) {
      console.log(error.constructor.name, error.message, "|", error.hint);
    }`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "--allow-read", "-"],
    cwd: new URL("../", import.meta.url),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(code));
  await writer.close();
  const output = await child.output();
  const stdout = new TextDecoder().decode(output.stdout);
  assert.match(stdout, /^TextInputError .*no FFI permission \| run with --allow-ffi/, stdout);
});
