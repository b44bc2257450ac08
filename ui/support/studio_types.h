// Plain Qt value types that workers send to widgets through queued signals. No torch here:
// widgets include only this, workers translate core results into it.
#pragma once

#include <QList>
#include <QMetaType>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <limits>

namespace semcot::ui {

// One method's answer to a question (core MethodResult).
struct MethodOutcome {
    QString method;       // core's method_name: "cot", "nocot", "semcot", "pause", ... (methods.h)
    QString output;       // generated text
    QString answer;       // extracted answer, with or without a gold answer (empty: none found)
    bool stopped = false; // the user stopped it: `output` is cut short and has no answer
    bool scored = false;
    bool correct = false;
    double implicitS = 0, prefillS = 0, decodeS = 0, totalS = 0; // seconds
    qint64 newTokens = 0;
    int latents = 0; // vectors placed between question and answer (MethodResult::latents); 0: none
    QString warning;
};

struct NeighbourView {
    QString text;
    double score = 0; // cosine in the ST space
};

struct LensView {
    QString piece;
    double prob = 0;
};

// One implicit token as the chips show it.
struct ImplicitTokenView {
    int position = 0; // 0-based; -1 for the pooled sequence
    QString label;    // "t1", ..., "pooled"
    double norm = 0;
    double baselineZ = 0;
    QList<NeighbourView> neighbours; // best first
    QList<LensView> lens;            // raw logit lens, most probable first
};

// Implicit tokens x reasoning steps (cosines), for the heatmap.
struct AlignmentData {
    QString source;        // "ground_truth" or "teacher_cot"
    QStringList rowLabels; // t1..tk
    QStringList rowTexts;  // best nearest sentence of each token
    QStringList steps;     // reasoning steps (columns)
    int rows = 0, cols = 0;
    QVector<double> cells;                                   // row-major
    double score = std::numeric_limits<double>::quiet_NaN(); // cos(ST(implicit), ST(reasoning))
    bool empty() const { return rows == 0 || cols == 0; }
    double at(int r, int c) const { return cells.value(r * cols + c); }
};

struct ScatterPointView {
    double x = 0, y = 0;
    QString kind;  // "implicit", "pooled", "sentence"
    QString label; // token label or sentence text
    int question = -1;
};

// Everything the analysis says about one question.
struct ExplainView {
    QString method = QStringLiteral("semcot"); // whose latent tokens these are
    QString question;
    QList<ImplicitTokenView> tokens;
    ImplicitTokenView pooled;
    double baselineMean = 0, baselineStd = 0, baselineP95 = 0;
    AlignmentData groundTruth, teacherCot;
    QList<ScatterPointView> scatter;
    double explainedVariance[2] = {0, 0};
    QString bankInfo; // "N sentences, cached in ..."
};

// A trained decoder's reading of the latent tokens (issue 18, core analysis/decoder.h): the
// reasoning it writes from the tokens alone, and its controls' test scores from scores.json.
struct DecodedView {
    QString method; // whose latent tokens were decoded
    QString question;
    bool present = false; // false: no decoder in the run's (or method's) folder
    QString folder;       // the decoder folder (where it would be when !present)
    QString text;         // the decoded reasoning
    QStringList steps;    // its non-empty lines
    double rougeL = std::numeric_limits<double>::quiet_NaN(); // against the gold reasoning
    int goldSteps = 0, matchedSteps = 0;
    // Test-split mean ROUGE-L by condition ("tokens", "random", "none"), NaN when unknown.
    double scoreTokens = std::numeric_limits<double>::quiet_NaN();
    double scoreRandom = std::numeric_limits<double>::quiet_NaN();
    double scoreNone = std::numeric_limits<double>::quiet_NaN();
    double seconds = 0;
};

// One training progress report (core TrainProgress).
struct TrainPoint {
    QString stage; // "teacher/train", "cg2/validate", ...
    qint64 step = 0, totalSteps = 0, epoch = 0;
    double loss = std::numeric_limits<double>::quiet_NaN();
    double valLoss = std::numeric_limits<double>::quiet_NaN();
    // Parts of `loss` (contemplation generator): reasoning alignment and answer CE; NaN if none.
    double reasoningLoss = std::numeric_limits<double>::quiet_NaN();
    double answerLoss = std::numeric_limits<double>::quiet_NaN();
    double stepsPerS = 0, etaS = 0;
};

// A baseline's settings as the training dialog sets them (core's BaselineSettings); -1 keeps
// core's default for the method.
struct BaselineOptions {
    int epochs = -1;               // per stage for Coconut and ICoT-SI
    double lr = -1;                // AdamW learning rate
    int loraR = -1;                // LoRA rank (alpha = 2 r)
    int pauseTokens = -1;          // Pause: N
    int coconutThoughts = -1;      // Coconut: thoughts per replaced step
    int coconutMaxStage = -1;      // Coconut: steps replaced at most
    int codiLatents = -1;          // CODI: N
    double codiDistillWeight = -1; // CODI: weight of the distillation loss
    int icotRemove = -1;           // ICoT-SI: reasoning tokens removed per stage
};

// What the training dialog asks for: a SemCoT run from a preset, or a baseline trained on a
// finished run (`semcot train --method NAME --base RUN`).
struct TrainRequest {
    QString method = QStringLiteral("semcot"); // "semcot", or a baseline (methods.h)
    QString presetName;                        // the preset's file stem (kept in run.json)
    QByteArray presetJson;                     // the preset with the dialog's edits
    QString task;                              // empty: the preset's
    QString out;                               // run folder
    QString device;                            // "auto", "cpu", "cuda"
    quint64 seed = 0;
    bool resume = false;
    QString base; // SemCoT: a finished run whose parts are reused (only the generator trains);
                  // a baseline: the run it trains on
    bool initCgFromBase = false; // continue base's generator instead of a fresh one
    BaselineOptions baseline;    // a baseline's settings
    bool isBaseline() const { return method != QStringLiteral("semcot"); }
};

struct EvalRequest {
    QString run;
    QString device;
    QStringList methods; // method names (methods.h); baselines answer from RUN/methods/NAME
    QString split = QStringLiteral("test");
    int limit = 0; // 0 = all
};

struct EvalMethodRow {
    QString method;
    qint64 n = 0, correct = 0;
    double accuracy = 0, ciLow = 0, ciHigh = 0;
    double meanLatencyS = 0, medianLatencyS = 0, meanImplicitS = 0, meanNewTokens = 0;
    double speedup = 0;
};

struct EvalSampleRow {
    qint64 index = 0;
    QString method, query, gold, output, extracted;
    bool correct = false;
    double totalS = 0;
};

// One method against another on the same questions (core PairedComparison).
struct EvalPairRow {
    QString a, b; // method names
    qint64 n = 0;
    double accuracyA = 0, accuracyB = 0;
    qint64 onlyA = 0, onlyB = 0, both = 0, neither = 0; // right by A only, ...
    double pValue = 1;
    bool exact = true; // exact binomial McNemar; false: chi-square with continuity correction
    double difference = 0, diffLow = 0, diffHigh = 0; // accuracy A - B, 95% paired bootstrap
    double latencyMeanA = 0, latencySdA = 0, latencyMeanB = 0, latencySdB = 0; // seconds
};

// One slice of a method's questions (core SliceRow); `samples` index EvalData::samples.
struct EvalSliceRow {
    QString slice;
    qint64 n = 0, correct = 0;
    double accuracy = 0, ciLow = 0, ciHigh = 0;
    QList<int> samples;
};

struct EvalSliceTable {
    QString method, by; // by: "answer", "length", "feature:flips", ...
    QList<EvalSliceRow> rows;
};

// Gold (rows) against predicted (columns) answers of one method (core ConfusionTable).
struct EvalConfusion {
    QString method;
    QStringList gold, predicted;
    QList<QList<QList<int>>> samples; // [gold][predicted]: positions in EvalData::samples
    int count(int g, int p) const { return int(samples.value(g).value(p).size()); }
};

struct EvalData {
    QList<EvalMethodRow> methods;
    QList<EvalSampleRow> samples;
    QList<EvalPairRow> pairs;       // SemCoT (or the first method) against each other one
    QList<EvalSliceTable> slices;   // every method's tables, each slicing that applies
    QList<EvalConfusion> confusion; // one per method
    QByteArray json;                // the evaluation JSON (semcot.evaluation/1)
    bool partial = false;
};

// Registers the types above for queued connections (call once, before threads start).
void registerStudioTypes();

} // namespace semcot::ui

Q_DECLARE_METATYPE(semcot::ui::MethodOutcome)
Q_DECLARE_METATYPE(semcot::ui::ExplainView)
Q_DECLARE_METATYPE(semcot::ui::DecodedView)
Q_DECLARE_METATYPE(semcot::ui::TrainPoint)
Q_DECLARE_METATYPE(semcot::ui::TrainRequest)
Q_DECLARE_METATYPE(semcot::ui::EvalRequest)
Q_DECLARE_METATYPE(semcot::ui::EvalData)
