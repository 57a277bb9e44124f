// Monotonic time in nanoseconds (CLOCK_MONOTONIC), comparable across processes on one machine.
#pragma once

#include <cstdint>
#include <ctime>

namespace fakeiokit {

inline uint64_t monotonicNanoseconds() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<uint64_t>(now.tv_sec) * 1000000000u + static_cast<uint64_t>(now.tv_nsec);
}

}  // namespace fakeiokit
