// A SemCoT run: a preset (models/presets/*.json) trained end to end into a run folder, and
// everything needed to load it back for inference and evaluation.
//
// Run folder:
//   run.json              preset, task, seed, completed stages, training summaries; status
//                         "training", "done" or "failed" (with "error")
//   data/{train,validation,test}.json   the splits (test is never used for training or selection),
//                         with each example's task features
//   data/skipped.json     examples left out as longer than max_length ("over_long": "skip")
//   teacher/              Hugging Face folder (config.json, model.safetensors, tokenizer.model)
//   student/              the student before contemplation training (HF folder, no tokenizer)
//   student_tokenizer/    the student's tokenizer (with <thought>)
//   st/                   sentence transformer (safetensors + JSON)
//   cg/                   contemplation generator (student/ folder, projection, JSON)
//   generator_tokenizer/  only when the teacher itself is the generator (ablation): the
//                         teacher's tokenizer with <thought>, read instead of student_tokenizer/
//   checkpoints/          resumable state of stages in progress
#pragma once

#include "data/dataset.h"
#include "engine/checkpoint.h"
#include "eval/prompts.h"
#include "eval/scoring.h"
#include "semcot/contemplation_generator.h"
#include "semcot/dataset_fit.h"
#include "semcot/inference.h"
#include "semcot/lm_trainer.h"
#include "semcot/semcot_trainer.h"
#include "semcot/sentence_transformer.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>

namespace semcot {

inline constexpr const char* kGeneratorTokenizer = "generator_tokenizer";

struct Preset {
    std::string name;    // file stem
    nlohmann::json json; // the whole preset, as read
    // Data: a built-in task ("coinflip", "arithmetic"), a SemCoT JSON file, or a dataset
    // folder laid out like ../shared/datasets/<name>/ (train_*.json gives train and
    // validation, eval_*.json is the test split).
    std::string task = "coinflip";
    // Generated examples (built-in tasks); for a file or folder, the training examples kept
    // (a seeded sample) when the file has more.
    int64_t examples = 2000;
    int min_people = 4, max_people = 6; // coinflip size
    double test_fraction = 0.1, validation_fraction = 0.1;
    std::string prompts = "llama2_small";
    // From scratch (tiny) or from Hugging Face folders (teacher_model/student_model set).
    std::string teacher_model, student_model;
    int64_t vocab_size = 400;     // tokenizer trained from scratch
    ModelConfig teacher, student; // shapes when trained from scratch
    LmTrainParams teacher_train, student_train;
    SentenceTransformerConfig st;
    ContemplationConfig cg;
    SemcotTrainParams semcot;
    FitSettings fit; // "fit" and "over_long" (semcot/dataset_fit.h)
};

// Reads models/presets/<name>.json (or a path). Errors name the file and key.
Preset load_preset(const std::string& name_or_path);
// A preset from its JSON; `src` names it in errors.
Preset preset_from_json(const nlohmann::json& json, const std::string& name,
                        const std::string& src);
// The preset with `patch` merged into its JSON (RFC 7386 merge patch), e.g. command-line
// ablation flags: {"semcot": {"alpha": 0}}. The result's JSON is what run.json records.
Preset with_overrides(const Preset& preset, const nlohmann::json& patch);
// Folder of the shipped models/ tree: next to the executable's ../share/semcot/models, else
// the source tree's models/ (compiled in).
std::filesystem::path models_dir();

struct TrainRunParams {
    Preset preset;
    std::string task;          // overrides the preset's task when not empty
    std::filesystem::path out; // run folder
    torch::Device device = torch::kCPU;
    uint64_t seed = 0;
    bool resume = false; // continue an interrupted run in `out`
    // A finished run whose data, tokenizer, teacher, student and sentence transformer are
    // reused (copied): only the contemplation generator trains, e.g. for a fair ablation.
    // What it must hold: check_base_run (semcot/base_run.h).
    std::filesystem::path base;
    bool init_cg_from_base = false; // start the generator from base's trained one
};

using LogCallback = std::function<void(const std::string&)>;

// Trains everything the preset asks for into params.out. Progress and log lines go to the
// callbacks; returning false from progress stops at a safe point (Cancelled is thrown, the
// run folder stays resumable). An output folder that already holds a run (without resume) or
// an unusable base run throws before anything is written. Any other error marks the run
// failed in run.json ("status": "failed", "error": the message) and is rethrown; a resume
// retries a failed run.
void train_run(const TrainRunParams& params, const ProgressCallback& progress = {},
               const LogCallback& log = {});

// What `train_run` would choose for this preset and task before any model trains: the data
// splits and the tokenizer are made in a temporary folder, the lengths measured, and the fit
// (semcot/dataset_fit.h) returned; over-long examples are counted, not refused (the fit's
// over_long says what a run would do). Only for presets trained from scratch (InvalidArgument
// otherwise). `log` gets the data and tokenizer lines of a training run's log.
DatasetFit plan_dataset_fit(const Preset& preset, const std::string& task, uint64_t seed,
                            const LogCallback& log = {});

// The preset with a fit's sizes applied when it fitted (max_length of every stage, the
// models' max_position_embeddings at least max_length + 64, vocab_size), as a run trains it.
Preset fitted_preset(const Preset& preset, const DatasetFit& fit);

// A trained run, loaded for inference.
struct LoadedRun {
    std::filesystem::path folder;
    nlohmann::json info; // run.json
    LoadedModel teacher;
    std::unique_ptr<SentencePieceTokenizer> student_tokenizer;
    ContemplationGenerator generator{nullptr};
    SentenceTransformer st{nullptr};
    PromptTemplate prompts;
    Scorer scorer; // strict, kind inferred from the data
    std::vector<Example> split(const std::string& name) const; // "train" | "validation" | "test"
    // An inference context borrowing this run's models: greedy, at most max(160, the teacher's
    // training max_length) new tokens.
    InferenceContext inference_context();
};

LoadedRun load_run(const std::filesystem::path& folder, const torch::Device& device,
                   torch::ScalarType dtype = torch::kFloat32);

} // namespace semcot
