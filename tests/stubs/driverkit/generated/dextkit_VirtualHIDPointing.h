// Stub of what iig generates from dext/driver/dextkit_VirtualHIDPointing.iig (declarations only).
// tests/dext_glue_compile_test.ts checks that it matches the .iig.
#pragma once

#include <DriverKit/IOService.h>
#include <HIDDriverKit/IOUserHIDDevice.h>

#define dextkit_VirtualHIDPointing_Stop_Args IOService* provider

struct dextkit_VirtualHIDPointing_IVars;
struct dextkit_VirtualHIDPointing_LocalIVars;

extern OSMetaClass* gdextkit_VirtualHIDPointingMetaClass;

class dextkit_VirtualHIDPointing : public IOUserHIDDevice {
public:
    union {
        dextkit_VirtualHIDPointing_IVars* ivars;
        dextkit_VirtualHIDPointing_LocalIVars* lvars;
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
    virtual bool isReady();
    virtual kern_return_t postInputReport(const uint8_t* bytes, size_t size);
};
