// Runs a loaded SemCoT run on its own thread: load, ask (explicit CoT streamed token by token,
// then SemCoT), then the analysis of the implicit tokens (nearest sentences, logit lens,
// alignment, 2-D projection). Speaks only through queued signals; cancel() is thread-safe.
#pragma once

#include "studio_types.h"

#include <QObject>

#include <QStringList>
#include <string>

#include <atomic>
#include <memory>

namespace semcot {
struct LoadedRun;
class SentenceBank;
} // namespace semcot

namespace semcot::ui {

class InferenceWorker final : public QObject {
    Q_OBJECT
public:
    explicit InferenceWorker(QObject* parent = nullptr);
    ~InferenceWorker() override;

    // Thread-safe: asks the running job to stop at the next token.
    void cancel() { cancel_ = true; }
    // Thread-safe; called by the UI thread before it queues a job, so that a Stop pressed
    // before the job starts is not lost.
    void resetCancel() { cancel_ = false; }

public Q_SLOTS:
    void load(const QString& folder, const QString& device);
    // `gold` empty: no gold answer (free question).
    void ask(const QString& question, const QString& gold, const QString& goldReasoning);

Q_SIGNALS:
    void loadStarted(const QString& folder);
    void loaded(const QString& folder, const QStringList& questions, const QStringList& answers,
                const QStringList& reasonings, int k);
    void loadFailed(const QString& folder, const QString& message);

    void started();
    void progressUpdated(const QString& phase);
    void explicitStreamed(const QString& textSoFar);
    void explicitFinished(const semcot::ui::MethodOutcome& outcome);
    void implicitFinished(const semcot::ui::MethodOutcome& outcome);
    void explainFinished(const semcot::ui::ExplainView& view);
    void explainFailed(const QString& message);
    void finished(bool cancelled);
    void failed(const QString& message);

private:
    // cotOutput: the teacher's explicit CoT just generated for this question (empty: explain()
    // generates it).
    void explainQuestion(const QString& question, const QString& gold, const QString& goldReasoning,
                         const std::string& cotOutput = {});

    std::unique_ptr<semcot::LoadedRun> run_;
    std::unique_ptr<semcot::SentenceBank> bank_;
    QStringList asked_; // questions of this session, for the projection
    QStringList testQuestions_;
    std::atomic_bool cancel_{false};
};

} // namespace semcot::ui
