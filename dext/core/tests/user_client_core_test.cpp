#include "user_client_core.hpp"

#include <cstdint>
#include <vector>

#include "core_calls.hpp"
#include "recording_device.hpp"
#include "test_runner.hpp"

using namespace dextkit;
using namespace dextkit::test;

namespace {

using Bytes = std::vector<uint8_t>;
using Kind = DeviceEvent::Kind;

// IOReturn values written out by hand from IOReturn.h, so a wrong macro cannot hide a bug.
constexpr int32_t kSuccess = 0;
constexpr int32_t kBadArgument = static_cast<int32_t>(0xE00002C2u);
constexpr int32_t kUnsupported = static_cast<int32_t>(0xE00002C7u);
constexpr int32_t kNotOpen = static_cast<int32_t>(0xE00002CDu);
constexpr int32_t kStillOpen = static_cast<int32_t>(0xE00002D2u);
constexpr int32_t kBusy = static_cast<int32_t>(0xE00002D5u);
constexpr int32_t kNotAttached = static_cast<int32_t>(0xE00002D9u);
constexpr int32_t kError = static_cast<int32_t>(0xE00002BCu);

struct Fixture {
    RecordingDevice device;
    UserClientCore core{ReportSink::of(device), DeviceHost::of(device)};
};

Bytes keyboardReport(std::vector<uint8_t> prefix) {
    return report(67, std::move(prefix));
}
Bytes arrayReport(std::vector<uint8_t> prefix) {
    return report(65, std::move(prefix));
}
Bytes pointingReport(std::vector<uint8_t> prefix) {
    return report(8, std::move(prefix));
}

}  // namespace

// ---- selector 0: driver version ----

DEXTKIT_TEST(driver_version_reports_the_protocol_header_number) {
    Fixture fixture;
    const CallResult result = callScalar(fixture.core, 0, {}, 1);
    CHECK_EQ(result.code, kSuccess);
    CHECK_EQ(result.outputCount, 1u);
    CHECK_EQ(result.outputs[0], uint64_t{100});  // "0.1.0"
}

DEXTKIT_TEST(driver_version_reports_a_configured_number) {
    RecordingDevice device;
    CoreConfig config;
    config.driverVersion = 10800;
    UserClientCore core(ReportSink::of(device), DeviceHost::of(device), config);
    CHECK_EQ(callScalar(core, 0, {}, 1).outputs[0], uint64_t{10800});
}

DEXTKIT_TEST(driver_version_rejects_wrong_shapes) {
    Fixture fixture;
    CHECK_EQ(callScalar(fixture.core, 0, {}, 0).code, kBadArgument);
    CHECK_EQ(callScalar(fixture.core, 0, {}, 2).code, kBadArgument);
    CHECK_EQ(callScalar(fixture.core, 0, {1}, 1).code, kBadArgument);
    CHECK_EQ(callStruct(fixture.core, 0, {1, 2}), kBadArgument);
    uint32_t count = 1;
    CHECK_EQ(fixture.core.externalMethod(0, nullptr, 0, nullptr, 0, nullptr, &count), kBadArgument);
    CHECK_EQ(count, 0u);
}

DEXTKIT_TEST(a_failed_call_sets_the_output_count_to_zero) {
    Fixture fixture;
    const CallResult result = callScalar(fixture.core, 0, {7}, 1);
    CHECK_EQ(result.code, kBadArgument);
    CHECK_EQ(result.outputCount, 0u);
}

// ---- unknown selectors ----

DEXTKIT_TEST(unknown_selectors_are_bad_arguments) {
    Fixture fixture;
    for (uint64_t selector :
         {uint64_t{11}, uint64_t{42}, uint64_t{0xffffffff}, uint64_t{1} << 33}) {
        CHECK_EQ(callScalar(fixture.core, selector, {}, 0).code, kBadArgument);
        CHECK_EQ(callStruct(fixture.core, selector, {}), kBadArgument);
    }
    CHECK(fixture.device.events.empty());
}

