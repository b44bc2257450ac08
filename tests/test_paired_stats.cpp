// Paired statistics (eval/paired_stats.h, issue 16 §1) against values computed by hand.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "eval/paired_stats.h"

#include <cmath>

using namespace semcot;

namespace {

// b questions only A got right, c only B, `both` and `neither` the rest.
std::pair<std::vector<bool>, std::vector<bool>> table(int both, int b, int c, int neither) {
    std::vector<bool> x, y;
    auto add = [&](int n, bool u, bool v) {
        for (int i = 0; i < n; ++i) {
            x.push_back(u);
            y.push_back(v);
        }
    };
    add(both, true, true);
    add(b, true, false);
    add(c, false, true);
    add(neither, false, false);
    return {x, y};
}

} // namespace

class TestPairedStats final : public QObject {
    Q_OBJECT
private slots:
    void mcnemarExactForFewDiscordant();
    void mcnemarChiSquareWithContinuityCorrection();
    void bootstrapIntervals();
    void rejectsUnpairedInput();
};

// b = 1, c = 6: P[X <= 1] for X ~ Bin(7, 1/2) is (1 + 7) / 128, doubled: 0.125.
void TestPairedStats::mcnemarExactForFewDiscordant() {
    auto [a, b] = table(40, 1, 6, 3);
    const McNemarResult r = mcnemar(a, b);
    QCOMPARE(r.both, int64_t(40));
    QCOMPARE(r.only_a, int64_t(1));
    QCOMPARE(r.only_b, int64_t(6));
    QCOMPARE(r.neither, int64_t(3));
    QVERIFY(r.exact);
    QVERIFY(std::abs(r.p_value - 0.125) < 1e-12);
    // b = 8, c = 16 (24 discordant, still exact): 2 P[X <= 8], X ~ Bin(24, 1/2) = 0.151590...
    auto [c, d] = table(0, 8, 16, 0);
    QVERIFY(std::abs(mcnemar(c, d).p_value - 0.15158963203430176) < 1e-12);
    // No discordant questions: nothing to test, p = 1.
    auto [e, f] = table(5, 0, 0, 5);
    QCOMPARE(mcnemar(e, f).p_value, 1.0);
}

// b = 30, c = 10: (|30 - 10| - 1)^2 / 40 = 9.025, p = erfc(sqrt(9.025 / 2)) = 0.0026631...
void TestPairedStats::mcnemarChiSquareWithContinuityCorrection() {
    auto [a, b] = table(100, 30, 10, 60);
    const McNemarResult r = mcnemar(a, b);
    QVERIFY(!r.exact);
    QVERIFY(std::abs(r.statistic - 9.025) < 1e-12);
    QVERIFY2(std::abs(r.p_value - 0.002663119259138554) < 1e-12, std::to_string(r.p_value).c_str());
    // Symmetric in A and B.
    QVERIFY(std::abs(mcnemar(b, a).p_value - r.p_value) < 1e-15);
}

void TestPairedStats::bootstrapIntervals() {
    // A always right, B always wrong: every resample differs by exactly 1.
    auto [a, b] = table(0, 20, 0, 0);
    BootstrapInterval r = paired_bootstrap(a, b, 500, 1);
    QCOMPARE(r.difference, 1.0);
    QCOMPARE(r.low, 1.0);
    QCOMPARE(r.high, 1.0);
    // Two questions, differences {1, 0}: resample means 0, 1/2, 1 with probabilities 1/4, 1/2,
    // 1/4, so the 2.5th and 97.5th percentiles are 0 and 1.
    auto [c, d] = table(0, 1, 0, 1);
    r = paired_bootstrap(c, d, 4000, 2);
    QCOMPARE(r.difference, 0.5);
    QCOMPARE(r.low, 0.0);
    QCOMPARE(r.high, 1.0);
    // 100 questions, half with difference 1: the resampled mean has sd sqrt(0.25 / 100) = 0.05,
    // so the interval is about 0.5 -+ 1.96 x 0.05.
    auto [e, f] = table(0, 50, 0, 50);
    r = paired_bootstrap(e, f, 20000, 3);
    QVERIFY2(std::abs(r.low - (0.5 - 0.098)) < 0.015 && std::abs(r.high - (0.5 + 0.098)) < 0.015,
             (std::to_string(r.low) + " " + std::to_string(r.high)).c_str());
    // The same seed gives the same interval; B better than A gives a negative one.
    const BootstrapInterval again = paired_bootstrap(e, f, 20000, 3);
    QCOMPARE(again.low, r.low);
    QCOMPARE(again.high, r.high);
    const BootstrapInterval reversed = paired_bootstrap(f, e, 20000, 3);
    QVERIFY(reversed.high < 0 && reversed.difference == -0.5);
}

void TestPairedStats::rejectsUnpairedInput() {
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, mcnemar({true}, {true, false}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, mcnemar({}, {}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, paired_bootstrap({true}, {false}, 10, 0));
}

QTEST_APPLESS_MAIN(TestPairedStats)
#include "test_paired_stats.moc"
