// The shape of every command-line error: one `error:` line naming the offending option or value,
// one `hint:` line pointing at the command's --help, exit code 2, nothing on standard output and
// never the usage; errors of --json commands as one JSON object; negative codes; no colours
// unless both streams are a terminal and NO_COLOR is unset; the README's command table.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../lib/cli/main.ts";
import { CapturedOutput, colorsAllowed } from "../lib/cli/output.ts";
import { commandNames, commandOptions } from "../lib/cli/parser.ts";
import { ExitCode } from "../lib/errors.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** The escape character that starts every ANSI colour code. */
const ANSI = new RegExp(String.fromCharCode(0x1b) + "\\[");

/** An output that says it is a terminal, to check what would be coloured there. */
class TerminalOutput extends CapturedOutput {
  isTerminal(): boolean {
    return true;
  }
}

async function run(args: string[], options: { env?: Record<string, string>; tty?: boolean } = {}) {
  const output = options.tty ? new TerminalOutput() : new CapturedOutput();
  const code = await main(args, { output, env: options.env ?? {} });
  return { code, output };
}

/** What each command needs besides the broken part, so only the broken part is wrong. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  type: ["hello"],
  run: ["recipe.txt"],
  explain: ["3"],
};

/** One bad value (or a value-taking option left without its value) per command. */
const BAD_VALUES: Readonly<Record<string, { args: readonly string[]; names: RegExp }>> = {
  keys: { args: ["--search"], names: /`--search` requires `TEXT`/ },
  type: { args: ["hello", "--delay", "soon"], names: /`--delay`.*"soon"/ },
  run: { args: ["recipe.txt", "--countdown", "-3"], names: /`--countdown`.*"-3"/ },
  layouts: { args: ["extra"], names: /"extra"/ },
  build: { args: ["--config"], names: /`--config` requires `PATH`/ },
  sign: { args: ["--config"], names: /`--config` requires `PATH`/ },
  notarize: { args: ["--resume"], names: /`--resume` requires `ID`/ },
  package: { args: ["--config"], names: /`--config` requires `PATH`/ },
  "install-dext": { args: ["--config"], names: /`--config` requires `PATH`/ },
  reboot: { args: ["now"], names: /"now"/ },
  uninstall: { args: ["--config"], names: /`--config` requires `PATH`/ },
  release: { args: ["--config"], names: /`--config` requires `PATH`/ },
  doctor: { args: ["--config"], names: /`--config` requires `PATH`/ },
  status: { args: ["--config"], names: /`--config` requires `PATH`/ },
  logs: { args: ["--last"], names: /`--last` requires `SPAN`/ },
  explain: { args: ["3", "4"], names: /"4"/ },
};

function assertOneLineError(
  result: { code: number; output: CapturedOutput },
  command: string,
  names: RegExp,
): void {
  const { code, output } = result;
  assert.equal(code, ExitCode.Usage, output.stderr);
  assert.equal(output.stdout, "", "nothing on standard output");
  assert.equal(output.errLines.length, 2, output.stderr);
  assert.match(output.errLines[0] ?? "", /^error: /);
  assert.match(output.errLines[0] ?? "", names);
  assert.equal(output.errLines[1], `hint: see \`dextkit ${command} --help\``);
  assert.doesNotMatch(output.stderr, /Usage:/);
}

Deno.test("every command is covered by this test", () => {
  assert.deepEqual(commandNames().toSorted(), Object.keys(BAD_VALUES).toSorted());
});

for (const command of commandNames()) {
  Deno.test(`${command}: an unknown option is one error line and a hint, exit 2`, async () => {
    const result = await run([command, ...(REQUIRED[command] ?? []), "--no-such-option"]);
    assertOneLineError(result, command, /"--no-such-option"/);
  });

  Deno.test(`${command}: a bad value is one error line and a hint, exit 2`, async () => {
    const bad = BAD_VALUES[command];
    assert.ok(bad);
    assertOneLineError(await run([command, ...bad.args]), command, bad.names);
  });
}

