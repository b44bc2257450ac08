// Runs the implicit-token diagnostics (core analysis/diagnostics.h) on its own thread: token
// statistics and the interventions (with the masked control) over the first N questions of a
// split, the layer-wise raw logit lens of one question, or the interventions on one question
// alone (the Ask view's "Interventions"). Progress per question; cancel() stops after the
// current question (the job then reports failed with "Stopped").
#pragma once

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>

namespace semcot::ui {

struct DiagnosticsRequest {
    enum class Kind { split, lens, question };
    Kind kind = Kind::split;
    QString run;
    QString device;
    QString method = QStringLiteral("semcot"); // semcot or a baseline with latents
    QString split = QStringLiteral("test");
    int n = 20;          // questions of the split (Kind::split); at least 2
    bool control = true; // also the interventions with the tokens masked from attention
    quint64 seed = 0;    // which other question's tokens each question gets
    QString question;    // Kind::lens and Kind::question
    int topK = 5;        // logit-lens tokens per cell
};

// core NormSummary
struct DiagNorm {
    double mean = 0, sd = 0, p5 = 0, p95 = 0;
};

// core InterventionRow; `answers` per question of the job.
struct DiagIntervention {
    QString name;
    qint64 n = 0, correct = 0, changed = 0;
    double accuracy = 0;
    QStringList answers;
};

// One logit-lens cell: the top tokens at one latent position after one layer.
struct DiagLensCell {
    QStringList pieces;
    QList<double> probs;
};

struct DiagnosticsData {
    DiagnosticsRequest request;
    // Token statistics (core TokenDiagnostics); questions == 0 when not computed.
    qint64 questions = 0, k = 0;
    QList<DiagNorm> norms;
    DiagNorm embeddingNorms;
    QList<QList<double>> positionCosine;
    QList<double> acrossQuestionsCosine, effectiveRank;
    double embeddingPairCosine = 0, effectiveRankAll = 0;
    QList<DiagIntervention> interventions, control; // control empty when not asked for
    QList<QList<DiagLensCell>> lens;                // [layer row][position]
    QString questionUsed;                           // Kind::question: the donor question
};

// `semcot diagnose ...` that does what `request` asks (Kind::split and Kind::lens).
QString diagnoseCommand(const DiagnosticsRequest& request);

class DiagnosticsWorker final : public QObject {
    Q_OBJECT
public:
    explicit DiagnosticsWorker(QObject* parent = nullptr);

    void cancel() { cancel_ = true; }    // thread-safe
    void resetCancel() { cancel_ = false; } // thread-safe; before a job is queued

public Q_SLOTS:
    void start(const semcot::ui::DiagnosticsRequest& request);

Q_SIGNALS:
    void started();
    void phaseChanged(const QString& phase); // "Loading the run", "Token statistics", ...
    void progressUpdated(int done, int total);
    void finished(const semcot::ui::DiagnosticsData& data);
    void failed(const QString& message);

private:
    std::atomic_bool cancel_{false};
};

} // namespace semcot::ui

Q_DECLARE_METATYPE(semcot::ui::DiagnosticsRequest)
Q_DECLARE_METATYPE(semcot::ui::DiagnosticsData)
