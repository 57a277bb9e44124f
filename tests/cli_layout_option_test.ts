/**
 * `--layout` on the command line: input-source ids, names that now mean unbundled layouts, and
 * `auto` (the default where a text-input library is available) read through the fake in a child
 * process, as on a Mac.
 */
import assert from "node:assert/strict";
import { main } from "../lib/cli/main.ts";
import { CapturedOutput } from "../lib/cli/output.ts";
import { KeyTranslator } from "../lib/layout/key_translator.ts";
import { getLayout } from "../lib/layout/layout_registry.ts";
import { encodeUchr } from "./fake_textinput/uchr_encoder.ts";
import { buildNative } from "../scripts/build_native.ts";

async function run(args: string[]) {
  const output = new CapturedOutput();
  const code = await main(args, { output, env: {} });
  return { code, output };
}

interface Stroke {
  readonly usage: number;
  readonly modifiers: readonly string[];
}

Deno.test("type --layout com.apple.keylayout.PolishPro plans the Option strokes Polish types", async () => {
  const text = "Zażółć gęślą jaźń";
  const { code, output } = await run([
    "type",
    text,
    "--layout",
    "com.apple.keylayout.PolishPro",
    "--dry-run",
    "--json",
  ]);
  assert.equal(code, 0, output.stderr);
  const strokes = output.outLines.flatMap((line) =>
    (JSON.parse(line) as { strokes?: Stroke[] }).strokes ?? []
  );
  const options = strokes.filter((stroke) => stroke.modifiers.includes("AltLeft"));
  // ż ó ł ć ę ś ą ź ń: one Option stroke each.
  assert.equal(options.length, 9);
  const translator = new KeyTranslator(getLayout("pl"));
  const typed = strokes.map(({ usage, modifiers }) =>
    translator.keyDown(usage, {
      shift: modifiers.includes("ShiftLeft"),
      option: modifiers.includes("AltLeft"),
      capsLock: false,
    })
  ).join("");
  assert.equal(typed, text);
});

Deno.test("type --layout 'Turkish F' is refused: today's Turkish F is not bundled", async () => {
  const { code, output } = await run(["type", "a", "--layout", "Turkish F", "--dry-run"]);
  assert.equal(code, 2);
  assert.match(output.stderr, /"Turkish F".*not bundled.*tr-legacy/);
});

Deno.test("auto is the default where the Mac (here the fake) can be asked", async () => {
  const { fakeTextInput } = await buildNative();
  const uchr = await Deno.makeTempFile({ suffix: ".uchr" });
  try {
    await Deno.writeFile(uchr, encodeUchr(getLayout("pl")));
    const dryRun = async (extra: string[]) => {
      const output = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "scripts/dextkit.ts", "type", "z", "--dry-run", ...extra],
        cwd: new URL("../", import.meta.url),
        env: {
          DEXTKIT_TEXTINPUT_LIBRARY: fakeTextInput,
          FAKETEXTINPUT_UCHR: uchr,
          FAKETEXTINPUT_ID: "com.apple.keylayout.PolishPro",
          FAKETEXTINPUT_NAME: "Polski",
          FAKETEXTINPUT_KEYBOARD_TYPE: "41",
        },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stdout = new TextDecoder().decode(output.stdout);
      assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
      return stdout;
    };
    assert.match(await dryRun([]), /layout Polski \(iso\)/);
    assert.match(await dryRun(["--layout", "auto"]), /layout Polski \(iso\)/);
    assert.match(await dryRun(["--layout", "us"]), /layout U\.S\. \(ansi\)/);
  } finally {
    await Deno.remove(uchr);
  }
});
