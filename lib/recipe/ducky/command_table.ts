/**
 * The DuckyScript command vocabulary: every command word the parser knows (DuckyScript 1.0, the
 * Flipper Zero BadUSB additions, the DuckyScript 3.0 subset), what kind of command each is, and
 * the commands that only make sense on the original devices, which compile to a warning.
 *
 * Command words are case-sensitive uppercase, as in every reference implementation; a line whose
 * first word is not a command is a key-combo line (`key_combo.ts`).
 *
 * @module
 */

/**
 * What the parser does with a command word.
 *
 * @example The kind of DELAY
 * ```ts
 * import { COMMANDS, type CommandKind } from "./command_table.ts";
 *
 * const kind: CommandKind | undefined = COMMANDS.get("DELAY");
 * console.assert(kind === "delay");
 * ```
 */
export type CommandKind =
  | "rem"
  | "remBlock"
  | "string"
  | "stringBlock"
  | "stringDelay"
  | "defaultStringDelay"
  | "delay"
  | "defaultDelay"
  | "repeat"
  | "define"
  | "var"
  | "if"
  | "while"
  | "function"
  | "return"
  | "stop"
  | "extension"
  | "hold"
  | "release"
  | "injectMod"
  | "reset"
  | "globe"
  | "media"
  | "mouseMove"
  | "mouseScroll"
  | "click"
  | "random"
  | "waitForButton"
  | "buttonDef"
  | "id"
  | "attackMode"
  | "ignored"
  | "lockWait"
  | "lockState"
  | "injectVar"
  | "blockEnd";

const IGNORED_REASONS: readonly (readonly [string, readonly string[]])[] = [
  [
    "configures the USB Rubber Ducky itself",
    ["SAVE_ATTACKMODE", "RESTORE_ATTACKMODE", "HIDE_PAYLOAD", "RESTORE_PAYLOAD"],
  ],
  ["controls the device's LED", ["LED_OFF", "LED_ON", "LED_R", "LED_G"]],
  ["controls the device's button", ["DISABLE_BUTTON", "ENABLE_BUTTON"]],
  ["waits for the device's storage", ["WAIT_FOR_STORAGE_ACTIVITY", "WAIT_FOR_STORAGE_INACTIVITY"]],
  ["exfiltrates data through the device", ["EXFIL"]],
  ["restarts the payload on the device; dextkit runs a payload once", ["RESTART_PAYLOAD"]],
  ["types Windows Alt codes, which macOS does not have", ["ALTCHAR", "ALTSTRING", "ALTCODE"]],
  ["sends Linux's magic SysRq, which macOS does not have", ["SYSRQ"]],
  ["sets the device's keyboard layout; choose the layout with --layout instead", ["LOCALE"]],
];

/**
 * The lock waits: which lock each waits on, and for what.
 *
 * @example
 * ```ts
 * import { LOCK_WAITS } from "./command_table.ts";
 *
 * console.assert(LOCK_WAITS.get("WAIT_FOR_CAPS_ON")?.lock === "capsLock");
 * ```
 */
export const LOCK_WAITS: ReadonlyMap<
  string,
  { readonly lock: "capsLock" | "numLock" | "scrollLock"; readonly until: "on" | "off" | "change" }
> = new Map(
  (["CAPS", "NUM", "SCROLL"] as const).flatMap((name) =>
    (["ON", "OFF", "CHANGE"] as const).map((until) =>
      [
        `WAIT_FOR_${name}_${until}`,
        {
          lock: name === "CAPS"
            ? "capsLock" as const
            : name === "NUM"
            ? "numLock" as const
            : "scrollLock" as const,
          until: until === "ON"
            ? "on" as const
            : until === "OFF"
            ? "off" as const
            : "change" as const,
        },
      ] as const
    )
  ),
);

/**
 * Why each device-only or Windows/Linux-only command is skipped, by command word. Each compiles
 * to a located warning and no action.
 *
 * @example Look up why LED_R is skipped
 * ```ts
 * import { IGNORED_COMMANDS } from "./command_table.ts";
 *
 * console.assert(IGNORED_COMMANDS.get("LED_R") === "controls the device's LED");
 * ```
 */
export const IGNORED_COMMANDS: ReadonlyMap<string, string> = new Map(
  IGNORED_REASONS.flatMap(([reason, names]) => names.map((name) => [name, reason] as const)),
);

/**
 * The characters each `RANDOM_*` command picks from. `RANDOM_SPECIAL` uses the shifted digits
 * of a U.S. keyboard, `!@#$%^&*()`.
 *
 * @example The digits
 * ```ts
 * import { RANDOM_CHARACTER_SETS } from "./command_table.ts";
 *
 * console.assert(RANDOM_CHARACTER_SETS.get("RANDOM_NUMBER") === "0123456789");
 * ```
 */
