// Stub: os_log, checked like printf (the glue logs no strings, so no %{public}s is needed).
#pragma once

typedef struct os_log_s* os_log_t;

#define OS_LOG_DEFAULT (static_cast<os_log_t>(nullptr))

void dextkit_stub_os_log(os_log_t log, const char* format, ...)
    __attribute__((format(printf, 2, 3)));

#define os_log(log, ...) dextkit_stub_os_log((log), __VA_ARGS__)