// ---- selector 1: keyboard initialize ----

DEXTKIT_TEST(keyboard_initialize_creates_the_keyboard_with_its_parameters) {
    Fixture fixture;
    CHECK_EQ(initializeKeyboard(fixture.core, 0x05ac, 0x024f, 33), kSuccess);
    REQUIRE(fixture.device.events.size() == 1);
    CHECK(fixture.device.events[0].kind == Kind::CreateKeyboard);
    CHECK_EQ(fixture.device.events[0].parameters.vendorId, 0x05acu);
    CHECK_EQ(fixture.device.events[0].parameters.productId, 0x024fu);
    CHECK_EQ(fixture.device.events[0].parameters.countryCode, 33u);
    CHECK(fixture.core.keyboardInitialized());
    CHECK(!fixture.core.pointingInitialized());
}

DEXTKIT_TEST(keyboard_initialize_needs_exactly_three_scalars) {
    Fixture fixture;
    CHECK_EQ(callScalar(fixture.core, 1, {0x16c0, 0x27db}, 0).code, kBadArgument);
    CHECK_EQ(callScalar(fixture.core, 1, {0x16c0, 0x27db, 0, 0}, 0).code, kBadArgument);
    CHECK_EQ(callScalar(fixture.core, 1, {}, 0).code, kBadArgument);
    CHECK_EQ(callScalar(fixture.core, 1, {0x16c0, 0x27db, 0}, 1).code, kBadArgument);
    CHECK_EQ(fixture.core.externalMethod(1, nullptr, 3, nullptr, 0, nullptr, nullptr),
             kBadArgument);
    CHECK(fixture.device.events.empty());
    CHECK(!fixture.core.keyboardInitialized());
}

DEXTKIT_TEST(keyboard_initialize_rejects_out_of_range_parameters) {
    Fixture fixture;
    CHECK_EQ(initializeKeyboard(fixture.core, 0x10000, 1, 0), kBadArgument);
    CHECK_EQ(initializeKeyboard(fixture.core, 1, 0x10000, 0), kBadArgument);
    CHECK_EQ(initializeKeyboard(fixture.core, 1, 1, 0x100), kBadArgument);
    CHECK(fixture.device.events.empty());
    CHECK_EQ(initializeKeyboard(fixture.core, 0xffff, 0xffff, 0xff), kSuccess);
}

DEXTKIT_TEST(keyboard_initialize_twice_with_the_same_parameters_does_nothing) {
    Fixture fixture;
    CHECK_EQ(initializeKeyboard(fixture.core), kSuccess);
    CHECK_EQ(initializeKeyboard(fixture.core), kSuccess);
    CHECK_EQ(fixture.device.events.size(), size_t{1});
}

DEXTKIT_TEST(keyboard_initialize_with_other_parameters_is_still_open) {
    Fixture fixture;
    CHECK_EQ(initializeKeyboard(fixture.core, 0x16c0, 0x27db, 33), kSuccess);
    CHECK_EQ(initializeKeyboard(fixture.core, 0x16c0, 0x27db, 13), kStillOpen);
    CHECK_EQ(fixture.core.keyboardParameters().countryCode, 33u);
    CHECK_EQ(fixture.device.events.size(), size_t{1});
}

DEXTKIT_TEST(a_failed_keyboard_creation_leaves_it_uninitialized_and_can_be_retried) {
    Fixture fixture;
    fixture.device.createResult = kError;
    CHECK_EQ(initializeKeyboard(fixture.core), kError);
    CHECK(!fixture.core.keyboardInitialized());
    CHECK_EQ(callStruct(fixture.core, 3, keyboardReport({1})), kNotOpen);
    fixture.device.createResult = kSuccess;
    CHECK_EQ(initializeKeyboard(fixture.core), kSuccess);
    CHECK(fixture.core.keyboardInitialized());
}

