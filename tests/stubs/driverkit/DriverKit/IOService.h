// Stub: IOService. Messages are non-virtual and dispatch through `supermethod`; an override in
// a subclass is its Method_Impl, declared by that subclass's generated header.
#pragma once

#include <DriverKit/OSObject.h>

class IOUserClient;

#define IOService_Start_Args IOService* provider
#define IOService_Stop_Args IOService* provider
#define IOService_NewUserClient_Args uint32_t type, IOUserClient **userClient

class IOService : public OSObject {
public:
    using super = OSObject;
    static kern_return_t _Dispatch(OSMetaClassBase* self, const IORPC rpc);

    bool init() override;
    void free() override;

    kern_return_t Start(IOService* provider, OSDispatchMethod supermethod = nullptr);
    kern_return_t Stop(IOService* provider, OSDispatchMethod supermethod = nullptr);
    kern_return_t RegisterService(OSDispatchMethod supermethod = nullptr);
    kern_return_t NewUserClient(uint32_t type, IOUserClient** userClient,
                                OSDispatchMethod supermethod = nullptr);
    kern_return_t Create(IOService* provider, const char* propertiesKey, IOService** result,
                         OSDispatchMethod supermethod = nullptr);
    kern_return_t Terminate(uint64_t options, OSDispatchMethod supermethod = nullptr);

protected:
    kern_return_t Start_Impl(IOService_Start_Args);
    kern_return_t Stop_Impl(IOService_Stop_Args);
};

extern OSMetaClass* gIOServiceMetaClass;
