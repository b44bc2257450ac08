// Training any of the paper's baselines on a finished SemCoT run (issue 15): the one entry
// point of `semcot train --method NAME --base RUN` and of the desktop app's training dialog.
#pragma once

#include "semcot/inference.h"
#include "semcot/preset.h"
#include "semcot/run.h"
#include "train/progress.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace semcot {

// The settings a user picks; unset = the method's default.
struct BaselineSettings {
    std::optional<int64_t> epochs; // pause 3, softcot 3, codi 3; per stage: coconut 1, icot 1
    std::optional<double> lr;      // AdamW, 1e-3
    int64_t lora_r = 16;           // LoRA rank on q_proj, v_proj; alpha = 2 r (r 16, alpha 32)
    int64_t pause_tokens = 5;      // pause: N
    int64_t coconut_thoughts = 1;  // coconut: c, thoughts per replaced step
    int64_t coconut_max_stage = 3; // coconut: steps replaced at most
    int64_t codi_latents = 6;      // codi: N
    double codi_distill_weight = 20;
    int64_t icot_remove = 8;       // icot: reasoning tokens removed per stage
};

struct BaselineTrainParams {
    Method method = Method::pause;       // pause, softcot, coconut, codi or icot
    std::filesystem::path base;          // a finished SemCoT run
    std::filesystem::path out;           // empty: BASE/methods/METHOD
    torch::Device device = torch::kCPU;
    uint64_t seed = 0;
    bool resume = false;                 // continue an interrupted training in `out`
    BaselineSettings settings;
    // SoftCoT trains as a generator-only run of this preset (empty: the base run's own, from
    // its run.json); its contemplation settings (k) apply.
    std::optional<Preset> softcot_preset;
};

struct BaselineTrainResult {
    std::filesystem::path out;
    std::string description;  // e.g. "5 stages, last stage's best validation loss 0.12"
    nlohmann::json summary;   // method.json's (run.json's for SoftCoT) "summary"
    double seconds = 0;
};

// Trains the baseline and writes its folder (baselines/baseline.h; a run folder for SoftCoT).
// InvalidArgument for a method that is not a baseline, a base that is not a finished run, bad
// settings, or an output folder another training holds right now (common/run_lock.h: the
// folder is locked while this trains); Cancelled when `progress` says stop (resumable with `resume`); `log` gets the
// SoftCoT run's log lines.
BaselineTrainResult train_baseline(const BaselineTrainParams& params,
                                   const ProgressCallback& progress = {},
                                   const LogCallback& log = {});

} // namespace semcot
