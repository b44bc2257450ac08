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
#include "semcot/hyperparameters.h"
#include "train/progress.h"
#include "semcot/sentence_transformer.h"
#include "tokenizer/tokenizer.h"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace semcot {

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
// The teacher's input for an answer loss with latent inputs: [BOS "Question: Q"] [latent]
// ["\n Answer:" " X" EOS] per example (`latent` [B, k, Dt]), right-padded, with the answer
// tokens and EOS as targets. SemCoT's generator stage uses it, and the baselines whose latents
// sit in the same place (Pause tokens). `max_length` bounds the prompt; `joint_answer` as
// cg_answer_ids.
struct TeacherAnswerBatch {
    torch::Tensor inputs_embeds; // [B, T, Dt]
    torch::Tensor mask;          // [B, T] int64, 1 on real positions
    torch::Tensor targets;       // [B, T] int64: the token position t + 1 should be
    torch::Tensor target_mask;   // [B, T] int64, 1 where the loss counts
};
TeacherAnswerBatch teacher_answer_batch(LlamaModelImpl& teacher, const Tokenizer& teacher_tok,
                                        const PromptTemplate& prompts,
                                        const std::vector<Example>& batch,
                                        const torch::Tensor& latent, int64_t max_length,
                                        bool joint_answer);

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
