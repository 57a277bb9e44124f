// Stub: memory, locks and time.
#pragma once

#include <stddef.h>
#include <stdint.h>

void* IOMalloc(size_t length);
void* IOMallocZero(size_t length);
void IOFree(void* address, size_t length);

#define IONewZero(type, count) (static_cast<type*>(IOMallocZero(sizeof(type) * (count))))
#define IOSafeDeleteNULL(ptr, type, count)         \
    do {                                           \
        if (ptr) {                                 \
            IOFree((ptr), sizeof(type) * (count)); \
            (ptr) = nullptr;                       \
        }                                          \
    } while (0)

struct IOLock;
typedef struct IOLock IOLock;
IOLock* IOLockAlloc(void);
void IOLockFree(IOLock* lock);
void IOLockLock(IOLock* lock);
void IOLockUnlock(IOLock* lock);

uint64_t mach_absolute_time(void);
