// The optimisation loop shared by SemCoT's sentence-transformer and contemplation-generator
// stages: shuffled batches, AdamW, gradient clipping, validation after every epoch, the best
// epoch's weights kept, and a resumable checkpoint after every epoch and on stop.
#pragma once

#include "semcot/progress.h"
#include "semcot/semcot_trainer.h"

#include <torch/nn/module.h>

#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace semcot {

// A batch's loss: `total` is optimised; the parts (NaN when a stage has none) are reported.
struct BatchLoss {
    torch::Tensor total;
    double reasoning = std::numeric_limits<double>::quiet_NaN();
    double answer = std::numeric_limits<double>::quiet_NaN();
};

// batch_loss(indices, is_train): indices into the training (is_train) or validation items.
// A training batch whose `total` is undefined is skipped (no step; e.g. a curriculum left
// none of its examples).
using BatchLossFn = std::function<BatchLoss(const std::vector<int64_t>&, bool)>;

struct Stage {
    std::string label;    // "st1", "cg2", ...: progress stage and checkpoint folder name
    StageParams params;   // lr, weight decay, epochs
    bool projection_only; // the warm-up stage trains the projection alone
};

struct StageLoop {
    int64_t n_train = 0, n_val = 0;
    int64_t batch_size = 16;
    int64_t min_batch = 1;  // InfoNCE needs at least one negative: 2
    double grad_clip = 1.0; // max global gradient norm; <= 0 disables clipping
    uint64_t seed = 0;      // shuffles derive from (seed, epoch) alone
    // <checkpoint_dir>/<label>/latest after every epoch and on stop; empty = none.
    std::filesystem::path checkpoint_dir;
    bool resume = false; // continue from the latest stage checkpoint in checkpoint_dir
    // Called before each epoch's batches (resumed epochs too) with the stage label and the
    // 0-based epoch, e.g. for a curriculum; may be empty.
    std::function<void(const std::string&, int64_t)> on_epoch_start;
};

// Runs `stages` in order on `module`; `set_trainable(projection_only)` selects what trains,
// and everything is frozen again at the end. With `loop.resume`, the stages before the last
// one that has a checkpoint are skipped (that checkpoint holds their result) and that one
// continues where it stopped. Throws Cancelled when `progress` returns false (after saving a
// checkpoint when there is a checkpoint_dir) and Error on a non-finite loss (the last
// checkpoint stays as it was).
SemcotStageResult run_stages(torch::nn::Module& module, const std::vector<Stage>& stages,
                             const std::function<void(bool)>& set_trainable, const StageLoop& loop,
                             const ProgressCallback& progress, const BatchLossFn& batch_loss);

} // namespace semcot
