/**
 * Round trip per layout: random strings of the characters a layout can type, typed through the
 * keyboard controller on the simulated device, come back identical from the simulated host, for
 * every keyboard type (ANSI, ISO, JIS), with Caps Lock on or off at the start. Layouts: every
 * bundled one, the `.keylayout` fixture (read for each keyboard type), and layouts read from "the
 * Mac" through the fake text-input library (bundled layouts served as `'uchr'`, rebuilt through
 * `UCKeyTranslate`).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { Keyboard } from "../lib/device/keyboard.ts";
import { SimDevice } from "../lib/device/sim_device.ts";
import { VirtualClock } from "../lib/device/clock.ts";
import { DEFAULT_KEYBOARD_PARAMETERS } from "../lib/device/virtual_hid_device.ts";
import { characterStrokes } from "../lib/layout/character_strokes.ts";
import { currentLayout } from "../lib/layout/current_layout.ts";
import type { KeyboardLayout } from "../lib/layout/keyboard_layout.ts";
import { KEYBOARD_TYPES, type KeyboardType } from "../lib/layout/keyboard_type.ts";
import { readKeylayoutFile } from "../lib/layout/keylayout_file.ts";
import { getLayout, listLayouts } from "../lib/layout/layout_registry.ts";
import { loadTextInputFake } from "./fixtures/text_input_fake.ts";

const RUNS_PER_CASE = 40;
const KEYLAYOUT = new URL("./fixtures/keylayout/Accents.keylayout", import.meta.url).pathname;
/** Bundled layouts also read back from the fake "Mac": one of each source (CLDR, capture, JIS). */
const SERVED = ["abc-extended", "pl", "jis"];

const fake = await loadTextInputFake();

interface Case {
  readonly label: string;
  readonly layout: (keyboardType: KeyboardType) => KeyboardLayout;
}

const cases: Case[] = [
  ...listLayouts().map((info): Case => ({
    label: `${info.id} (${info.name})`,
    layout: () => getLayout(info.id),
  })),
  { label: "Accents.keylayout", layout: (type) => readKeylayoutFile(KEYLAYOUT, type) },
  ...SERVED.map((id): Case => ({
    label: `auto: ${id} served by the fake`,
    layout: () => {
      fake.controls.faketextinput_reset();
      fake.serve(getLayout(id), `roundtrip.${id}`, `${id} (served)`);
      return currentLayout({ path: fake.path });
    },
  })),
];

for (const { label, layout: layoutFor } of cases) {
  for (const keyboardType of KEYBOARD_TYPES) {
    Deno.test(`round trip: ${label}, ${keyboardType} keyboard`, async () => {
      const layout = layoutFor(keyboardType);
      const producible = [
        ...new Set([
          ...characterStrokes(layout, { keyboardType, capsLock: false }).keys(),
          ...characterStrokes(layout, { keyboardType, capsLock: true }).keys(),
          "\n",
          "\t",
        ]),
      ].sort();
      // Every layout types at least the 26 letters in both cases, digits and space.
      assert.ok(producible.length > 60, `${producible.length} characters`);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.constantFrom(...producible), { maxLength: 60 }),
          fc.boolean(),
          async (chars, capsLock) => {
            const text = chars.join("");
            const device = new SimDevice({ layout, keyboardType });
            await device.open();
            await device.initializeKeyboard(DEFAULT_KEYBOARD_PARAMETERS);
            const keyboard = new Keyboard(device, {
              layout,
              keyboardType,
              clock: new VirtualClock(),
            });
            if (capsLock) await keyboard.press("CapsLock");
            await keyboard.type(text);
            assert.equal(device.host.text, text);
            assert.equal(device.host.capsLock, capsLock);
            assert.equal(device.host.pendingDeadKey, undefined);
            assert.deepEqual(device.host.pressedKeys(), []);
          },
        ),
        { numRuns: RUNS_PER_CASE },
      );
    });
  }
}
