// A tiny self-contained test runner: register cases with DEXTKIT_TEST, check with CHECK and
// CHECK_EQ. test_main.cpp runs every case and prints "N passed, M failed".
#pragma once

#include <cstdint>
#include <iostream>
#include <sstream>
#include <string>
#include <type_traits>

namespace dextkit::test {

using TestFunction = void (*)();

// Adds a case to the registry; returns true so it can initialize a static.
bool registerCase(const char* name, TestFunction function);

// Runs every registered case in registration order; returns the number of failed cases.
int runAll();

// Marks the running case failed and prints where.
void fail(const char* file, int line, const std::string& message);

template <typename T>
std::string describe(const T& value) {
    std::ostringstream stream;
    if constexpr (std::is_integral_v<T> && sizeof(T) <= 8) {
        if constexpr (std::is_signed_v<T>) {
            stream << static_cast<int64_t>(value) << " (0x" << std::hex
                   << static_cast<uint64_t>(static_cast<std::make_unsigned_t<T>>(value)) << ")";
        } else {
            stream << static_cast<uint64_t>(value) << " (0x" << std::hex
                   << static_cast<uint64_t>(value) << ")";
        }
    } else {
        stream << value;
    }
    return stream.str();
}

template <typename A, typename B>
void checkEqual(const A& actual, const B& expected, const char* actualText,
                const char* expectedText, const char* file, int line) {
    if (!(actual == expected)) {
        fail(file, line,
             std::string(actualText) + " == " + expectedText + ": got " + describe(actual) +
                 ", expected " + describe(expected));
    }
}

}  // namespace dextkit::test

#define DEXTKIT_TEST(name)                                 \
    static void name();                                    \
    [[maybe_unused]] static const bool name##_registered = \
        ::dextkit::test::registerCase(#name, name);        \
    static void name()

// Variadic so that a condition containing a braced initializer's commas needs no extra parentheses.
#define CHECK(...)                                                                   \
    do {                                                                             \
        if (!(__VA_ARGS__)) ::dextkit::test::fail(__FILE__, __LINE__, #__VA_ARGS__); \
    } while (false)

#define CHECK_EQ(actual, expected) \
    ::dextkit::test::checkEqual((actual), (expected), #actual, #expected, __FILE__, __LINE__)

// Like CHECK, but ends the test case on failure (use before indexing into a result).
#define REQUIRE(...)                                                 \
    do {                                                             \
        if (!(__VA_ARGS__)) {                                        \
            ::dextkit::test::fail(__FILE__, __LINE__, #__VA_ARGS__); \
            return;                                                  \
        }                                                            \
    } while (false)
