// A micro training run started from the training dialog, stopped at a safe point, resumed to
// completion; the UI thread stays responsive meanwhile (a 10 ms timer never waits 100 ms).
#include "support/qtest_compat.h"

#include "loss_chart.h"
#include "training_dialog.h"
#include "training_view.h"

#include "semcot/run.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>

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

// Largest gap between ticks of a 10 ms timer in the UI thread while `running` holds.
class TickMonitor {
public:
    TickMonitor() {
        timer_.setInterval(10);
        timer_.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer_, &QTimer::timeout, &timer_, [this] {
            if (clock_.isValid()) maxGap_ = std::max(maxGap_, clock_.nsecsElapsed() / 1e6);
            clock_.start();
            ++ticks_;
        });
        timer_.start();
    }
    double maxGapMs() const { return maxGap_; }
    int ticks() const { return ticks_; }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    double maxGap_ = 0;
    int ticks_ = 0;
};

} // namespace

class TestTrainingView final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void dialogValidatesFields();
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

void TestTrainingView::startStopResumeStaysResponsive() {
    const QString out = tmp(QStringLiteral("studio_micro_run"));
    QDir(out).removeRecursively();
    TrainingDialog dialog;
    QVERIFY(dialog.loadPresetFile(microPreset()));
    dialog.setOutputFolder(out);
    QVERIFY(dialog.validate());
    TrainRequest request = dialog.request();
    request.device = QStringLiteral("cpu");

    TrainingView view;
    view.resize(900, 600);
    view.show();
    TickMonitor ticks;
    view.start(request);
    QVERIFY(view.running());
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

    // Responsiveness over the whole job: the UI thread never stalled for 100 ms.
    qInfo("UI timer: %d ticks, longest gap %.1f ms", ticks.ticks(), ticks.maxGapMs());
    QVERIFY(ticks.ticks() > 50);
    QVERIFY2(ticks.maxGapMs() < 100, qPrintable(QString::number(ticks.maxGapMs())));
}

QTEST_MAIN(TestTrainingView)
#include "test_training_view.moc"
