// Maps the bytes of an IOMemoryDescriptor (a large structure input, a host output report) into the
// driver for as long as the object lives.
#pragma once

#include <DriverKit/DriverKit.h>
#include <stddef.h>
#include <stdint.h>

namespace dextkit {

class MappedMemory {
public:
    MappedMemory() = default;
    ~MappedMemory();

    MappedMemory(const MappedMemory&) = delete;
    MappedMemory& operator=(const MappedMemory&) = delete;

    // Maps the whole descriptor read-only; returns an IOReturn. Call at most once.
    kern_return_t map(IOMemoryDescriptor* descriptor);

    // The mapped bytes; null until map() succeeded.
    const uint8_t* bytes() const;

    // How many bytes are mapped; 0 until map() succeeded.
    size_t size() const;

private:
    IOMemoryMap* map_ = nullptr;
};

}  // namespace dextkit
