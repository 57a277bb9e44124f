/*
 * C baseline for bench/karabiner_post_bench.ts: the loop the TypeScript transport runs, written
 * in C: connect to the daemon's UNIX stream socket and send() the same 83-byte keyboard post
 * frame (length, request type, request id, protocol 7 service header, Shift+A / all-up report)
 * again and again, reading whatever arrived without waiting every 16 sends, as the device does.
 *
 * Usage: karabiner_send_baseline <socket> <reports>
 * Prints one JSON line: {"reports":N,"seconds":S,"reportsPerSecond":R}. Exit code 1 on any
 * failure, 2 on bad usage.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

enum { FRAME_SIZE = 13 + 3 + 67 };

static double now(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (double)time.tv_sec + (double)time.tv_nsec / 1e9;
}

static void frame(uint8_t* out, uint64_t id, int down) {
    memset(out, 0, FRAME_SIZE);
    uint32_t body = FRAME_SIZE - 4;
    out[0] = (uint8_t)(body >> 24);
    out[1] = (uint8_t)(body >> 16);
    out[2] = (uint8_t)(body >> 8);
    out[3] = (uint8_t)body;
    out[4] = 4;
    for (int byte = 0; byte < 8; byte++) out[5 + byte] = (uint8_t)(id >> (56 - 8 * byte));
    out[13] = 7;
    out[14] = 0;
    out[15] = 6;
    out[16] = 1;
    if (down) {
        out[17] = 0x02;
        out[19] = 0x04;
    }
}

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s <socket> <reports>\n", argv[0]);
        return 2;
    }
    const long long reports = atoll(argv[2]);
    if (reports <= 0 || strlen(argv[1]) >= sizeof(((struct sockaddr_un*)0)->sun_path)) {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    strcpy(address.sun_path, argv[1]);
    if (fd < 0 || connect(fd, (struct sockaddr*)&address, sizeof address) != 0) {
        perror("connect");
        return 1;
    }
    uint8_t down[FRAME_SIZE];
    uint8_t up[FRAME_SIZE];
    uint8_t incoming[65536];
    int since_drain = 0;
    const double start = now();
    for (long long index = 0; index < reports; index++) {
        uint8_t* bytes = (index & 1) == 0 ? down : up;
        frame(bytes, (uint64_t)index + 1, (index & 1) == 0);
        size_t sent = 0;
        while (sent < FRAME_SIZE) {
            ssize_t result = send(fd, bytes + sent, FRAME_SIZE - sent, MSG_NOSIGNAL);
            if (result <= 0) {
                perror("send");
                return 1;
            }
            sent += (size_t)result;
        }
        if (++since_drain >= 16) {
            since_drain = 0;
            while (recv(fd, incoming, sizeof incoming, MSG_DONTWAIT) > 0) {
            }
        }
    }
    const double seconds = now() - start;
    close(fd);
    printf("{\"reports\":%lld,\"seconds\":%.6f,\"reportsPerSecond\":%.1f}\n", reports, seconds,
           (double)reports / seconds);
    return 0;
}
