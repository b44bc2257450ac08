// The one training loop (issue 13): stages of AdamW optimisation over shuffled batches, with a
// learning-rate schedule, gradient clipping, validation after every epoch, the best epoch's
// weights kept, progress with steps/s and ETA, and a resumable checkpoint after every epoch
// and on stop. Nothing here knows about a method: the caller supplies the stages and a
// batch-loss function (the LM trainer is one stage; SemCoT's ST and generator are two each).
//
// Checkpoint (format "semcot-train/1"), one folder per stage,
// <checkpoint_dir>/<label>/latest (replaced atomically: train_state.h):
//   module.safetensors     every parameter of the module, by its named_parameters() name
//   best.safetensors       the parameters of the best epoch so far (absent before the first)
//   optimizer.safetensors  AdamW moments of the trainable parameters (train_state.h)
//   train_state.json       {"format", "shape", "epoch", "batch", "steps", "epoch_loss_sum",
//                           "epoch_batches", "last_epoch_loss", "best_val_loss" (null: none),
//                           "best_epoch", "adam_steps"}
// The two formats before it still resume:
//   "semcot-stage/1"       <checkpoint_dir>/<label>/latest/stage_state.json (SemCoT stages);
//   "semcot-lm-trainer/1"  <checkpoint_dir>/latest/trainer_state.json, a model folder (the LM
//                          trainer); its weights are read by TrainLoop::load_legacy_weights.
// A legacy checkpoint resumes at its position; the rest of its epoch follows this loop's
// shuffle, which for the stage format differs from the one it was started with.
#pragma once

#include "train/progress.h"

#include <torch/nn/module.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace semcot {

class DataParallelGroup; // train/data_parallel.h

enum class LrSchedule {
    constant,      // lr at every step
    warmup_cosine, // linear warmup, then cosine decay to 0 over the stage (warmup_cosine_lr)
};

struct TrainStage {
    std::string label;  // progress "<label>/train" and "<label>/validate"; checkpoint folder
    int64_t epochs = 1; // passes over the training items (0 skips the stage)
    double lr = 1e-3;   // peak AdamW learning rate
    double weight_decay = 0.0;
    // false: parameters that are scales rather than features (dim < 2, or "norm" in the
    // name) get no weight decay (the LM trainer's groups); true: every parameter the same.
    bool decay_all = true;
    LrSchedule schedule = LrSchedule::constant;
    double warmup_fraction = 0; // warmup_cosine: share of the stage's steps warming up
    // Before the stage: sets which of the module's parameters train (requires_grad). Empty:
    // all of them. After the last stage every parameter is frozen and its gradient freed.
    std::function<void()> set_trainable;
};

// A batch's loss: `total` is optimised. `reasoning` and `answer` are reported parts (NaN when
// a stage has none). Validation averages `total` (and the parts) weighted by `weight`: the
// number of items when 0, or e.g. the number of target tokens for a token-mean loss.
struct BatchLoss {
    torch::Tensor total;
    double reasoning = std::numeric_limits<double>::quiet_NaN();
    double answer = std::numeric_limits<double>::quiet_NaN();
    double weight = 0;
};

// batch_loss(indices, is_train): indices into the training (is_train) or validation items. A
// training batch whose `total` is undefined is skipped (no step; e.g. a curriculum left none
// of its items).
using BatchLossFn = std::function<BatchLoss(const std::vector<int64_t>&, bool)>;