Deno.test("a missing argument names it, and points at the command's help", async () => {
  for (const [command, metavar] of [["type", "TEXT"], ["run", "FILE"], ["explain", "CODE"]]) {
    assertOneLineError(await run([command ?? ""]), command ?? "", new RegExp(`\`${metavar}\``));
  }
});

/** Values the parser accepts and the command refuses: the same shape, the documented code. */
const REFUSED_VALUES: readonly { args: string[]; exitCode: number; names: RegExp }[] = [
  { args: ["type", "x", "--layout", "xx"], exitCode: ExitCode.Usage, names: /"xx"/ },
  { args: ["type", "x", "--device", "nope"], exitCode: ExitCode.Usage, names: /"nope"/ },
  { args: ["run", "/no/such/recipe.txt"], exitCode: ExitCode.Usage, names: /recipe\.txt/ },
  { args: ["logs", "--last", "5x", "--dry-run"], exitCode: ExitCode.Usage, names: /"5x"/ },
  {
    args: ["status", "--config", "/no/such/project", "--dry-run"],
    exitCode: ExitCode.Usage,
    names: /\/no\/such\/project/,
  },
  { args: ["explain", "no-such-code"], exitCode: ExitCode.Usage, names: /"no-such-code"/ },
  { args: ["keys", "--search", "no-such-key"], exitCode: ExitCode.Failure, names: /"no-such-key"/ },
];

Deno.test("a value the command refuses is one error line and a hint, with its exit code", async () => {
  for (const { args, exitCode, names } of REFUSED_VALUES) {
    const { code, output } = await run(args);
    assert.equal(code, exitCode, `${args.join(" ")}: ${output.stderr}`);
    assert.equal(output.errLines.length, 2, `${args.join(" ")}: ${output.stderr}`);
    assert.match(output.errLines[0] ?? "", /^error: /);
    assert.match(output.errLines[0] ?? "", names);
    assert.match(output.errLines[1] ?? "", /^hint: \S/);
  }
});

Deno.test("no command at all is one error line pointing at dextkit --help", async () => {
  const { code, output } = await run([]);
  assert.equal(code, ExitCode.Usage);
  assert.deepEqual(output.errLines, [
    "error: no matching command or argument found",
    "hint: see `dextkit --help`",
  ]);
});

Deno.test("an unknown completion shell names the ones there are", async () => {
  const { code, output } = await run(["completion", "tcsh"]);
  assert.equal(code, ExitCode.Usage);
  assert.equal(output.errLines.length, 2);
  assert.match(output.errLines[0] ?? "", /^error: .*"tcsh".*"bash".*"fish".*"zsh"/);
});

Deno.test("--help shows the usage on standard output, exit 0", async () => {
  const { code, output } = await run(["type", "--help"]);
  assert.equal(code, 0);
  assert.match(output.stdout, /^Usage: dextkit type /);
  assert.equal(output.stderr, "");
});

Deno.test("explain takes the signed form of a code, as the hints print it", async () => {
  const { code, output } = await run(["explain", "-536870174"]);
  assert.equal(code, 0, output.stderr);
  assert.match(output.outLines[0] ?? "", /^kIOReturnNotPermitted — 0xe00002e2 \(-536870174\)/);
});

Deno.test("explain -1 reaches explain (not the option parser), and options still follow", async () => {
  const { code, output } = await run(["explain", "-1", "--json"]);
  assert.equal(code, ExitCode.Usage);
  const document = JSON.parse(output.stdout) as { error: { message: string } };
  assert.match(document.error.message, /"-1"/);
  assert.doesNotMatch(document.error.message, /option/);
});

Deno.test("a negative option value reaches the value check, which names the bound", async () => {
  const { output } = await run(["type", "x", "--delay", "-5"]);
  assert.match(output.errLines[0] ?? "", /`--delay`: .*greater than or equal to 0.*"-5"/);
});

