// A micro training run started from the training dialog, stopped at a safe point, resumed to
// completion; the UI thread stays responsive meanwhile (a 10 ms timer's gaps: 95% under
// 100 ms, none a second).
// Issue 10: the dialog refuses what the run would fail on (numbers it cannot read, a base run
// without what --base needs) and its messages follow the fields; the shipped run works as a
// base run; a failed run is shown failed and not resumable.
#include "support/qtest_compat.h"

#include "core_bridge.h"
#include "loss_chart.h"
#include "settings.h"
#include "training_dialog.h"
#include "training_view.h"

#include "common/run_lock.h"
#include "semcot/run.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace semcot::ui;

namespace {

QString tmp(const QString& name) {
    return QDir(QString::fromLatin1(SEMCOT_TEST_TMP_DIR)).filePath(name);
}

// The micro preset of test_semcot_run: every stage trains in seconds.
QString microPreset() {
    const QByteArray json = R"({
      "task": "coinflip", "examples": 64, "min_people": 2, "max_people": 3, "vocab_size": 320,
      "teacher": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 3,
                  "num_attention_heads": 4, "num_key_value_heads": 2,
                  "max_position_embeddings": 384},
      "student": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 3,
                  "num_attention_heads": 4, "num_key_value_heads": 2,
                  "max_position_embeddings": 384},
      "teacher_train": {"epochs": 2, "batch_size": 8, "lr": 0.003, "max_length": 320},
      "student_train": {"epochs": 1, "batch_size": 16, "lr": 0.003, "max_length": 320},
      "sentence_transformer": {"start_layer": 1, "end_layer": 2, "output_dim": 16,
                               "pooling": "mean"},
      "contemplation": {"k_train": 2, "k_infer": 1, "slice": "ours"},
      "semcot": {"st_stage1": {"lr": 0.001, "weight_decay": 0.0, "epochs": 1},
                 "st_stage2": {"lr": 0.001, "weight_decay": 0.0, "epochs": 1},
                 "cg_stage1": {"lr": 0.001, "weight_decay": 0.0, "epochs": 1},
                 "cg_stage2": {"lr": 0.001, "weight_decay": 0.0, "epochs": 1},
                 "batch_size": 8, "max_length": 320, "alpha": 0.5}})";
    const QString path = tmp(QStringLiteral("micro.json"));
    QFile f(path);
    if (f.open(QIODevice::WriteOnly)) f.write(json);
    return path;
}

QJsonObject runJson(const QString& folder) {
    QFile f(QDir(folder).filePath(QStringLiteral("run.json")));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// Gaps between ticks of a 10 ms timer in the UI thread. On a loaded 2-core machine the
// scheduler alone can delay one tick by 100 ms; work done on the UI thread shows instead as
// many long gaps, or one as long as the work (a training step: a second or more).
class TickMonitor {
public:
    TickMonitor() {
        timer_.setInterval(10);
        timer_.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer_, &QTimer::timeout, &timer_, [this] {
            if (clock_.isValid()) gaps_.push_back(clock_.nsecsElapsed() / 1e6);
            clock_.start();
        });
        timer_.start();
    }
    double maxGapMs() const { return gaps_.empty() ? 0 : *std::max_element(gaps_.begin(), gaps_.end()); }
    // The gap that `fraction` of the gaps do not exceed (nearest rank).
    double gapQuantileMs(double fraction) const {
        if (gaps_.empty()) return 0;
        std::vector<double> sorted = gaps_;
        std::sort(sorted.begin(), sorted.end());
        const auto rank = size_t(std::ceil(fraction * double(sorted.size())));
        return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
    }
    int ticks() const { return int(gaps_.size()) + 1; }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    std::vector<double> gaps_;
};

// The micro preset's run into `out` on the CPU, as the training dialog makes it; false when the
// dialog refuses it.
bool microRequest(const QString& out, TrainRequest* request) {
    TrainingDialog dialog;
    if (!dialog.loadPresetFile(microPreset())) return false;
    dialog.setOutputFolder(out);
    if (!dialog.validate()) return false;
    *request = dialog.request();
    request->device = QStringLiteral("cpu");
    return true;
}

} // namespace

