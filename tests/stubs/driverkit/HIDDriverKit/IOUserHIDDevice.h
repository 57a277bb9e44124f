// Stub: IOUserHIDDevice. Subclasses override handleStart, newDeviceDescription and
// newReportDescriptor; they must not override Start.
#pragma once

#include <DriverKit/OSContainers.h>
#include <HIDDriverKit/IOHIDDevice.h>

#define IOUserHIDDevice_Start_Args IOService* provider

class IOUserHIDDevice : public IOHIDDevice {
public:
    using super = IOHIDDevice;
    static kern_return_t _Dispatch(OSMetaClassBase* self, const IORPC rpc);

    virtual bool handleStart(IOService* provider);
    virtual OSDictionary* newDeviceDescription();
    virtual OSData* newReportDescriptor();

protected:
    kern_return_t Start_Impl(IOService_Start_Args);
};

extern OSMetaClass* gIOUserHIDDeviceMetaClass;
