// Stub of what iig generates from dext/driver/dextkit_VirtualHIDDeviceUserClient.iig
// (declarations only). tests/dext_glue_compile_test.ts checks that it matches the .iig.
#pragma once

#include <DriverKit/IOUserClient.h>

#define dextkit_VirtualHIDDeviceUserClient_Start_Args IOService* provider
#define dextkit_VirtualHIDDeviceUserClient_Stop_Args IOService* provider

struct dextkit_VirtualHIDDeviceUserClient_IVars;
struct dextkit_VirtualHIDDeviceUserClient_LocalIVars;

extern OSMetaClass* gdextkit_VirtualHIDDeviceUserClientMetaClass;

class dextkit_VirtualHIDDeviceUserClient : public IOUserClient {
public:
    union {
        dextkit_VirtualHIDDeviceUserClient_IVars* ivars;
        dextkit_VirtualHIDDeviceUserClient_LocalIVars* lvars;
    };
    using super = IOUserClient;

protected:
    kern_return_t Start_Impl(IOService_Start_Args);
    kern_return_t Stop_Impl(IOService_Stop_Args);

public:
    virtual bool init() override;
    virtual void free() override;
    virtual kern_return_t ExternalMethod(uint64_t selector, IOUserClientMethodArguments* arguments,
                                         const IOUserClientMethodDispatch* dispatch,
                                         OSObject* target, void* reference) override;
    virtual void copyKeyboardParameters(uint32_t* vendorId, uint32_t* productId,
                                        uint32_t* countryCode);
    virtual kern_return_t handleLedOutputReport(const uint8_t* bytes, size_t size);
    virtual void releaseEverything();
};
