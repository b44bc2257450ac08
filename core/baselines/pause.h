// Pause tokens (Goyal et al. 2023, "Think before you speak: training language models with pause
// tokens"), as the SemCoT paper's baseline sets them up: the frozen teacher with LoRA adapters
// reads [question, <pause> x N, answer prompt] and is trained with cross-entropy on the answer
// (and EOS) only; at inference the same N pause tokens sit between the question and the answer
// prompt. The <pause> token's input embedding is its one new row: it is the only embedding that
// trains (initialised as the mean of the teacher's embedding rows), kept apart from the
// teacher's embedding matrix, which stays as it is.
//
// A pause method folder (baselines/baseline.h; `semcot train --method pause --base RUN`):
//   method.json          {"method": "pause", "base": RUN, "pause": {PauseParams}, "summary"}
//   adapter/             the teacher's LoRA adapters in PEFT's layout (engine/lora.h)
//   pause.safetensors    "pause_embedding" [Dt] float32
#pragma once

#include "baselines/baseline.h"
#include "data/dataset.h"
#include "eval/prompts.h"
#include "semcot/hyperparameters.h"
#include "tokenizer/tokenizer.h"
#include "train/progress.h"


#include <filesystem>
#include <string>
#include <vector>

namespace semcot {

struct PauseParams : BaselineParams {
    int64_t pause_tokens = 5;  // N, at training and inference
    bool joint_answer = true;  // answer tokens as the teacher saw them (cg_answer_ids)

    nlohmann::json to_json() const;
    // Absent keys keep the defaults; FormatError naming `source` and the key otherwise.
    static PauseParams from_json(const nlohmann::json& j, const std::string& source);
};

struct PauseResult {
    torch::Tensor pause_embedding; // [Dt], the teacher's dtype and device
    double best_val_loss = 0;      // answer cross-entropy per token; NaN without validation
    int64_t steps = 0;
};

// Adds LoRA adapters to `teacher` (frozen otherwise) and trains them with the <pause>
// embedding on `train`, selecting the best epoch on `validation`. The teacher keeps its
// adapters. Throws InvalidArgument for bad parameters, Cancelled when `progress` says stop.
PauseResult train_pause(LlamaModelImpl& teacher, const Tokenizer& tok,
                        const PromptTemplate& prompts, const std::vector<Example>& train,
                        const std::vector<Example>& validation, const PauseParams& params,
                        const ProgressCallback& progress = {});

// The answer cross-entropy of a batch with `pause_embedding` repeated N times as latents
// (mean over answer tokens; what train_pause minimises).
torch::Tensor pause_loss(LlamaModelImpl& teacher, const Tokenizer& tok,
                         const PromptTemplate& prompts, const std::vector<Example>& batch,
                         const torch::Tensor& pause_embedding, const PauseParams& params);

// Writes a pause method folder (above); `info` becomes method.json's "summary".
void save_pause(const std::filesystem::path& folder, const LlamaModelImpl& teacher,
                const PauseResult& result, const PauseParams& params,
                const std::filesystem::path& base_run, const nlohmann::json& info);

struct LoadedPause {
    PauseParams params;
    std::filesystem::path base_run;
    torch::Tensor pause_embeddings; // [N, Dt] on the teacher's device and dtype
};
// Reads a pause method folder and adds its adapters to `teacher` (the base run's teacher,
// loaded by the caller). InvalidArgument when `folder` is not a pause folder (no method.json,
// another method); FormatError naming the file for anything missing or malformed.
LoadedPause load_pause(const std::filesystem::path& folder, LlamaModelImpl& teacher);

} // namespace semcot