// ---- selectors 2 and 6: ready ----

DEXTKIT_TEST(keyboard_ready_is_zero_until_initialized_and_started) {
    Fixture fixture;
    CallResult result = callScalar(fixture.core, 2, {}, 1);
    CHECK_EQ(result.code, kSuccess);
    CHECK_EQ(result.outputs[0], uint64_t{0});
    fixture.device.devicesReady = false;
    initializeKeyboard(fixture.core);
    CHECK_EQ(callScalar(fixture.core, 2, {}, 1).outputs[0], uint64_t{0});
    fixture.device.devicesReady = true;
    result = callScalar(fixture.core, 2, {}, 1);
    CHECK_EQ(result.outputs[0], uint64_t{1});
    CHECK_EQ(result.outputCount, 1u);
    CHECK_EQ(callScalar(fixture.core, 6, {}, 1).outputs[0], uint64_t{0});  // pointing not created
}

DEXTKIT_TEST(pointing_ready_is_zero_until_initialized_and_started) {
    Fixture fixture;
    CHECK_EQ(callScalar(fixture.core, 6, {}, 1).outputs[0], uint64_t{0});
    fixture.device.devicesReady = false;
    initializePointing(fixture.core);
    CHECK_EQ(callScalar(fixture.core, 6, {}, 1).outputs[0], uint64_t{0});
    fixture.device.devicesReady = true;
    CHECK_EQ(callScalar(fixture.core, 6, {}, 1).outputs[0], uint64_t{1});
    CHECK_EQ(callScalar(fixture.core, 2, {}, 1).outputs[0], uint64_t{0});  // keyboard not created
}

DEXTKIT_TEST(ready_selectors_reject_wrong_shapes) {
    Fixture fixture;
    for (uint64_t selector : {uint64_t{2}, uint64_t{6}}) {
        CHECK_EQ(callScalar(fixture.core, selector, {}, 0).code, kBadArgument);
        CHECK_EQ(callScalar(fixture.core, selector, {}, 2).code, kBadArgument);
        CHECK_EQ(callScalar(fixture.core, selector, {1}, 1).code, kBadArgument);
    }
}

// ---- selector 3: keyboard post ----

DEXTKIT_TEST(keyboard_post_before_initialize_is_not_open) {
    Fixture fixture;
    CHECK_EQ(callStruct(fixture.core, 3, keyboardReport({1, 0, 0, 4})), kNotOpen);
    CHECK(fixture.device.events.empty());
}

DEXTKIT_TEST(keyboard_post_before_the_keyboard_started_is_not_ready) {
    Fixture fixture;
    fixture.device.devicesReady = false;
    initializeKeyboard(fixture.core);
    CHECK_EQ(callStruct(fixture.core, 3, keyboardReport({1, 0, 0, 4})), kBusy);
    CHECK_EQ(fixture.device.reports(Kind::KeyboardReport).size(), size_t{0});
}

DEXTKIT_TEST(keyboard_post_delivers_every_accepted_report_unchanged) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    const std::vector<Bytes> posted = {
        keyboardReport({1, 0x02, 0, 0x04, 0x00}),  // shift + a
        arrayReport({2, 0xcd, 0x00}),              // play/pause
        arrayReport({3, 0x03, 0x00}),              // fn
        arrayReport({4, 0x01, 0x00}),              // spotlight
        arrayReport({7, 0x9b, 0x00}),              // do not disturb
    };
    for (const Bytes& bytes : posted) {
        CHECK_EQ(callStruct(fixture.core, 3, bytes), kSuccess);
    }
    CHECK(fixture.device.reports(Kind::KeyboardReport) == posted);
}

