#include "dextkit_VirtualHIDDeviceUserClient.h"

#include <DriverKit/DriverKit.h>
#include <os/log.h>

#include <new>

#include "dextkit/protocol.h"
#include "dextkit_VirtualHIDKeyboard.h"
#include "dextkit_VirtualHIDPointing.h"
#include "mapped_memory.hpp"
#include "user_client_core.hpp"

#define LOG_PREFIX "dextkit_VirtualHIDDeviceUserClient " DEXTKIT_DRIVER_VERSION_STRING

// The Info.plist keys (inside UserClientProperties) of the dictionaries Create() turns into the
// devices. The devices are children of this user client, so they go away with the connection.
static const char* const kKeyboardPropertiesKey = "VirtualHIDKeyboardProperties";
static const char* const kPointingPropertiesKey = "VirtualHIDPointingProperties";

// The core's DeviceHost and ReportSink (function tables over these methods; no virtual functions,
// see dext/core/report_sink.hpp). The lock serializes the core: the user client's methods and the
// keyboard's setReport run on different dispatch queues.
struct dextkit_VirtualHIDDeviceUserClient_IVars final {
    explicit dextkit_VirtualHIDDeviceUserClient_IVars(dextkit_VirtualHIDDeviceUserClient* client)
        : owner(client), core(dextkit::ReportSink::of(*this), dextkit::DeviceHost::of(*this)) {}

    int32_t createKeyboard(const dextkit::KeyboardParameters& parameters);
    int32_t createPointing();
    bool keyboardReady() const { return keyboard != nullptr && keyboard->isReady(); }
    bool pointingReady() const { return pointing != nullptr && pointing->isReady(); }
    void removeDevices();
    int32_t postKeyboardReport(const uint8_t* bytes, size_t size);
    int32_t postPointingReport(const uint8_t* bytes, size_t size);

    dextkit_VirtualHIDDeviceUserClient* const owner;
    IOLock* lock = nullptr;
    dextkit_VirtualHIDKeyboard* keyboard = nullptr;
    dextkit_VirtualHIDPointing* pointing = nullptr;
    // Set before the keyboard is created: its newDeviceDescription reads them during Create(),
    // while ExternalMethod still holds the lock, so they are read without it.
    dextkit::KeyboardParameters keyboardParameters;
    dextkit::UserClientCore core;
};

using UserClientIVars = dextkit_VirtualHIDDeviceUserClient_IVars;

namespace {

class LockGuard {
public:
    explicit LockGuard(IOLock* lock) : lock_(lock) { IOLockLock(lock_); }
    ~LockGuard() { IOLockUnlock(lock_); }
    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;

private:
    IOLock* const lock_;
};

// Undoes IOService::Create for a child of the wrong class.
void discardChild(IOService* child) {
    child->Terminate(0);
    child->release();
}

}  // namespace

int32_t UserClientIVars::createKeyboard(const dextkit::KeyboardParameters& parameters) {
    keyboardParameters = parameters;
    IOService* child = nullptr;
    kern_return_t result = owner->Create(owner, kKeyboardPropertiesKey, &child);
    if (result == kIOReturnSuccess) {
        keyboard = OSDynamicCast(dextkit_VirtualHIDKeyboard, child);
        if (keyboard == nullptr) {
            discardChild(child);
            result = kIOReturnError;
        }
    }
    if (result != kIOReturnSuccess) {
        os_log(OS_LOG_DEFAULT, LOG_PREFIX " keyboard creation failed: 0x%x", result);
    }
    return result;
}

int32_t UserClientIVars::createPointing() {
    IOService* child = nullptr;
    kern_return_t result = owner->Create(owner, kPointingPropertiesKey, &child);
    if (result == kIOReturnSuccess) {
        pointing = OSDynamicCast(dextkit_VirtualHIDPointing, child);
        if (pointing == nullptr) {
            discardChild(child);
            result = kIOReturnError;
        }
    }
    if (result != kIOReturnSuccess) {
        os_log(OS_LOG_DEFAULT, LOG_PREFIX " pointing device creation failed: 0x%x", result);
    }
    return result;
}

void UserClientIVars::removeDevices() {
    // Terminate(0) is asynchronous: it returns before the devices' Stop, which takes the lock,
    // runs. The references are kept until free(): a device may still be finishing its Stop.
    if (keyboard != nullptr) {
        keyboard->Terminate(0);
    }
    if (pointing != nullptr) {
        pointing->Terminate(0);
    }
}

