#include "semcot/base_run.h"

#include "common/error.h"
#include "common/run_lock.h"
#include "common/platform.h"
#include "semcot/run_info.h"
#include "tokenizer/tokenizer.h"

#include <algorithm>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool model_folder(const fs::path& dir) {
    return fs::exists(dir / "config.json") && fs::exists(dir / "model.safetensors");
}

} // namespace

std::string BaseRunProblem::message() const {
    switch (kind) {
    case Kind::no_folder:
        return "the folder does not exist";
    case Kind::no_run_json:
        return "not a SemCoT run (no run.json)";
    case Kind::bad_run_json:
        return "run.json is not valid JSON";
    case Kind::not_finished:
        return "the run has not finished training (status '" + detail + "')";
    case Kind::in_training:
        return "the run is being trained right now by " + detail + ": wait for it to finish";
    case Kind::stage_missing:
        return "the run has no finished '" + detail + "' stage";
    case Kind::file_missing:
        return detail + " is missing";
    case Kind::no_student:
        return "the run keeps no student to train a new generator from (no student/, and its "
               "generator is not a student)";
    case Kind::no_generator:
        return "the run's contemplation generator is incomplete (" + detail + " is missing)";
    }
    return detail;
}

std::string BaseRunCheck::message() const {
    std::string out;
    for (const auto& p : problems) out += (out.empty() ? "" : "; ") + p.message();
    return out;
}

BaseRunCheck check_base_run(const fs::path& base, bool init_cg_from_base) {
    BaseRunCheck c;
    auto problem = [&c](BaseRunProblem::Kind kind, std::string detail = {}) {
        c.problems.push_back({kind, std::move(detail)});
    };
    using Kind = BaseRunProblem::Kind;
    if (base.empty() || !fs::is_directory(base)) {
        problem(Kind::no_folder);
        return c;
    }
    if (!fs::exists(base / "run.json")) {
        problem(Kind::no_run_json);
        return c;
    }
    RunInfo info;
    try {
        info = read_run_info(base);
    } catch (const std::exception&) {
        problem(Kind::bad_run_json);
        return c;
    }
    if (!info.done()) {
        if (const auto holder = run_folder_holder(base))
            problem(Kind::in_training, holder->describe());
        else
            problem(Kind::not_finished, info.status);
        return c;
    }
    for (const char* stage : {"data", "teacher", "student"})
        if (!info.has_stage(stage)) problem(Kind::stage_missing, stage);
    for (const char* file : {"data/train.json", "data/validation.json", "data/test.json",
                             "teacher/config.json", "teacher/model.safetensors"})
        if (!fs::exists(base / file)) problem(Kind::file_missing, file);
    for (const char* folder : {"teacher", "student_tokenizer"})
        if (!has_tokenizer(base / folder))
            problem(Kind::file_missing, std::string(folder) + "/tokenizer.model or tokenizer.json");
    if (info.has_stage("st"))
        for (const char* file :
             {"st/sentence_transformer.json", "st/sentence_transformer.safetensors"})
            if (!fs::exists(base / file)) problem(Kind::file_missing, file);
    // The student a fresh generator starts from. Runs of the current code keep it as student/;
    // older ones (the shipped run) keep only the generator's student, which started as that
    // student and has its shape and vocabulary, unless the generator was a copy of the teacher.
    if (model_folder(base / "student"))
        c.student_source = "student";
    else if (model_folder(base / "cg/student") && !fs::exists(base / "generator_tokenizer"))
        c.student_source = "cg/student";
    else
        problem(Kind::no_student);
    if (init_cg_from_base)
        for (const char* file : {"cg/contemplation.json", "cg/projection.safetensors",
                                 "cg/student/config.json", "cg/student/model.safetensors"})
            if (!fs::exists(base / file)) problem(Kind::no_generator, file);
    return c;
}

void copy_base_run(const fs::path& base, const fs::path& out, bool init_cg_from_base, json& info,
                   const std::function<void(const std::string&)>& log) {
    const BaseRunCheck check = check_base_run(base, init_cg_from_base);
    if (!check.ok())
        throw InvalidArgument(base.string() + " cannot be a base run: " + check.message());
    const RunInfo b = read_run_info(base);
    auto copy = [&](const fs::path& from, const fs::path& to) {
        std::error_code ec;
        fs::create_directories(to, ec);
        if (!ec)
            fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing,
                     ec);
        if (ec)
            throw IoError("cannot copy " + from.string() + " to " + to.string() + ": " +
                          ec.message());
    };
    for (const char* folder : {"data", "tokenizer", "teacher", "student_tokenizer", "st"})
        if (fs::exists(base / folder)) copy(base / folder, out / folder);
    copy(base / check.student_source, out / "student");
    if (check.student_source != "student") {
        info["base_student"] = check.student_source;
        if (log)
            log("the base run keeps no student/: its generator's student (" + check.student_source +
                ") is the new generator's student");
    }
    info["base"] = fs::absolute(base).lexically_normal().string();
    info["init_cg_from_base"] = init_cg_from_base; // a resume needs it again
    info["task"] = b.task;
    info["seed"] = b.seed;
    info["stages_done"] = json::array();
    const json summary = b.json.value("summary", json::object());
    for (const std::string& stage : b.stages_done)
        if (stage != "cg") {
            info["stages_done"].push_back(stage);
            if (summary.contains(stage)) info["summary"][stage] = summary[stage];
        }
}

} // namespace semcot
