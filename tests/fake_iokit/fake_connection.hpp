// One open IOKit connection to the fake driver: a dext/core user client whose devices are the
// Recorder.
#pragma once

#include <cstddef>
#include <cstdint>

#include "device_host.hpp"
#include "recorder.hpp"
#include "report_sink.hpp"
#include "set_report.hpp"
#include "user_client_core.hpp"

namespace fakeiokit {

// Never ready: pass as the ready delay.
constexpr uint64_t kNeverReady = UINT64_MAX;

class FakeConnection final {
public:
    // `readyDelayNanoseconds`: how long after creation a device reports ready.
    FakeConnection(uint32_t handle, size_t instance, Recorder& recorder, dextkit::CoreConfig config,
                   uint64_t readyDelayNanoseconds);

    uint32_t handle() const { return handle_; }
    // Index of the driver instance this connection was opened on.
    size_t instance() const { return instance_; }
    // False once the driver instance crashed or stopped; calls then fail like a dead Mach port.
    bool alive() const { return alive_; }
    void markDead() { alive_ = false; }
    dextkit::UserClientCore& core() { return core_; }

    // The host sends a report to the keyboard: the glue's setReport path (dext/core
    // set_report.hpp). Returns the status the request was completed with, or kIOReturnAborted
    // when it was not completed (what the host then sees); `completed` says which.
    int32_t setReport(uint32_t reportType, const uint8_t* bytes, size_t size, bool& completed);

    int32_t postKeyboardReport(const uint8_t* bytes, size_t size);
    int32_t postPointingReport(const uint8_t* bytes, size_t size);
    int32_t createKeyboard(const dextkit::KeyboardParameters& parameters);
    int32_t createPointing();
    bool keyboardReady() const;
    bool pointingReady() const;
    void removeDevices();

private:
    static uint64_t readyTime(uint64_t delay);
    static bool reached(uint64_t& readyAt);

    uint32_t handle_;
    size_t instance_;
    Recorder& recorder_;
    uint64_t readyDelay_;
    // Monotonic time a device becomes ready; 0 once reached (so later checks skip the clock),
    // kNeverReady while it does not exist or never will be.
    mutable uint64_t keyboardReadyAt_ = kNeverReady;
    mutable uint64_t pointingReadyAt_ = kNeverReady;
    bool alive_ = true;
    dextkit::UserClientCore core_;  // last: it refers to this object as its sink and host
};

}  // namespace fakeiokit
