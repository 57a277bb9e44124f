/**
 * The HID report descriptors the driver publishes: the keyboard (seven application collections,
 * report ids 1–7) and the pointing device (no report id).
 *
 * They declare exactly the layouts the encoders in this folder write (tests parse them and
 * compare field by field). A code generator turns them into the driver's C header.
 *
 * Usage maxima stay small (255, consumer 0x300): a large usage maximum (2048 or 65535) makes
 * `ioreg -l` burn CPU on macOS 12.
 *
 * @module
 */

/**
 * The virtual keyboard's report descriptor, 217 bytes.
 *
 * The reference driver's descriptor is 214 bytes with the same report layouts. The difference
 * comes from two choices: every collection states the logical range it relies on instead of
 * inheriting it from the collection before (so the LED collections say 0..1 rather than keep
 * 0..255), and usage maximum 255 and page 0x00FF are written as two-byte items so that no parser
 * can misread 0xFF as −1.
 *
 * Treat it as read-only; copy it with `slice()` before changing anything.
 *
 * @example Publish the descriptor
 * ```ts
 * import { KEYBOARD_REPORT_DESCRIPTOR } from "./report_descriptors.ts";
 *
 * console.assert(KEYBOARD_REPORT_DESCRIPTOR[0] === 0x05); // Usage Page (Generic Desktop)
 * ```
 */
