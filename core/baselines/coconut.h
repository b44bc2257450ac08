// Coconut: chain of continuous thought (Hao et al. 2024, "Training large language models to
// reason in a continuous latent space"; github.com/facebookresearch/coconut), as the SemCoT
// paper's baseline sets it up: the teacher with LoRA adapters and two new special tokens,
// <bot> and <eot>, whose input embeddings are their only trained rows (kept apart from the
// teacher's embedding matrix, initialised as its mean row). A curriculum of stages: stage 0 is
// the full CoT, [CoT prompt, <bot>, <eot>, reasoning, answer line]; stage s (1..max_latent_
// stage) replaces the first s reasoning steps (lines) with c x s continuous thoughts, each the
// last hidden state fed back as the next input embedding (engine/continuous_thoughts.h); a
// final stage removes every step and keeps c x max_latent_stage thoughts. Cross-entropy on
// the text after <eot> (remaining steps and the answer line, EOS). Each stage is stage.epochs
// epochs with a fresh optimiser, as the original resets it per stage. At inference:
// c x max_latent_stage thoughts, then the model writes the answer line (Method::coconut).
//
// Where ours differs from the original code: LoRA instead of full fine-tuning; the thought
// count is padded to the stage's (the original's pad_latent_to_max) so a batch shares it;
// backpropagation runs through n + 1 full forward passes without a KV cache (the original
// reuses the cache between passes; the gradients are the same); no uniform stage mixing.
//
// Method folder (baselines/baseline.h): adapter/, method.json, method.safetensors with "bot"
// and "eot" [Dt].
#pragma once

#include "baselines/baseline.h"
#include "data/dataset.h"
#include "eval/prompts.h"
#include "semcot/inference.h"
#include "tokenizer/tokenizer.h"

namespace semcot {

struct CoconutParams : BaselineParams {
    int64_t thoughts_per_step = 1; // c (the original: 1 for ProsQA, 2 for GSM8K)
    int64_t max_latent_stage = 3;  // steps replaced at most (the original's GSM8K setting)
    CoconutParams() { stage.epochs = 1; } // epochs per stage
    int64_t thoughts_at_inference() const { return thoughts_per_step * max_latent_stage; }

    nlohmann::json to_json() const;
    static CoconutParams from_json(const nlohmann::json& j, const std::string& source);
};

// The reasoning's steps: its non-empty lines, trimmed.
std::vector<std::string> reasoning_steps(const std::string& reasoning);

// The text after <eot> at `stage` (0-based; stages > max_latent_stage remove every step):
// the remaining steps, one per line, then the answer line ("Answer: X").
std::string coconut_target_text(const PromptTemplate& prompts, const Example& ex, int64_t stage,
                                const CoconutParams& params);
// Continuous thoughts at `stage`: c x min(stage, max_latent_stage).
int64_t coconut_thoughts(int64_t stage, const CoconutParams& params);

// The curriculum's training loss of a batch at `stage`: mean cross-entropy over the target
// tokens (coconut_target_text and EOS) after <eot>. `bot`, `eot` [Dt] in the teacher's dtype.
torch::Tensor coconut_loss(LlamaModelImpl& teacher, const Tokenizer& tok,
                           const PromptTemplate& prompts, const std::vector<Example>& batch,
                           const torch::Tensor& bot, const torch::Tensor& eot, int64_t stage,
                           const CoconutParams& params);

struct CoconutResult {
    torch::Tensor bot, eot; // [Dt]
    double best_val_loss = 0; // the last stage's
    int64_t steps = 0;
    int64_t stages = 0;
};

// Adds LoRA adapters to `teacher` and trains them with <bot> and <eot> through the stages.
// InvalidArgument for bad parameters or examples without reasoning; Cancelled on stop.
CoconutResult train_coconut(LlamaModelImpl& teacher, const Tokenizer& tok,
                            const PromptTemplate& prompts, const std::vector<Example>& train,
                            const std::vector<Example>& validation, const CoconutParams& params,
                            const ProgressCallback& progress = {});

void save_coconut(const std::filesystem::path& folder, const LlamaModelImpl& teacher,
                  const CoconutResult& result, const CoconutParams& params,
                  const std::filesystem::path& base_run, const nlohmann::json& summary);
// Adds the folder's adapters to `teacher` and returns what inference needs.
struct LoadedCoconut {
    CoconutParams params;
    ContinuousThoughtParams thoughts;
};
LoadedCoconut load_coconut(const std::filesystem::path& folder, LlamaModelImpl& teacher);

} // namespace semcot
