// Stub: IOUserClient and the arguments of ExternalMethod.
#pragma once

#include <DriverKit/IOMemoryDescriptor.h>
#include <DriverKit/IOService.h>
#include <DriverKit/OSContainers.h>

struct IOUserClientMethodArguments {
    uint64_t version;
    uint64_t selector;
    OSAction* completion;
    const uint64_t* scalarInput;
    uint32_t scalarInputCount;
    OSData* structureInput;
    IOMemoryDescriptor* structureInputDescriptor;
    uint64_t* scalarOutput;
    uint32_t scalarOutputCount;
    OSData* structureOutput;
    IOMemoryDescriptor* structureOutputDescriptor;
    uint64_t structureOutputMaximumSize;
    uint64_t __reserved[30];
};

struct IOUserClientMethodDispatch;

class IOUserClient : public IOService {
public:
    using super = IOService;
    static kern_return_t _Dispatch(OSMetaClassBase* self, const IORPC rpc);

    bool init() override;
    void free() override;
    virtual kern_return_t ExternalMethod(uint64_t selector, IOUserClientMethodArguments* arguments,
                                         const IOUserClientMethodDispatch* dispatch,
                                         OSObject* target, void* reference);
};

extern OSMetaClass* gIOUserClientMetaClass;
