// Runs semcot::train_run (SemCoT from a preset) or semcot::train_baseline (a baseline on a
// finished run) on its own thread. Progress reports are batched and sent at most every 100 ms;
// cancel() makes the job stop at its next safe point with a resumable checkpoint.
// FitCheckWorker answers the training dialog's "does this data fit, and how long will it take"
// before a run starts (semcot::plan_dataset_fit and semcot::estimate_training_time).
#pragma once

#include "studio_types.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QVector>

#include <atomic>

namespace semcot::ui {

class TrainingWorker final : public QObject {
    Q_OBJECT
public:
    explicit TrainingWorker(QObject* parent = nullptr);

    // Thread-safe.
    void cancel() { cancel_ = true; }
    // Thread-safe; called by the UI thread before it queues a job, so that a Stop pressed
    // before the job starts is not lost.
    void resetCancel() { cancel_ = false; }

public Q_SLOTS:
    void start(const semcot::ui::TrainRequest& request);

Q_SIGNALS:
    void started(const QString& out);
    void progressUpdated(const QVector<semcot::ui::TrainPoint>& points);
    void logLine(const QString& line);
    void finished(const QString& out);
    void stopped(const QString& out); // cancelled; resumable
    void failed(const QString& message);

private:
    std::atomic_bool cancel_{false};
};

// What the training dialog asks before a run: its preset as edited, the task, the seed of the
// split; with `estimate`, the training time per stage on `device` as well.
struct FitCheckRequest {
    int id = 0;            // echoed in the answer
    QString presetName;    // names the preset in error messages
    QByteArray presetJson; // the dialog's preset
    QString task;          // coinflip, arithmetic, a dataset file or folder
    quint64 seed = 0;
    QString device;        // "auto", "cpu", "cuda" (the estimate's device)
    bool estimate = false; // also calibrate a training step (seconds to minutes)
};

struct StageTimeView {
    QString stage;    // "teacher", "student", "st", "cg"
    qint64 steps = 0; // optimizer steps
    double seconds = 0;
};

// semcot::DatasetFit and the estimate, as the dialog shows them.
struct FitCheckResult {
    int id = 0;
    bool fitted = false; // max_length chosen from the data (else the preset's)
    qint64 vocabSize = 0, maxLength = 0;
    double percentile = 99;
    qint64 medianLength = 0, percentileLength = 0, longest = 0; // training examples, in tokens
    qint64 train = 0, validation = 0;
    qint64 skippedTrain = 0, skippedValidation = 0; // longer than maxLength
    QString overLong;                               // "stop" or "skip"
    bool estimated = false;
    QString device; // where the estimate was measured ("cpu", "cuda:0")
    QList<StageTimeView> stages;
    qint64 overLongCount() const { return skippedTrain + skippedValidation; }
    double totalSeconds() const {
        double t = 0;
        for (const auto& s : stages) t += s.seconds;
        return t;
    }
};

// Runs one check at a time on its own thread; the UI queues the next one itself.
class FitCheckWorker final : public QObject {
    Q_OBJECT
public:
    explicit FitCheckWorker(QObject* parent = nullptr);
    // Thread-safe: the asker is gone, a running check skips its time estimate.
    void abandon() { abandoned_ = true; }

public Q_SLOTS:
    void check(const semcot::ui::FitCheckRequest& request);

Q_SIGNALS:
    void finished(const semcot::ui::FitCheckResult& result);
    void failed(int id, const QString& message);

private:
    std::atomic_bool abandoned_{false};
};

// The preset a run was trained with (run.json "preset"), as JSON text, and its name.
bool readRunPreset(const QString& runFolder, QByteArray* presetJson, QString* presetName,
                   QString* error);

} // namespace semcot::ui

Q_DECLARE_METATYPE(semcot::ui::FitCheckRequest)
Q_DECLARE_METATYPE(semcot::ui::FitCheckResult)
