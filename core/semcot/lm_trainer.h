// Supervised language-model training on prompt -> target pairs (the tiny preset trains its
// teacher and student from scratch with it). The loss is next-token cross-entropy on the
// target tokens and EOS only; AdamW with linear warmup and cosine decay, gradient clipping,
// per-epoch validation with best-by-validation model selection, and resumable checkpoints:
// one stage of the shared training loop (train/training_loop.h).
#pragma once

#include "engine/model.h"
#include "semcot/hyperparameters.h"
#include "train/progress.h"
#include "train/training_loop.h"
#include "tokenizer/tokenizer.h"

#include <torch/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace semcot {

// A conditioning text and the continuation the model learns to produce after it.
struct TextPair {
    std::string prompt; // no loss
    std::string target; // loss on its tokens and the EOS after it
};

struct LmTrainResult {
    double final_train_loss = 0; // mean training loss of the last epoch
    double best_val_loss = 0;    // best validation loss (NaN without validation pairs)
    int64_t steps = 0;           // optimizer steps of the whole run
    int64_t best_epoch = 0;      // 1-based epoch whose weights the model holds at the end
};

// One tokenised pair: ids = [BOS] prompt target [EOS]; ids[target_begin..] carry the loss.
struct LmSequence {
    std::vector<int64_t> ids; // all token ids, BOS/EOS included when the tokenizer has them
    int64_t target_begin = 0; // index of the first target token (or of EOS for an empty target)
};

// A padded batch. labels[b, t] is the token the model must predict at position t from the
// logits at t - 1 (Hugging Face's convention); kIgnoreLabel where there is no loss.
struct LmBatch {
    torch::Tensor input_ids;      // [B, T] int64, right-padded with the pad id
    torch::Tensor attention_mask; // [B, T] int64; 1 = token, 0 = padding
    torch::Tensor labels;         // [B, T] int64; target ids and EOS, else kIgnoreLabel
    int64_t target_tokens = 0;    // positions with a label
};

inline constexpr int64_t kIgnoreLabel = -100;

// Tokenises prompt + target as one text (so the boundary tokenises as it will at inference);
// the target starts after the longest prefix shared with the prompt's own tokens. A sequence
// longer than `max_length` loses prompt tokens from the left (BOS stays). Throws
// InvalidArgument when BOS + target + EOS alone exceed max_length, or nothing carries a loss.
LmSequence tokenize_lm_pair(const Tokenizer& tok, const TextPair& pair, int64_t max_length);

// How many leading ids `a` and `b` share: where a text's tokens stop matching those of a text
// that extends it (the boundary rule of tokenize_lm_pair, ICoT-SI and CODI).
size_t shared_prefix_length(const std::vector<int>& a, const std::vector<int>& b);

// Id used for padding: the tokenizer's pad id, else EOS, else 0 (padding is masked anyway).
int64_t lm_pad_id(const Tokenizer& tok);

// Right-pads sequences into one batch (CPU tensors). Throws InvalidArgument when empty.
LmBatch make_lm_batch(const std::vector<LmSequence>& sequences, int64_t pad_id);
LmBatch make_lm_batch(const Tokenizer& tok, const std::vector<TextPair>& pairs, int64_t max_length);

// Mean cross-entropy (float32) of logits [B, T, V] against labels [B, T]: the logits at t
// are scored on labels[:, t + 1]; kIgnoreLabel positions are skipped.
torch::Tensor lm_loss(const torch::Tensor& logits, const torch::Tensor& labels);

// The checkpoint folder train_lm would resume from in `checkpoint_dir` for a run labelled
// `label`, or empty if none: <checkpoint_dir>/<label>/latest in run_training's format
// (train/training_loop.h), else an earlier LM trainer's <checkpoint_dir>/latest.
std::filesystem::path lm_checkpoint_path(const std::filesystem::path& checkpoint_dir,
                                         const std::string& label);

// Trains `model` in place and leaves it with the best-by-validation weights (the last ones
// without validation pairs). Parameters are made trainable for the run and restored after.
// `validation` is for model selection only; never pass test data. Throws InvalidArgument for
// bad parameters or pairs, Cancelled when `progress` returns false (after saving a checkpoint
// when checkpoint_dir is set; the model keeps its current weights), and Error("non-finite
// loss at step N") when the loss diverges (the last epoch checkpoint stays as it was).
LmTrainResult train_lm(LlamaModelImpl& model, const Tokenizer& tok,
                       const std::vector<TextPair>& train, const std::vector<TextPair>& validation,
                       const LmTrainParams& params, const ProgressCallback& progress = {});

} // namespace semcot
