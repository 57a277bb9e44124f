#include "device_description.hpp"

#include <HIDDriverKit/IOHIDDeviceKeys.h>
#include <HIDDriverKit/IOHIDUsageTables.h>

#include "dextkit/protocol.h"

namespace dextkit {

namespace {

bool setNumber(OSDictionary* dictionary, const char* key, uint32_t value) {
    OSNumber* number = OSNumber::withNumber(value, 32);
    if (number == nullptr) {
        return false;
    }
    const bool set = OSDictionarySetValue(dictionary, key, number);
    number->release();
    return set;
}

bool setString(OSDictionary* dictionary, const char* key, const char* value) {
    OSString* string = OSString::withCString(value);
    if (string == nullptr) {
        return false;
    }
    const bool set = OSDictionarySetValue(dictionary, key, string);
    string->release();
    return set;
}

}  // namespace

OSDictionary* createDeviceDescription(VirtualDeviceKind kind, uint32_t vendorId,
                                      uint32_t productId, uint32_t countryCode) {
    const bool keyboard = kind == VirtualDeviceKind::Keyboard;
    OSDictionary* dictionary = OSDictionary::withCapacity(13);
    if (dictionary == nullptr) {
        return nullptr;
    }
    const bool complete =
        OSDictionarySetValue(dictionary, "RegisterService", kOSBooleanTrue) &&
        OSDictionarySetValue(dictionary, "HIDDefaultBehavior", kOSBooleanTrue) &&
        (!keyboard || OSDictionarySetValue(dictionary, "AppleVendorSupported", kOSBooleanTrue)) &&
        setString(dictionary, kIOHIDManufacturerKey, kDeviceManufacturer) &&
        setString(dictionary, kIOHIDProductKey,
                  keyboard ? "dextkit VirtualHIDKeyboard " DEXTKIT_DRIVER_VERSION_STRING
                           : "dextkit VirtualHIDPointing " DEXTKIT_DRIVER_VERSION_STRING) &&
        setString(dictionary, kIOHIDSerialNumberKey,
                  keyboard ? "dextkit:VirtualHIDKeyboard" : "dextkit:VirtualHIDPointing") &&
        setNumber(dictionary, kIOHIDVendorIDKey, vendorId) &&
        setNumber(dictionary, kIOHIDProductIDKey, productId) &&
        setNumber(dictionary, kIOHIDCountryCodeKey, countryCode) &&
        setNumber(dictionary, kIOHIDLocationIDKey, 0) &&
        setNumber(dictionary, kIOHIDPrimaryUsagePageKey, kHIDPage_GenericDesktop) &&
        setNumber(dictionary, kIOHIDPrimaryUsageKey,
                  keyboard ? kHIDUsage_GD_Keyboard : kHIDUsage_GD_Mouse);
    if (!complete) {
        dictionary->release();
        return nullptr;
    }
    return dictionary;
}

}  // namespace dextkit
