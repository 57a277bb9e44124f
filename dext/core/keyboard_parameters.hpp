// The vendor id, product id and country code a virtual keyboard publishes.
#pragma once

#include <cstdint>

namespace dextkit {

struct KeyboardParameters {
    uint32_t vendorId = 0;
    uint32_t productId = 0;
    uint32_t countryCode = 0;

    bool operator==(const KeyboardParameters& other) const {
        return vendorId == other.vendorId && productId == other.productId &&
               countryCode == other.countryCode;
    }
    bool operator!=(const KeyboardParameters& other) const { return !(*this == other); }
};

}  // namespace dextkit
