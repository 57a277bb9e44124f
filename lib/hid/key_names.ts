/**
 * The one key-name resolver: turns a key name in any supported convention, or a `+` combo, into
 * HID usages.
 *
 * The canonical name of a keyboard-page key is its W3C `KeyboardEvent.code` (`KeyA`, `Enter`,
 * `MetaLeft`); a keyboard-page key without a W3C code is its HUT name in PascalCase
 * (`KeyboardMenu`, `KeyboardStop`). Keys on other pages have PascalCase names (`MediaPlayPause`,
 * `AudioVolumeUp`, `BrightnessUp`, `MissionControl`, `Launchpad`, `Fn`, `Spotlight`). Every other
 * name is an alias. All names match case-insensitively, in this order of precedence (the first
 * convention that claims a name wins):
 *
 * 1. canonical names;
 * 2. hand-written aliases (`key_aliases.ts`): Playwright's `Shift`/`Control`/`Alt`/`Meta` (the left
 *    keys) and `AltGraph`, cmd/command/⌘, opt/option/⌥, ctrl/⌃, shift/⇧, super/win, return, esc,
 *    pgup/pgdn, left/right/up/down, fn/globe, media names, Karabiner names outside the keyboard
 *    page;
 * 3. single characters (below);
 * 4. DuckyScript names (ENTER, GUI, COMMAND, OPTION, DEL, UPARROW, APP, BREAK, …);
 * 5. Karabiner `key_code` names (return_or_enter, delete_or_backspace, left_command, …);
 * 6. HUT usage names ("Keyboard Mute").
 *
 * `ControlOrMeta` (Playwright) is `MetaLeft` on macOS and `ControlLeft` on other platforms.
 *
 * **Single characters.** A letter or digit names its key whatever its case (`a` and `A` are
 * `KeyA`, `4` is `Digit4`): names are case-insensitive, and text is typed through `lib/layout`,
 * not through key names. Any other printable ASCII character names the U.S. ANSI key that carries
 * it; when it is that key's shifted character (`! @ # $ % ^ & * ( ) _ + { } | : " < > ? ~`),
 * {@linkcode parseCombo} presses ShiftLeft before the key unless the combo already holds a Shift.
 * So `?` is `[ShiftLeft, Slash]` and `Shift++` is `[ShiftLeft, Equal]`. Space, tab, `\n` and `\r`
 * name Space, Tab and Enter.
 *
 * **Ambiguous names, decided once:**
 *
 * | name (any case)                              | resolves to                               | why / where the other meaning went |
 * |----------------------------------------------|-------------------------------------------|-------------------------------------|
 * | `Delete`, `del`, Ducky `DELETE`/`DEL`        | `Delete`, keyboard 0x4C (forward delete)  | the W3C meaning wins because names are case-insensitive; macOS's keycap "delete" is `Backspace`/`delete_or_backspace` (0x2A) |
 * | `Backspace`, `BS`                            | `Backspace`, keyboard 0x2A                |                                     |
 * | `menu`, `APP`, `apps`, `application`         | `ContextMenu`, keyboard 0x65              | Flipper and hak5 map MENU and APP to 0x65; the HUT "Menu" 0x76 (Karabiner's `menu`) is `KeyboardMenu` |
 * | `pause`, `BREAK`                             | `Pause`, keyboard 0x48                    | media pause is `MediaPause` (consumer 0xB1), play/pause is `MediaPlayPause` (0xCD) |
 * | `play`                                       | `MediaPlayPause`, consumer 0xCD           | a Mac keyboard has one play/pause key; consumer Play 0xB0 is `MediaPlay` |
 * | `stop`                                       | `KeyboardStop`, keyboard 0x78             | as in Karabiner and DuckyScript 1.0; media stop is `MediaStop` (consumer 0xB7) |
 * | `home`                                       | `Home`, keyboard 0x4A                     | Flipper's `MEDIA HOME` (AC Home, consumer 0x223) has no key name |
 * | `return`                                     | `Enter`, keyboard 0x28                    | Karabiner's `return` (keyboard 0x9E) is `KeyboardReturn` |
 * | `mute`, `AudioVolumeMute`                    | `AudioVolumeMute`, consumer 0xE2          | macOS acts on the consumer usage (Karabiner posts its `mute` there too); keyboard 0x7F is `KeyboardMute` |
 * | `AudioVolumeUp`/`Down`, `volumeup`, `volume_up` | consumer 0xE9 / 0xEA                   | keyboard 0x80/0x81 are `KeyboardVolumeUp`/`Down`, also Karabiner `volume_increment`/`volume_decrement` |
 * | `BrightnessUp`/`Down`, `display_brightness_increment`/`decrement` | Apple vendor top case 0x04 / 0x05 | the page of fn (report 3); Apple vendor keyboard 0x20/0x21 are `AppleBrightnessUp`/`Down` |
 * | `fn`, `globe`                                | `Fn`, Apple vendor top case 0x03          | the consumer Globe usage (0x29D) has no key name |
 * | `MissionControl`, `mission_control`, `expose_all` | Apple vendor keyboard 0x10           |                                     |
 * | `^`                                          | Shift + `Digit6`                          | a single character names its U.S. key; Control is `ctrl` or `⌃` |
 * | `IntlHash`                                   | `KeyboardNonUSHashAndTilde`, keyboard 0x32 | W3C gives 0x32 no code of its own  |
 *
 * @module
 */
