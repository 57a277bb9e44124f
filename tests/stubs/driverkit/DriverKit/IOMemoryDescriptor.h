// Stub: memory descriptors, mappings and buffers.
#pragma once

#include <DriverKit/IOTypes.h>
#include <DriverKit/OSObject.h>

enum {
    kIOMemoryDirectionIn = 0x00000001,
    kIOMemoryDirectionOut = 0x00000002,
    kIOMemoryDirectionOutIn = 0x00000003,
    kIOMemoryDirectionInOut = kIOMemoryDirectionOutIn,
};

enum {
    kIOMemoryMapFixedAddress = 0x00000001,
    kIOMemoryMapReadOnly = 0x00000002,
};

class IOMemoryMap : public OSObject {
public:
    uint64_t GetAddress();
    uint64_t GetLength();
};

class IOMemoryDescriptor : public OSObject {
public:
    kern_return_t GetLength(uint64_t* returnLength);
    kern_return_t CreateMapping(uint64_t options, uint64_t address, uint64_t offset,
                                uint64_t length, uint64_t alignment, IOMemoryMap** map,
                                OSDispatchMethod supermethod = nullptr);
};

class IOBufferMemoryDescriptor : public IOMemoryDescriptor {
public:
    static kern_return_t Create(uint64_t options, uint64_t capacity, uint64_t alignment,
                                IOBufferMemoryDescriptor** memory);
    kern_return_t GetAddressRange(IOAddressSegment* range);
    kern_return_t SetLength(uint64_t length, OSDispatchMethod supermethod = nullptr);
};

class OSAction : public OSObject {};