export const RANDOM_CHARACTER_SETS: ReadonlyMap<string, string> = (() => {
  const lower = "abcdefghijklmnopqrstuvwxyz";
  const upper = lower.toUpperCase();
  const digits = "0123456789";
  const special = "!@#$%^&*()";
  const any = lower + upper + digits + special;
  return new Map([
    ["RANDOM_LOWERCASE_LETTER", lower],
    ["RANDOM_UPPERCASE_LETTER", upper],
    ["RANDOM_LETTER", lower + upper],
    ["RANDOM_NUMBER", digits],
    ["RANDOM_SPECIAL", special],
    ["RANDOM_CHAR", any],
    ["RANDOM_CHARACTER", any],
  ]);
})();

/**
 * The pointer button each click command (and `HOLD`/`RELEASE` argument) names: 1 primary,
 * 2 secondary, 3 middle (the wheel).
 *
 * @example The right click is button 2
 * ```ts
 * import { MOUSE_BUTTONS } from "./command_table.ts";
 *
 * console.assert(MOUSE_BUTTONS.get("RIGHT_CLICK") === 2);
 * ```
 */
export const MOUSE_BUTTONS: ReadonlyMap<string, number> = new Map([
  ["LEFTCLICK", 1],
  ["LEFT_CLICK", 1],
  ["RIGHTCLICK", 2],
  ["RIGHT_CLICK", 2],
  ["MIDDLECLICK", 3],
  ["MIDDLE_CLICK", 3],
  ["WHEELCLICK", 3],
  ["WHEEL_CLICK", 3],
]);

/**
 * Words that close a block; they are only valid where their block is open.
 *
 * @example END_IF closes a block
 * ```ts
 * import { BLOCK_ENDS } from "./command_table.ts";
 *
 * console.assert(BLOCK_ENDS.has("END_IF") && BLOCK_ENDS.has("ELSE"));
 * ```
 */
export const BLOCK_ENDS: ReadonlySet<string> = new Set([
  "ELSE",
  "END_IF",
  "END_WHILE",
  "END_FUNCTION",
  "END_BUTTON",
  "END_EXTENSION",
  "END_REM",
  "END_STRING",
  "END_STRINGLN",
]);

/**
 * Every command word and its kind. Aliases (`DEFAULTDELAY`, `STRINGDELAY`, `MOUSE_MOVE`, …)
 * are separate entries.
 *
 * @example Look up commands
 * ```ts
 * import { COMMANDS } from "./command_table.ts";
 *
 * console.assert(COMMANDS.get("DEFAULTDELAY") === "defaultDelay");
 * console.assert(COMMANDS.get("LED_G") === "ignored");
 * console.assert(COMMANDS.get("string") === undefined);
 * ```
 */
export const COMMANDS: ReadonlyMap<string, CommandKind> = new Map<string, CommandKind>([
  ["REM", "rem"],
  ["REM_BLOCK", "remBlock"],
  ["STRING", "string"],
  ["STRINGLN", "string"],
  ["STRING_BLOCK", "stringBlock"],
  ["STRINGLN_BLOCK", "stringBlock"],
  ["STRING_DELAY", "stringDelay"],
  ["STRINGDELAY", "stringDelay"],
  ["DEFAULT_STRING_DELAY", "defaultStringDelay"],
  ["DEFAULTSTRINGDELAY", "defaultStringDelay"],
  ["DELAY", "delay"],
  ["DEFAULT_DELAY", "defaultDelay"],
  ["DEFAULTDELAY", "defaultDelay"],
  ["REPEAT", "repeat"],
  ["DEFINE", "define"],
  ["VAR", "var"],
  ["IF", "if"],
  ["WHILE", "while"],
  ["FUNCTION", "function"],
  ["RETURN", "return"],
  ["STOP_PAYLOAD", "stop"],
  ["EXTENSION", "extension"],
  ["HOLD", "hold"],
  ["RELEASE", "release"],
  ["INJECT_MOD", "injectMod"],
  ["RESET", "reset"],
  ["GLOBE", "globe"],
  ["MEDIA", "media"],
  ["MOUSEMOVE", "mouseMove"],
  ["MOUSE_MOVE", "mouseMove"],
  ["MOUSESCROLL", "mouseScroll"],
  ["MOUSE_SCROLL", "mouseScroll"],
  ...[...MOUSE_BUTTONS.keys()].map((name) => [name, "click"] as const),
  ...[...RANDOM_CHARACTER_SETS.keys()].map((name) => [name, "random"] as const),
  ["WAIT_FOR_BUTTON_PRESS", "waitForButton"],
  ...[...LOCK_WAITS.keys()].map((name) => [name, "lockWait"] as const),
  ["SAVE_HOST_KEYBOARD_LOCK_STATE", "lockState"],
  ["RESTORE_HOST_KEYBOARD_LOCK_STATE", "lockState"],
  ["INJECT_VAR", "injectVar"],
  ["BUTTON_DEF", "buttonDef"],
  ["ID", "id"],
  ["ATTACKMODE", "attackMode"],
  ...[...IGNORED_COMMANDS.keys()].map((name) => [name, "ignored"] as const),
  ...[...BLOCK_ENDS].map((name) => [name, "blockEnd"] as const),
]);
