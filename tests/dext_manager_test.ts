// The Swift manager app (dext/manager) as far as Linux allows: there is no Swift compiler here,
// so every source is parsed with tree-sitter-swift (syntax only: no types, no name resolution,
// no SystemExtensions API check), and its contract with the pipeline (exit codes, event names,
// error names) is compared with lib/errors.ts and dext/README.md.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ExitCode } from "../lib/errors.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SOURCES = join(ROOT, "dext/manager/Sources");

/**
 * Where tree-sitter found a syntax error or had to invent a missing token, per source. It runs in
 * a child process with tests/swift_syntax/deno.json, whose import map and lock keep tree-sitter's
 * packages (they carry build scripts) out of the repository's, so no user command downloads them.
 */
async function syntaxErrorsOf(sources: Record<string, string>): Promise<Record<string, string[]>> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--allow-read",
      "--allow-env",
      "--allow-ffi",
      "--config",
      join(ROOT, "tests/swift_syntax/deno.json"),
      join(ROOT, "tests/swift_syntax/swift_syntax_errors.ts"),
    ],
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(sources)));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  return JSON.parse(new TextDecoder().decode(stdout)) as Record<string, string[]>;
}

async function syntaxErrors(source: string): Promise<string[]> {
  return (await syntaxErrorsOf({ source })).source ?? [];
}

async function swiftSources(): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for await (const entry of Deno.readDir(SOURCES)) {
    if (entry.name.endsWith(".swift")) {
      sources.set(entry.name, await Deno.readTextFile(join(SOURCES, entry.name)));
    }
  }
  return sources;
}

/** The rows of the first Markdown table under `heading` in dext/README.md, cells trimmed. */
async function readmeTable(heading: string): Promise<string[][]> {
  const readme = await Deno.readTextFile(join(ROOT, "dext/README.md"));
  const start = readme.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `dext/README.md has no heading ${JSON.stringify(heading)}`);
  const rows: string[][] = [];
  let inTable = false;
  for (const line of readme.slice(start + heading.length + 2).split("\n")) {
    if (line.startsWith("|")) {
      inTable = true;
      const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
      if (!cells.every((cell) => /^-+$/.test(cell))) rows.push(cells);
    } else if (inTable) {
      break;
    }
  }
  return rows.slice(1);
}

function unquote(cell: string): string {
  return cell.replace(/^`|`$/g, "");
}

Deno.test("every manager source is syntactically valid Swift", async () => {
  const sources = await swiftSources();
  assert.ok(sources.has("main.swift"));
  const errors = await syntaxErrorsOf(Object.fromEntries(sources));
  for (const name of sources.keys()) {
    assert.deepEqual(errors[name], [], `${name} has syntax errors`);
  }
});

Deno.test("the Swift syntax check finds an unbalanced brace and a stray token", async () => {
  const sources = await swiftSources();
  const request = sources.get("ExtensionRequest.swift") ?? "";
  const extraBrace = request.replace(
    "        submitted = request\n",
    "        submitted = request\n    }\n",
  );
  assert.notEqual((await syntaxErrors(extraBrace)).length, 0);
  const command = sources.get("Command.swift") ?? "";
  const stray = command.replace(
    "guard let verb = arguments.first else",
    "guard let verb = arguments.first ) else",
  );
  assert.notEqual((await syntaxErrors(stray)).length, 0);
});

Deno.test("the manager's exit codes are the CLI's documented exit codes", async () => {
  const sources = await swiftSources();
  const cases = new Map(
    [...(sources.get("ExitCode.swift") ?? "").matchAll(/case (\w+) = (\d+)/g)].map((
      match,
    ) => [match[1] ?? "", Number(match[2])]),
  );
  assert.deepEqual(Object.fromEntries(cases), {
    done: ExitCode.Ok,
    failed: ExitCode.Failure,
    usage: ExitCode.Usage,
    rebootRequired: ExitCode.RebootRequired,
    approvalTimedOut: ExitCode.Timeout,
  });
  const documented = await readmeTable("### Exit codes");
  assert.deepEqual(
    documented.map((row) => Number(row[0])),
    [...cases.values()],
    "dext/README.md lists every exit code, in order",
  );
});

Deno.test("the events the manager emits are exactly the documented events", async () => {
  const emitted = new Set<string>();
  for (const source of (await swiftSources()).values()) {
    for (const match of source.matchAll(/EventOutput\.emit\(\s*"([a-z-]+)"/g)) {
      emitted.add(match[1] ?? "");
    }
  }
  const documented = (await readmeTable("### Events")).map((row) => unquote(row[0] ?? ""));
  assert.deepEqual([...emitted].sort(), [...documented].sort());
  for (
    const required of ["needs-user-approval", "completed", "will-complete-after-reboot", "failed"]
  ) {
    assert.ok(emitted.has(required), `the manager emits ${required}`);
  }
});

Deno.test("the failed event names OSSystemExtensionError codes 1-13 as Apple's header does", async () => {
  const table = (await swiftSources()).get("SystemExtensionErrorName.swift") ?? "";
  const names = Object.fromEntries(
    [...table.matchAll(/(\d+): "(\w+)"/g)].map((match) => [Number(match[1]), match[2]]),
  );
  // OSSystemExtensionErrorCode in SystemExtensions.h (macos-tooling-reference.md §5).
  assert.deepEqual(names, {
    1: "unknown",
    2: "missingEntitlement",
    3: "unsupportedParentBundleLocation",
    4: "extensionNotFound",
    5: "extensionMissingIdentifier",
    6: "duplicateExtensionIdentifer",
    7: "unknownExtensionCategory",
    8: "codeSignatureInvalid",
    9: "validationFailed",
    10: "forbiddenBySystemPolicy",
    11: "requestCanceled",
    12: "requestSuperseded",
    13: "authorizationRequired",
  });
  assert.match(table, /let extensionNotFoundCode = 4\b/);
});

Deno.test("the replacement reasons are the documented ones", async () => {
  const policy = (await swiftSources()).get("ReplacementPolicy.swift") ?? "";
  const reasons = [...policy.matchAll(/case (\w+) = "([a-z-]+)"/g)].map((match) => match[2]);
  assert.deepEqual(reasons, ["newer", "same-version", "same-version-forced", "older"]);
  const documented = (await readmeTable("### Replacement policy")).map((row) =>
    unquote(row[1] ?? "")
  );
  assert.deepEqual([...documented].sort(), [...reasons].sort());
});