// The core only posts to a device it created and saw ready; the null checks keep a broken
// invariant from becoming a crash of the whole driver process.
int32_t UserClientIVars::postKeyboardReport(const uint8_t* bytes, size_t size) {
    return keyboard == nullptr ? kIOReturnNotAttached : keyboard->postInputReport(bytes, size);
}

int32_t UserClientIVars::postPointingReport(const uint8_t* bytes, size_t size) {
    return pointing == nullptr ? kIOReturnNotAttached : pointing->postInputReport(bytes, size);
}

bool dextkit_VirtualHIDDeviceUserClient::init() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " init");
    if (!super::init()) {
        return false;
    }
    void* storage = IOMallocZero(sizeof(UserClientIVars));
    if (storage == nullptr) {
        return false;
    }
    ivars = new (storage) UserClientIVars(this);
    ivars->lock = IOLockAlloc();
    return ivars->lock != nullptr;
}

void dextkit_VirtualHIDDeviceUserClient::free() {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " free");
    if (ivars != nullptr) {
        OSSafeReleaseNULL(ivars->keyboard);
        OSSafeReleaseNULL(ivars->pointing);
        if (ivars->lock != nullptr) {
            IOLockFree(ivars->lock);
        }
        ivars->~UserClientIVars();
        IOFree(ivars, sizeof(UserClientIVars));
        ivars = nullptr;
    }
    super::free();
}

kern_return_t IMPL(dextkit_VirtualHIDDeviceUserClient, Start) {
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " Start");
    const kern_return_t result = Start(provider, SUPERDISPATCH);
    if (result != kIOReturnSuccess) {
        os_log(OS_LOG_DEFAULT, LOG_PREFIX " Start failed: 0x%x", result);
    }
    return result;
}

kern_return_t IMPL(dextkit_VirtualHIDDeviceUserClient, Stop) {
    // The connection closed or its process died. IOServiceClose only started the termination
    // (IOUserUserClient::clientClose); this Stop runs later, usually while the devices below are
    // still active, and they stop afterwards (macos-corrections.md item 4). The order is not
    // relied on: whichever Stop comes first releases every key and button.
    os_log(OS_LOG_DEFAULT, LOG_PREFIX " Stop");
    releaseEverything();
    return Stop(provider, SUPERDISPATCH);
}

kern_return_t dextkit_VirtualHIDDeviceUserClient::ExternalMethod(
    uint64_t selector, IOUserClientMethodArguments* arguments, const IOUserClientMethodDispatch*,
    OSObject*, void*) {
    const void* structInput = nullptr;
    size_t structInputSize = 0;
    // IOKit passes small structures as OSData and large ones (over 4096 bytes) as a descriptor;
    // no valid report is that large, but the core must see the real size to reject it.
    dextkit::MappedMemory mapped;
    if (arguments->structureInput != nullptr) {
        structInput = arguments->structureInput->getBytesNoCopy();
        structInputSize = arguments->structureInput->getLength();
    } else if (arguments->structureInputDescriptor != nullptr) {
        const kern_return_t result = mapped.map(arguments->structureInputDescriptor);
        if (result != kIOReturnSuccess) {
            return result;
        }
        structInput = mapped.bytes();
        structInputSize = mapped.size();
    }
    LockGuard guard(ivars->lock);
    return ivars->core.externalMethod(selector, arguments->scalarInput, arguments->scalarInputCount,
                                      structInput, structInputSize, arguments->scalarOutput,
                                      &arguments->scalarOutputCount);
}

void dextkit_VirtualHIDDeviceUserClient::copyKeyboardParameters(uint32_t* vendorId,
                                                                uint32_t* productId,
                                                                uint32_t* countryCode) {
    *vendorId = ivars->keyboardParameters.vendorId;
    *productId = ivars->keyboardParameters.productId;
    *countryCode = ivars->keyboardParameters.countryCode;
}

kern_return_t dextkit_VirtualHIDDeviceUserClient::handleLedOutputReport(const uint8_t* bytes,
                                                                        size_t size) {
    LockGuard guard(ivars->lock);
    return ivars->core.onLedOutputReport(bytes, size);
}

void dextkit_VirtualHIDDeviceUserClient::releaseEverything() {
    // Called from this user client's Stop and from each device's Stop, in whatever order they
    // come; the core runs its release only once, so any order releases exactly once.
    LockGuard guard(ivars->lock);
    if (!ivars->core.stopped()) {
        os_log(OS_LOG_DEFAULT, LOG_PREFIX " releasing every key and button");
        ivars->core.stop();
    }
}