import { closestNames } from "../closest_names.ts";
import { DextkitError, ExitCode } from "../errors.ts";
import { KEY_ALIASES } from "./key_aliases.ts";
import { US_ANSI_CHARACTERS } from "./key_characters.ts";
import { MEDIA_AND_SYSTEM_KEYS } from "./key_media_and_system.ts";
import { usageName } from "./usage_names.ts";
import { KEYBOARD_KEY_NAMES, KEYBOARD_USAGE_NAMES, UsagePage } from "./usages.generated.ts";

/** A key to press: its canonical name and the HID usage it sends. */
export interface KeySpec {
  /**
   * Canonical name: the W3C `KeyboardEvent.code` for keyboard-page keys, otherwise a PascalCase
   * name (e.g. "MediaPlayPause", "AudioVolumeUp", "BrightnessUp", "MissionControl", "Launchpad",
   * "Fn", "Spotlight").
   */
  readonly code: string;
  /** The usage page (0x07, 0x0C, 0x00FF, 0xFF01 or 0x01). */
  readonly page: number;
  /** The usage id on that page. */
  readonly usage: number;
}

/** The platform the device types into; it decides what `ControlOrMeta` means. */
export type Platform = "macos" | "other";

/** Options of {@linkcode resolveKey}, {@linkcode resolveKeyName} and {@linkcode parseCombo}. */
export interface KeyNameOptions {
  /** Where the keys land; `"macos"` (the default) makes `ControlOrMeta` the Command key. */
  readonly platform?: Platform;
}

/** A resolved key name: the key, and whether the name was the key's shifted character. */
export interface ResolvedKeyName {
  /** The key the name means. */
  readonly key: KeySpec;
  /** True when the name is a shifted character such as `?` or `+`, which needs Shift held. */
  readonly shifted: boolean;
}

/** What `dextkit keys` shows about one resolvable key. */
export interface KeyInfo {
  /** The canonical name, as in {@linkcode KeySpec.code}. */
  readonly code: string;
  /** The usage page. */
  readonly page: number;
  /** The usage id on that page. */
  readonly usage: number;
  /** The official usage name (HUT, or Apple's name on the Apple vendor pages). */
  readonly hutName: string;
  /** Every other name that resolves to this key, in precedence order, in its usual spelling. */
  readonly aliases: readonly string[];
}

/** How an unknown key name is reported. */
export interface UnknownKeyErrorOptions {
  /** The combo the name was part of, if any, so the message can show it. */
  readonly combo?: string;
}

