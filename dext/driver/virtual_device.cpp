#include "virtual_device.hpp"

#include "dextkit_VirtualHIDDeviceUserClient.h"
#include "report_buffer.hpp"

namespace dextkit {

kern_return_t prepareVirtualDevice(VirtualDeviceState& state, IOService* provider) {
    state.userClient = OSDynamicCast(dextkit_VirtualHIDDeviceUserClient, provider);
    if (state.userClient == nullptr) {
        return kIOReturnBadArgument;
    }
    return createReportBuffer(&state.reportBuffer);
}

void stopVirtualDevice(VirtualDeviceState& state) {
    // The user client's Stop and this device's Stop come in either order (the user client is
    // usually stopped first, while its devices are still active: macos-corrections.md item 4),
    // so both call releaseEverything, which runs the release once, and neither relies on the
    // other having run.
    if (state.userClient != nullptr) {
        state.userClient->releaseEverything();
        state.userClient = nullptr;
    }
    state.ready = false;
}

kern_return_t postVirtualDeviceReport(IOUserHIDDevice* device, VirtualDeviceState& state,
                                      const uint8_t* bytes, size_t size) {
    const kern_return_t result = fillReportBuffer(state.reportBuffer, bytes, size);
    if (result != kIOReturnSuccess) {
        return result;
    }
    return device->handleReport(mach_absolute_time(), state.reportBuffer,
                                static_cast<uint32_t>(size), kIOHIDReportTypeInput, 0);
}

}  // namespace dextkit
