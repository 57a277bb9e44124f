// Stub: IOHIDDevice (LOCALONLY methods are plain virtual methods).
#pragma once

#include <DriverKit/IOMemoryDescriptor.h>
#include <DriverKit/IOService.h>
#include <DriverKit/IOTypes.h>
#include <HIDDriverKit/IOHIDDeviceTypes.h>

class IOHIDDevice : public IOService {
public:
    using super = IOService;
    static kern_return_t _Dispatch(OSMetaClassBase* self, const IORPC rpc);

    virtual kern_return_t handleReport(uint64_t timestamp, IOMemoryDescriptor* report,
                                       uint32_t reportLength,
                                       IOHIDReportType reportType = kIOHIDReportTypeInput,
                                       IOOptionBits options = 0);
    virtual kern_return_t getReport(IOMemoryDescriptor* report, IOHIDReportType reportType,
                                    IOOptionBits options, uint32_t completionTimeout,
                                    OSAction* action);
    virtual kern_return_t setReport(IOMemoryDescriptor* report, IOHIDReportType reportType,
                                    IOOptionBits options, uint32_t completionTimeout,
                                    OSAction* action);
    // LOCALONLY in IOHIDDevice.iig: completes a getReport/setReport action.
    virtual void CompleteReport(OSAction* action, IOReturn status, uint32_t actualByteCount);
};

extern OSMetaClass* gIOHIDDeviceMetaClass;
