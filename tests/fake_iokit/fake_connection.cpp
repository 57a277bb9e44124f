#include "fake_connection.hpp"

#include "fakeiokit.h"
#include "monotonic_clock.hpp"

namespace fakeiokit {

FakeConnection::FakeConnection(uint32_t handle, size_t instance, Recorder& recorder,
                               dextkit::CoreConfig config, uint64_t readyDelayNanoseconds)
    : handle_(handle),
      instance_(instance),
      recorder_(recorder),
      readyDelay_(readyDelayNanoseconds),
      core_(dextkit::ReportSink::of(*this), dextkit::DeviceHost::of(*this), config) {}

int32_t FakeConnection::setReport(uint32_t reportType, const uint8_t* bytes, size_t size,
                                  bool& completed) {
    completed = false;
    int32_t completedStatus = 0;
    dextkit::handleSetReport(
        reportType, DEXTKIT_RETURN_SUCCESS, bytes, size,
        [this](const uint8_t* report, size_t length) {
            return core_.onLedOutputReport(report, length);
        },
        [&completed, &completedStatus](int32_t status, uint32_t) {
            completed = true;
            completedStatus = status;
        });
    return completed ? completedStatus : FAKEIOKIT_IO_RETURN_ABORTED;
}

int32_t FakeConnection::postKeyboardReport(const uint8_t* bytes, size_t size) {
    recorder_.report(handle_, Device::Keyboard, bytes, size);
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t FakeConnection::postPointingReport(const uint8_t* bytes, size_t size) {
    recorder_.report(handle_, Device::Pointing, bytes, size);
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t FakeConnection::createKeyboard(const dextkit::KeyboardParameters& parameters) {
    keyboardReadyAt_ = readyTime(readyDelay_);
    recorder_.event(handle_, "create-keyboard %u %u %u", parameters.vendorId, parameters.productId,
                    parameters.countryCode);
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t FakeConnection::createPointing() {
    pointingReadyAt_ = readyTime(readyDelay_);
    recorder_.event(handle_, "create-pointing");
    return DEXTKIT_RETURN_SUCCESS;
}

bool FakeConnection::keyboardReady() const {
    return reached(keyboardReadyAt_);
}

bool FakeConnection::pointingReady() const {
    return reached(pointingReadyAt_);
}

void FakeConnection::removeDevices() {
    keyboardReadyAt_ = kNeverReady;
    pointingReadyAt_ = kNeverReady;
    recorder_.event(handle_, "remove-devices");
}

uint64_t FakeConnection::readyTime(uint64_t delay) {
    if (delay == 0 || delay == kNeverReady) {
        return delay;
    }
    const uint64_t now = monotonicNanoseconds();
    return delay > kNeverReady - 1 - now ? kNeverReady - 1 : now + delay;
}

bool FakeConnection::reached(uint64_t& readyAt) {
    if (readyAt == 0) {
        return true;
    }
    if (readyAt == kNeverReady || monotonicNanoseconds() < readyAt) {
        return false;
    }
    readyAt = 0;
    return true;
}

}  // namespace fakeiokit
