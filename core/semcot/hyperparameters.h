// The hyperparameters of a SemCoT run's parts as plain structs with their JSON: what a preset
// (models/presets/*.json) and run.json hold for the from-scratch language models, the sentence
// transformer, the contemplation generator and SemCoT's training stages. No torch here: the
// desktop app reads and edits presets through these types (semcot/preset.h), so a new key is
// added in one place.
#pragma once

#include "engine/config.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace semcot {

// Supervised language-model training of a from-scratch teacher or student
// (semcot/lm_trainer.h).
struct LmTrainParams {
    int64_t epochs = 10;           // passes over the training pairs
    int64_t batch_size = 32;       // pairs per optimizer step (the last batch may be smaller)
    double lr = 1e-3;              // peak learning rate
    double weight_decay = 0.01;    // AdamW decoupled decay; not applied to norm weights
    double warmup_fraction = 0.05; // share of the steps with linear warmup, then cosine decay to 0
    double grad_clip = 1.0;        // max global gradient L2 norm; <= 0 disables clipping
    uint64_t seed = 0;             // seeds the per-epoch shuffles (the model is not re-initialised)
    int64_t max_length = 256;      // tokens per sequence; longer prompts lose their beginning
    // Memory (issue 17 §1): gradient accumulation over micro-batches of this many pairs (0: the
    // whole batch at once; the step is the same, train/training_loop.h), and activation
    // checkpointing of the model's layers (engine/checkpointing.h). In the preset only when set.
    int64_t micro_batch = 0;
    bool activation_checkpointing = false;
    std::filesystem::path checkpoint_dir; // resumable state after each epoch; empty = none
    bool resume = false;           // continue from checkpoint_dir's checkpoint if there is one
    std::string label = "teacher"; // names the job in progress stages and error messages

    // The preset's keys ("epochs", "batch_size", "lr", "weight_decay", "warmup_fraction",
    // "max_length"); the others are not hyperparameters of a preset. from_json keeps the
    // defaults above for absent keys and throws FormatError naming `source` and the key.
    nlohmann::json to_json() const;
    static LmTrainParams from_json(const nlohmann::json& j, const std::string& source,
                                   const std::string& label);
};

// SemCoT's sentence transformer (semcot/sentence_transformer.h).
struct SentenceTransformerConfig {
    int64_t start_layer = 16;     // first teacher layer copied into the ST
    int64_t end_layer = 20;       // one past the last copied layer: layers [start, end)
    int64_t output_dim = 768;     // width of the sentence embedding (projection output)
    std::string pooling = "mean"; // "mean" or "max" over the real (mask != 0) tokens

    int64_t num_layers() const { return end_layer - start_layer; }
    // Throws FormatError naming the key when a value is impossible on its own.
    void validate() const;
    // Throws InvalidArgument when [start, end) is not inside the teacher's layers.
    void validate_against(const ModelConfig& teacher) const;

    // {"start_layer", "end_layer", "output_dim", "pooling"}; missing or ill-typed keys give
    // a FormatError naming `source` and the key.
    nlohmann::json to_json() const;
    static SentenceTransformerConfig from_json(const nlohmann::json& json,
                                               const std::string& source);
};

// SemCoT's contemplation generator (semcot/contemplation_generator.h).
struct ContemplationConfig {
    int64_t thought_id = -1;    // id of <thought> in the student's vocabulary
    int64_t teacher_hidden = 0; // teacher's hidden size (output of the projection)
    int64_t k_train = 5;        // implicit tokens while training (paper: 5)
    int64_t k_infer = 1;        // implicit tokens at inference (paper: 1)
    // "ours": the states at the k <thought> positions. "paper": one position early (the last
    // query token and k-1 thoughts), as the paper's code slices; with k = 1 the trained
    // <thought> then has no effect.
    std::string slice = "ours";

    // cg/contemplation.json: every key, all required.
    nlohmann::json to_json() const;
    static ContemplationConfig from_json(const nlohmann::json& j, const std::string& source);
    // A preset's "contemplation" object: k_train, k_infer and slice, each optional (the ids
    // and sizes come from the models). Throws FormatError naming `source` and the key.
    nlohmann::json preset_json() const;
    static ContemplationConfig from_preset(const nlohmann::json& j, const std::string& source);
};

// One stage of SemCoT's training (semcot/semcot_trainer.h).
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
    // Memory (issue 17 §1), in the preset only when set: micro-batches of this many examples
    // with gradients accumulated (0: the whole batch; the InfoNCE of the sentence transformer
    // then sees fewer in-batch negatives), activation checkpointing of the teacher's and the
    // generator's layers, and the dtype the frozen teacher is held in while the generator
    // trains: "float32", "bfloat16" or "float16" (trainable weights and AdamW state stay
    // float32; losses are computed in float32; float16 turns on dynamic loss scaling).
    int64_t micro_batch = 0;
    bool activation_checkpointing = false;
    std::string teacher_dtype = "float32";
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

} // namespace semcot
