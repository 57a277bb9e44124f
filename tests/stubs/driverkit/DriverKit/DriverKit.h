// Stub: the DriverKit umbrella header.
#pragma once

#include <DriverKit/IOLib.h>
#include <DriverKit/IOMemoryDescriptor.h>
#include <DriverKit/IOReturn.h>
#include <DriverKit/IOService.h>
#include <DriverKit/IOTypes.h>
#include <DriverKit/IOUserClient.h>
#include <DriverKit/OSContainers.h>
#include <DriverKit/OSObject.h>
