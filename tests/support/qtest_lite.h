// A minimal stand-in for QtTest, used only when Qt is not installed (see qtest_compat.h).
// Supports the macros core tests use; anything else is a compile error, on purpose.
#pragma once

#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

struct QObject {
    virtual ~QObject() = default;
};
// The generated main() reaches the private slots through this friend.
#define Q_OBJECT friend struct qtest_lite_access;
#define slots

namespace qtest_lite {

struct Skip {
    std::string message;
};
struct Failure {
    std::string message;
};

template <typename T, typename = void>
struct Printable : std::false_type {};
template <typename T>
struct Printable<T, std::void_t<decltype(std::declval<std::ostream&>() << std::declval<const T&>())>>
    : std::true_type {};

template <typename T>
std::string show(const T& value) {
    if constexpr (Printable<T>::value) {
        std::ostringstream out;
        out << value;
        return out.str();
    } else {
        return "<value>";
    }
}

template <typename A, typename B>
void compare(const A& actual, const B& expected, const char* a, const char* b, const char* file,
             int line) {
    if (!(actual == expected)) {
        std::ostringstream out;
        out << file << ":" << line << ": QCOMPARE(" << a << ", " << b << ") failed\n   Actual:   "
            << show(actual) << "\n   Expected: " << show(expected);
        throw Failure{out.str()};
    }
}

inline std::string where(const char* file, int line) {
    return std::string(file) + ":" + std::to_string(line) + ": ";
}

template <typename T>
int run(const char* class_name, std::vector<std::pair<const char*, void (T::*)()>> tests) {
    T object;
    int failed = 0, passed = 0, skipped = 0;
    std::cout << "********* Start testing of " << class_name << " (qtest_lite) *********\n";
    for (const auto& [name, method] : tests) {
        const auto start = std::chrono::steady_clock::now();
        try {
            (object.*method)();
            ++passed;
            const double ms = std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - start)
                                  .count();
            std::cout << "PASS   : " << class_name << "::" << name << "() (" << ms << " ms)\n";
        } catch (const Skip& s) {
            ++skipped;
            std::cout << "SKIP   : " << class_name << "::" << name << "() " << s.message << "\n";
        } catch (const Failure& f) {
            ++failed;
            std::cout << "FAIL!  : " << class_name << "::" << name << "() " << f.message << "\n";
        } catch (const std::exception& e) {
            ++failed;
            std::cout << "FAIL!  : " << class_name << "::" << name
                      << "() unexpected exception: " << e.what() << "\n";
        }
    }
    std::cout << "Totals: " << passed << " passed, " << failed << " failed, " << skipped
              << " skipped\n";
    return failed;
}

} // namespace qtest_lite

#define QVERIFY(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            throw qtest_lite::Failure{qtest_lite::where(__FILE__, __LINE__) + "QVERIFY(" #cond     \
                                                                              ") failed"};         \
    } while (0)
#define QVERIFY2(cond, message)                                                                    \
    do {                                                                                           \
        if (!(cond))                                                                               \
            throw qtest_lite::Failure{qtest_lite::where(__FILE__, __LINE__) + "QVERIFY2(" #cond    \
                                      ") failed: " + std::string(message)};                        \
    } while (0)
#define QCOMPARE(actual, expected)                                                                 \
    qtest_lite::compare((actual), (expected), #actual, #expected, __FILE__, __LINE__)
#define QSKIP(message) throw qtest_lite::Skip{message}
#define QFAIL(message)                                                                             \
    throw qtest_lite::Failure{qtest_lite::where(__FILE__, __LINE__) + std::string(message)}
#define QVERIFY_THROWS_EXCEPTION(type, ...)                                                        \
    do {                                                                                           \
        bool qtest_lite_thrown = false;                                                            \
        try {                                                                                      \
            __VA_ARGS__;                                                                           \
        } catch (const type&) {                                                                    \
            qtest_lite_thrown = true;                                                              \
        }                                                                                          \
        if (!qtest_lite_thrown)                                                                    \
            throw qtest_lite::Failure{qtest_lite::where(__FILE__, __LINE__) +                      \
                                      "expected exception " #type " was not thrown"};              \
    } while (0)
#define QTEST_APPLESS_MAIN(TestObject)
#define QTEST_MAIN(TestObject)
