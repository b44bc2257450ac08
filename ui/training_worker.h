// Runs semcot::train_run on its own thread. Progress reports are batched and sent at most
// every 100 ms; cancel() makes the job stop at its next safe point with a resumable checkpoint.
#pragma once

#include "studio_types.h"

#include <QObject>
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

// The preset a run was trained with (run.json "preset"), as JSON text, and its name.
bool readRunPreset(const QString& runFolder, QByteArray* presetJson, QString* presetName,
                   QString* error);

} // namespace semcot::ui
