// Stub: basic DriverKit types.
#pragma once

#include <stdint.h>

typedef uint32_t IOOptionBits;

struct IOAddressSegment {
    uint64_t address;
    uint64_t length;
};
