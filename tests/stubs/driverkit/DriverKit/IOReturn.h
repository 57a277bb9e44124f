// Stub: kern_return_t and the IOReturn codes the glue returns.
#pragma once

#include <stdint.h>

typedef int kern_return_t;
typedef kern_return_t IOReturn;

#define kIOReturnSuccess 0
#define kIOReturnError ((IOReturn)0xe00002bc)
#define kIOReturnNoMemory ((IOReturn)0xe00002bd)
#define kIOReturnBadArgument ((IOReturn)0xe00002c2)
#define kIOReturnUnsupported ((IOReturn)0xe00002c7)
#define kIOReturnNotOpen ((IOReturn)0xe00002cd)
#define kIOReturnNotReady ((IOReturn)0xe00002d8)
#define kIOReturnNotAttached ((IOReturn)0xe00002d9)
#define kIOReturnNotPermitted ((IOReturn)0xe00002e2)
