/**
 * Mouse work: moves in steps, double-clicks, drags what is under the pointer 300 points to the
 * right, scrolls, and opens the context menu.
 *
 * Motions are relative, in points; positive y is down and a positive scroll turns the wheel away
 * from the user.
 *
 * Run it with `deno task dextkit run recipes/mouse_drag.ts --device sim`, or `--trace drag.json`
 * to look at the timeline in ui.perfetto.dev.
 *
 * @module
 */
import { recipe } from "../mod.ts";

await recipe({ delay: 15 }, async ({ keyboard, mouse, wait }) => {
  await mouse.move(-200, -100, { steps: 10 });
  await mouse.dblclick();
  await wait(200);
  await mouse.drag(300, 0, { steps: 30 });
  await mouse.scroll(-5);
  await mouse.click("right");
  await wait(300);
  await keyboard.press("Escape");
});
