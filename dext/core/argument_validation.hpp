// Checks a call against the selector shape table of dextkit/protocol.h.
#pragma once

#include <cstddef>
#include <cstdint>

#include "method_arguments.hpp"

namespace dextkit {

// DEXTKIT_RETURN_SUCCESS when the selector exists and the arguments match its shape exactly
// (scalar input count, scalar output capacity, structure input kind and size, report id) and
// keyboard initialize's parameters are within DEXTKIT_KEYBOARD_*_MAX;
// DEXTKIT_RETURN_BAD_ARGUMENT otherwise. Looks at nothing but the arguments.
int32_t validateArguments(uint64_t selector, const MethodArguments& arguments);

// DEXTKIT_RETURN_SUCCESS when `bytes` is a keyboard input report selector 3 accepts: an id in
// dextkit_keyboard_input_report_ids and exactly that report's size.
int32_t validateKeyboardInputReport(const void* bytes, size_t size);

// DEXTKIT_RETURN_SUCCESS when `bytes` is an 8-byte pointing report.
int32_t validatePointingReport(const void* bytes, size_t size);

}  // namespace dextkit