/**
 * A key name that no convention knows. Its message suggests the closest valid names.
 *
 * @example Catch an unknown key name
 * ```ts
 * import { resolveKey, UnknownKeyError } from "./key_names.ts";
 *
 * try {
 *   resolveKey("Entr");
 * } catch (error) {
 *   console.assert(error instanceof UnknownKeyError);
 *   console.assert((error as UnknownKeyError).suggestions[0] === "Enter");
 * }
 * ```
 */
export class UnknownKeyError extends DextkitError {
  /** The name as the user wrote it. */
  readonly input: string;
  /** The closest valid names, closest first; empty when nothing is close. */
  readonly suggestions: readonly string[];

  /**
   * Creates the error.
   *
   * @param input The unknown name.
   * @param suggestions The closest valid names, closest first.
   * @param options The combo the name was part of.
   */
  constructor(input: string, suggestions: readonly string[], options: UnknownKeyErrorOptions = {}) {
    const where = options.combo === undefined
      ? ""
      : ` in key combo ${JSON.stringify(options.combo)}`;
    const didYouMean = suggestions.length === 0 ? "" : ` (did you mean ${suggestions.join(", ")}?)`;
    super(`unknown key name ${JSON.stringify(input)}${where}${didYouMean}`, {
      hint:
        "list key names with `dextkit keys`, or search them with `dextkit keys --search <text>`",
      exitCode: ExitCode.Usage,
    });
    this.input = input;
    this.suggestions = suggestions;
  }
}

/**
 * A key combo that is not a `+`-joined list of key names: empty, an empty name between two `+`,
 * or the same key twice.
 *
 * @example Catch a malformed combo
 * ```ts
 * import { InvalidKeyComboError, parseCombo } from "./key_names.ts";
 *
 * try {
 *   parseCombo("Meta+");
 * } catch (error) {
 *   console.assert(error instanceof InvalidKeyComboError);
 * }
 * ```
 */
export class InvalidKeyComboError extends DextkitError {
  /** The combo as the user wrote it. */
  readonly combo: string;

  /**
   * Creates the error.
   *
   * @param combo The malformed combo.
   * @param reason What is wrong with it, as a clause ("an empty key name").
   */
  constructor(combo: string, reason: string) {
    super(`malformed key combo ${JSON.stringify(combo)}: ${reason}`, {
      hint: 'join key names with "+", as in "Meta+Shift+4"; the "+" key itself goes last, as in ' +
        '"Shift++"',
      exitCode: ExitCode.Usage,
    });
    this.combo = combo;
  }
}

// --- The lookup tables, built once at module load ------------------------------------------------

interface KeyRecord {
  readonly key: KeySpec;
  readonly hutName: string;
  readonly plain: ResolvedKeyName;
  readonly shifted: ResolvedKeyName;
  readonly aliases: string[];
}

const FIRST_KEY_USAGE = 0x04;
const LAST_KEY_USAGE = 0xE7;
const FIRST_MODIFIER_USAGE = 0xE0;
const LAST_MODIFIER_USAGE = 0xE7;

const records: KeyRecord[] = [];
const recordsByCode = new Map<string, KeyRecord>();
const recordsByKeyboardUsage = new Map<number, KeyRecord>();
/** Lower-cased name → resolution. */
const resolutions = new Map<string, ResolvedKeyName>();
/** The names "did you mean" may offer: canonical names first, then aliases; no single characters. */
const suggestionCandidates: string[] = ["ControlOrMeta"];

function addRecord(code: string, page: number, usage: number, hutName: string): KeyRecord {
  if (recordsByCode.has(code)) throw new Error(`key name table: duplicate canonical name ${code}`);
  const key: KeySpec = Object.freeze({ code, page, usage });
  const record: KeyRecord = {
    key,
    hutName,
    plain: Object.freeze({ key, shifted: false }),
    shifted: Object.freeze({ key, shifted: true }),
    aliases: [],
  };
  records.push(record);
  recordsByCode.set(code, record);
  return record;
}

/** "Keyboard Non-US Hash and Tilde" → "KeyboardNonUSHashAndTilde". */
function pascalCase(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter((word) => word !== "").map((word) =>
    word[0]!.toUpperCase() + word.slice(1)
  ).join("");
}

