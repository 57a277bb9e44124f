#include "mapped_memory.hpp"

namespace dextkit {

MappedMemory::~MappedMemory() {
    OSSafeReleaseNULL(map_);
}

kern_return_t MappedMemory::map(IOMemoryDescriptor* descriptor) {
    if (descriptor == nullptr || map_ != nullptr) {
        return kIOReturnBadArgument;
    }
    // Offset 0 and length 0 map the whole descriptor.
    return descriptor->CreateMapping(kIOMemoryMapReadOnly, 0, 0, 0, 0, &map_);
}

const uint8_t* MappedMemory::bytes() const {
    if (map_ == nullptr) {
        return nullptr;
    }
    return reinterpret_cast<const uint8_t*>(static_cast<uintptr_t>(map_->GetAddress()));
}

size_t MappedMemory::size() const {
    return map_ == nullptr ? 0 : static_cast<size_t>(map_->GetLength());
}

}  // namespace dextkit
