// Records what the fake driver's devices received: every posted report in a fixed-size in-memory
// ring (for in-process tests) and, when a trace file is open, one line per report or lifecycle
// event (for tests in another process). See README.md for the line format.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "dextkit/protocol.h"

namespace fakeiokit {

enum class Device : uint8_t { Keyboard = 0, Pointing = 1 };

struct RecordedReport {
    uint32_t connection;
    Device device;
    uint8_t size;
    uint8_t bytes[DEXTKIT_MAX_KEYBOARD_INPUT_REPORT_SIZE];
};

class Recorder {
public:
    // The ring keeps the most recent reports; older ones are dropped, never reallocated.
    static constexpr size_t kRingCapacity = 4096;

    // Records one report; allocates nothing.
    void report(uint32_t connection, Device device, const uint8_t* bytes, size_t size);

    // Writes "<ns> <pid> <connection> <text>" to the trace file, if one is open.
    void event(uint32_t connection, const char* format, ...) __attribute__((format(printf, 3, 4)));

    // Reports recorded since the last clear (including those the ring has dropped).
    uint64_t reportCount() const { return count_; }

    // The report with this index (0 = first since the last clear), or null if the ring no longer
    // holds it or it does not exist yet.
    const RecordedReport* reportAt(uint64_t index) const;

    void clearReports() { count_ = 0; }

    // Opens `path` for appending (created if missing); closes the previous file. False on failure.
    bool openFile(const char* path);
    void closeFile();
    bool fileOpen() const { return fd_ >= 0; }

private:
    void writeLine(const char* text, size_t length);

    std::array<RecordedReport, kRingCapacity> ring_{};
    uint64_t count_ = 0;
    int fd_ = -1;
};

}  // namespace fakeiokit
