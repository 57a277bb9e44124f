#include "dextkit_VirtualHIDKeyboard.h"

#include <DriverKit/DriverKit.h>
#include <HIDDriverKit/HIDDriverKit.h>
#include <os/log.h>

#include "device_description.hpp"
#include "dextkit/protocol.h"
#include "dextkit_VirtualHIDDeviceUserClient.h"
#include "mapped_memory.hpp"
#include "set_report.hpp"
#include "virtual_device.hpp"

#define LOG_PREFIX "dextkit_VirtualHIDKeyboard " DEXTKIT_DRIVER_VERSION_STRING

struct dextkit_VirtualHIDKeyboard_IVars {
    dextkit::VirtualDeviceState state;
};

bool dextkit_VirtualHIDKeyboard::init() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " init");
    if (!super::init()) {
        return false;
    }
    ivars = IONewZero(dextkit_VirtualHIDKeyboard_IVars, 1);
    return ivars != nullptr;
}

void dextkit_VirtualHIDKeyboard::free() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " free");
    if (ivars != nullptr) {
        OSSafeReleaseNULL(ivars->state.reportBuffer);
    }
    IOSafeDeleteNULL(ivars, dextkit_VirtualHIDKeyboard_IVars, 1);
    super::free();
}

bool dextkit_VirtualHIDKeyboard::handleStart(IOService* provider) {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " handleStart");
    // First: newDeviceDescription, which IOUserHIDDevice::Start calls after handleStart, reads
    // the keyboard parameters through the user client.
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

kern_return_t IMPL(dextkit_VirtualHIDKeyboard, Stop) {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " Stop");
    dextkit::stopVirtualDevice(ivars->state);
    return Stop(provider, SUPERDISPATCH);
}

OSDictionary* dextkit_VirtualHIDKeyboard::newDeviceDescription() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " newDeviceDescription");
    dextkit_VirtualHIDDeviceUserClient* const userClient = ivars->state.userClient;
    if (userClient == nullptr) {
        return nullptr;
    }
    uint32_t vendorId = 0;
    uint32_t productId = 0;
    uint32_t countryCode = 0;
    userClient->copyKeyboardParameters(&vendorId, &productId, &countryCode);
    return dextkit::createDeviceDescription(dextkit::VirtualDeviceKind::Keyboard, vendorId,
                                            productId, countryCode);
}

OSData* dextkit_VirtualHIDKeyboard::newReportDescriptor() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " newReportDescriptor");
    return OSData::withBytes(dextkit_keyboard_report_descriptor,
                             sizeof(dextkit_keyboard_report_descriptor));
}

kern_return_t dextkit_VirtualHIDKeyboard::setReport(IOMemoryDescriptor* report,
                                                    IOHIDReportType reportType, IOOptionBits,
                                                    uint32_t, OSAction* action) {
    // The only report the host sends is the LED output report (id 5); the core validates it and
    // mirrors the LED bits as input report 6. handleSetReport (dext/core/set_report.hpp, also
    // run by the fake IOKit) completes the action on every path.
    dextkit::MappedMemory mapped;
    const kern_return_t mapResult = report == nullptr ? kIOReturnSuccess : mapped.map(report);
    dextkit_VirtualHIDDeviceUserClient* const userClient = ivars->state.userClient;
    return dextkit::handleSetReport(
        static_cast<uint32_t>(reportType), mapResult, mapped.bytes(), mapped.size(),
        [userClient](const uint8_t* bytes, size_t size) -> int32_t {
            return userClient == nullptr ? kIOReturnNotAttached
                                         : userClient->handleLedOutputReport(bytes, size);
        },
        [this, action](int32_t status, uint32_t length) {
            // A request without an action has nothing to complete.
            if (action != nullptr) {
                CompleteReport(action, status, length);
            }
        });
}

bool dextkit_VirtualHIDKeyboard::isReady() {
    return ivars->state.ready;
}

kern_return_t dextkit_VirtualHIDKeyboard::postInputReport(const uint8_t* bytes, size_t size) {
    return dextkit::postVirtualDeviceReport(this, ivars->state, bytes, size);
}
