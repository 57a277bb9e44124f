#include "argument_validation.hpp"

#include <vector>

#include "dextkit/protocol.h"
#include "test_runner.hpp"

using namespace dextkit;

namespace {

// Hand-written from the protocol: the exact size selector 3 accepts per report id.
size_t expectedKeyboardSize(unsigned reportId) {
    switch (reportId) {
        case 1:
            return 67;
        case 2:
        case 3:
        case 4:
        case 7:
            return 65;
        default:
            return 0;
    }
}

}  // namespace

DEXTKIT_TEST(keyboard_report_validation_accepts_exactly_ids_1_2_3_4_7_at_their_sizes) {
    std::vector<uint8_t> buffer(80, 0);
    for (unsigned reportId = 0; reportId <= 255; ++reportId) {
        buffer[0] = static_cast<uint8_t>(reportId);
        for (size_t size = 1; size <= buffer.size(); ++size) {
            const bool accepted = expectedKeyboardSize(reportId) == size;
            const int32_t result = validateKeyboardInputReport(buffer.data(), size);
            CHECK_EQ(result, accepted ? DEXTKIT_RETURN_SUCCESS : DEXTKIT_RETURN_BAD_ARGUMENT);
        }
    }
}

DEXTKIT_TEST(keyboard_report_validation_rejects_null_and_empty) {
    const uint8_t byte = 1;
    CHECK_EQ(validateKeyboardInputReport(nullptr, 67), DEXTKIT_RETURN_BAD_ARGUMENT);
    CHECK_EQ(validateKeyboardInputReport(&byte, 0), DEXTKIT_RETURN_BAD_ARGUMENT);
}

DEXTKIT_TEST(pointing_report_validation_accepts_only_8_bytes) {
    const std::vector<uint8_t> buffer(16, 0);
    for (size_t size = 0; size <= buffer.size(); ++size) {
        CHECK_EQ(validatePointingReport(buffer.data(), size),
                 size == 8 ? DEXTKIT_RETURN_SUCCESS : DEXTKIT_RETURN_BAD_ARGUMENT);
    }
    CHECK_EQ(validatePointingReport(nullptr, 8), DEXTKIT_RETURN_BAD_ARGUMENT);
}

DEXTKIT_TEST(shape_table_matches_the_protocol) {
    // selector: scalar inputs, scalar outputs, structure input, from lib/protocol/selector.ts.
    const uint32_t expected[][3] = {
        {0, 1, DEXTKIT_STRUCT_INPUT_NONE}, {3, 0, DEXTKIT_STRUCT_INPUT_NONE},
        {0, 1, DEXTKIT_STRUCT_INPUT_NONE}, {0, 0, DEXTKIT_STRUCT_INPUT_KEYBOARD_REPORT},
        {0, 0, DEXTKIT_STRUCT_INPUT_NONE}, {0, 0, DEXTKIT_STRUCT_INPUT_NONE},
        {0, 1, DEXTKIT_STRUCT_INPUT_NONE}, {0, 0, DEXTKIT_STRUCT_INPUT_POINTING_REPORT},
        {0, 0, DEXTKIT_STRUCT_INPUT_NONE}, {0, 1, DEXTKIT_STRUCT_INPUT_NONE},
        {0, 3, DEXTKIT_STRUCT_INPUT_NONE},
    };
    CHECK_EQ(sizeof(expected) / sizeof(expected[0]), size_t{DEXTKIT_SELECTOR_COUNT});
    for (size_t selector = 0; selector < DEXTKIT_SELECTOR_COUNT; ++selector) {
        CHECK_EQ(dextkit_selector_shapes[selector].scalar_input_count, expected[selector][0]);
        CHECK_EQ(dextkit_selector_shapes[selector].scalar_output_count, expected[selector][1]);
        CHECK_EQ(dextkit_selector_shapes[selector].struct_input, expected[selector][2]);
    }
}