// deno-fmt-ignore
export const KEYBOARD_REPORT_DESCRIPTOR: Uint8Array = new Uint8Array([
  // 1. Keyboard, report id 1: [1] modifier bitmap, [2] reserved, [3..66] 32 × u16 usages.
  0x05, 0x01,       // Usage Page (Generic Desktop)
  0x09, 0x06,       // Usage (Keyboard)
  0xa1, 0x01,       // Collection (Application)
  0x85, 0x01,       //   Report ID (1)
  0x05, 0x07,       //   Usage Page (Keyboard/Keypad)
  0x19, 0xe0,       //   Usage Minimum (0xE0, left control)
  0x29, 0xe7,       //   Usage Maximum (0xE7, right GUI = right command)
  0x15, 0x00,       //   Logical Minimum (0)
  0x25, 0x01,       //   Logical Maximum (1)
  0x75, 0x01,       //   Report Size (1)
  0x95, 0x08,       //   Report Count (8)
  0x81, 0x02,       //   Input (Data, Variable, Absolute): the modifier bitmap
  0x75, 0x08,       //   Report Size (8)
  0x95, 0x01,       //   Report Count (1)
  0x81, 0x01,       //   Input (Constant): the reserved byte
  0x75, 0x10,       //   Report Size (16)
  0x95, 0x20,       //   Report Count (32)
  0x15, 0x00,       //   Logical Minimum (0)
  0x26, 0xff, 0x00, //   Logical Maximum (255)
  0x19, 0x00,       //   Usage Minimum (0)
  0x2a, 0xff, 0x00, //   Usage Maximum (255)
  0x81, 0x00,       //   Input (Data, Array, Absolute): 32 usage slots
  0xc0,             // End Collection

  // 2. Consumer, report id 2: [1..64] 32 × u16 usages up to 0x300 (0x29D and up are reserved).
  0x05, 0x0c,       // Usage Page (Consumer)
  0x09, 0x01,       // Usage (Consumer Control)
  0xa1, 0x01,       // Collection (Application)
  0x85, 0x02,       //   Report ID (2)
  0x75, 0x10,       //   Report Size (16)
  0x95, 0x20,       //   Report Count (32)
  0x15, 0x00,       //   Logical Minimum (0)
  0x26, 0x00, 0x03, //   Logical Maximum (0x300)
  0x19, 0x00,       //   Usage Minimum (0)
  0x2a, 0x00, 0x03, //   Usage Maximum (0x300)
  0x81, 0x00,       //   Input (Data, Array, Absolute): 32 usage slots
  0xc0,             // End Collection

  // 3. Apple top case, report id 3: usages on page 0x00FF (fn, brightness, illumination).
  0x06, 0x00, 0xff, // Usage Page (Apple Vendor, 0xFF00)
  0x09, 0x01,       // Usage (Top Case)
  0xa1, 0x01,       // Collection (Application)
  0x85, 0x03,       //   Report ID (3)
  0x06, 0xff, 0x00, //   Usage Page (Apple Vendor Top Case, 0x00FF)
  0x75, 0x10,       //   Report Size (16)
  0x95, 0x20,       //   Report Count (32)
  0x15, 0x00,       //   Logical Minimum (0)
  0x26, 0xff, 0x00, //   Logical Maximum (255)
  0x19, 0x00,       //   Usage Minimum (0)
  0x2a, 0xff, 0x00, //   Usage Maximum (255)
  0x81, 0x00,       //   Input (Data, Array, Absolute): 32 usage slots
  0xc0,             // End Collection

  // 4. Apple vendor keyboard, report id 4: usages on page 0xFF01 (Spotlight, Launchpad, …).
  0x06, 0x00, 0xff, // Usage Page (Apple Vendor, 0xFF00)
  0x09, 0x06,       // Usage (Keyboard)
  0xa1, 0x01,       // Collection (Application)
  0x85, 0x04,       //   Report ID (4)
  0x06, 0x01, 0xff, //   Usage Page (Apple Vendor Keyboard, 0xFF01)
  0x75, 0x10,       //   Report Size (16)
  0x95, 0x20,       //   Report Count (32)
  0x15, 0x00,       //   Logical Minimum (0)
  0x26, 0xff, 0x00, //   Logical Maximum (255)
  0x19, 0x00,       //   Usage Minimum (0)
  0x2a, 0xff, 0x00, //   Usage Maximum (255)
  0x81, 0x00,       //   Input (Data, Array, Absolute): 32 usage slots
  0xc0,             // End Collection

  // 5. LED output, report id 5: [1] bit 0 Num Lock, bit 1 Caps Lock, 6 bits padding.
  0x05, 0x01,       // Usage Page (Generic Desktop)
  0x09, 0x06,       // Usage (Keyboard)
  0xa1, 0x01,       // Collection (Application)
  0x85, 0x05,       //   Report ID (5)
  0x05, 0x08,       //   Usage Page (LED)
  0x19, 0x01,       //   Usage Minimum (1, Num Lock)
  0x29, 0x02,       //   Usage Maximum (2, Caps Lock)
  0x15, 0x00,       //   Logical Minimum (0)
  0x25, 0x01,       //   Logical Maximum (1)
  0x75, 0x01,       //   Report Size (1)
  0x95, 0x02,       //   Report Count (2)
  0x91, 0x02,       //   Output (Data, Variable, Absolute): the LED bits
  0x75, 0x06,       //   Report Size (6)
  0x95, 0x01,       //   Report Count (1)
  0x91, 0x01,       //   Output (Constant): padding
  0xc0,             // End Collection

  // 6. LED input, report id 6: the driver echoes the LED state here, same layout as id 5.
  0x05, 0x01,       // Usage Page (Generic Desktop)
  0x09, 0x06,       // Usage (Keyboard)
  0xa1, 0x01,       // Collection (Application)
  0x85, 0x06,       //   Report ID (6)
  0x05, 0x08,       //   Usage Page (LED)
  0x19, 0x01,       //   Usage Minimum (1, Num Lock)
  0x29, 0x02,       //   Usage Maximum (2, Caps Lock)
  0x15, 0x00,       //   Logical Minimum (0)
  0x25, 0x01,       //   Logical Maximum (1)
  0x75, 0x01,       //   Report Size (1)
  0x95, 0x02,       //   Report Count (2)
  0x81, 0x02,       //   Input (Data, Variable, Absolute): the LED bits
  0x75, 0x06,       //   Report Size (6)
  0x95, 0x01,       //   Report Count (1)
  0x81, 0x01,       //   Input (Constant): padding
  0xc0,             // End Collection

  // 7. Generic desktop, report id 7: system sleep, D-pad, do not disturb, ….
  0x05, 0x01,       // Usage Page (Generic Desktop)
  0x09, 0x06,       // Usage (Keyboard)
  0xa1, 0x01,       // Collection (Application)
  0x85, 0x07,       //   Report ID (7)
  0x75, 0x10,       //   Report Size (16)
  0x95, 0x20,       //   Report Count (32)
  0x15, 0x00,       //   Logical Minimum (0)
  0x26, 0xff, 0x00, //   Logical Maximum (255)
  0x19, 0x00,       //   Usage Minimum (0)
  0x2a, 0xff, 0x00, //   Usage Maximum (255)
  0x81, 0x00,       //   Input (Data, Array, Absolute): 32 usage slots
  0xc0,             // End Collection
]);

