/**
 * The live DuckyScript engine: the whole file is parsed and checked first, then interpreted
 * statement by statement on the same live runtime TypeScript recipes use.
 *
 * ```ts
 * import { checkDuckyScript, runDuckyProgram } from "./mod.ts";
 * import { localRecipeRunner } from "../recipe_runtime.ts";
 *
 * const program = checkDuckyScript("GUI SPACE\nDELAY 300\nSTRINGLN Terminal", {
 *   file: "open_terminal.txt",
 * });
 * const connection = await localRecipeRunner.open({ dryRun: true });
 * const actions = await runDuckyProgram(program, connection, { seed: 1 });
 * await connection.finish();
 * console.assert(actions.length === 3 && program.warnings.length === 0);
 * ```
 *
 * ## What is accepted
 *
 * **DuckyScript 1.0**: REM, DEFAULT_DELAY/DEFAULTDELAY, DELAY, STRING, STRING_DELAY n text,
 * REPEAT, key names (ENTER, ESC, F1–F24, UPARROW, …), modifiers alone or with one key, and the
 * combo tokens (CTRL-ALT, ALT-SHIFT, COMMAND-OPTION, …). **Flipper Zero BadUSB**: STRINGLN,
 * STRING_DELAY/STRINGDELAY n (next STRING only), DEFAULT_STRING_DELAY/DEFAULTSTRINGDELAY, HOLD,
 * RELEASE, MEDIA, GLOBE, MOUSEMOVE/MOUSE_MOVE, MOUSESCROLL/MOUSE_SCROLL, LEFTCLICK, RIGHTCLICK,
 * MIDDLECLICK, WHEELCLICK (and the `_CLICK` spellings), WAIT_FOR_BUTTON_PRESS, ID. **DuckyScript
 * 3.0 subset**: REM_BLOCK … END_REM; STRING/STRINGLN blocks (also duckyPad's STRING_BLOCK and
 * STRINGLN_BLOCK); DEFINE; VAR and assignments with uint16 expressions (`expression.ts`);
 * IF (…) THEN / ELSE IF (…) THEN / ELSE / END_IF, also written `IF(…)` and `ELSE IF(…)THEN`;
 * WHILE … END_WHILE, also `WHILE(…)`; FUNCTION NAME() …
 * END_FUNCTION, RETURN [value], calls `NAME()` as statements or in expressions; INJECT_MOD;
 * RESET; STOP_PAYLOAD; RANDOM_LOWERCASE_LETTER, RANDOM_UPPERCASE_LETTER, RANDOM_LETTER,
 * RANDOM_NUMBER, RANDOM_SPECIAL, RANDOM_CHAR/RANDOM_CHARACTER and `$_RANDOM_INT` between
 * `$_RANDOM_MIN` and `$_RANDOM_MAX`, all from a seeded generator; EXTENSION … END_EXTENSION
 * (its code runs inline); IF_DEFINED_TRUE / IF_NOT_DEFINED_TRUE … ELSE_DEFINED …
 * END_IF_DEFINED (conditional lines, by whether a constant is DEFINEd to TRUE or non-zero);
 * WAIT_FOR_CAPS/NUM/SCROLL_ON/OFF/CHANGE and SAVE/RESTORE_HOST_KEYBOARD_LOCK_STATE on the live
 * LED state; INJECT_VAR $x (types the value); `$_OS` and the OS constants; the internal
 * variables in `internal_variables.ts`.
 *
 * ## Decisions
 *
 * - **Lines**: LF, CRLF, CR and mixed endings all end a line; a UTF-8 BOM is ignored;
 *   indentation is allowed everywhere; `//` lines are comments like REM.
 * - **Commands** are upper case, as in every reference implementation. A line whose first word
 *   is not a command is a key combo: tokens joined by spaces or hyphens, every token but the last
 *   a modifier, the last any key name or single character (`key_combo.ts`). Key names go through
 *   the shared resolver (`lib/hid/key_names.ts`), so they are case-insensitive and its decisions
 *   hold: DELETE is forward delete, MENU and APP are the context-menu key, a letter names its key
 *   in either case (`GUI R` is Command-r), `?` adds Shift.
 * - **A modifier alone** (`GUI`, `SHIFT`, `CTRL-ALT`) taps it, which is what INJECT_MOD asks
 *   for; `INJECT_MOD` alone therefore does nothing and `INJECT_MOD combo` presses the combo.
 * - **STRING text** is everything after the one space (or tab) that follows STRING; trailing
 *   whitespace is typed unless `trimStringTrailingWhitespace`. `STRING` with nothing (or only
 *   whitespace) after it opens a block closed by END_STRING; STRINGLN likewise with
 *   END_STRINGLN, and each block line gets a newline. A block's common indentation is removed.
 * - **STRING_DELAY** is told apart by its argument: `STRING_DELAY 50 text` (a number, then text)
 *   is DuckyScript 1.0 and types the text with 50 ms between characters; `STRING_DELAY 50` (a
 *   number or expression alone) is Flipper's delay for the next STRING-family command only.
 * - **Numbers**: DELAY, DEFAULT_DELAY, STRING_DELAY, DEFAULT_STRING_DELAY and REPEAT take a plain
 *   number up to 2^31 − 1 or a uint16 expression. `DELAY 0` is allowed and waits nothing. A
 *   negative literal (`DELAY -5`) or a literal above 65535 in an expression is a located error,
 *   never a wrap-around; arithmetic (`0 - 1`) wraps as uint16 math does on the device.
 * - **DEFAULT_DELAY** follows every later command that sends input, and not DELAY, waits,
 *   settings, language statements or skipped commands (`interpreter.ts`). **REPEAT n** re-runs
 *   the last executed command n more times.
 * - **DEFINE** is textual and applies from its line to the end of the file, in STRING text and
 *   every argument (`define_table.ts`); a name is any run of non-space characters not starting
 *   with a digit (`#MY-HOST`). STRING does not expand `$variables`.
 * - **Live**: the file is checked whole before any key goes down, then run statement by
 *   statement on the live runtime; the host's lock state is read from the LEDs after every step,
 *   so payloads that toggle Caps Lock and wait for `$_RECEIVED_HOST_LOCK_LED_REPLY` work (the
 *   simulated Mac answers Caps Lock with its LED as macOS does). `WHILE TRUE` runs until
 *   STOP_PAYLOAD or Ctrl-C; the loop and action guards apply when set (dry runs set them).
 * - **Variables** must be declared by a VAR somewhere in the file; every variable, function and
 *   key name is checked before anything runs, also in branches that never run. Functions may be
 *   called before their definition; they are defined at the top level only.
 * - **Device-only commands** (ATTACKMODE, SAVE/RESTORE_ATTACKMODE, LED_*, BUTTON_DEF … END_BUTTON,
 *   DISABLE/ENABLE_BUTTON, storage waits, EXFIL, HIDE/RESTORE/RESTART_PAYLOAD, LOCALE) and the
 *   **Windows/Linux-only** ALTCHAR, ALTSTRING/ALTCODE and SYSRQ give a located warning and do
 *   nothing: typing Alt codes or SysRq at a Mac would only produce stray characters.
 * - **ID VID:PID** (on any line, not only the first as on Flipper) and `ATTACKMODE … VID_x PID_y`
 *   give {@linkcode DuckyProgram.keyboard}; the first one wins, a different later one warns.
 * - **WAIT_FOR_BUTTON_PRESS** waits for Enter on the terminal (a dry run goes straight on).
 * - **MEDIA** names without a macOS key (REBOOT, LOGOFF, EXIT, HOME, BACK, FORWARD, REFRESH,
 *   SNAPSHOT) warn and are skipped; MEDIA POWER presses the keyboard Power key.
 *
 * Every error is a {@linkcode DuckyScriptError} with `file:line:column`, the offending text and,
 * for unknown commands, keys, media names, variables, constants and functions, the closest valid
 * names; a step the runtime cannot perform (a character the layout cannot type) is the runtime's
 * located error. Expressions, blocks and calls have depth limits; loops, REPEAT and the action
 * count have budgets when guards are set.
 *
 * @module
 */
export {
  checkDuckyScript,
  type DuckyCheckOptions,
  type DuckyOs,
  type DuckyProgram,
  type DuckyRunOptions,
  runDuckyProgram,
} from "./run_ducky.ts";
export type { DuckyDiagnostic } from "./diagnostics.ts";
export { DuckyScriptError } from "./ducky_script_error.ts";
export { looksLikeDuckyScript } from "./looks_like_ducky_script.ts";
