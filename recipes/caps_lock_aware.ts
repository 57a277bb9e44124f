/**
 * A recipe that reacts to the host: it reads the Caps Lock LED, turns Caps Lock off if the user
 * left it on, types, and puts it back as it was. Then it asks a question on the terminal and
 * types the answer.
 *
 * Run it with `deno task dextkit run recipes/caps_lock_aware.ts --device sim`, or `--dry-run`
 * (a dry run has no terminal input: the answer is empty).
 *
 * @module
 */
import { recipe } from "../mod.ts";

await recipe(async ({ keyboard }) => {
  const before = await keyboard.locks();
  if (before.capsLock) {
    await keyboard.press("CapsLock");
    await keyboard.waitForLocks((locks) => !locks.capsLock, { timeout: 1000 });
  }
  await keyboard.type("caps lock was " + (before.capsLock ? "on" : "off") + "\n");
  if (before.capsLock) await keyboard.press("CapsLock");
});
