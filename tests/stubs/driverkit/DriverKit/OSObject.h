// Stub: the object root, casts, reference counting and the macros IIG-generated code uses.
#pragma once

#include <DriverKit/IOReturn.h>
#include <stddef.h>
#include <stdint.h>

struct IORPC {
    void* message;
    void* reply;
};

class OSMetaClass;
class OSMetaClassBase;

typedef kern_return_t (*OSDispatchMethod)(OSMetaClassBase* self, const IORPC rpc);

class OSMetaClassBase {
public:
    virtual ~OSMetaClassBase();
    static OSMetaClassBase* safeMetaCast(const OSMetaClassBase* object, const OSMetaClass* type);
    void retain() const;
    void release() const;
};

class OSObject : public OSMetaClassBase {
public:
    static kern_return_t _Dispatch(OSMetaClassBase* self, const IORPC rpc);
    virtual bool init();
    virtual void free();
};

extern OSMetaClass* gOSObjectMetaClass;

// Like the SDK's, the cast pastes the class name, so it needs a class with generated metadata.
#define OSDynamicCast(type, inst) \
    (static_cast<type*>(OSMetaClassBase::safeMetaCast((inst), g##type##MetaClass)))

#define OSSafeReleaseNULL(inst) \
    do {                        \
        if (inst) {             \
            (inst)->release();  \
            (inst) = nullptr;   \
        }                       \
    } while (0)

// An implementation of a message (a method IIG dispatches): Class::Method_Impl(Class_Method_Args).
#define IMPL(ClassName, MethodName) ClassName::MethodName##_Impl(ClassName##_##MethodName##_Args)

// Calls the superclass's implementation of a message.
#define SUPERDISPATCH (&super::_Dispatch)
