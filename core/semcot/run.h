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
//   .semcot.lock          held while a process trains the run (common/run_lock.h): its pid,
//                         host, start time and command
#pragma once

#include "data/dataset.h"
#include "engine/checkpoint.h"
#include "eval/prompts.h"
#include "eval/scoring.h"
#include "semcot/contemplation_generator.h"
#include "semcot/dataset_fit.h"
#include "semcot/preset.h"
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
// run folder stays resumable). An output folder that already holds a run (without resume), one
// that another process or thread is training right now, or an unusable base run throws
// InvalidArgument before anything is written. The folder is locked (OUT/.semcot.lock,
// common/run_lock.h) from then until this returns; with data parallel, by rank 0. Any other error marks the run
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

// A trained run, loaded for inference.
struct LoadedRun {
    std::filesystem::path folder;
    nlohmann::json info; // run.json
    LoadedModel teacher;
    std::unique_ptr<Tokenizer> student_tokenizer;
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
