// The IOKit, libSystem and CoreFoundation symbols the FFI client binds, with IOKitLib.h's ABI.
#include "driver_lock.hpp"
#include "fakeiokit.h"

using fakeiokit::DriverLock;

extern "C" {

// A typical task port name; clients read it once and pass it to IOServiceOpen.
uint32_t mach_task_self_ = 0x203;
const uint32_t kIOMainPortDefault = 0;

void* IOServiceNameMatching(const char* name) {
    return DriverLock()->createMatching(name, true);
}

void* IOServiceMatching(const char* name) {
    return DriverLock()->createMatching(name, false);
}

uint32_t IOServiceGetMatchingService(uint32_t, void* matching) {
    return DriverLock()->matchingService(matching);
}

int32_t IOServiceOpen(uint32_t service, uint32_t owningTask, uint32_t type, uint32_t* connect) {
    return DriverLock()->open(service, owningTask, type, connect);
}

int32_t IOServiceClose(uint32_t connect) {
    return DriverLock()->close(connect);
}

int32_t IOObjectRelease(uint32_t object) {
    return DriverLock()->releaseObject(object);
}

int32_t IORegistryEntryGetRegistryEntryID(uint32_t entry, uint64_t* entryID) {
    return DriverLock()->registryEntryId(entry, entryID);
}

int32_t IOConnectCallScalarMethod(uint32_t connection, uint32_t selector, const uint64_t* input,
                                  uint32_t inputCnt, uint64_t* output, uint32_t* outputCnt) {
    return DriverLock()->call(connection, selector, input, inputCnt, nullptr, 0, output, outputCnt);
}

int32_t IOConnectCallStructMethod(uint32_t connection, uint32_t selector, const void* inputStruct,
                                  size_t inputStructCnt, void*, size_t* outputStructCnt) {
    // No selector has a structure output.
    if (outputStructCnt != nullptr) {
        *outputStructCnt = 0;
    }
    return DriverLock()->call(connection, selector, nullptr, 0, inputStruct, inputStructCnt,
                              nullptr, nullptr);
}

int32_t IOConnectCallMethod(uint32_t connection, uint32_t selector, const uint64_t* input,
                            uint32_t inputCnt, const void* inputStruct, size_t inputStructCnt,
                            uint64_t* output, uint32_t* outputCnt, void*, size_t* outputStructCnt) {
    if (outputStructCnt != nullptr) {
        *outputStructCnt = 0;
    }
    return DriverLock()->call(connection, selector, input, inputCnt, inputStruct, inputStructCnt,
                              output, outputCnt);
}

const void* CFRetain(const void* object) {
    return DriverLock()->retainMatching(object);
}

void CFRelease(const void* object) {
    DriverLock()->releaseMatching(object);
}

}  // extern "C"
