/*
 * libfakeiokit: the IOKit client ABI that dextkit's FFI client uses, backed by dext/core, plus
 * test controls with the fakeiokit_ prefix. See README.md for behaviour, environment variables
 * and the trace format.
 *
 * Types follow IOKitLib.h: ports and objects are uint32_t, kern_return_t is int32_t, structure
 * counts are size_t. Matching dictionaries are opaque pointers.
 */
#ifndef FAKEIOKIT_H
#define FAKEIOKIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FAKEIOKIT_EXPORT __attribute__((visibility("default")))

/* Mach / IOKit codes the fake returns besides dext/core's DEXTKIT_RETURN_* values. */
#define FAKEIOKIT_KERN_INVALID_RIGHT 17
#define FAKEIOKIT_MACH_SEND_INVALID_DEST 0x10000003
#define FAKEIOKIT_IO_RETURN_ERROR ((int32_t)0xE00002BCu)
#define FAKEIOKIT_IO_RETURN_NO_DEVICE ((int32_t)0xE00002C0u)
#define FAKEIOKIT_IO_RETURN_BAD_ARGUMENT ((int32_t)0xE00002C2u)
#define FAKEIOKIT_IO_RETURN_ABORTED ((int32_t)0xE00002EBu)
/* What calls into a dead dext return (macos-corrections.md item 3). */
#define FAKEIOKIT_IO_RETURN_OFFLINE ((int32_t)0xE00002D7u)
#define FAKEIOKIT_IO_RETURN_IPC_ERROR ((int32_t)0xE00002BFu)
#define FAKEIOKIT_IO_RETURN_NOT_READY ((int32_t)0xE00002D8u)

/* Pass as a count to make a failure or ready delay permanent. */
#define FAKEIOKIT_FOREVER UINT32_MAX

/* Device kinds in the in-memory trace. */
#define FAKEIOKIT_DEVICE_KEYBOARD 0u
#define FAKEIOKIT_DEVICE_POINTING 1u

/* ---- IOKit / libSystem ABI (and the two CoreFoundation calls on matching dictionaries) ---- */

FAKEIOKIT_EXPORT extern uint32_t mach_task_self_;
FAKEIOKIT_EXPORT extern const uint32_t kIOMainPortDefault;

FAKEIOKIT_EXPORT void* IOServiceNameMatching(const char* name);
FAKEIOKIT_EXPORT void* IOServiceMatching(const char* name);
FAKEIOKIT_EXPORT uint32_t IOServiceGetMatchingService(uint32_t mainPort, void* matching);
FAKEIOKIT_EXPORT int32_t IOServiceOpen(uint32_t service, uint32_t owningTask, uint32_t type,
                                       uint32_t* connect);
FAKEIOKIT_EXPORT int32_t IOServiceClose(uint32_t connect);
FAKEIOKIT_EXPORT int32_t IOObjectRelease(uint32_t object);
FAKEIOKIT_EXPORT int32_t IORegistryEntryGetRegistryEntryID(uint32_t entry, uint64_t* entryID);
FAKEIOKIT_EXPORT int32_t IOConnectCallScalarMethod(uint32_t connection, uint32_t selector,
                                                   const uint64_t* input, uint32_t inputCnt,
                                                   uint64_t* output, uint32_t* outputCnt);
FAKEIOKIT_EXPORT int32_t IOConnectCallStructMethod(uint32_t connection, uint32_t selector,
                                                   const void* inputStruct, size_t inputStructCnt,
                                                   void* outputStruct, size_t* outputStructCnt);
FAKEIOKIT_EXPORT int32_t IOConnectCallMethod(uint32_t connection, uint32_t selector,
                                             const uint64_t* input, uint32_t inputCnt,
                                             const void* inputStruct, size_t inputStructCnt,
                                             uint64_t* output, uint32_t* outputCnt,
                                             void* outputStruct, size_t* outputStructCnt);
FAKEIOKIT_EXPORT const void* CFRetain(const void* object);
FAKEIOKIT_EXPORT void CFRelease(const void* object);

/* ---- Test controls ---- */

FAKEIOKIT_EXPORT void fakeiokit_reset(void);
FAKEIOKIT_EXPORT void fakeiokit_set_driver_present(int32_t present);
FAKEIOKIT_EXPORT int32_t fakeiokit_set_service_name(const char* name);
FAKEIOKIT_EXPORT void fakeiokit_fail_next_opens(int32_t code, uint32_t count);
FAKEIOKIT_EXPORT void fakeiokit_fail_next_calls(int32_t code, uint32_t count);
FAKEIOKIT_EXPORT void fakeiokit_crash_driver(void);
FAKEIOKIT_EXPORT void fakeiokit_crash_after_calls(uint32_t count);
FAKEIOKIT_EXPORT void fakeiokit_restart_driver(void);
FAKEIOKIT_EXPORT void fakeiokit_set_restart_delay_ms(uint32_t milliseconds);
FAKEIOKIT_EXPORT void fakeiokit_set_driver_version(uint32_t number);
FAKEIOKIT_EXPORT void fakeiokit_set_protocol_version(uint32_t number);
FAKEIOKIT_EXPORT void fakeiokit_set_ready_delay_ms(uint32_t milliseconds);
FAKEIOKIT_EXPORT int32_t fakeiokit_set_led(uint32_t connection, uint32_t state);
FAKEIOKIT_EXPORT int32_t fakeiokit_open_trace(const char* path);
FAKEIOKIT_EXPORT void fakeiokit_close_trace(void);
FAKEIOKIT_EXPORT uint64_t fakeiokit_trace_count(void);
FAKEIOKIT_EXPORT int64_t fakeiokit_trace_entry(uint64_t index, uint32_t* connection,
                                               uint32_t* device, uint8_t* bytes, size_t capacity);
FAKEIOKIT_EXPORT void fakeiokit_trace_clear(void);
FAKEIOKIT_EXPORT uint32_t fakeiokit_open_connection_count(void);
FAKEIOKIT_EXPORT uint32_t fakeiokit_service_reference_count(void);
FAKEIOKIT_EXPORT uint64_t fakeiokit_registry_entry_id(void);
FAKEIOKIT_EXPORT int32_t fakeiokit_set_dead_driver_code(int32_t code);
FAKEIOKIT_EXPORT void fakeiokit_set_async_close(int32_t asynchronous);
FAKEIOKIT_EXPORT uint32_t fakeiokit_finish_closes(void);
FAKEIOKIT_EXPORT int32_t fakeiokit_set_report(uint32_t connection, uint32_t type,
                                              const uint8_t* bytes, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* FAKEIOKIT_H */
