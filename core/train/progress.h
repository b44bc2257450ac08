// Progress of a training job, shared by every trainer (language model, SemCoT stages).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>

namespace semcot {

// One progress report. Trainers call the callback after every optimizer step and after every
// validation pass; throttling for display is the receiver's business.
struct TrainProgress {
    std::string stage;       // "<label>/train" after a step, "<label>/validate" after validation
    int64_t step = 0;        // optimizer steps done so far (resumed runs count earlier steps)
    int64_t total_steps = 0; // optimizer steps of the whole run
    int64_t epoch = 0;       // current epoch, 1-based
    double loss = std::numeric_limits<double>::quiet_NaN();     // train: this step's loss;
                                                                // validate: the epoch's mean
    double val_loss = std::numeric_limits<double>::quiet_NaN(); // validation loss; NaN if none
    // The parts of `loss` where a stage has them (contemplation generator: the reasoning
    // alignment loss and the answer cross-entropy, unweighted); NaN otherwise.
    double reasoning_loss = std::numeric_limits<double>::quiet_NaN();
    double answer_loss = std::numeric_limits<double>::quiet_NaN();
    double steps_per_s = 0; // optimizer steps per second in this run (0 before the first)
    double eta_s = 0;       // estimated seconds to the end of the run
};

// Receives progress; return false to stop the job (it then saves what it needs to resume,
// when it can, and throws semcot::Cancelled).
using ProgressCallback = std::function<bool(const TrainProgress&)>;

} // namespace semcot
