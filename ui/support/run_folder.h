// Checks a folder before it is opened as a SemCoT run, and reads a run's run.json for lists,
// without loading any model (core's semcot::RunInfo, no torch).
#pragma once

#include "common/run_lock.h"
#include "semcot/run_info.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace semcot::ui {

// unfinishedRun: stopped or interrupted, resumable; failedRun: training stopped with an error
// (run.json "status": "failed"), not resumable.
enum class FolderKind { run, unfinishedRun, failedRun, model, invalid };

struct FolderCheck {
    FolderKind kind = FolderKind::invalid;
    QStringList missing; // files a finished run needs that are absent (relative paths)
    QString message;     // for the user, translated; empty when the run can be opened
    // A run that a process (or this app) is training right now (common/run_lock.h): kind is
    // unfinishedRun, but it cannot be resumed until that training ends.
    std::optional<semcot::RunLockHolder> trainer;
};

// What `folder` is: a finished run, a run still training (resumable, or being trained right
// now), a failed run, a Hugging Face model folder (config.json + *.safetensors), or nothing
// usable, with a message saying what is missing.
FolderCheck checkFolder(const QString& folder);

// A run as lists show it: run.json's values (semcot::RunInfo) as Qt strings.
struct RunSummary {
    QString folder;
    QString name;   // folder name
    QString preset; // preset_name
    QString task;
    QString status;          // "done", "training", "failed", or "invalid"
    QString error;           // why a failed run failed (run.json "error")
    QStringList stages;      // stages_done
    double bestValLoss = -1; // contemplation generator's best validation loss (-1 if none)
    int k = 0;               // implicit tokens at inference
    QDateTime modified;      // run.json's time
    semcot::RunInfo info;    // run.json
    // Who is training the run right now (common/run_lock.h); none: a "training" run was
    // stopped or interrupted and is resumable.
    std::optional<semcot::RunLockHolder> trainer;
};

// Reads run.json, and whether the run is being trained right now; status "invalid" with the
// error in `task` when run.json cannot be read.
RunSummary readRunSummary(const QString& folder);
// Every immediate subfolder of `parent` holding a run.json.
QList<RunSummary> findRuns(const QString& parent);

} // namespace semcot::ui