DEXTKIT_TEST(arguments_for_every_selector_with_its_exact_shape_pass) {
    const uint64_t inputs[3] = {1, 2, 3};
    uint64_t outputs[3] = {};
    std::vector<uint8_t> keyboard(67, 0);
    keyboard[0] = 1;
    const std::vector<uint8_t> pointing(8, 0);
    for (uint64_t selector = 0; selector < DEXTKIT_SELECTOR_COUNT; ++selector) {
        const dextkit_selector_shape& shape = dextkit_selector_shapes[selector];
        uint32_t outputCount = shape.scalar_output_count;
        MethodArguments arguments;
        arguments.scalarInput = inputs;
        arguments.scalarInputCount = shape.scalar_input_count;
        arguments.scalarOutput = outputs;
        arguments.scalarOutputCount = &outputCount;
        if (shape.struct_input == DEXTKIT_STRUCT_INPUT_KEYBOARD_REPORT) {
            arguments.structInput = keyboard.data();
            arguments.structInputSize = keyboard.size();
        } else if (shape.struct_input == DEXTKIT_STRUCT_INPUT_POINTING_REPORT) {
            arguments.structInput = pointing.data();
            arguments.structInputSize = pointing.size();
        }
        CHECK_EQ(validateArguments(selector, arguments), DEXTKIT_RETURN_SUCCESS);

        MethodArguments extraInput = arguments;
        extraInput.scalarInputCount = shape.scalar_input_count + 1;
        CHECK_EQ(validateArguments(selector, extraInput), DEXTKIT_RETURN_BAD_ARGUMENT);

        MethodArguments extraOutput = arguments;
        uint32_t biggerCapacity = shape.scalar_output_count + 1;
        extraOutput.scalarOutputCount = &biggerCapacity;
        CHECK_EQ(validateArguments(selector, extraOutput), DEXTKIT_RETURN_BAD_ARGUMENT);

        if (shape.struct_input == DEXTKIT_STRUCT_INPUT_NONE) {
            MethodArguments withStruct = arguments;
            withStruct.structInput = pointing.data();
            withStruct.structInputSize = 1;
            CHECK_EQ(validateArguments(selector, withStruct), DEXTKIT_RETURN_BAD_ARGUMENT);
        }
    }
}

DEXTKIT_TEST(null_buffers_with_nonzero_counts_are_rejected) {
    uint32_t one = 1;
    MethodArguments noOutputBuffer;
    noOutputBuffer.scalarOutputCount = &one;
    CHECK_EQ(validateArguments(DEXTKIT_SELECTOR_DRIVER_VERSION, noOutputBuffer),
             DEXTKIT_RETURN_BAD_ARGUMENT);

    MethodArguments noInputBuffer;
    noInputBuffer.scalarInputCount = 3;
    CHECK_EQ(validateArguments(DEXTKIT_SELECTOR_KEYBOARD_INITIALIZE, noInputBuffer),
             DEXTKIT_RETURN_BAD_ARGUMENT);

    MethodArguments noOutputCount;  // a selector with an output but a null count pointer
    uint64_t output = 0;
    noOutputCount.scalarOutput = &output;
    CHECK_EQ(validateArguments(DEXTKIT_SELECTOR_KEYBOARD_READY, noOutputCount),
             DEXTKIT_RETURN_BAD_ARGUMENT);
}

DEXTKIT_TEST(selectors_from_11_up_are_unknown) {
    MethodArguments none;
    for (uint64_t selector :
         {uint64_t{11}, uint64_t{12}, uint64_t{0xffffffff}, uint64_t{1} << 40}) {
        CHECK_EQ(validateArguments(selector, none), DEXTKIT_RETURN_BAD_ARGUMENT);
    }
}

DEXTKIT_TEST(keyboard_initialize_parameters_are_range_checked) {
    uint32_t zero = 0;
    const uint64_t cases[][4] = {
        // vendor, product, country, accepted
        {0xffff, 0xffff, 0xff, 1}, {0, 0, 0, 1},     {0x10000, 1, 1, 0},
        {1, 0x10000, 1, 0},        {1, 1, 0x100, 0}, {uint64_t{1} << 32, 1, 1, 0},
    };
    for (const auto& testCase : cases) {
        MethodArguments arguments;
        arguments.scalarInput = testCase;
        arguments.scalarInputCount = 3;
        arguments.scalarOutputCount = &zero;
        CHECK_EQ(validateArguments(DEXTKIT_SELECTOR_KEYBOARD_INITIALIZE, arguments),
                 testCase[3] == 1 ? DEXTKIT_RETURN_SUCCESS : DEXTKIT_RETURN_BAD_ARGUMENT);
    }
}