DEXTKIT_TEST(keyboard_post_rejects_wrong_ids_and_sizes) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    const std::vector<Bytes> rejected = {
        report(65, {1}),   report(66, {1}),   report(68, {1}),  // keyboard must be 67
        report(67, {2}),   report(64, {2}),                     // consumer must be 65
        report(67, {7}),   report(2, {5, 2}),                   // id 5 is the host's output report
        report(2, {6, 2}), report(65, {6}),                     // id 6 is posted by the driver only
        report(65, {0}),   report(65, {8}),   report(67, {0xff}), Bytes{1}, Bytes{},
    };
    for (const Bytes& bytes : rejected) {
        CHECK_EQ(callStruct(fixture.core, 3, bytes), kBadArgument);
    }
    CHECK_EQ(fixture.core.externalMethod(3, nullptr, 0, nullptr, 67, nullptr, nullptr),
             kBadArgument);
    CHECK_EQ(fixture.device.reports(Kind::KeyboardReport).size(), size_t{0});
}

DEXTKIT_TEST(keyboard_post_rejects_scalars_and_outputs) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    const Bytes bytes = keyboardReport({1});
    const uint64_t scalar = 1;
    CHECK_EQ(
        fixture.core.externalMethod(3, &scalar, 1, bytes.data(), bytes.size(), nullptr, nullptr),
        kBadArgument);
    uint64_t output = 0;
    uint32_t count = 1;
    CHECK_EQ(
        fixture.core.externalMethod(3, nullptr, 0, bytes.data(), bytes.size(), &output, &count),
        kBadArgument);
}

DEXTKIT_TEST(shape_errors_win_over_state_errors) {
    Fixture fixture;  // nothing initialized
    CHECK_EQ(callStruct(fixture.core, 3, report(65, {1})), kBadArgument);
    CHECK_EQ(callStruct(fixture.core, 7, report(9, {})), kBadArgument);
    CHECK_EQ(callScalar(fixture.core, 4, {1}, 0).code, kBadArgument);
}

DEXTKIT_TEST(a_failed_keyboard_post_returns_the_sink_result) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    fixture.device.keyboardPostResult = kError;
    CHECK_EQ(callStruct(fixture.core, 3, keyboardReport({1, 0, 0, 4})), kError);
    CHECK(!fixture.core.pressed().keyboardPressed(1));
}

// ---- selector 4: keyboard reset ----

DEXTKIT_TEST(keyboard_reset_posts_every_empty_keyboard_report_in_id_order) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    CHECK_EQ(callStruct(fixture.core, 4, {}), kSuccess);
    const std::vector<Bytes> expected = {
        keyboardReport({1}), arrayReport({2}), arrayReport({3}), arrayReport({4}), arrayReport({7}),
    };
    CHECK(fixture.device.reports(Kind::KeyboardReport) == expected);
}

DEXTKIT_TEST(keyboard_reset_also_accepts_a_scalar_call) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    CHECK_EQ(callScalar(fixture.core, 4, {}, 0).code, kSuccess);
    CHECK_EQ(fixture.device.reports(Kind::KeyboardReport).size(), size_t{5});
}

DEXTKIT_TEST(keyboard_reset_needs_a_started_keyboard) {
    Fixture fixture;
    CHECK_EQ(callStruct(fixture.core, 4, {}), kNotOpen);
    fixture.device.devicesReady = false;
    initializeKeyboard(fixture.core);
    CHECK_EQ(callStruct(fixture.core, 4, {}), kBusy);
    CHECK_EQ(fixture.device.reports(Kind::KeyboardReport).size(), size_t{0});
}

DEXTKIT_TEST(keyboard_reset_tries_every_report_and_returns_the_first_failure) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    fixture.device.keyboardPostResult = kError;
    fixture.device.failingKeyboardReportId = 3;
    CHECK_EQ(callStruct(fixture.core, 4, {}), kError);
    const std::vector<Bytes> expected = {
        keyboardReport({1}),
        arrayReport({2}),
        arrayReport({4}),
        arrayReport({7}),
    };
    CHECK(fixture.device.reports(Kind::KeyboardReport) == expected);
}

