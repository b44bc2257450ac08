// Training the implicit-token decoder (analysis/decoder.h) with the shared loop
// (train/training_loop.h: progress, Stop, resume): cross-entropy of the ground-truth reasoning
// and EOS given [BOS] P(latents) "Reasoning:\n", token-mean over the batch's target tokens
// (semcot/lm_trainer.h lm_loss), AdamW with linear warmup and cosine decay, best epoch by
// validation loss.
#pragma once

#include "analysis/decoder.h"
#include "train/progress.h"
#include "train/training_loop.h"

#include <torch/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace semcot {

struct DecoderTrainParams {
    DecoderConfig config; // lm, method, condition, prompt, max_length, seed
    int64_t epochs = 3;   // passes over the training questions
    double lr = 1e-3;     // peak AdamW learning rate
    double weight_decay = 0.0;
    double warmup_fraction = 0.05;
    int64_t batch_size = 32;
    double grad_clip = 1.0;
    std::filesystem::path checkpoint_dir; // resumable state (empty: none)
    bool resume = false;
};

struct DecoderTrainResult {
    TrainResult train;                                            // steps, best epoch, losses
    double first_loss = std::numeric_limits<double>::quiet_NaN(); // loss of the first step
    ImplicitDecoder decoder{nullptr};                             // best-by-validation weights
};

// The latents each question's decoder reads under `condition`, from every question's own
// `latents` [N, n, Dt]: tokens -> themselves; random -> those of question perm[i] for a
// derangement perm drawn from `seed` (N >= 2); none -> [N, 0, Dt].
torch::Tensor condition_latents(const torch::Tensor& latents, DecoderCondition condition,
                                uint64_t seed);
// A permutation of 0..n-1 with no fixed point (Sattolo's algorithm driven by data/rng.h Rng(seed));
// InvalidArgument for n < 2.
std::vector<int64_t> derangement(int64_t n, uint64_t seed);

// Trains a decoder on `lm` (the student copy, or the teacher for a prefix projection) reading
// `train_latents` [N, n, Dt] (float32, already chosen by condition_latents) to write
// `train_reasoning[i]`; validation on `val_*` (may be empty). A teacher decoder without latents
// (the "none" control of a prefix projection) has nothing to train and is returned untrained.
// InvalidArgument for mismatched sizes, an empty training set, an empty reasoning or a sequence
// over config.max_length; Cancelled when `progress` returns false (checkpoint kept for resume).
DecoderTrainResult
train_decoder(LlamaModel lm, const Tokenizer& tokenizer, const torch::Tensor& train_latents,
              const std::vector<std::string>& train_reasoning, const torch::Tensor& val_latents,
              const std::vector<std::string>& val_reasoning, const DecoderTrainParams& params,
              const ProgressCallback& progress = {});

} // namespace semcot
