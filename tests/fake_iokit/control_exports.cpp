// The fakeiokit_ test controls (C ABI). README.md documents each one.
#include <cstring>

#include "dextkit/protocol.h"
#include "driver_lock.hpp"
#include "fakeiokit.h"

using fakeiokit::DriverLock;

extern "C" {

void fakeiokit_reset(void) {
    DriverLock()->reset();
}

void fakeiokit_set_driver_present(int32_t present) {
    DriverLock()->setPresent(present != 0);
}

int32_t fakeiokit_set_service_name(const char* name) {
    return DriverLock()->setServiceName(name) ? DEXTKIT_RETURN_SUCCESS
                                              : FAKEIOKIT_IO_RETURN_BAD_ARGUMENT;
}

void fakeiokit_fail_next_opens(int32_t code, uint32_t count) {
    DriverLock()->failNextOpens(code, count);
}

void fakeiokit_fail_next_calls(int32_t code, uint32_t count) {
    DriverLock()->failNextCalls(code, count);
}

void fakeiokit_crash_driver(void) {
    DriverLock()->crash();
}

void fakeiokit_crash_after_calls(uint32_t count) {
    DriverLock()->crashAfterCalls(count);
}

void fakeiokit_restart_driver(void) {
    DriverLock()->restart();
}

void fakeiokit_set_restart_delay_ms(uint32_t milliseconds) {
    DriverLock()->setRestartDelayMilliseconds(milliseconds);
}

void fakeiokit_set_driver_version(uint32_t number) {
    DriverLock()->setDriverVersion(number);
}

void fakeiokit_set_protocol_version(uint32_t number) {
    DriverLock()->setProtocolVersion(number);
}

void fakeiokit_set_ready_delay_ms(uint32_t milliseconds) {
    DriverLock()->setReadyDelayMilliseconds(milliseconds);
}

int32_t fakeiokit_set_led(uint32_t connection, uint32_t state) {
    return DriverLock()->setLed(connection, state);
}

int32_t fakeiokit_open_trace(const char* path) {
    if (path == nullptr) {
        return FAKEIOKIT_IO_RETURN_BAD_ARGUMENT;
    }
    return DriverLock()->recorder().openFile(path) ? DEXTKIT_RETURN_SUCCESS
                                                   : FAKEIOKIT_IO_RETURN_ERROR;
}

void fakeiokit_close_trace(void) {
    DriverLock()->recorder().closeFile();
}

uint64_t fakeiokit_trace_count(void) {
    return DriverLock()->recorder().reportCount();
}

int64_t fakeiokit_trace_entry(uint64_t index, uint32_t* connection, uint32_t* device,
                              uint8_t* bytes, size_t capacity) {
    DriverLock driver;
    const fakeiokit::RecordedReport* report = driver->recorder().reportAt(index);
    if (report == nullptr) {
        return -1;
    }
    if (connection != nullptr) {
        *connection = report->connection;
    }
    if (device != nullptr) {
        *device = static_cast<uint32_t>(report->device);
    }
    if (bytes != nullptr) {
        memcpy(bytes, report->bytes, capacity < report->size ? capacity : report->size);
    }
    return report->size;
}

void fakeiokit_trace_clear(void) {
    DriverLock()->recorder().clearReports();
}

uint32_t fakeiokit_open_connection_count(void) {
    return DriverLock()->openConnectionCount();
}

uint32_t fakeiokit_service_reference_count(void) {
    return DriverLock()->serviceReferenceCount();
}

uint64_t fakeiokit_registry_entry_id(void) {
    return DriverLock()->runningRegistryEntryId();
}

int32_t fakeiokit_set_dead_driver_code(int32_t code) {
    return DriverLock()->setDeadDriverCode(code) ? DEXTKIT_RETURN_SUCCESS
                                                 : FAKEIOKIT_IO_RETURN_BAD_ARGUMENT;
}

void fakeiokit_set_async_close(int32_t asynchronous) {
    DriverLock()->setAsyncClose(asynchronous != 0);
}

uint32_t fakeiokit_finish_closes(void) {
    return DriverLock()->finishCloses();
}

int32_t fakeiokit_set_report(uint32_t connection, uint32_t type, const uint8_t* bytes,
                             size_t size) {
    return DriverLock()->setReport(connection, type, bytes, size);
}

}  // extern "C"
