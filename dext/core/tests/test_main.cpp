#include <cstdlib>
#include <vector>

#include "test_runner.hpp"

namespace dextkit::test {

namespace {

struct TestCase {
    const char* name;
    TestFunction function;
};

std::vector<TestCase>& registry() {
    static std::vector<TestCase> cases;
    return cases;
}

bool currentFailed = false;
const char* currentName = "";

}  // namespace

bool registerCase(const char* name, TestFunction function) {
    registry().push_back({name, function});
    return true;
}

void fail(const char* file, int line, const std::string& message) {
    if (!currentFailed) {
        std::cout << "FAIL " << currentName << "\n";
    }
    currentFailed = true;
    std::cout << "  " << file << ":" << line << ": " << message << "\n";
}

int runAll() {
    int passed = 0;
    int failed = 0;
    for (const TestCase& testCase : registry()) {
        currentName = testCase.name;
        currentFailed = false;
        testCase.function();
        if (currentFailed) {
            ++failed;
        } else {
            ++passed;
        }
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed;
}

}  // namespace dextkit::test

int main() {
    const int failed = dextkit::test::runAll();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
