// The arguments of one user-client method call, as IOKit delivers them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dextkit {

struct MethodArguments {
    const uint64_t* scalarInput = nullptr;
    uint32_t scalarInputCount = 0;
    const void* structInput = nullptr;
    size_t structInputSize = 0;
    uint64_t* scalarOutput = nullptr;
    // In: the caller's output capacity; out: how many scalars were written. May be null when the
    // selector has no scalar output.
    uint32_t* scalarOutputCount = nullptr;
};

}  // namespace dextkit
