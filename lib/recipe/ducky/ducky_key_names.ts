/**
 * DuckyScript's key vocabulary on top of the shared resolver (`lib/hid/key_names.ts`): the few
 * DuckyScript spellings the resolver lacks, the Flipper `MEDIA` names, and the list of DuckyScript
 * spellings that "did you mean" offers first.
 *
 * @module
 */
import { KEYBOARD_KEY_NAMES } from "../../hid/usages.generated.ts";

/**
 * DuckyScript key names that the shared resolver does not know (duckyPad's right-hand GUI
 * spellings), by upper-case name, with the canonical key they mean.
 *
 * @example RWINDOWS is the right Command key
 * ```ts
 * import { DUCKY_KEY_ALIASES } from "./ducky_key_names.ts";
 *
 * console.assert(DUCKY_KEY_ALIASES.get("RWINDOWS") === "MetaRight");
 * ```
 */
export const DUCKY_KEY_ALIASES: ReadonlyMap<string, string> = new Map([
  ["RWINDOWS", "MetaRight"],
  ["RGUI", "MetaRight"],
]);

/**
 * Flipper's `MEDIA` names and the canonical key each one presses. `undefined` marks the consumer
 * usages dextkit has no key for (browser and session keys that macOS does not act on); those
 * compile to a warning. `POWER` presses the keyboard-page Power key and `FN` the Apple fn/Globe
 * key, which macOS acts on, instead of Flipper's consumer usages.
 *
 * @example MEDIA PLAY_PAUSE
 * ```ts
 * import { MEDIA_KEYS } from "./ducky_key_names.ts";
 *
 * console.assert(MEDIA_KEYS.get("PLAY_PAUSE") === "MediaPlayPause");
 * console.assert(MEDIA_KEYS.has("BACK") && MEDIA_KEYS.get("BACK") === undefined);
 * ```
 */
export const MEDIA_KEYS: ReadonlyMap<string, string | undefined> = new Map([
  ["POWER", "Power"],
  ["REBOOT", undefined],
  ["SLEEP", "Sleep"],
  ["LOGOFF", undefined],
  ["EXIT", undefined],
  ["HOME", undefined],
  ["BACK", undefined],
  ["FORWARD", undefined],
  ["REFRESH", undefined],
  ["SNAPSHOT", undefined],
  ["PLAY", "MediaPlay"],
  ["PAUSE", "MediaPause"],
  ["PLAY_PAUSE", "MediaPlayPause"],
  ["NEXT_TRACK", "MediaTrackNext"],
  ["PREV_TRACK", "MediaTrackPrevious"],
  ["STOP", "MediaStop"],
  ["EJECT", "Eject"],
  ["MUTE", "AudioVolumeMute"],
  ["VOLUME_UP", "AudioVolumeUp"],
  ["VOLUME_DOWN", "AudioVolumeDown"],
  ["FN", "Fn"],
  ["BRIGHT_UP", "BrightnessUp"],
  ["BRIGHT_DOWN", "BrightnessDown"],
]);

/**
 * The DuckyScript key spellings (1.0, Flipper, hak5 3.0, duckyPad) that "did you mean" offers
 * first for an unknown key, so suggestions look like the file's own dialect.
 *
 * @example ENTER and the modifiers are listed
 * ```ts
 * import { DUCKY_KEY_NAMES } from "./ducky_key_names.ts";
 *
 * console.assert(DUCKY_KEY_NAMES.includes("ENTER") && DUCKY_KEY_NAMES.includes("CTRL"));
 * ```
 */
export const DUCKY_KEY_NAMES: readonly string[] = [
  ...KEYBOARD_KEY_NAMES.flatMap((names) => names.ducky),
  "POWER",
  "PLAY",
  "STOP",
  "MUTE",
  "VOLUMEUP",
  "VOLUMEDOWN",
  "GLOBE",
  "FN",
  "RCTRL",
  "RSHIFT",
  "RALT",
  "ROPTION",
  "RCOMMAND",
  ...DUCKY_KEY_ALIASES.keys(),
];
