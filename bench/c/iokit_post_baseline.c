/*
 * C baseline for bench/iokit_post_bench.ts: the same loop the TypeScript benchmark runs, posting
 * keyboard reports into the fake IOKit with IOConnectCallStructMethod, written in C.
 *
 * Usage: iokit_post_baseline <libfakeiokit.so> <reports>
 * Prints one JSON line: {"reports":N,"seconds":S,"reportsPerSecond":R}. Exit code 1 on any
 * failure (a failed post included), 2 on bad usage.
 *
 * The library is loaded with dlopen, like Deno.dlopen does, so both sides pay for the same
 * indirect call into the same fake. The trace file stays off (FAKEIOKIT_TRACE must be unset).
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef void* (*NameMatchingFn)(const char*);
typedef uint32_t (*GetMatchingServiceFn)(uint32_t, void*);
typedef int32_t (*ServiceOpenFn)(uint32_t, uint32_t, uint32_t, uint32_t*);
typedef int32_t (*ServiceCloseFn)(uint32_t);
typedef int32_t (*ObjectReleaseFn)(uint32_t);
typedef int32_t (*CallScalarFn)(uint32_t, uint32_t, const uint64_t*, uint32_t, uint64_t*,
                                uint32_t*);
typedef int32_t (*CallStructFn)(uint32_t, uint32_t, const void*, size_t, void*, size_t*);

enum { KEYBOARD_INITIALIZE = 1, KEYBOARD_POST_REPORT = 3, KEYBOARD_REPORT_SIZE = 67 };

static void* symbol(void* library, const char* name) {
    void* address = dlsym(library, name);
    if (address == NULL) {
        fprintf(stderr, "missing symbol %s: %s\n", name, dlerror());
        exit(1);
    }
    return address;
}

static double now(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (double)time.tv_sec + (double)time.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s <libfakeiokit.so> <reports>\n", argv[0]);
        return 2;
    }
    const long long reports = atoll(argv[2]);
    if (reports <= 0) {
        fprintf(stderr, "reports must be positive\n");
        return 2;
    }
    void* library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        fprintf(stderr, "%s\n", dlerror());
        return 1;
    }
    NameMatchingFn nameMatching = (NameMatchingFn)symbol(library, "IOServiceNameMatching");
    GetMatchingServiceFn getService =
        (GetMatchingServiceFn)symbol(library, "IOServiceGetMatchingService");
    ServiceOpenFn serviceOpen = (ServiceOpenFn)symbol(library, "IOServiceOpen");
    ServiceCloseFn serviceClose = (ServiceCloseFn)symbol(library, "IOServiceClose");
    ObjectReleaseFn objectRelease = (ObjectReleaseFn)symbol(library, "IOObjectRelease");
    CallScalarFn callScalar = (CallScalarFn)symbol(library, "IOConnectCallScalarMethod");
    CallStructFn callStruct = (CallStructFn)symbol(library, "IOConnectCallStructMethod");
    const uint32_t task = *(const uint32_t*)symbol(library, "mach_task_self_");

    const uint32_t service = getService(0, nameMatching("dextkit_VirtualHIDDeviceRoot"));
    uint32_t connection = 0;
    if (service == 0 || serviceOpen(service, task, 0, &connection) != 0) {
        fprintf(stderr, "cannot open the fake driver\n");
        return 1;
    }
    objectRelease(service);
    const uint64_t parameters[3] = {0x16c0, 0x27db, 0};
    if (callScalar(connection, KEYBOARD_INITIALIZE, parameters, 3, NULL, NULL) != 0) {
        fprintf(stderr, "keyboard initialize failed\n");
        return 1;
    }

    /* Shift+A down, then everything up: both reports are valid and alternate. */
    uint8_t down[KEYBOARD_REPORT_SIZE] = {1, 0x02, 0, 0x04};
    uint8_t up[KEYBOARD_REPORT_SIZE] = {1};
    const uint8_t* const sequence[2] = {down, up};

    int32_t failures = 0;
    const double start = now();
    for (long long index = 0; index < reports; ++index) {
        failures |= callStruct(connection, KEYBOARD_POST_REPORT, sequence[index & 1],
                               KEYBOARD_REPORT_SIZE, NULL, NULL);
    }
    const double seconds = now() - start;
    serviceClose(connection);
    if (failures != 0) {
        fprintf(stderr, "a post failed\n");
        return 1;
    }
    printf("{\"reports\":%lld,\"seconds\":%.6f,\"reportsPerSecond\":%.0f}\n", reports, seconds,
           (double)reports / seconds);
    return 0;
}