/**
 * Registers a name. Generated names yield to earlier conventions (`strict` false); hand-written
 * names must not collide, so a mistake in the hand-written tables fails at load time.
 */
function register(
  name: string,
  record: KeyRecord,
  options: { shifted?: boolean; strict?: boolean; suggest?: boolean } = {},
): void {
  const lower = name.toLowerCase();
  const existing = resolutions.get(lower);
  if (existing !== undefined) {
    if (options.strict === true && existing.key !== record.key) {
      throw new Error(
        `key name table: "${name}" means both ${existing.key.code} and ${record.key.code}`,
      );
    }
    return;
  }
  resolutions.set(lower, options.shifted === true ? record.shifted : record.plain);
  // Whitespace names (space, tab, line breaks) resolve but would be invisible in a listing.
  const listed = name.trim() !== "" && lower !== record.key.code.toLowerCase() &&
    lower !== record.hutName.toLowerCase();
  if (listed) record.aliases.push(name);
  if (options.suggest === true) suggestionCandidates.push(name);
}

function requireRecord(code: string): KeyRecord {
  const record = recordsByCode.get(code);
  if (record === undefined) throw new Error(`key name table: unknown key ${code}`);
  return record;
}

// Runs once at load: records first, then names in precedence order (see the module doc).
{
  const claimedCodes = new Set(MEDIA_AND_SYSTEM_KEYS.map((key) => key.code));
  const namesByUsage = new Map(KEYBOARD_KEY_NAMES.map((names) => [names.usage, names]));
  for (const [usage, hutName] of KEYBOARD_USAGE_NAMES) {
    if (usage < FIRST_KEY_USAGE || usage > LAST_KEY_USAGE) continue;
    const w3c = namesByUsage.get(usage)?.code;
    // AudioVolume* name the consumer usages macOS acts on; the keyboard-page ones get HUT names.
    const code = w3c !== undefined && !claimedCodes.has(w3c) ? w3c : pascalCase(hutName);
    recordsByKeyboardUsage.set(usage, addRecord(code, UsagePage.KeyboardOrKeypad, usage, hutName));
  }
  for (const { code, page, usage } of MEDIA_AND_SYSTEM_KEYS) {
    const hutName = usageName(page, usage);
    if (hutName === undefined) throw new Error(`key name table: ${code} has no usage name`);
    addRecord(code, page, usage, hutName);
  }

  for (const record of records) register(record.key.code, record, { strict: true, suggest: true });
  for (const [code, aliases] of KEY_ALIASES) {
    const record = requireRecord(code);
    for (const alias of aliases) register(alias, record, { strict: true, suggest: true });
  }
  for (const letter of "abcdefghijklmnopqrstuvwxyz") {
    register(letter, requireRecord(`Key${letter.toUpperCase()}`), { strict: true });
  }
  for (const digit of "0123456789") {
    register(digit, requireRecord(`Digit${digit}`), { strict: true });
  }
  for (const [character, { code, shifted }] of US_ANSI_CHARACTERS) {
    register(character, requireRecord(code), { shifted, strict: true });
  }
  for (const names of KEYBOARD_KEY_NAMES) {
    const record = recordsByKeyboardUsage.get(names.usage);
    if (record === undefined) continue;
    for (const ducky of names.ducky) register(ducky, record, { suggest: true });
  }
  for (const names of KEYBOARD_KEY_NAMES) {
    const record = recordsByKeyboardUsage.get(names.usage);
    if (record === undefined || names.karabiner === undefined) continue;
    register(names.karabiner, record, { suggest: true });
  }
  for (const record of records) register(record.hutName, record);
}

const ALL_KEYS: readonly KeyInfo[] = Object.freeze(records.map((record) =>
  Object.freeze({
    code: record.key.code,
    page: record.key.page,
    usage: record.key.usage,
    hutName: record.hutName,
    aliases: Object.freeze([...record.aliases]),
  })
));
const SHIFT_LEFT = requireRecord("ShiftLeft").key;
const SHIFT_RIGHT = requireRecord("ShiftRight").key;
const CONTROL_OR_META: Readonly<Record<Platform, ResolvedKeyName>> = {
  macos: requireRecord("MetaLeft").plain,
  other: requireRecord("ControlLeft").plain,
};

