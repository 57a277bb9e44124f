// Stub: the container and value classes the glue builds descriptions and descriptors from.
#pragma once

#include <DriverKit/OSObject.h>

class OSData : public OSObject {
public:
    static OSData* withBytes(const void* bytes, size_t length);
    const void* getBytesNoCopy() const;
    size_t getLength() const;
};

class OSString : public OSObject {
public:
    static OSString* withCString(const char* cString);
};

class OSNumber : public OSObject {
public:
    static OSNumber* withNumber(uint64_t value, size_t numberOfBits);
};

class OSBoolean : public OSObject {};
extern OSBoolean* const kOSBooleanTrue;
extern OSBoolean* const kOSBooleanFalse;

class OSDictionary : public OSObject {
public:
    static OSDictionary* withCapacity(uint32_t capacity);
};

bool OSDictionarySetValue(OSDictionary* dictionary, const char* key, const OSMetaClassBase* value);
