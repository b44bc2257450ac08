// The base run of a generator-only run (`semcot train --base RUN`, the training dialog's "Base
// run"): what a finished run must hold to be one, and the copy of its parts into the new run.
// No torch here: the training dialog checks a base run with it before anything starts.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace semcot {

// One reason a folder cannot be a base run.
struct BaseRunProblem {
    enum class Kind {
        no_folder,     // the folder does not exist
        no_run_json,   // no run.json: not a SemCoT run
        bad_run_json,  // run.json is not a JSON object
        not_finished,  // status is not "done" (detail: the status)
        in_training,   // being trained right now (detail: who, common/run_lock.h)
        stage_missing, // a stage the new run reuses is not in stages_done (detail: the stage)
        file_missing,  // a file the new run copies or reads is absent (detail: relative path)
        no_student,    // neither student/ nor a generator student usable as one
        no_generator,  // init_cg_from_base, but cg/ is incomplete (detail: relative path)
    };
    Kind kind = Kind::no_folder;
    std::string detail;
    std::string message() const; // English, for the CLI and logs
};

struct BaseRunCheck {
    std::vector<BaseRunProblem> problems; // empty: usable
    // The student the new run copies as its student/: base/student, or base/cg/student for runs
    // that keep only their generator's student (the shipped models/tiny-coinflip); relative.
    std::string student_source;
    bool ok() const { return problems.empty(); }
    std::string message() const; // the problems' messages joined with "; "
};

// What a generator-only run on `base` needs: a finished run.json whose stages_done has data,
// teacher and student; data/{train,validation,test}.json; teacher/{config.json,
// model.safetensors} and a tokenizer in teacher/ and student_tokenizer/ (tokenizer.model or
// tokenizer.json); a student (student/,
// else cg/student when the generator is not a copy of the teacher); with `init_cg_from_base`,
// the trained generator (cg/contemplation.json, cg/projection.safetensors, cg/student).
BaseRunCheck check_base_run(const std::filesystem::path& base, bool init_cg_from_base);

// Copies everything of the finished run `base` but its contemplation generator into `out`
// (data, tokenizers, teacher, student, sentence transformer), and marks those stages done in
// `info` (task, seed, stages_done, summaries, "base", "init_cg_from_base"). Throws InvalidArgument
// when check_base_run fails, IoError when a copy fails.
void copy_base_run(const std::filesystem::path& base, const std::filesystem::path& out,
                   bool init_cg_from_base, nlohmann::json& info,
                   const std::function<void(const std::string&)>& log = {});

} // namespace semcot
