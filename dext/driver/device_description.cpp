#include "device_description.hpp"

#include <HIDDriverKit/IOHIDDeviceKeys.h>

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

OSDictionary* createDeviceDescription(const DeviceDescription& description) {
    OSDictionary* dictionary = OSDictionary::withCapacity(13);
    if (dictionary == nullptr) {
        return nullptr;
    }
    const bool complete =
        OSDictionarySetValue(dictionary, "RegisterService", kOSBooleanTrue) &&
        OSDictionarySetValue(dictionary, "HIDDefaultBehavior", kOSBooleanTrue) &&
        (!description.appleVendorSupported ||
         OSDictionarySetValue(dictionary, "AppleVendorSupported", kOSBooleanTrue)) &&
        setString(dictionary, kIOHIDManufacturerKey, kDeviceManufacturer) &&
        setString(dictionary, kIOHIDProductKey, description.product) &&
        setString(dictionary, kIOHIDSerialNumberKey, description.serialNumber) &&
        setNumber(dictionary, kIOHIDVendorIDKey, description.vendorId) &&
        setNumber(dictionary, kIOHIDProductIDKey, description.productId) &&
        setNumber(dictionary, kIOHIDCountryCodeKey, description.countryCode) &&
        setNumber(dictionary, kIOHIDLocationIDKey, 0) &&
        setNumber(dictionary, kIOHIDPrimaryUsagePageKey, description.primaryUsagePage) &&
        setNumber(dictionary, kIOHIDPrimaryUsageKey, description.primaryUsage);
    if (!complete) {
        dictionary->release();
        return nullptr;
    }
    return dictionary;
}

}  // namespace dextkit
