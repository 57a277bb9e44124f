// The memory a virtual device hands to handleReport. Each device allocates one buffer when it
// starts (handleStart) and reuses it for every report, so posting a report allocates nothing.
#pragma once

#include <DriverKit/DriverKit.h>
#include <stddef.h>
#include <stdint.h>

#include "dextkit/protocol.h"

namespace dextkit {

// Large enough for every input report either device posts.
constexpr size_t kReportBufferCapacity = DEXTKIT_MAX_KEYBOARD_INPUT_REPORT_SIZE;
static_assert(kReportBufferCapacity >= DEXTKIT_REPORT_SIZE_POINTING, "pointing reports fit");
static_assert(kReportBufferCapacity >= DEXTKIT_REPORT_SIZE_LED, "LED input reports fit");

// Allocates a buffer of kReportBufferCapacity bytes; returns an IOReturn.
kern_return_t createReportBuffer(IOBufferMemoryDescriptor** buffer);

// Copies one report into the buffer and sets the buffer's length to the report's size. Null,
// empty or oversized reports: kIOReturnBadArgument.
kern_return_t fillReportBuffer(IOBufferMemoryDescriptor* buffer, const uint8_t* bytes, size_t size);

}  // namespace dextkit
