// A run folder's run.json as plain data: what `semcot train` writes after every stage and what
// lists of runs, the desktop app and reports read back. No torch here, and no model is loaded.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace semcot {

struct RunInfo {
    nlohmann::json json = nlohmann::json::object(); // run.json as read
    std::string preset_name; // "preset_name": the preset file's stem
    std::string task;        // "task": coinflip, arithmetic, a dataset file or folder
    // "status": "training" (running, stopped or interrupted: resumable), "done", or "failed".
    std::string status;
    std::string error;                    // "error": why a failed run failed
    uint64_t seed = 0;                    // "seed"
    std::vector<std::string> stages_done; // "stages_done", in order (semcot/run_stage.h names)
    std::optional<double> cg_best_val_loss; // "summary.cg.best_val_loss": the generator's
    std::string base;                        // "base": the base run of a generator-only run
    bool init_cg_from_base = false;          // "init_cg_from_base"
    nlohmann::json preset = nlohmann::json::object(); // "preset": the preset as trained
    // The data-parallel processes of each training session: "provenance.world_size", then each
    // "resumed[].world_size" (1 where not recorded: one process). Part of the objective: the
    // per-rank batches weigh the generator's answer loss differently.
    std::vector<int64_t> world_sizes = {1};

    bool done() const { return status == "done"; }
    bool failed() const { return status == "failed"; }
    bool has_stage(const std::string& stage) const;
    // Implicit tokens at inference: the preset's contemplation.k_infer (default 1).
    int64_t k_infer() const;
    // The distinct world_sizes in order: "1", "2", or "1,2" for a run resumed with two ranks.
    std::string world_size_text() const;

    // Absent keys keep the defaults above; a key of the wrong type, or a document that is not
    // an object, throws FormatError naming `source` and the key.
    static RunInfo from_json(const nlohmann::json& json, const std::string& source);
};

// Reads <folder>/run.json. Throws IoError when it cannot be read, FormatError when it is not
// valid JSON or a key has the wrong type.
RunInfo read_run_info(const std::filesystem::path& folder);

// The files every finished run holds, relative to its folder: what opening a run needs. The
// folders in finished_run_tokenizers() hold a tokenizer besides (tokenizer.model or
// tokenizer.json, tokenizer/tokenizer.h).
const std::vector<std::string>& finished_run_files();
const std::vector<std::string>& finished_run_tokenizers();
// What of the above `run` lacks, relative paths ("teacher/tokenizer.model or tokenizer.json"
// for a tokenizer); empty when nothing.
std::vector<std::string> missing_run_files(const std::filesystem::path& run);

} // namespace semcot
