// Stub: HID report types.
#pragma once

typedef enum IOHIDReportType {
    kIOHIDReportTypeInput = 0,
    kIOHIDReportTypeOutput,
    kIOHIDReportTypeFeature,
    kIOHIDReportTypeCount,
} IOHIDReportType;
