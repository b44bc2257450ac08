// The numbers of the Runs view's table, apart from the widget: each run's evaluations (the
// semcot.evaluation/1 files kept with it), the preset keys where it differs from the other
// listed runs, and finished runs that differ only by their seed grouped into one row with
// mean ± sd.
#pragma once

#include "run_folder.h"
#include "semcot/evaluation.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace semcot::ui {

// Mean and spread of one figure over the runs of a row. sd is the sample standard deviation
// (divisor n - 1) over runs; 0 for a single run.
struct MeanSd {
    int n = 0;
    double mean = 0, sd = 0;
};
MeanSd meanSd(const QList<double>& values);
// "97.3" for one run, "97.3 ± 1.2" for several; "-" when n is 0. `scale` multiplies first
// (100: a fraction as a percentage).
QString formatMeanSd(const MeanSd& v, int decimals, double scale = 1);

// The evaluations kept with a run: RUN/evaluation*.json, RUN/evaluations/*.json and a
// sibling RUN.eval.json (what `semcot eval --json RUN.eval.json` is usually given), oldest
// first. A method evaluated in several keeps the newest file's summary. Unreadable files are
// named in `problems` and skipped.
struct RunEvaluations {
    QMap<QString, semcot::MethodSummary> methods; // by method name (methods.h)
    QStringList files;                            // the files read
    QStringList problems;                         // "file: why"
};
RunEvaluations readRunEvaluations(const QString& folder);

// One row of the table: a run, or (grouped) the runs that differ only by seed.
struct RunTableRow {
    QList<RunSummary> runs;           // one, or the group's runs by seed
    QStringList seeds;                // run.json "seed" of each
    QMap<QString, MeanSd> accuracy;   // by method, fraction
    QMap<QString, MeanSd> latencyMs;  // by method, mean latency in ms
    MeanSd bestValLoss;               // the generator's (runs that have one)
    QStringList presetDifferences;    // "key=value" where the run's preset differs (see below)
    QStringList evaluationFiles;
    QStringList problems;
};

// The rows for `runs`. Preset differences: the preset keys (run.json "preset", flattened as
// the report's configuration table does) and the data-parallel world size ("world_size=2",
// RunInfo::world_size_text) where a run's value differs from the value most of the listed
// runs have. groupBySeed puts the finished runs (status "done", not being trained right now)
// whose task, preset and world size are equal (only seed, summaries and dates may differ)
// into one row, in first-listed order; failed and unfinished runs keep rows of their own.
QList<RunTableRow> runTableRows(const QList<RunSummary>& runs, bool groupBySeed);

} // namespace semcot::ui
