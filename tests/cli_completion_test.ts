// Shell completion: the script `dextkit completion bash` prints is sourced in a real bash, and its
// completion function (`_dextkit`) is called the way bash's programmable completion calls it, with
// a `dextkit` on the PATH that runs this checkout. zsh and fish are not installed here: their
// scripts are checked for the function they register, and their answers through the same
// `dextkit completion SHELL WORDS…` protocol the scripts use.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../lib/cli/main.ts";
import { CapturedOutput } from "../lib/cli/output.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** A folder with `bin/dextkit` (this checkout) and a work folder with a few files. */
async function sandbox(): Promise<{ bin: string; work: string; remove: () => Promise<void> }> {
  const base = await Deno.makeTempDir({ prefix: "dextkit-completion-" });
  const bin = join(base, "bin");
  const work = join(base, "work");
  await Deno.mkdir(bin);
  await Deno.mkdir(join(work, "recipes"), { recursive: true });
  for (const name of ["hello.txt", "hello.ts", "notes.md"]) {
    await Deno.writeTextFile(join(work, name), "");
  }
  const dextkit = join(bin, "dextkit");
  await Deno.writeTextFile(
    dextkit,
    `#!/bin/sh\nexec '${Deno.execPath()}' run -A '${join(ROOT, "scripts/dextkit.ts")}' "$@"\n`,
  );
  await Deno.chmod(dextkit, 0o755);
  return { bin, work, remove: () => Deno.remove(base, { recursive: true }) };
}

/** What `_dextkit` puts in COMPREPLY for each command line (the cursor at its end). */
async function bashCompletions(lines: readonly string[]): Promise<string[][]> {
  const { bin, work, remove } = await sandbox();
  try {
    const script = [
      "source <(dextkit completion bash)",
      "complete -p dextkit >/dev/null || exit 3",
      "complete_line() {",
      '  COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}',
      '  read -ra COMP_WORDS <<< "$COMP_LINE"',
      '  [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")',
      "  COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()",
      "  _dextkit",
      '  printf "%s\\t" "${COMPREPLY[@]}"; printf "\\n"',
      "}",
      ...lines.map((line) => `complete_line '${line}'`),
    ].join("\n");
    const { code, stdout, stderr } = await new Deno.Command("bash", {
      args: ["-c", script],
      cwd: work,
      env: { PATH: `${bin}:${Deno.env.get("PATH") ?? ""}`, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    return new TextDecoder().decode(stdout).split("\n").slice(0, lines.length)
      .map((line) => line.split("\t").filter((word) => word !== ""));
  } finally {
    await remove();
  }
}

Deno.test("bash completes commands, layout ids, device names, shells and paths", async () => {
  const [commands, layouts, auto, devices, shells, files, all, trace, config] =
    await bashCompletions([
      "dextkit ty",
      "dextkit type hi --layout de",
      "dextkit type hi --layout au",
      "dextkit run x.txt --device ",
      "dextkit completion ",
      "dextkit run hel",
      "dextkit run ",
      "dextkit run x.txt --trace note",
      "dextkit status --config rec",
    ]);
  assert.deepEqual(commands, ["type"]);
  assert.deepEqual(layouts?.toSorted(), ["de", "de-ch"]);
  assert.deepEqual(auto, ["auto"]);
  // Every registered backend is offered (#10 adds karabiner): at least these.
  for (const name of ["auto", "iokit", "sim"]) assert.ok(devices?.includes(name), `${devices}`);
  assert.deepEqual(shells?.toSorted(), ["bash", "fish", "nu", "pwsh", "zsh"]);
  assert.deepEqual(files?.toSorted(), ["hello.ts", "hello.txt"]);
  assert.ok(all?.includes("recipes/"), `folders are offered: ${all}`);
  assert.ok(all?.includes("notes.md"));
  assert.deepEqual(trace, ["notes.md"]);
  assert.deepEqual(config, ["recipes/"]);
});

async function protocolAnswer(args: string[]): Promise<string> {
  const output = new CapturedOutput();
  const code = await main(["completion", ...args], { output, env: {} });
  assert.equal(code, 0, output.stderr);
  return output.stdout;
}

for (const shell of ["zsh", "fish"]) {
  Deno.test(`${shell}: the script registers completion for dextkit`, async () => {
    const script = await protocolAnswer([shell]);
    assert.match(script, /dextkit/);
    assert.match(script, shell === "zsh" ? /compdef _dextkit dextkit/ : /complete -c dextkit/);
  });

  Deno.test(`${shell}: layout ids, device names, shells and recipe files are offered`, async () => {
    assert.match(await protocolAnswer([shell, "type", "hi", "--layout", "de-"]), /^de-ch\b/m);
    const devices = await protocolAnswer([shell, "type", "hi", "--device", ""]);
    for (const name of ["auto", "sim", "iokit"]) {
      assert.match(devices, new RegExp(`^${name}\\b`, "m"));
    }
    assert.match(await protocolAnswer([shell, "completion", "fi"]), /^fish\b/m);
    assert.match(await protocolAnswer([shell, "run", "rec"]), /__FILE__/);
  });
}
