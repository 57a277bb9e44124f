// The driver's user client without DriverKit: one instance per IOServiceOpen.
//
// It dispatches selectors to handlers, validates every call against the shape table in
// dextkit/protocol.h, keeps the connection's device state, mirrors the host's LED state, and
// releases every pressed key and button when the client goes away, before its devices are removed.
//
// Return codes (see DEXTKIT_RETURN_* in dextkit/protocol.h), checked in this order:
//   1. BAD_ARGUMENT: unknown selector, argument shape, report id/size, parameter out of range.
//   2. NOT_ATTACHED: stop() has run.
//   3. NOT_OPEN: the device was not initialized on this connection (post, reset, LED state).
//   4. BUSY: the device was initialized but has not started yet (post, reset). Never
//      kIOReturnNotReady: the kernel returns that when the dext is gone (macos-corrections.md
//      item 3), so a client reads it as "connection lost".
//   5. STILL_OPEN: keyboard initialize again with different parameters (the same parameters
//      succeed and change nothing); the keyboard keeps its first parameters for the life of the
//      connection, so a client that wants others closes the connection and opens a new one.
//   Otherwise the DeviceHost's or ReportSink's result.
//
// Not thread-safe: the host serializes calls (DriverKit runs one object's methods on its queue).
// Allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>

#include "device_host.hpp"
#include "dextkit/protocol.h"
#include "keyboard_parameters.hpp"
#include "method_arguments.hpp"
#include "pressed_reports.hpp"
#include "report_sink.hpp"

namespace dextkit {

// What selectors 0 and 10 report. The defaults are the values in dextkit/protocol.h; the fake
// overrides them to test version handshakes.
struct CoreConfig {
    uint32_t driverVersion = DEXTKIT_DRIVER_VERSION_NUMBER;
    uint32_t protocolVersion = DEXTKIT_PROTOCOL_VERSION;
    uint32_t capabilities = DEXTKIT_DRIVER_CAPABILITIES;
};

class UserClientCore {
public:
    UserClientCore(ReportSink sink, DeviceHost host, CoreConfig config = CoreConfig());

    UserClientCore(const UserClientCore&) = delete;
    UserClientCore& operator=(const UserClientCore&) = delete;

    // One IOConnectCall*. On success *scalarOutputCount is set to the selector's output count;
    // on failure to 0 (when not null).
    int32_t externalMethod(uint64_t selector, const uint64_t* scalarInput,
                           uint32_t scalarInputCount, const void* structInput,
                           size_t structInputSize, uint64_t* scalarOutput,
                           uint32_t* scalarOutputCount);

    // The host's output report to the keyboard (IOUserHIDDevice::setReport). Null or shorter
    // than 2 bytes: BAD_ARGUMENT; an id other than 5: UNSUPPORTED; no keyboard: NOT_OPEN.
    // Keeps the LED bits (DEXTKIT_LED_STATE_MASK) and, when they changed, posts the input report
    // [6, state]; returns that post's result.
    int32_t onLedOutputReport(const uint8_t* bytes, size_t size);

    // The client went away (IOServiceClose, client death, driver stop). Posts the all-zero report
    // of every keyboard report id that still holds something pressed and, if a button is down,
    // the all-zero pointing report; then asks the DeviceHost to remove the devices. Runs once;
    // every later call returns NOT_ATTACHED.
    void stop();

    bool stopped() const { return stopped_; }
    bool keyboardInitialized() const { return keyboardInitialized_; }
    bool pointingInitialized() const { return pointingInitialized_; }
    const KeyboardParameters& keyboardParameters() const { return keyboardParameters_; }
    uint8_t ledState() const { return ledState_; }
    const PressedReports& pressed() const { return pressed_; }

private:
    using Handler = int32_t (UserClientCore::*)(const MethodArguments&);
    static const Handler handlers_[DEXTKIT_SELECTOR_COUNT];

    int32_t driverVersion(const MethodArguments& arguments);
    int32_t keyboardInitialize(const MethodArguments& arguments);
    int32_t keyboardReady(const MethodArguments& arguments);
    int32_t keyboardPostReport(const MethodArguments& arguments);
    int32_t keyboardReset(const MethodArguments& arguments);
    int32_t pointingInitialize(const MethodArguments& arguments);
    int32_t pointingReady(const MethodArguments& arguments);
    int32_t pointingPostReport(const MethodArguments& arguments);
    int32_t pointingReset(const MethodArguments& arguments);
    int32_t keyboardLedState(const MethodArguments& arguments);
    int32_t capabilities(const MethodArguments& arguments);

    int32_t keyboardUsable() const;
    int32_t pointingUsable() const;
    int32_t postKeyboard(const uint8_t* bytes, size_t size);
    int32_t postPointing(const uint8_t* bytes, size_t size);
    int32_t postEmptyKeyboardReport(uint8_t reportId);
    int32_t postEmptyPointingReport();

    const ReportSink sink_;
    const DeviceHost host_;
    const CoreConfig config_;
    KeyboardParameters keyboardParameters_;
    PressedReports pressed_;
    bool keyboardInitialized_ = false;
    bool pointingInitialized_ = false;
    bool stopped_ = false;
    uint8_t ledState_ = 0;
};

}  // namespace dextkit
