// The dictionary a virtual device returns from newDeviceDescription: the keys the HID family
// reads to describe, match and register the device. One helper for both devices, so the keyboard
// and the pointing device cannot drift apart.
#pragma once

#include <DriverKit/DriverKit.h>
#include <stdint.h>

namespace dextkit {

// Every device publishes this manufacturer name.
constexpr const char* kDeviceManufacturer = "dextkit";

enum class VirtualDeviceKind { Keyboard, Pointing };

// A new dictionary with RegisterService = true (the device is then registered once it is set
// up; a device must never override Start to do it), HIDDefaultBehavior = true, the manufacturer,
// the product name "dextkit VirtualHID<Keyboard|Pointing> <version>", the serial number
// "dextkit:VirtualHID<Keyboard|Pointing>", LocationID 0, the ids and country code given, and the
// primary usage of the kind (Generic Desktop Keyboard or Mouse); AppleVendorSupported on the
// keyboard only (it lets the HID system process the Apple vendor pages: fn and top-case keys).
// Null when any value could not be created.
OSDictionary* createDeviceDescription(VirtualDeviceKind kind, uint32_t vendorId,
                                      uint32_t productId, uint32_t countryCode);

}  // namespace dextkit