DEXTKIT_TEST(keyboard_reset_rejects_structure_input) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    CHECK_EQ(callStruct(fixture.core, 4, {0}), kBadArgument);
}

// ---- selectors 5, 7 and 8: pointing ----

DEXTKIT_TEST(pointing_initialize_creates_the_pointing_device_once) {
    Fixture fixture;
    CHECK_EQ(initializePointing(fixture.core), kSuccess);
    CHECK_EQ(initializePointing(fixture.core), kSuccess);
    REQUIRE(fixture.device.events.size() == 1);
    CHECK(fixture.device.events[0].kind == Kind::CreatePointing);
    CHECK(fixture.core.pointingInitialized());
}

DEXTKIT_TEST(pointing_initialize_rejects_arguments_and_propagates_failure) {
    Fixture fixture;
    CHECK_EQ(callScalar(fixture.core, 5, {1}, 0).code, kBadArgument);
    CHECK_EQ(callStruct(fixture.core, 5, {1}), kBadArgument);
    fixture.device.createResult = kError;
    CHECK_EQ(initializePointing(fixture.core), kError);
    CHECK(!fixture.core.pointingInitialized());
}

DEXTKIT_TEST(pointing_post_delivers_exactly_8_bytes) {
    Fixture fixture;
    initializePointing(fixture.core);
    const Bytes click = pointingReport({0x01, 0, 0, 0x80, 0xff, 0x01, 0x81, 0x7f});
    CHECK_EQ(callStruct(fixture.core, 7, click), kSuccess);
    CHECK(fixture.device.reports(Kind::PointingReport) == std::vector<Bytes>{click});
    CHECK_EQ(callStruct(fixture.core, 7, report(7, {})), kBadArgument);
    CHECK_EQ(callStruct(fixture.core, 7, report(9, {})), kBadArgument);
    CHECK_EQ(callStruct(fixture.core, 7, {}), kBadArgument);
    CHECK_EQ(fixture.device.reports(Kind::PointingReport).size(), size_t{1});
}

DEXTKIT_TEST(pointing_post_and_reset_need_a_started_pointing_device) {
    Fixture fixture;
    CHECK_EQ(callStruct(fixture.core, 7, pointingReport({1})), kNotOpen);
    CHECK_EQ(callStruct(fixture.core, 8, {}), kNotOpen);
    initializeKeyboard(fixture.core);  // a keyboard does not make a pointing device
    CHECK_EQ(callStruct(fixture.core, 7, pointingReport({1})), kNotOpen);
    fixture.device.devicesReady = false;
    initializePointing(fixture.core);
    CHECK_EQ(callStruct(fixture.core, 7, pointingReport({1})), kBusy);
    CHECK_EQ(callStruct(fixture.core, 8, {}), kBusy);
}

DEXTKIT_TEST(pointing_reset_posts_one_empty_pointing_report) {
    Fixture fixture;
    initializePointing(fixture.core);
    CHECK_EQ(callStruct(fixture.core, 8, {}), kSuccess);
    CHECK(fixture.device.reports(Kind::PointingReport) == std::vector<Bytes>{Bytes(8, 0)});
    CHECK_EQ(fixture.device.reports(Kind::KeyboardReport).size(), size_t{0});
}

DEXTKIT_TEST(a_failed_pointing_post_returns_the_sink_result) {
    Fixture fixture;
    initializePointing(fixture.core);
    fixture.device.pointingPostResult = kError;
    CHECK_EQ(callStruct(fixture.core, 7, pointingReport({1})), kError);
    CHECK_EQ(callStruct(fixture.core, 8, {}), kError);
    CHECK(!fixture.core.pressed().pointingPressed());
}

// ---- selector 9 and the LED output report ----

