// Stub: the HIDDriverKit umbrella header.
#pragma once

#include <HIDDriverKit/IOHIDDevice.h>
#include <HIDDriverKit/IOHIDDeviceKeys.h>
#include <HIDDriverKit/IOHIDDeviceTypes.h>
#include <HIDDriverKit/IOHIDUsageTables.h>
#include <HIDDriverKit/IOUserHIDDevice.h>
