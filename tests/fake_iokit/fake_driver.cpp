#include "fake_driver.hpp"

#include <cstring>

#include "dextkit/protocol.h"
#include "fakeiokit.h"
#include "matching_dictionary.hpp"
#include "monotonic_clock.hpp"

namespace fakeiokit {

namespace {

// Handle ranges: distinct so a service handle is never mistaken for a connection.
constexpr uint32_t kServiceHandleBase = 0x1001;
constexpr uint32_t kConnectionHandleBase = 0x100001;
// Above 2^32 so clients must read registry entry ids as 64-bit values.
constexpr uint64_t kFirstRegistryEntryId = 0x100000500;
constexpr uint64_t kNanosecondsPerMillisecond = 1000000;

// FAKEIOKIT_FOREVER becomes UINT64_MAX, which is both kNeverReady and kNoAutomaticRestart.
uint64_t millisecondsToNanoseconds(uint32_t milliseconds) {
    return milliseconds == FAKEIOKIT_FOREVER ? UINT64_MAX
                                             : uint64_t{milliseconds} * kNanosecondsPerMillisecond;
}

MatchingDictionary* asMatching(const void* object) {
    auto* matching = static_cast<MatchingDictionary*>(const_cast<void*>(object));
    return matching != nullptr && matching->magic == MatchingDictionary::kMagic ? matching
                                                                                : nullptr;
}

}  // namespace

bool FakeDriver::Failure::take(int32_t& result) {
    if (remaining == 0) {
        return false;
    }
    if (remaining != FAKEIOKIT_FOREVER) {
        --remaining;
    }
    result = code;
    return true;
}

FakeDriver& FakeDriver::shared() {
    static FakeDriver* const driver = new FakeDriver();
    return *driver;
}

FakeDriver::FakeDriver() {
    restoreDefaults();
    startInstance();
}

void FakeDriver::restoreDefaults() {
    serviceName_ = DEXTKIT_SERVICE_NAME;
    present_ = true;
    crashed_ = false;
    restartDelay_ = kNoAutomaticRestart;
    readyDelay_ = 0;
    coreConfig_ = dextkit::CoreConfig();
    openFailure_ = Failure();
    callFailure_ = Failure();
    crashCountdown_ = 0;
    deadDriverCode_ = FAKEIOKIT_MACH_SEND_INVALID_DEST;
    asyncClose_ = false;
}

// ---- IOKit ----

void* FakeDriver::createMatching(const char* name, bool byName) {
    if (name == nullptr) {
        return nullptr;
    }
    auto* matching = new MatchingDictionary();
    matching->byName = byName;
    matching->name = name;
    return matching;
}

const void* FakeDriver::retainMatching(const void* object) {
    if (MatchingDictionary* matching = asMatching(object)) {
        ++matching->references;
    }
    return object;
}

void FakeDriver::releaseMatching(const void* object) {
    MatchingDictionary* matching = asMatching(object);
    if (matching == nullptr || --matching->references > 0) {
        return;
    }
    matching->magic = 0;
    delete matching;
}

uint32_t FakeDriver::matchingService(void* object) {
    MatchingDictionary* matching = asMatching(object);
    if (matching == nullptr) {
        return 0;
    }
    const bool matches =
        matching->byName ? matching->name == serviceName_ : matching->name == kRootKernelClass;
    releaseMatching(matching);  // IOServiceGetMatchingService consumes one reference
    Instance* instance = running();
    if (!matches || instance == nullptr) {
        return 0;
    }
    ++instance->references;
    return kServiceHandleBase + static_cast<uint32_t>(instance - instances_.data());
}

int32_t FakeDriver::open(uint32_t service, uint32_t task, uint32_t type, uint32_t* connect) {
    if (connect == nullptr) {
        return FAKEIOKIT_IO_RETURN_BAD_ARGUMENT;
    }
    *connect = 0;
    Instance* instance = instanceForService(service);
    if (instance == nullptr || task != mach_task_self_) {
        return FAKEIOKIT_IO_RETURN_BAD_ARGUMENT;
    }
    if (!instance->running) {
        return FAKEIOKIT_IO_RETURN_NO_DEVICE;
    }
    int32_t failure = 0;
    if (openFailure_.take(failure)) {
        recorder_.event(0, "open-failed 0x%08x", static_cast<uint32_t>(failure));
        return failure;
    }
    const uint32_t handle = kConnectionHandleBase + static_cast<uint32_t>(connections_.size());
    const size_t instanceIndex = static_cast<size_t>(instance - instances_.data());
    connections_.push_back(std::make_unique<FakeConnection>(handle, instanceIndex, recorder_,
                                                            coreConfig_, readyDelay_));
    recorder_.event(handle, "open %u", type);
    *connect = handle;
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t FakeDriver::close(uint32_t connect) {
    FakeConnection* target = connection(connect);
    if (target == nullptr) {
        return FAKEIOKIT_MACH_SEND_INVALID_DEST;
    }
    std::unique_ptr<FakeConnection>& entry = connections_[connect - kConnectionHandleBase];
    if (asyncClose_ && target->alive()) {
        // IOUserUserClient::clientClose only starts termination; the user client's Stop, and with
        // it the release, runs later (macos-corrections.md item 4).
        recorder_.event(connect, "close");
        pendingCloses_.push_back(std::move(entry));
        return DEXTKIT_RETURN_SUCCESS;
    }
    if (target->alive()) {
        recorder_.event(connect, "release close");
        target->core().stop();
    }
    recorder_.event(connect, "close");
    entry.reset();
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t FakeDriver::releaseObject(uint32_t object) {
    if (object == 0) {
        return DEXTKIT_RETURN_SUCCESS;
    }
    Instance* instance = instanceForService(object);
    if (instance == nullptr) {
        return FAKEIOKIT_KERN_INVALID_RIGHT;
    }
    --instance->references;
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t FakeDriver::registryEntryId(uint32_t entry, uint64_t* entryId) {
    Instance* instance = instanceForService(entry);
    if (instance == nullptr || entryId == nullptr) {
        return FAKEIOKIT_IO_RETURN_BAD_ARGUMENT;
    }
    *entryId = instance->registryEntryId;
    return DEXTKIT_RETURN_SUCCESS;
}

int32_t FakeDriver::call(uint32_t connectionHandle, uint32_t selector, const uint64_t* input,
                         uint32_t inputCount, const void* structInput, size_t structInputSize,
                         uint64_t* output, uint32_t* outputCount) {
    FakeConnection* target = connection(connectionHandle);
    if (target == nullptr) {
        return FAKEIOKIT_MACH_SEND_INVALID_DEST;
    }
    if (!target->alive()) {
        return deadDriverCode_;
    }
    if (crashCountdown_ > 0 && --crashCountdown_ == 0) {
        crash();
        return deadDriverCode_;
    }
    int32_t result = 0;
    if (!callFailure_.take(result)) {
        if (selector == DEXTKIT_SELECTOR_KEYBOARD_RESET) {
            recorder_.event(connectionHandle, "reset keyboard");
        } else if (selector == DEXTKIT_SELECTOR_POINTING_RESET) {
            recorder_.event(connectionHandle, "reset pointing");
        }
        result = target->core().externalMethod(selector, input, inputCount, structInput,
                                               structInputSize, output, outputCount);
    }
    if (result != DEXTKIT_RETURN_SUCCESS) {
        recorder_.event(connectionHandle, "error %u 0x%08x", selector,
                        static_cast<uint32_t>(result));
    }
    return result;
}

// ---- controls ----

void FakeDriver::reset() {
    // Connections vanish without releasing anything: reset isolates tests, it is not an event.
    for (std::unique_ptr<FakeConnection>& entry : connections_) {
        entry.reset();
    }
    pendingCloses_.clear();
    for (Instance& instance : instances_) {
        instance.running = false;
        instance.references = 0;
    }
    recorder_.closeFile();
    recorder_.clearReports();
    restoreDefaults();
    startInstance();
}

void FakeDriver::setPresent(bool present) {
    if (present) {
        if (running() == nullptr) {
            present_ = true;
            crashed_ = false;
            startInstance();
        }
        return;
    }
    if (running() != nullptr) {
        stopInstance();
    }
    present_ = false;
    crashed_ = false;
}

bool FakeDriver::setServiceName(const char* name) {
    // An io_name_t holds 127 characters and a terminating NUL.
    if (name == nullptr || name[0] == '\0' || strlen(name) > 127) {
        return false;
    }
    serviceName_ = name;
    return true;
}

void FakeDriver::crash() {
    Instance* instance = running();
    if (instance == nullptr) {
        return;
    }
    const size_t index = static_cast<size_t>(instance - instances_.data());
    instance->running = false;
    crashed_ = true;
    crashedAt_ = monotonicNanoseconds();
    crashCountdown_ = 0;
    for (std::unique_ptr<FakeConnection>& entry : connections_) {
        if (entry && entry->instance() == index) {
            entry->markDead();
        }
    }
    // A user client still terminating dies with the dext: nothing is released.
    for (std::unique_ptr<FakeConnection>& entry : pendingCloses_) {
        if (entry->instance() == index) {
            entry->markDead();
        }
    }
    recorder_.event(0, "driver-crash");
}

void FakeDriver::restart() {
    if (running() != nullptr) {
        stopInstance();
    }
    present_ = true;
    crashed_ = false;
    startInstance();
}

void FakeDriver::setRestartDelayMilliseconds(uint32_t milliseconds) {
    restartDelay_ = millisecondsToNanoseconds(milliseconds);
}

void FakeDriver::setReadyDelayMilliseconds(uint32_t milliseconds) {
    readyDelay_ = millisecondsToNanoseconds(milliseconds);
}

int32_t FakeDriver::setLed(uint32_t connectionHandle, uint32_t state) {
    if (state > 0xff) {
        return FAKEIOKIT_IO_RETURN_BAD_ARGUMENT;
    }
    const uint8_t report[DEXTKIT_REPORT_SIZE_LED] = {DEXTKIT_REPORT_ID_LED_OUTPUT,
                                                     static_cast<uint8_t>(state)};
    if (connectionHandle != 0) {
        FakeConnection* target = connection(connectionHandle);
        if (target == nullptr || !target->alive()) {
            return FAKEIOKIT_MACH_SEND_INVALID_DEST;
        }
        recorder_.event(connectionHandle, "led %u", state);
        return deliverSetReport(*target, dextkit::kHidReportTypeOutput, report, sizeof(report));
    }
    // Like macOS, which sets the LEDs of every keyboard at once.
    int32_t result = DEXTKIT_RETURN_NOT_OPEN;
    bool any = false;
    for (std::unique_ptr<FakeConnection>& entry : connections_) {
        if (!entry || !entry->alive() || !entry->core().keyboardInitialized()) {
            continue;
        }
        recorder_.event(entry->handle(), "led %u", state);
        const int32_t each =
            deliverSetReport(*entry, dextkit::kHidReportTypeOutput, report, sizeof(report));
        if (!any || (result == DEXTKIT_RETURN_SUCCESS && each != DEXTKIT_RETURN_SUCCESS)) {
            result = each;
        }
        any = true;
    }
    return result;
}

int32_t FakeDriver::setReport(uint32_t connectionHandle, uint32_t type, const uint8_t* bytes,
                              size_t size) {
    FakeConnection* target = connection(connectionHandle);
    if (target == nullptr) {
        return FAKEIOKIT_MACH_SEND_INVALID_DEST;
    }
    if (!target->alive()) {
        return deadDriverCode_;
    }
    return deliverSetReport(*target, type, bytes, size);
}

bool FakeDriver::setDeadDriverCode(int32_t code) {
    switch (code) {
        case FAKEIOKIT_MACH_SEND_INVALID_DEST:
        case FAKEIOKIT_IO_RETURN_OFFLINE:
        case FAKEIOKIT_IO_RETURN_IPC_ERROR:
        case FAKEIOKIT_IO_RETURN_NOT_READY:
            deadDriverCode_ = code;
            return true;
        default:
            return false;
    }
}

uint32_t FakeDriver::finishCloses() {
    const uint32_t count = static_cast<uint32_t>(pendingCloses_.size());
    for (std::unique_ptr<FakeConnection>& entry : pendingCloses_) {
        if (entry->alive()) {
            recorder_.event(entry->handle(), "release close");
            entry->core().stop();
        }
    }
    pendingCloses_.clear();
    return count;
}

uint32_t FakeDriver::openConnectionCount() const {
    uint32_t count = 0;
    for (const std::unique_ptr<FakeConnection>& entry : connections_) {
        if (entry) {
            ++count;
        }
    }
    return count;
}

uint32_t FakeDriver::serviceReferenceCount() const {
    uint32_t count = 0;
    for (const Instance& instance : instances_) {
        count += instance.references;
    }
    return count;
}

uint64_t FakeDriver::runningRegistryEntryId() {
    Instance* instance = running();
    return instance == nullptr ? 0 : instance->registryEntryId;
}

void FakeDriver::shutdown() {
    finishCloses();
    for (std::unique_ptr<FakeConnection>& entry : connections_) {
        if (!entry || !entry->alive()) {
            continue;
        }
        recorder_.event(entry->handle(), "release exit");
        entry->core().stop();
        entry->markDead();
    }
    recorder_.event(0, "exit");
    recorder_.closeFile();
}

// ---- internals ----

void FakeDriver::startInstance() {
    const uint64_t id = kFirstRegistryEntryId + instances_.size();
    instances_.push_back({id, 0, true});
    recorder_.event(0, "driver-start %llu", static_cast<unsigned long long>(id));
}

void FakeDriver::stopInstance() {
    // Terminations already under way end first: their Stop runs before the dext exits.
    finishCloses();
    Instance* instance = running();
    const size_t index = static_cast<size_t>(instance - instances_.data());
    for (std::unique_ptr<FakeConnection>& entry : connections_) {
        if (!entry || entry->instance() != index || !entry->alive()) {
            continue;
        }
        recorder_.event(entry->handle(), "release driver-stop");
        entry->core().stop();
        entry->markDead();
    }
    instance->running = false;
    recorder_.event(0, "driver-stop");
}

FakeDriver::Instance* FakeDriver::running() {
    if (!instances_.empty() && instances_.back().running) {
        return &instances_.back();
    }
    // The system relaunches a crashed dext after a while; model that lazily, on lookup.
    if (present_ && crashed_ && restartDelay_ != kNoAutomaticRestart &&
        monotonicNanoseconds() - crashedAt_ >= restartDelay_) {
        crashed_ = false;
        startInstance();
        return &instances_.back();
    }
    return nullptr;
}

FakeDriver::Instance* FakeDriver::instanceForService(uint32_t service) {
    if (service < kServiceHandleBase || service - kServiceHandleBase >= instances_.size()) {
        return nullptr;
    }
    Instance& instance = instances_[service - kServiceHandleBase];
    return instance.references > 0 ? &instance : nullptr;
}

int32_t FakeDriver::deliverSetReport(FakeConnection& target, uint32_t type, const uint8_t* bytes,
                                     size_t size) {
    bool completed = false;
    const int32_t status = target.setReport(type, bytes, size, completed);
    if (!completed) {
        recorder_.event(target.handle(), "set-report-aborted");
    }
    return status;
}

FakeConnection* FakeDriver::connection(uint32_t handle) {
    if (handle < kConnectionHandleBase || handle - kConnectionHandleBase >= connections_.size()) {
        return nullptr;
    }
    return connections_[handle - kConnectionHandleBase].get();
}

}  // namespace fakeiokit
