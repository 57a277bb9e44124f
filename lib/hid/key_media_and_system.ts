/**
 * The keys that are not on the keyboard page: media and volume keys (consumer page), fn and
 * brightness (Apple vendor top case), Spotlight, Launchpad and Mission Control (Apple vendor
 * keyboard), sleep, D-pad and do not disturb (generic desktop).
 *
 * The pages are the ones macOS acts on, and the ones the virtual keyboard's array reports carry
 * (report ids 2, 3, 4 and 7; see `report_ids.ts`). Usage ids come from the generated usage tables
 * (HUT for consumer and generic desktop, driverkit-reference.md §2 for the Apple pages).
 *
 * @module
 */
import { UsagePage } from "./usages.generated.ts";

/** A key on a page other than the keyboard page, under its canonical name. */
export interface MediaOrSystemKey {
  /** The canonical name: a W3C `KeyboardEvent.code` where one exists, otherwise PascalCase. */
  readonly code: string;
  /** The usage page. */
  readonly page: UsagePage;
  /** The usage id on that page. */
  readonly usage: number;
}

const { Consumer, AppleVendorTopCase, AppleVendorKeyboard, GenericDesktop } = UsagePage;

/**
 * Every key outside the keyboard page that key names can reach, in report order (consumer, top
 * case, Apple vendor keyboard, generic desktop).
 *
 * Display brightness is on the top case page (0x04/0x05), where the driver's report 3 also
 * carries fn, and where Karabiner's `apple_top_case_display_brightness_*` key codes post. The
 * Apple vendor keyboard page has its own brightness usages (0x20/0x21); Karabiner treats the two as
 * the same system key, and they stay reachable as `AppleBrightnessUp`/`AppleBrightnessDown`.
 *
 * @example Find the Launchpad key
 * ```ts
 * import { MEDIA_AND_SYSTEM_KEYS } from "./key_media_and_system.ts";
 *
 * const launchpad = MEDIA_AND_SYSTEM_KEYS.find((key) => key.code === "Launchpad");
 * console.assert(launchpad?.page === 0xFF01 && launchpad.usage === 0x04);
 * ```
 */
export const MEDIA_AND_SYSTEM_KEYS: readonly MediaOrSystemKey[] = [
  { code: "MediaPlay", page: Consumer, usage: 0xB0 },
  { code: "MediaPause", page: Consumer, usage: 0xB1 },
  { code: "MediaFastForward", page: Consumer, usage: 0xB3 },
  { code: "MediaRewind", page: Consumer, usage: 0xB4 },
  { code: "MediaTrackNext", page: Consumer, usage: 0xB5 },
  { code: "MediaTrackPrevious", page: Consumer, usage: 0xB6 },
  { code: "MediaStop", page: Consumer, usage: 0xB7 },
  { code: "Eject", page: Consumer, usage: 0xB8 },
  { code: "MediaPlayPause", page: Consumer, usage: 0xCD },
  { code: "AudioVolumeMute", page: Consumer, usage: 0xE2 },
  { code: "AudioVolumeUp", page: Consumer, usage: 0xE9 },
  { code: "AudioVolumeDown", page: Consumer, usage: 0xEA },
  { code: "Fn", page: AppleVendorTopCase, usage: 0x03 },
  { code: "BrightnessUp", page: AppleVendorTopCase, usage: 0x04 },
  { code: "BrightnessDown", page: AppleVendorTopCase, usage: 0x05 },
  { code: "VideoMirror", page: AppleVendorTopCase, usage: 0x06 },
  { code: "IlluminationToggle", page: AppleVendorTopCase, usage: 0x07 },
  { code: "IlluminationUp", page: AppleVendorTopCase, usage: 0x08 },
  { code: "IlluminationDown", page: AppleVendorTopCase, usage: 0x09 },
  { code: "Spotlight", page: AppleVendorKeyboard, usage: 0x01 },
  { code: "Dashboard", page: AppleVendorKeyboard, usage: 0x02 },
  { code: "Launchpad", page: AppleVendorKeyboard, usage: 0x04 },
  { code: "MissionControl", page: AppleVendorKeyboard, usage: 0x10 },
  { code: "ShowDesktop", page: AppleVendorKeyboard, usage: 0x11 },
  { code: "AppleBrightnessUp", page: AppleVendorKeyboard, usage: 0x20 },
  { code: "AppleBrightnessDown", page: AppleVendorKeyboard, usage: 0x21 },
  { code: "Sleep", page: GenericDesktop, usage: 0x82 },
  { code: "SystemAppMenu", page: GenericDesktop, usage: 0x86 },
  { code: "DpadUp", page: GenericDesktop, usage: 0x90 },
  { code: "DpadDown", page: GenericDesktop, usage: 0x91 },
  { code: "DpadRight", page: GenericDesktop, usage: 0x92 },
  { code: "DpadLeft", page: GenericDesktop, usage: 0x93 },
  { code: "DoNotDisturb", page: GenericDesktop, usage: 0x9B },
];