// --- Public functions ------------------------------------------------------------------------------

/**
 * Resolves one key name, in any supported convention and any case, to the key and whether the
 * name was a shifted character. See the module documentation for the conventions and the
 * decisions on ambiguous names.
 *
 * @param name A key name (`"Enter"`, `"cmd"`, `"return_or_enter"`, `"?"`, …).
 * @param options The platform, which decides what `ControlOrMeta` means.
 * @returns The key and the shift flag; the same object every time for the same name.
 * @throws {UnknownKeyError} When no convention knows the name.
 *
 * @example Resolve a shifted character
 * ```ts
 * import { resolveKeyName } from "./key_names.ts";
 *
 * const question = resolveKeyName("?");
 * console.assert(question.key.code === "Slash" && question.shifted);
 * ```
 */
export function resolveKeyName(name: string, options: KeyNameOptions = {}): ResolvedKeyName {
  return resolveIn(name, options, undefined);
}

/**
 * Resolves one key name, in any supported convention and any case, to its key. A shifted
 * character (`?`) resolves to the key that carries it (`Slash`); use {@linkcode parseCombo} or
 * {@linkcode resolveKeyName} to learn that Shift is needed.
 *
 * @param name A key name (`"Enter"`, `"cmd"`, `"return_or_enter"`, `"mute"`, …).
 * @param options The platform, which decides what `ControlOrMeta` means.
 * @returns The key; the same object every time for the same key.
 * @throws {UnknownKeyError} When no convention knows the name.
 *
 * @example Resolve names from several conventions
 * ```ts
 * import { resolveKey } from "./key_names.ts";
 *
 * console.assert(resolveKey("cmd").code === "MetaLeft");
 * console.assert(resolveKey("return_or_enter").usage === 0x28);
 * console.assert(resolveKey("ControlOrMeta", { platform: "other" }).code === "ControlLeft");
 * const mute = resolveKey("mute");
 * console.assert(mute.page === 0x0C && mute.usage === 0xE2);
 * ```
 */
export function resolveKey(name: string, options: KeyNameOptions = {}): KeySpec {
  return resolveIn(name, options, undefined).key;
}

/**
 * Parses a Playwright-style combo into the keys to press, in press order (release in reverse).
 * Names are joined with `+`; the `+` key itself goes last (`Shift++`, `Meta++`, or just `+`).
 * A shifted character (`?`, `+`, `!`, …) adds ShiftLeft right before its key unless the combo
 * already names a Shift key, so `?` is `[ShiftLeft, Slash]` and `Shift++` is `[ShiftLeft, Equal]`.
 *
 * @param combo The combo, for example `"Meta+Shift+4"` or `"ControlOrMeta+A"`.
 * @param options The platform, which decides what `ControlOrMeta` means.
 * @returns The keys, in press order.
 * @throws {InvalidKeyComboError} When the combo is empty, has an empty name, or names a key twice.
 * @throws {UnknownKeyError} When a name is unknown.
 *
 * @example Parse combos
 * ```ts
 * import { parseCombo } from "./key_names.ts";
 *
 * const codes = (combo: string) => parseCombo(combo).map((key) => key.code).join(" ");
 * console.assert(codes("Meta+Shift+4") === "MetaLeft ShiftLeft Digit4");
 * console.assert(codes("Shift++") === "ShiftLeft Equal");
 * console.assert(codes("Meta+?") === "MetaLeft ShiftLeft Slash");
 * ```
 */
