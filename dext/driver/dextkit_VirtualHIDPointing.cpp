#include "dextkit_VirtualHIDPointing.h"

#include <DriverKit/DriverKit.h>
#include <HIDDriverKit/HIDDriverKit.h>
#include <HIDDriverKit/IOHIDUsageTables.h>
#include <os/log.h>

#include "device_description.hpp"
#include "dextkit/protocol.h"
#include "dextkit_VirtualHIDDeviceUserClient.h"
#include "report_buffer.hpp"

#define LOG_PREFIX "dextkit_VirtualHIDPointing " DEXTKIT_DRIVER_VERSION_STRING

// V-USB's free shared ids for USB mice; pointing initialize takes no parameters.
static const uint32_t kPointingVendorId = 0x16c0;
static const uint32_t kPointingProductId = 0x27da;

struct dextkit_VirtualHIDPointing_IVars {
    // The user client that created this device; null once either of them stopped.
    dextkit_VirtualHIDDeviceUserClient* userClient;
    IOBufferMemoryDescriptor* reportBuffer;
    bool ready;
};

bool dextkit_VirtualHIDPointing::init() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " init");
    if (!super::init()) {
        return false;
    }
    ivars = IONewZero(dextkit_VirtualHIDPointing_IVars, 1);
    if (ivars == nullptr) {
        return false;
    }
    return dextkit::createReportBuffer(&ivars->reportBuffer) == kIOReturnSuccess;
}

void dextkit_VirtualHIDPointing::free() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " free");
    if (ivars != nullptr) {
        OSSafeReleaseNULL(ivars->reportBuffer);
    }
    IOSafeDeleteNULL(ivars, dextkit_VirtualHIDPointing_IVars, 1);
    super::free();
}

bool dextkit_VirtualHIDPointing::handleStart(IOService* provider) {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " handleStart");
    ivars->userClient = OSDynamicCast(dextkit_VirtualHIDDeviceUserClient, provider);
    if (ivars->userClient == nullptr) {
        os_log(OS_LOG_DEFAULT, LOG_PREFIX " the provider is not the user client");
        return false;
    }
    if (!super::handleStart(provider)) {
        os_log(OS_LOG_DEFAULT, LOG_PREFIX " super::handleStart failed");
        return false;
    }
    ivars->ready = true;
    return true;
}

kern_return_t IMPL(dextkit_VirtualHIDPointing, Stop) {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " Stop");
    // IOKit stops a provider's clients first, so this may run before the user client's Stop:
    // release every button while this device can still deliver the empty report.
    if (ivars->userClient != nullptr) {
        ivars->userClient->releaseEverything();
        ivars->userClient = nullptr;
    }
    ivars->ready = false;
    return Stop(provider, SUPERDISPATCH);
}

OSDictionary* dextkit_VirtualHIDPointing::newDeviceDescription() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " newDeviceDescription");
    dextkit::DeviceDescription description = {};
    description.product = "dextkit VirtualHIDPointing " DEXTKIT_DRIVER_VERSION_STRING;
    description.serialNumber = "dextkit:VirtualHIDPointing";
    description.vendorId = kPointingVendorId;
    description.productId = kPointingProductId;
    description.countryCode = 0;
    description.primaryUsagePage = kHIDPage_GenericDesktop;
    description.primaryUsage = kHIDUsage_GD_Mouse;
    description.appleVendorSupported = false;
    return dextkit::createDeviceDescription(description);
}

OSData* dextkit_VirtualHIDPointing::newReportDescriptor() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " newReportDescriptor");
    return OSData::withBytes(dextkit_pointing_report_descriptor,
                             sizeof(dextkit_pointing_report_descriptor));
}

bool dextkit_VirtualHIDPointing::isReady() {
    return ivars->ready;
}

kern_return_t dextkit_VirtualHIDPointing::postInputReport(const uint8_t* bytes, size_t size) {
    const kern_return_t result = dextkit::fillReportBuffer(ivars->reportBuffer, bytes, size);
    if (result != kIOReturnSuccess) {
        return result;
    }
    return handleReport(mach_absolute_time(), ivars->reportBuffer, static_cast<uint32_t>(size),
                        kIOHIDReportTypeInput, 0);
}
