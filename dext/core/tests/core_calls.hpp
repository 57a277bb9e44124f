// Helpers that call UserClientCore the way IOConnectCallScalarMethod / StructMethod would.
#pragma once

#include <cstdint>
#include <vector>

#include "user_client_core.hpp"

namespace dextkit::test {

struct CallResult {
    int32_t code;
    uint32_t outputCount;  // what the core wrote back into the output count
    std::vector<uint64_t> outputs;
};

// A scalar call with `outputCapacity` output slots (the output count pointer is always passed).
inline CallResult callScalar(UserClientCore& core, uint64_t selector, std::vector<uint64_t> inputs,
                             uint32_t outputCapacity) {
    std::vector<uint64_t> outputs(outputCapacity + 1, 0xdeadbeef);
    uint32_t count = outputCapacity;
    const int32_t code = core.externalMethod(selector, inputs.empty() ? nullptr : inputs.data(),
                                             static_cast<uint32_t>(inputs.size()), nullptr, 0,
                                             outputs.data(), &count);
    outputs.resize(outputCapacity);
    return {code, count, outputs};
}

// A structure call with no scalars and a null output count, as IOConnectCallStructMethod does.
inline int32_t callStruct(UserClientCore& core, uint64_t selector,
                          const std::vector<uint8_t>& input) {
    return core.externalMethod(selector, nullptr, 0, input.empty() ? nullptr : input.data(),
                               input.size(), nullptr, nullptr);
}

inline int32_t initializeKeyboard(UserClientCore& core, uint64_t vendor = 0x16c0,
                                  uint64_t product = 0x27db, uint64_t country = 33) {
    return callScalar(core, DEXTKIT_SELECTOR_KEYBOARD_INITIALIZE, {vendor, product, country}, 0)
        .code;
}

inline int32_t initializePointing(UserClientCore& core) {
    return callStruct(core, DEXTKIT_SELECTOR_POINTING_INITIALIZE, {});
}

}  // namespace dextkit::test
