// Time per training stage of a from-scratch run, estimated before it starts (issue 12): the
// step counts come from the data and the preset, the seconds per step from a short
// calibration of the run's own model shapes on this machine.
//
// Calibration: for each model (teacher, student) and sequence length, one untimed and two
// timed optimizer steps (forward, cross-entropy, backward, AdamW) on a random batch of
// `batch_size` sequences, on the run's device, float32. The estimate of each stage:
//   teacher, student:  ceil(2 x train / batch) steps per epoch (direct and CoT pairs) at the
//                      training examples' 90th-percentile length (a shuffled batch is padded
//                      to its longest), plus validation at a third of a step per batch;
//   sentence transformer: its two stages' epochs of ceil(train / batch) teacher steps at the
//                      median length (pairs of reasoning texts, forward and backward);
//   contemplation generator: cg1 + cg2 epochs of ceil(train / batch) steps, each a student
//                      and a teacher step at the direct prompt's length plus k.
// It is an estimate: the first epochs run a little slower (allocator warm-up), and other jobs
// on the machine slow every stage.
#pragma once

#include "semcot/run.h"

#include <string>
#include <vector>

namespace semcot {

struct StageEstimate {
    std::string stage;      // "teacher", "student", "st", "cg"
    int64_t steps = 0;      // optimizer steps
    double seconds = 0;     // estimated wall time
};

// Seconds of one optimizer step of a model of shape `config` on [batch, length] tokens.
double measure_train_step_seconds(const ModelConfig& config, int64_t batch, int64_t length,
                                  const torch::Device& device);

// The stages of a from-scratch run of `preset` (already fitted: apply the fit first, or use
// the preset's max_length) on `fit`'s data. InvalidArgument for a preset that loads models.
std::vector<StageEstimate> estimate_training_time(const Preset& preset, const DatasetFit& fit,
                                                  const torch::Device& device);

} // namespace semcot
