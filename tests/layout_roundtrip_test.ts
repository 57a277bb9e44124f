/**
 * Round trip per layout: random strings of the characters a layout can type, typed through the
 * keyboard controller on the simulated device, come back identical from the simulated host, for
 * the layout's default keyboard type and for ANSI and ISO, with Caps Lock on or off at the start.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { Keyboard } from "../lib/device/keyboard.ts";
import { SimDevice } from "../lib/device/sim_device.ts";
import { VirtualClock } from "../lib/device/clock.ts";
import { DEFAULT_KEYBOARD_PARAMETERS } from "../lib/device/virtual_hid_device.ts";
import { characterStrokes } from "../lib/layout/character_strokes.ts";
import { getLayout, listLayouts } from "../lib/layout/layout_registry.ts";
import type { KeyboardType } from "../lib/layout/keyboard_type.ts";

const RUNS_PER_CASE = 50;

for (const info of listLayouts()) {
  const keyboardTypes = [...new Set<KeyboardType>([info.defaultKeyboardType, "ansi", "iso"])];
  for (const keyboardType of keyboardTypes) {
    Deno.test(`round trip: ${info.id} (${info.name}), ${keyboardType} keyboard`, async () => {
      const layout = getLayout(info.id);
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
