// deno-lint-ignore-file no-console
/**
 * `--layout auto` costs: building a layout table from "the Mac's" current input source through
 * the fake text-input library (the same FFI calls and `UCKeyTranslate` loop as on macOS; the
 * fake's `'uchr'` reader stands in for Apple's), and planning 1,000 characters of Polish with
 * the layout it built. Run with `deno task bench bench/layout_bench.ts`.
 */
import { currentLayout } from "../lib/layout/current_layout.ts";
import { getLayout } from "../lib/layout/layout_registry.ts";
import { strokesForText } from "../lib/layout/text_strokes.ts";
import { loadTextInputFake } from "../tests/fixtures/text_input_fake.ts";

const fake = await loadTextInputFake();
fake.controls.faketextinput_set_keyboard_type(41);
fake.serve(getLayout("pl"), "com.apple.keylayout.PolishPro", "Polish");
const options = { path: fake.path, fresh: true } as const;

const live = currentLayout(options);
const before = fake.controls.faketextinput_translate_count();
currentLayout(options);
console.log(
  `one table: ${fake.controls.faketextinput_translate_count() - before} UCKeyTranslate calls`,
);

const SAMPLE = "Zażółć gęślą jaźń. Pchnąć w tę łódź jeża lub ośm skrzyń fig! ";
const TEXT = [...SAMPLE.repeat(Math.ceil(1000 / [...SAMPLE].length))].slice(0, 1000).join("");
// The planner's per-layout character tables are built on first use; build them outside the bench.
strokesForText(TEXT, { layout: live });

Deno.bench("build the layout table through the fake text-input library", () => {
  currentLayout(options);
});

Deno.bench("plan 1,000 Polish characters with the layout read from the Mac", () => {
  strokesForText(TEXT, { layout: live });
});
