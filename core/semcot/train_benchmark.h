// Training throughput of the shared loop (issue 13): forward, cross-entropy, backward,
// gradient clipping and AdamW steps of a language model on fixed random batches, timed after
// a warm-up, through run_training exactly as the LM trainer uses it. Compared with PyTorch
// eager Python on the same shapes by scripts/bench-train (tests/reference/
// train_step_reference.py).
#pragma once

#include "engine/config.h"

#include <torch/types.h>

#include <cstdint>

namespace semcot {

struct TrainBenchParams {
    int64_t batch = 32;   // sequences per step
    int64_t length = 170; // tokens per sequence (every position carries a loss)
    int64_t steps = 20;   // timed steps
    int64_t warmup = 2;   // untimed steps before them
};

struct TrainBenchResult {
    double tokens_per_s = 0; // batch x length x steps / seconds
    double steps_per_s = 0;
    double seconds = 0; // of the timed steps
};

// Throws InvalidArgument for non-positive sizes.
TrainBenchResult benchmark_training(const ModelConfig& config, const TrainBenchParams& params,
                                    const torch::Device& device);

} // namespace semcot
