// Which of a user client's reports currently hold something pressed, from the reports it posted.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dextkit {

class PressedReports {
public:
    // Records a keyboard input report that reached the device: its id counts as pressed when any
    // byte after the id is nonzero, released when all are zero. Ids at or above
    // DEXTKIT_REPORT_ID_LIMIT are ignored.
    void recordKeyboard(const uint8_t* report, size_t size);

    // Records a pointing report that reached the device: pressed when any button bit is set.
    // Motion and wheel bytes are relative and hold nothing down.
    void recordPointing(const uint8_t* report, size_t size);

    bool keyboardPressed(uint8_t reportId) const;
    bool pointingPressed() const { return pointingButtons_; }
    bool anythingPressed() const { return keyboardIds_ != 0 || pointingButtons_; }

private:
    uint32_t keyboardIds_ = 0;  // bit n = report id n
    bool pointingButtons_ = false;
};

}  // namespace dextkit
