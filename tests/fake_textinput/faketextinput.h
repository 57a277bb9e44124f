/*
 * libfaketextinput: the Text Input Sources, Unicode Utilities and CoreFoundation C ABI that
 * dextkit's layout reader calls, serving one configurable keyboard layout, plus test controls with
 * the faketextinput_ prefix. See README.md for the source of each modelled behaviour.
 *
 * Types follow the macOS headers: CF objects and TISInputSourceRef are opaque pointers, Boolean is
 * unsigned char, CFIndex is long, UniChar is uint16_t, UniCharCount is unsigned long, OSStatus is
 * int32_t, OptionBits is uint32_t.
 */
#ifndef FAKETEXTINPUT_H
#define FAKETEXTINPUT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FAKETEXTINPUT_EXPORT __attribute__((visibility("default")))

/* MacErrors.h / UnicodeUtilities.h result codes the fake returns. */
#define FAKETEXTINPUT_PARAM_ERR (-50)
#define FAKETEXTINPUT_OUTPUT_BUFFER_TOO_SMALL (-25340)

/* ---- HIToolbox (TextInputSources.h, Events.h, Keyboards.h) ---- */

FAKETEXTINPUT_EXPORT extern const void* const kTISPropertyInputSourceID;
FAKETEXTINPUT_EXPORT extern const void* const kTISPropertyLocalizedName;
FAKETEXTINPUT_EXPORT extern const void* const kTISPropertyUnicodeKeyLayoutData;

FAKETEXTINPUT_EXPORT void* TISCopyCurrentKeyboardLayoutInputSource(void);
FAKETEXTINPUT_EXPORT void* TISGetInputSourceProperty(void* source, const void* key);
FAKETEXTINPUT_EXPORT uint8_t LMGetKbdType(void);
FAKETEXTINPUT_EXPORT uint32_t KBGetLayoutType(int16_t keyboardType);

/* ---- CarbonCore (UnicodeUtilities.h) ---- */

FAKETEXTINPUT_EXPORT int32_t UCKeyTranslate(const void* layout, uint16_t virtualKeyCode,
                                            uint16_t keyAction, uint32_t modifierKeyState,
                                            uint32_t keyboardType, uint32_t keyTranslateOptions,
                                            uint32_t* deadKeyState, unsigned long maxStringLength,
                                            unsigned long* actualStringLength,
                                            uint16_t* unicodeString);

/* ---- CoreFoundation ---- */

FAKETEXTINPUT_EXPORT const void* CFRetain(const void* object);
FAKETEXTINPUT_EXPORT void CFRelease(const void* object);
FAKETEXTINPUT_EXPORT long CFStringGetLength(const void* string);
FAKETEXTINPUT_EXPORT uint8_t CFStringGetCString(const void* string, char* buffer, long bufferSize,
                                                uint32_t encoding);
FAKETEXTINPUT_EXPORT long CFDataGetLength(const void* data);
FAKETEXTINPUT_EXPORT const uint8_t* CFDataGetBytePtr(const void* data);

/* ---- test controls ---- */

/* Back to the state at load: no input source, keyboard type 40, counters zero. */
FAKETEXTINPUT_EXPORT void faketextinput_reset(void);
/* The current keyboard layout input source: id, localized name (UTF-8) and its 'uchr' bytes
 * (copied). A null id removes it. 0, or FAKETEXTINPUT_PARAM_ERR for a null name or layout. */
FAKETEXTINPUT_EXPORT int32_t faketextinput_set_source(const char* id, const char* name,
                                                      const uint8_t* uchr, size_t length);
/* What LMGetKbdType returns. */
FAKETEXTINPUT_EXPORT void faketextinput_set_keyboard_type(uint8_t type);
/* UCKeyTranslate calls since the last reset. */
FAKETEXTINPUT_EXPORT uint64_t faketextinput_translate_count(void);
/* Input sources copied and not yet released (a leak check). */
FAKETEXTINPUT_EXPORT uint32_t faketextinput_live_sources(void);

#ifdef __cplusplus
}
#endif

#endif
