// Creates and removes a user client's virtual devices and says when they have started.
//
// A table of plain function pointers, not virtual functions; report_sink.hpp says why.
#pragma once

#include <cstdint>

#include "keyboard_parameters.hpp"

namespace dextkit {

// Implemented by the DriverKit glue (IOService::Create of the keyboard/pointing children, their
// handleStart, their termination) and by the fake IOKit.
struct DeviceHost {
    void* context;
    // Creates the virtual keyboard; returns an IOReturn.
    int32_t (*createKeyboard)(void* context, const KeyboardParameters& parameters);
    // Creates the virtual pointing device; returns an IOReturn.
    int32_t (*createPointing)(void* context);
    // Whether the created keyboard has started (handleStart finished).
    bool (*keyboardReady)(void* context);
    // Whether the created pointing device has started.
    bool (*pointingReady)(void* context);
    // Removes every device this user client created. The core calls it once, from stop(), after
    // it has released every pressed key and button.
    void (*removeDevices)(void* context);

    // The host that calls the methods of the same names on `object`.
    template <class T>
    static DeviceHost of(T& object) {
        return {&object,
                [](void* self, const KeyboardParameters& parameters) {
                    return static_cast<T*>(self)->createKeyboard(parameters);
                },
                [](void* self) { return static_cast<T*>(self)->createPointing(); },
                [](void* self) { return static_cast<T*>(self)->keyboardReady(); },
                [](void* self) { return static_cast<T*>(self)->pointingReady(); },
                [](void* self) { static_cast<T*>(self)->removeDevices(); }};
    }
};

}  // namespace dextkit
