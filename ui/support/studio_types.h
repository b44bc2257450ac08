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
    QString method;       // "cot", "nocot", "semcot"
    QString output;       // generated text
    QString answer;       // extracted answer, with or without a gold answer (empty: none found)
    bool stopped = false; // the user stopped it: `output` is cut short and has no answer
    bool scored = false;
    bool correct = false;
    double implicitS = 0, prefillS = 0, decodeS = 0, totalS = 0; // seconds
    qint64 newTokens = 0;
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
    QString question;
    QList<ImplicitTokenView> tokens;
    ImplicitTokenView pooled;
    double baselineMean = 0, baselineStd = 0, baselineP95 = 0;
    AlignmentData groundTruth, teacherCot;
    QList<ScatterPointView> scatter;
    double explainedVariance[2] = {0, 0};
    QString bankInfo; // "N sentences, cached in ..."
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

// What the training dialog asks for.
struct TrainRequest {
    QString presetName;    // the preset's file stem (kept in run.json)
    QByteArray presetJson; // the preset with the dialog's edits
    QString task;          // empty: the preset's
    QString out;           // run folder
    QString device;        // "auto", "cpu", "cuda"
    quint64 seed = 0;
    bool resume = false;
    QString base;                // a finished run whose parts are reused: only the generator trains
    bool initCgFromBase = false; // continue base's generator instead of a fresh one
};

struct EvalRequest {
    QString run;
    QString device;
    QStringList methods; // "cot", "nocot", "semcot"
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

struct EvalData {
    QList<EvalMethodRow> methods;
    QList<EvalSampleRow> samples;
    QByteArray json; // the evaluation JSON (semcot.evaluation/1)
    bool partial = false;
};

// Registers the types above for queued connections (call once, before threads start).
void registerStudioTypes();

} // namespace semcot::ui

Q_DECLARE_METATYPE(semcot::ui::MethodOutcome)
Q_DECLARE_METATYPE(semcot::ui::ExplainView)
Q_DECLARE_METATYPE(semcot::ui::TrainPoint)
Q_DECLARE_METATYPE(semcot::ui::TrainRequest)
Q_DECLARE_METATYPE(semcot::ui::EvalRequest)
Q_DECLARE_METATYPE(semcot::ui::EvalData)
