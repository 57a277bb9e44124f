/**
 * A first recipe: types a greeting and selects it, on the device `DEXTKIT_DEVICE` or `auto`
 * picks (the simulated host off macOS).
 *
 * Run it with `deno run --allow-env=DEXTKIT_DEVICE recipes/hello.ts`.
 *
 * @module
 */
import { SimDevice, withSession } from "../mod.ts";

await withSession({}, async ({ device, keyboard, notice }) => {
  // deno-lint-ignore no-console -- a recipe talks to its user
  if (notice !== undefined) console.error(notice);
  await keyboard.type("Hello from a dextkit recipe!", { delay: 5 });
  await keyboard.press("Shift+Home");
  if (device instanceof SimDevice) {
    // deno-lint-ignore no-console -- show what the simulated Mac received
    console.log(`the host received: ${JSON.stringify(device.host.text)}`);
  }
});
