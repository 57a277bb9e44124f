// Creates and removes a user client's virtual devices and says when they have started.
#pragma once

#include <cstdint>

#include "keyboard_parameters.hpp"

namespace dextkit {

// Implemented by the DriverKit glue (IOService::Create of the keyboard/pointing children, their
// handleStart, their termination) and by the fake IOKit.
class DeviceHost {
public:
    virtual ~DeviceHost() = default;

    // Creates the virtual keyboard; returns an IOReturn.
    virtual int32_t createKeyboard(const KeyboardParameters& parameters) = 0;

    // Creates the virtual pointing device; returns an IOReturn.
    virtual int32_t createPointing() = 0;

    // Whether the created keyboard has started (handleStart finished).
    virtual bool keyboardReady() const = 0;

    // Whether the created pointing device has started.
    virtual bool pointingReady() const = 0;

    // Removes every device this user client created. The core calls it once, from stop(), after
    // it has released every pressed key and button.
    virtual void removeDevices() = 0;
};

}  // namespace dextkit