class TestTrainingView final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void dialogValidatesFields();
    void dialogRejectsNumbersItCannotUse();
    void dialogChecksWhatABaseRunNeeds();
    void shippedRunIsAUsableBaseRun();
    void failedRunIsNotResumable();
    void lockedFolderFailsNamingTheHolder();
    void startStopResumeStaysResponsive();
};

void TestTrainingView::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
}

void TestTrainingView::dialogValidatesFields() {
    TrainingDialog d;
    QVERIFY(d.loadPresetFile(microPreset()));
    d.setOutputFolder(QString());
    QVERIFY(!d.validate());
    QVERIFY(d.fieldError(QStringLiteral("out")).contains(QStringLiteral("Choose a folder")));
    d.setTeacherFolder(tmp(QStringLiteral("no-such-model")));
    d.setOutputFolder(tmp(QStringLiteral("dialog_out")));
    QVERIFY(!d.validate());
    QCOMPARE(d.fieldError(QStringLiteral("teacher")), QStringLiteral("No such folder."));
    QVERIFY(d.fieldError(QStringLiteral("out")).isEmpty());
    d.setTeacherFolder(QString());
    QVERIFY(d.validate());
    const TrainRequest r = d.request();
    QCOMPARE(r.presetName, QStringLiteral("micro"));
    const QJsonObject p = QJsonDocument::fromJson(r.presetJson).object();
    QCOMPARE(p.value(QStringLiteral("semcot")).toObject().value(QStringLiteral("alpha")).toDouble(),
             0.5);
    QVERIFY(r.base.isEmpty());

    // A base run must be a finished run; the shipped one is.
    d.setBaseRun(tmp(QStringLiteral("dialog_out")));
    QVERIFY(!d.validate());
    QVERIFY(!d.fieldError(QStringLiteral("base")).isEmpty());
    const QString shipped =
        QString::fromStdString((semcot::models_dir() / "tiny-coinflip").string());
    d.setBaseRun(shipped);
    QVERIFY2(d.validate(), qPrintable(d.fieldError(QStringLiteral("base"))));
    QCOMPARE(d.request().base, QDir::cleanPath(shipped));
}

// A learning rate typed as "-0.5" or "abc" is refused with a message (it used to become 0.5,
// or vanish); the message goes as soon as the field is fixed.
void TestTrainingView::dialogRejectsNumbersItCannotUse() {
    TrainingDialog d;
    QVERIFY(d.loadPresetFile(microPreset()));
    d.setOutputFolder(tmp(QStringLiteral("dialog_numbers")));
    QVERIFY(d.validate());
    auto* lr = d.findChild<QLineEdit*>(QStringLiteral("lr_cg_stage2"));
    QVERIFY(lr);
    lr->clear();
    QTest::keyClicks(lr, QStringLiteral("-0.5"));
    QCOMPARE(lr->text(), QStringLiteral("-0.5")); // as typed, not silently 0.5
    QVERIFY(!d.validate());
    QVERIFY2(d.fieldError(QStringLiteral("lr")).contains(QStringLiteral("learning rate")),
             qPrintable(d.fieldError(QStringLiteral("lr"))));
    QVERIFY(d.fieldError(QStringLiteral("lr")).contains(QStringLiteral("-0.5")));
    lr->clear();
    QTest::keyClicks(lr, QStringLiteral("abc"));
    QCOMPARE(lr->text(), QStringLiteral("abc"));
    QVERIFY(d.fieldError(QStringLiteral("lr")).contains(QStringLiteral("abc"))); // live
    // Fixed: the message goes without pressing Start again.
    lr->clear();
    QTest::keyClicks(lr, QStringLiteral("2e-4"));
    QVERIFY2(d.fieldError(QStringLiteral("lr")).isEmpty(),
             qPrintable(d.fieldError(QStringLiteral("lr"))));
    auto* wd = d.findChild<QLineEdit*>(QStringLiteral("wd_st_stage1"));
    QVERIFY(wd);
    wd->setText(QStringLiteral("-1"));
    QVERIFY(d.fieldError(QStringLiteral("lr")).contains(QStringLiteral("weight decay")));
    wd->setText(QStringLiteral("0.01"));
    QVERIFY(d.validate());
    const QJsonObject sem = QJsonDocument::fromJson(d.request().presetJson)
                                .object()
                                .value(QStringLiteral("semcot"))
                                .toObject();
    QCOMPARE(
        sem.value(QStringLiteral("cg_stage2")).toObject().value(QStringLiteral("lr")).toDouble(),
        2e-4);
    // Other fields' messages also follow the edits.
    d.setOutputFolder(QString());
    QVERIFY(!d.fieldError(QStringLiteral("out")).isEmpty());
    d.setOutputFolder(tmp(QStringLiteral("dialog_numbers")));
    QVERIFY(d.fieldError(QStringLiteral("out")).isEmpty());
}

