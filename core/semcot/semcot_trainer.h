// Training SemCoT's two learned parts on a frozen teacher:
//   1. the sentence transformer (ST), contrastively on (reasoning, condensed reasoning) pairs;
//   2. the contemplation generator (CG), with
//        loss = alpha * (1 - cos(ST(implicit), ST(reasoning)))
//             + (1 - alpha) * CE(answer tokens | [question, implicit, answer prompt])
//      where gradients flow through the frozen teacher into the implicit tokens.
// Each has two stages: the projection alone (warm-up), then everything.
#pragma once

#include "data/dataset.h"
#include "eval/prompts.h"
#include "semcot/contemplation_generator.h"
#include "train/progress.h"
#include "semcot/sentence_transformer.h"
#include "tokenizer/tokenizer.h"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace semcot {

struct StageParams {
    double lr = 1e-3;          // AdamW learning rate
    double weight_decay = 0.0; // AdamW weight decay
    int64_t epochs = 1;        // passes over the training data (0 skips the stage)
};

struct SemcotTrainParams {
    double st_temperature = 1.0;         // InfoNCE temperature (the paper's code: 1.0)
    StageParams st_stage1{1e-3, 0.0, 2}; // ST projection only
    StageParams st_stage2{1e-4, 0.0, 2}; // ST layers + projection
    double alpha = 0.5;                  // weight of the reasoning-alignment loss (0: ablation)
    StageParams cg_stage1{1e-3, 0.0, 2}; // CG projection only (warm-up)
    StageParams cg_stage2{3e-4, 0.0, 4}; // CG student + projection
    int64_t batch_size = 16;             // examples per optimizer step
    int64_t max_length = 256;            // tokens per text (longer ones are cut from the left)
    uint64_t seed = 0;                   // shuffling
    bool no_st = false;                  // ablation: cosine of mean-pooled teacher states, no ST
    bool no_warmup = false;              // ablation: skip the CG projection-only stage
    bool teacher_as_generator = false;   // ablation: the generator is a copy of the teacher
    double grad_clip = 1.0;              // max gradient norm
    // Beyond the paper (all off by default and in the paper's preset; issue 11):
    // cg2 epoch i (1-based) trains only on examples with at most flip_curriculum[i-1] coin
    // flips (counted in the query, see flip_count); epochs past the list use everything.
    std::vector<int64_t> flip_curriculum;
    // > 0: the projection's initial weights and bias are scaled so that the implicit tokens
    // start with a mean L2 norm of cg_init_norm_scale x the teacher's mean embedding-row norm.
    double cg_init_norm_scale = 0.0;
    // What the implicit tokens are aligned with: "reasoning" (the paper: the gold reasoning)
    // or "condensed" (the example's condensed reasoning, e.g. "3 flips, odd, so tails.").
    std::string align_target = "reasoning";
    // How the answer the teacher must produce is tokenised: "separate" encodes " yes" on its
    // own, which with SentencePiece's dummy prefix adds a leading word-boundary piece the
    // teacher never saw after "Answer:" (" yes" -> [▁, ▁, yes...], " no" -> [▁, ▁no]);
    // "joint" takes the answer's tokens from the encoding of the answer prompt and the answer
    // together, as the teacher was trained on them ([▁, yes...], [▁no]).
    std::string answer_tokens = "separate";
    // Not part of the hyperparameters (not in to_json): resumable state of each stage after
    // every epoch and on stop, in <checkpoint_dir>/<stage>/ (empty = none), and whether to
    // continue from it.
    std::filesystem::path checkpoint_dir;
    bool resume = false;
    // Not a hyperparameter either: when set, one JSON line per generator epoch is appended
    // here (validation losses by number of flips, implicit-token norms against the teacher's
    // embedding norms, ...): the diagnostics of issue 11.
    std::filesystem::path diagnostics_file;

    nlohmann::json to_json() const;
    static SemcotTrainParams from_json(const nlohmann::json& j, const std::string& source);
};

struct SemcotStageResult {
    double best_val_loss = 0;
    int64_t best_epoch = 0;
    int64_t steps = 0;
};

// Trains `st` in place (both stages); keeps the weights of the best validation epoch.
SemcotStageResult train_sentence_transformer(SentenceTransformerImpl& st, LlamaModelImpl& teacher,
                                             const Tokenizer& teacher_tok,
                                             const std::vector<Example>& train,
                                             const std::vector<Example>& validation,
                                             const SemcotTrainParams& params,
                                             const ProgressCallback& progress = {});

// Trains `cg` in place (both stages, or one with no_warmup); `st` may be null with no_st.
SemcotStageResult train_contemplation_generator(
    ContemplationGeneratorImpl& cg, const Tokenizer& student_tok, LlamaModelImpl& teacher,
    const Tokenizer& teacher_tok, SentenceTransformerImpl* st, const PromptTemplate& prompts,
    const std::vector<Example>& train, const std::vector<Example>& validation,
    const SemcotTrainParams& params, const ProgressCallback& progress = {});

// The CG objective on one batch (exposed for tests): returns {total, reasoning, answer}.
struct CgLoss {
    torch::Tensor total, reasoning, answer;
    // For diagnostics (detached): per-example answer cross-entropy [B], whether the teacher's
    // greedy answer tokens are all right (teacher-forced) [B] (bool), and the implicit tokens [B,
    // k, Dt].
    torch::Tensor answer_per_example, answer_correct, implicit;
};
CgLoss contemplation_loss(ContemplationGeneratorImpl& cg, const Tokenizer& student_tok,
                          LlamaModelImpl& teacher, const Tokenizer& teacher_tok,
                          SentenceTransformerImpl* st, const PromptTemplate& prompts,
                          const std::vector<Example>& batch, const SemcotTrainParams& params);

// The token ids (without EOS) of the answer the teacher is trained to give after the implicit
// tokens and the answer prompt; `joint` as in SemcotTrainParams::answer_tokens.
std::vector<int64_t> cg_answer_ids(const Tokenizer& teacher_tok, const PromptTemplate& prompts,
                                   const Example& e, bool joint);

// Number of people who flip the coin in a coin-flip question (occurrences of " flips the
// coin"); 0 for other tasks.
int64_t flip_count(const Example& e);

} // namespace semcot
