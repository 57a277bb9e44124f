/**
 * A first recipe: types a greeting and selects it, on the device `DEXTKIT_DEVICE` or `auto`
 * picks (the simulated Mac off macOS).
 *
 * Run it with `deno run --allow-env=DEXTKIT_DEVICE recipes/hello.ts`, or through the CLI:
 * `deno task dextkit run recipes/hello.ts` (add `--dry-run` to see what it would play, `--device
 * sim` to stay off the real keyboard). Under `dextkit run` the recipe runs in a child process
 * that may only read this folder; the device stays with dextkit.
 *
 * @module
 */
import { recipe } from "../mod.ts";

const result = await recipe({ delay: 5 }, async ({ keyboard }) => {
  await keyboard.type("Hello from a dextkit recipe!");
  // Command-Shift-Left selects to the start of the line on a Mac.
  await keyboard.press("Meta+Shift+ArrowLeft");
});
// deno-lint-ignore no-console -- a recipe talks to its user
console.log(`${result.device} received: ${JSON.stringify(result.text)}`);
