#include "pressed_reports.hpp"

#include <vector>

#include "recording_device.hpp"
#include "test_runner.hpp"

using namespace dextkit;
using dextkit::test::report;

DEXTKIT_TEST(nothing_is_pressed_at_first) {
    const PressedReports pressed;
    for (unsigned reportId = 0; reportId < 8; ++reportId) {
        CHECK(!pressed.keyboardPressed(static_cast<uint8_t>(reportId)));
    }
    CHECK(!pressed.pointingPressed());
    CHECK(!pressed.anythingPressed());
}

DEXTKIT_TEST(a_key_usage_or_modifier_marks_its_report_id_pressed) {
    PressedReports pressed;
    pressed.recordKeyboard(report(67, {1, 0, 0, 0x04, 0}).data(), 67);  // 'a'
    CHECK(pressed.keyboardPressed(1));
    CHECK(!pressed.keyboardPressed(2));
    pressed.recordKeyboard(report(67, {1}).data(), 67);
    CHECK(!pressed.keyboardPressed(1));
    pressed.recordKeyboard(report(67, {1, 0x02}).data(), 67);  // left shift only
    CHECK(pressed.keyboardPressed(1));
    pressed.recordKeyboard(report(65, {2, 0xcd, 0}).data(), 65);  // play/pause
    CHECK(pressed.keyboardPressed(2));
    CHECK(pressed.anythingPressed());
}

DEXTKIT_TEST(a_usage_in_the_last_slot_counts) {
    PressedReports pressed;
    std::vector<uint8_t> bytes = report(65, {7});
    bytes[64] = 0x01;  // high byte of the 32nd usage
    pressed.recordKeyboard(bytes.data(), bytes.size());
    CHECK(pressed.keyboardPressed(7));
}

DEXTKIT_TEST(pointing_counts_buttons_not_motion) {
    PressedReports pressed;
    pressed.recordPointing(report(8, {0, 0, 0, 0, 5, 0xfb, 1, 0xff}).data(), 8);
    CHECK(!pressed.pointingPressed());
    pressed.recordPointing(report(8, {0, 0, 0, 0x80}).data(), 8);  // button 32
    CHECK(pressed.pointingPressed());
    pressed.recordPointing(report(8, {0, 0, 0, 0, 3}).data(), 8);
    CHECK(!pressed.pointingPressed());
}

DEXTKIT_TEST(out_of_range_ids_and_null_reports_are_ignored) {
    PressedReports pressed;
    pressed.recordKeyboard(report(65, {8, 1}).data(), 65);
    pressed.recordKeyboard(report(65, {200, 1}).data(), 65);
    pressed.recordKeyboard(nullptr, 65);
    pressed.recordPointing(nullptr, 8);
    CHECK(!pressed.anythingPressed());
    CHECK(!pressed.keyboardPressed(200));
}
