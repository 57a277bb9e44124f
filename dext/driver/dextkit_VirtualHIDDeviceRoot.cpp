#include "dextkit_VirtualHIDDeviceRoot.h"

#include <DriverKit/DriverKit.h>
#include <os/log.h>

#include "dextkit/protocol.h"

#define LOG_PREFIX "dextkit_VirtualHIDDeviceRoot " DEXTKIT_DRIVER_VERSION_STRING

// The Info.plist key of the dictionary Create() turns into a user client.
static const char* const kUserClientPropertiesKey = "UserClientProperties";

kern_return_t IMPL(dextkit_VirtualHIDDeviceRoot, Start) {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " Start");
    const kern_return_t result = Start(provider, SUPERDISPATCH);
    if (result != kIOReturnSuccess) {
        os_log(OS_LOG_DEFAULT, LOG_PREFIX " Start failed: 0x%x", result);
        Stop(provider, SUPERDISPATCH);
        return result;
    }
    // Registering makes the root findable by IOServiceNameMatching(IOUserClass).
    return RegisterService();
}

kern_return_t IMPL(dextkit_VirtualHIDDeviceRoot, Stop) {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " Stop");
    return Stop(provider, SUPERDISPATCH);
}

kern_return_t IMPL(dextkit_VirtualHIDDeviceRoot, NewUserClient) {
    // Every connection gets its own user client and therefore its own devices; `type` carries
    // no meaning for this driver.
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " NewUserClient type:%u", type);
    IOService* service = nullptr;
    const kern_return_t result = Create(this, kUserClientPropertiesKey, &service);
    if (result != kIOReturnSuccess) {
        os_log(OS_LOG_DEFAULT, LOG_PREFIX " Create user client failed: 0x%x", result);
        return result;
    }
    *userClient = OSDynamicCast(IOUserClient, service);
    if (*userClient == nullptr) {
        os_log(OS_LOG_DEFAULT, LOG_PREFIX " UserClientProperties did not create an IOUserClient");
        service->Terminate(0);
        service->release();
        return kIOReturnError;
    }
    return kIOReturnSuccess;
}