export function parseCombo(combo: string, options: KeyNameOptions = {}): readonly KeySpec[] {
  const resolved = splitCombo(combo).map((name) => resolveIn(name, options, combo));
  const hasShift = resolved.some(({ key }) => key === SHIFT_LEFT || key === SHIFT_RIGHT);
  const keys: KeySpec[] = [];
  for (const { key, shifted } of resolved) {
    if (shifted && !hasShift && !keys.includes(SHIFT_LEFT)) keys.push(SHIFT_LEFT);
    if (keys.includes(key)) throw new InvalidKeyComboError(combo, `${key.code} appears twice`);
    keys.push(key);
  }
  return keys;
}

/**
 * Every resolvable key: the keyboard page 0x04–0xE7 in usage order, then the media and system
 * keys (consumer, Apple vendor top case, Apple vendor keyboard, generic desktop). `ControlOrMeta`
 * is not listed: it is MetaLeft or ControlLeft depending on the platform.
 *
 * @returns The keys; the same frozen array on every call.
 *
 * @example Count the keys on the consumer page
 * ```ts
 * import { listKeys } from "./key_names.ts";
 *
 * const consumer = listKeys().filter((key) => key.page === 0x0C);
 * console.assert(consumer.some((key) => key.code === "MediaPlayPause"));
 * ```
 */
export function listKeys(): readonly KeyInfo[] {
  return ALL_KEYS;
}

/**
 * The keys whose canonical name, HUT name or any alias contains `text`, compared
 * case-insensitively, in {@linkcode listKeys} order. Surrounding whitespace is ignored; an empty
 * text matches every key.
 *
 * @param text What to look for, for example `"volume"` or `"⌘"`.
 * @returns The matching keys.
 *
 * @example Search for the volume keys
 * ```ts
 * import { searchKeys } from "./key_names.ts";
 *
 * const codes = searchKeys("volume").map((key) => key.code);
 * console.assert(codes.includes("AudioVolumeUp") && codes.includes("KeyboardVolumeUp"));
 * ```
 */
export function searchKeys(text: string): readonly KeyInfo[] {
  const needle = text.trim().toLowerCase();
  if (needle === "") return ALL_KEYS;
  return ALL_KEYS.filter((info) =>
    info.code.toLowerCase().includes(needle) || info.hutName.toLowerCase().includes(needle) ||
    info.aliases.some((alias) => alias.toLowerCase().includes(needle))
  );
}

/**
 * Whether a key is one of the eight keyboard modifiers (keyboard page 0xE0..0xE7), which the
 * keyboard report carries as bits rather than as array entries. Fn is not one of them.
 *
 * @param key The key.
 * @returns True for ControlLeft … MetaRight.
 *
 * @example Tell modifiers apart
 * ```ts
 * import { isModifier, resolveKey } from "./key_names.ts";
 *
 * console.assert(isModifier(resolveKey("Shift")));
 * console.assert(!isModifier(resolveKey("fn")));
 * ```
 */
export function isModifier(key: KeySpec): boolean {
  return key.page === UsagePage.KeyboardOrKeypad && key.usage >= FIRST_MODIFIER_USAGE &&
    key.usage <= LAST_MODIFIER_USAGE;
}

function resolveIn(
  name: string,
  options: KeyNameOptions,
  combo: string | undefined,
): ResolvedKeyName {
  const lower = name.toLowerCase();
  if (lower === "controlormeta") return CONTROL_OR_META[options.platform ?? "macos"];
  const found = resolutions.get(lower);
  if (found !== undefined) return found;
  const suggestions = closestNames(name, suggestionCandidates);
  throw new UnknownKeyError(name, suggestions, combo === undefined ? {} : { combo });
}

/** Splits on `+`; a trailing `++` (or the whole combo `+`) is the `+` key. */
function splitCombo(combo: string): string[] {
  if (combo === "") throw new InvalidKeyComboError(combo, "no key names");
  if (combo === "+") return ["+"];
  const plusLast = combo.endsWith("++");
  const names = (plusLast ? combo.slice(0, -2) : combo).split("+");
  if (names.includes("")) {
    throw new InvalidKeyComboError(
      combo,
      'an empty key name (a "+" key can only come last, as in "Shift++")',
    );
  }
  if (plusLast) names.push("+");
  return names;
}
