#include "dextkit_VirtualHIDKeyboard.h"

#include <DriverKit/DriverKit.h>
#include <HIDDriverKit/HIDDriverKit.h>
#include <HIDDriverKit/IOHIDUsageTables.h>
#include <os/log.h>

#include "device_description.hpp"
#include "dextkit/protocol.h"
#include "dextkit_VirtualHIDDeviceUserClient.h"
#include "mapped_memory.hpp"
#include "report_buffer.hpp"

#define LOG_PREFIX "dextkit_VirtualHIDKeyboard " DEXTKIT_DRIVER_VERSION_STRING

struct dextkit_VirtualHIDKeyboard_IVars {
    // The user client that created this keyboard; null once either of them stopped.
    dextkit_VirtualHIDDeviceUserClient* userClient;
    IOBufferMemoryDescriptor* reportBuffer;
    bool ready;
};

bool dextkit_VirtualHIDKeyboard::init() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " init");
    if (!super::init()) {
        return false;
    }
    ivars = IONewZero(dextkit_VirtualHIDKeyboard_IVars, 1);
    if (ivars == nullptr) {
        return false;
    }
    return dextkit::createReportBuffer(&ivars->reportBuffer) == kIOReturnSuccess;
}

void dextkit_VirtualHIDKeyboard::free() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " free");
    if (ivars != nullptr) {
        OSSafeReleaseNULL(ivars->reportBuffer);
    }
    IOSafeDeleteNULL(ivars, dextkit_VirtualHIDKeyboard_IVars, 1);
    super::free();
}

bool dextkit_VirtualHIDKeyboard::handleStart(IOService* provider) {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " handleStart");
    // Set first: newDeviceDescription reads the keyboard parameters through it.
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

kern_return_t IMPL(dextkit_VirtualHIDKeyboard, Stop) {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " Stop");
    // IOKit stops a provider's clients first, so this may run before the user client's Stop:
    // release every key while this device can still deliver the empty reports.
    if (ivars->userClient != nullptr) {
        ivars->userClient->releaseEverything();
        ivars->userClient = nullptr;
    }
    ivars->ready = false;
    return Stop(provider, SUPERDISPATCH);
}

OSDictionary* dextkit_VirtualHIDKeyboard::newDeviceDescription() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " newDeviceDescription");
    if (ivars->userClient == nullptr) {
        return nullptr;
    }
    dextkit::DeviceDescription description = {};
    description.product = "dextkit VirtualHIDKeyboard " DEXTKIT_DRIVER_VERSION_STRING;
    description.serialNumber = "dextkit:VirtualHIDKeyboard";
    ivars->userClient->copyKeyboardParameters(&description.vendorId, &description.productId,
                                              &description.countryCode);
    description.primaryUsagePage = kHIDPage_GenericDesktop;
    description.primaryUsage = kHIDUsage_GD_Keyboard;
    description.appleVendorSupported = true;
    return dextkit::createDeviceDescription(description);
}

OSData* dextkit_VirtualHIDKeyboard::newReportDescriptor() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " newReportDescriptor");
    return OSData::withBytes(dextkit_keyboard_report_descriptor,
                             sizeof(dextkit_keyboard_report_descriptor));
}

kern_return_t dextkit_VirtualHIDKeyboard::setReport(IOMemoryDescriptor* report,
                                                    IOHIDReportType reportType, IOOptionBits,
                                                    uint32_t, OSAction*) {
    // The only report the host sends is the LED output report (id 5); the core validates it
    // (a null or short report is rejected) and mirrors the LED bits as input report 6.
    if (reportType != kIOHIDReportTypeOutput) {
        return kIOReturnUnsupported;
    }
    dextkit::MappedMemory mapped;
    if (report != nullptr) {
        const kern_return_t result = mapped.map(report);
        if (result != kIOReturnSuccess) {
            return result;
        }
    }
    if (ivars->userClient == nullptr) {
        return kIOReturnNotAttached;
    }
    return ivars->userClient->handleLedOutputReport(mapped.bytes(), mapped.size());
}

bool dextkit_VirtualHIDKeyboard::isReady() {
    return ivars->ready;
}

kern_return_t dextkit_VirtualHIDKeyboard::postInputReport(const uint8_t* bytes, size_t size) {
    const kern_return_t result = dextkit::fillReportBuffer(ivars->reportBuffer, bytes, size);
    if (result != kIOReturnSuccess) {
        return result;
    }
    return handleReport(mach_absolute_time(), ivars->reportBuffer, static_cast<uint32_t>(size),
                        kIOHIDReportTypeInput, 0);
}
