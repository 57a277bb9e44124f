// What the virtual keyboard and the virtual pointing device share besides their description:
// their state, the parts of handleStart and Stop around the superclass call, and posting a
// report through the one buffer each device owns.
#pragma once

#include <DriverKit/DriverKit.h>
#include <HIDDriverKit/HIDDriverKit.h>
#include <stddef.h>
#include <stdint.h>

class dextkit_VirtualHIDDeviceUserClient;

namespace dextkit {

struct VirtualDeviceState {
    // The user client that created the device; null once either of them stopped.
    dextkit_VirtualHIDDeviceUserClient* userClient;
    // The one buffer handleReport gets; created in handleStart, released in free.
    IOBufferMemoryDescriptor* reportBuffer;
    bool ready;
};

// The part of handleStart before super::handleStart: takes the provider as the user client and
// creates the report buffer (in handleStart, not init: init is for ivars only,
// macos-corrections.md item 5). kIOReturnBadArgument when the provider is not the user client,
// else the buffer creation's IOReturn. It does not log: os_log redacts a %s argument, so each
// device logs the result with its own literal prefix.
kern_return_t prepareVirtualDevice(VirtualDeviceState& state, IOService* provider);

// The part of Stop before super's Stop: releases every key and button through the user client
// (once, whichever of the device's and the user client's Stop comes first) and forgets it.
void stopVirtualDevice(VirtualDeviceState& state);

// Copies one input report into the device's buffer and hands it to handleReport.
kern_return_t postVirtualDeviceReport(IOUserHIDDevice* device, VirtualDeviceState& state,
                                      const uint8_t* bytes, size_t size);

}  // namespace dextkit
