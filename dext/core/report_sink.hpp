// Where a user client's input reports go: its virtual keyboard and pointing device.
//
// A table of plain function pointers rather than a class with virtual functions, like
// device_host.hpp: dext/core links into a dext, and a vtable brings references to C++ runtime
// support (__cxa_pure_virtual for pure virtual functions, operator delete for the deleting
// destructor of a virtual destructor, typeinfo under RTTI) that DriverKit's runtime is not
// documented to provide. Function pointers need none of it; tests/dext_core_link_test.ts checks
// the compiled core and a glue-shaped host for such references.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dextkit {

// Implemented by the DriverKit glue (handleReport on the IOUserHIDDevice) and by the fake IOKit
// (a trace). Both functions return an IOReturn; nonzero means the report was not delivered.
struct ReportSink {
    void* context;
    // One keyboard input report, report id first (ids 1, 2, 3, 4, 6 and 7).
    int32_t (*keyboard)(void* context, const uint8_t* bytes, size_t size);
    // One 8-byte pointing report (no report id).
    int32_t (*pointing)(void* context, const uint8_t* bytes, size_t size);

    int32_t postKeyboardReport(const uint8_t* bytes, size_t size) const {
        return keyboard(context, bytes, size);
    }
    int32_t postPointingReport(const uint8_t* bytes, size_t size) const {
        return pointing(context, bytes, size);
    }

    // The sink that calls `object.postKeyboardReport` and `object.postPointingReport`.
    template <class T>
    static ReportSink of(T& object) {
        return {&object,
                [](void* self, const uint8_t* bytes, size_t size) {
                    return static_cast<T*>(self)->postKeyboardReport(bytes, size);
                },
                [](void* self, const uint8_t* bytes, size_t size) {
                    return static_cast<T*>(self)->postPointingReport(bytes, size);
                }};
    }
};

}  // namespace dextkit