/**
 * The virtual pointing device's report descriptor (no report id), 112 bytes like the reference
 * driver's.
 *
 * Input report, 8 bytes: 32 button bits, x and y, vertical wheel, horizontal wheel (AC Pan), each
 * axis −127..127 relative. Feature report, 1 byte: the two wheels' resolution multipliers (2 bits
 * each, logical 0..1 → physical 1..4) and 4 bits of padding. Each wheel sits in its own logical
 * collection with its multiplier, which is how the host knows which multiplier scales which
 * wheel; PUSH/POP carries the multiplier's global state from the first wheel to the second.
 *
 * Treat it as read-only; copy it with `slice()` before changing anything.
 *
 * @example Publish the descriptor
 * ```ts
 * import { POINTING_REPORT_DESCRIPTOR } from "./report_descriptors.ts";
 *
 * console.assert(POINTING_REPORT_DESCRIPTOR.length === 112);
 * ```
 */
// deno-fmt-ignore
export const POINTING_REPORT_DESCRIPTOR: Uint8Array = new Uint8Array([
  0x05, 0x01,       // Usage Page (Generic Desktop)
  0x09, 0x02,       // Usage (Mouse)
  0xa1, 0x01,       // Collection (Application)
  0x09, 0x02,       //   Usage (Mouse)
  0xa1, 0x02,       //   Collection (Logical)
  0x09, 0x01,       //     Usage (Pointer)
  0xa1, 0x00,       //     Collection (Physical)

  // Buttons 1..32: bytes 0..3.
  0x05, 0x09,       //       Usage Page (Button)
  0x19, 0x01,       //       Usage Minimum (button 1)
  0x29, 0x20,       //       Usage Maximum (button 32)
  0x15, 0x00,       //       Logical Minimum (0)
  0x25, 0x01,       //       Logical Maximum (1)
  0x75, 0x01,       //       Report Size (1)
  0x95, 0x20,       //       Report Count (32)
  0x81, 0x02,       //       Input (Data, Variable, Absolute)

  // X and Y: bytes 4 and 5.
  0x05, 0x01,       //       Usage Page (Generic Desktop)
  0x09, 0x30,       //       Usage (X)
  0x09, 0x31,       //       Usage (Y)
  0x15, 0x81,       //       Logical Minimum (−127)
  0x25, 0x7f,       //       Logical Maximum (127)
  0x75, 0x08,       //       Report Size (8)
  0x95, 0x02,       //       Report Count (2)
  0x81, 0x06,       //       Input (Data, Variable, Relative)

  // Vertical wheel and its resolution multiplier: input byte 6, feature bits 0..1.
  0xa1, 0x02,       //       Collection (Logical)
  0x09, 0x48,       //         Usage (Resolution Multiplier)
  0x15, 0x00,       //         Logical Minimum (0)
  0x25, 0x01,       //         Logical Maximum (1)
  0x35, 0x01,       //         Physical Minimum (1)
  0x45, 0x04,       //         Physical Maximum (4)
  0x75, 0x02,       //         Report Size (2)
  0x95, 0x01,       //         Report Count (1)
  0xa4,             //         Push: keep the multiplier's global state for the second wheel
  0xb1, 0x02,       //         Feature (Data, Variable, Absolute)
  0x09, 0x38,       //         Usage (Wheel)
  0x15, 0x81,       //         Logical Minimum (−127)
  0x25, 0x7f,       //         Logical Maximum (127)
  0x35, 0x00,       //         Physical Minimum (0): no physical range for the wheel
  0x45, 0x00,       //         Physical Maximum (0)
  0x75, 0x08,       //         Report Size (8)
  0x81, 0x06,       //         Input (Data, Variable, Relative)
  0xc0,             //       End Collection

  // Horizontal wheel (AC Pan) and its resolution multiplier: input byte 7, feature bits 2..3.
  0xa1, 0x02,       //       Collection (Logical)
  0x09, 0x48,       //         Usage (Resolution Multiplier)
  0xb4,             //         Pop: the multiplier's global state again
  0xb1, 0x02,       //         Feature (Data, Variable, Absolute)
  0x35, 0x00,       //         Physical Minimum (0)
  0x45, 0x00,       //         Physical Maximum (0)
  0x75, 0x04,       //         Report Size (4)
  0xb1, 0x03,       //         Feature (Constant, Variable, Absolute): padding to a whole byte
  0x05, 0x0c,       //         Usage Page (Consumer)
  0x0a, 0x38, 0x02, //         Usage (AC Pan, 0x0238)
  0x15, 0x81,       //         Logical Minimum (−127)
  0x25, 0x7f,       //         Logical Maximum (127)
  0x75, 0x08,       //         Report Size (8)
  0x81, 0x06,       //         Input (Data, Variable, Relative)
  0xc0,             //       End Collection

  0xc0,             //     End Collection (Physical)
  0xc0,             //   End Collection (Logical)
  0xc0,             // End Collection (Application)
]);
