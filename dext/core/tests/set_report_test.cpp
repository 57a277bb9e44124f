// handleSetReport completes every request exactly once (set_report.hpp, macos-corrections.md
// item 2), whatever the report type, the mapping result or the core's answer.
#include "set_report.hpp"

#include <cstdint>
#include <vector>

#include "core_calls.hpp"
#include "recording_device.hpp"
#include "test_runner.hpp"
#include "user_client_core.hpp"

using namespace dextkit;
using namespace dextkit::test;

namespace {

constexpr int32_t kSuccess = 0;
constexpr int32_t kBadArgument = static_cast<int32_t>(0xE00002C2u);
constexpr int32_t kUnsupported = static_cast<int32_t>(0xE00002C7u);
constexpr int32_t kNotOpen = static_cast<int32_t>(0xE00002CDu);
constexpr int32_t kNotAttached = static_cast<int32_t>(0xE00002D9u);
constexpr int32_t kNoMemory = static_cast<int32_t>(0xE00002BDu);
constexpr uint32_t kInput = 0;
constexpr uint32_t kOutput = 1;
constexpr uint32_t kFeature = 2;

struct Completion {
    int calls = 0;
    int32_t status = 0;
    uint32_t length = 0;
};

struct Keyboard {
    RecordingDevice device;
    UserClientCore core{ReportSink::of(device), DeviceHost::of(device)};
    Completion completion;

    // One SET_REPORT through the shared path, as the glue and the fake run it.
    int32_t setReport(uint32_t type, std::vector<uint8_t> bytes, int32_t mapResult = kSuccess) {
        return handleSetReport(
            type, mapResult, bytes.empty() ? nullptr : bytes.data(), bytes.size(),
            [this](const uint8_t* report, size_t size) {
                return core.onLedOutputReport(report, size);
            },
            [this](int32_t status, uint32_t length) {
                ++completion.calls;
                completion.status = status;
                completion.length = length;
            });
    }
};

void checkCompletedOnce(const Keyboard& keyboard, int32_t returned, int32_t expected,
                        uint32_t length) {
    CHECK_EQ(returned, expected);
    CHECK_EQ(keyboard.completion.calls, 1);
    CHECK_EQ(keyboard.completion.status, expected);
    CHECK_EQ(keyboard.completion.length, length);
}

}  // namespace

DEXTKIT_TEST(set_report_completes_the_led_output_report_with_its_length) {
    Keyboard keyboard;
    initializeKeyboard(keyboard.core);
    checkCompletedOnce(keyboard, keyboard.setReport(kOutput, {5, 2}), kSuccess, 2);
    CHECK_EQ(keyboard.core.ledState(), 2);
}

DEXTKIT_TEST(set_report_completes_input_and_feature_reports_as_unsupported) {
    for (uint32_t type : {kInput, kFeature, 7u}) {
        Keyboard keyboard;
        initializeKeyboard(keyboard.core);
        checkCompletedOnce(keyboard, keyboard.setReport(type, {5, 2}), kUnsupported, 0);
        CHECK_EQ(keyboard.core.ledState(), 0);
    }
}

DEXTKIT_TEST(set_report_completes_a_failed_mapping_with_its_code) {
    Keyboard keyboard;
    initializeKeyboard(keyboard.core);
    checkCompletedOnce(keyboard, keyboard.setReport(kOutput, {}, kNoMemory), kNoMemory, 0);
}

DEXTKIT_TEST(set_report_completes_every_report_the_core_rejects) {
    Keyboard empty;
    initializeKeyboard(empty.core);
    checkCompletedOnce(empty, empty.setReport(kOutput, {}), kBadArgument, 0);
    Keyboard shortReport;
    initializeKeyboard(shortReport.core);
    checkCompletedOnce(shortReport, shortReport.setReport(kOutput, {5}), kBadArgument, 0);
    Keyboard wrongId;
    initializeKeyboard(wrongId.core);
    checkCompletedOnce(wrongId, wrongId.setReport(kOutput, {9, 2}), kUnsupported, 0);
    Keyboard uninitialized;
    checkCompletedOnce(uninitialized, uninitialized.setReport(kOutput, {5, 2}), kNotOpen, 0);
    Keyboard stopped;
    initializeKeyboard(stopped.core);
    stopped.core.stop();
    checkCompletedOnce(stopped, stopped.setReport(kOutput, {5, 2}), kNotAttached, 0);
}
