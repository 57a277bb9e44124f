/**
 * Opens TextEdit through Spotlight and types a note into a new document.
 *
 * Spotlight needs a moment to show its field and TextEdit a moment to open, hence the waits; the
 * 20 ms delay keeps every press and release apart.
 *
 * Run it with `deno task dextkit run recipes/spotlight_type.ts --countdown 3` on a Mac, or
 * anywhere with `--device sim` or `--dry-run`.
 *
 * @module
 */
import { recipe } from "../mod.ts";

await recipe({ delay: 20 }, async ({ keyboard, wait }) => {
  await keyboard.press("Meta+Space");
  await wait(400);
  await keyboard.type("TextEdit\n");
  await wait(1500);
  await keyboard.press("Meta+N");
  await wait(500);
  await keyboard.type("Typed by dextkit through a virtual keyboard.\n", { delay: 30 });
});
