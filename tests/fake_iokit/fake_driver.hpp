// The fake driver and its registry: which driver instance is running, its service handles, the
// open connections (one dext/core user client each), and the faults tests inject. Every public
// method expects the caller to hold mutex().
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fake_connection.hpp"
#include "recorder.hpp"
#include "user_client_core.hpp"

namespace fakeiokit {

// Restart delay meaning "stay crashed until fakeiokit_restart_driver".
constexpr uint64_t kNoAutomaticRestart = UINT64_MAX;

class FakeDriver {
public:
    // The process-wide instance. Never destroyed, so the exit hook can still use it.
    static FakeDriver& shared();

    std::mutex& mutex() { return mutex_; }
    Recorder& recorder() { return recorder_; }

    // ---- IOKit ----
    void* createMatching(const char* name, bool byName);
    const void* retainMatching(const void* matching);
    void releaseMatching(const void* matching);
    uint32_t matchingService(void* matching);
    int32_t open(uint32_t service, uint32_t task, uint32_t type, uint32_t* connect);
    int32_t close(uint32_t connect);
    int32_t releaseObject(uint32_t object);
    int32_t registryEntryId(uint32_t entry, uint64_t* entryId);
    int32_t call(uint32_t connection, uint32_t selector, const uint64_t* input, uint32_t inputCount,
                 const void* structInput, size_t structInputSize, uint64_t* output,
                 uint32_t* outputCount);

    // ---- controls (see README.md) ----
    void reset();
    void setPresent(bool present);
    bool setServiceName(const char* name);
    void failNextOpens(int32_t code, uint32_t count) { openFailure_ = {code, count}; }
    void failNextCalls(int32_t code, uint32_t count) { callFailure_ = {code, count}; }
    void crash();
    void crashAfterCalls(uint32_t count) { crashCountdown_ = count; }
    void restart();
    void setRestartDelayMilliseconds(uint32_t milliseconds);
    void setDriverVersion(uint32_t number) { coreConfig_.driverVersion = number; }
    void setProtocolVersion(uint32_t number) { coreConfig_.protocolVersion = number; }
    void setReadyDelayMilliseconds(uint32_t milliseconds);
    int32_t setLed(uint32_t connection, uint32_t state);
    bool setDeadDriverCode(int32_t code);
    void setAsyncClose(bool asynchronous) { asyncClose_ = asynchronous; }
    uint32_t finishCloses();
    int32_t setReport(uint32_t connection, uint32_t type, const uint8_t* bytes, size_t size);
    uint32_t openConnectionCount() const;
    uint32_t serviceReferenceCount() const;
    uint64_t runningRegistryEntryId();

    // The process is exiting or the library is being unloaded: every live connection's client is
    // going away, so each one releases what it holds.
    void shutdown();

private:
    struct Instance {
        uint64_t registryEntryId;
        uint32_t references;  // service handle references the client holds
        bool running;         // false once stopped or crashed
    };

    // A fault that applies to the next `remaining` operations (FAKEIOKIT_FOREVER: all of them).
    struct Failure {
        int32_t code = 0;
        uint32_t remaining = 0;
        bool take(int32_t& result);
    };

    FakeDriver();
    void startInstance();
    void stopInstance();
    void restoreDefaults();
    Instance* running();
    Instance* instanceForService(uint32_t service);
    FakeConnection* connection(uint32_t handle);
    int32_t deliverSetReport(FakeConnection& target, uint32_t type, const uint8_t* bytes,
                             size_t size);

    std::mutex mutex_;
    Recorder recorder_;
    std::vector<Instance> instances_;  // every instance ever started; index = service handle - base
    std::vector<std::unique_ptr<FakeConnection>>
        connections_;  // index = handle - base; null = closed
    // Closed by the client, user client not yet terminated (asynchronous close).
    std::vector<std::unique_ptr<FakeConnection>> pendingCloses_;
    std::string serviceName_;
    bool present_ = true;
    bool crashed_ = false;
    uint64_t crashedAt_ = 0;
    uint64_t restartDelay_ = kNoAutomaticRestart;  // nanoseconds after a crash
    uint64_t readyDelay_ = 0;                      // nanoseconds
    dextkit::CoreConfig coreConfig_;
    Failure openFailure_;
    Failure callFailure_;
    uint32_t crashCountdown_ = 0;
    int32_t deadDriverCode_ = 0;
    bool asyncClose_ = false;
};

}  // namespace fakeiokit
