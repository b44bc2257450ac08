// Runs a loaded SemCoT run on its own thread: load, ask (explicit CoT streamed token by token,
// then the chosen method: SemCoT, no-CoT or a baseline trained on the run), then the analysis
// of that method's latent tokens (nearest sentences, logit lens, alignment; the 2-D projection
// for SemCoT). Baselines are loaded from RUN/methods/NAME the first time they are asked for and
// kept until another run is loaded. Speaks only through queued signals; cancel() is
// thread-safe.
#pragma once

#include "studio_types.h"

#include <QObject>

#include <QStringList>
#include <string>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>

namespace at {
class Tensor;
} // namespace at

namespace semcot {
enum class Method;
struct LoadedDecoder;
struct LoadedMethod;
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
    // `gold` empty: no gold answer (free question). `method` answers beside the explicit CoT:
    // "semcot", "nocot" or a baseline trained on the run (methods.h names).
    void ask(const QString& question, const QString& gold, const QString& goldReasoning,
             const QString& method = QStringLiteral("semcot"));

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
    // The method has no latent tokens to explain (no-CoT, ICoT-SI).
    void explainSkipped(const QString& method);
    // The trained decoder's reading of the latent tokens (after explainFinished): the text so
    // far while it is generated, then the whole (present false: the run has no decoder).
    void decodedStreamed(const QString& textSoFar);
    void decodedFinished(const semcot::ui::DecodedView& view);
    void decodedFailed(const QString& message);
    void finished(bool cancelled);
    void failed(const QString& message);

private:
    // cotOutput: the teacher's explicit CoT just generated for this question (empty: explain()
    // generates it). `latents` ([n, Dt], a baseline's MethodResult::latents) are explained
    // instead of SemCoT's implicit tokens when given.
    void explainQuestion(const QString& question, const QString& gold, const QString& goldReasoning,
                         const std::string& cotOutput, const QString& method,
                         const at::Tensor* latents);
    // The baseline, loaded on first use (throws what load_method throws).
    semcot::LoadedMethod& baseline(semcot::Method method);

    // inference_worker_decoder.cpp: the decoder of `method` (RUN/decoder for SemCoT, the
    // baseline's folder/decoder), loaded on first use, and its streamed reading of `latents`.
    void decodeLatents(const QString& question, const QString& goldReasoning, const QString& method,
                       const at::Tensor& latents);
    std::filesystem::path decoderFolder(const QString& method);
    semcot::LoadedDecoder& decoder(const std::filesystem::path& folder);
    std::string streamDecoded(semcot::LoadedDecoder& d, const at::Tensor& latents);

    std::unique_ptr<semcot::LoadedRun> run_;
    std::map<std::string, std::shared_ptr<semcot::LoadedDecoder>> decoders_;
    QString device_; // the run's device, for the baselines
    std::map<semcot::Method, std::unique_ptr<semcot::LoadedMethod>> baselines_;
    std::unique_ptr<semcot::SentenceBank> bank_;
    QStringList asked_; // questions of this session, for the projection
    QStringList testQuestions_;
    std::atomic_bool cancel_{false};
};

} // namespace semcot::ui
