/**
 * Hand-written key-name aliases: the names that no data source lists. W3C codes, Karabiner
 * `key_code` names and DuckyScript names of keyboard-page keys are generated into
 * `usages.generated.ts` and are not repeated here.
 *
 * Sources of the names: Playwright's generic modifiers (`Shift`, `Control`, `Alt`, `Meta`) and
 * `AltGraph`; the aliases recommended in recipes-reference.md §4.2 (cmd, opt, ctrl, esc, pgup, …);
 * AutoHotkey names (`BS`, `Ins`, `AppsKey`, `LWin`, …, §4.4); Karabiner names outside the keyboard
 * page and Karabiner's Japanese aliases (§4.5); Flipper `MEDIA` names and duckyPad `MK_*` names
 * (§1.2, §1.3); the macOS menu symbols (⌘ ⌥ ⌃ ⇧ …).
 *
 * @module
 */

/**
 * Aliases by canonical key name. Names are matched case-insensitively, so each alias is listed
 * once in its most common spelling. Where an alias is also another key's name in some convention,
 * this table wins; `key_names.ts` documents each such decision.
 *
 * @example Look up the aliases of the Command key
 * ```ts
 * import { KEY_ALIASES } from "./key_aliases.ts";
 *
 * console.assert(KEY_ALIASES.get("MetaLeft")?.includes("Cmd"));
 * ```
 */
export const KEY_ALIASES: ReadonlyMap<string, readonly string[]> = new Map([
  // Keyboard page.
  ["Enter", ["Return", "⏎", "↩"]],
  ["Escape", ["Esc", "⎋"]],
  ["Backspace", ["BS", "Bksp", "⌫"]],
  ["Delete", ["Del", "ForwardDelete", "⌦"]],
  ["Tab", ["⇥"]],
  ["CapsLock", ["Caps", "⇪"]],
  ["Insert", ["Ins"]],
  ["PrintScreen", ["PrtSc"]],
  ["PageUp", ["PgUp", "⇞"]],
  ["PageDown", ["PgDn", "⇟"]],
  ["Home", ["↖"]],
  ["End", ["↘"]],
  ["ArrowLeft", ["Left", "←"]],
  ["ArrowRight", ["Right", "→"]],
  ["ArrowUp", ["Up", "↑"]],
  ["ArrowDown", ["Down", "↓"]],
  ["ContextMenu", ["Menu", "Apps", "AppsKey"]],
  ["KeyboardNonUSHashAndTilde", ["IntlHash"]],
  ["Lang1", ["japanese_kana"]],
  ["Lang2", ["japanese_eisuu"]],
  ["KanaMode", ["japanese_pc_katakana"]],
  ["Convert", ["japanese_pc_xfer"]],
  ["NonConvert", ["japanese_pc_nfer"]],
  ["ControlLeft", ["Control", "Ctrl", "⌃", "LCtrl", "LControl"]],
  ["ShiftLeft", ["Shift", "⇧", "LShift"]],
  ["AltLeft", ["Alt", "Option", "Opt", "⌥", "LAlt", "LOption", "left_alt"]],
  [
    "MetaLeft",
    ["Meta", "Command", "Cmd", "⌘", "Super", "Win", "LWin", "LCmd", "LCommand", "left_gui"],
  ],
  ["ControlRight", ["RCtrl", "RControl"]],
  ["ShiftRight", ["RShift"]],
  ["AltRight", ["AltGraph", "RAlt", "ROption", "ROpt", "right_alt"]],
  ["MetaRight", ["RCmd", "RCommand", "RWin", "right_gui"]],
  // Consumer page.
  ["MediaPlayPause", ["Play", "PlayPause", "play_or_pause", "play_pause", "MK_PP"]],
  ["MediaFastForward", ["fastforward", "fast_forward"]],
  ["MediaRewind", ["rewind"]],
  ["MediaTrackNext", ["Next", "NextTrack", "next_track", "scan_next_track", "MK_NEXT"]],
  [
    "MediaTrackPrevious",
    [
      "Prev",
      "Previous",
      "PrevTrack",
      "PreviousTrack",
      "prev_track",
      "previous_track",
      "scan_previous_track",
      "MK_PREV",
    ],
  ],
  ["MediaStop", ["MK_STOP"]],
  ["AudioVolumeMute", ["Mute", "VolumeMute", "MK_MUTE"]],
  ["AudioVolumeUp", ["VolumeUp", "volume_up", "VolUp", "MK_VOLUP"]],
  ["AudioVolumeDown", ["VolumeDown", "volume_down", "VolDown", "MK_VOLDOWN"]],
  // Apple vendor top case page.
  ["Fn", ["Globe", "keyboard_fn", "Function"]],
  [
    "BrightnessUp",
    [
      "brightness_up",
      "display_brightness_increment",
      "apple_top_case_display_brightness_increment",
      "bright_up",
    ],
  ],
  [
    "BrightnessDown",
    [
      "brightness_down",
      "display_brightness_decrement",
      "apple_top_case_display_brightness_decrement",
      "bright_down",
    ],
  ],
  ["VideoMirror", ["video_mirror"]],
  ["IlluminationToggle", ["illumination_toggle"]],
  ["IlluminationUp", ["illumination_increment", "illumination_up"]],
  ["IlluminationDown", ["illumination_decrement", "illumination_down"]],
  // Apple vendor keyboard page.
  ["MissionControl", ["mission_control", "expose_all", "Expose"]],
  ["ShowDesktop", ["show_desktop", "expose_desktop"]],
  ["AppleBrightnessUp", ["apple_display_brightness_increment"]],
  ["AppleBrightnessDown", ["apple_display_brightness_decrement"]],
  // Generic desktop page.
  ["Sleep", ["system_sleep"]],
  ["SystemAppMenu", ["system_app_menu"]],
  ["DpadUp", ["dpad_up"]],
  ["DpadDown", ["dpad_down"]],
  ["DpadRight", ["dpad_right"]],
  ["DpadLeft", ["dpad_left"]],
  ["DoNotDisturb", ["do_not_disturb", "DND"]],
]);
