// Slices, the confusion table and paired comparisons of an evaluation (report/slices.h,
// report/comparison.h; issue 16) on a planted evaluation whose answers are known.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "report/comparison.h"
#include "report/report_model.h"
#include "report/slices.h"

#include <nlohmann/json.hpp>

using namespace semcot;

namespace {

// Coin-flip questions with `flips` of 5 people flipping; gold is "yes" for an even count.
std::string coin_query(int flips, int extra_words) {
    const char* names[] = {"Ann", "Bob", "Cid", "Dee", "Eve"};
    std::string q = "A coin is heads up.";
    for (int i = 0; i < 5; ++i)
        q += std::string(" ") + names[i] + (i < flips ? " flips the coin." : " does not flip the coin.");
    for (int i = 0; i < extra_words; ++i) q += " really";
    return q + " Is the coin still heads up?";
}

// Planted: the method answers "no" to every question with 4 or more flips (so every gold "yes"
// there is wrong) and right otherwise; a second method is right everywhere.
EvaluationResult planted() {
    EvaluationResult e;
    int64_t index = 0;
    for (int flips = 0; flips <= 5; ++flips)
        for (int k = 0; k < 4; ++k) {
            const std::string gold = flips % 2 == 0 ? "yes" : "no";
            const std::string query = coin_query(flips, k);
            for (Method m : {Method::semcot, Method::pause}) {
                SampleResult s;
                s.index = index;
                s.query = query;
                s.gold = gold;
                s.result.method = m;
                s.result.extracted = m == Method::semcot && flips >= 4 ? "no" : gold;
                s.result.correct = s.result.extracted == gold;
                s.result.total_s = m == Method::semcot ? 0.002 : 0.001 * (1 + k);
                e.samples.push_back(s);
            }
            ++index;
        }
    return e;
}

} // namespace

class TestSlices final : public QObject {
    Q_OBJECT
private slots:
    void slicesByFeatureAnswerAndLength();
    void confusionTableListsItsQuestions();
    void pairedComparisonOfTwoMethods();
};

void TestSlices::slicesByFeatureAnswerAndLength() {
    const EvaluationResult e = planted();
    const auto by = available_slices(e, "semcot");
    QVERIFY(std::find(by.begin(), by.end(), "feature:flips") != by.end());
    QVERIFY(std::find(by.begin(), by.end(), "feature:people") != by.end());
    const SliceTable flips = slice_results(e, "semcot", "feature:flips");
    QCOMPARE(flips.rows.size(), size_t(6));
    for (int f = 0; f <= 5; ++f) {
        const SliceRow& r = flips.rows[size_t(f)];
        QCOMPARE(r.slice, std::to_string(f));
        QCOMPARE(r.n, int64_t(4));
        QCOMPARE(r.correct, f == 4 ? int64_t(0) : int64_t(4)); // 5 flips: gold "no", answered no
    }
    const SliceTable answer = slice_results(e, "semcot", "answer");
    QCOMPARE(answer.rows.size(), size_t(2));
    QCOMPARE(answer.rows[0].slice, std::string("no"));
    QCOMPARE(answer.rows[0].accuracy, 1.0);
    QCOMPARE(answer.rows[1].slice, std::string("yes"));
    QCOMPARE(answer.rows[1].correct, int64_t(8)); // 0 and 2 flips right, 4 flips wrong
    const SliceTable length = slice_results(e, "semcot", "length");
    int64_t total = 0;
    for (const auto& r : length.rows) total += r.n;
    QCOMPARE(total, int64_t(24));
    QVERIFY(length.rows.size() >= 2 && length.rows.size() <= 4);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, slice_results(e, "semcot", "colour"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, slice_results(e, "semcot", "feature:colour"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, slice_results(e, "codi", "answer"));
    // The JSON keeps the rows' sample positions.
    const auto j = flips.to_json();
    QCOMPARE(j["rows"][4]["samples"].size(), size_t(4));
}

void TestSlices::confusionTableListsItsQuestions() {
    const EvaluationResult e = planted();
    const ConfusionTable t = confusion_table(e, "semcot");
    QCOMPARE(t.gold, (std::vector<std::string>{"no", "yes"}));
    QCOMPARE(t.predicted, (std::vector<std::string>{"no", "yes"}));
    QCOMPARE(t.counts, (std::vector<std::vector<int64_t>>{{12, 0}, {4, 8}}));
    for (int64_t i : t.samples[1][0]) { // gold yes, predicted no: the four 4-flip questions
        QCOMPARE(e.samples[size_t(i)].gold, std::string("yes"));
        QCOMPARE(e.samples[size_t(i)].result.extracted, std::string("no"));
    }
}

void TestSlices::pairedComparisonOfTwoMethods() {
    const EvaluationResult e = planted();
    const PairedComparison c = compare_methods(e, "semcot", e, "pause", 1000, 0);
    QCOMPARE(c.n, int64_t(24));
    QCOMPARE(c.mcnemar.only_b, int64_t(4));
    QCOMPARE(c.mcnemar.only_a, int64_t(0));
    QVERIFY(std::abs(c.mcnemar.p_value - 0.125) < 1e-12); // 2 x (1/2)^4
    QVERIFY(std::abs(c.bootstrap.difference + 4.0 / 24.0) < 1e-12);
    QVERIFY(std::abs(c.latency_a.mean - 0.002) < 1e-12 && c.latency_a.sd < 1e-12);
    QVERIFY(std::abs(c.latency_b.mean - 0.0025) < 1e-12 && c.latency_b.sd > 0);
    // Round trip through the evaluation JSON, as `semcot compare --eval` reads it.
    const EvaluationResult back = report::evaluation_from_json(e.to_json(), "planted");
    QCOMPARE(compare_methods(back, "semcot", back, "pause", 1000, 0).mcnemar.only_b, int64_t(4));
    EvaluationResult fewer = e;
    fewer.samples.pop_back();
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, compare_methods(fewer, "semcot", fewer, "pause"));
}

QTEST_APPLESS_MAIN(TestSlices)
#include "test_slices.moc"