// The dialog checks what a generator-only run needs from its base run before it starts.
void TestTrainingView::dialogChecksWhatABaseRunNeeds() {
    const QString base = tmp(QStringLiteral("dialog_incomplete_base"));
    QDir(base).removeRecursively();
    QDir().mkpath(base);
    QFile f(QDir(base).filePath(QStringLiteral("run.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"status": "done", "stages_done": ["data", "teacher", "student", "st", "cg"]})");
    f.close();
    TrainingDialog d;
    QVERIFY(d.loadPresetFile(microPreset()));
    d.setOutputFolder(tmp(QStringLiteral("dialog_base_out")));
    d.setBaseRun(base);
    QVERIFY(!d.validate());
    const QString msg = d.fieldError(QStringLiteral("base"));
    QVERIFY2(msg.contains(QStringLiteral("teacher/model.safetensors")), qPrintable(msg));
    QVERIFY2(msg.contains(QStringLiteral("no student")), qPrintable(msg));
    d.setBaseRun(shippedRunDir());
    QVERIFY2(d.fieldError(QStringLiteral("base")).isEmpty(),
             qPrintable(d.fieldError(QStringLiteral("base"))));
    QVERIFY(d.validate());
}

// Preset tiny-cg-continue on the shipped run (before issue 11 it kept its student only as cg/student):
// the copy works and the generator trains (it failed at once with ".../student does not exist",
// and the half-copied run was then listed as resumable).
void TestTrainingView::shippedRunIsAUsableBaseRun() {
    const QString out = tmp(QStringLiteral("studio_on_shipped"));
    QDir(out).removeRecursively();
    TrainingDialog dialog;
    QVERIFY(dialog.loadPresetFile(presetPath(QStringLiteral("tiny-cg-continue"))));
    dialog.setBaseRun(shippedRunDir());
    dialog.setOutputFolder(out);
    QVERIFY2(dialog.validate(), qPrintable(dialog.fieldError(QStringLiteral("base"))));
    TrainRequest request = dialog.request();
    request.device = QStringLiteral("cpu");
    TrainingView view;
    view.start(request);
    QTRY_VERIFY_WITH_TIMEOUT(view.stages().contains(QStringLiteral("cg1")) ||
                                 view.state() != TrainingView::State::running,
                             60000);
    QVERIFY2(view.state() == TrainingView::State::running, qPrintable(view.logText()));
    view.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!view.running(), 60000);
    QCOMPARE(view.state(), TrainingView::State::stopped);
    const QJsonObject info = runJson(out);
    QCOMPARE(info.value(QStringLiteral("status")).toString(), QStringLiteral("training"));
    // The shipped run keeps student/ since issue 11 (cg/student only before it).
    const bool ownStudent = QFile::exists(QDir(shippedRunDir()).filePath(QStringLiteral("student")));
    QCOMPARE(info.value(QStringLiteral("base_student")).toString(),
             ownStudent ? QString() : QStringLiteral("cg/student"));
    QVERIFY(QFile::exists(QDir(out).filePath(QStringLiteral("student/model.safetensors"))));
    QVERIFY(view.stages().contains(QStringLiteral("cg1")));
    QVERIFY(!view.stages().contains(QStringLiteral("teacher"))); // reused, not trained
}

// A run that fails is marked failed in run.json; Resume is not offered for it.
void TestTrainingView::failedRunIsNotResumable() {
    const QString out = tmp(QStringLiteral("studio_failed_run"));
    QDir(out).removeRecursively();
    TrainRequest request;
    QVERIFY(microRequest(out, &request));
    request.task = tmp(QStringLiteral("no_such_dataset.json")); // fails in the data stage
    TrainingView view;                                          // hidden: no message box
    view.start(request);
    QTRY_COMPARE_WITH_TIMEOUT(view.state(), TrainingView::State::failed, 30000);
    const QJsonObject info = runJson(out);
    QCOMPARE(info.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    QVERIFY(
        info.value(QStringLiteral("error")).toString().contains(QStringLiteral("no_such_dataset")));
    auto* resume = view.findChild<QPushButton*>(QStringLiteral("resume"));
    QVERIFY(resume);
    QVERIFY(!resume->isEnabled());
}

// A folder another training holds (common/run_lock.h; here this process's main thread, as
// another of the app's jobs would) fails the worker with the holder's message: an error in
// the view, not a crash, and nothing written into the folder.
void TestTrainingView::lockedFolderFailsNamingTheHolder() {
    const QString out = tmp(QStringLiteral("studio_locked_run"));
    QDir(out).removeRecursively();
    TrainRequest request;
    QVERIFY(microRequest(out, &request));
    const semcot::RunLock lock(out.toStdString(), "training");
    TrainingView view; // hidden: no message box
    view.start(request);
    QTRY_COMPARE_WITH_TIMEOUT(view.state(), TrainingView::State::failed, 30000);
    QVERIFY2(view.logText().contains(QStringLiteral("is being trained right now by pid %1")
                                         .arg(QCoreApplication::applicationPid())),
             qPrintable(view.logText()));
    QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList{QString::fromLatin1(semcot::kRunLockFile)});
}

void TestTrainingView::startStopResumeStaysResponsive() {
    const QString out = tmp(QStringLiteral("studio_micro_run"));
    QDir(out).removeRecursively();
    TrainRequest request;
    QVERIFY(microRequest(out, &request));

    TrainingView view;
    view.resize(900, 600);
    view.show();
    TickMonitor ticks;
    view.start(request);
    QVERIFY(view.running());
    // Listed in the Runs view from now on, wherever its folder is (also after a restart).
    QVERIFY(Settings::recentRuns().contains(QDir::cleanPath(QFileInfo(out).absoluteFilePath())));
    // Stop once progress reports arrive (the teacher is training).
    QTRY_VERIFY_WITH_TIMEOUT(view.progressValue() > 0, 30000);
    view.stop();
    QTRY_COMPARE_WITH_TIMEOUT(view.state(), TrainingView::State::stopped, 30000);
    QCOMPARE(runJson(out).value(QStringLiteral("status")).toString(), QStringLiteral("training"));
    QVERIFY(view.logText().contains(QStringLiteral("can be resumed")));

    QSignalSpy finished(&view, &TrainingView::runFinished);
    view.resume(out);
    QVERIFY(view.running());
    QTRY_COMPARE_WITH_TIMEOUT(view.state(), TrainingView::State::finished, 50000);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(runJson(out).value(QStringLiteral("status")).toString(), QStringLiteral("done"));
    QVERIFY(view.stages().contains(QStringLiteral("teacher")));
    QVERIFY(view.stages().contains(QStringLiteral("cg2")));
    QVERIFY(view.lossChart()->trainPointCount() > 0);

    // Responsiveness over the whole job: 95% of the timer's gaps under 100 ms, none a second.
    qInfo("UI timer: %d ticks, 95th percentile gap %.1f ms, longest %.1f ms", ticks.ticks(),
          ticks.gapQuantileMs(0.95), ticks.maxGapMs());
    QVERIFY(ticks.ticks() > 50);
    QVERIFY2(ticks.gapQuantileMs(0.95) < 100, qPrintable(QString::number(ticks.gapQuantileMs(0.95))));
    QVERIFY2(ticks.maxGapMs() < 1000, qPrintable(QString::number(ticks.maxGapMs())));
}

QTEST_MAIN(TestTrainingView)
#include "test_training_view.moc"
