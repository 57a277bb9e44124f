/*
 * A stand-in for the few IOKit calls of lib/iokit/hid_system_lock_state.ts, so the binding's FFI
 * code runs on Linux. Signatures from IOKitLib.h and IOHIDLib (IOHIDGetModifierLockState,
 * kIOHIDParamConnectType 1, kIOHIDCapsLockState 1, kIOHIDNumLockState 2). The lock state is
 * "caps", "num", "caps,num" or empty (both off), read on every call from the file that
 * FAKE_HID_SYSTEM_LOCKS_FILE names (the fake daemon writes its host's state there, as macOS's HID
 * system follows the Caps Lock key of any keyboard), else from the variable FAKE_HID_SYSTEM_LOCKS.
 * FAKE_HID_SYSTEM_MISSING=1 makes the IOHIDSystem service missing.
 */
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

uint32_t mach_task_self_ = 0x203;

static char matching_dictionary[16];

void* IOServiceMatching(const char* name) {
    return strcmp(name, "IOHIDSystem") == 0 ? matching_dictionary : NULL;
}

uint32_t IOServiceGetMatchingService(uint32_t main_port, void* matching) {
    (void)main_port;
    const char* missing = getenv("FAKE_HID_SYSTEM_MISSING");
    if (matching == NULL || (missing != NULL && strcmp(missing, "1") == 0)) return 0;
    return 0x2001;
}

int32_t IOServiceOpen(uint32_t service, uint32_t task, uint32_t type, uint32_t* connect) {
    if (service != 0x2001 || task != 0x203 || type != 1) return (int32_t)0xe00002c2;
    *connect = 0x3001;
    return 0;
}

int32_t IOServiceClose(uint32_t connect) { return connect == 0x3001 ? 0 : (int32_t)0xe00002c2; }

int32_t IOObjectRelease(uint32_t object) { return object == 0x2001 ? 0 : (int32_t)0xe00002c2; }

int32_t IOHIDGetModifierLockState(uint32_t connect, int32_t selector, bool* state) {
    if (connect != 0x3001) return (int32_t)0xe00002c2;
    char from_file[32] = "";
    const char* locks = getenv("FAKE_HID_SYSTEM_LOCKS");
    const char* path = getenv("FAKE_HID_SYSTEM_LOCKS_FILE");
    if (path != NULL) {
        FILE* file = fopen(path, "r");
        if (file != NULL) {
            size_t length = fread(from_file, 1, sizeof from_file - 1, file);
            from_file[length] = '\0';
            fclose(file);
        }
        locks = from_file;
    }
    if (locks == NULL) locks = "";
    if (selector == 1) *state = strstr(locks, "caps") != NULL;
    else if (selector == 2) *state = strstr(locks, "num") != NULL;
    else return (int32_t)0xe00002c2;
    return 0;
}
