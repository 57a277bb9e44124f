// Stub of what iig generates from dext/driver/dextkit_VirtualHIDKeyboard.iig (declarations only).
// tests/dext_glue_compile_test.ts checks that it matches the .iig.
#pragma once

#include <DriverKit/IOService.h>
#include <HIDDriverKit/IOUserHIDDevice.h>

#define dextkit_VirtualHIDKeyboard_Stop_Args IOService* provider

struct dextkit_VirtualHIDKeyboard_IVars;
struct dextkit_VirtualHIDKeyboard_LocalIVars;

extern OSMetaClass* gdextkit_VirtualHIDKeyboardMetaClass;

class dextkit_VirtualHIDKeyboard : public IOUserHIDDevice {
public:
    union {
        dextkit_VirtualHIDKeyboard_IVars* ivars;
        dextkit_VirtualHIDKeyboard_LocalIVars* lvars;
    };
    using super = IOUserHIDDevice;

protected:
    kern_return_t Stop_Impl(IOService_Stop_Args);

public:
    virtual bool init() override;
    virtual void free() override;
    virtual bool handleStart(IOService* provider) override;
    virtual OSDictionary* newDeviceDescription() override;
    virtual OSData* newReportDescriptor() override;
    virtual kern_return_t setReport(IOMemoryDescriptor* report, IOHIDReportType reportType,
                                    IOOptionBits options, uint32_t completionTimeout,
                                    OSAction* action) override;
    virtual bool isReady();
    virtual kern_return_t postInputReport(const uint8_t* bytes, size_t size);
};
