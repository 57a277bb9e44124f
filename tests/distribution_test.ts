// How dextkit reaches a user: `deno install` as the README says, and a publishable package.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import denoJson from "../deno.json" with { type: "json" };

const ROOT = fileURLToPath(new URL("../", import.meta.url));

async function readme(): Promise<string> {
  return await Deno.readTextFile(join(ROOT, "README.md"));
}

/** The README's `deno install …` line, as words. */
async function installCommand(): Promise<string[]> {
  const line = (await readme()).split("\n").find((text) => text.startsWith("deno install "));
  assert.ok(line, "README.md shows no `deno install` command");
  return line.trim().split(/\s+/);
}

function permissionFlags(words: readonly string[]): string[] {
  return words.filter((word) => word.startsWith("--allow-")).sort();
}

async function output(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await new Deno.Command(command, {
    args,
    cwd: options.cwd,
    env: { NO_COLOR: "1", ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: result.code,
    stdout: decoder.decode(result.stdout),
    stderr: decoder.decode(result.stderr),
  };
}

Deno.test("the README's deno install grants what `deno task dextkit` grants", async () => {
  const task = denoJson.tasks.dextkit.split(/\s+/);
  assert.deepEqual(permissionFlags(await installCommand()), permissionFlags(task));
});

Deno.test("the README's deno install makes a dextkit command that works from any folder", async () => {
  const root = await Deno.makeTempDir({ prefix: "dextkit-install-" });
  const elsewhere = await Deno.makeTempDir({ prefix: "dextkit-user-" });
  try {
    const [deno, ...args] = await installCommand();
    assert.equal(deno, "deno");
    const installed = await output(Deno.execPath(), args, {
      cwd: ROOT,
      env: { DENO_INSTALL_ROOT: root },
    });
    assert.equal(installed.code, 0, installed.stderr);
    const dextkit = join(root, "bin", "dextkit");
    const shim = await Deno.readTextFile(dextkit);
    assert.deepEqual(permissionFlags(shim.split(/\s+/)), permissionFlags(args));

    const typed = await output(dextkit, ["type", "hi", "--device", "sim"], {
      cwd: elsewhere,
      env: { PATH: `${join(Deno.execPath(), "..")}:${Deno.env.get("PATH") ?? ""}` },
    });
    assert.equal(typed.code, 0, typed.stderr);
    assert.match(typed.stdout, /^text: "hi"$/m);
    const version = await output(dextkit, ["--version"], {
      cwd: elsewhere,
      env: { PATH: `${join(Deno.execPath(), "..")}:${Deno.env.get("PATH") ?? ""}` },
    });
    assert.equal(version.stdout.trim(), denoJson.version);
  } finally {
    await Deno.remove(root, { recursive: true });
    await Deno.remove(elsewhere, { recursive: true });
  }
});

Deno.test("deno publish --dry-run passes (licence, exports, no slow types)", async () => {
  const license = await Deno.readTextFile(join(ROOT, "LICENSE"));
  assert.match(license, /^MIT License$/m);
  assert.equal(denoJson.license, "MIT");
  const published = await output(Deno.execPath(), ["publish", "--dry-run", "--allow-dirty"], {
    cwd: ROOT,
  });
  assert.equal(published.code, 0, published.stderr);
  assert.match(published.stderr + published.stdout, /Dry run complete/);
});

Deno.test("deno task demo on an empty cache downloads no tree-sitter and prints no warning", async () => {
  const cache = await Deno.makeTempDir({ prefix: "dextkit-deno-dir-" });
  try {
    const demo = await output(Deno.execPath(), ["task", "demo"], {
      cwd: ROOT,
      env: { DENO_DIR: cache },
    });
    assert.equal(demo.code, 0, demo.stderr);
    assert.match(demo.stdout, /^text: "Hello from dextkit!"$/m);
    assert.doesNotMatch(demo.stderr, /Warning|Ignored build scripts/i);
    assert.doesNotMatch(demo.stderr, /tree-sitter/);
  } finally {
    await Deno.remove(cache, { recursive: true });
  }
});