struct TrainLoop {
    int64_t n_train = 0, n_val = 0;
    int64_t batch_size = 16;
    // Gradient accumulation (issue 17 §1): each batch of batch_size items is computed in
    // micro-batches of at most this many (0: the whole batch at once) whose gradients add up
    // before one optimiser step. Each micro-batch's loss is weighted by its BatchLoss::weight
    // (its item count when 0) over the batch's total, so the step equals the whole batch's when
    // `weight` is the denominator of the loss's mean (the LM trainer's target tokens, a mean over
    // items). Losses that compare items within a batch (InfoNCE's in-batch negatives) see fewer
    // items per micro-batch: their objective changes. Validation runs in the same micro-batches
    // (a weighted mean over them), so it needs no more memory than training.
    int64_t micro_batch = 0;
    // Dynamic loss scaling for float16 activations (issue 17 §1; Micikevicius et al. 2018,
    // "Mixed Precision Training"; torch.cuda.amp.GradScaler's defaults): each loss is
    // multiplied by a scale (initially 2^16) before backward and the gradients divided by it
    // after; a step whose gradients are not all finite is skipped and the scale halved; after
    // 2000 finite steps in a row the scale doubles. The scale is saved in checkpoints.
    bool dynamic_loss_scale = false;
    int64_t min_batch = 1;  // smaller batches are skipped (InfoNCE needs a negative: 2)
    double grad_clip = 1.0; // max global gradient L2 norm; <= 0 disables clipping
    uint64_t seed = 0;      // shuffles derive from (seed, epoch) alone: epoch_order
    std::filesystem::path checkpoint_dir; // empty = no checkpoints
    bool resume = false; // continue from the last stage with a checkpoint in checkpoint_dir
    // Called before each epoch's batches (resumed epochs too) with the stage label and the
    // 0-based epoch, e.g. for a curriculum; may be empty.
    std::function<void(const std::string&, int64_t)> on_epoch_start;
    // Reads the weights of a "semcot-lm-trainer/1" checkpoint folder into the module; empty:
    // such checkpoints are not resumed.
    std::function<void(const std::filesystem::path&)> load_legacy_weights;
    // Data parallel (issue 17 §3, train/data_parallel.h); null: the process's default group
    // (default_data_parallel_group()), itself null for one process. With a group of W ranks,
    // batch_size is per rank: global batch g is items [g W B, (g+1) W B) of the epoch's order
    // and rank r computes [g W B + r B, g W B + (r+1) B) of it. The summed micro-batch
    // gradients (each weighted by its BatchLoss::weight) are all-reduced and divided by the
    // global weight, so the step equals one process's on the global batch (with the caveat on
    // in-batch losses above, per rank). Validation batches are dealt round-robin and their
    // weighted sums all-reduced. Trainable parameters are broadcast from rank 0 when a stage
    // starts; only rank 0 reports progress and writes checkpoints; every rank reads them on
    // resume; a stop on rank 0 stops every rank after the same step. The world size is part
    // of a checkpoint's shape.
    std::shared_ptr<DataParallelGroup> data_parallel;
};

struct TrainResult {
    int64_t steps = 0;      // optimizer steps of all stages (resumed runs count earlier ones)
    double best_val_loss = std::numeric_limits<double>::quiet_NaN(); // last stage; NaN: no
                                                                     // validation items
    int64_t best_epoch = 0; // 1-based epoch of the last stage whose weights the module holds
    double final_train_loss = std::numeric_limits<double>::quiet_NaN(); // its last epoch's mean
};

// Runs `stages` in order on `module` and leaves it with each stage's best-by-validation
// weights (its last epoch's without validation items). Throws InvalidArgument for bad
// settings or a stage with nothing to train, Cancelled when `progress` returns false (after
// saving a checkpoint), Error("<label>: non-finite loss at step N") when the loss diverges (the
// last checkpoint stays as it was), FormatError for an unreadable checkpoint.
TrainResult run_training(torch::nn::Module& module, const std::vector<TrainStage>& stages,
                         const TrainLoop& loop, const ProgressCallback& progress,
                         const BatchLossFn& batch_loss);

// The order of `n` items in 0-based `epoch`: a Fisher-Yates shuffle driven by SplitMix64 seeded
// from (seed, epoch) alone, the same on every platform and standard library, so a resumed run
// sees the same batches without saving any random state.
std::vector<int64_t> epoch_order(int64_t n, uint64_t seed, int64_t epoch);

// Learning rate for 0-based optimizer step `step` of `total_steps`: linear warmup over
// round(warmup_fraction * total_steps) steps to `lr`, then cosine decay towards 0.
double warmup_cosine_lr(double lr, double warmup_fraction, int64_t step, int64_t total_steps);

} // namespace semcot
