#include "report_buffer.hpp"

#include <string.h>

namespace dextkit {

kern_return_t createReportBuffer(IOBufferMemoryDescriptor** buffer) {
    return IOBufferMemoryDescriptor::Create(kIOMemoryDirectionOut, kReportBufferCapacity, 0,
                                            buffer);
}

kern_return_t fillReportBuffer(IOBufferMemoryDescriptor* buffer, const uint8_t* bytes,
                               size_t size) {
    if (buffer == nullptr || bytes == nullptr || size == 0 || size > kReportBufferCapacity) {
        return kIOReturnBadArgument;
    }
    IOAddressSegment range = {};
    const kern_return_t result = buffer->GetAddressRange(&range);
    if (result != kIOReturnSuccess) {
        return result;
    }
    memcpy(reinterpret_cast<void*>(static_cast<uintptr_t>(range.address)), bytes, size);
    return buffer->SetLength(size);
}

}  // namespace dextkit
