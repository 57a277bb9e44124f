// Where a user client's input reports go: its virtual keyboard and pointing device.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dextkit {

// Implemented by the DriverKit glue (handleReport on the IOUserHIDDevice) and by the fake IOKit
// (a trace). Both methods return an IOReturn; nonzero means the report was not delivered.
class ReportSink {
public:
    virtual ~ReportSink() = default;

    // One keyboard input report, report id first (ids 1, 2, 3, 4, 6 and 7).
    virtual int32_t postKeyboardReport(const uint8_t* bytes, size_t size) = 0;

    // One 8-byte pointing report (no report id).
    virtual int32_t postPointingReport(const uint8_t* bytes, size_t size) = 0;
};

}  // namespace dextkit
