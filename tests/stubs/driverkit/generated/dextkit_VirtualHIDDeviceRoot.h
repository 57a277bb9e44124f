// Stub of what iig generates from dext/driver/dextkit_VirtualHIDDeviceRoot.iig (declarations only).
// tests/dext_glue_compile_test.ts checks that it matches the .iig.
#pragma once

#include <DriverKit/IOService.h>

#define dextkit_VirtualHIDDeviceRoot_Start_Args IOService* provider
#define dextkit_VirtualHIDDeviceRoot_Stop_Args IOService* provider
#define dextkit_VirtualHIDDeviceRoot_NewUserClient_Args uint32_t type, IOUserClient **userClient

struct dextkit_VirtualHIDDeviceRoot_IVars;
struct dextkit_VirtualHIDDeviceRoot_LocalIVars;

extern OSMetaClass* gdextkit_VirtualHIDDeviceRootMetaClass;

class dextkit_VirtualHIDDeviceRoot : public IOService {
public:
    union {
        dextkit_VirtualHIDDeviceRoot_IVars* ivars;
        dextkit_VirtualHIDDeviceRoot_LocalIVars* lvars;
    };
    using super = IOService;

protected:
    kern_return_t Start_Impl(IOService_Start_Args);
    kern_return_t Stop_Impl(IOService_Stop_Args);
    kern_return_t NewUserClient_Impl(IOService_NewUserClient_Args);
};
