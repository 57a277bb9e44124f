#include "argument_validation.hpp"

#include "dextkit/protocol.h"

namespace dextkit {

int32_t validateKeyboardInputReport(const void* bytes, size_t size) {
    if (bytes == nullptr || size == 0) {
        return DEXTKIT_RETURN_BAD_ARGUMENT;
    }
    const uint8_t reportId = static_cast<const uint8_t*>(bytes)[0];
    if (reportId >= DEXTKIT_REPORT_ID_LIMIT) {
        return DEXTKIT_RETURN_BAD_ARGUMENT;
    }
    const uint8_t expected = dextkit_keyboard_input_report_sizes[reportId];
    if (expected == 0 || size != expected) {
        return DEXTKIT_RETURN_BAD_ARGUMENT;
    }
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t validatePointingReport(const void* bytes, size_t size) {
    if (bytes == nullptr || size != DEXTKIT_REPORT_SIZE_POINTING) {
        return DEXTKIT_RETURN_BAD_ARGUMENT;
    }
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t validateArguments(uint64_t selector, const MethodArguments& arguments) {
    if (selector >= DEXTKIT_SELECTOR_COUNT) {
        return DEXTKIT_RETURN_BAD_ARGUMENT;
    }
    const dextkit_selector_shape& shape = dextkit_selector_shapes[selector];

    if (arguments.scalarInputCount != shape.scalar_input_count) {
        return DEXTKIT_RETURN_BAD_ARGUMENT;
    }
    if (shape.scalar_input_count > 0 && arguments.scalarInput == nullptr) {
        return DEXTKIT_RETURN_BAD_ARGUMENT;
    }

    const uint32_t outputCapacity =
        arguments.scalarOutputCount == nullptr ? 0 : *arguments.scalarOutputCount;
    if (outputCapacity != shape.scalar_output_count) {
        return DEXTKIT_RETURN_BAD_ARGUMENT;
    }
    if (shape.scalar_output_count > 0 && arguments.scalarOutput == nullptr) {
        return DEXTKIT_RETURN_BAD_ARGUMENT;
    }

    if (selector == DEXTKIT_SELECTOR_KEYBOARD_INITIALIZE) {
        const uint64_t* input = arguments.scalarInput;
        if (input[0] > DEXTKIT_KEYBOARD_VENDOR_ID_MAX ||
            input[1] > DEXTKIT_KEYBOARD_PRODUCT_ID_MAX ||
            input[2] > DEXTKIT_KEYBOARD_COUNTRY_CODE_MAX) {
            return DEXTKIT_RETURN_BAD_ARGUMENT;
        }
    }

    switch (shape.struct_input) {
        case DEXTKIT_STRUCT_INPUT_KEYBOARD_REPORT:
            return validateKeyboardInputReport(arguments.structInput, arguments.structInputSize);
        case DEXTKIT_STRUCT_INPUT_POINTING_REPORT:
            return validatePointingReport(arguments.structInput, arguments.structInputSize);
        default:
            return arguments.structInputSize == 0 ? DEXTKIT_RETURN_SUCCESS
                                                  : DEXTKIT_RETURN_BAD_ARGUMENT;
    }
}

}  // namespace dextkit
