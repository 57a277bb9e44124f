// The opaque "CFMutableDictionaryRef" IOServiceNameMatching / IOServiceMatching return: just the
// name and how to match it, reference counted like a CF object.
#pragma once

#include <cstdint>
#include <string>

namespace fakeiokit {

struct MatchingDictionary {
    static constexpr uint32_t kMagic = 0x4d415443;  // "MATC": recognises our objects in CFRelease

    uint32_t magic = kMagic;
    uint32_t references = 1;
    bool byName = true;  // IOServiceNameMatching; false for IOServiceMatching (class name)
    std::string name;
};

// The class IOServiceMatching must name to find the root: a dext's root is an IOUserService in the
// kernel, whatever its IOUserClass.
constexpr const char* kRootKernelClass = "IOUserService";

}  // namespace fakeiokit
