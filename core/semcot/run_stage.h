// The stages of a run, and the seeds they draw from. No torch: the desktop app reads run
// folders with it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace semcot {

// The stages of a run, in order; run.json's "stages_done" lists the names of those done.
enum class RunStage {
    data,      // splits (data/*.json) with task features
    tokenizer, // from-scratch presets: the run's SentencePiece tokenizer
    fit,       // from-scratch presets: lengths measured, max_length fitted, over-long skipped
    teacher,   // trained from scratch or copied from a Hugging Face folder
    student,   // likewise, with <thought> added
    st,        // the sentence transformer (absent with no_st)
    cg,        // the contemplation generator
};
inline constexpr std::array<RunStage, 7> kRunStages = {
    RunStage::data,    RunStage::tokenizer, RunStage::fit, RunStage::teacher,
    RunStage::student, RunStage::st,        RunStage::cg};

constexpr const char* run_stage_name(RunStage stage) {
    switch (stage) {
    case RunStage::data: return "data";
    case RunStage::tokenizer: return "tokenizer";
    case RunStage::fit: return "fit";
    case RunStage::teacher: return "teacher";
    case RunStage::student: return "student";
    case RunStage::st: return "st";
    case RunStage::cg: return "cg";
    }
    return "";
}

inline std::optional<RunStage> run_stage_from_name(std::string_view name) {
    for (const RunStage s : kRunStages)
        if (name == run_stage_name(s)) return s;
    return std::nullopt;
}

// Every random choice of a run derives from its seed (`semcot train --seed`) by a fixed offset
// per use. The offsets are those the first runs were trained with, so a seed keeps giving the
// same run; the SemCoT stages' shuffles use the preset's semcot.seed instead (0 unless set).
enum class SeedUse {
    data_generation, // the built-in task generators
    data_sample,     // the sample of a dataset file ("examples")
    split,           // train / validation / test
    teacher_init,
    teacher_shuffle,
    student_init,
    student_shuffle,
    st_init,         // the sentence transformer's projection
    cg_init,         // the contemplation generator's projection (torch::manual_seed)
};

constexpr uint64_t derived_seed(uint64_t run_seed, SeedUse use) {
    switch (use) {
    case SeedUse::data_generation: return run_seed + 1;
    case SeedUse::data_sample: return run_seed + 7;
    case SeedUse::split: return run_seed + 42;
    case SeedUse::teacher_init: return run_seed + 100;
    case SeedUse::teacher_shuffle: return run_seed;
    case SeedUse::student_init: return run_seed + 200;
    case SeedUse::student_shuffle: return run_seed + 1;
    case SeedUse::st_init: return run_seed + 300;
    case SeedUse::cg_init: return run_seed + 400;
    }
    return run_seed;
}

} // namespace semcot
