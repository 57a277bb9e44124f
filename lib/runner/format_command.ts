/**
 * A command as a shell line a person can read and paste: words quoted for POSIX shells, the
 * environment as `NAME=value` prefixes, the working directory as `(cd DIR && …)`, and every
 * secret replaced by {@linkcode REDACTED}.
 *
 * Secrets are found three ways:
 * 1. values listed in {@linkcode CommandSpec.secrets};
 * 2. the value after an option whose name looks secret (`--password`, `--keychain-password`,
 *    `--password=…`), and the password options of `security`'s subcommands (`create-keychain
 *    -p`, `unlock-keychain -p`, `import -P`, `set-key-partition-list -k`, …), where `-p` is a
 *    password (for `notarytool`, `-p` is a keychain *profile name* and stays visible);
 * 3. environment variables whose names look secret, and PEM blocks or app-specific passwords in
 *    any value.
 *
 * Paths are never secret: `--key /path/AuthKey_X.p8` is printed as is. A whole-word
 * {@linkcode REDACTED} is printed unquoted so it reads as a placeholder.
 *
 * @module
 */
import { isSecretName, REDACTED, redactText } from "../config/redact_secrets.ts";
import type { CommandSpec } from "./command_runner.ts";

const SAFE_WORD = /^[A-Za-z0-9_\-+=.,/:@%^]+$/;

/**
 * Quotes one word for a POSIX shell: unchanged when it needs no quoting, else in single quotes.
 *
 * @param word An argument.
 * @returns The quoted word.
 *
 * @example
 * ```ts
 * import { shellQuote } from "./format_command.ts";
 *
 * console.assert(shellQuote("App.app") === "App.app");
 * console.assert(shellQuote("Developer ID Application: Example (ABCDE12345)") === "'Developer ID Application: Example (ABCDE12345)'");
 * console.assert(shellQuote("it's") === "'it'\\''s'");
 * console.assert(shellQuote("") === "''");
 * ```
 */
export function shellQuote(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/** Password options of `security` subcommands (`-p` elsewhere is a policy or profile). */
const SECURITY_PASSWORD_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  "create-keychain": ["-p"],
  "unlock-keychain": ["-p"],
  "set-keychain-password": ["-o", "-p"],
  "import": ["-P"],
  "export": ["-P"],
  "set-key-partition-list": ["-k"],
  "add-generic-password": ["-w"],
  "add-internet-password": ["-w"],
};

/**
 * The arguments of a command with secrets replaced by {@linkcode REDACTED}.
 *
 * @param command The command.
 * @returns A new argument list.
 *
 * @example
 * ```ts
 * import { redactArgs } from "./format_command.ts";
 *
 * const args = redactArgs({ cmd: "security", args: ["unlock-keychain", "-p", "hunter2", "ci.keychain-db"] });
 * console.assert(args.join(" ") === "unlock-keychain -p [REDACTED] ci.keychain-db");
 * ```
 */
export function redactArgs(command: CommandSpec): string[] {
  const secrets = command.secrets ?? [];
  const tool = command.cmd.slice(command.cmd.lastIndexOf("/") + 1);
  const passwordOptions = tool === "security"
    ? (Object.hasOwn(SECURITY_PASSWORD_OPTIONS, command.args[0] ?? "")
      ? SECURITY_PASSWORD_OPTIONS[command.args[0] ?? ""] ?? []
      : [])
    : [];
  const out: string[] = [];
  let hideNext = false;
  for (const arg of command.args) {
    if (hideNext) {
      out.push(REDACTED);
      hideNext = false;
      continue;
    }
    const option = /^--?([A-Za-z][A-Za-z0-9-]*)(=(.*))?$/s.exec(arg);
    // notarytool's `--key` takes the path of the API key file, which is fine to show.
    if (option && option[1] !== "key" && isSecretName(option[1] ?? "")) {
      if (option[2] === undefined) {
        out.push(arg);
        hideNext = true;
      } else {
        out.push(`${arg.slice(0, arg.indexOf("=") + 1)}${REDACTED}`);
      }
      continue;
    }
    if (passwordOptions.includes(arg)) {
      out.push(arg);
      hideNext = true;
      continue;
    }
    out.push(redactText(arg, secrets));
  }
  return out;
}

/**
 * The environment additions of a command with secret values replaced.
 *
 * @param command The command.
 * @returns `[name, value]` pairs in the order given.
 *
 * @example
 * ```ts
 * import { redactEnv } from "./format_command.ts";
 *
 * const env = redactEnv({ cmd: "make", args: [], env: { KEYCHAIN_PASSWORD: "x", CI: "true" } });
 * console.assert(JSON.stringify(env) === '[["KEYCHAIN_PASSWORD","[REDACTED]"],["CI","true"]]');
 * ```
 */
export function redactEnv(command: CommandSpec): [string, string][] {
  return Object.entries(command.env ?? {}).map(([name, value]) => [
    name,
    isSecretName(name) ? REDACTED : redactText(value, command.secrets ?? []),
  ]);
}

/**
 * A command as one shell line, secrets redacted: `(cd DIR && NAME=value cmd args…)`, with a
 * trailing `# stdin: N bytes` note when it is fed standard input (whose contents are never
 * shown).
 *
 * @param command The command.
 * @returns The line.
 *
 * @example
 * ```ts
 * import { formatCommand } from "./format_command.ts";
 *
 * const line = formatCommand({
 *   cmd: "xcrun",
 *   args: ["notarytool", "submit", "App.zip", "--keychain-profile", "dextkit notary", "--wait"],
 *   cwd: "/tmp/build",
 * });
 * console.assert(line === "(cd /tmp/build && xcrun notarytool submit App.zip --keychain-profile 'dextkit notary' --wait)");
 * ```
 */
export function formatCommand(command: CommandSpec): string {
  const words = [
    ...redactEnv(command).map(([name, value]) =>
      `${name}=${value === REDACTED ? value : shellQuote(value)}`
    ),
    shellQuote(redactText(command.cmd, command.secrets ?? [])),
    ...redactArgs(command).map((arg) => arg === REDACTED ? arg : shellQuote(arg)),
  ];
  let line = words.join(" ");
  if (command.cwd !== undefined) line = `(cd ${shellQuote(command.cwd)} && ${line})`;
  if (command.stdin !== undefined) {
    const size = typeof command.stdin === "string"
      ? new TextEncoder().encode(command.stdin).length
      : command.stdin.length;
    line += `  # stdin: ${size} bytes`;
  }
  return line;
}
