// A run's training log, RUN/train_log.jsonl: what every optimizer step and validation pass
// reported (train/progress.h), one JSON object per line, appended while the run trains
// (train_run writes it, so the CLI and the app alike):
//   {"stage":"teacher","kind":"train","step":12,"epoch":1,"loss":0.5391}
//   {"stage":"teacher","kind":"validate","step":152,"epoch":1,"loss":1.148}
// Read back for the overlaid training curves of several runs. No torch here.
#pragma once

#include "train/progress.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace semcot {

inline constexpr const char* kTrainLogFile = "train_log.jsonl";

struct TrainLogPoint {
    int64_t step = 0;   // the trainer's optimizer step (resumed runs count earlier steps)
    int64_t epoch = 0;  // 1-based
    double loss = 0;    // train: this step's loss; validate: the epoch's validation loss
    // Fractional epoch: train points spread evenly over their epoch ((e - 1) + i / n_e for
    // the i-th of n_e logged steps of epoch e, i from 1); a validation point sits at e.
    double epoch_position = 0;
};

struct TrainLogStage {
    std::string name;                        // the trainer's label: teacher, student, cg2, ...
    std::vector<TrainLogPoint> train;        // by step
    std::vector<TrainLogPoint> validation;   // by step
};

struct TrainLog {
    std::vector<TrainLogStage> stages; // in the order they first appear in the file
    // nullptr when the run has no such stage.
    const TrainLogStage* stage(const std::string& name) const;
    bool empty() const { return stages.empty(); }
};

// Reads RUN/train_log.jsonl; an empty log when the file is absent. A step logged twice (a
// resumed run trains again from its last saved epoch) keeps its last entry. A line that is not
// a JSON object with stage, kind, step and loss is skipped when it is the last one (a run killed
// mid-write); elsewhere it throws FormatError naming the file and line.
TrainLog read_train_log(const std::filesystem::path& run);

// `progress` with every report also appended to `file` (created on the first report, so a run
// that fails before training leaves none). A log that cannot be written does not stop the
// training: the run matters more than its curves.
ProgressCallback with_train_log(const std::filesystem::path& file, ProgressCallback progress);

} // namespace semcot
