// Runs one exported call under the fake driver's lock, like IOKit serializing calls into a dext:
// `DriverLock()->open(...)` holds the lock for the whole expression.
#pragma once

#include <mutex>

#include "fake_driver.hpp"

namespace fakeiokit {

class DriverLock {
public:
    DriverLock() : driver_(FakeDriver::shared()), lock_(driver_.mutex()) {}
    FakeDriver* operator->() { return &driver_; }

private:
    FakeDriver& driver_;
    std::lock_guard<std::mutex> lock_;
};

}  // namespace fakeiokit