DEXTKIT_TEST(led_state_needs_a_keyboard) {
    Fixture fixture;
    CHECK_EQ(callScalar(fixture.core, 9, {}, 1).code, kNotOpen);
    initializeKeyboard(fixture.core);
    const CallResult result = callScalar(fixture.core, 9, {}, 1);
    CHECK_EQ(result.code, kSuccess);
    CHECK_EQ(result.outputs[0], uint64_t{0});
    CHECK_EQ(callScalar(fixture.core, 9, {}, 2).code, kBadArgument);
}

DEXTKIT_TEST(a_led_change_is_stored_and_mirrored_as_input_report_6) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    const Bytes capsLock = {5, 0x02};
    CHECK_EQ(fixture.core.onLedOutputReport(capsLock.data(), capsLock.size()), kSuccess);
    CHECK_EQ(callScalar(fixture.core, 9, {}, 1).outputs[0], uint64_t{2});
    CHECK(fixture.device.reports(Kind::KeyboardReport) == std::vector<Bytes>{{6, 0x02}});
    // The same state again posts nothing.
    CHECK_EQ(fixture.core.onLedOutputReport(capsLock.data(), capsLock.size()), kSuccess);
    CHECK_EQ(fixture.device.reports(Kind::KeyboardReport).size(), size_t{1});
}

DEXTKIT_TEST(led_padding_bits_are_dropped_and_longer_reports_accepted) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    const Bytes everything = {5, 0xff, 0xaa};
    CHECK_EQ(fixture.core.onLedOutputReport(everything.data(), everything.size()), kSuccess);
    CHECK_EQ(fixture.core.ledState(), uint8_t{0x03});
    CHECK(fixture.device.reports(Kind::KeyboardReport) == std::vector<Bytes>{{6, 0x03}});
    const Bytes padding = {5, 0xfc};  // only padding: the state becomes 0
    CHECK_EQ(fixture.core.onLedOutputReport(padding.data(), padding.size()), kSuccess);
    CHECK_EQ(fixture.core.ledState(), uint8_t{0});
}

DEXTKIT_TEST(led_output_reports_are_validated) {
    Fixture fixture;
    const Bytes early = {5, 2};
    CHECK_EQ(fixture.core.onLedOutputReport(early.data(), early.size()), kNotOpen);
    initializeKeyboard(fixture.core);
    const Bytes shortReport = {5};
    const Bytes wrongId = {6, 2};
    CHECK_EQ(fixture.core.onLedOutputReport(nullptr, 2), kBadArgument);
    CHECK_EQ(fixture.core.onLedOutputReport(shortReport.data(), shortReport.size()), kBadArgument);
    CHECK_EQ(fixture.core.onLedOutputReport(wrongId.data(), wrongId.size()), kUnsupported);
    CHECK_EQ(fixture.core.ledState(), uint8_t{0});
    CHECK(fixture.device.events.size() == 1);  // only the keyboard creation
}

DEXTKIT_TEST(a_led_post_failure_is_returned) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    fixture.device.keyboardPostResult = kError;
    const Bytes numLock = {5, 1};
    CHECK_EQ(fixture.core.onLedOutputReport(numLock.data(), numLock.size()), kError);
}

DEXTKIT_TEST(the_led_report_does_not_count_as_pressed) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    const Bytes capsLock = {5, 2};
    fixture.core.onLedOutputReport(capsLock.data(), capsLock.size());
    fixture.core.stop();
    CHECK_EQ(fixture.device.reports(Kind::KeyboardReport).size(), size_t{1});  // just [6, 2]
}

// ---- selector 10: capabilities ----

DEXTKIT_TEST(capabilities_report_protocol_capabilities_and_driver_version) {
    Fixture fixture;
    const CallResult result = callScalar(fixture.core, 10, {}, 3);
    CHECK_EQ(result.code, kSuccess);
    CHECK_EQ(result.outputCount, 3u);
    CHECK(result.outputs == (std::vector<uint64_t>{1, 0x7, 100}));
    CHECK_EQ(callScalar(fixture.core, 10, {}, 1).code, kBadArgument);
    CHECK_EQ(callScalar(fixture.core, 10, {}, 4).code, kBadArgument);
}

