#include "user_client_core.hpp"

#include "argument_validation.hpp"

namespace dextkit {

const UserClientCore::Handler UserClientCore::handlers_[DEXTKIT_SELECTOR_COUNT] = {
    &UserClientCore::driverVersion,       // DEXTKIT_SELECTOR_DRIVER_VERSION
    &UserClientCore::keyboardInitialize,  // DEXTKIT_SELECTOR_KEYBOARD_INITIALIZE
    &UserClientCore::keyboardReady,       // DEXTKIT_SELECTOR_KEYBOARD_READY
    &UserClientCore::keyboardPostReport,  // DEXTKIT_SELECTOR_KEYBOARD_POST_REPORT
    &UserClientCore::keyboardReset,       // DEXTKIT_SELECTOR_KEYBOARD_RESET
    &UserClientCore::pointingInitialize,  // DEXTKIT_SELECTOR_POINTING_INITIALIZE
    &UserClientCore::pointingReady,       // DEXTKIT_SELECTOR_POINTING_READY
    &UserClientCore::pointingPostReport,  // DEXTKIT_SELECTOR_POINTING_POST_REPORT
    &UserClientCore::pointingReset,       // DEXTKIT_SELECTOR_POINTING_RESET
    &UserClientCore::keyboardLedState,    // DEXTKIT_SELECTOR_KEYBOARD_LED_STATE
    &UserClientCore::capabilities,        // DEXTKIT_SELECTOR_CAPABILITIES
};

static_assert(DEXTKIT_SELECTOR_KEYBOARD_LED_STATE == 9 && DEXTKIT_SELECTOR_CAPABILITIES == 10 &&
                  DEXTKIT_SELECTOR_COUNT == 11,
              "handlers_ lists every selector in order");

UserClientCore::UserClientCore(ReportSink sink, DeviceHost host, CoreConfig config)
    : sink_(sink), host_(host), config_(config) {}

int32_t UserClientCore::externalMethod(uint64_t selector, const uint64_t* scalarInput,
                                       uint32_t scalarInputCount, const void* structInput,
                                       size_t structInputSize, uint64_t* scalarOutput,
                                       uint32_t* scalarOutputCount) {
    const MethodArguments arguments{scalarInput,     scalarInputCount, structInput,
                                    structInputSize, scalarOutput,     scalarOutputCount};
    int32_t result = validateArguments(selector, arguments);
    if (result == DEXTKIT_RETURN_SUCCESS) {
        result = stopped_ ? DEXTKIT_RETURN_NOT_ATTACHED : (this->*handlers_[selector])(arguments);
    }
    if (scalarOutputCount != nullptr) {
        *scalarOutputCount = result == DEXTKIT_RETURN_SUCCESS
                                 ? dextkit_selector_shapes[selector].scalar_output_count
                                 : 0;
    }
    return result;
}

int32_t UserClientCore::driverVersion(const MethodArguments& arguments) {
    arguments.scalarOutput[0] = config_.driverVersion;
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t UserClientCore::keyboardInitialize(const MethodArguments& arguments) {
    const uint64_t* input = arguments.scalarInput;
    KeyboardParameters parameters;
    parameters.vendorId = static_cast<uint32_t>(input[0]);
    parameters.productId = static_cast<uint32_t>(input[1]);
    parameters.countryCode = static_cast<uint32_t>(input[2]);
    if (keyboardInitialized_) {
        return parameters == keyboardParameters_ ? DEXTKIT_RETURN_SUCCESS
                                                 : DEXTKIT_RETURN_STILL_OPEN;
    }
    const int32_t result = host_.createKeyboard(host_.context, parameters);
    if (result == DEXTKIT_RETURN_SUCCESS) {
        keyboardInitialized_ = true;
        keyboardParameters_ = parameters;
    }
    return result;
}

int32_t UserClientCore::keyboardReady(const MethodArguments& arguments) {
    arguments.scalarOutput[0] = keyboardInitialized_ && host_.keyboardReady(host_.context) ? 1 : 0;
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t UserClientCore::keyboardPostReport(const MethodArguments& arguments) {
    const int32_t usable = keyboardUsable();
    if (usable != DEXTKIT_RETURN_SUCCESS) {
        return usable;
    }
    return postKeyboard(static_cast<const uint8_t*>(arguments.structInput),
                        arguments.structInputSize);
}

int32_t UserClientCore::keyboardReset(const MethodArguments&) {
    const int32_t usable = keyboardUsable();
    if (usable != DEXTKIT_RETURN_SUCCESS) {
        return usable;
    }
    // Every report is attempted even if one fails, so as much as possible is released.
    int32_t firstFailure = DEXTKIT_RETURN_SUCCESS;
    for (uint8_t reportId : dextkit_keyboard_input_report_ids) {
        const int32_t result = postEmptyKeyboardReport(reportId);
        if (firstFailure == DEXTKIT_RETURN_SUCCESS) {
            firstFailure = result;
        }
    }
    return firstFailure;
}

int32_t UserClientCore::pointingInitialize(const MethodArguments&) {
    if (pointingInitialized_) {
        return DEXTKIT_RETURN_SUCCESS;
    }
    const int32_t result = host_.createPointing(host_.context);
    if (result == DEXTKIT_RETURN_SUCCESS) {
        pointingInitialized_ = true;
    }
    return result;
}

int32_t UserClientCore::pointingReady(const MethodArguments& arguments) {
    arguments.scalarOutput[0] = pointingInitialized_ && host_.pointingReady(host_.context) ? 1 : 0;
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t UserClientCore::pointingPostReport(const MethodArguments& arguments) {
    const int32_t usable = pointingUsable();
    if (usable != DEXTKIT_RETURN_SUCCESS) {
        return usable;
    }
    return postPointing(static_cast<const uint8_t*>(arguments.structInput),
                        arguments.structInputSize);
}

int32_t UserClientCore::pointingReset(const MethodArguments&) {
    const int32_t usable = pointingUsable();
    if (usable != DEXTKIT_RETURN_SUCCESS) {
        return usable;
    }
    return postEmptyPointingReport();
}

int32_t UserClientCore::keyboardLedState(const MethodArguments& arguments) {
    if (!keyboardInitialized_) {
        return DEXTKIT_RETURN_NOT_OPEN;
    }
    arguments.scalarOutput[0] = ledState_;
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t UserClientCore::capabilities(const MethodArguments& arguments) {
    arguments.scalarOutput[0] = config_.protocolVersion;
    arguments.scalarOutput[1] = config_.capabilities;
    arguments.scalarOutput[2] = config_.driverVersion;
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t UserClientCore::onLedOutputReport(const uint8_t* bytes, size_t size) {
    if (bytes == nullptr || size < DEXTKIT_REPORT_SIZE_LED) {
        return DEXTKIT_RETURN_BAD_ARGUMENT;
    }
    if (bytes[0] != DEXTKIT_REPORT_ID_LED_OUTPUT) {
        return DEXTKIT_RETURN_UNSUPPORTED;
    }
    if (stopped_) {
        return DEXTKIT_RETURN_NOT_ATTACHED;
    }
    if (!keyboardInitialized_) {
        return DEXTKIT_RETURN_NOT_OPEN;
    }
    const uint8_t state = static_cast<uint8_t>(bytes[1] & DEXTKIT_LED_STATE_MASK);
    if (state == ledState_) {
        return DEXTKIT_RETURN_SUCCESS;
    }
    ledState_ = state;
    const uint8_t input[DEXTKIT_REPORT_SIZE_LED] = {DEXTKIT_REPORT_ID_LED_INPUT, state};
    return sink_.postKeyboardReport(input, sizeof(input));
}

void UserClientCore::stop() {
    if (stopped_) {
        return;
    }
    stopped_ = true;
    // Release before removal: a device that disappears with a key down may leave it stuck.
    // Failures are ignored; the client is gone and nobody could act on them.
    for (uint8_t reportId : dextkit_keyboard_input_report_ids) {
        if (pressed_.keyboardPressed(reportId)) {
            postEmptyKeyboardReport(reportId);
        }
    }
    if (pressed_.pointingPressed()) {
        postEmptyPointingReport();
    }
    if (keyboardInitialized_ || pointingInitialized_) {
        host_.removeDevices(host_.context);
    }
    keyboardInitialized_ = false;
    pointingInitialized_ = false;
}

int32_t UserClientCore::keyboardUsable() const {
    if (!keyboardInitialized_) {
        return DEXTKIT_RETURN_NOT_OPEN;
    }
    if (!host_.keyboardReady(host_.context)) {
        return DEXTKIT_RETURN_BUSY;
    }
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t UserClientCore::pointingUsable() const {
    if (!pointingInitialized_) {
        return DEXTKIT_RETURN_NOT_OPEN;
    }
    if (!host_.pointingReady(host_.context)) {
        return DEXTKIT_RETURN_BUSY;
    }
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t UserClientCore::postKeyboard(const uint8_t* bytes, size_t size) {
    const int32_t result = sink_.postKeyboardReport(bytes, size);
    if (result == DEXTKIT_RETURN_SUCCESS) {
        pressed_.recordKeyboard(bytes, size);
    }
    return result;
}

int32_t UserClientCore::postPointing(const uint8_t* bytes, size_t size) {
    const int32_t result = sink_.postPointingReport(bytes, size);
    if (result == DEXTKIT_RETURN_SUCCESS) {
        pressed_.recordPointing(bytes, size);
    }
    return result;
}

int32_t UserClientCore::postEmptyKeyboardReport(uint8_t reportId) {
    uint8_t report[DEXTKIT_MAX_KEYBOARD_INPUT_REPORT_SIZE] = {};
    report[0] = reportId;
    return postKeyboard(report, dextkit_keyboard_input_report_sizes[reportId]);
}

int32_t UserClientCore::postEmptyPointingReport() {
    const uint8_t report[DEXTKIT_REPORT_SIZE_POINTING] = {};
    return postPointing(report, sizeof(report));
}

}  // namespace dextkit
