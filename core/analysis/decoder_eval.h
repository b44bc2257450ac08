// The decoder measurement of issue 18 as one job: a method's latents for every question of a
// run's splits (its generator frozen), one decoder per condition trained on the training split
// (analysis/decoder_train.h; the controls "random" and "none" exactly as the real one), each
// scored on the test split against the ground-truth reasoning and the method's own answer
// (analysis/decoder_metrics.h). `semcot train-decoder` runs it; `semcot eval-decoder` rescores
// saved decoders.
//
// Output: the "tokens" decoder in `out` (RUN/decoder for SemCoT), each control in
// out/controls/<condition>, and out/scores.json, schema kDecoderEvalSchema:
//   {"schema", "run", "method", "lm", "split", "latent_count", "latent_dim", "seed",
//    "conditions": [{"condition", "folder", "training": {"steps", "best_epoch", "first_loss",
//                    "final_train_loss", "best_val_loss", "seconds"} or null,
//                    "scores": DecoderScores, "examples": [DecodedExample...]}],
//    "provenance"}
#pragma once

#include "analysis/decoder_metrics.h"
#include "analysis/decoder_train.h"
#include "analysis/explain.h"
#include "semcot/inference.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace semcot {

struct LoadedRun;
struct Example;

inline constexpr const char* kDecoderEvalSchema = "semcot.decoder-eval/1";
inline constexpr const char* kDecoderScoresFile = "scores.json";

struct DecoderConditionResult {
    std::string condition;   // "tokens", "random" or "none"
    std::string folder;      // its decoder
    nlohmann::json training; // see above; null when the decoder was only scored
    DecoderScores scores;
    std::vector<DecodedExample> examples;
};

struct DecoderEvaluation {
    std::string schema = kDecoderEvalSchema;
    std::string run, method, lm, split;
    int64_t latent_count = 0, latent_dim = 0;
    uint64_t seed = 0;
    std::vector<DecoderConditionResult> conditions;
    nlohmann::json provenance;
    // The condition's result, or nullptr.
    const DecoderConditionResult* find(const std::string& condition) const;
    nlohmann::json to_json() const;
    // FormatError naming `source` and the key for another schema or a missing key.
    static DecoderEvaluation from_json(const nlohmann::json& j, const std::string& source);
    // A table: one line per condition (ROUGE-L, step exact match, exact, coin state, agreement).
    std::string to_text() const;
};

// Reads <folder>/scores.json; InvalidArgument when absent, FormatError when damaged.
DecoderEvaluation read_decoder_scores(const std::filesystem::path& folder);

struct DecoderJobParams {
    Method method = Method::semcot;
    std::filesystem::path out; // the tokens decoder; controls in out/controls/<condition>
    std::vector<DecoderCondition> conditions = {DecoderCondition::tokens, DecoderCondition::random,
                                                DecoderCondition::none};
    DecoderTrainParams train;   // config.lm, prompt, seed, max_length; epochs, lr, batch
    bool train_decoders = true; // false: score the decoders already saved under `out`
    int64_t max_new_tokens = 0; // 0: the longest training reasoning's tokens + 16
    int64_t limit_train = 0;    // first N training questions only (0: all)
    int64_t limit_test = 0;     // first N test questions only (0: all; else no scores.json)
    std::string split = "test"; // scored split
};

using DecoderLog = std::function<void(const std::string&)>;

// The latents `method` places for each example, [N, n, Dt] float32 on the CPU (method_latents).
// InvalidArgument when the method places none or their count differs between questions.
torch::Tensor examples_latents(const InferenceContext& ctx, Method method,
                               const std::vector<Example>& examples);

// The whole measurement (above) on `run` with `ctx` answering as `method` (for a baseline, the
// context load_method gives; its latents must be [n, Dt] with Dt the teacher's hidden size).
// Writes the folders and scores.json (not for a partial scoring, limit_test > 0) and returns
// the evaluation. While it trains, `out` is locked (common/run_lock.h). Errors: InvalidArgument
// for bad settings, a method without latents or an `out` another job is training right now;
// Cancelled from `progress`; IoError / FormatError.
DecoderEvaluation run_decoder_job(LoadedRun& run, const InferenceContext& ctx,
                                  const DecoderJobParams& params,
                                  const ProgressCallback& progress = {},
                                  const DecoderLog& log = {});

// One question's decoded reasoning for explain(): the decoder in `folder` (loaded once per
// folder, device and decoder.json time, then kept) reads `latents` [n, Dt]; scored against
// `gold_reasoning` when given; `conditions` from <folder>/scores.json when present. Errors as
// load_decoder and decode_reasoning.
DecodedReasoning decode_for_explanation(const std::filesystem::path& folder,
                                        const torch::Tensor& latents, const std::string& query,
                                        const std::string* gold_reasoning, const Scorer& scorer,
                                        int64_t max_new_tokens, const torch::Device& device);

// The folder of a condition's decoder under `out`.
std::filesystem::path condition_folder(const std::filesystem::path& out, DecoderCondition c);

} // namespace semcot
