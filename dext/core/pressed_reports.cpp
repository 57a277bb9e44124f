#include "pressed_reports.hpp"

#include "dextkit/protocol.h"

namespace dextkit {

namespace {

bool anyNonzero(const uint8_t* bytes, size_t size) {
    for (size_t index = 0; index < size; ++index) {
        if (bytes[index] != 0) {
            return true;
        }
    }
    return false;
}

}  // namespace

void PressedReports::recordKeyboard(const uint8_t* report, size_t size) {
    if (report == nullptr || size == 0 || report[0] >= DEXTKIT_REPORT_ID_LIMIT) {
        return;
    }
    const uint32_t bit = 1u << report[0];
    if (anyNonzero(report + 1, size - 1)) {
        keyboardIds_ |= bit;
    } else {
        keyboardIds_ &= ~bit;
    }
}

void PressedReports::recordPointing(const uint8_t* report, size_t size) {
    if (report == nullptr || size < 4) {
        return;
    }
    pointingButtons_ = anyNonzero(report, 4);
}

bool PressedReports::keyboardPressed(uint8_t reportId) const {
    return reportId < DEXTKIT_REPORT_ID_LIMIT && (keyboardIds_ & (1u << reportId)) != 0;
}

}  // namespace dextkit
