// The dictionary a virtual device returns from newDeviceDescription: the keys IOHIDDevice::start
// reads to describe, match and register the device.
#pragma once

#include <DriverKit/DriverKit.h>
#include <stdint.h>

namespace dextkit {

// Every device publishes this manufacturer name.
constexpr const char* kDeviceManufacturer = "dextkit";

struct DeviceDescription {
    const char* product;
    const char* serialNumber;
    uint32_t vendorId;
    uint32_t productId;
    uint32_t countryCode;
    uint32_t primaryUsagePage;
    uint32_t primaryUsage;
    // Lets the HID system process the Apple vendor pages (fn and top-case keys); keyboard only.
    bool appleVendorSupported;
};

// A new dictionary with RegisterService = true (IOHIDDevice::start then registers the device;
// a device must never override Start to do it), HIDDefaultBehavior = true, the manufacturer and
// every field of `description`. Null when any value could not be created.
OSDictionary* createDeviceDescription(const DeviceDescription& description);

}  // namespace dextkit
