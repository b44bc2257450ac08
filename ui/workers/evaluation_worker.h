// Loads a run and the baselines asked for (RUN/methods/NAME) and evaluates them
// (semcot::evaluate) on its own thread, with progress per sample. cancel() stops after the
// current sample; the partial result is still reported.
#pragma once

#include "studio_types.h"

#include <QObject>

#include <atomic>

namespace semcot::ui {

class EvaluationWorker final : public QObject {
    Q_OBJECT
public:
    explicit EvaluationWorker(QObject* parent = nullptr);

    // Thread-safe.
    void cancel() { cancel_ = true; }
    // Thread-safe; called by the UI thread before it queues a job, so that a Stop pressed
    // before the job starts is not lost.
    void resetCancel() { cancel_ = false; }

public Q_SLOTS:
    void start(const semcot::ui::EvalRequest& request);

Q_SIGNALS:
    void started();
    void phaseChanged(const QString& phase); // "Loading Coconut", before the questions
    void progressUpdated(int done, int total);
    void finished(const semcot::ui::EvalData& data);
    void failed(const QString& message);

private:
    std::atomic_bool cancel_{false};
};

} // namespace semcot::ui
