// Tests are QtTest executables. Core must also build and test on GPU servers without Qt, so
// when Qt is absent the same sources compile against qtest_lite.h, a minimal stand-in for the
// QtTest macros used in core tests (QVERIFY, QVERIFY2, QCOMPARE, QSKIP, QFAIL,
// QVERIFY_THROWS_EXCEPTION); CMake then generates main() from the `private slots:` list.
#pragma once

#ifdef SEMCOT_HAVE_QTTEST
#include <QtTest/QtTest>
#else
#include "support/qtest_lite.h"
#endif

#include <string>

// Paths configured by CMake (never "../../..").
namespace test_paths {
inline std::string data_dir() {
    return SEMCOT_TEST_DATA_DIR;
}
inline std::string shared_dir() {
    return SEMCOT_SHARED_DIR;
}
inline std::string tmp_dir() {
    return SEMCOT_TEST_TMP_DIR;
}
} // namespace test_paths
