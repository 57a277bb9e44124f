/**
 * Takes a screenshot of a region: Command-Shift-4 turns the pointer into a crosshair, and a drag
 * selects the region (macOS saves the picture on the desktop when the button goes up).
 *
 * The drag moves in 20 steps so the selection follows the pointer as it would by hand. Use
 * `Meta+Shift+3` for the whole screen instead.
 *
 * Run it with `deno task dextkit run recipes/screenshot.ts --countdown 3`.
 *
 * @module
 */
import { recipe } from "../mod.ts";

await recipe({ delay: 20 }, async ({ keyboard, mouse, wait }) => {
  await mouse.move(-300, -200, { steps: 10 });
  await keyboard.press("Meta+Shift+4");
  await wait(300);
  await mouse.drag(400, 250, { steps: 20 });
});
