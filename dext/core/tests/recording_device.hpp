// A ReportSink and DeviceHost that records what the core did, with switchable results, for tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "device_host.hpp"
#include "dextkit/protocol.h"
#include "report_sink.hpp"

namespace dextkit::test {

// One thing the core did to its devices.
struct DeviceEvent {
    enum class Kind {
        KeyboardReport,
        PointingReport,
        CreateKeyboard,
        CreatePointing,
        RemoveDevices
    };
    Kind kind;
    std::vector<uint8_t> bytes;     // the report, for the two report kinds
    KeyboardParameters parameters;  // for CreateKeyboard
};

class RecordingDevice {
public:
    int32_t postKeyboardReport(const uint8_t* bytes, size_t size) {
        if (keyboardPostResult != DEXTKIT_RETURN_SUCCESS &&
            (failingKeyboardReportId == 0 || failingKeyboardReportId == bytes[0])) {
            return keyboardPostResult;
        }
        events.push_back({DeviceEvent::Kind::KeyboardReport, {bytes, bytes + size}, {}});
        return DEXTKIT_RETURN_SUCCESS;
    }
    int32_t postPointingReport(const uint8_t* bytes, size_t size) {
        if (pointingPostResult != DEXTKIT_RETURN_SUCCESS) {
            return pointingPostResult;
        }
        events.push_back({DeviceEvent::Kind::PointingReport, {bytes, bytes + size}, {}});
        return DEXTKIT_RETURN_SUCCESS;
    }
    int32_t createKeyboard(const KeyboardParameters& parameters) {
        if (createResult != DEXTKIT_RETURN_SUCCESS) {
            return createResult;
        }
        events.push_back({DeviceEvent::Kind::CreateKeyboard, {}, parameters});
        return DEXTKIT_RETURN_SUCCESS;
    }
    int32_t createPointing() {
        if (createResult != DEXTKIT_RETURN_SUCCESS) {
            return createResult;
        }
        events.push_back({DeviceEvent::Kind::CreatePointing, {}, {}});
        return DEXTKIT_RETURN_SUCCESS;
    }
    bool keyboardReady() const { return devicesReady; }
    bool pointingReady() const { return devicesReady; }
    void removeDevices() { events.push_back({DeviceEvent::Kind::RemoveDevices, {}, {}}); }

    // Reports only, in order, as byte vectors.
    std::vector<std::vector<uint8_t>> reports(DeviceEvent::Kind kind) const {
        std::vector<std::vector<uint8_t>> result;
        for (const DeviceEvent& event : events) {
            if (event.kind == kind) {
                result.push_back(event.bytes);
            }
        }
        return result;
    }

    std::vector<DeviceEvent> events;
    bool devicesReady = true;
    int32_t createResult = DEXTKIT_RETURN_SUCCESS;
    // Keyboard posts fail with keyboardPostResult: every id when failingKeyboardReportId is 0,
    // else only that id.
    int32_t keyboardPostResult = DEXTKIT_RETURN_SUCCESS;
    uint8_t failingKeyboardReportId = 0;
    int32_t pointingPostResult = DEXTKIT_RETURN_SUCCESS;
};

// A report of `size` bytes: `prefix`, then zeros.
inline std::vector<uint8_t> report(size_t size, std::vector<uint8_t> prefix) {
    prefix.resize(size, 0);
    return prefix;
}

}  // namespace dextkit::test
