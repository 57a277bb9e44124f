#include "recorder.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "monotonic_clock.hpp"

namespace fakeiokit {

namespace {

// Long enough for the longest line: a 67-byte report in hex plus the prefix.
constexpr size_t kLineCapacity = 512;

size_t linePrefix(char* line, uint32_t connection) {
    const int length = snprintf(line, kLineCapacity, "%llu %ld %u ",
                                static_cast<unsigned long long>(monotonicNanoseconds()),
                                static_cast<long>(getpid()), connection);
    return length > 0 ? static_cast<size_t>(length) : 0;
}

}  // namespace

void Recorder::report(uint32_t connection, Device device, const uint8_t* bytes, size_t size) {
    RecordedReport& slot = ring_[count_ % kRingCapacity];
    const size_t kept = size < sizeof(slot.bytes) ? size : sizeof(slot.bytes);
    slot.connection = connection;
    slot.device = device;
    slot.size = static_cast<uint8_t>(kept);
    memcpy(slot.bytes, bytes, kept);
    ++count_;

    if (fd_ < 0) {
        return;
    }
    static const char kHex[] = "0123456789abcdef";
    char line[kLineCapacity];
    size_t length = linePrefix(line, connection);
    const char* name = device == Device::Keyboard ? "keyboard " : "pointing ";
    memcpy(line + length, name, 9);
    length += 9;
    for (size_t index = 0; index < kept; ++index) {
        line[length++] = kHex[bytes[index] >> 4];
        line[length++] = kHex[bytes[index] & 0x0f];
    }
    line[length++] = '\n';
    writeLine(line, length);
}

void Recorder::event(uint32_t connection, const char* format, ...) {
    if (fd_ < 0) {
        return;
    }
    char line[kLineCapacity];
    size_t length = linePrefix(line, connection);
    const size_t available = kLineCapacity - length - 1;  // one byte kept for the newline
    va_list arguments;
    va_start(arguments, format);
    const int written = vsnprintf(line + length, available, format, arguments);
    va_end(arguments);
    if (written < 0) {
        return;
    }
    const size_t textLength = static_cast<size_t>(written);
    length += textLength < available ? textLength : available - 1;  // truncated text
    line[length++] = '\n';
    writeLine(line, length);
}

const RecordedReport* Recorder::reportAt(uint64_t index) const {
    if (index >= count_ || count_ - index > kRingCapacity) {
        return nullptr;
    }
    return &ring_[index % kRingCapacity];
}

bool Recorder::openFile(const char* path) {
    closeFile();
    fd_ = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    return fd_ >= 0;
}

void Recorder::closeFile() {
    if (fd_ >= 0) {
        close(fd_);
    }
    fd_ = -1;
}

void Recorder::writeLine(const char* text, size_t length) {
    // One write per line on an O_APPEND descriptor: a reader in another process never sees half
    // a line, and nothing sits in a buffer if the process dies.
    // A failed trace write has nowhere useful to be reported; the test reading the file will
    // notice the missing line.
    const ssize_t written = write(fd_, text, length);
    (void)written;
}

}  // namespace fakeiokit
