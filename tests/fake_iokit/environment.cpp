// Load-time configuration from FAKEIOKIT_* environment variables (for a child process that cannot
// call the controls itself) and the exit hook that applies dext/core's release rule to every
// connection still open when the process exits or the library is unloaded. README.md lists the
// variables.
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "driver_lock.hpp"
#include "fakeiokit.h"

namespace {

using fakeiokit::DriverLock;
using fakeiokit::FakeDriver;

void ignore(const char* name, const char* value, const char* reason) {
    fprintf(stderr, "fakeiokit: ignoring %s=%s: %s\n", name, value, reason);
}

// Decimal or 0x-prefixed hexadecimal, up to 32 bits.
bool parseUnsigned(const char* text, uint32_t& value) {
    if (text[0] == '\0' || text[0] == '-') {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    const unsigned long long parsed = strtoull(text, &end, 0);
    if (errno != 0 || *end != '\0' || parsed > UINT32_MAX) {
        return false;
    }
    value = static_cast<uint32_t>(parsed);
    return true;
}

// A millisecond count, or "never".
bool parseDelay(const char* text, uint32_t& milliseconds) {
    if (strcmp(text, "never") == 0) {
        milliseconds = FAKEIOKIT_FOREVER;
        return true;
    }
    return parseUnsigned(text, milliseconds) && milliseconds != FAKEIOKIT_FOREVER;
}

// "<code>" (every time) or "<code>:<count>"; the code as a 32-bit pattern, e.g. 0xe00002e2.
bool parseFailure(const char* text, int32_t& code, uint32_t& count) {
    char codeText[32];
    const char* colon = strchr(text, ':');
    const size_t codeLength = colon == nullptr ? strlen(text) : static_cast<size_t>(colon - text);
    if (codeLength == 0 || codeLength >= sizeof(codeText)) {
        return false;
    }
    memcpy(codeText, text, codeLength);
    codeText[codeLength] = '\0';
    uint32_t pattern = 0;
    if (!parseUnsigned(codeText, pattern) || pattern == 0) {
        return false;
    }
    code = static_cast<int32_t>(pattern);
    count = FAKEIOKIT_FOREVER;
    return colon == nullptr || (parseUnsigned(colon + 1, count) && count > 0);
}

__attribute__((constructor)) void configureFromEnvironment() {
    DriverLock driver;
    uint32_t number = 0;
    int32_t code = 0;
    const char* value = nullptr;

    if ((value = getenv("FAKEIOKIT_TRACE")) != nullptr && !driver->recorder().openFile(value)) {
        ignore("FAKEIOKIT_TRACE", value, strerror(errno));
    }
    if ((value = getenv("FAKEIOKIT_SERVICE_NAME")) != nullptr && !driver->setServiceName(value)) {
        ignore("FAKEIOKIT_SERVICE_NAME", value, "expected 1 to 127 characters");
    }
    if ((value = getenv("FAKEIOKIT_DRIVER_PRESENT")) != nullptr) {
        if (strcmp(value, "0") == 0 || strcmp(value, "1") == 0) {
            driver->setPresent(value[0] == '1');
        } else {
            ignore("FAKEIOKIT_DRIVER_PRESENT", value, "expected 0 or 1");
        }
    }
    if ((value = getenv("FAKEIOKIT_OPEN_ERROR")) != nullptr) {
        if (parseFailure(value, code, number)) {
            driver->failNextOpens(code, number);
        } else {
            ignore("FAKEIOKIT_OPEN_ERROR", value, "expected <nonzero code>[:<count>]");
        }
    }
    if ((value = getenv("FAKEIOKIT_CALL_ERROR")) != nullptr) {
        if (parseFailure(value, code, number)) {
            driver->failNextCalls(code, number);
        } else {
            ignore("FAKEIOKIT_CALL_ERROR", value, "expected <nonzero code>[:<count>]");
        }
    }
    if ((value = getenv("FAKEIOKIT_DRIVER_VERSION")) != nullptr) {
        if (parseUnsigned(value, number)) {
            driver->setDriverVersion(number);
        } else {
            ignore("FAKEIOKIT_DRIVER_VERSION", value, "expected a 32-bit number");
        }
    }
    if ((value = getenv("FAKEIOKIT_PROTOCOL_VERSION")) != nullptr) {
        if (parseUnsigned(value, number)) {
            driver->setProtocolVersion(number);
        } else {
            ignore("FAKEIOKIT_PROTOCOL_VERSION", value, "expected a 32-bit number");
        }
    }
    if ((value = getenv("FAKEIOKIT_READY_DELAY_MS")) != nullptr) {
        if (parseDelay(value, number)) {
            driver->setReadyDelayMilliseconds(number);
        } else {
            ignore("FAKEIOKIT_READY_DELAY_MS", value, "expected milliseconds or never");
        }
    }
    if ((value = getenv("FAKEIOKIT_RESTART_DELAY_MS")) != nullptr) {
        if (parseDelay(value, number)) {
            driver->setRestartDelayMilliseconds(number);
        } else {
            ignore("FAKEIOKIT_RESTART_DELAY_MS", value, "expected milliseconds or never");
        }
    }
    if ((value = getenv("FAKEIOKIT_DEAD_DRIVER_CODE")) != nullptr) {
        if (!parseUnsigned(value, number) || !driver->setDeadDriverCode(static_cast<int32_t>(number))) {
            ignore("FAKEIOKIT_DEAD_DRIVER_CODE", value,
                   "expected 0x10000003, 0xe00002d7, 0xe00002bf or 0xe00002d8");
        }
    }
    if ((value = getenv("FAKEIOKIT_ASYNC_CLOSE")) != nullptr) {
        if (strcmp(value, "0") == 0 || strcmp(value, "1") == 0) {
            driver->setAsyncClose(value[0] == '1');
        } else {
            ignore("FAKEIOKIT_ASYNC_CLOSE", value, "expected 0 or 1");
        }
    }
    if ((value = getenv("FAKEIOKIT_CRASH_AFTER_CALLS")) != nullptr) {
        if (parseUnsigned(value, number) && number > 0) {
            driver->crashAfterCalls(number);
        } else {
            ignore("FAKEIOKIT_CRASH_AFTER_CALLS", value, "expected a positive number");
        }
    }
}

// Runs at exit() and at dlclose(); not when the process dies from an unhandled signal.
__attribute__((destructor)) void releaseOnExit() {
    // Another thread may be inside a call when the process exits; waiting for it forever would
    // hang the exit, so give up after a while and skip the release.
    FakeDriver& driver = FakeDriver::shared();
    std::unique_lock<std::mutex> lock(driver.mutex(), std::defer_lock);
    for (int attempt = 0; attempt < 200 && !lock.try_lock(); ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (lock.owns_lock()) {
        driver.shutdown();
    }
}

}  // namespace
