#include "dextkit_VirtualHIDPointing.h"

#include <DriverKit/DriverKit.h>
#include <HIDDriverKit/HIDDriverKit.h>
#include <os/log.h>

#include "device_description.hpp"
#include "dextkit/protocol.h"
#include "virtual_device.hpp"

#define LOG_PREFIX "dextkit_VirtualHIDPointing " DEXTKIT_DRIVER_VERSION_STRING

// V-USB's free shared ids for USB mice; pointing initialize takes no parameters.
static const uint32_t kPointingVendorId = 0x16c0;
static const uint32_t kPointingProductId = 0x27da;

struct dextkit_VirtualHIDPointing_IVars {
    dextkit::VirtualDeviceState state;
};

bool dextkit_VirtualHIDPointing::init() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " init");
    if (!super::init()) {
        return false;
    }
    ivars = IONewZero(dextkit_VirtualHIDPointing_IVars, 1);
    return ivars != nullptr;
}

void dextkit_VirtualHIDPointing::free() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " free");
    if (ivars != nullptr) {
        OSSafeReleaseNULL(ivars->state.reportBuffer);
    }
    IOSafeDeleteNULL(ivars, dextkit_VirtualHIDPointing_IVars, 1);
    super::free();
}

bool dextkit_VirtualHIDPointing::handleStart(IOService* provider) {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " handleStart");
    const kern_return_t prepared = dextkit::prepareVirtualDevice(ivars->state, provider);
    if (prepared != kIOReturnSuccess) {
        os_log(OS_LOG_DEFAULT, LOG_PREFIX " handleStart failed: 0x%x", prepared);
        return false;
    }
    if (!super::handleStart(provider)) {
        os_log(OS_LOG_DEFAULT, LOG_PREFIX " super::handleStart failed");
        return false;
    }
    ivars->state.ready = true;
    return true;
}

kern_return_t IMPL(dextkit_VirtualHIDPointing, Stop) {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " Stop");
    dextkit::stopVirtualDevice(ivars->state);
    return Stop(provider, SUPERDISPATCH);
}

OSDictionary* dextkit_VirtualHIDPointing::newDeviceDescription() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " newDeviceDescription");
    return dextkit::createDeviceDescription(dextkit::VirtualDeviceKind::Pointing,
                                            kPointingVendorId, kPointingProductId, 0);
}

OSData* dextkit_VirtualHIDPointing::newReportDescriptor() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " newReportDescriptor");
    return OSData::withBytes(dextkit_pointing_report_descriptor,
                             sizeof(dextkit_pointing_report_descriptor));
}

bool dextkit_VirtualHIDPointing::isReady() {
    return ivars->state.ready;
}

kern_return_t dextkit_VirtualHIDPointing::postInputReport(const uint8_t* bytes, size_t size) {
    return dextkit::postVirtualDeviceReport(this, ivars->state, bytes, size);
}
