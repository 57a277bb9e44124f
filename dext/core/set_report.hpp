// The keyboard's IOUserHIDDevice::setReport without DriverKit: the one code path the DriverKit
// glue and the fake IOKit both run when the host sends a report (the Caps Lock LED).
//
// HIDDriverKit's IOHIDDevice.iig: "@param action OSAction to call CompleteReport when request
// completes". The kernel (AppleUserHIDDevice::processReport) waits for that completion, so a path
// that returns without it ends the host's SET_REPORT as aborted, or as a timeout after the default
// 1000 ms request timeout (macos-corrections.md item 2). handleSetReport has one exit and calls
// `complete` exactly once on every path, including report types the driver does not take.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dextkit/protocol.h"

namespace dextkit {

// IOHIDReportType (HIDDriverKit IOHIDDeviceTypes.h): input 0, output 1, feature 2.
constexpr uint32_t kHidReportTypeOutput = 1;

// `reportType`: the request's IOHIDReportType. `mapResult`: the IOReturn of mapping the
// request's memory (success when there was nothing to map); `bytes`/`size`: the mapped report.
// `deliver(bytes, size)` hands an output report to the core (UserClientCore::onLedOutputReport
// under the user client's lock, or NOT_ATTACHED once the user client is gone) and returns its
// IOReturn. `complete(status, length)` is CompleteReport(action, status, length); `length` is the
// report's size on success and 0 otherwise. Returns the status it completed with.
template <class Deliver, class Complete>
int32_t handleSetReport(uint32_t reportType, int32_t mapResult, const uint8_t* bytes, size_t size,
                        Deliver&& deliver, Complete&& complete) {
    int32_t status = DEXTKIT_RETURN_SUCCESS;
    if (reportType != kHidReportTypeOutput) {
        status = DEXTKIT_RETURN_UNSUPPORTED;
    } else if (mapResult != DEXTKIT_RETURN_SUCCESS) {
        status = mapResult;
    } else {
        status = deliver(bytes, size);
    }
    complete(status, status == DEXTKIT_RETURN_SUCCESS ? static_cast<uint32_t>(size) : 0u);
    return status;
}

}  // namespace dextkit
