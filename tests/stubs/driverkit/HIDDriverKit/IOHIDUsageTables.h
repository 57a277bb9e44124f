// Stub: the usage pages and usages the glue publishes as primary usage.
#pragma once

enum {
    kHIDPage_GenericDesktop = 0x01,
};

enum {
    kHIDUsage_GD_Mouse = 0x02,
    kHIDUsage_GD_Keyboard = 0x06,
};
