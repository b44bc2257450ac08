// The training log (semcot/train_log.h) and the curve smoothing (eval/smoothing.h) behind the
// Runs view's overlaid curves (issue 16 §1), against values computed by hand.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "eval/smoothing.h"
#include "semcot/train_log.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

bool near(double a, double b) {
    return std::abs(a - b) < 1e-12;
}

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::path(test_paths::tmp_dir()) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

} // namespace

class TestTrainLog final : public QObject {
    Q_OBJECT
private slots:
    void tensorBoardEma();
    void zeroWeightIsRaw();
    void nonFiniteValuesPassThrough();
    void rejectsBadWeight();
    void writesAndReadsTheLog();
    void resumedStepsKeepTheLastEntry();
    void absentLogIsEmpty();
};

// w = 0.5 on 1, 2, 3: last = 0.5, 1.25, 2.125; debias 1 - 0.5^n = 0.5, 0.75, 0.875;
// smoothed = 1, 5/3, 17/7.
void TestTrainLog::tensorBoardEma() {
    const auto s = smooth_ema({1, 2, 3}, 0.5);
    QCOMPARE(s.size(), size_t(3));
    QVERIFY(near(s[0], 1.0));
    QVERIFY(near(s[1], 5.0 / 3.0));
    QVERIFY(near(s[2], 17.0 / 7.0));
    // w = 0.9 on 4, 2: last = 0.4, 0.36 + 0.2 = 0.56; debias 0.1, 0.19: 4, 0.56 / 0.19.
    const auto t = smooth_ema({4, 2}, 0.9);
    QVERIFY(near(t[0], 4.0));
    QVERIFY(near(t[1], 0.56 / 0.19));
    // A constant stays constant (the debiasing removes the pull towards 0).
    for (double v : smooth_ema({2, 2, 2, 2}, 0.99)) QVERIFY(near(v, 2.0));
}

void TestTrainLog::zeroWeightIsRaw() {
    const std::vector<double> raw = {0.9, 0.1, 0.5, 0.3};
    QVERIFY(smooth_ema(raw, 0) == raw);
}

// 1, NaN, 3 with w = 0.5: NaN kept, then last = 0.25 + 1.5 = 1.75 over 1 - 0.25: 7/3.
void TestTrainLog::nonFiniteValuesPassThrough() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto s = smooth_ema({1, nan, 3}, 0.5);
    QVERIFY(near(s[0], 1.0));
    QVERIFY(std::isnan(s[1]));
    QVERIFY(near(s[2], 7.0 / 3.0));
}

void TestTrainLog::rejectsBadWeight() {
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, smooth_ema({1}, 1.0));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, smooth_ema({1}, -0.1));
}

// What train_run's callback writes is what the reader returns, with epoch positions.
void TestTrainLog::writesAndReadsTheLog() {
    const fs::path dir = fresh_dir("train_log_write");
    int forwarded = 0;
    auto cb = with_train_log(dir / kTrainLogFile, [&](const TrainProgress&) {
        ++forwarded;
        return true;
    });
    auto report = [&](const std::string& stage, int64_t step, int64_t epoch, double loss,
                      double val = std::numeric_limits<double>::quiet_NaN()) {
        TrainProgress p;
        p.stage = stage;
        p.step = step;
        p.epoch = epoch;
        p.loss = loss;
        p.val_loss = val;
        QVERIFY(cb(p));
    };
    report("teacher/train", 1, 1, 2.0);
    report("teacher/train", 2, 1, 1.0);
    report("teacher/validate", 2, 1, 0.9, 0.8);
    report("teacher/train", 3, 2, 0.5);
    report("cg2/train", 1, 1, 0.25);
    QCOMPARE(forwarded, 5);
    const TrainLog log = read_train_log(dir);
    QCOMPARE(log.stages.size(), size_t(2));
    const TrainLogStage* t = log.stage("teacher");
    QVERIFY(t);
    QCOMPARE(t->train.size(), size_t(3));
    QCOMPARE(t->validation.size(), size_t(1));
    QVERIFY(near(t->validation[0].loss, 0.8)); // the validation loss, not the train mean
    QVERIFY(near(t->train[0].epoch_position, 0.5)); // 1st of 2 steps in epoch 1
    QVERIFY(near(t->train[1].epoch_position, 1.0));
    QVERIFY(near(t->train[2].epoch_position, 2.0)); // the only step of epoch 2
    QVERIFY(near(t->validation[0].epoch_position, 1.0));
    QCOMPARE(log.stage("cg2")->train.front().step, int64_t(1));
    QVERIFY(log.stage("st") == nullptr);
}

// A resumed run logs steps again from its last saved epoch; a killed run leaves half a line.
void TestTrainLog::resumedStepsKeepTheLastEntry() {
    const fs::path dir = fresh_dir("train_log_resume");
    std::ofstream(dir / kTrainLogFile)
        << R"({"stage":"cg2","kind":"train","step":1,"epoch":1,"loss":3})" "\n"
        << R"({"stage":"cg2","kind":"train","step":2,"epoch":1,"loss":2})" "\n"
        << R"({"stage":"cg2","kind":"train","step":2,"epoch":1,"loss":1.5})" "\n"
        << R"({"stage":"cg2","kind":"tr)";
    const TrainLog log = read_train_log(dir);
    const auto& train = log.stage("cg2")->train;
    QCOMPARE(train.size(), size_t(2));
    QVERIFY(near(train[1].loss, 1.5));
    // The same broken line before the end is an error naming the line.
    std::ofstream(dir / kTrainLogFile) << "{oops\n"
                                       << R"({"stage":"a","kind":"train","step":1,"loss":1})" "\n";
    QVERIFY_THROWS_EXCEPTION(FormatError, read_train_log(dir));
}

void TestTrainLog::absentLogIsEmpty() {
    QVERIFY(read_train_log(fresh_dir("train_log_none")).empty());
}

QTEST_APPLESS_MAIN(TestTrainLog)
#include "test_train_log.moc"
