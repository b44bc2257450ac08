// ICoT-SI: stepwise internalisation of chain-of-thought (Deng et al. 2024, "From explicit CoT to
// implicit CoT: learning to internalize CoT step by step"; github.com/da03/Internalize_CoT_
// Step_by_Step). The teacher, with LoRA adapters (the SemCoT paper's baseline setting; the
// original fine-tunes every weight), is trained on [CoT prompt, reasoning, "\nAnswer: X"] with
// cross-entropy on the reasoning and the answer, while reasoning tokens are removed from the
// front on a schedule: stage s removes s x remove_per_stage tokens (plus a random offset o per
// example, P(o) proportional to exp(-lambda o), the original's removal smoothing), the last
// stage all of them. Each stage is stage.epochs epochs with a fresh optimiser (the original's
// --reset_optimizer). At inference the model reads the CoT prompt and writes the answer line
// directly (Method::icot, semcot/inference.h).
//
// Where ours differs from the original code: LoRA instead of full fine-tuning; stages are
// epochs of the shared loop, so the schedule counts stages rather than epochs of one run; the
// last stage (all removed) is its own stage; removal is of the tokens of the reasoning as
// tokenised in place (the original tokenises the CoT apart), and the answer keeps our answer
// line instead of "####".
//
// Method folder (baselines/baseline.h): adapter/ and method.json (no tensors of its own).
#pragma once

#include "baselines/baseline.h"
#include "data/dataset.h"
#include "eval/prompts.h"
#include "semcot/lm_trainer.h"
#include "tokenizer/tokenizer.h"

namespace semcot {

struct IcotParams : BaselineParams {
    int64_t remove_per_stage = 8;         // reasoning tokens removed per stage (original: 8)
    double removal_smoothing_lambda = 4;  // the offset's decay; 0 = no offset
    IcotParams() { stage.epochs = 1; }    // epochs per stage

    nlohmann::json to_json() const;
    static IcotParams from_json(const nlohmann::json& j, const std::string& source);
};

// One example's training sequence with `removed` reasoning tokens taken out of the front:
// BOS + CoT prompt, what is left of the reasoning, the answer line, EOS; the loss is on
// everything after the prompt. `reasoning_tokens` gets the reasoning's token count in place
// (tokens the reasoning's text alone shares with the whole text); removing that many or more
// leaves the prompt and the answer line tokenised without the reasoning's text.
LmSequence icot_sequence(const Tokenizer& tok, const PromptTemplate& prompts, const Example& ex,
                         int64_t removed, int64_t max_length, int64_t* reasoning_tokens = nullptr);

// The removal stages for reasoning of at most `max_reasoning_tokens`: 1 + ceil(max /
// remove_per_stage) (stage 0 removes none; the last removes all).
int64_t icot_stages(const IcotParams& params, int64_t max_reasoning_tokens);

struct IcotResult {
    double best_val_loss = 0; // the last stage's (no reasoning left)
    int64_t steps = 0;
    int64_t stages = 0;
};

// Adds LoRA adapters to `teacher` (frozen otherwise) and trains them through the removal
// stages. InvalidArgument for bad parameters or examples without reasoning, Cancelled when
// `progress` says stop.
IcotResult train_icot(LlamaModelImpl& teacher, const Tokenizer& tok, const PromptTemplate& prompts,
                      const std::vector<Example>& train, const std::vector<Example>& validation,
                      const IcotParams& params, const ProgressCallback& progress = {});

void save_icot(const std::filesystem::path& folder, const LlamaModelImpl& teacher,
               const IcotParams& params, const std::filesystem::path& base_run,
               const nlohmann::json& summary);
// Adds the folder's adapters to `teacher`; errors as read_method_json.
IcotParams load_icot(const std::filesystem::path& folder, LlamaModelImpl& teacher);

} // namespace semcot