Deno.test("--json commands answer a failure as one JSON object on standard output", async () => {
  const { code, output } = await run(["explain", "--json", "garbage"]);
  assert.equal(code, ExitCode.Usage);
  assert.equal(output.stderr, "");
  assert.equal(output.outLines.length, 1);
  const { error } = JSON.parse(output.stdout) as {
    error: { name: string; message: string; hint: string; exitCode: number };
  };
  assert.equal(error.name, "UnknownCodeError");
  assert.match(error.message, /"garbage"/);
  assert.ok(error.hint.length > 0);
  assert.equal(error.exitCode, ExitCode.Usage);
});

Deno.test("--json commands answer a command-line error in JSON too", async () => {
  for (const command of commandNames().filter((name) => commandOptions(name).includes("--json"))) {
    const { code, output } = await run([
      command,
      ...(REQUIRED[command] ?? []),
      "--json",
      "--no-such-option",
    ]);
    assert.equal(code, ExitCode.Usage, command);
    assert.equal(output.stderr, "", command);
    const { error } = JSON.parse(output.stdout) as { error: { name: string; hint: string } };
    assert.equal(error.name, "CommandLineError", command);
    assert.equal(error.hint, `see \`dextkit ${command} --help\``, command);
  }
});

Deno.test("errors are never coloured off a terminal; help is coloured only on one", async () => {
  const piped = await run(["type", "x", "--delay", "abc"]);
  assert.doesNotMatch(piped.output.stderr, ANSI);
  const pipedHelp = await run(["type", "--help"]);
  assert.doesNotMatch(pipedHelp.output.stdout, ANSI);
  const terminalError = await run(["type", "x", "--delay", "abc"], { tty: true });
  assert.doesNotMatch(terminalError.output.stderr, ANSI);
  const terminalHelp = await run(["type", "--help"], { tty: true });
  assert.match(terminalHelp.output.stdout, ANSI);
  const noColor = await run(["type", "--help"], { tty: true, env: { NO_COLOR: "1" } });
  assert.doesNotMatch(noColor.output.stdout, ANSI);
});

Deno.test("colours need a terminal and no NO_COLOR (an empty NO_COLOR does not count)", () => {
  const terminal = new TerminalOutput();
  assert.equal(colorsAllowed(terminal, {}), true);
  assert.equal(colorsAllowed(terminal, { NO_COLOR: "1" }), false);
  assert.equal(colorsAllowed(terminal, { NO_COLOR: "" }), true);
  assert.equal(colorsAllowed(new CapturedOutput(), {}), false);
});

Deno.test("the dextkit process prints no ANSI codes into a pipe, even on error", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-env", "--allow-read", "scripts/dextkit.ts", "type", "--delay", "x"],
    cwd: ROOT,
    env: { FORCE_COLOR: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stderr) + new TextDecoder().decode(stdout);
  assert.equal(code, ExitCode.Usage, text);
  assert.doesNotMatch(text, ANSI);
  assert.equal(text.trimEnd().split("\n").length, 2, text);
});

/** The README's command table: command name → description. */
async function readmeCommands(): Promise<Map<string, string>> {
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  const rows = new Map<string, string>();
  for (const match of readme.matchAll(/^\| `([a-z-]+)` +\| (.+?) +\|$/gm)) {
    rows.set(match[1] ?? "", match[2] ?? "");
  }
  return rows;
}

Deno.test("the README's command table lists the parser's commands with --help's descriptions", async () => {
  const { output } = await run(["--help"]);
  const help = new Map<string, string>();
  for (const line of output.outLines.join("\n").split("\n")) {
    const match = line.match(/^ {2}([a-z][a-z-]*) {2,}(.+)$/);
    if (match && match[1] !== "help") help.set(match[1] ?? "", match[2] ?? "");
  }
  const readme = await readmeCommands();
  assert.deepEqual([...readme.keys()], [...commandNames(), "completion"]);
  assert.deepEqual(readme, help);
});
