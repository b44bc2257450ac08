// Are the implicit tokens doing anything (issue 16 §3)? Measurements over a split, for SemCoT
// and every baseline that places latents in the teacher's embedding space (pause, softcot,
// coconut, codi):
//   - token statistics: each position's L2 norm against the norms of the teacher's own
//     embedding rows; the cosine between positions (t1 vs t2 ...) averaged over questions; the
//     cosine of one position's tokens across different questions (near 1: every question gets
//     nearly the same token); the effective rank of the tokens (Roy & Vetterli 2007: exp of the
//     entropy of the normalised singular values; 1 = all tokens on one line).
//   - interventions, the causal test: accuracy when the tokens are replaced by zeros, by another
//     question's tokens, removed one position at a time or all, compared with the tokens as
//     computed; "changed" counts answers that differ from the unmodified ones. With
//     mask_latents the teacher cannot attend to the tokens at all: a control in which every
//     intervention must leave every answer as it was.
//   - a layer-wise raw logit lens: the teacher's hidden state at each latent position after
//     every layer, through the final norm and LM head (nostalgebraist 2020's logit lens; raw,
//     without the tuned lens's learnt translators).
#pragma once

#include "analysis/explain.h"
#include "data/dataset.h"
#include "semcot/inference.h"

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <string>
#include <vector>

namespace semcot {

struct NormSummary {
    double mean = 0, sd = 0, p5 = 0, p95 = 0;
};

struct TokenDiagnostics {
    std::string method;
    int64_t questions = 0, k = 0;
    std::vector<NormSummary> norms;  // per position
    NormSummary embedding_norms;     // the teacher's input embedding rows
    std::vector<std::vector<double>> position_cosine; // [k][k], mean over questions
    std::vector<double> across_questions_cosine;      // per position, mean over question pairs
    double embedding_pair_cosine = 0; // mean cosine of random pairs of embedding rows (context)
    std::vector<double> effective_rank; // per position, over the questions' tokens
    double effective_rank_all = 0;      // all positions of all questions together
    nlohmann::json to_json() const;
    std::string table() const;
};

// Progress over the questions; return false to stop (Cancelled).
using DiagnosticsProgress = std::function<bool(int64_t done, int64_t total)>;

// InvalidArgument for methods without latents or fewer than 2 questions.
TokenDiagnostics token_diagnostics(const InferenceContext& ctx, Method method,
                                   const std::vector<Example>& questions,
                                   const DiagnosticsProgress& progress = {});

struct InterventionRow {
    std::string name;        // "as computed", "zeroed", "another question's", "without t2", ...
    int64_t n = 0, correct = 0;
    double accuracy = 0;
    int64_t changed = 0;     // answers (extracted) that differ from "as computed"
    std::vector<std::string> answers; // per question, in order: the extracted answer
};

struct InterventionResult {
    std::string method;
    bool masked = false; // the control: the teacher could not attend to the tokens
    std::vector<InterventionRow> rows;
    nlohmann::json to_json() const;
    std::string table() const;
};

// Every intervention on every question (answers greedy, through run_method_with_latents).
// "another question's" gives question i the tokens of question (i + 1) mod n of a seeded
// shuffle. A question with an empty gold answer is answered but never counted correct.
InterventionResult intervene(const InferenceContext& ctx, Method method,
                             const std::vector<Example>& questions, bool mask_latents = false,
                             uint64_t seed = 0, const DiagnosticsProgress& progress = {});

// The layer-wise raw logit lens of one question: [layers + 1][n] entries (row 0 the input
// embeddings, row l the output of layer l; the last row is the final normed state), each the
// top `top_k` teacher tokens at a latent position.
std::vector<std::vector<LogitLensEntry>> layer_logit_lens(const InferenceContext& ctx,
                                                          Method method, const std::string& query,
                                                          int64_t top_k = 5);

} // namespace semcot
