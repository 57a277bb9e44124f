import assert from "node:assert/strict";

const root = new URL("..", import.meta.url);

async function generator(script: string, ...args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", script, ...args],
    cwd: root,
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

for (
  const [script, path] of [
    ["scripts/generate_usage_tables.ts", "lib/hid/usages.generated.ts"],
    ["scripts/generate_layouts.ts", "lib/layout/layouts.generated.ts"],
  ] as const
) {
  Deno.test(`${script} --check reports the committed file up to date`, async () => {
    const { code, stdout } = await generator(script, "--check");
    assert.equal(code, 0);
    assert.equal(stdout.trim(), `${path} is up to date`);
  });

  Deno.test(`${script} refuses an unknown argument with exit 2`, async () => {
    const { code, stderr } = await generator(script, "--chek");
    assert.equal(code, 2);
    assert.match(stderr, /unknown argument "--chek" \(the only option is --check\)/);
  });
}