DEXTKIT_TEST(capabilities_report_a_configured_protocol) {
    RecordingDevice device;
    CoreConfig config;
    config.protocolVersion = 9;
    config.capabilities = 0;
    config.driverVersion = 20304;
    UserClientCore core(ReportSink::of(device), DeviceHost::of(device), config);
    CHECK(callScalar(core, 10, {}, 3).outputs == (std::vector<uint64_t>{9, 0, 20304}));
}

// ---- stop: release before removal ----

DEXTKIT_TEST(stop_releases_pressed_report_ids_then_removes_devices) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    initializePointing(fixture.core);
    callStruct(fixture.core, 3, keyboardReport({1, 0x02, 0, 0x04}));  // shift + a down
    callStruct(fixture.core, 3, arrayReport({2, 0xe2}));              // mute down
    callStruct(fixture.core, 3, arrayReport({3, 0x03}));              // fn down ...
    callStruct(fixture.core, 3, arrayReport({3}));                    // ... and up
    callStruct(fixture.core, 7, pointingReport({0x01, 0, 0, 0, 4}));  // button 1 down, moving
    fixture.device.events.clear();

    fixture.core.stop();

    REQUIRE(fixture.device.events.size() == 4);
    CHECK(fixture.device.events[0].kind == Kind::KeyboardReport);
    CHECK(fixture.device.events[0].bytes == keyboardReport({1}));
    CHECK(fixture.device.events[1].kind == Kind::KeyboardReport);
    CHECK(fixture.device.events[1].bytes == arrayReport({2}));
    CHECK(fixture.device.events[2].kind == Kind::PointingReport);
    CHECK(fixture.device.events[2].bytes == Bytes(8, 0));
    CHECK(fixture.device.events[3].kind == Kind::RemoveDevices);
    CHECK(fixture.core.stopped());
    CHECK(!fixture.core.keyboardInitialized());
    CHECK(!fixture.core.pointingInitialized());
}

DEXTKIT_TEST(stop_with_nothing_pressed_only_removes_devices) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    initializePointing(fixture.core);
    callStruct(fixture.core, 3, keyboardReport({1, 0, 0, 0x04}));
    callStruct(fixture.core, 4, {});                                    // reset releases
    callStruct(fixture.core, 7, pointingReport({0, 0, 0, 0, 10, 10}));  // motion only
    fixture.device.events.clear();
    fixture.core.stop();
    REQUIRE(fixture.device.events.size() == 1);
    CHECK(fixture.device.events[0].kind == Kind::RemoveDevices);
}

DEXTKIT_TEST(stop_releases_the_pointing_buttons_after_a_pointing_post) {
    Fixture fixture;
    initializePointing(fixture.core);
    callStruct(fixture.core, 7, pointingReport({0, 0, 0, 0x80}));  // button 32
    fixture.device.events.clear();
    fixture.core.stop();
    REQUIRE(fixture.device.events.size() == 2);
    CHECK(fixture.device.events[0].bytes == Bytes(8, 0));
    CHECK(fixture.device.events[1].kind == Kind::RemoveDevices);
}

DEXTKIT_TEST(stop_without_devices_does_nothing_visible) {
    Fixture fixture;
    fixture.core.stop();
    CHECK(fixture.device.events.empty());
    CHECK(fixture.core.stopped());
}

DEXTKIT_TEST(stop_runs_once) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    callStruct(fixture.core, 3, keyboardReport({1, 0, 0, 0x04}));
    fixture.core.stop();
    const size_t afterFirst = fixture.device.events.size();
    fixture.core.stop();
    CHECK_EQ(fixture.device.events.size(), afterFirst);
}

DEXTKIT_TEST(stop_still_removes_devices_when_a_release_fails) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    callStruct(fixture.core, 3, keyboardReport({1, 0, 0, 0x04}));
    callStruct(fixture.core, 3, arrayReport({7, 0x82}));
    fixture.device.keyboardPostResult = kError;
    fixture.device.failingKeyboardReportId = 1;
    fixture.device.events.clear();
    fixture.core.stop();
    REQUIRE(fixture.device.events.size() == 2);
    CHECK(fixture.device.events[0].bytes == arrayReport({7}));
    CHECK(fixture.device.events[1].kind == Kind::RemoveDevices);
}

DEXTKIT_TEST(every_call_after_stop_is_not_attached) {
    Fixture fixture;
    initializeKeyboard(fixture.core);
    initializePointing(fixture.core);
    fixture.core.stop();
    fixture.device.events.clear();
    CHECK_EQ(callScalar(fixture.core, 0, {}, 1).code, kNotAttached);
    CHECK_EQ(initializeKeyboard(fixture.core), kNotAttached);
    CHECK_EQ(callScalar(fixture.core, 2, {}, 1).code, kNotAttached);
    CHECK_EQ(callStruct(fixture.core, 3, keyboardReport({1})), kNotAttached);
    CHECK_EQ(callStruct(fixture.core, 4, {}), kNotAttached);
    CHECK_EQ(initializePointing(fixture.core), kNotAttached);
    CHECK_EQ(callScalar(fixture.core, 6, {}, 1).code, kNotAttached);
    CHECK_EQ(callStruct(fixture.core, 7, pointingReport({})), kNotAttached);
    CHECK_EQ(callStruct(fixture.core, 8, {}), kNotAttached);
    CHECK_EQ(callScalar(fixture.core, 9, {}, 1).code, kNotAttached);
    CHECK_EQ(callScalar(fixture.core, 10, {}, 3).code, kNotAttached);
    const Bytes led = {5, 1};
    CHECK_EQ(fixture.core.onLedOutputReport(led.data(), led.size()), kNotAttached);
    // A malformed call is still a bad argument.
    CHECK_EQ(callScalar(fixture.core, 11, {}, 0).code, kBadArgument);
    CHECK(fixture.device.events.empty());
}

// ---- state is per client ----

DEXTKIT_TEST(two_clients_keep_separate_state) {
    RecordingDevice deviceA;
    RecordingDevice deviceB;
    UserClientCore clientA(ReportSink::of(deviceA), DeviceHost::of(deviceA));
    UserClientCore clientB(ReportSink::of(deviceB), DeviceHost::of(deviceB));

    CHECK_EQ(initializeKeyboard(clientA, 0x16c0, 0x27db, 33), kSuccess);
    CHECK_EQ(callScalar(clientB, 2, {}, 1).outputs[0], uint64_t{0});
    CHECK_EQ(callStruct(clientB, 3, keyboardReport({1})), kNotOpen);
    CHECK_EQ(initializeKeyboard(clientB, 0x05ac, 0x024f, 13), kSuccess);  // own parameters

    const Bytes capsLock = {5, 2};
    clientA.onLedOutputReport(capsLock.data(), capsLock.size());
    CHECK_EQ(callScalar(clientA, 9, {}, 1).outputs[0], uint64_t{2});
    CHECK_EQ(callScalar(clientB, 9, {}, 1).outputs[0], uint64_t{0});

    callStruct(clientA, 3, keyboardReport({1, 0, 0, 0x04}));
    deviceB.events.clear();
    clientA.stop();
    CHECK(deviceB.events.empty());
    CHECK(!clientB.stopped());
    CHECK_EQ(callStruct(clientB, 3, keyboardReport({1, 0, 0, 0x05})), kSuccess);
    CHECK_EQ(clientB.keyboardParameters().countryCode, 13u);
}
